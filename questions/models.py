import re
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from conferences.models import Conference, Participant, Unit
from core.models import SearchTextMixin
from core.text import search_fold, search_words, unique_slug


class Topic(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Topic, self.name, instance=self)
        super().save(*args, **kwargs)


TITLE_MAX_LENGTH = 255
BODY_MAX_LENGTH = 5000
# The reference number a member quotes (Question.reference), e.g. HNDT-2026-0042.
REFERENCE_RE = re.compile(r"HNDT-\d{4}-(?P<pk>\d{1,9})", re.IGNORECASE)


class QuestionQuerySet(models.QuerySet):
    def public(self):
        """Concerns anyone may read: approved or answered, in a published conference."""
        return self.filter(status__in=Question.Status.PUBLIC, conference__is_published=True)

    def search(self, query: str):
        """Accent- and case-insensitive search: every word of the query must occur in the title, content or topic.

        "chuyen doi so", "CHUYỂN ĐỔI SỐ" and "Chuyển đổi số" find the same rows; a reference such as HNDT-2026-0042
        finds that concern.
        """
        match = REFERENCE_RE.fullmatch(query.strip())
        if match:
            return self.filter(pk=int(match.group("pk")))
        words = search_words(query)
        if not words:
            return self
        # A word may also match the concern's topic ("chuyen doi so" finds the concerns filed under "Chuyển đổi số"):
        # the few topic names are folded here, in one small query.
        topics = [(pk, search_fold(name)) for pk, name in Topic.objects.values_list("pk", "name")]
        queryset = self
        for word in words:
            topic_ids = [pk for pk, name in topics if word in name]
            queryset = queryset.filter(Q(search_text__contains=word) | Q(topic_id__in=topic_ids))
        return queryset


class LiveState(models.TextChoices):
    QUEUED = "queued", _("In the queue")
    ON_SCREEN = "on_screen", _("On screen")
    SKIPPED = "skipped", _("Skipped")
    HIDDEN = "hidden", _("Hidden")


