from django import forms
from django.utils.translation import gettext_lazy as _

from notifications.models import Notification


class EmailPreferencesForm(forms.Form):
    email_kinds = forms.MultipleChoiceField(
        label=_("Send me an e-mail when"),
        choices=Notification.Kind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Every notification also appears under Notifications in the portal; e-mail is optional."),
    )
