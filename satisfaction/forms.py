from django import forms
from django.utils.translation import gettext_lazy as _

from satisfaction.models import COMMENT_MAX_LENGTH, REASON_MAX_LENGTH, Rating


class RatingForm(forms.ModelForm):
    """The author's rating of the answer: satisfied or not, and an optional comment."""

    class Meta:
        model = Rating
        fields = ["verdict", "comment"]
        labels = {"verdict": _("Are you satisfied with the answer?"), "comment": _("Comment (optional)")}
        widgets = {
            "verdict": forms.RadioSelect,
            "comment": forms.Textarea(attrs={"rows": 3, "maxlength": COMMENT_MAX_LENGTH}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["verdict"].choices = Rating.Verdict.choices
        # Written here, not in Meta, so that the limit is put into the text in the language of each request.
        self.fields["comment"].help_text = _(
            "What was missing, or what helped. Only you and the organizers read it. At most %(limit)d characters."
        ) % {"limit": COMMENT_MAX_LENGTH}


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Why does the concern need another answer?"),
        help_text=_("The reason is kept with the concern's history."),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
