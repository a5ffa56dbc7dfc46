"""Forms of the registry: an initiative's details, a progress update with photos and evidence, each step of the
lifecycle, and the list's filters. The rules themselves are the model's and the services'."""

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from conferences.forms import NormalizedTextMixin, PhotoField
from conferences.models import Unit
from conferences.permissions import conferences_readable_by
from core.forms import BoundedModelMultipleChoiceField, version_field
from initiatives import permissions
from initiatives.models import (
    BUDGET_MAX,
    DETAIL_FIELDS,
    MEMBER_COUNT_MAX,
    PHOTOS_PER_UPDATE,
    TEXT_MAX_LENGTH,
    Initiative,
)
from questions.forms_followup import DATE_WIDGET
from questions.models import Directive
from questions.permissions import directives_readable_q
from questions.services.followup import EVIDENCE_EXTENSIONS

User = get_user_model()


class PersonChoiceMixin:
    def label_from_instance(self, user):
        return user.get_full_name() or user.get_username()


class PersonChoiceField(PersonChoiceMixin, forms.ModelChoiceField):
    pass


class PeopleChoiceField(PersonChoiceMixin, BoundedModelMultipleChoiceField):
    pass


class DirectiveChoiceField(BoundedModelMultipleChoiceField):
    def label_from_instance(self, directive):
        year = directive.conclusion.conference.starts_at.year
        return f"{year} – {directive.order}. {directive.content[:90]}"


def active_people():
    return User.objects.filter(is_active=True).order_by("first_name", "last_name", "username")


