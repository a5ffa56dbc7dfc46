"""Forms of the conference pages: one page with the conference, its agenda, participants and photos; units."""

import datetime as dt
import hashlib
import io
import re
import warnings
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.forms import inlineformset_factory
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from PIL import Image, ImageOps

from conferences.models import AgendaItem, Conference, Liaison, Participant, Photo, Unit
from conferences.services import AgendaRow, ParticipantRow, PhotoRow, Row, participants_kept_by_records
from core.forms import PortalFormMixin
from core.text import ascii_slug, fold, normalize

AGENDA_MAX_ORDER = 999
AGENDA_MAX_ROWS = 100
PARTICIPANT_MAX_ROWS = 300
PHOTO_MAX_ROWS = 60

# Pillow format -> the file extension we store it under.
PHOTO_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
PHOTO_EXTENSIONS = {"jpg", "jpeg", "png", "webp"}
# Markup or script hidden in an otherwise valid picture (a "polyglot" file) is refused.
HIDDEN_PAYLOAD = re.compile(rb"<\?php|<script|<html|<svg|<iframe|<%@|<\?=", re.IGNORECASE)


class NormalizedTextMixin:
    """Store what users type NFC-normalised (some keyboards send decomposed Vietnamese)."""

    normalized_fields: tuple[str, ...] = ()

    def clean(self):
        cleaned_data = super().clean()
        for name in self.normalized_fields:
            if isinstance(cleaned_data.get(name), str):
                # Browsers send textarea line breaks as CRLF: store plain LF, so saving unchanged text changes nothing.
                cleaned_data[name] = normalize(cleaned_data[name]).replace("\r\n", "\n")
        return cleaned_data


def _set_choices(field: forms.ModelChoiceField, choices: list[tuple]) -> None:
    """Give a model choice field a ready list: rendering it then costs no query, however many rows show it."""
    field.choices = [("", "---------"), *choices]


# --- photos ----------------------------------------------------------------------------------------------------------


