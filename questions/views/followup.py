"""Follow-up pages: answers on record, the conclusion and its directives, the directives board, one directive with its
progress updates, evidence downloads and carry-over into the next conference.

Who may see and do what is asked of questions.permissions, whose get_* helpers return the object or raise.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import DetailView, ListView, TemplateView, View

from conferences.models import Conference
from core.forms import add_service_errors, rebase_stale_form
from core.stale import StaleEditError
from core.views import attachment_response
from questions import audit, permissions, services
from questions.forms_followup import (
    AnswerCorrectForm,
    AnswerForm,
    CarryOverForm,
    ConclusionForm,
    DirectiveFilterForm,
    DirectiveFormSet,
    DirectiveReviewForm,
    DirectiveUpdateForm,
)
from questions.models import Answer, AnswerDraft, Conclusion, Directive, Question
from questions.selectors import followup as followup_selectors
from questions.services.followup import DirectiveRow
from questions.views.concerns import query_without_page

# --- answers ---------------------------------------------------------------------------------------------------------


class AnswerCreateView(LoginRequiredMixin, View):
    template_name = "questions/followup/answer_form.html"

    def setup_objects(self):
        self.question = permissions.get_question_for_answerer(self.request.user, self.kwargs["pk"])
        self.organizer = permissions.can_answer_for_anyone(self.request.user)
        self.responder = (
            None
            if self.organizer
            else followup_selectors.responder_for(user=self.request.user, conference=self.question.conference)
        )
        # From the queue, or outside the live session, the answer is a written one.
        self.from_queue = self.request.GET.get("from") == "queue"
        self.live = self.question.conference.status == Conference.Status.IN_SESSION and not self.from_queue
        self.draft = (
            AnswerDraft.objects.filter(question=self.question, answer__isnull=True)
            .select_related("unit", "written_by")
            .first()
            if permissions.can_see_draft(self.request.user, self.question)
            else None
        )

    def refusal(self) -> str:
        if self.question.status not in Question.Status.PUBLIC:
            return _("Only an approved concern can be answered.")
        if not self.organizer and self.responder is None:
            return _(
                "You are not listed as a leader among this conference's participants, so you cannot answer in your "
                "own name. Ask the organizers to add you, or to record the answer for you."
            )
        return ""

    def form(self, data=None):
        initial = {"body": self.draft.body} if self.draft else {}
        return AnswerForm(
            data,
            initial=initial,
            conference=self.question.conference,
            choose_responder=self.organizer,
            live=self.live,
        )

    def render(self, form, status=200):
        context = {
            "question": self.question,
            "form": form,
            "refusal": self.refusal(),
            "responder": self.responder,
            "draft": self.draft,
            "written": "kind" not in form.fields or form.initial.get("kind") == Answer.Kind.WRITTEN,
            "back_url": reverse("questions:to_answer") if self.from_queue else self.question.get_absolute_url(),
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, *args, **kwargs):
        self.setup_objects()
        return self.render(self.form())

    def post(self, request, *args, **kwargs):
        self.setup_objects()
        form = self.form(request.POST)
        refusal = self.refusal()
        if refusal:
            form.is_valid()
            form.add_error(None, refusal)
            return self.render(form, status=400)
        if not form.is_valid():
            return self.render(form, status=400)
        try:
            services.answer_record(
                question=self.question,
                responder=form.cleaned_data.get("responder") or self.responder,
                recorded_by=request.user,
                body=form.cleaned_data["body"],
                kind=form.cleaned_data.get("kind") or Answer.Kind.WRITTEN,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.render(form, status=400)
        messages.success(request, _("The answer is published; the author has been notified."))
        return redirect("questions:to_answer") if self.from_queue else redirect(self.question)


class AnswerCorrectView(LoginRequiredMixin, View):
    template_name = "questions/followup/answer_correct.html"

    def render(self, form, status=200):
        context = {"question": self.answer.question, "answer": self.answer, "form": form}
        return render(self.request, self.template_name, context, status=status)

    def form(self, data=None):
        return AnswerCorrectForm(
            data,
            instance=self.answer,
            conference=self.answer.question.conference,
            choose_responder=permissions.can_answer_for_anyone(self.request.user),
        )

    def get(self, request, *args, **kwargs):
        self.answer = permissions.get_answer_for_corrector(request.user, kwargs["pk"], kwargs["answer_pk"])
        return self.render(self.form())

    def post(self, request, *args, **kwargs):
        self.answer = permissions.get_answer_for_corrector(request.user, kwargs["pk"], kwargs["answer_pk"])
        original = Answer.objects.get(pk=self.answer.pk)
        form = self.form(request.POST)
        if not form.is_valid():
            return self.render(form, status=400)
        try:
            services.answer_correct(
                answer=original,
                corrected_by=request.user,
                body=form.cleaned_data["body"],
                kind=form.cleaned_data["kind"],
                responder=form.cleaned_data.get("responder") or original.responder,
                version=form.cleaned_data.get("version"),
            )
        except ValidationError as exc:
            if isinstance(exc, StaleEditError):
                self.answer = Answer.objects.select_related("question__conference", "responder").get(pk=original.pk)
                rebase_stale_form(form, exc, self.answer.version)
                return self.render(form, status=409)
            add_service_errors(form, exc)
            return self.render(form, status=400)
        messages.success(request, _("The answer has been corrected; the earlier text stays in its history."))
        return redirect(original.question)


# --- conclusion ------------------------------------------------------------------------------------------------------


class ConclusionView(TemplateView):
    template_name = "questions/followup/conclusion.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        conference, conclusion = permissions.get_conclusion_for_reader(self.request.user, self.kwargs["slug"])
        context.update(
            {
                "conference": conference,
                "conclusion": conclusion,
                "directives": list(conclusion.directives.all()) if conclusion else [],
            }
        )
        return context


class ConclusionEditView(LoginRequiredMixin, View):
    template_name = "questions/followup/conclusion_form.html"

    def setup_objects(self):
        self.conference = permissions.get_conference_for_conclusion_writer(self.request.user, self.kwargs["slug"])
        self.conclusion = Conclusion.objects.filter(conference=self.conference).first() or Conclusion(
            conference=self.conference, issued_on=timezone.localdate(self.conference.starts_at)
        )

    def forms(self, data=None):
        form = ConclusionForm(data, instance=self.conclusion, conference=self.conference, prefix="conclusion")
        formset = DirectiveFormSet(
            data,
            instance=self.conclusion,
            prefix="directives",
            form_kwargs={"conference": self.conference},
            queryset=Directive.objects.filter(conclusion=self.conclusion if self.conclusion.pk else None)
            .select_related("carried_from__conclusion__conference")
            .prefetch_related("support_units", "related_questions")
            .order_by("order"),
        )
        return form, formset

    def render(self, form, formset, status=200):
        context = {"conference": self.conference, "conclusion": self.conclusion, "form": form, "formset": formset}
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, *args, **kwargs):
        self.setup_objects()
        return self.render(*self.forms())

    def post(self, request, *args, **kwargs):
        self.setup_objects()
        form, formset = self.forms(request.POST)
        # The conclusion form first: it puts the new date on the conclusion the directive rows check deadlines against.
        # The rows are validated even when the form is not, so that all the errors show at once.
        form_ok = form.is_valid()
        formset_ok = formset.is_valid()
        if not (form_ok and formset_ok):
            form.add_error(None, _("Nothing was saved: correct the errors below."))
            return self.render(form, formset, status=400)
        rows = []
        for row_form in formset.forms:
            data = row_form.cleaned_data
            if not data or (not row_form.instance.pk and not row_form.has_changed()):
                continue
            rows.append(
                DirectiveRow(
                    order=data.get("order"),
                    content=data.get("content", ""),
                    lead_unit=data.get("lead_unit"),
                    deadline=data.get("deadline"),
                    support_units=list(data.get("support_units") or []),
                    related_questions=list(data.get("related_questions") or []),
                    directive=row_form.instance if row_form.instance.pk else None,
                    delete=bool(data.get("DELETE")),
                )
            )
        try:
            services.conclusion_save(
                conference=self.conference,
                saved_by=request.user,
                number=form.cleaned_data["number"],
                issued_on=form.cleaned_data["issued_on"],
                signed_by=form.cleaned_data["signed_by"],
                body=form.cleaned_data["body"],
                directives=rows,
                version=form.cleaned_data.get("version"),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.render(form, formset, status=409 if isinstance(exc, StaleEditError) else 400)
        messages.success(request, _("The conclusion and its directives have been saved."))
        return redirect("conference_questions:conclusion", slug=self.conference.slug)


class ConclusionPublishView(LoginRequiredMixin, View):
    """GET asks for confirmation, POST publishes (or withdraws) the conclusion."""

    template_name = "questions/followup/conclusion_publish.html"

    def get_conclusion(self):
        conference = permissions.get_conference_for_conclusion_writer(self.request.user, self.kwargs["slug"])
        return get_object_or_404(Conclusion.objects.select_related("conference"), conference=conference)

    def get(self, request, *args, **kwargs):
        return render(request, self.template_name, {"conclusion": self.get_conclusion()})

    def post(self, request, *args, **kwargs):
        conclusion = self.get_conclusion()
        publish = request.POST.get("publish") == "1"
        try:
            services.conclusion_publish(conclusion=conclusion, user=request.user, publish=publish)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request, _("The conclusion is published.") if publish else _("The conclusion is no longer published.")
            )
        return redirect("conference_questions:conclusion", slug=conclusion.conference.slug)


# --- directives ------------------------------------------------------------------------------------------------------


def board_filters(request) -> tuple[DirectiveFilterForm, dict]:
    """The board's filter form and the filters it gave (junk values are dropped: the unfiltered board)."""
    conferences = followup_selectors.board_conferences(user=request.user)
    form = DirectiveFilterForm(request.GET or None, conferences=conferences)
    if not form.is_valid():
        return form, {}
    data = form.cleaned_data
    return form, {
        "conference": data["conference"],
        "unit": data["unit"],
        "status": data["status"],
        "overdue": data["overdue"],
    }


