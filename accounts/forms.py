from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts import permissions
from accounts.importing import MAX_FILE_SIZE, PHONE_RE
from conferences.models import Profile, Unit
from core import roles
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


class MemberEditForm(forms.Form):
    """What an organizer corrects on a member's account, and the role they may give (member or leader; an admin
    may also make an organizer)."""

    full_name = forms.CharField(label=_("Full name"), max_length=150)
    email = forms.EmailField(label=_("E-mail address"))
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none(), required=False)
    position = forms.CharField(label=_("Position"), max_length=200, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    role = forms.ChoiceField(label=_("Role"))

    def __init__(self, *args, actor, account, **kwargs):
        profile = getattr(account, "profile", None)
        # FormView always passes an (empty) initial dict: merge into it, or the form opens blank.
        saved = {
            "full_name": account.get_full_name(),
            "email": account.email,
            "unit": profile.unit_id if profile else None,
            "position": profile.position if profile else "",
            "phone": profile.phone if profile else "",
            "role": roles.primary_role(account) or roles.Role.MEMBER,
        }
        kwargs["initial"] = {**saved, **(kwargs.get("initial") or {})}
        super().__init__(*args, **kwargs)
        # An inactive unit the member is still recorded in stays choosable, or saving would move them out of it.
        current = profile.unit_id if profile else None
        self.fields["unit"].queryset = Unit.objects.filter(Q(is_active=True) | Q(pk=current))
        labels = dict(roles.Role.choices)
        self.fields["role"].choices = [(role, labels[role]) for role in permissions.roles_given_by(actor)]

    def clean_phone(self):
        phone = normalize(self.cleaned_data.get("phone") or "")
        if phone and not PHONE_RE.match(phone):
            raise forms.ValidationError(_("%(phone)s is not a phone number.") % {"phone": phone})
        return phone


class MemberFilterForm(forms.Form):
    """The member list's filters. Without a role chosen it lists members and leaders, not the organizers' and
    administrators' accounts."""

    ROLE_CHOICES = [
        ("", _("Members and leaders")),
        (roles.Role.MEMBER, _("Members")),
        (roles.Role.LEADER, _("Leaders")),
        (roles.Role.ORGANIZER, _("Organizers")),
        (roles.Role.ADMIN, _("Administrators")),
        ("all", _("All accounts")),
    ]
    ACTIVE_CHOICES = [("", _("Any state")), ("1", _("Active")), ("0", _("Deactivated"))]

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    role = forms.ChoiceField(label=_("Role"), choices=ROLE_CHOICES, required=False)
    unit = forms.ModelChoiceField(
        label=_("Unit"),
        queryset=Unit.objects.all(),
        required=False,
        empty_label=_("All units"),
        widget=forms.Select(attrs={"class": "form-select", "id": "member-unit"}),
    )
    active = forms.ChoiceField(label=_("State"), choices=ACTIVE_CHOICES, required=False)
