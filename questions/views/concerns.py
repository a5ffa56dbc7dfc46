"""Concern pages: submit, my concerns, a conference's concerns, one concern, supports and the moderation queue.

Who may see and do what is asked of questions.permissions, whose get_* helpers return the object or raise.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django.views.generic import DetailView, FormView, ListView, TemplateView

from conferences import permissions as conference_permissions
from conferences.models import Conference, Unit
from core.forms import add_service_errors, rebase_stale_form
from core.stale import StaleEditError
from core.views import ServiceFormMixin
from questions import audit, permissions, services
from questions.forms import (
    BulkModerationForm,
    ClassificationForm,
    MergeForm,
    ModeratorEditForm,
    QuestionEditForm,
    QuestionFilterForm,
    QuestionSubmitForm,
    RejectForm,
)
from questions.models import AnswerDraft, Question, Support, Topic
from questions.selectors import concerns as selectors


def _safe_next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False):
        return target
    return default


def query_without_page(request) -> str:
    """The page's filters as a query string for its spreadsheet links (the page number means nothing there)."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def window_message(conference: Conference) -> str:
    """Why a conference does not take concerns right now, with the dates that matter."""
    now = timezone.now()
    if not conference.is_published:
        return _("This conference is not published, so it does not accept concerns.")
    if conference.status in Conference.Status.ACTIVE:
        if conference.questions_open_at and now < conference.questions_open_at:
            return _("Submissions open on %(date)s.") % {
                "date": timezone.localtime(conference.questions_open_at).strftime("%d/%m/%Y %H:%M")
            }
        if conference.questions_close_at and now >= conference.questions_close_at:
            return _("Submissions closed on %(date)s.") % {
                "date": timezone.localtime(conference.questions_close_at).strftime("%d/%m/%Y %H:%M")
            }
    if conference.status == Conference.Status.DRAFT:
        return _("This conference is still being prepared; submissions are not open yet.")
    return _("Submissions for this conference are closed.")


def _support_context(request, questions) -> dict:
    """What the support buttons need: the user's supports among these concerns (one query) and who may support."""
    user = request.user
    supported_ids = set()
    ids = [question.pk for question in questions]
    if user.is_authenticated and ids:
        supported_ids = set(
            Support.objects.filter(user=user, question_id__in=ids).values_list("question_id", flat=True)
        )
    return {"supported_ids": supported_ids, "can_participate": permissions.can_participate(user)}


# --- members: submit, follow, edit, withdraw ------------------------------------------------------------------------


class QuestionSubmitView(LoginRequiredMixin, ServiceFormMixin, FormView):
    template_name = "questions/question_form.html"
    form_class = QuestionSubmitForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.conference = conference_permissions.get_conference_for_reader(request.user, kwargs["slug"])
            if not permissions.can_participate(request.user):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["conference"] = self.conference
        context["accepts_questions"] = self.conference.accepts_questions and self.conference.is_published
        context["window_message"] = "" if context["accepts_questions"] else window_message(self.conference)
        return context

    def perform(self, data):
        question = services.question_submit(
            conference=self.conference,
            author=self.request.user,
            title=data["title"],
            body=data["body"],
            topic=data["topic"],
            addressed_to_unit=data["addressed_to_unit"],
            is_anonymous=data["is_anonymous"],
            submission_token=data["submission_token"],
        )
        return redirect("questions:submitted", pk=question.pk)


class QuestionSubmittedView(LoginRequiredMixin, TemplateView):
    """The confirmation with the reference number, shown to the author only."""

    template_name = "questions/question_submitted.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["question"] = permissions.get_question_for_author(self.request.user, self.kwargs["pk"])
        return context


class MyQuestionsView(LoginRequiredMixin, ListView):
    template_name = "questions/my_questions.html"
    context_object_name = "questions"
    paginate_by = 10

    def get_queryset(self):
        return selectors.concerns_of_author(user=self.request.user)


