import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from conferences.models import Conference, Participant
from conferences.services import conference_transition
from core.models import OutboxMessage
from documents import services as document_services
from documents.docx_builder import build_docx
from notifications.models import Notification
from polls import selectors, services
from polls.models import Survey, SurveyResponse
from tests.documents.test_documents import docx_text
from tests.factories import ConferenceFactory, ParticipantFactory, leader, member

pytestmark = pytest.mark.django_db

QUESTIONS = [("Nội dung trả lời của lãnh đạo", "rating"), ("Công tác tổ chức", "rating"), ("Góp ý khác", "text")]


@pytest.fixture
def survey(session, boss):
    return services.survey_save(conference=session, by=boss, intro="Xin ý kiến", questions=QUESTIONS)


def participant(conference, **kwargs):
    user = member(**kwargs)
    ParticipantFactory(conference=conference, user=user, role=Participant.Role.MEMBER)
    return user


def conclude(conference, by):
    return conference_transition(conference=conference, to=Conference.Status.CONCLUDED, by=by)


def answer(survey, user, ratings=(4, 5), text=""):
    rating_qs = [q for q in survey.questions.all() if q.kind == "rating"]
    text_qs = [q for q in survey.questions.all() if q.kind == "text"]
    return services.survey_respond(
        survey=survey,
        user=user,
        ratings={q.pk: r for q, r in zip(rating_qs, ratings, strict=False)},
        texts={q.pk: text for q in text_qs},
    )


def survey_url(conference, name="polls:survey"):
    return reverse(name, kwargs={"slug": conference.slug})


# --- defining --------------------------------------------------------------------------------------------------------


def test_survey_needs_a_question_and_keeps_its_questions_once_answered(session, boss, survey):
    with pytest.raises(ValidationError, match="at least one question"):
        services.survey_save(conference=session, by=boss, intro="", questions=[("  ", "rating")])
    assert [q.prompt for q in survey.questions.all()] == [p for p, _k in QUESTIONS]
    user = participant(session)
    conclude(session, boss)
    answer(survey, user)
    with pytest.raises(ValidationError, match="already answered"):
        services.survey_save(conference=session, by=boss, intro="", questions=[("Câu khác", "rating")])
    services.survey_save(conference=session, by=boss, intro="Lời mới", questions=QUESTIONS)  # the intro may change
    assert Survey.objects.get().intro == "Lời mới"


def test_organizer_defines_the_survey_from_the_form(client, session, boss):
    client.force_login(boss)
    url = survey_url(session, "polls:survey_edit")
    page = client.get(url).content.decode()
    assert "questions-TOTAL_FORMS" in page
    data = {"intro": "Xin ý kiến", "questions-TOTAL_FORMS": "3", "questions-INITIAL_FORMS": "0"}
    data |= {"questions-0-prompt": "Chấm điểm hội nghị", "questions-0-kind": "rating"}
    data |= {"questions-1-prompt": "Góp ý", "questions-1-kind": "text"}
    data |= {"questions-2-prompt": "", "questions-2-kind": "rating"}
    assert client.post(url, data).status_code == 302
    assert [(q.prompt, q.kind) for q in Survey.objects.get().questions.all()] == [
        ("Chấm điểm hội nghị", "rating"),
        ("Góp ý", "text"),
    ]
    data |= {"questions-0-prompt": "", "questions-1-prompt": ""}
    response = client.post(url, data)
    assert response.status_code == 200 and "Write at least one question." in response.content.decode()


# --- the invitation --------------------------------------------------------------------------------------------------


def test_concluding_invites_the_participants_with_accounts_once(
    session, boss, survey, mailoutbox, django_capture_on_commit_callbacks
):
    invited = [participant(session, email=f"dv{n}@example.org") for n in range(2)]
    ParticipantFactory(conference=session, user=invited[0], role=Participant.Role.GUEST)  # listed twice
    ParticipantFactory(conference=session, user=None, full_name="Khách không có tài khoản")
    with django_capture_on_commit_callbacks(execute=True):
        conclude(session, boss)
    messages = OutboxMessage.objects.filter(key__startswith=f"survey:{survey.pk}:invitation:")
    assert sorted(m.recipients[0] for m in messages) == ["dv0@example.org", "dv1@example.org"]
    assert len(mailoutbox) == 2
    assert survey_url(session) in mailoutbox[0].body
    assert Survey.objects.get().invitations_sent_at is not None
    notes = Notification.objects.filter(kind=Notification.Kind.SURVEY_INVITATION)
    assert sorted(n.recipient_id for n in notes) == sorted(u.pk for u in invited)
    assert {n.url for n in notes} == {survey_url(session)} and session.title in notes[0].title
    services.survey_invite(survey=Survey.objects.get())  # again: nothing more
    Survey.objects.update(invitations_sent_at=None)
    services.survey_invite(survey=Survey.objects.get())  # even forgetting that it was sent: the keys hold
    assert messages.count() == 2 and notes.count() == 2


