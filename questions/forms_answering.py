"""Forms of the answer queue: its filters, the organizers' assignment, the unit's draft."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from conferences.models import Conference, Participant, Unit
from core.forms import version_field
from core.roles import leaders_q
from core.text import normalize
from questions.models import DRAFT_MAX_LENGTH, Question, Topic
from questions.selectors import answering as selectors


class AnswerQueueFilterForm(forms.Form):
    """The queue's filters (GET); unknown values are ignored, never an error page."""

    conference = forms.ModelChoiceField(
        label=_("Conference"), queryset=Conference.objects.none(), required=False, empty_label=_("All")
    )
    topic = forms.ModelChoiceField(
        label=_("Topic"), queryset=Topic.objects.none(), required=False, to_field_name="slug", empty_label=_("All")
    )
    source = forms.ChoiceField(
        label=_("Waiting because"),
        required=False,
        choices=[
            ("", _("All")),
            (selectors.SOURCE_ASSIGNED, _("Assigned to me")),
            (selectors.SOURCE_ADDRESSED, _("Addressed to my unit")),
            (selectors.SOURCE_DRAFTING, _("My unit drafts the answer")),
        ],
    )
    draft = forms.ChoiceField(
        label=_("Draft"),
        required=False,
        choices=[
            ("", _("All")),
            (selectors.DRAFT_READY, _("Draft ready")),
            (selectors.DRAFT_NONE, _("No draft ready")),
        ],
    )

    def __init__(self, *args, with_source: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["conference"].queryset = Conference.objects.filter(is_published=True).order_by("-starts_at")
        self.fields["topic"].queryset = Topic.objects.filter(is_active=True)
        if not with_source:
            del self.fields["source"]
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select"


class LeaderChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.get_username()


class AssignForm(forms.Form):
    """Organizers assign a concern to a leader who answers it, and optionally to a unit that drafts the answer."""

    leader = LeaderChoiceField(
        label=_("Leader who answers"),
        queryset=get_user_model().objects.none(),
        required=False,
        empty_label=_("— nobody (take the assignment back) —"),
        help_text=_("The conference's leaders with an account. The leader publishes the answer in his or her name."),
        error_messages={"invalid_choice": _("Choose one of the conference's leaders.")},
    )
    drafting_unit = forms.ModelChoiceField(
        label=_("Unit that drafts the answer (optional)"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("— none: the leader writes it —"),
        help_text=_(
            "The unit's liaisons write a draft and send it to the leader. Units without a liaison are not listed."
        ),
        error_messages={"invalid_choice": _("Choose an active unit with a liaison.")},
    )

    def __init__(self, *args, question: Question, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leader"].queryset = (
            get_user_model()
            .objects.filter(
                leaders_q(),
                is_active=True,
                participations__conference=question.conference_id,
                participations__role__in=Participant.Role.RESPONDERS,
            )
            .distinct()
            .order_by("first_name", "last_name", "username")
        )
        units = Unit.objects.filter(is_active=True, liaisons__isnull=False)
        if question.drafting_unit_id:
            units = units | Unit.objects.filter(pk=question.drafting_unit_id)
        self.fields["drafting_unit"].queryset = units.distinct()
        self.fields["leader"].initial = question.assigned_leader_id
        self.fields["drafting_unit"].initial = question.drafting_unit_id or question.addressed_to_unit_id


class AnswerDraftForm(forms.Form):
    body = forms.CharField(
        label=_("Draft answer"),
        max_length=DRAFT_MAX_LENGTH,
        help_text=_("The leader reads it, may change it and publishes it in his or her own name. It is never public."),
        error_messages={"required": _("Write the draft answer.")},
        widget=forms.Textarea(attrs={"rows": 10, "maxlength": DRAFT_MAX_LENGTH}),
    )
    version = version_field()

    def clean_body(self):
        body = normalize(self.cleaned_data.get("body") or "")
        if not body:
            raise forms.ValidationError(_("Write the draft answer."), code="required")
        return body