class QuestionUpdateView(LoginRequiredMixin, ServiceFormMixin, FormView):
    template_name = "questions/question_edit.html"
    form_class = QuestionEditForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.question = permissions.get_question_for_author(request.user, kwargs["pk"])
            if self.question.status != Question.Status.PENDING:
                messages.error(request, _("Only a pending concern can be changed."))
                return redirect("questions:mine")
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = Question.objects.get(pk=self.question.pk)  # the form must not change self.question
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["question"] = self.question
        return context

    def perform(self, data):
        services.question_update(
            question=self.question,
            author=self.request.user,
            title=data["title"],
            body=data["body"],
            topic=data["topic"],
            addressed_to_unit=data["addressed_to_unit"],
            is_anonymous=data["is_anonymous"],
            version=data.get("version"),
        )
        messages.success(self.request, _("Your changes have been saved."))
        return redirect("questions:mine")


class QuestionWithdrawView(LoginRequiredMixin, TemplateView):
    """GET asks for confirmation; POST withdraws."""

    template_name = "questions/question_withdraw.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.question = permissions.get_question_for_author(request.user, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["question"] = self.question
        return context

    def post(self, request, *args, **kwargs):
        try:
            services.question_withdraw(question=self.question, author=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("Concern %(reference)s has been withdrawn.") % {"reference": self.question.reference}
            )
        return redirect("questions:mine")


# --- reading: a conference's concerns, one concern, supports -----------------------------------------------------


