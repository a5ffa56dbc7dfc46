"""The moderator console: live services, their refusals, the console page and its actions per role."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from conferences.models import Conference
from questions import services
from questions.live_forms import LiveAnswerForm
from questions.models import Answer, LiveState, Question
from tests.factories import ConferenceFactory, ParticipantFactory, QuestionFactory, admin, leader, member

pytestmark = pytest.mark.django_db


def console_url(conference):
    return reverse("conference_questions:live_console", kwargs={"slug": conference.slug})


def action_url(question, action):
    return reverse(
        "conference_questions:live_action",
        kwargs={"slug": question.conference.slug, "pk": question.pk, "action": action},
    )


# --- services --------------------------------------------------------------------------------------------------------


def test_set_now_answering_puts_one_concern_on_screen(conference, moderator, chair):
    first, second = QuestionFactory(conference=conference), QuestionFactory(conference=conference)
    services.live_set_now_answering(conference=conference, question=first, moderator=moderator)
    services.live_set_now_answering(conference=conference, question=second, moderator=moderator, responder=chair)

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.live_state == LiveState.QUEUED
    assert second.live_state == LiveState.ON_SCREEN and second.live_responder == chair


def test_database_refuses_two_concerns_on_screen(conference):
    QuestionFactory(conference=conference, live_state=LiveState.ON_SCREEN)
    with pytest.raises(IntegrityError), transaction.atomic():
        QuestionFactory(conference=conference, live_state=LiveState.ON_SCREEN)


def test_mark_answered_records_an_at_conference_answer(conference, moderator, chair):
    question = QuestionFactory(conference=conference)
    services.live_set_now_answering(conference=conference, question=question, moderator=moderator, responder=chair)

    answer = services.live_mark_answered(
        conference=conference, question=question, responder=chair, recorded_by=moderator, note="  Sẽ trang bị  "
    )

    question.refresh_from_db()
    assert question.status == Question.Status.ANSWERED
    assert question.live_state == LiveState.QUEUED and question.live_responder is None
    assert (answer.kind, answer.responder, answer.recorded_by, answer.body) == (
        Answer.Kind.AT_CONFERENCE,
        chair,
        moderator,
        "Sẽ trang bị",
    )


def test_mark_answered_without_note_writes_who_answered(conference, moderator, chair):
    question = QuestionFactory(conference=conference)
    answer = services.live_mark_answered(
        conference=conference, question=question, responder=chair, recorded_by=moderator
    )
    assert "Lê Quang Hòa" in answer.body


def test_mark_answered_twice_is_refused_without_a_second_answer(conference, moderator, chair):
    """Two moderators at once: the later one sees the concern answered and gets a clear message."""
    question = QuestionFactory(conference=conference)
    services.live_mark_answered(conference=conference, question=question, responder=chair, recorded_by=moderator)

    with pytest.raises(ValidationError, match="already been answered"):
        services.live_mark_answered(conference=conference, question=question, responder=chair, recorded_by=admin())

    assert Answer.objects.filter(question=question).count() == 1


def test_mark_answered_concern_of_another_conference_is_refused(conference, moderator, chair):
    other = QuestionFactory(conference=ConferenceFactory(status=Conference.Status.IN_SESSION))
    with pytest.raises(ValidationError, match="another conference"):
        services.live_mark_answered(conference=conference, question=other, responder=chair, recorded_by=moderator)
    assert not Answer.objects.exists()


@pytest.mark.parametrize("status", ["pending", "rejected", "merged", "withdrawn"])
def test_mark_answered_concern_not_approved_is_refused(conference, moderator, chair, status):
    extra = {"duplicate_of": QuestionFactory(conference=conference)} if status == "merged" else {}
    question = QuestionFactory(conference=conference, status=status, **extra)
    with pytest.raises(ValidationError, match="approved"):
        services.live_mark_answered(conference=conference, question=question, responder=chair, recorded_by=moderator)
    assert not Answer.objects.filter(question=question).exists()


def test_mark_answered_with_responder_of_another_conference_is_refused(conference, moderator):
    stranger = ParticipantFactory(role="leader")
    question = QuestionFactory(conference=conference)
    with pytest.raises(ValidationError):
        services.live_mark_answered(conference=conference, question=question, responder=stranger, recorded_by=moderator)
    assert not Answer.objects.exists()


def test_live_actions_need_the_conference_in_session(moderator):
    conference = ConferenceFactory(status=Conference.Status.OPEN)
    question = QuestionFactory(conference=conference)
    with pytest.raises(ValidationError, match="not started"):
        services.live_set_now_answering(conference=conference, question=question, moderator=moderator)


def test_skip_hide_unhide_pin_unpin_move_the_concern(conference, moderator):
    question = QuestionFactory(conference=conference)
    kwargs = {"conference": conference, "question": question, "moderator": moderator}

    services.live_pin(**kwargs)
    question.refresh_from_db()
    assert question.live_pinned
    with pytest.raises(ValidationError, match="already pinned"):
        services.live_pin(**kwargs)
    services.live_unpin(**kwargs)
    services.live_skip(**kwargs)
    question.refresh_from_db()
    assert question.live_state == LiveState.SKIPPED and not question.live_pinned
    services.live_unhide(**kwargs)
    services.live_hide(**kwargs)
    question.refresh_from_db()
    assert question.live_state == LiveState.HIDDEN
    with pytest.raises(ValidationError, match="hidden concern cannot be pinned"):
        services.live_pin(**kwargs)
    services.live_unhide(**kwargs)
    question.refresh_from_db()
    assert question.live_state == LiveState.QUEUED
    with pytest.raises(ValidationError, match="already in the queue"):
        services.live_unhide(**kwargs)


def test_clear_screen_of_a_concern_not_on_screen_is_refused(conference, moderator):
    question = QuestionFactory(conference=conference)
    with pytest.raises(ValidationError, match="no longer on screen"):
        services.live_clear_screen(conference=conference, question=question, moderator=moderator)


# --- console page and actions ---------------------------------------------------------------------------------------


def test_console_anonymous_is_sent_to_log_in(client, conference):
    question = QuestionFactory(conference=conference)
    assert client.get(console_url(conference))["Location"].startswith("/accounts/login/")
    response = client.post(action_url(question, "screen"))
    assert response["Location"].startswith("/accounts/login/")
    question.refresh_from_db()
    assert question.live_state == LiveState.QUEUED


@pytest.mark.parametrize("make_user", [member, leader])
def test_console_members_and_leaders_are_refused(client, conference, make_user):
    question = QuestionFactory(conference=conference)
    client.force_login(make_user())
    assert client.get(console_url(conference)).status_code == 403
    assert client.post(action_url(question, "screen")).status_code == 403
    question.refresh_from_db()
    assert question.live_state == LiveState.QUEUED


@pytest.mark.parametrize("as_admin", [False, True])
def test_console_organizers_and_admins_run_the_session(client, conference, moderator, chair, as_admin):
    question = QuestionFactory(conference=conference, title="Kiến nghị về máy tính")
    client.force_login(admin() if as_admin else moderator)

    page = client.get(console_url(conference)).content.decode()
    assert "Kiến nghị về máy tính" in page and "Put on screen" in page

    client.post(action_url(question, "screen"), {"responder": chair.pk})
    question.refresh_from_db()
    assert question.live_state == LiveState.ON_SCREEN and question.live_responder == chair

    response = client.post(action_url(question, "answered"), {"responder": chair.pk, "note": "Đồng ý"}, follow=True)
    assert "marked answered" in response.content.decode()
    answer = Answer.objects.get(question=question)
    assert (answer.responder, answer.body, answer.kind) == (chair, "Đồng ý", Answer.Kind.AT_CONFERENCE)


def test_console_second_mark_answered_shows_a_message_not_a_second_answer(client, conference, moderator, chair):
    question = QuestionFactory(conference=conference)
    client.force_login(moderator)
    client.post(action_url(question, "answered"), {"responder": chair.pk})
    response = client.post(action_url(question, "answered"), {"responder": chair.pk}, follow=True)
    assert "already been answered" in response.content.decode()
    assert Answer.objects.filter(question=question).count() == 1


def test_console_mark_answered_without_responder_is_refused(client, conference, moderator, chair):
    question = QuestionFactory(conference=conference)
    client.force_login(moderator)
    response = client.post(action_url(question, "answered"), {"note": "x"}, follow=True)
    assert "This field is required" in response.content.decode()
    assert not Answer.objects.exists()


def test_console_names_no_leader_in_advance_for_the_answer(client, conference, moderator, chair):
    question = QuestionFactory(conference=conference)
    client.force_login(moderator)
    client.post(action_url(question, "screen"), {})
    form = LiveAnswerForm(conference=conference, initial={"responder": None})
    assert list(form.fields["responder"].choices)[0][0] == ""  # an empty choice first, nobody preselected
    page = client.get(console_url(conference)).content.decode()
    assert 'id="id_answer_responder"' in page and "choose the leader who answered" in page


def test_console_action_on_concern_of_another_conference_is_404(client, conference, moderator, chair):
    other = QuestionFactory(conference=ConferenceFactory(status=Conference.Status.IN_SESSION))
    client.force_login(moderator)
    url = reverse(
        "conference_questions:live_action", kwargs={"slug": conference.slug, "pk": other.pk, "action": "answered"}
    )
    assert client.post(url, {"responder": chair.pk}).status_code == 404
    assert not Answer.objects.exists()


def test_console_unknown_action_is_404_and_get_is_refused(client, conference, moderator):
    question = QuestionFactory(conference=conference)
    client.force_login(moderator)
    assert client.post(action_url(question, "delete")).status_code == 404
    assert client.get(action_url(question, "screen")).status_code == 405


def test_console_not_in_session_offers_to_start_it(client, moderator):
    conference = ConferenceFactory(status=Conference.Status.OPEN)
    client.force_login(moderator)
    page = client.get(console_url(conference)).content.decode()
    assert "Start the session" in page and f"/conferences/{conference.slug}/actions/start/" in page


@pytest.mark.parametrize("action", ["skip", "pin", "hide"])
def test_console_simple_actions_go_through_the_services(client, conference, moderator, action):
    question = QuestionFactory(conference=conference)
    client.force_login(moderator)
    client.post(action_url(question, action))
    question.refresh_from_db()
    expected = {"skip": (LiveState.SKIPPED, False), "pin": (LiveState.QUEUED, True), "hide": (LiveState.HIDDEN, False)}
    assert (question.live_state, question.live_pinned) == expected[action]


@pytest.mark.parametrize("size", [1, 30])
def test_console_query_count_is_constant(client, conference, moderator, chair, django_assert_num_queries, size):
    questions = [QuestionFactory(conference=conference) for _ in range(size)]
    QuestionFactory(conference=conference, live_state=LiveState.HIDDEN)
    services.live_set_now_answering(conference=conference, question=questions[0], moderator=moderator, responder=chair)
    client.force_login(moderator)
    # The one on screen, the head of the queue, the head of the set-aside list and their counts (capped lists), the
    # polls of the conference.
    with django_assert_num_queries(12):
        response = client.get(console_url(conference))
    assert response.status_code == 200