class DirectiveListView(LoginRequiredMixin, ListView):
    template_name = "questions/followup/directive_list.html"
    context_object_name = "directives"
    paginate_by = 20

    def get_queryset(self):
        self.filter_form, filters = board_filters(self.request)
        return followup_selectors.directives_for_board(user=self.request.user, **filters)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter_form"] = self.filter_form
        context["export_query"] = query_without_page(self.request)
        context["today"] = timezone.localdate()
        return context


class DirectiveDetailView(LoginRequiredMixin, DetailView):
    template_name = "questions/followup/directive_detail.html"
    context_object_name = "directive"

    def get_object(self, queryset=None):
        directive = permissions.get_directive_for_reader(self.request.user, self.kwargs["pk"])
        return directive

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        directive = self.object
        user = self.request.user
        context["support_units"] = list(directive.support_units.all())
        context["related_questions"] = list(
            directive.related_questions.filter(status__in=Question.Status.PUBLIC).select_related("conference")
            if not permissions.can_moderate(user)
            else directive.related_questions.select_related("conference")
        )
        context["updates"] = list(directive.updates.select_related("author").order_by("created_at", "pk"))
        context["carried_to"] = list(
            Directive.objects.filter(permissions.directives_readable_q(user))
            .filter(carried_from=directive)
            .select_related("conclusion__conference")
        )
        context["can_update"] = permissions.can_post_note(user, directive)
        context["can_change_progress"] = permissions.can_change_progress(user, directive)
        context["can_confirm_done"] = permissions.can_confirm_done(user, directive)
        context["audit_trail"] = (
            audit.directive_audit_trail(directive) if permissions.can_see_audit_trail(user) else None
        )
        if context["can_update"]:
            context["form"] = kwargs.get("form") or DirectiveUpdateForm(directive=directive, user=user)
        return context