def test_a_survey_defined_after_the_conclusion_is_sent_when_saved(
    session, boss, mailoutbox, django_capture_on_commit_callbacks
):
    participant(session, email="muon@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        conclude(session, boss)
    assert not mailoutbox
    with django_capture_on_commit_callbacks(execute=True):
        services.survey_save(conference=session, by=boss, intro="", questions=QUESTIONS)
    assert [m.to for m in mailoutbox] == [["muon@example.org"]]


def test_a_failed_conclusion_sends_no_invitation(session, boss, survey):
    participant(session)
    session.questions_open_at = session.starts_at
    Conference.objects.filter(pk=session.pk).update(status=Conference.Status.OPEN)
    with pytest.raises(ValidationError):
        conclude(Conference.objects.get(pk=session.pk), boss)
    assert not OutboxMessage.objects.exists()


# --- answering -------------------------------------------------------------------------------------------------------


def test_participant_answers_once(client, session, boss, survey):
    user = participant(session)
    conclude(session, boss)
    client.force_login(user)
    questions = list(survey.questions.all())
    data = {f"q{questions[0].pk}": "4", f"q{questions[1].pk}": "5", f"q{questions[2].pk}": "Nên có thêm thời gian"}
    assert client.post(survey_url(session), data).status_code == 302
    assert SurveyResponse.objects.filter(respondent=user).count() == 1
    page = client.get(survey_url(session)).content.decode()
    assert "You answered this survey" in page and '<form method="post" novalidate class="survey-form">' not in page
    response = client.post(survey_url(session), data)
    assert response.status_code == 200 and "You answered this survey" in response.content.decode()
    assert SurveyResponse.objects.count() == 1
    with pytest.raises(ValidationError, match="already answered"):
        answer(survey, user)
    with pytest.raises(IntegrityError), transaction.atomic():
        SurveyResponse.objects.create(survey=survey, respondent=user)


def test_every_rating_is_required_and_a_text_is_optional(client, session, boss, survey):
    user = participant(session)
    conclude(session, boss)
    client.force_login(user)
    first = survey.questions.first()
    response = client.post(survey_url(session), {f"q{first.pk}": "9"})
    assert response.status_code == 200 and "Give a rating from 1 to 5." in response.content.decode()
    assert not SurveyResponse.objects.exists()
    with pytest.raises(ValidationError, match="Give a rating"):
        answer(survey, user, ratings=(4,))


def test_only_participants_answer_and_only_after_the_conclusion(client, session, boss, survey):
    user = participant(session)
    with pytest.raises(ValidationError, match="not accepting"):
        answer(survey, user)
    client.force_login(user)
    assert "opens when the conference concludes" in client.get(survey_url(session)).content.decode()
    conclude(session, boss)
    stranger = member()
    client.force_login(stranger)
    assert client.get(survey_url(session)).status_code == 403
    assert client.post(survey_url(session), {}).status_code == 403
    with pytest.raises(ValidationError, match="Only the participants"):
        answer(survey, stranger)
    assert not SurveyResponse.objects.exists()


# --- results ---------------------------------------------------------------------------------------------------------


def test_free_texts_are_for_organizers_only(client, session, boss, survey):
    user = participant(session)
    conclude(session, boss)
    answer(survey, user, ratings=(3, 5), text="Phòng họp hơi nóng")
    results_url = survey_url(session, "polls:survey_results")
    client.force_login(boss)
    page = client.get(results_url).content.decode()
    assert "Phòng họp hơi nóng" in page and user.get_full_name() not in page
    for other in (leader(), user):
        client.force_login(other)
        assert client.get(results_url).status_code == 403
    client.force_login(leader())
    dashboard = client.get(reverse("followup:dashboard"), {"conference": session.pk}).content.decode()
    assert "Closing survey" in dashboard and "3,0" in dashboard and "5,0" in dashboard
    assert "Phòng họp hơi nóng" not in dashboard and results_url not in dashboard


def test_averages_per_question(session, boss, survey):
    conclude(session, boss)
    for ratings in ((5, 4), (4, 4), (3, 1)):
        answer(survey, participant(session), ratings=ratings)
    results = selectors.survey_results(survey=survey)
    assert results.responses == 3
    assert [q.average_display for q in results.ratings] == ["4,0", "3,0"]
    assert [row.count for row in results.ratings[1].distribution] == [1, 0, 0, 2, 0]
    assert results.questions[2].texts == []  # without with_texts, no free text is read


@pytest.mark.parametrize("size", [1, 30])
def test_survey_results_query_count_constant(client, session, boss, survey, django_assert_num_queries, size):
    conclude(session, boss)
    for n in range(size):
        answer(survey, participant(session), ratings=(n % 5 + 1, 4), text=f"Ý kiến {n}")
    client.force_login(boss)
    with django_assert_num_queries(11):
        response = client.get(survey_url(session, "polls:survey_results"))
    assert response.content.decode().count("Ý kiến ") == size


@pytest.mark.parametrize("size", [1, 30])
def test_dashboard_survey_query_count_constant(client, session, boss, survey, django_assert_num_queries, size):
    conclude(session, boss)
    for n in range(size):
        answer(survey, participant(session), ratings=(n % 5 + 1, 4))
    client.force_login(boss)
    with django_assert_num_queries(22):
        client.get(reverse("followup:dashboard"), {"conference": session.pk})


def test_report_shows_the_survey_averages_but_not_the_texts(session, boss, survey):
    conclude(session, boss)
    answer(survey, participant(session), ratings=(5, 3), text="Góp ý riêng tư")
    document = document_services.document_draft(conference=session, kind="report")
    _document, text = docx_text(build_docx(document))
    assert "Khảo sát sau hội nghị" in text and "Số người tham gia khảo sát: 1." in text
    assert "Nội dung trả lời của lãnh đạo" in text and "5,0" in text and "3,0" in text
    assert "Góp ý riêng tư" not in text and "Có 1 ý kiến góp ý bằng văn bản" in text


def test_no_survey_no_section(session):
    assert selectors.survey_results(survey=None) is None
    other = ConferenceFactory()
    _document, text = docx_text(build_docx(document_services.document_draft(conference=other, kind="report")))
    assert "Khảo sát" not in text and "IV. ĐỀ XUẤT, KIẾN NGHỊ" in text
