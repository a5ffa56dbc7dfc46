"""The youth initiative registry (công trình, phần việc thanh niên): what a branch or unit registers, carries out and
has recognised, with its progress updates and their photos and evidence."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from conferences.models import Conference, Unit
from core.models import SearchTextMixin
from questions.models import Directive, evidence_upload_to

NAME_MAX_LENGTH = 255
TEXT_MAX_LENGTH = 5000
# The largest budget one initiative may state, in đồng: a typo of a few extra zeros is refused, not stored.
BUDGET_MAX = 100_000_000_000
MEMBER_COUNT_MAX = 10_000
PHOTOS_PER_UPDATE = 6
# The fields of an initiative that registering and editing set (the lifecycle's own fields are the steps').
DETAIL_FIELDS = (
    "name",
    "kind",
    "unit",
    "person_in_charge",
    "person_in_charge_name",
    "member_count",
    "content",
    "expected_result",
    "place",
    "starts_on",
    "ends_on",
    "budget",
    "budget_source",
    "conference",
)


class Initiative(SearchTextMixin, models.Model):
    class Kind(models.TextChoices):
        PROJECT = "project", _("Youth project")  # công trình thanh niên
        TASK = "task", _("Youth task")  # phần việc thanh niên

    class Status(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        IN_PROGRESS = "in_progress", _("In progress")
        COMPLETED = "completed", _("Completed")
        RECOGNISED = "recognised", pgettext_lazy("initiative status", "Recognised")
        CANCELLED = "cancelled", _("Cancelled")

    class Level(models.TextChoices):
        BRANCH = "branch", _("By the branch")
        HIGHER = "higher", _("By the level above")

    name = models.CharField(_("name of the initiative"), max_length=NAME_MAX_LENGTH)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.PROJECT)
    unit = models.ForeignKey(
        Unit, verbose_name=_("branch or unit"), on_delete=models.PROTECT, related_name="initiatives"
    )
    person_in_charge = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person in charge"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="initiatives_in_charge",
    )
    person_in_charge_name = models.CharField(
        _("name of the person in charge"),
        max_length=200,
        blank=True,
        help_text=_("When the person in charge has no account, or to write the name as it should appear."),
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("members taking part"), blank=True, related_name="initiatives_joined"
    )
    member_count = models.PositiveIntegerField(
        _("number of members taking part"),
        null=True,
        blank=True,
        help_text=_("Everyone who takes part, with or without an account."),
    )
    content = models.TextField(_("content"), max_length=TEXT_MAX_LENGTH)
    expected_result = models.TextField(_("expected result"), max_length=TEXT_MAX_LENGTH)
    place = models.CharField(_("place"), max_length=255, blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    budget = models.PositiveBigIntegerField(
        _("budget (VND)"), null=True, blank=True, validators=[MaxValueValidator(BUDGET_MAX)]
    )
    budget_source = models.CharField(_("source of the budget"), max_length=255, blank=True)
    conference = models.ForeignKey(
        Conference,
        verbose_name=_("launched at the conference"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="initiatives",
    )
    directives = models.ManyToManyField(
        Directive, verbose_name=_("directives it serves"), blank=True, related_name="initiatives"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.REGISTERED)
    result = models.TextField(_("result achieved"), max_length=TEXT_MAX_LENGTH, blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    recognition_level = models.CharField(_("recognised"), max_length=20, choices=Level.choices, blank=True)
    decision_number = models.CharField(_("decision number"), max_length=100, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    cancellation_reason = models.TextField(_("reason for cancelling"), max_length=TEXT_MAX_LENGTH, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("registered at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    # Accent-folded name, content, expected result, place and person in charge, for the list's search.
    search_text = models.TextField(_("search text"), blank=True, editable=False)

    SEARCH_FIELDS = ("name", "content", "expected_result", "place", "person_in_charge_name")

    history = HistoricalRecords(excluded_fields=["search_text"])

    class Meta:
        verbose_name = _("youth initiative")
        verbose_name_plural = _("youth initiatives")
        ordering = ["-starts_on", "-pk"]
        indexes = [
            models.Index(fields=["status", "-starts_on"], name="initiative_status_idx"),
            models.Index(fields=["unit", "-starts_on"], name="initiative_unit_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="initiative_ends_after_start"),
            models.CheckConstraint(
                condition=Q(budget__isnull=True) | Q(budget__gte=0, budget__lte=BUDGET_MAX),
                name="initiative_budget_range",
            ),
            models.CheckConstraint(
                condition=~Q(status="recognised") | (~Q(decision_number="") & Q(decision_date__isnull=False)),
                name="initiative_recognition_has_decision",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("initiatives:detail", kwargs={"pk": self.pk})

    def clean(self):
        errors = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("The initiative cannot end before it starts.")
        if not self.person_in_charge_id and not self.person_in_charge_name.strip():
            errors["person_in_charge_name"] = _("Choose the person in charge or type his or her name.")
        if errors:
            raise ValidationError(errors)

    @property
    def person_in_charge_label(self) -> str:
        """The name the registry shows: the one typed, else the account's."""
        if self.person_in_charge_name:
            return self.person_in_charge_name
        user = self.person_in_charge
        return (user.get_full_name() or user.get_username()) if user else ""

    @property
    def year(self) -> int:
        return self.starts_on.year


# The statuses of initiatives still being worked on (details may change, updates may be posted).
Initiative.Status.ACTIVE = (
    Initiative.Status.REGISTERED,
    Initiative.Status.IN_PROGRESS,
    Initiative.Status.COMPLETED,
)


def initiative_evidence_upload_to(instance, filename: str) -> str:
    """The directives' rule for evidence names (generated, a known extension), in the initiatives' folder."""
    return "initiatives/" + evidence_upload_to(instance, filename).split("/", 1)[1]


class InitiativeUpdate(models.Model):
    """A progress update, or the record of a step of the lifecycle (status differs from previous_status)."""

    initiative = models.ForeignKey(
        Initiative, verbose_name=_("initiative"), on_delete=models.CASCADE, related_name="updates"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    previous_status = models.CharField(_("status before"), max_length=20, choices=Initiative.Status.choices)
    status = models.CharField(_("status"), max_length=20, choices=Initiative.Status.choices)
    note = models.TextField(_("note"), blank=True, max_length=TEXT_MAX_LENGTH)
    evidence = models.FileField(_("evidence"), upload_to=initiative_evidence_upload_to, blank=True, max_length=255)
    evidence_name = models.CharField(_("original file name"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("initiative update")
        verbose_name_plural = _("initiative updates")
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.initiative} — {self.created_at:%d/%m/%Y}"

    @property
    def is_transition(self) -> bool:
        return self.status != self.previous_status


class InitiativePhoto(models.Model):
    update = models.ForeignKey(
        InitiativeUpdate, verbose_name=_("update"), on_delete=models.CASCADE, related_name="photos"
    )
    image = models.ImageField(_("image"), upload_to="initiatives/photos/%Y/")
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("initiative photo")
        verbose_name_plural = _("initiative photos")
        ordering = ["order", "id"]

    def __str__(self):
        return self.image.name
