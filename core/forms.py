"""Form helpers every app uses: the hidden version of an edit form, bounded multiple choices, a service's errors."""

from django import forms
from django.core.exceptions import ValidationError

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
