"""Forms of the follow-up pages: answers, the conclusion with its directives, progress updates, filters, carry-over."""

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from conferences.forms import inline_rows_formset
from conferences.models import Conference, Participant, Unit
from core.forms import BoundedModelMultipleChoiceField, DayMonthYearInput, PortalFormMixin, version_field
from core.text import normalize
from questions import permissions
from questions.models import BODY_MAX_LENGTH, Answer, Conclusion, Directive, DirectiveUpdate, Question
from questions.selectors import followup as selectors
from questions.services.followup import EVIDENCE_EXTENSIONS, validate_evidence

MULTIPLE_CHOICE_HINT = _("Hold Ctrl (⌘ on a Mac) to choose more than one.")
DATE_WIDGET = DayMonthYearInput()


class AnswerForm(forms.ModelForm):
    """A leader answers for himself or herself; organizers choose the leader who answered."""

    class Meta:
        model = Answer
        fields = ["responder", "kind", "body"]
        labels = {"responder": _("Answered by"), "body": _("Answer")}
        widgets = {"body": forms.Textarea(attrs={"rows": 6})}
        error_messages = {"body": {"required": _("Write the answer.")}}

    def __init__(self, *args, conference: Conference, choose_responder: bool, live: bool | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if live is None:
            live = conference.status == Conference.Status.IN_SESSION
        if not self.instance.pk and not live:
            # Outside the live session an answer is a written one: organizers may still record one given in the hall,
            # a leader answering for himself or herself writes.
            self.initial.setdefault("kind", Answer.Kind.WRITTEN)
            if not choose_responder:
                del self.fields["kind"]
        if choose_responder:
            field = self.fields["responder"]
            field.required = True
            field.queryset = selectors.responders(conference=conference)
            field.empty_label = _("— choose the leader who answered —")
            field.error_messages["required"] = _("Choose the leader who answered.")
        else:
            del self.fields["responder"]

    def clean_body(self):
        body = normalize(self.cleaned_data.get("body") or "")
        if not body:
            raise forms.ValidationError(_("Write the answer."), code="required")
        return body


class AnswerCorrectForm(AnswerForm):
    """The correction form: the answer's version travels with it, so a stale correction is refused."""

    version = version_field()

    class Meta(AnswerForm.Meta):
        pass

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version


class ConclusionForm(PortalFormMixin, forms.ModelForm):
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Conclusion
        fields = ["number", "issued_on", "signed_by", "body"]
        labels = {"signed_by": _("Signed by (the chair)"), "issued_on": _("Date")}
        widgets = {"issued_on": DATE_WIDGET, "body": forms.Textarea(attrs={"rows": 8})}
        error_messages = {
            "body": {"required": _("Write the content of the conclusion.")},
            "issued_on": {"required": _("Give the conclusion's date.")},
        }

    def __init__(self, *args, conference: Conference, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signed_by"].queryset = selectors.responders(conference=conference)
        if not self.is_bound:
            self.initial["version"] = self.instance.version if self.instance.pk else None
            if not self.instance.pk:
                self.initial["signed_by"] = next(
                    (p.pk for p in self.fields["signed_by"].queryset if p.role == Participant.Role.CHAIR), None
                )


class DirectiveForm(PortalFormMixin, forms.ModelForm):
    class Meta:
        model = Directive
        fields = ["order", "content", "lead_unit", "support_units", "deadline", "related_questions"]
        field_classes = {
            "support_units": BoundedModelMultipleChoiceField,
            "related_questions": BoundedModelMultipleChoiceField,
        }
        widgets = {
            "content": forms.Textarea(attrs={"rows": 3}),
            "deadline": DATE_WIDGET,
            "support_units": forms.SelectMultiple(attrs={"size": 4}),
            "related_questions": forms.SelectMultiple(attrs={"size": 4}),
        }
        help_texts = {
            "support_units": MULTIPLE_CHOICE_HINT,
            "related_questions": MULTIPLE_CHOICE_HINT,
        }
        error_messages = {
            "content": {"required": _("Write what is to be done.")},
            "lead_unit": {"required": _("Choose the lead unit.")},
            "order": {"required": _("Give the directive a number.")},
        }

    def __init__(self, *args, conference: Conference, **kwargs):
        super().__init__(*args, **kwargs)
        units = Unit.objects.filter(is_active=True)
        if self.instance.pk:
            units = Unit.objects.filter(is_active=True) | Unit.objects.filter(pk=self.instance.lead_unit_id)
        self.fields["lead_unit"].queryset = units.distinct()
        self.fields["support_units"].queryset = Unit.objects.filter(is_active=True)
        self.fields["support_units"].required = False
        self.fields["related_questions"].queryset = (
            Question.objects.filter(conference=conference, status__in=Question.Status.PUBLIC)
            .select_related("conference")
            .order_by("submitted_at")
        )
        self.fields["related_questions"].required = False
        self.fields["related_questions"].label_from_instance = lambda question: (
            f"{question.reference} — {question.title}"
        )
        self.fields["order"].min_value = 1

    def validate_unique(self):
        """Numbers are checked across the rows by the formset and in the service (which may renumber rows)."""

    def clean_content(self):
        content = normalize(self.cleaned_data.get("content") or "")
        if not content:
            raise forms.ValidationError(_("Write what is to be done."), code="required")
        return content


DirectiveFormSet = inline_rows_formset(Conclusion, Directive, form=DirectiveForm, max_rows=100, extra=2)


class DirectiveUpdateForm(PortalFormMixin, forms.ModelForm):
    progress = forms.IntegerField(
        label=_("Progress (%)"),
        min_value=0,
        max_value=100,
        error_messages={
            "min_value": _("Progress is a percentage between 0 and 100."),
            "max_value": _("Progress is a percentage between 0 and 100."),
            "required": _("Give the progress in percent."),
            "invalid": _("Progress is a percentage between 0 and 100."),
        },
    )

    class Meta:
        model = DirectiveUpdate
        fields = ["status", "progress", "note", "evidence"]
        widgets = {"note": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"note": _("Required to close the directive, or when progress goes down.")}

    def __init__(self, *args, directive: Directive, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.directive = directive
        if not self.is_bound:
            self.initial.setdefault("status", directive.status)
            self.initial.setdefault("progress", directive.progress)
        if not permissions.can_change_progress(user, directive):
            # Liaisons of a supporting unit post notes and evidence; what they send for these is checked by the
            # service, which refuses a change.
            for name in ("status", "progress"):
                self.fields[name].required = False
                self.fields[name].widget = forms.HiddenInput()
            self.fields["note"].help_text = ""
        else:
            # What the user may choose (a liaison reports done; organizers mark done and cancel), and where it stands.
            status = self.fields["status"]
            status.choices = [
                (value, label)
                for value, label in status.choices
                if value == directive.status or permissions.can_set_status(user, directive, value)
            ]
        self.fields["evidence"].help_text = _("Optional: PDF, Word, Excel, JPEG or PNG, at most %(size)s.") % {
            "size": filesizeformat(settings.EVIDENCE_MAX_BYTES)
        }
        self.fields["evidence"].widget.attrs["accept"] = ",".join(f".{ext}" for ext in EVIDENCE_EXTENSIONS)

    def clean_note(self):
        return normalize(self.cleaned_data.get("note") or "")

    def clean_evidence(self):
        evidence = self.cleaned_data.get("evidence")
        try:
            validate_evidence(evidence)
        except forms.ValidationError as exc:
            raise forms.ValidationError(exc.message_dict["evidence"]) from None
        return evidence

    def _post_clean(self):
        """The rules (done needs a note, progress going down needs a reason) are the service's; it reports them."""


class DirectiveFilterForm(forms.Form):
    conference = forms.ModelChoiceField(
        label=_("Conference"), queryset=Conference.objects.none(), required=False, empty_label=_("All conferences")
    )
    unit = forms.ModelChoiceField(
        label=_("Unit"), queryset=Unit.objects.all(), required=False, empty_label=_("All units")
    )
    status = forms.ChoiceField(label=_("Status"), required=False)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)

    def __init__(self, *args, conferences, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["conference"].queryset = conferences
        self.fields["status"].choices = [("", _("All statuses")), *Directive.Status.choices]


class CarryOverForm(forms.Form):
    directives = BoundedModelMultipleChoiceField(
        label=_("Unfinished directives of earlier conferences"),
        queryset=Directive.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one directive to carry over.")},
    )

    deadline = forms.DateField(
        label=_("New deadline"),
        widget=DATE_WIDGET,
        help_text=_("The carried-over directives get this deadline; change any of them in the conclusion form."),
        error_messages={
            "required": _("Give the carried-over directives a new deadline."),
            "invalid": _("Enter a valid date."),
        },
    )
    confirm_public = forms.BooleanField(
        label=_("I understand that the carried-over directives become public at once and their units are notified."),
        required=False,
    )

    def __init__(self, *args, candidates, conclusion_published: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["directives"].queryset = candidates
        self.conclusion_published = conclusion_published
        if conclusion_published:
            self.fields["confirm_public"].required = True
            self.fields["confirm_public"].error_messages["required"] = _(
                "This conference's conclusion is published: confirm that the directives become public."
            )
        else:
            del self.fields["confirm_public"]


class DashboardFilterForm(forms.Form):
    conference = forms.ModelChoiceField(
        label=_("Conference"), queryset=Conference.objects.none(), required=False, empty_label=_("All conferences")
    )

    def __init__(self, *args, conferences, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["conference"].queryset = conferences


class DirectiveReviewForm(forms.Form):
    """An organizer's answer to a done report: confirm (a note is optional) or send back (the reason is required)."""

    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, send_back: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if send_back:
            self.fields["note"].label = _("Why is it sent back?")
            self.fields["note"].required = True
            self.fields["note"].error_messages["required"] = _(
                "Say why the directive is sent back, so the unit knows what is missing."
            )
            self.fields["note"].help_text = _("The lead unit's liaisons are notified with this reason.")
        else:
            self.fields["note"].help_text = _("Optional; kept in the directive's history.")

    def clean_note(self):
        return normalize(self.cleaned_data.get("note") or "")
