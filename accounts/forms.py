from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from accounts.importing import MAX_FILE_SIZE
from conferences.models import Profile, Unit
from core.text import normalize


class ProfileForm(forms.ModelForm):
    """A user's own name and e-mail address (User) with their position and phone (Profile); their unit is shown, not
    edited: the organizers record it."""

    position = forms.CharField(label=_("Position"), max_length=200, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)

    class Meta:
        model = get_user_model()
        fields = ["first_name", "last_name", "email"]
        labels = {
            "first_name": _("Family and middle names"),
            "last_name": _("Given name"),
            "email": _("E-mail address"),
        }
        help_texts = {
            "first_name": _("For example “Nguyễn Văn” in Nguyễn Văn An."),
            "last_name": _("For example “An” in Nguyễn Văn An."),
            "email": _("Notifications about your concerns are sent here."),
        }

    def __init__(self, *args, profile: Profile, **kwargs):
        # FormView always passes an (empty) initial dict: merge into it, or the saved position and phone are not
        # shown and saving the form clears them.
        saved = {"position": profile.position, "phone": profile.phone}
        kwargs["initial"] = {**saved, **(kwargs.get("initial") or {})}
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True

    def clean_phone(self):
        return normalize(self.cleaned_data.get("phone") or "")


class MemberCreateForm(forms.Form):
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        help_text=_("Letters, digits and @ . + - _ only, for example “nguyenvanan”."),
    )
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    email = forms.EmailField(label=_("E-mail address"), help_text=_("The link to set a password is sent here."))
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    position = forms.CharField(label=_("Position"), max_length=200, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(is_active=True)


class MemberImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or Excel (.xlsx) file"),
        help_text=_(
            "First row: username, full name, email, unit, position, phone (the Vietnamese names of the columns work "
            "too). The unit is a unit's name or short name. At most 1,000 members and 1 MB."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        if uploaded.size > MAX_FILE_SIZE:
            raise forms.ValidationError(_("The file is larger than 1 MB. Split it into smaller files."))
        if not uploaded.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        return uploaded


class MemberSearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
