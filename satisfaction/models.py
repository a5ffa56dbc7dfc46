"""Whether the member who raised a concern was satisfied with its answer, and the organizers' reopenings.

One rating per concern (the author's), held by a one-to-one key, so a second rating replaces the first and no figure
can count a concern twice.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from questions.models import Answer, Question

COMMENT_MAX_LENGTH = 1000
REASON_MAX_LENGTH = 1000


class Rating(models.Model):
    class Verdict(models.TextChoices):
        SATISFIED = "satisfied", _("Satisfied")
        UNSATISFIED = "unsatisfied", _("Not satisfied")

    question = models.OneToOneField(
        Question, verbose_name=_("concern"), on_delete=models.CASCADE, related_name="rating"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("rated by"), on_delete=models.CASCADE, related_name="answer_ratings"
    )
    # The newest published answer when the rating was given: a reopened concern answered again is rated anew.
    answer = models.ForeignKey(
        Answer, verbose_name=_("answer rated"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verdict = models.CharField(_("rating"), max_length=20, choices=Verdict.choices)
    comment = models.TextField(_("comment"), max_length=COMMENT_MAX_LENGTH, blank=True)
    # The period for changing one's mind counts from here.
    rated_at = models.DateTimeField(_("rated at"), default=timezone.now)
    changed_at = models.DateTimeField(_("changed at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("satisfaction rating")
        verbose_name_plural = _("satisfaction ratings")
        ordering = ["-rated_at"]
        indexes = [models.Index(fields=["verdict"], name="rating_by_verdict_idx")]

    def __str__(self):
        return f"{self.question.reference}: {self.get_verdict_display()}"

    @property
    def is_satisfied(self) -> bool:
        return self.verdict == self.Verdict.SATISFIED


class Reopening(models.Model):
    """An organizer sent an answered concern back for another answer."""

    question = models.ForeignKey(
        Question, verbose_name=_("concern"), on_delete=models.CASCADE, related_name="reopenings"
    )
    reason = models.TextField(_("reason"), max_length=REASON_MAX_LENGTH)
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reopened by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reopened_at = models.DateTimeField(_("reopened at"), default=timezone.now)

    class Meta:
        verbose_name = _("reopening")
        verbose_name_plural = _("reopenings")
        ordering = ["-reopened_at"]

    def __str__(self):
        return f"{self.question.reference} · {self.reopened_at:%d/%m/%Y}"
