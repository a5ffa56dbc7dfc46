"""The live feed: ETag/304 contract, invalidation on every kind of queue change, query counts, the projector page."""

import pytest
from django.core.cache import cache
from django.db import transaction
from django.urls import reverse

from conferences.models import Conference
from questions import live_feed, services
from questions.models import Question
from tests.factories import AnswerFactory, ConferenceFactory, QuestionFactory, SupportFactory, admin, leader, member

pytestmark = pytest.mark.django_db


def feed_url(conference):
    return reverse("conference_questions:live_feed", kwargs={"slug": conference.slug})


def live_url(conference):
    return reverse("conference_questions:live", kwargs={"slug": conference.slug})


def etag_of(client, conference):
    response = client.get(feed_url(conference))
    assert response.status_code == 200
    return response["ETag"]


def test_feed_shows_queue_ordered_pinned_then_supports_then_time(client, conference):
    QuestionFactory(conference=conference, title="Ít ủng hộ", support_count=1)
    QuestionFactory(conference=conference, title="Nhiều ủng hộ", support_count=9)
    QuestionFactory(conference=conference, title="Được ghim", support_count=0, live_pinned=True)
    QuestionFactory(conference=conference, title="Đang chờ duyệt", status=Question.Status.PENDING)
    QuestionFactory(conference=conference, title="Đã ẩn", live_state="hidden")

    response = client.get(feed_url(conference))

    html = response.content.decode()
    assert html.index("Được ghim") < html.index("Nhiều ủng hộ") < html.index("Ít ủng hộ")
    assert "Đang chờ duyệt" not in html and "Đã ẩn" not in html
    assert response["ETag"].startswith('"') and response["Cache-Control"] == "no-cache"
    assert "Accept-Language" in response["Vary"] and "Cookie" in response["Vary"]


def test_feed_answers_304_while_nothing_changed(client, conference, make_queue):
    make_queue(3)
    etag = etag_of(client, conference)

    response = client.get(feed_url(conference), headers={"if-none-match": etag})

    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag
    assert "sessionid" not in response.cookies


def test_feed_other_etag_gets_the_full_fragment(client, conference, make_queue):
    make_queue(1)
    response = client.get(feed_url(conference), headers={"if-none-match": '"something-else"'})
    assert response.status_code == 200
    assert "Kiến nghị số 0" in response.content.decode()


def test_feed_version_lives_in_the_database_not_in_a_process_cache(client, conference, make_queue):
    make_queue(1)
    etag = etag_of(client, conference)
    cache.clear()  # Redis restarted, or another process with a cache of its own
    assert client.get(feed_url(conference), headers={"if-none-match": etag}).status_code == 304

    live_feed.bump(conference.pk)  # a change made through another process: only the database row moves
    response = client.get(feed_url(conference), headers={"if-none-match": etag})

    assert response.status_code == 200
    assert response["ETag"] != etag


QUEUE_CHANGES = {
    "submit": lambda ctx: services.question_submit(
        conference=ctx["conference"], author=member(), title="Mới gửi", body="Nội dung mới"
    ),
    "approve": lambda ctx: services.question_approve(question=ctx["pending"], moderator=ctx["moderator"]),
    "reject": lambda ctx: services.question_reject(question=ctx["pending"], moderator=ctx["moderator"], reason="Trùng"),
    "merge": lambda ctx: services.question_merge(
        question=ctx["pending"], into=ctx["approved"], moderator=ctx["moderator"]
    ),
    "withdraw": lambda ctx: services.question_withdraw(question=ctx["pending"], author=ctx["pending"].author),
    "support": lambda ctx: services.support_toggle(question=ctx["approved"], user=member()),
    "answer": lambda ctx: services.answer_record(
        question=ctx["approved"], responder=ctx["chair"], recorded_by=ctx["moderator"], body="Trả lời"
    ),
    "edit": lambda ctx: services.question_edit_for_clarity(
        question=ctx["approved"], moderator=ctx["moderator"], title="Tiêu đề rõ hơn", body="Nội dung"
    ),
    "screen": lambda ctx: services.live_set_now_answering(
        conference=ctx["conference"], question=ctx["approved"], moderator=ctx["moderator"], responder=ctx["chair"]
    ),
    "mark_answered": lambda ctx: services.live_mark_answered(
        conference=ctx["conference"], question=ctx["approved"], responder=ctx["chair"], recorded_by=ctx["moderator"]
    ),
    "skip": lambda ctx: services.live_skip(
        conference=ctx["conference"], question=ctx["approved"], moderator=ctx["moderator"]
    ),
    "hide": lambda ctx: services.live_hide(
        conference=ctx["conference"], question=ctx["approved"], moderator=ctx["moderator"]
    ),
    "pin": lambda ctx: services.live_pin(
        conference=ctx["conference"], question=ctx["approved"], moderator=ctx["moderator"]
    ),
}