class DirectiveUpdateView(LoginRequiredMixin, View):
    """POST a progress update (the form is on the directive's page)."""

    def get(self, request, *args, **kwargs):
        directive = permissions.get_directive_for_note(request.user, kwargs["pk"])
        return redirect(reverse("followup:directive", args=[directive.pk]) + "#update")

    def post(self, request, *args, **kwargs):
        directive = permissions.get_directive_for_note(request.user, kwargs["pk"])
        form = DirectiveUpdateForm(request.POST, request.FILES, directive=directive, user=request.user)
        if form.is_valid():
            try:
                services.directive_update_post(
                    directive=directive,
                    author=request.user,
                    status=form.cleaned_data.get("status") or directive.status,
                    progress=directive.progress
                    if form.cleaned_data.get("progress") is None
                    else form.cleaned_data["progress"],
                    note=form.cleaned_data["note"],
                    evidence=form.cleaned_data.get("evidence"),
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Your progress update has been posted."))
                return redirect("followup:directive", pk=directive.pk)
        view = DirectiveDetailView()
        view.setup(request, pk=directive.pk)
        view.object = permissions.get_directive_for_reader(request.user, directive.pk)
        context = view.get_context_data(form=form)
        return render(request, DirectiveDetailView.template_name, context, status=400)


class DirectiveReviewView(LoginRequiredMixin, View):
    """GET asks the organizer to confirm (or to give the reason for sending back); POST does it."""

    template_name = "questions/followup/directive_review.html"

    def form(self, data=None):
        return DirectiveReviewForm(data, send_back=self.kwargs["action"] == "send_back")

    def render(self, directive, form, status=200):
        report = directive.updates.filter(status=Directive.Status.REPORTED_DONE).select_related("author").last()
        context = {"directive": directive, "form": form, "action": self.kwargs["action"], "report": report}
        return render(self.request, self.template_name, context, status=status)

    def waiting(self, directive) -> bool:
        if directive.status == Directive.Status.REPORTED_DONE:
            return True
        messages.info(self.request, _("This directive is not waiting for confirmation."))
        return False

    def get(self, request, *args, **kwargs):
        directive = permissions.get_directive_for_reviewer(request.user, kwargs["pk"])
        if not self.waiting(directive):
            return redirect("followup:directive", pk=directive.pk)
        return self.render(directive, self.form())

    def post(self, request, *args, **kwargs):
        directive = permissions.get_directive_for_reviewer(request.user, kwargs["pk"])
        if not self.waiting(directive):
            return redirect("followup:directive", pk=directive.pk)
        form = self.form(request.POST)
        if form.is_valid():
            send_back = kwargs["action"] == "send_back"
            try:
                if send_back:
                    services.directive_send_back(
                        directive=directive, user=request.user, reason=form.cleaned_data["note"]
                    )
                else:
                    services.directive_confirm_done(
                        directive=directive, user=request.user, note=form.cleaned_data["note"]
                    )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("The directive is sent back to its unit, with your reason.")
                    if send_back
                    else _("The directive is confirmed done."),
                )
                return redirect("followup:directive", pk=directive.pk)
        return self.render(directive, form, status=400)