class Question(SearchTextMixin, models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        MERGED = "merged", _("Merged")
        ANSWERED = "answered", _("Answered")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    conference = models.ForeignKey(
        Conference, verbose_name=_("conference"), on_delete=models.CASCADE, related_name="questions"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="questions",
    )
    author_unit = models.ForeignKey(
        Unit,
        verbose_name=_("author's unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The author's unit at the time of submission."),
    )
    is_anonymous = models.BooleanField(
        _("anonymous"),
        default=False,
        help_text=_("Hide the author's name from the public, members and leaders. Organizers still see it."),
    )
    topic = models.ForeignKey(
        Topic, verbose_name=_("topic"), null=True, blank=True, on_delete=models.PROTECT, related_name="questions"
    )
    addressed_to_unit = models.ForeignKey(
        Unit,
        verbose_name=_("addressed to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="addressed_questions",
    )
    title = models.CharField(_("title"), max_length=255)
    body = models.TextField(_("content"), max_length=5000)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="duplicates",
    )
    support_count = models.PositiveIntegerField(_("supports"), default=0)
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The wording as the author wrote it, kept when organizers first edit the concern for clarity.
    original_title = models.CharField(_("original title"), max_length=255, blank=True)
    original_body = models.TextField(_("original content"), blank=True)
    edited_at = models.DateTimeField(_("edited by the organizers at"), null=True, blank=True)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("edited by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    # One form, one concern: a double-clicked submit sends the same token twice and the second finds the first.
    submission_token = models.UUIDField(_("submission token"), null=True, blank=True, unique=True, editable=False)
    # Accent-free lower-case copy of title and body ("chuyen doi so"), kept by save(); searched with LIKE, which a
    # trigram index serves on PostgreSQL, so the same query finds the same rows on SQLite and PostgreSQL.
    search_text = models.TextField(_("search text"), editable=False, blank=True, default="")
    SEARCH_FIELDS = ("title", "body")
    # The live dialogue (questions/services/live.py): where an approved concern stands in the room's queue.
    live_state = models.CharField(
        _("live state"), max_length=20, choices=LiveState.choices, default=LiveState.QUEUED, db_default="queued"
    )
    live_pinned = models.BooleanField(_("pinned"), default=False, db_default=False)
    live_responder = models.ForeignKey(
        Participant,
        verbose_name=_("answering now"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    live_changed_at = models.DateTimeField(_("live state changed at"), null=True, blank=True)

    # Who answers it (questions/services/answering.py): the leader the organizers assigned it to, and the unit whose
    # liaisons draft the answer for that leader to sign.
    assigned_leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_concerns",
    )
    drafting_unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit drafting the answer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="drafting_concerns",
    )
    assigned_at = models.DateTimeField(_("assigned at"), null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    # Stale-save check of the author's and the moderator's edit forms: raised by every edit through the services.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    objects = QuestionQuerySet.as_manager()

    # The audit trail. Not tracked: search_text (derived from title and body), support_count (an atomic counter that
    # equals the Support rows, which carry no history of their own: a support is a reversible click, not an edit) and
    # live_changed_at (a timestamp bumped by every move in the live queue; the live state itself is tracked).
    history = HistoricalRecords(excluded_fields=["search_text", "support_count", "live_changed_at"])

    class Meta:
        verbose_name = _("concern")
        verbose_name_plural = _("concerns")
        ordering = ["-submitted_at"]
        indexes = [
            models.Index(fields=["conference", "status", "-support_count"], name="question_by_support_idx"),
            models.Index(fields=["conference", "status", "-submitted_at"], name="question_by_time_idx"),
            models.Index(fields=["author", "-submitted_at"], name="question_by_author_idx"),
            models.Index(fields=["assigned_leader", "status"], name="question_by_assignee_idx"),
            # A conference's public list, newest or most supported first: the first page is read off the index
            # instead of sorting every public concern of the conference.
            models.Index(
                fields=["conference", "-submitted_at", "-id"],
                condition=Q(status__in=["approved", "answered"]),
                name="question_public_newest_idx",
            ),
            models.Index(
                fields=["conference", "-support_count", "-submitted_at", "-id"],
                condition=Q(status__in=["approved", "answered"]),
                name="question_public_supported_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="merged") | Q(duplicate_of__isnull=False), name="merged_question_has_target"
            ),
            models.CheckConstraint(condition=~Q(duplicate_of=models.F("pk")), name="question_not_duplicate_of_self"),
            models.UniqueConstraint(
                fields=["conference"], condition=Q(live_state="on_screen"), name="one_concern_on_screen_per_conference"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("questions:detail", kwargs={"pk": self.pk})

    @property
    def is_edited(self) -> bool:
        """Organizers have reworded the concern; the author's wording is in original_title/original_body."""
        return bool(self.original_title or self.original_body)

    @property
    def reference(self) -> str:
        """The reference number a member quotes, e.g. HNDT-2026-0042."""
        year = self.conference.starts_at.year if self.conference_id else self.submitted_at.year
        return f"HNDT-{year}-{self.pk:04d}"

    @property
    def has_public_status(self) -> bool:
        """Approved or answered; whether the public may read it also depends on the conference being published."""
        return self.status in self.Status.PUBLIC

    def clean(self):
        errors = {}
        if len(self.body or "") > BODY_MAX_LENGTH:
            errors["body"] = _("Keep the content under %(limit)d characters.") % {"limit": BODY_MAX_LENGTH}
        if self.status == self.Status.REJECTED and not self.rejection_reason.strip():
            errors["rejection_reason"] = _("Give the author a reason for the rejection.")
        if self.status == self.Status.MERGED and not self.duplicate_of_id:
            errors["duplicate_of"] = _("Choose the concern this one is merged into.")
        if self.duplicate_of_id:
            if self.pk and self.duplicate_of_id == self.pk:
                errors["duplicate_of"] = _("A concern cannot be merged into itself.")
            elif self.conference_id and self.duplicate_of.conference_id != self.conference_id:
                errors["duplicate_of"] = _("A concern can only be merged into a concern of the same conference.")
        if errors:
            raise ValidationError(errors)


# Status sets live on the enum, so that every caller names the same set.
# Readable by anyone once the conference is published.
Question.Status.PUBLIC = (Question.Status.APPROVED, Question.Status.ANSWERED)
# Still in play: counted on public pages, editable by moderators, possible merge targets.
Question.Status.ACTIVE = (Question.Status.PENDING, *Question.Status.PUBLIC)


class Support(models.Model):
    question = models.ForeignKey(Question, verbose_name=_("concern"), on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="supports"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("support")
        verbose_name_plural = _("supports")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["question", "user"], name="one_support_per_user_and_question"),
        ]

    def __str__(self):
        return f"{self.user} → {self.question}"


class Answer(SearchTextMixin, models.Model):
    class Kind(models.TextChoices):
        AT_CONFERENCE = "at_conference", _("At the conference")
        WRITTEN = "written", _("In writing")

    question = models.ForeignKey(Question, verbose_name=_("concern"), on_delete=models.CASCADE, related_name="answers")
    responder = models.ForeignKey(
        Participant,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.RESTRICT,
        related_name="answers",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = models.TextField(_("answer"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.AT_CONFERENCE)
    answered_at = models.DateTimeField(_("answered at"), default=timezone.now)
    is_published = models.BooleanField(_("published"), default=True)
    search_text = models.TextField(_("search text"), editable=False, blank=True, default="")
    SEARCH_FIELDS = ("body",)

    # Stale-save check of the correction form: raised by every correction through the services.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    history = HistoricalRecords(excluded_fields=["search_text"])

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["answered_at", "id"]
        indexes = [models.Index(fields=["-answered_at"], name="answer_recent_idx")]

    def __str__(self):
        return _("Answer to “%(question)s”") % {"question": self.question}

    def clean(self):
        if self.responder_id and self.question_id and self.responder.conference_id != self.question.conference_id:
            raise ValidationError({"responder": _("The responder must be a participant of the concern's conference.")})


DRAFT_MAX_LENGTH = 10000


class AnswerDraft(models.Model):
    """The answer a unit's liaison drafts for the assigned leader, who edits and publishes it in his or her own name.

    Never public: no page, export, feed or API but the drafting unit's, the leader's and the organizers' reads it.
    Published, it stays (with its history) linked to the answer it became.
    """

    question = models.OneToOneField(
        Question, verbose_name=_("concern"), on_delete=models.CASCADE, related_name="answer_draft"
    )
    body = models.TextField(_("draft answer"), max_length=DRAFT_MAX_LENGTH)
    unit = models.ForeignKey(
        Unit, verbose_name=_("drafted by unit"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)
    # Set when the unit sends the draft to the leader; cleared when it takes the draft back to rework it.
    ready_at = models.DateTimeField(_("sent to the leader at"), null=True, blank=True)
    answer = models.OneToOneField(
        Answer,
        verbose_name=_("published as"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="draft",
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("draft answer")
        verbose_name_plural = _("draft answers")
        ordering = ["-updated_at"]

    def __str__(self):
        return _("Draft answer to “%(question)s”") % {"question": self.question}

    @property
    def is_ready(self) -> bool:
        return self.ready_at is not None


class Conclusion(SearchTextMixin, models.Model):
    conference = models.OneToOneField(
        Conference, verbose_name=_("conference"), on_delete=models.CASCADE, related_name="conclusion"
    )
    number = models.CharField(_("number"), max_length=100, blank=True, help_text=_("For example 15-TB/SNV"))
    issued_on = models.DateField(_("issued on"))
    signed_by = models.ForeignKey(
        Participant,
        verbose_name=_("signed by"),
        null=True,
        blank=True,
        on_delete=models.RESTRICT,
        related_name="+",
    )
    body = models.TextField(_("content"))
    is_published = models.BooleanField(_("published"), default=False)
    search_text = models.TextField(_("search text"), editable=False, blank=True, default="")
    SEARCH_FIELDS = ("number", "body")
    # Raised by every save through the services: a form sent with an older number was edited by someone else meanwhile.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    history = HistoricalRecords(excluded_fields=["search_text"])

    class Meta:
        verbose_name = _("conclusion")
        verbose_name_plural = _("conclusions")
        ordering = ["-issued_on"]

    def __str__(self):
        return _("Conclusion of %(conference)s") % {"conference": self.conference}

    def get_absolute_url(self):
        return self.conference.get_absolute_url() + "#conclusion"

    def clean(self):
        if self.signed_by_id and self.conference_id and self.signed_by.conference_id != self.conference_id:
            raise ValidationError({"signed_by": _("The signer must be a participant of this conference.")})


class DirectiveQuerySet(models.QuerySet):
    def overdue(self, today=None):
        """Deadline passed and still to be worked on: neither closed nor reported done (waiting for the organizers)."""
        today = today or timezone.localdate()
        return self.filter(deadline__lt=today, status__in=Directive.Status.OPEN)

    def with_carried_to(self, readable: Q):
        """Where each directive was carried over to, among the copies the reader may read (`readable`, a Q on
        Directive): carried_to_pk, carried_to_order and carried_to_year, or None; no query of its own."""
        copies = Directive.objects.filter(readable, carried_from=OuterRef("pk")).order_by("-pk")
        return self.annotate(
            carried_to_pk=Subquery(copies.values("pk")[:1]),
            carried_to_order=Subquery(copies.values("order")[:1]),
            carried_to_year=Subquery(copies.values("conclusion__conference__starts_at__year")[:1]),
        )


class Directive(SearchTextMixin, models.Model):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        # A lead-unit liaison reported it done; it is done once an organizer confirms (or sent back to in progress).
        REPORTED_DONE = "reported_done", _("Reported done, awaiting confirmation")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")
        # Closed here and continued, with a new deadline, as a directive of a later conference's conclusion.
        CARRIED_OVER = "carried_over", _("Carried over")

    conclusion = models.ForeignKey(
        Conclusion, verbose_name=_("conclusion"), on_delete=models.CASCADE, related_name="directives"
    )
    order = models.PositiveSmallIntegerField(_("number"))
    content = models.TextField(_("content"))
    lead_unit = models.ForeignKey(
        Unit, verbose_name=_("lead unit"), on_delete=models.PROTECT, related_name="led_directives"
    )
    support_units = models.ManyToManyField(
        Unit, verbose_name=_("supporting units"), blank=True, related_name="supported_directives"
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0, validators=[MaxValueValidator(100)])
    related_questions = models.ManyToManyField(
        Question, verbose_name=_("related concerns"), blank=True, related_name="directives"
    )
    carried_from = models.ForeignKey(
        "self",
        verbose_name=_("carried over from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="carried_to",
    )
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    search_text = models.TextField(_("search text"), editable=False, blank=True, default="")
    SEARCH_FIELDS = ("content",)

    objects = DirectiveQuerySet.as_manager()

    history = HistoricalRecords(excluded_fields=["search_text"])

    class Meta:
        verbose_name = _("directive")
        verbose_name_plural = _("directives")
        ordering = ["conclusion", "order"]
        indexes = [
            models.Index(fields=["status", "deadline"], name="directive_status_deadline_idx"),
            models.Index(fields=["lead_unit", "status"], name="directive_unit_status_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["conclusion", "order"], name="directive_order_unique_per_conclusion"),
            models.CheckConstraint(condition=Q(progress__lte=100), name="directive_progress_0_100"),
        ]

    def __str__(self):
        return f"{self.order}. {self.content[:80]}"

    def get_absolute_url(self):
        return self.conclusion.get_absolute_url()

    @property
    def is_overdue(self) -> bool:
        return self.deadline is not None and self.deadline < timezone.localdate() and self.status in self.Status.OPEN

    def clean(self):
        errors = {}
        try:
            conclusion = self.conclusion  # may be an unsaved conclusion entered on the same page
        except Conclusion.DoesNotExist:
            conclusion = None
        if self.deadline and conclusion and conclusion.issued_on and self.deadline < conclusion.issued_on:
            errors["deadline"] = _("The deadline cannot be before the conclusion was issued.")
        if self.status in (self.Status.DONE, self.Status.REPORTED_DONE) and self.progress != 100:
            errors["progress"] = _("A directive that is done has progress 100%.")
        if errors:
            raise ValidationError(errors)


def evidence_upload_to(instance, filename: str) -> str:
    """A generated name (never the uploader's), keeping only a known extension: directives/evidence/2026/<uuid>.pdf."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    extension = extension if extension.isalnum() and len(extension) <= 5 else "bin"
    return f"directives/evidence/{timezone.now():%Y}/{uuid.uuid4().hex}.{extension}"


# Directives still to be worked on (they can be overdue), and those whose work is over here. A directive reported
# done is in neither: the unit's work is over, the organizers' confirmation is not.
Directive.Status.OPEN = (Directive.Status.NOT_STARTED, Directive.Status.IN_PROGRESS)
Directive.Status.CLOSED = (Directive.Status.DONE, Directive.Status.CANCELLED, Directive.Status.CARRIED_OVER)


class DirectiveUpdate(models.Model):
    directive = models.ForeignKey(
        Directive, verbose_name=_("directive"), on_delete=models.CASCADE, related_name="updates"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), validators=[MaxValueValidator(100)])
    status = models.CharField(_("status"), max_length=20, choices=Directive.Status.choices)
    note = models.TextField(_("note"), blank=True, max_length=BODY_MAX_LENGTH)
    evidence = models.FileField(_("evidence"), upload_to=evidence_upload_to, blank=True, max_length=255)
    evidence_name = models.CharField(_("original file name"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="directive_update_progress_0_100"),
        ]

    def __str__(self):
        return f"{self.directive} — {self.progress}%"

    def clean(self):
        if self.status in (Directive.Status.DONE, Directive.Status.REPORTED_DONE) and not self.note.strip():
            raise ValidationError({"note": _("Closing a directive needs a note on what was done.")})


class AnswerRevision(models.Model):
    """The earlier text of a corrected answer: each correction keeps what the answer said before."""

    answer = models.ForeignKey(Answer, verbose_name=_("answer"), on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField(_("earlier text"))
    responder = models.ForeignKey(
        Participant, verbose_name=_("answered by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Answer.Kind.choices)
    answered_at = models.DateTimeField(_("answered at"))
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("corrected by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    corrected_at = models.DateTimeField(_("corrected at"), default=timezone.now)

    class Meta:
        verbose_name = _("earlier answer text")
        verbose_name_plural = _("earlier answer texts")
        ordering = ["corrected_at", "id"]

    def __str__(self):
        return f"{self.answer_id} @ {self.corrected_at:%Y-%m-%d %H:%M}"


class DirectiveReminder(models.Model):
    """One reminder e-mail line sent: a directive, to a unit, on a day, of a kind. A second run that day finds it."""

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", _("Due within 7 days")
        OVERDUE = "overdue", _("Overdue")

    directive = models.ForeignKey(
        Directive, verbose_name=_("directive"), on_delete=models.CASCADE, related_name="reminders"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="+")
    sent_on = models.DateField(_("sent on"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("directive reminder")
        verbose_name_plural = _("directive reminders")
        ordering = ["-sent_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["directive", "unit", "sent_on", "kind"], name="one_reminder_per_directive_unit_day_kind"
            ),
        ]

    def __str__(self):
        return f"{self.directive_id} → {self.unit_id} ({self.kind}, {self.sent_on})"
