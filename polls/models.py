"""Live polls of a conference (asked of the room during the session) and its closing survey (asked afterwards).

Counts are never stored: results are aggregated from the votes and answers, so parallel votes cannot lose one.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from conferences.models import Conference

QUESTION_MAX_LENGTH = 300
OPTION_MAX_LENGTH = 120
MIN_OPTIONS = 2
MAX_OPTIONS = 8
RATING_VALUES = (1, 2, 3, 4, 5)
SURVEY_MAX_QUESTIONS = 10
SURVEY_TEXT_MAX_LENGTH = 2000


class Poll(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", _("Single choice")
        MULTIPLE = "multiple", _("Multiple choice")
        RATING = "rating", _("Rating from 1 to 5")

    class Status(models.TextChoices):
        PREPARED = "prepared", _("Prepared")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    conference = models.ForeignKey(
        Conference, on_delete=models.CASCADE, related_name="polls", verbose_name=_("conference")
    )
    question = models.CharField(_("question"), max_length=QUESTION_MAX_LENGTH)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.SINGLE)
    allow_anonymous = models.BooleanField(
        _("visitors without an account may vote"),
        default=False,
        help_text=_(
            "One vote per browser, remembered by a cookie: it cannot stop a visitor who clears it or uses "
            "another browser from voting again."
        ),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PREPARED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("poll")
        verbose_name_plural = _("polls")
        ordering = ["conference", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["conference"], condition=Q(status="open"), name="polls_one_open_poll_per_conference"
            ),
        ]

    def __str__(self):
        return self.question

    def get_absolute_url(self):
        return reverse("polls:list", kwargs={"slug": self.conference.slug}) + f"#poll-{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def has_options(self) -> bool:
        return self.kind != self.Kind.RATING


class PollOption(models.Model):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="options", verbose_name=_("poll"))
    label = models.CharField(_("option"), max_length=OPTION_MAX_LENGTH)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("poll option")
        verbose_name_plural = _("poll options")
        ordering = ["poll", "order", "pk"]

    def __str__(self):
        return self.label


class PollVote(models.Model):
    """One member's (or one browser's) vote; voting again replaces it, so a voter counts once whatever happens."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="votes", verbose_name=_("poll"))
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="poll_votes",
        verbose_name=_("voter"),
    )
    browser_key = models.CharField(_("browser key"), max_length=64, blank=True, editable=False)
    options = models.ManyToManyField(PollOption, blank=True, related_name="votes", verbose_name=_("options"))
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [
            models.UniqueConstraint(
                fields=["poll", "voter"], condition=Q(voter__isnull=False), name="polls_one_vote_per_member"
            ),
            models.UniqueConstraint(
                fields=["poll", "browser_key"], condition=~Q(browser_key=""), name="polls_one_vote_per_browser"
            ),
            models.CheckConstraint(
                condition=Q(voter__isnull=False) | ~Q(browser_key=""), name="polls_vote_has_a_voter"
            ),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5), name="polls_vote_rating_1_to_5"
            ),
        ]

    def __str__(self):
        return f"{self.poll_id}: {self.voter_id or 'browser'}"


class Survey(models.Model):
    """The closing survey of a conference: sent to the participants with accounts when the conference concludes."""

    conference = models.OneToOneField(
        Conference, on_delete=models.CASCADE, related_name="survey", verbose_name=_("conference")
    )
    intro = models.TextField(_("introduction"), blank=True, max_length=1000)
    invitations_sent_at = models.DateTimeField(_("invitations sent at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("closing survey")
        verbose_name_plural = _("closing surveys")

    def __str__(self):
        return str(self.conference)

    def get_absolute_url(self):
        return reverse("polls:survey", kwargs={"slug": self.conference.slug})

    @property
    def accepts_responses(self) -> bool:
        return self.conference.status == Conference.Status.CONCLUDED


class SurveyQuestion(models.Model):
    class Kind(models.TextChoices):
        RATING = "rating", _("Rating from 1 to 5")
        TEXT = "text", _("Free text")

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions", verbose_name=_("survey"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    prompt = models.CharField(_("question"), max_length=QUESTION_MAX_LENGTH)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.RATING)

    class Meta:
        verbose_name = _("survey question")
        verbose_name_plural = _("survey questions")
        ordering = ["survey", "order", "pk"]

    def __str__(self):
        return self.prompt


class SurveyResponse(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses", verbose_name=_("survey"))
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="survey_responses",
        verbose_name=_("respondent"),
    )
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        constraints = [
            models.UniqueConstraint(fields=["survey", "respondent"], name="polls_one_survey_response_each"),
        ]

    def __str__(self):
        return f"{self.survey_id}: {self.respondent_id}"


class SurveyAnswer(models.Model):
    response = models.ForeignKey(
        SurveyResponse, on_delete=models.CASCADE, related_name="answers", verbose_name=_("response")
    )
    question = models.ForeignKey(
        SurveyQuestion, on_delete=models.CASCADE, related_name="answers", verbose_name=_("question")
    )
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    text = models.TextField(_("answer"), blank=True, max_length=SURVEY_TEXT_MAX_LENGTH)

    class Meta:
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="polls_one_answer_per_question"),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="polls_survey_rating_1_to_5",
            ),
        ]

    def __str__(self):
        return f"{self.response_id}/{self.question_id}"
