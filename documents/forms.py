from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import PortalFormMixin
from documents.models import OrganizationProfile


class OrganizationProfileForm(forms.ModelForm):
    public_url = forms.URLField(
        label=_("public address of the portal"),
        required=False,
        assume_scheme="https",
        max_length=200,
    )

    class Meta:
        model = OrganizationProfile
        fields = [
            "parent_body",
            "issuing_body",
            "code",
            "place_name",
            "youth_parent",
            "youth_branch",
            "youth_code",
            "youth_issues_plan",
            "chair_authority",
            "chair_title",
            "notice_authority",
            "notice_title",
            "notice_signer_name",
            "notice_working_days",
            "report_recipient",
            "public_url",
            "contact_name",
            "contact_email",
            "contact_phone",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", _("Save")))

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        if not code or any(c.isspace() or c in "/-" for c in code):
            raise forms.ValidationError(_("Write the code without spaces, slashes or hyphens, for example SNV."))
        return code

    def clean_youth_code(self):
        code = self.cleaned_data["youth_code"].strip()
        if any(c.isspace() or c in "/-" for c in code):
            raise forms.ValidationError(_("Write the code without spaces, slashes or hyphens, for example SNV."))
        return code


class IssueForm(PortalFormMixin, forms.Form):
    issued_on = forms.DateField(label=_("Date of issue"))
    expected_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=9999)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issued_on"].initial = timezone.localdate()
        self.helper = FormHelper()
        self.helper.form_tag = False


class ScanForm(forms.Form):
    scan = forms.FileField(label=_("Signed scan (PDF)"))