@pytest.mark.parametrize("kind", list(QUEUE_CHANGES))
def test_feed_etag_changes_on_each_kind_of_queue_change(
    client, conference, moderator, chair, committed, kind, settings
):
    settings.QUESTIONS_PER_HOUR = 100
    conference.questions_close_at = None
    conference.save()
    ctx = {
        "conference": conference,
        "moderator": moderator,
        "chair": chair,
        "pending": QuestionFactory(conference=conference, status=Question.Status.PENDING),
        "approved": QuestionFactory(conference=conference, title="Kiến nghị trong hàng"),
    }
    before = etag_of(client, conference)

    with committed():
        QUEUE_CHANGES[kind](ctx)

    response = client.get(feed_url(conference), headers={"if-none-match": before})
    assert response.status_code == 200
    assert response["ETag"] != before


@pytest.mark.parametrize("undo", ["clear", "unhide", "unpin"])
def test_feed_etag_changes_when_a_console_action_is_undone(client, conference, moderator, committed, undo):
    question = QuestionFactory(conference=conference)
    do = {"clear": services.live_set_now_answering, "unhide": services.live_hide, "unpin": services.live_pin}[undo]
    with committed():
        do(conference=conference, question=question, moderator=moderator)
    before = etag_of(client, conference)

    with committed():
        getattr(services, f"live_{undo}" if undo != "clear" else "live_clear_screen")(
            conference=conference, question=question, moderator=moderator
        )

    assert client.get(feed_url(conference), headers={"if-none-match": before}).status_code == 200


def test_feed_version_does_not_move_for_a_change_that_rolled_back(client, conference, moderator):
    question = QuestionFactory(conference=conference, status=Question.Status.PENDING)
    before = Conference.objects.get(pk=conference.pk).live_version
    with pytest.raises(RuntimeError), transaction.atomic():
        services.question_approve(question=question, moderator=moderator)
        assert Conference.objects.get(pk=conference.pk).live_version == before + 1
        raise RuntimeError("roll back")
    assert Conference.objects.get(pk=conference.pk).live_version == before


def test_feed_newly_approved_concern_appears(client, conference, moderator, committed):
    question = QuestionFactory(conference=conference, status=Question.Status.PENDING, title="Kiến nghị vừa duyệt")
    etag = etag_of(client, conference)
    assert "Kiến nghị vừa duyệt" not in client.get(feed_url(conference)).content.decode()

    with committed():
        services.question_approve(question=question, moderator=moderator)

    response = client.get(feed_url(conference), headers={"if-none-match": etag})
    assert "Kiến nghị vừa duyệt" in response.content.decode()


def test_feed_shows_concern_on_screen_with_its_responder(client, conference, moderator, chair, committed):
    question = QuestionFactory(conference=conference, title="Đang trả lời")
    with committed():
        services.live_set_now_answering(conference=conference, question=question, moderator=moderator, responder=chair)

    html = client.get(feed_url(conference)).content.decode()

    assert f'class="live-now-title" data-question="{question.pk}">Đang trả lời' in html
    assert "Lê Quang Hòa" in html


def test_feed_anonymous_concern_shows_no_author(client, conference, moderator, committed):
    author = member(first_name="Bí", last_name="Mật")
    question = QuestionFactory(conference=conference, author=author, is_anonymous=True)
    with committed():
        services.live_set_now_answering(conference=conference, question=question, moderator=moderator)
    assert "Bí" not in client.get(feed_url(conference)).content.decode()


@pytest.mark.parametrize("size", [1, 30])
def test_feed_200_query_count_is_constant(client, conference, chair, django_assert_num_queries, size):
    for index in range(size):
        question = QuestionFactory(conference=conference, support_count=index)
        SupportFactory(question=question)
    AnswerFactory.create_batch(size, question__conference=conference, responder=chair)
    with django_assert_num_queries(6):
        response = client.get(feed_url(conference))
    assert response.status_code == 200


@pytest.mark.parametrize("size", [1, 30])
def test_feed_200_from_the_html_cache_costs_one_query(client, conference, make_queue, django_assert_num_queries, size):
    make_queue(size)
    client.get(feed_url(conference))
    with django_assert_num_queries(1):
        response = client.get(feed_url(conference))
    assert f"Kiến nghị số {size - 1}" in response.content.decode()  # the most supported leads the queue


@pytest.mark.parametrize("size", [1, 30])
def test_feed_304_costs_at_most_two_queries(client, conference, make_queue, django_assert_max_num_queries, size):
    make_queue(size)
    etag = etag_of(client, conference)
    with django_assert_max_num_queries(2):
        response = client.get(feed_url(conference), headers={"if-none-match": etag})
    assert response.status_code == 304


