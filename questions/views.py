from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView

from conferences.roles import is_organizer
from questions.models import Answer, Question


def _get_question_for_reader(user, pk: int) -> Question:
    """A concern is readable when public, by its author, and by organizers; anyone else gets 404."""
    queryset = Question.objects.select_related(
        "conference", "topic", "author", "author_unit", "addressed_to_unit", "duplicate_of"
    ).prefetch_related(
        Prefetch("answers", queryset=Answer.objects.filter(is_published=True).select_related("responder"))
    )
    if not is_organizer(user):
        readable = Q(status__in=[Question.Status.APPROVED, Question.Status.ANSWERED], conference__is_published=True)
        if user.is_authenticated:
            readable |= Q(author=user)
        queryset = queryset.filter(readable)
    return get_object_or_404(queryset, pk=pk)


class QuestionDetailView(DetailView):
    template_name = "questions/question_detail.html"
    context_object_name = "question"

    def get_object(self, queryset=None):
        return _get_question_for_reader(self.request.user, self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        question = self.object
        user = self.request.user
        context["show_author"] = not question.is_anonymous or is_organizer(user) or question.author_id == user.pk
        return context
