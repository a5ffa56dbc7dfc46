"""The forms of the live moderator console: who answers the concern on screen, and the note of the answer."""

from django import forms
from django.utils.translation import gettext_lazy as _

from conferences.models import Conference
from questions.models import BODY_MAX_LENGTH


class LiveResponderForm(forms.Form):
    """Put a concern on screen, optionally naming the leader who answers it."""

    responder = forms.ModelChoiceField(
        queryset=None, required=False, label=_("Who answers"), empty_label=_("(not yet)")
    )

    def __init__(self, *args, conference: Conference, **kwargs):
        from questions.selectors import followup as selectors

        super().__init__(*args, **kwargs)
        self.fields["responder"].queryset = selectors.responders(conference=conference)


class LiveAnswerForm(LiveResponderForm):
    """Mark the concern on screen answered: the leader who answered and the secretary's short note."""

    note = forms.CharField(
        label=_("Short note of the answer"),
        required=False,
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional; the full answer can be completed later."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responder"].required = True
        self.fields["responder"].label = _("Answered by")
        # No leader chosen in advance: recording the wrong one would put words in another leader's mouth.
        self.fields["responder"].empty_label = _("— choose the leader who answered —")