class InitiativeForm(NormalizedTextMixin, forms.ModelForm):
    normalized_fields = ("name", "person_in_charge_name", "content", "expected_result", "place", "budget_source")
    person_in_charge = PersonChoiceField(label=_("Person in charge"), queryset=User.objects.none(), required=False)
    members = PeopleChoiceField(
        label=_("Members taking part"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("Those with an account; hold Ctrl (⌘ on a Mac) to choose several."),
    )
    member_count = forms.IntegerField(
        label=_("Number of members taking part"),
        required=False,
        min_value=0,
        max_value=MEMBER_COUNT_MAX,
        help_text=_("Everyone who takes part, with or without an account."),
        error_messages={
            "min_value": _("The number of members cannot be negative."),
            "max_value": _("The number of members may be at most %(limit_value)s."),
        },
    )
    budget = forms.IntegerField(
        label=_("Budget (VND)"),
        required=False,
        min_value=0,
        max_value=BUDGET_MAX,
        help_text=_("Optional, in đồng, digits only."),
        error_messages={
            "min_value": _("The budget cannot be negative."),
            "max_value": _("The budget may be at most %(limit_value)s đồng."),
            "invalid": _("Write the budget in đồng, digits only."),
        },
    )
    directives = DirectiveChoiceField(
        label=_("Directives it serves"),
        queryset=Directive.objects.none(),
        required=False,
        help_text=_("Hold Ctrl (⌘ on a Mac) to choose several."),
    )
    version = version_field()
    # The people together; the other fields follow in the order of DETAIL_FIELDS.
    field_order = ["name", "kind", "unit", "person_in_charge", "person_in_charge_name", "members"]

    class Meta:
        model = Initiative
        fields = [*DETAIL_FIELDS, "members", "directives"]
        widgets = {
            "content": forms.Textarea(attrs={"rows": 4}),
            "expected_result": forms.Textarea(attrs={"rows": 3}),
            "starts_on": DATE_WIDGET,
            "ends_on": DATE_WIDGET,
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        units = permissions.registrable_units(user)
        if self.instance.pk:
            units = Unit.objects.filter(pk__in=units.values("pk")) | Unit.objects.filter(pk=self.instance.unit_id)
        self.fields["unit"].queryset = units
        self.fields["unit"].empty_label = None if units.count() == 1 else "---------"
        self.fields["person_in_charge"].queryset = active_people()
        self.fields["members"].queryset = active_people()
        self.fields["conference"].queryset = conferences_readable_by(user)
        self.fields["directives"].queryset = (
            Directive.objects.filter(directives_readable_q(user))
            .select_related("conclusion__conference")
            .order_by("-conclusion__conference__starts_at", "order")
        )
        for name in ("content", "expected_result"):
            self.fields[name].max_length = TEXT_MAX_LENGTH
        if self.instance.pk and not self.is_bound:
            self.fields["version"].initial = self.instance.version

    def details(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in DETAIL_FIELDS}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePhotoField(PhotoField):
    """Several photos in one input, each checked and re-encoded as a conference photo is."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        files = [file for file in files if file]
        if len(files) > PHOTOS_PER_UPDATE:
            raise forms.ValidationError(
                _("Attach at most %(count)d photos to one update."), params={"count": PHOTOS_PER_UPDATE}
            )
        return [super(MultiplePhotoField, self).clean(file, initial) for file in files]


class InitiativeUpdateForm(NormalizedTextMixin, forms.Form):
    normalized_fields = ("note",)
    note = forms.CharField(
        label=_("Note"), required=False, max_length=TEXT_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 3})
    )
    photos = MultiplePhotoField(label=_("Photos"), required=False)
    evidence = forms.FileField(label=_("Evidence"), required=False, max_length=255)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["photos"].help_text = _(
            "Optional: up to %(count)d JPEG, PNG or WebP photos, at most %(size)s each."
        ) % {
            "count": PHOTOS_PER_UPDATE,
            "size": filesizeformat(settings.PHOTO_MAX_BYTES),
        }
        self.fields["photos"].widget.attrs["accept"] = ".jpg,.jpeg,.png,.webp"
        self.fields["evidence"].help_text = _("Optional: PDF, Word, Excel, JPEG or PNG, at most %(size)s.") % {
            "size": filesizeformat(settings.EVIDENCE_MAX_BYTES)
        }
        self.fields["evidence"].widget.attrs["accept"] = ",".join(f".{ext}" for ext in EVIDENCE_EXTENSIONS)

    # The evidence is checked by the service (questions' rule for evidence), which names the field in its error.


class StartForm(NormalizedTextMixin, forms.Form):
    normalized_fields = ("note",)
    note = forms.CharField(
        label=_("Note"), required=False, max_length=TEXT_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 3})
    )


class CompleteForm(NormalizedTextMixin, forms.Form):
    normalized_fields = ("result",)
    result = forms.CharField(
        label=_("Result achieved"), max_length=TEXT_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 4})
    )
    completed_on = forms.DateField(label=_("Completed on"), widget=DATE_WIDGET)


class RecogniseForm(NormalizedTextMixin, forms.Form):
    normalized_fields = ("decision_number",)
    level = forms.ChoiceField(label=_("Recognised"), choices=Initiative.Level.choices, widget=forms.RadioSelect)
    decision_number = forms.CharField(label=_("Decision number"), max_length=100, help_text=_("For example 15-QĐ/ĐTN."))
    decision_date = forms.DateField(label=_("Decision date"), widget=DATE_WIDGET)


class CancelForm(NormalizedTextMixin, forms.Form):
    normalized_fields = ("reason",)
    reason = forms.CharField(
        label=_("Reason for cancelling"), max_length=TEXT_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 3})
    )


STEP_FORMS = {"start": StartForm, "complete": CompleteForm, "recognise": RecogniseForm, "cancel": CancelForm}


class InitiativeFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    unit = forms.ModelChoiceField(
        label=_("Branch or unit"), queryset=Unit.objects.none(), required=False, empty_label=_("All units")
    )
    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(self, *args, years, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("All years")), *((year, year) for year in years)]
        self.fields["unit"].queryset = units
        self.fields["status"].choices = [("", _("All statuses")), *Initiative.Status.choices]