class ConferenceQuestionListView(ListView):
    template_name = "questions/conference_questions.html"
    context_object_name = "questions"
    paginate_by = 20

    def get_queryset(self):
        self.conference = conference_permissions.get_conference_for_reader(self.request.user, self.kwargs["slug"])
        self.filters = QuestionFilterForm(self.request.GET or None)
        self.filters.is_valid()
        data = getattr(self.filters, "cleaned_data", {})
        return selectors.public_concerns(
            conference=self.conference,
            topic=data.get("topic"),
            status=data.get("status") or "",
            unit=data.get("unit"),
            query=data.get("q") or "",
            sort=data.get("sort") or selectors.SORT_NEWEST,
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["conference"] = self.conference
        context["filters"] = self.filters
        context["is_filtered"] = any(self.request.GET.get(key) for key in ("q", "topic", "status", "unit"))
        context["export_query"] = query_without_page(self.request)
        context.update(_support_context(self.request, context["questions"]))
        return context


class QuestionDetailView(DetailView):
    template_name = "questions/question_detail.html"
    context_object_name = "question"

    def get_object(self, queryset=None):
        return permissions.get_question_for_reader(self.request.user, self.kwargs["pk"], selectors.question_page())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        question = self.object
        user = self.request.user
        organizer = permissions.can_moderate(user)
        is_author = user.is_authenticated and question.author_id == user.pk
        context["is_author"] = is_author
        context["show_author"] = permissions.can_see_author(user, question)
        context["show_original"] = question.is_edited and (organizer or is_author)
        context["history"] = question_history(question)
        context["audit_trail"] = audit.question_audit_trail(question) if organizer else None
        context.update(answering_context(user, question))
        context.update(_support_context(self.request, [question] if question.has_public_status else []))
        return context


def answering_context(user, question: Question) -> dict:
    """Who answers the concern, its draft and the buttons, for those who may see them (no query for the others)."""
    assigned = question.assigned_leader_id is not None or question.drafting_unit_id is not None
    show = assigned and permissions.can_see_draft(user, question)
    return {
        "can_answer_this": question.has_public_status
        and permissions.can_answer(user)
        and permissions.can_answer_question(user, question),
        "can_assign_this": question.status == Question.Status.APPROVED and permissions.can_assign(user),
        "show_assignment": show,
        "can_write_draft": assigned and permissions.can_draft(user, question),
        "draft": AnswerDraft.objects.filter(question=question).first() if show else None,
    }


def question_history(question: Question) -> list[tuple]:
    """A simple timeline of the concern built from its fields: (time, label, detail)."""
    events = [(question.submitted_at, _("Submitted"), "")]
    if question.edited_at:
        events.append((question.edited_at, _("Reworded for clarity by the organizers"), ""))
    if question.withdrawn_at:
        events.append((question.withdrawn_at, _("Withdrawn by the author"), ""))
    if question.moderated_at:
        if question.status == Question.Status.REJECTED:
            events.append((question.moderated_at, _("Not accepted by the organizers"), question.rejection_reason))
        elif question.status == Question.Status.MERGED and question.duplicate_of:
            detail = _("Merged into %(reference)s") % {"reference": question.duplicate_of.reference}
            events.append((question.moderated_at, _("Merged with a similar concern"), detail))
        elif question.status != Question.Status.PENDING:
            events.append((question.moderated_at, _("Approved by the organizers"), ""))
    for answer in question.answers.all():
        events.append((answer.answered_at, _("Answered"), answer.responder.full_name if answer.responder else ""))
    return sorted(events, key=lambda event: event[0])


@require_POST
@login_required
def support_toggle_view(request, pk: int):
    """Support a concern or take the support back; htmx gets the button back, a plain form post is redirected."""
    question = permissions.get_question_for_reader(request.user, pk)
    if not permissions.can_participate(request.user):
        raise PermissionDenied
    error = ""
    try:
        services.support_toggle(question=question, user=request.user)
    except ValidationError as exc:
        error = " ".join(exc.messages)
    if request.htmx:
        question.refresh_from_db(fields=["support_count", "status"])
        context = _support_context(request, [question])
        context.update({"question": question, "support_error": error, "next_url": _safe_next(request, "")})
        return render(request, "questions/includes/_support_button.html", context)
    if error:
        messages.error(request, error)
    return HttpResponseRedirect(_safe_next(request, question.get_absolute_url()))


# --- moderation ----------------------------------------------------------------------------------------------------


MERGE_SUGGESTIONS = 30


class ModerationView(LoginRequiredMixin, ListView):
    template_name = "questions/moderation.html"
    context_object_name = "questions"
    # Each row carries its own forms (reject, merge, topic and unit with every unit as an option): ten keep a page of
    # a busy queue light, and the bulk actions work on the page shown.
    paginate_by = 10

    def get_queryset(self):
        self.conference = permissions.get_conference_for_moderator(self.request.user, self.kwargs["slug"])
        status = self.request.GET.get("status", "")
        self.status = status if status in Question.Status.values else Question.Status.PENDING
        return selectors.moderation_queue(conference=self.conference, status=self.status)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counts = selectors.concern_counts_by_status(conference=self.conference)
        context["conference"] = self.conference
        context["status"] = self.status
        context["status_label"] = Question.Status(self.status).label
        context["status_counts"] = [(value, label, counts.get(value, 0)) for value, label in Question.Status.choices]
        context["total"] = sum(counts.values())
        context["topics"] = list(Topic.objects.filter(is_active=True))
        context["units"] = list(Unit.objects.filter(is_active=True))
        # Suggestions only (any other can be typed by its reference): one list for the whole page, not one per row.
        context["merge_targets"] = list(
            selectors.merge_targets(conference_id=self.conference.pk).order_by("-support_count", "-pk")[
                :MERGE_SUGGESTIONS
            ]
        )
        context["can_act"] = self.status == Question.Status.PENDING
        context["can_edit"] = self.status in Question.Status.ACTIVE
        context["here"] = self.request.get_full_path()
        return context


def _moderation_url(conference: Conference) -> str:
    return reverse("conference_questions:moderate", kwargs={"slug": conference.slug})


def _approve(request, question: Question) -> str:
    services.question_approve(question=question, moderator=request.user)
    return _("Concern %(reference)s approved.") % {"reference": question.reference}


def _reject(request, question: Question) -> str:
    data = _form_or_raise(RejectForm(request.POST))
    services.question_reject(question=question, moderator=request.user, reason=data["reason"])
    return _("Concern %(reference)s rejected; the author has been told why.") % {"reference": question.reference}


def _merge(request, question: Question) -> str:
    data = _form_or_raise(MergeForm(request.POST, question=question))
    services.question_merge(question=question, into=data["into"], moderator=request.user)
    return _("Concern %(reference)s merged into %(target)s.") % {
        "reference": question.reference,
        "target": data["into"].reference,
    }


def _classify(request, question: Question) -> str:
    data = _form_or_raise(ClassificationForm(request.POST))
    services.question_set_classification(
        question=question, moderator=request.user, topic=data["topic"], addressed_to_unit=data["addressed_to_unit"]
    )
    return _("Topic and unit of %(reference)s saved.") % {"reference": question.reference}


MODERATION_ACTIONS = {"approve": _approve, "reject": _reject, "merge": _merge, "classify": _classify}


def _form_or_raise(form) -> dict:
    if not form.is_valid():
        raise ValidationError([error for errors in form.errors.values() for error in errors])
    return form.cleaned_data


@require_POST
@login_required
def moderate_action(request, slug: str, pk: int, action: str):
    """Run one moderation action from the queue and go back to it with a message."""
    conference = permissions.get_conference_for_moderator(request.user, slug)
    question = permissions.get_question_for_moderator(conference, pk)
    try:
        message = MODERATION_ACTIONS[action](request, question)
    except ValidationError as error:
        messages.error(request, f"{question.reference}: {' '.join(error.messages)}")
    else:
        messages.success(request, message)
    return HttpResponseRedirect(_safe_next(request, _moderation_url(conference)))


@require_POST
@login_required
def moderate_bulk(request, slug: str):
    conference = permissions.get_conference_for_moderator(request.user, slug)
    form = BulkModerationForm(request.POST, conference=conference)
    target = _safe_next(request, _moderation_url(conference))
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return HttpResponseRedirect(target)
    data = form.cleaned_data
    try:
        if data["action"] == BulkModerationForm.Action.APPROVE:
            done = services.question_bulk_approve(questions=data["questions"], moderator=request.user)
            message = ngettext("%(count)d concern approved.", "%(count)d concerns approved.", len(done))
        else:
            done = services.question_bulk_reject(
                questions=data["questions"], moderator=request.user, reason=data["reason"]
            )
            message = ngettext("%(count)d concern rejected.", "%(count)d concerns rejected.", len(done))
    except ValidationError as error:
        messages.error(request, _("Nothing was changed:") + " " + " ".join(error.messages))
    else:
        messages.success(request, message % {"count": len(done)})
    return HttpResponseRedirect(target)


class ModeratorEditView(LoginRequiredMixin, FormView):
    """Organizers reword a concern for clarity (the author's wording is kept) and set its topic and unit."""

    template_name = "questions/moderator_edit.html"
    form_class = ModeratorEditForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.conference = permissions.get_conference_for_moderator(request.user, kwargs["slug"])
            self.question = permissions.get_question_for_moderator(self.conference, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        question = self.question
        return {
            "title": question.title,
            "body": question.body,
            "topic": question.topic_id,
            "addressed_to_unit": question.addressed_to_unit_id,
            "version": question.version,
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["conference"] = self.conference
        context["question"] = self.question
        context["editable"] = self.question.status in Question.Status.ACTIVE
        context["back_url"] = _safe_next(self.request, _moderation_url(self.conference))
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            with transaction.atomic():
                services.question_edit_for_clarity(
                    question=self.question,
                    moderator=self.request.user,
                    title=data["title"],
                    body=data["body"],
                    version=data.get("version"),
                )
                services.question_set_classification(
                    question=self.question,
                    moderator=self.request.user,
                    topic=data["topic"],
                    addressed_to_unit=data["addressed_to_unit"],
                )
        except ValidationError as error:
            if isinstance(error, StaleEditError):
                self.question = Question.objects.select_related("conference").get(pk=self.question.pk)
                rebase_stale_form(form, error, self.question.version)
                return self.render_to_response(self.get_context_data(form=form), status=409)
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Concern %(reference)s saved.") % {"reference": self.question.reference})
        return HttpResponseRedirect(_safe_next(self.request, _moderation_url(self.conference)))
