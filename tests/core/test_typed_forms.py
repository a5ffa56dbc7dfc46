"""Dates typed day first and 24-hour times whatever the language; long text refused with a counter, never cut."""

import datetime as dt

import pytest
from django import forms
from django.utils import translation

from conferences.forms import AgendaItemForm, ConferenceForm
from core.forms import PortalFormMixin
from documents.forms import IssueForm
from questions.forms import QuestionSubmitForm
from questions.forms_followup import DirectiveForm
from tests.factories import ConferenceFactory, TopicFactory, UnitFactory

pytestmark = pytest.mark.django_db


class _Sample(PortalFormMixin, forms.Form):
    day = forms.DateField()
    moment = forms.DateTimeField(help_text="Giờ bắt đầu.")
    at = forms.TimeField()
    note = forms.CharField(max_length=300, required=False)
    code = forms.CharField(max_length=20, required=False)


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ({"day": "30/03/2023"}, dt.date(2023, 3, 30)),
        ({"day": "03/04/2023"}, dt.date(2023, 4, 3)),  # the 3rd of April, never March 4th
        ({"day": "30.03.2023"}, dt.date(2023, 3, 30)),
        ({"day": "2023-03-30"}, dt.date(2023, 3, 30)),
    ],
)
def test_a_date_is_read_day_first_in_either_language(language, typed, expected):
    with translation.override(language):
        form = _Sample(data={"moment": "30/03/2023 14:30", "at": "14:30", "note": "", "code": "", **typed})
        assert form.is_valid(), form.errors
    assert form.cleaned_data["day"] == expected
    assert form.cleaned_data["at"] == dt.time(14, 30)
    assert (form.cleaned_data["moment"].hour, form.cleaned_data["moment"].minute) == (14, 30)


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_month_first_or_twelve_hour_value_is_refused_with_the_format(language):
    with translation.override(language):
        form = _Sample(data={"day": "03/30/2023", "moment": "30/03/2023 2:30 PM", "at": "2:30 PM", "note": ""})
        assert not form.is_valid()
        errors = form.errors
    with translation.override("vi"):
        assert str(_Sample.base_fields["day"].error_messages["invalid"])  # Django's own message is replaced
    assert set(errors) >= {"day", "moment", "at"}
    assert "30/03/2023" in errors["day"][0]


def test_date_fields_are_text_fields_with_the_format_as_hint():
    with translation.override("vi"):
        html = str(_Sample()["day"]) + str(_Sample()["moment"]) + str(_Sample()["at"])
        hint = str(_Sample()["moment"].help_text)
    assert 'type="text"' in html and 'type="date' not in html and 'type="time"' not in html
    assert 'placeholder="dd/mm/yyyy"' in html and 'placeholder="HH:MM"' in html
    assert 'inputmode="numeric"' in html
    assert hint.startswith("Giờ bắt đầu.") and "30/03/2023 14:30" in hint


def test_every_date_field_of_the_portal_forms_is_typed_day_first():
    conference = ConferenceFactory()
    fields = [
        ConferenceForm()["starts_at"],
        ConferenceForm()["questions_open_at"],
        AgendaItemForm()["start_time"],
        DirectiveForm(conference=conference)["deadline"],
        IssueForm()["issued_on"],
    ]
    for bound in fields:
        assert bound.field.widget.input_type == "text", bound.name
        assert bound.field.widget.attrs["data-format"] in {"date", "time", "datetime"}
    assert IssueForm()["issued_on"].value().__class__ is dt.date
    assert 'value="' in str(IssueForm()["issued_on"]) and "/" in str(IssueForm()["issued_on"])


def test_long_text_has_a_counter_and_no_maxlength_attribute():
    html = str(_Sample()["note"])
    assert 'data-maxlength="300"' in html and "maxlength=" not in html.replace("data-maxlength=", "")
    assert 'maxlength="20"' in str(_Sample()["code"])  # a short code keeps the browser's own limit
    form_html = str(QuestionSubmitForm()["title"]) + str(QuestionSubmitForm()["body"])
    assert 'data-maxlength="255"' in form_html and 'data-maxlength="5000"' in form_html
    assert ' maxlength="' not in form_html


def test_an_over_long_concern_is_refused_with_its_length_not_cut():
    topic = TopicFactory()
    with translation.override("vi"):
        form = QuestionSubmitForm(
            data={
                "topic": topic.pk,
                "title": "t" * 273,
                "body": "b" * 6000,
                "submission_token": "5f0a3e5e-7a43-4d2f-9f59-64f0e1d2c111",
                "addressed_to_unit": UnitFactory().pk,
            }
        )
        assert not form.is_valid()
        assert form.errors["title"] == ["Nội dung này dài 273 ký tự; chỉ được tối đa 255 ký tự. Vui lòng rút gọn."]
        assert form.errors["body"] == ["Nội dung này dài 6000 ký tự; chỉ được tối đa 5000 ký tự. Vui lòng rút gọn."]
