import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from conferences.models import Unit
from core.forms import BoundedModelMultipleChoiceField, PortalFormMixin, version_field
from core.text import SEARCH_MAX_LENGTH, normalize
from questions.models import BODY_MAX_LENGTH, REFERENCE_RE, TITLE_MAX_LENGTH, Question, Topic
from questions.selectors import concerns as selectors

REASON_MAX_LENGTH = 2000


def _required_text(value: str, message: str) -> str:
    value = normalize(value or "")
    if not value:
        raise forms.ValidationError(message, code="required")
    return value


class QuestionForm(PortalFormMixin, forms.ModelForm):
    """What a member writes: topic, addressed unit (optional), title, content and the anonymous box."""

    class Meta:
        model = Question
        fields = ["topic", "addressed_to_unit", "title", "body", "is_anonymous"]
        labels = {
            "addressed_to_unit": _("Addressed to (optional)"),
            "is_anonymous": _("Submit anonymously"),
        }
        help_texts = {
            "addressed_to_unit": _("The division or board you think should answer, if you know it."),
            "is_anonymous": _(
                "Your name will be hidden from the public, from other members and from the leaders. "
                "The organizers still see it, so that they can contact you if needed."
            ),
            "title": _("One short sentence that sums up your concern."),
            "body": _("Explain the situation and what you propose. At most %(limit)d characters.")
            % {"limit": BODY_MAX_LENGTH},
        }
        widgets = {
            "body": forms.Textarea(attrs={"rows": 8}),
        }
        error_messages = {
            "title": {"required": _("Write a title.")},
            "body": {"required": _("Write the content of your concern.")},
            "topic": {
                "required": _("Choose a topic."),
                "invalid_choice": _("This topic does not exist; choose one from the list."),
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        topics = Topic.objects.filter(is_active=True)
        if self.instance.topic_id:
            topics = Topic.objects.filter(is_active=True) | Topic.objects.filter(pk=self.instance.topic_id)
        self.fields["topic"].queryset = topics
        self.fields["topic"].required = True
        self.fields["topic"].empty_label = _("— choose a topic —")
        self.fields["addressed_to_unit"].queryset = Unit.objects.filter(is_active=True)
        self.fields["addressed_to_unit"].empty_label = _("— not sure —")
        self.fields["title"].max_length = TITLE_MAX_LENGTH

    def clean_title(self):
        return _required_text(self.cleaned_data.get("title"), _("Write a title."))

    def clean_body(self):
        return _required_text(self.cleaned_data.get("body"), _("Write the content of your concern."))


class QuestionSubmitForm(QuestionForm):
    """The submit form carries a one-time token: a double-clicked submit saves one concern, not two."""

    submission_token = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)

    class Meta(QuestionForm.Meta):
        pass


class QuestionEditForm(QuestionForm):
    """The author's edit form: the concern's version travels with it, so a stale save is refused."""

    version = version_field()

    class Meta(QuestionForm.Meta):
        pass

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version


class RejectForm(PortalFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason for rejection"),
        help_text=_("The author sees this reason."),
        max_length=REASON_MAX_LENGTH,
        error_messages={"required": _("Give the author a reason for the rejection.")},
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_reason(self):
        return _required_text(self.cleaned_data.get("reason"), _("Give the author a reason for the rejection."))


class MergeForm(forms.Form):
    """The concern that stays, by its reference (HNDT-2026-0042) or number: a queue of thousands cannot offer every
    possible target in a list, so the page suggests the most supported ones and any other can be typed."""

    into = forms.CharField(
        label=_("Merge into"),
        max_length=30,
        error_messages={"required": _("Choose a concern of this conference that can still take others.")},
    )

    def __init__(self, *args, question: Question, **kwargs):
        super().__init__(*args, **kwargs)
        self.question = question

    def clean_into(self):
        text = self.cleaned_data["into"].strip()
        match = REFERENCE_RE.fullmatch(text)
        number = match.group("pk") if match else text.split(" ", 1)[0]
        target = None
        if number.isdigit() and int(number) < 2**31:
            target = (
                selectors.merge_targets(conference_id=self.question.conference_id)
                .exclude(pk=self.question.pk)
                .filter(pk=int(number))
                .first()
            )
        if target is None:
            raise forms.ValidationError(_("Choose a concern of this conference that can still take others."))
        return target


class ClassificationForm(forms.Form):
    topic = forms.ModelChoiceField(label=_("Topic"), queryset=Topic.objects.all(), required=False)
    addressed_to_unit = forms.ModelChoiceField(label=_("Addressed to"), queryset=Unit.objects.all(), required=False)


class ModeratorEditForm(PortalFormMixin, forms.Form):
    """Organizers reword a concern for clarity and classify it; the author's wording is kept."""

    title = forms.CharField(
        label=_("Title"), max_length=TITLE_MAX_LENGTH, error_messages={"required": _("Write a title.")}
    )
    body = forms.CharField(
        label=_("Content"),
        max_length=BODY_MAX_LENGTH,
        error_messages={"required": _("Write the content of the concern.")},
        widget=forms.Textarea(attrs={"rows": 10}),
    )
    topic = forms.ModelChoiceField(label=_("Topic"), queryset=Topic.objects.all(), required=False)
    addressed_to_unit = forms.ModelChoiceField(label=_("Addressed to"), queryset=Unit.objects.all(), required=False)
    version = version_field()

    def clean_title(self):
        return _required_text(self.cleaned_data.get("title"), _("Write a title."))

    def clean_body(self):
        return _required_text(self.cleaned_data.get("body"), _("Write the content of the concern."))


class BulkModerationForm(forms.Form):
    class Action:
        APPROVE = "approve"
        REJECT = "reject"

    action = forms.ChoiceField(
        label=_("Action"),
        choices=[(Action.APPROVE, _("Approve the selected")), (Action.REJECT, _("Reject the selected"))],
    )
    questions = BoundedModelMultipleChoiceField(
        label=_("Concerns"),
        queryset=Question.objects.none(),
        error_messages={
            "required": _("Tick at least one concern."),
            "invalid_choice": _("One of the ticked concerns is not in this conference."),
        },
    )
    reason = forms.CharField(
        label=_("Reason for rejection"), required=False, max_length=REASON_MAX_LENGTH, widget=forms.Textarea
    )

    def __init__(self, *args, conference, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["questions"].queryset = Question.objects.filter(conference=conference).select_related("conference")

    def clean(self):
        cleaned = super().clean()
        cleaned["reason"] = normalize(cleaned.get("reason") or "")
        if cleaned.get("action") == self.Action.REJECT and not cleaned["reason"]:
            self.add_error("reason", _("Give the authors a reason for the rejection."))
        return cleaned


class QuestionFilterForm(forms.Form):
    """The filters of a conference's list of concerns (GET); unknown values are ignored, never an error page."""

    SORT_NEWEST = selectors.SORT_NEWEST
    SORT_SUPPORTED = selectors.SORT_SUPPORTED

    q = forms.CharField(label=_("Search"), required=False, max_length=SEARCH_MAX_LENGTH)
    topic = forms.ModelChoiceField(
        label=_("Topic"), queryset=Topic.objects.all(), required=False, to_field_name="slug", empty_label=_("All")
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("All")),
            (Question.Status.APPROVED, _("Not answered yet")),
            (Question.Status.ANSWERED, _("Answered")),
        ],
    )
    unit = forms.ModelChoiceField(
        label=_("Addressed to"), queryset=Unit.objects.all(), required=False, empty_label=_("All")
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[(SORT_NEWEST, _("Newest first")), (SORT_SUPPORTED, _("Most supported first"))],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = Topic.objects.filter(is_active=True)
        self.fields["unit"].queryset = Unit.objects.filter(is_active=True)
        for name in ("topic", "status", "unit", "sort"):
            self.fields[name].widget.attrs["class"] = "form-select"


class ConcernExportFilterForm(QuestionFilterForm):
    """The list's filters for its spreadsheet; organizers, who export every concern received, filter by any status."""

    def __init__(self, *args, all_statuses: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if all_statuses:
            self.fields["status"].choices = [("", _("All")), *Question.Status.choices]
