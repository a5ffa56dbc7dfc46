"""Form helpers every app uses: the hidden version of an edit form, bounded multiple choices, a service's errors."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import get_format
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from core.stale import StaleEditError

PRIMARY_KEY_RANGE = range(-(2**63), 2**63)


class BoundedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's multiple choice of records, refusing an id beyond 64 bits as an invalid choice: Django passes such a
    number on to a `pk__in` query, where SQLite raises OverflowError (a server error on a forged POST)."""

    def _check_values(self, value):
        for pk in value:
            try:
                out_of_range = int(str(pk)) not in PRIMARY_KEY_RANGE
            except ValueError:
                continue  # not a number: Django refuses it with its own message
            if out_of_range:
                raise ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": pk}
                )
        return super()._check_values(value)


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on the field it names, else above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def version_field() -> forms.IntegerField:
    """The hidden version an edit form was loaded with: the service refuses the save if the record changed since."""
    return forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0, max_value=2**31 - 1)


def rebase_stale_form(form: forms.BaseForm, error: StaleEditError, current_version: int) -> None:
    """Keep what the user typed, say why nothing was saved, and base the form on the current version: saving again
    then replaces the other person's change knowingly."""
    data = form.data.copy()
    data["version"] = str(current_version)
    form.data = data
    form.add_error(None, error.messages)


# --- dates and times typed as the department writes them -------------------------------------------------------------
# The browser's own date and time fields follow the browser's language (mm/dd/yyyy and AM/PM in an English browser),
# so the portal's date fields are text fields in one format everyone reads the same: 30/03/2023 and 08:00 (24-hour).
# The formats accepted are the Vietnamese format module's (dialogue_portal/formats/vi), whatever the interface language.


def _input_formats(kind: str) -> list[str]:
    return list(get_format(f"{kind.upper()}_INPUT_FORMATS", lang="vi"))


class _TypedDateTimeMixin:
    """A text field in a fixed format, with the numeric keyboard on a phone and the format as a hint."""

    kind = "date"

    def __init__(self, attrs=None):
        placeholder = {"date": "dd/mm/yyyy", "time": "HH:MM", "datetime": "dd/mm/yyyy HH:MM"}[self.kind]
        defaults = {
            "inputmode": "numeric",
            "autocomplete": "off",
            "placeholder": placeholder,
            "data-format": self.kind,
            "size": len(placeholder) + 2,
        }
        super().__init__(attrs={**defaults, **(attrs or {})}, format=self.output_format)


class DayMonthYearInput(_TypedDateTimeMixin, forms.DateInput):
    kind = "date"
    output_format = "%d/%m/%Y"


class TwentyFourHourInput(_TypedDateTimeMixin, forms.TimeInput):
    kind = "time"
    output_format = "%H:%M"


class DayMonthYearTimeInput(_TypedDateTimeMixin, forms.DateTimeInput):
    kind = "datetime"
    output_format = "%d/%m/%Y %H:%M"


FORMAT_HINTS = {
    "date": _("Day/month/year, for example 30/03/2023."),
    "time": _("24-hour time, for example 14:30."),
    "datetime": _("Day/month/year and 24-hour time, for example 30/03/2023 14:30."),
}


def typed_dates(form: forms.BaseForm) -> None:
    """Give every date, time and date-time field of ``form`` the text widget above, its input formats, its hint and a
    clear error: one call in a form's __init__ covers the fields a ModelForm made from the model."""
    for field in form.fields.values():
        if isinstance(field, forms.SplitDateTimeField):
            continue
        if isinstance(field, forms.DateTimeField):
            kind, widget = "datetime", DayMonthYearTimeInput
        elif isinstance(field, forms.DateField):
            kind, widget = "date", DayMonthYearInput
        elif isinstance(field, forms.TimeField):
            kind, widget = "time", TwentyFourHourInput
        else:
            continue
        if isinstance(field.widget, forms.HiddenInput):
            continue
        field.widget = widget(attrs={k: v for k, v in field.widget.attrs.items() if k not in ("type",)})
        field.input_formats = _input_formats(kind)
        field.error_messages["invalid"] = {
            "date": _("Write the date as day/month/year, for example 30/03/2023."),
            "time": _("Write the time as hours:minutes (24-hour), for example 14:30."),
            "datetime": _("Write the date and time as day/month/year hours:minutes, for example 30/03/2023 14:30."),
        }[kind]
        field.help_text = (
            format_lazy("{} {}", field.help_text, FORMAT_HINTS[kind]) if field.help_text else FORMAT_HINTS[kind]
        )


# --- long text: refused with a counter, never cut -------------------------------------------------------------------
# A maxlength attribute makes the browser cut what is pasted or typed beyond it without a word. The fields below send
# their limit as data-maxlength instead: static/js/forms.js shows a live count, and the server refuses the text that
# is too long with a message that says by how much.
COUNTED_MIN_LENGTH = 200
COUNTER_TEXT = _("%(count)s of %(limit)s characters")
COUNTER_OVER = _("%(count)s of %(limit)s characters: %(over)s too many, shorten the text")


def counted_text(form: forms.BaseForm) -> None:
    """Every visible text field of ``form`` with a limit of COUNTED_MIN_LENGTH characters or more gets the counter."""
    for field in form.fields.values():
        limit = getattr(field, "max_length", None)
        if not isinstance(field, forms.CharField) or not limit or limit < COUNTED_MIN_LENGTH:
            continue
        if not isinstance(field.widget, forms.TextInput | forms.Textarea):
            continue
        field.widget.attrs.pop("maxlength", None)
        field.widget.attrs["data-maxlength"] = str(limit)
        field.widget.attrs["data-counter-text"] = COUNTER_TEXT
        field.widget.attrs["data-counter-over"] = COUNTER_OVER
        field.error_messages["max_length"] = _(
            "This text is %(show_value)d characters long; at most %(limit_value)d characters are allowed. "
            "Please shorten it."
        )


class PortalFormMixin:
    """Dates in dd/mm/yyyy and 24-hour time, and long text with a counter: the portal's forms mix this in first."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        typed_dates(self)
        counted_text(self)