# --- permissions -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("make_user", [None, member, leader, admin])
def test_live_page_of_published_conference_is_open_to_everyone(client, conference, make_queue, make_user):
    make_queue(1)
    if make_user:
        client.force_login(make_user())
    response = client.get(live_url(conference))
    html = response.content.decode()
    assert conference.title in html
    assert "<svg" in html and f"/s/{conference.pk}/" in html
    assert "Kiến nghị số 0" in html
    assert 'hx-trigger="every 4s"' in html


@pytest.mark.parametrize(
    ("status", "invites"),
    [("open", True), ("in_session", True), ("concluded", False), ("archived", False)],
)
def test_projector_invites_concerns_only_while_the_conference_takes_them(client, status, invites):
    conference = ConferenceFactory(status=status, slug="live-status")
    html = client.get(live_url(conference)).content.decode()
    assert (f"/s/{conference.pk}/" in html) == invites  # the QR code and its short link
    assert ("Scan to send your concern or support one" in html) == invites
    assert ("Send your concerns now" in html) == (status == "open")
    assert ("The dialogue has ended" in html) == (not invites)


@pytest.mark.parametrize("url", [live_url, feed_url])
@pytest.mark.parametrize("make_user", [None, member, leader])
def test_live_of_unpublished_conference_is_404_except_for_organizers(client, url, make_user):
    hidden = ConferenceFactory(is_published=False, status="draft")
    if make_user:
        client.force_login(make_user())
    assert client.get(url(hidden)).status_code == 404


@pytest.mark.parametrize("url", [live_url, feed_url])
def test_live_of_unpublished_conference_is_shown_to_organizers(client, moderator, url):
    hidden = ConferenceFactory(is_published=False, status="draft", title="Hội nghị chưa công bố")
    client.force_login(moderator)
    response = client.get(url(hidden))
    assert response.status_code == 200
    assert "not started" in response.content.decode()


def test_feed_of_unknown_conference_is_404(client):
    assert client.get("/conferences/khong-co/live/feed/").status_code == 404


def test_short_link_leads_to_the_submission_page(client):
    from tests.factories import ConferenceFactory

    conference = ConferenceFactory(title="Đối thoại ngắn gọn")
    response = client.get(f"/s/{conference.pk}/")
    assert response.status_code == 302
    assert response["Location"] == f"/conferences/{conference.slug}/questions/new/"


def test_short_link_of_unpublished_conference_is_404(client):
    from tests.factories import ConferenceFactory

    conference = ConferenceFactory(is_published=False)
    assert client.get(f"/s/{conference.pk}/").status_code == 404


def test_saving_an_old_copy_of_the_conference_keeps_the_live_version(conference):
    old_copy = Conference.objects.get(pk=conference.pk)
    live_feed.bump(conference.pk)
    old_copy.venue = "Hội trường tầng 3"
    old_copy.save()
    fresh = Conference.objects.get(pk=conference.pk)
    assert fresh.venue == "Hội trường tầng 3" and fresh.live_version == old_copy.live_version + 1


@pytest.fixture
def shared_state(settings):
    """The feed's state in the cache, as with Redis or the database cache (the tests' cache is one process's)."""
    settings.LIVE_FEED_CACHED_STATE = True


@pytest.mark.parametrize("size", [1, 30])
def test_polls_of_a_published_feed_cost_no_query_once_cached(
    client, conference, make_queue, shared_state, django_assert_num_queries, size
):
    make_queue(size)
    etag = etag_of(client, conference)
    with django_assert_num_queries(0):
        not_modified = client.get(feed_url(conference), headers={"if-none-match": etag})
        cached = client.get(feed_url(conference))
    assert not_modified.status_code == 304
    assert not_modified["ETag"] == etag
    assert cached.status_code == 200
    assert f"Kiến nghị số {size - 1}" in cached.content.decode()


def test_a_committed_change_reaches_the_next_poll_at_once(
    client, conference, make_queue, shared_state, django_capture_on_commit_callbacks
):
    make_queue(1)
    etag = etag_of(client, conference)
    with django_capture_on_commit_callbacks(execute=True):
        services.question_submit(conference=conference, author=member(), title="Mới gửi", body="Nội dung mới")
        QuestionFactory(conference=conference, title="Vừa duyệt", support_count=99)
        live_feed.bump(conference.pk)
    response = client.get(feed_url(conference), headers={"if-none-match": etag})
    assert response.status_code == 200
    assert response["ETag"] != etag
    assert "Vừa duyệt" in response.content.decode()


def test_an_unpublished_conference_is_never_answered_from_the_cache(
    client, conference, shared_state, django_capture_on_commit_callbacks
):
    etag_of(client, conference)
    with django_capture_on_commit_callbacks(execute=True):
        conference.is_published = False
        conference.save()
    assert client.get(feed_url(conference)).status_code == 404
