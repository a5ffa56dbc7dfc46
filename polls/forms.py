from django import forms
from django.utils.translation import gettext_lazy as _

from polls.models import (
    MAX_OPTIONS,
    QUESTION_MAX_LENGTH,
    RATING_VALUES,
    SURVEY_MAX_QUESTIONS,
    SURVEY_TEXT_MAX_LENGTH,
    Poll,
    SurveyQuestion,
)

RATING_CHOICES = [(value, str(value)) for value in RATING_VALUES]


class PollForm(forms.ModelForm):
    options = forms.CharField(
        label=_("Options"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=MAX_OPTIONS * 130,
        help_text=_("One option per line, 2 to 8 options. Left empty for a rating from 1 to 5."),
    )

    class Meta:
        model = Poll
        fields = ["question", "kind", "allow_anonymous"]
        widgets = {"question": forms.TextInput(attrs={"maxlength": QUESTION_MAX_LENGTH})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["options"] = "\n".join(option.label for option in self.instance.options.all())

    def option_lines(self) -> list[str]:
        return (self.cleaned_data.get("options") or "").splitlines()


class VoteForm(forms.Form):
    """The choices of one poll: radio buttons, check boxes or a rating from 1 to 5."""

    def __init__(self, *args, poll: Poll, **kwargs):
        super().__init__(*args, **kwargs)
        self.poll = poll
        if poll.kind == Poll.Kind.RATING:
            self.fields["rating"] = forms.TypedChoiceField(
                label=_("Your rating"),
                choices=RATING_CHOICES,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose a rating from 1 to 5.")},
            )
        else:
            choices = [(option.pk, option.label) for option in poll.options.all()]
            if poll.kind == Poll.Kind.MULTIPLE:
                self.fields["options"] = forms.TypedMultipleChoiceField(
                    label=_("Your choices"),
                    choices=choices,
                    coerce=int,
                    widget=forms.CheckboxSelectMultiple,
                    error_messages={"required": _("Choose at least one option.")},
                )
            else:
                self.fields["options"] = forms.TypedChoiceField(
                    label=_("Your choice"),
                    choices=choices,
                    coerce=int,
                    widget=forms.RadioSelect,
                    error_messages={"required": _("Choose one of the options.")},
                )

    def option_ids(self) -> list[int]:
        value = self.cleaned_data.get("options")
        if value in (None, ""):
            return []
        return list(value) if isinstance(value, list) else [value]


class SurveyForm(forms.Form):
    intro = forms.CharField(
        label=_("Introduction"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("A sentence or two shown above the questions."),
    )


class SurveyQuestionForm(forms.Form):
    prompt = forms.CharField(label=_("Question"), required=False, max_length=QUESTION_MAX_LENGTH)
    kind = forms.ChoiceField(label=_("Kind"), choices=SurveyQuestion.Kind.choices, initial=SurveyQuestion.Kind.RATING)


SurveyQuestionFormSet = forms.formset_factory(
    SurveyQuestionForm, extra=0, max_num=SURVEY_MAX_QUESTIONS, absolute_max=SURVEY_MAX_QUESTIONS, validate_max=True
)


class SurveyResponseForm(forms.Form):
    """One field per question of the survey: a rating from 1 to 5 (required) or a free text (optional)."""

    def __init__(self, *args, questions: list[SurveyQuestion], **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            if question.kind == SurveyQuestion.Kind.RATING:
                self.fields[f"q{question.pk}"] = forms.TypedChoiceField(
                    label=question.prompt,
                    choices=RATING_CHOICES,
                    coerce=int,
                    widget=forms.RadioSelect,
                    help_text=_("1: very poor · 5: very good"),
                    error_messages={"required": _("Give a rating from 1 to 5.")},
                )
            else:
                self.fields[f"q{question.pk}"] = forms.CharField(
                    label=question.prompt,
                    required=False,
                    max_length=SURVEY_TEXT_MAX_LENGTH,
                    widget=forms.Textarea(attrs={"rows": 3}),
                )

    def ratings(self) -> dict[int, int]:
        return {q.pk: self.cleaned_data.get(f"q{q.pk}") for q in self.questions if q.kind == SurveyQuestion.Kind.RATING}

    def texts(self) -> dict[int, str]:
        return {
            q.pk: self.cleaned_data.get(f"q{q.pk}") or "" for q in self.questions if q.kind == SurveyQuestion.Kind.TEXT
        }
