"""The answer queue: concerns waiting for a leader's answer or a unit's draft, the organizers' assignment, the draft.

Who may see and do what is asked of questions.permissions, whose get_* helpers return the object or raise.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView, ListView

from conferences.permissions import is_liaison_of
from core.views import ServiceFormMixin
from questions import permissions, services
from questions.forms_answering import AnswerDraftForm, AnswerQueueFilterForm, AssignForm
from questions.models import AnswerDraft
from questions.selectors import answering as selectors
from questions.views.concerns import _safe_next


class AnswerQueueView(LoginRequiredMixin, ListView):
    """/questions/to-answer/: a leader's concerns to answer, a liaison's to draft; organizers see every assignment."""

    template_name = "questions/answer_queue.html"
    context_object_name = "questions"
    paginate_by = 20

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not permissions.can_see_answer_queue(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        user = self.request.user
        self.everyone_assigned = permissions.can_assign(user)
        self.filters = AnswerQueueFilterForm(self.request.GET or None, with_source=not self.everyone_assigned)
        self.filters.is_valid()
        data = getattr(self.filters, "cleaned_data", {})
        return selectors.answer_queue(
            user=user,
            everyone_assigned=self.everyone_assigned,
            conference=data.get("conference"),
            topic=data.get("topic"),
            source=data.get("source") or "",
            draft=data.get("draft") or "",
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        for question in context["questions"]:
            question.to_answer = permissions.can_answer_question(user, question) and (
                self.everyone_assigned or permissions.is_for_leader(user, question)
            )
            question.to_draft = permissions.can_draft(user, question)
        context["filters"] = self.filters
        context["everyone_assigned"] = self.everyone_assigned
        context["is_filtered"] = any(self.request.GET.get(key) for key in ("conference", "topic", "source", "draft"))
        return context


class QuestionAssignView(LoginRequiredMixin, ServiceFormMixin, FormView):
    """Organizers assign an approved concern to a leader, and optionally to a unit to draft the answer."""

    template_name = "questions/question_assign.html"
    form_class = AssignForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.question = permissions.get_question_for_assigner(request.user, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "question": self.question}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["question"] = self.question
        context["assignable"] = self.question.status == self.question.Status.APPROVED
        return context

    def perform(self, data):
        question = services.question_assign(
            question=self.question, by=self.request.user, leader=data["leader"], drafting_unit=data["drafting_unit"]
        )
        if question.assigned_leader_id is None:
            messages.success(self.request, _("The assignment of %(reference)s is taken back.") % self._names(question))
        elif question.drafting_unit_id:
            messages.success(
                self.request,
                _("%(reference)s is assigned to %(leader)s; %(unit)s drafts the answer. They have been told.")
                % self._names(question),
            )
        else:
            messages.success(
                self.request, _("%(reference)s is assigned to %(leader)s, who has been told.") % self._names(question)
            )
        return HttpResponseRedirect(_safe_next(self.request, question.get_absolute_url()))

    @staticmethod
    def _names(question) -> dict:
        leader = question.assigned_leader
        return {
            "reference": question.reference,
            "leader": (leader.get_full_name() or leader.get_username()) if leader else "",
            "unit": question.drafting_unit or "",
        }


class AnswerDraftView(LoginRequiredMixin, ServiceFormMixin, FormView):
    """The draft answer: written by the drafting unit's liaisons, read by the leader who publishes it and organizers."""

    template_name = "questions/answer_draft.html"
    form_class = AnswerDraftForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.question = permissions.get_question_for_draft_reader(request.user, kwargs["pk"])
            self.draft = (
                AnswerDraft.objects.filter(question=self.question)
                .select_related("unit", "written_by", "answer")
                .first()
            )
            self.can_write = permissions.can_draft(request.user, self.question)
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if not self.can_write:
            raise PermissionDenied
        return super().post(request, *args, **kwargs)

    def get_initial(self):
        if self.draft is None:
            return {"version": 0}
        return {"body": self.draft.body, "version": self.draft.version}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context.update(
            {
                "question": self.question,
                "draft": self.draft,
                "can_write": self.can_write,
                "is_drafter": is_liaison_of(user, self.question.drafting_unit_id),
                "can_publish": permissions.can_publish_draft(user, self.question)
                and self.question.status == self.question.Status.APPROVED,
                "show_author": permissions.can_see_author(user, self.question),
            }
        )
        return context

    def perform(self, data):
        send = "send" in self.request.POST
        services.answer_draft_save(
            question=self.question, by=self.request.user, body=data["body"], send=send, version=data.get("version")
        )
        if send:
            messages.success(self.request, _("The draft has been sent to the leader, who has been told."))
        else:
            messages.success(self.request, _("The draft is saved. Send it to the leader when it is ready."))
        return redirect("questions:draft", pk=self.question.pk)