@login_required
def evidence_download(request, pk: int):
    """The evidence file of an update, as a download (never shown inline), to those who may read the directive."""
    update = permissions.get_update_for_evidence_reader(request.user, pk)
    return attachment_response(update.evidence, update.evidence_name)


# --- carry-over ------------------------------------------------------------------------------------------------------


class CarryOverView(LoginRequiredMixin, View):
    template_name = "questions/followup/carry_over.html"

    def get_form(self, conference, data=None):
        conclusion = Conclusion.objects.filter(conference=conference).only("is_published").first()
        return CarryOverForm(
            data,
            candidates=followup_selectors.carry_over_candidates(conference=conference),
            conclusion_published=bool(conclusion and conclusion.is_published),
        )

    def render(self, conference, form, status=200):
        candidates = list(form.fields["directives"].queryset)
        chosen = {str(pk) for pk in form.data.getlist("directives")} if form.is_bound else set()
        context = {"conference": conference, "form": form, "candidates": candidates, "chosen": chosen}
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, *args, **kwargs):
        conference = permissions.get_conference_for_conclusion_writer(request.user, kwargs["slug"])
        return self.render(conference, self.get_form(conference))

    def post(self, request, *args, **kwargs):
        conference = permissions.get_conference_for_conclusion_writer(request.user, kwargs["slug"])
        form = self.get_form(conference, request.POST)
        if form.is_valid():
            try:
                created = services.directive_carry_over(
                    conference=conference,
                    directives=form.cleaned_data["directives"],
                    user=request.user,
                    deadline=form.cleaned_data["deadline"],
                    confirm_public=form.cleaned_data.get("confirm_public", False),
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    ngettext(
                        "%(count)d directive carried over into this conference's conclusion; the original is closed "
                        "as carried over.",
                        "%(count)d directives carried over into this conference's conclusion; the originals are closed "
                        "as carried over.",
                        len(created),
                    )
                    % {"count": len(created)},
                )
                return redirect("conference_questions:conclusion_edit", slug=conference.slug)
        return self.render(conference, form, status=400)
