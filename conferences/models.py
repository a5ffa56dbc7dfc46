import io
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.db.models import Q
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import SearchTextMixin
from core.text import fold, unique_slug


class Unit(models.Model):
    class Kind(models.TextChoices):
        DIVISION = "division", _("Division")
        BOARD = "board", _("Board")
        CENTRE = "centre", _("Centre")
        YOUTH_BRANCH = "youth_branch", _("Youth Union branch")
        PARTY_COMMITTEE = "party_committee", _("Party committee")
        LEADERSHIP = "leadership", _("Leadership")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=50, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.DIVISION)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    is_active = models.BooleanField(_("active"), default=True)
    # The name folded to plain letters, so "Đảng ủy Sở" sorts among the D's as in a Vietnamese list, not after "Z"
    # as the databases' byte order puts it; the same on SQLite and PostgreSQL.
    sort_name = models.CharField(_("sort name"), max_length=200, editable=False, db_index=True, default="")

    history = HistoricalRecords(excluded_fields=["sort_name"])

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["sort_name", "name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.sort_name = fold(self.name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "sort_name"}
        super().save(*args, **kwargs)

    def clean(self):
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk:
                raise ValidationError({"parent": _("A unit cannot be its own parent or ancestor.")})
            ancestor = ancestor.parent


class Profile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="profile"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), null=True, blank=True, on_delete=models.SET_NULL, related_name="profiles"
    )
    position = models.CharField(_("position"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")
        ordering = ["user__username"]

    def __str__(self):
        return self.user.get_full_name() or self.user.get_username()


class Liaison(models.Model):
    """A member appointed by the organizers as a unit's contact point (đầu mối) for its directives."""

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="liaisons")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("liaison"), on_delete=models.CASCADE, related_name="liaison_posts"
    )
    appointed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("appointed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    appointed_at = models.DateTimeField(_("appointed at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("liaison")
        verbose_name_plural = _("liaisons")
        ordering = ["unit__sort_name", "user__last_name", "user__first_name", "user__username"]
        constraints = [models.UniqueConstraint(fields=["unit", "user"], name="liaison_unique_per_unit")]

    def __str__(self):
        return f"{self.user.get_full_name() or self.user.get_username()} — {self.unit}"


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
def create_profile_for_new_user(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        Profile.objects.get_or_create(user=instance)


class ConferenceQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class Conference(SearchTextMixin, models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Accepting concerns")
        IN_SESSION = "in_session", _("In session")
        CONCLUDED = "concluded", _("Concluded")
        ARCHIVED = "archived", _("Archived")

    title = models.CharField(_("title"), max_length=255)
    slug = models.SlugField(_("slug"), max_length=255, unique=True, blank=True)
    theme = models.TextField(_("theme"), blank=True)
    description = models.TextField(_("description"), blank=True)
    venue = models.CharField(_("venue"), max_length=255, blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    organizer_unit = models.ForeignKey(
        Unit,
        verbose_name=_("organizer unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organized_conferences",
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    questions_open_at = models.DateTimeField(_("concerns open at"), null=True, blank=True)
    questions_close_at = models.DateTimeField(_("concerns close at"), null=True, blank=True)
    is_published = models.BooleanField(_("published"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Raised by every save through the services; an edit form carries the value it started from (stale-save check).
    # Moves with every change of what the live projector shows, in the transaction of the change: every app server
    # reads the same row, so none of them can answer "not modified" with an old queue.
    live_version = models.PositiveBigIntegerField(_("live version"), default=0, editable=False)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    # Title, theme and venue in search form ("doi thoai" finds "đối thoại" on SQLite and PostgreSQL alike).
    search_text = models.TextField(_("search text"), blank=True, editable=False)

    objects = ConferenceQuerySet.as_manager()

    SEARCH_FIELDS = ("title", "theme", "venue")
    RESERVED_SLUGS = frozenset({"new"})

    # The audit trail; search_text is derived from the tracked title, theme and venue.
    history = HistoricalRecords(excluded_fields=["search_text", "live_version"])

    class Meta:
        verbose_name = _("conference")
        verbose_name_plural = _("conferences")
        ordering = ["-starts_at"]
        indexes = [
            models.Index(fields=["is_published", "-starts_at"], name="conference_published_idx"),
            models.Index(fields=["status", "-starts_at"], name="conference_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="conference_ends_after_start"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Conference, self.title, instance=self)
            if self.slug in self.RESERVED_SLUGS:  # /conferences/new/ is the create page
                self.slug = unique_slug(Conference, f"{self.title} hoi nghi", instance=self)
        if (
            kwargs.get("update_fields") is None
            and self.pk
            and not self._state.adding
            and not kwargs.get("force_insert")
        ):
            # Only live_feed.bump moves the live version: a save of a copy loaded earlier (an admin form, a
            # script) must not write an older number back, or a projector could match an old queue.
            kwargs["update_fields"] = [
                f.name for f in self._meta.concrete_fields if not f.primary_key and f.name != "live_version"
            ]
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("conferences:detail", kwargs={"slug": self.slug})

    def clean(self):
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("The conference must end after it starts.")
        if self.questions_open_at and self.questions_close_at and self.questions_close_at <= self.questions_open_at:
            errors["questions_close_at"] = _("Concerns must close after they open.")
        elif self.questions_close_at and self.ends_at and self.questions_close_at > self.ends_at:
            errors["questions_close_at"] = _("Concerns cannot close after the conference ends.")
        if errors:
            raise ValidationError(errors)

    @property
    def accepts_questions(self) -> bool:
        if self.status not in (self.Status.OPEN, self.Status.IN_SESSION):
            return False
        now = timezone.now()
        if self.questions_open_at and now < self.questions_open_at:
            return False
        return not (self.questions_close_at and now >= self.questions_close_at)

    @property
    def chair(self):
        """The chair among the participants; uses the prefetched participants when there are any."""
        return next((p for p in self.participants.all() if p.role == Participant.Role.CHAIR), None)


# Running: accepting concerns, or in session.
Conference.Status.ACTIVE = (Conference.Status.OPEN, Conference.Status.IN_SESSION)


class Participant(models.Model):
    class Role(models.TextChoices):
        CHAIR = "chair", _("Chair")
        LEADER = "leader", _("Leader")
        DELEGATE = "delegate", _("Delegate")
        MEMBER = "member", _("Member")
        GUEST = "guest", _("Guest")
        SECRETARY = "secretary", _("Secretary")

    conference = models.ForeignKey(
        Conference, verbose_name=_("conference"), on_delete=models.CASCADE, related_name="participants"
    )
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    position = models.CharField(_("position"), max_length=255, blank=True)
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="participants"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="participations",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    attended = models.BooleanField(_("attended"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(full_name="") | Q(user__isnull=False), name="participant_has_name_or_user"
            ),
        ]

    def __str__(self):
        return f"{self.full_name} — {self.position}" if self.position else self.full_name

    def save(self, *args, **kwargs):
        if not self.full_name and self.user_id:
            self.full_name = self.user.get_full_name() or self.user.get_username()
        super().save(*args, **kwargs)

    def clean(self):
        if not self.full_name and not self.user_id:
            raise ValidationError(_("Choose an existing user or type the participant's name."))


# Who may answer concerns, on the record and live: the chair, the leaders and the delegates of units.
Participant.Role.RESPONDERS = (Participant.Role.CHAIR, Participant.Role.LEADER, Participant.Role.DELEGATE)


class AgendaItem(models.Model):
    class Kind(models.TextChoices):
        OPENING = "opening", _("Opening")
        REPORT = "report", _("Report")
        DIALOGUE = "dialogue", _("Dialogue")
        SPEECH = "speech", _("Speech")
        CONCLUSION = "conclusion", _("Conclusion")
        OTHER = "other", _("Other")

    conference = models.ForeignKey(
        Conference, verbose_name=_("conference"), on_delete=models.CASCADE, related_name="agenda_items"
    )
    order = models.PositiveSmallIntegerField(_("order"))
    starts_at = models.DateTimeField(_("starts at"), null=True, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    presenter = models.ForeignKey(
        Participant,
        verbose_name=_("presenter"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agenda_items",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["conference", "order"]
        constraints = [
            models.UniqueConstraint(fields=["conference", "order"], name="agenda_order_unique_per_conference"),
        ]

    def __str__(self):
        return f"{self.order}. {self.title}"

    def clean(self):
        if self.presenter_id and self.conference_id and self.presenter.conference_id != self.conference_id:
            raise ValidationError({"presenter": _("The presenter must be a participant of this conference.")})


THUMBNAIL_SIZE = (480, 320)


def thumbnail_upload_to(instance, filename: str) -> str:
    """A fresh name for every thumbnail, so browsers may cache one for long (/media/ sends a long lifetime)."""
    return f"conferences/thumbnails/{timezone.now():%Y}/{uuid.uuid4().hex}.jpg"


class Photo(models.Model):
    conference = models.ForeignKey(
        Conference, verbose_name=_("conference"), on_delete=models.CASCADE, related_name="photos"
    )
    image = models.ImageField(_("image"), upload_to="conferences/photos/%Y/")
    # A small copy made when the photo is saved: the conference page sends this, the full image only on a click.
    # Its size is stored by make_thumbnail(), not through width_field/height_field, which would open the file
    # whenever a row is loaded without them.
    thumbnail = models.ImageField(_("thumbnail"), upload_to=thumbnail_upload_to, blank=True, editable=False)
    thumbnail_width = models.PositiveSmallIntegerField(_("thumbnail width"), null=True, blank=True, editable=False)
    thumbnail_height = models.PositiveSmallIntegerField(_("thumbnail height"), null=True, blank=True, editable=False)
    caption = models.CharField(_("caption"), max_length=500, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["order", "id"]

    def __str__(self):
        return self.caption or self.image.name

    def save(self, *args, **kwargs):
        if self.image and not self.thumbnail:
            self.make_thumbnail()
        super().save(*args, **kwargs)

    def make_thumbnail(self) -> None:
        """A JPEG of at most THUMBNAIL_SIZE, upright as the camera meant it; none when the image cannot be read."""
        from PIL import Image, ImageOps, UnidentifiedImageError

        try:
            self.image.open("rb")
            self.image.seek(0)
            with Image.open(self.image) as source:
                picture = ImageOps.exif_transpose(source).convert("RGB")
        except (OSError, UnidentifiedImageError, ValueError):
            return
        picture.thumbnail(THUMBNAIL_SIZE)
        buffer = io.BytesIO()
        picture.save(buffer, "JPEG", quality=82, optimize=True, progressive=True)
        self.thumbnail.save("thumbnail.jpg", ContentFile(buffer.getvalue()), save=False)
        self.thumbnail_width, self.thumbnail_height = picture.size

    @property
    def small_url(self) -> str:
        return (self.thumbnail or self.image).url