def validate_photo_upload(upload: UploadedFile) -> None:
    """A conference photo must really be a JPEG, PNG or WebP picture of reasonable size, and nothing else.

    Renames the upload to the extension of its real format (a PNG sent as .jpg is fine, and is stored as .png).
    """
    max_bytes = settings.PHOTO_MAX_BYTES
    max_pixels = settings.PHOTO_MAX_PIXELS
    not_allowed = ValidationError(_("Only JPEG, PNG or WebP photos can be uploaded."), code="format")
    if upload.size > max_bytes:
        raise ValidationError(
            _("The photo is %(size)s; a photo may be at most %(limit)s."),
            code="too_large",
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(max_bytes)},
        )
    if Path(upload.name).suffix.lower().lstrip(".") not in PHOTO_EXTENSIONS:
        raise not_allowed
    try:
        upload.seek(0)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                image_format, (width, height) = image.format, image.size
                if width * height > max_pixels:
                    raise ValidationError(
                        _("The photo is %(width)s × %(height)s pixels; a photo may have at most %(limit)s megapixels."),
                        code="too_many_pixels",
                        params={"width": width, "height": height, "limit": max_pixels // 1_000_000},
                    )
                image.verify()
    except Image.DecompressionBombError as exc:
        raise ValidationError(
            _("The photo has far too many pixels; a photo may have at most %(limit)s megapixels."),
            code="too_many_pixels",
            params={"limit": max_pixels // 1_000_000},
        ) from exc
    except ValidationError:
        raise
    except Exception as exc:  # Pillow raises many kinds of errors for files that are not pictures
        raise ValidationError(_("This file is not a photo, or it is damaged."), code="invalid") from exc
    if image_format not in PHOTO_FORMATS:
        raise not_allowed
    upload.seek(0)
    if HIDDEN_PAYLOAD.search(upload.read()):
        raise ValidationError(
            _("This file hides something other than a picture and cannot be uploaded."), code="disguised"
        )
    upload.seek(0)
    upload.name = f"{Path(upload.name).stem or 'photo'}.{PHOTO_FORMATS[image_format]}"


def reencode_photo(upload: UploadedFile) -> UploadedFile:
    """Store a fresh encoding of the picture, never the uploaded bytes: drops metadata (GPS, camera) and anything
    a crafted file might carry; turns the picture upright as the camera recorded it."""
    upload.seek(0)
    with Image.open(upload) as original:
        image_format = original.format
        image = ImageOps.exif_transpose(original)
        if image_format == "JPEG" and image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        output = io.BytesIO()
        options = {"quality": 88, "optimize": True} if image_format == "JPEG" else {}
        image.save(output, format=image_format, **options)
    return SimpleUploadedFile(upload.name, output.getvalue(), content_type=Image.MIME[image_format])


class PhotoField(forms.ImageField):
    """Django's image check, preceded by ours so every refusal says exactly what is wrong."""

    def to_python(self, data):
        if data and getattr(data, "name", None):
            # A short ASCII name: "Ảnh hội nghị (bản gốc).JPG" -> "anh-hoi-nghi-ban-goc.JPG"; fits the field's 100.
            path = Path(data.name)
            data.name = f"{ascii_slug(path.stem, max_length=60) or 'photo'}{path.suffix[:6]}"
        upload = forms.FileField.to_python(self, data)
        if upload is None:
            return None
        validate_photo_upload(upload)
        return super().to_python(reencode_photo(upload))


# --- the conference page ---------------------------------------------------------------------------------------------


class ConferenceForm(PortalFormMixin, NormalizedTextMixin, forms.ModelForm):
    normalized_fields = ("title", "theme", "description", "venue")
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    snapshot = forms.CharField(widget=forms.HiddenInput, required=False, max_length=1000)

    class Meta:
        model = Conference
        fields = [
            "title",
            "theme",
            "description",
            "venue",
            "starts_at",
            "ends_at",
            "organizer_unit",
            "questions_open_at",
            "questions_close_at",
        ]
        widgets = {
            "theme": forms.Textarea(attrs={"rows": 2}),
            "description": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "questions_open_at": _("Leave empty to open when the conference is opened for concerns."),
            "questions_close_at": _("Leave empty to close when the session starts."),
        }

    def __init__(self, *args, unit_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        if unit_choices is not None:
            _set_choices(self.fields["organizer_unit"], unit_choices)
        if self.instance.pk and not self.is_bound:
            # What the page starts from: the version for the stale-save check, the snapshot to tell what changed.
            self.fields["version"].initial = self.instance.version
            self.fields["snapshot"].initial = format_snapshot(conference_snapshot(self.instance))


class AgendaItemForm(PortalFormMixin, NormalizedTextMixin, forms.ModelForm):
    normalized_fields = ("title", "description")
    order = forms.IntegerField(label=capfirst(_("order")), required=False, min_value=1, max_value=AGENDA_MAX_ORDER)
    duration_minutes = forms.IntegerField(
        label=capfirst(_("duration (minutes)")), required=False, min_value=1, max_value=24 * 60
    )
    start_time = forms.TimeField(label=capfirst(_("start time")), required=False)

    class Meta:
        model = AgendaItem
        fields = ["order", "start_time", "duration_minutes", "title", "kind", "presenter", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, presenter_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        if presenter_choices is not None:
            _set_choices(self.fields["presenter"], presenter_choices)
        if self.instance.starts_at:
            self.initial.setdefault("start_time", timezone.localtime(self.instance.starts_at).time())


class AutoOrderFormSet(forms.BaseInlineFormSet):
    """Rows left without a number go last, in the order they were typed."""

    max_order = 32767

    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.fields[self.model._meta.pk.name].error_messages["invalid_choice"] = _(
            "Somebody else removed this row meanwhile. Tick “Delete” to drop it, or type it again as a new row."
        )

    def kept_forms(self) -> list[forms.Form]:
        return [
            f
            for f in self.forms
            if getattr(f, "cleaned_data", None)
            and (f.instance.pk or f.has_changed())
            and not (self.can_delete and self._should_delete_form(f))
        ]

    def clean(self):
        if any(self.errors):
            return
        kept = self.kept_forms()
        next_order = max((f.cleaned_data["order"] for f in kept if f.cleaned_data.get("order") is not None), default=0)
        for form in kept:
            if form.cleaned_data.get("order") is None:
                next_order += 1
                if next_order > self.max_order:
                    raise ValidationError(_("Number the rows yourself."), code="order_overflow")
                form.cleaned_data["order"] = form.instance.order = next_order
        super().clean()


class BaseAgendaFormSet(AutoOrderFormSet):
    max_order = AGENDA_MAX_ORDER

    def clean(self):
        if any(self.errors):
            return
        seen: set[int] = set()
        duplicates = set()
        for form in self.kept_forms():
            order = form.cleaned_data.get("order")
            if order is None:
                continue
            if order in seen:
                duplicates.add(order)
                form.add_error("order", _("Duplicate number."))
            seen.add(order)
        if duplicates:
            raise ValidationError(
                _("Two agenda items have the same number: %(numbers)s. Give each item its own number."),
                code="duplicate_order",
                params={"numbers": ", ".join(str(n) for n in sorted(duplicates))},
            )
        super().clean()


class ParticipantForm(NormalizedTextMixin, forms.ModelForm):
    normalized_fields = ("full_name", "position")
    order = forms.IntegerField(label=capfirst(_("order")), required=False, min_value=0, max_value=32767)

    class Meta:
        model = Participant
        fields = ["user", "full_name", "position", "unit", "role", "order", "attended"]

    def __init__(self, *args, user_choices=None, unit_choices=None, profiles=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.profiles = profiles or {}
        self.fields["user"].label = capfirst(_("user account"))
        if user_choices is not None:
            _set_choices(self.fields["user"], user_choices)
        if unit_choices is not None:
            _set_choices(self.fields["unit"], unit_choices)

    def _post_clean(self):
        if self.has_error(NON_FIELD_ERRORS, "no_name"):
            return  # the model's clean() and its check constraint would only say it twice more
        super()._post_clean()

    def clean(self):
        cleaned_data = super().clean()
        user = cleaned_data.get("user")
        if not user and not cleaned_data.get("full_name") and not self.has_error("full_name"):
            raise ValidationError(_("Choose an existing user or type the participant's name."), code="no_name")
        if user:
            if not cleaned_data.get("full_name"):
                cleaned_data["full_name"] = normalize(user.get_full_name() or user.get_username())
            unit_id, position = self.profiles.get(user.pk, (None, ""))
            if not cleaned_data.get("unit") and unit_id and "unit" not in self.errors:
                cleaned_data["unit"] = self.fields["unit"].queryset.filter(pk=unit_id).first()
            if not cleaned_data.get("position") and position:
                cleaned_data["position"] = position
        return cleaned_data


class BaseParticipantFormSet(AutoOrderFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        removed = {f.instance.pk: f for f in self.forms if f.instance.pk and self._should_delete_form(f)}
        if not removed:
            return
        kept = participants_kept_by_records(removed)
        for pk in kept:
            removed[pk].add_error(
                None,
                _("%(name)s answered concerns or signed the conclusion and stays on the list.")
                % {"name": removed[pk].instance.full_name},
            )
        if kept:
            raise ValidationError(_("Some participants cannot be removed."), code="in_use")


class PhotoForm(NormalizedTextMixin, forms.ModelForm):
    normalized_fields = ("caption",)
    order = forms.IntegerField(label=capfirst(_("order")), required=False, min_value=0, max_value=32767)

    class Meta:
        model = Photo
        fields = ["image", "caption", "order"]
        field_classes = {"image": PhotoField}
        widgets = {"image": forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit = settings.PHOTO_MAX_BYTES
        self.fields["image"].help_text = _("JPEG, PNG or WebP, at most %(limit)s.") % {"limit": filesizeformat(limit)}


def inline_rows_formset(parent, model, *, form, max_rows: int, formset=forms.BaseInlineFormSet, extra: int = 1):
    """The inline formset of the rows of a page: ``extra`` blank rows, rows may be deleted, at most ``max_rows``."""
    return inlineformset_factory(
        parent,
        model,
        form=form,
        formset=formset,
        fields=form._meta.fields,
        extra=extra,
        can_delete=True,
        max_num=max_rows,
        absolute_max=max_rows,  # a forged TOTAL_FORMS never builds more rows than allowed
        validate_max=True,
    )


AgendaFormSet = inline_rows_formset(
    Conference, AgendaItem, form=AgendaItemForm, formset=BaseAgendaFormSet, max_rows=AGENDA_MAX_ROWS
)
ParticipantFormSet = inline_rows_formset(
    Conference, Participant, form=ParticipantForm, formset=BaseParticipantFormSet, max_rows=PARTICIPANT_MAX_ROWS
)
PhotoFormSet = inline_rows_formset(Conference, Photo, form=PhotoForm, formset=AutoOrderFormSet, max_rows=PHOTO_MAX_ROWS)


def _user_label(user) -> str:
    name = user.get_full_name()
    return f"{name} ({user.get_username()})" if name else user.get_username()


def _participant_label(participant: Participant) -> str:
    return f"{participant.full_name}, {participant.position}" if participant.position else participant.full_name


def _name_key(user) -> tuple:
    """Vietnamese lists sort by the given name (stored in last_name), then the family and middle names."""
    return (fold(user.last_name), fold(user.first_name), user.get_username())


class ConferencePage:
    """The conference form and its three formsets: shown, validated and saved as one page.

    The choices of the select boxes (units, users, presenters) are read once for the whole page, so the page costs
    the same number of queries with 1 row or 100.
    """

    def __init__(self, *, instance: Conference, data=None, files=None):
        self.instance = instance
        self.is_bound = data is not None
        self.files_sent = bool(files)  # files chosen in a page that comes back with errors must be chosen again
        self.agenda, self.participants, self.photos = (
            formset(
                data, files, instance=instance, prefix=prefix, queryset=formset.model.objects.order_by("order", "pk")
            )
            for formset, prefix in (
                (AgendaFormSet, "agenda"),
                (ParticipantFormSet, "participants"),
                (PhotoFormSet, "photos"),
            )
        )
        participants = list(self.participants.get_queryset())
        units = list(Unit.objects.all())
        used_units = {p.unit_id for p in participants} | {instance.organizer_unit_id}
        unit_choices = [(u.pk, u.name if u.is_active else _("%(name)s (inactive)") % {"name": u.name}) for u in units]
        unit_choices = [c for c, u in zip(unit_choices, units, strict=True) if u.is_active or u.pk in used_units]
        User = get_user_model()
        used_users = {p.user_id for p in participants if p.user_id}
        users = User.objects.filter(is_active=True)
        if used_users:
            users = User.objects.filter(pk__in=used_users) | users
        users = sorted(users.select_related("profile"), key=_name_key)
        self.profiles = {
            u.pk: (u.profile.unit_id, u.profile.position) for u in users if getattr(u, "profile", None) is not None
        }
        user_choices = [(u.pk, _user_label(u)) for u in users]
        presenter_choices = [(p.pk, _participant_label(p)) for p in participants]

        self.form = ConferenceForm(data, files, instance=instance, unit_choices=unit_choices)
        self.agenda.form_kwargs = {"presenter_choices": presenter_choices}
        self.participants.form_kwargs = {
            "user_choices": user_choices,
            "unit_choices": unit_choices,
            "profiles": self.profiles,
        }

    @property
    def formsets(self):
        return [self.agenda, self.participants, self.photos]

    def is_valid(self) -> bool:
        if not hasattr(self, "_valid"):
            self._valid = self._validate()
        return self._valid

    def _validate(self) -> bool:
        valid = self.form.is_valid()
        valid = [formset.is_valid() for formset in self.formsets] + [valid]  # validate every part, then decide
        valid = all(valid)
        return self._check_presenters() and valid

    def _check_presenters(self) -> bool:
        """A participant removed on this page cannot stay the presenter of an agenda item."""
        if not self.participants.is_bound or any(self.participants.errors):
            return True
        removed = {
            f.instance.pk
            for f in self.participants.forms
            if f.instance.pk and getattr(f, "cleaned_data", {}).get("DELETE")
        }
        ok = True
        for form in self.agenda.forms:
            cleaned_data = getattr(form, "cleaned_data", {})
            presenter = cleaned_data.get("presenter")
            if presenter and presenter.pk in removed and not cleaned_data.get("DELETE"):
                form.add_error("presenter", _("This participant is being removed; choose another presenter."))
                ok = False
        return ok

    def to_service_kwargs(self) -> dict:
        """What the page says, as the plain values conference_create and conference_update take: the conference's
        fields, and a row for each agenda item, participant and photo that was added, changed or deleted."""
        if not self.is_valid():
            raise ValueError("to_service_kwargs() needs a valid page")
        return {
            **{name: self.form.cleaned_data[name] for name in ConferenceForm.Meta.fields},
            "agenda": _rows(self.agenda, AgendaRow),
            "participants": _rows(self.participants, ParticipantRow),
            "photos": _rows(self.photos, PhotoRow),
        }

    @property
    def submitted_version(self) -> int | None:
        try:
            return int(self.form.data.get("version", ""))
        except (TypeError, ValueError):
            return None


def _rows(formset: forms.BaseInlineFormSet, row_class: type[Row]) -> list[Row]:
    deleted = set(formset.deleted_forms)
    rows = []
    for form in formset.forms:
        saved = form.instance if form.instance.pk else None
        if form in deleted:
            if saved is not None:
                rows.append(row_class(instance=saved, delete=True))
        elif form.has_changed():
            fields = [name for name in form._meta.fields if name != formset.fk.name and name in form.cleaned_data]
            values = {name: form.cleaned_data[name] for name in fields}
            rows.append(row_class(instance=saved, values=values))
    return rows


# --- telling what somebody else changed (stale saves) ---------------------------------------------------------------

SECTIONS = {
    "agenda": ("agenda_items", _("Agenda")),
    "participants": ("participants", _("Participants")),
    "photos": ("photos", _("Photos")),
}


def _fingerprint(value) -> str:
    if isinstance(value, dt.datetime):  # the same instant, whichever time zone it was read in
        value = value.astimezone(dt.UTC).isoformat()
    return hashlib.sha256(repr(value).encode()).hexdigest()[:10]


def conference_snapshot(conference: Conference) -> dict[str, str]:
    """A fingerprint of every field on the page and of each section, to tell later what somebody else changed."""
    snapshot = {
        name: _fingerprint(getattr(conference, conference._meta.get_field(name).attname))
        for name in ConferenceForm.Meta.fields
    }
    for key, (relation, _label) in SECTIONS.items():
        snapshot[key] = _fingerprint(list(getattr(conference, relation).order_by("pk").values_list()))
    return snapshot


def format_snapshot(snapshot: dict[str, str]) -> str:
    return ";".join(f"{key}={value}" for key, value in snapshot.items())


def parse_snapshot(text: str) -> dict[str, str]:
    pairs = (part.partition("=") for part in (text or "").split(";"))
    return {key: value for key, _sep, value in pairs if key}


def _display(conference: Conference, name: str) -> str:
    value = getattr(conference, name)
    if value is None or value == "":
        return "—"
    if isinstance(value, dt.datetime):
        return date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    return str(value)


def changes_since(conference: Conference, started: dict[str, str]) -> list[tuple[str, str]]:
    """(what, its value saved now) for each field and section that changed since ``started`` was taken."""
    now = conference_snapshot(conference)
    changes = []
    for name in ConferenceForm.Meta.fields:
        if started.get(name) != now[name]:
            changes.append((capfirst(conference._meta.get_field(name).verbose_name), _display(conference, name)))
    for key, (relation, label) in SECTIONS.items():
        if started.get(key) != now[key]:
            count = getattr(conference, relation).count()
            changes.append(
                (label, ngettext("Changed; %(count)s row now", "Changed; %(count)s rows now", count) % {"count": count})
            )
    return changes


# --- units -----------------------------------------------------------------------------------------------------------


class UnitForm(NormalizedTextMixin, forms.ModelForm):
    normalized_fields = ("name", "short_name")

    class Meta:
        model = Unit
        fields = ["name", "short_name", "kind", "parent"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        parents = Unit.objects.filter(is_active=True)
        if self.instance.pk:
            parents = (parents | Unit.objects.filter(pk=self.instance.parent_id)).exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents.order_by("sort_name", "name")

    def validate_unique(self):
        super().validate_unique()
        name = self.cleaned_data.get("name")
        if name and "name" not in self.errors:
            others = Unit.objects.exclude(pk=self.instance.pk) if self.instance.pk else Unit.objects.all()
            if any(other.casefold() == name.casefold() for other in others.values_list("name", flat=True)):
                self.add_error("name", _("A unit with this name already exists."))


class LiaisonForm(forms.ModelForm):
    """Appoint a member as liaison of the unit the page is about."""

    class Meta:
        model = Liaison
        fields = ["user"]
        labels = {"user": _("Member")}
        help_texts = {"user": _("The liaison posts the unit's progress on its directives and receives its reminders.")}

    def __init__(self, *args, unit: Unit, **kwargs):
        super().__init__(*args, **kwargs)
        taken = Liaison.objects.filter(unit=unit).values("user")
        users = get_user_model().objects.filter(is_active=True).exclude(pk__in=taken)
        self.fields["user"].queryset = users
        self.fields["user"].choices = [
            ("", "---------"),
            *((u.pk, _user_label(u)) for u in sorted(users, key=_name_key)),
        ]


# What a primary key can hold in either database (64-bit signed integers).
