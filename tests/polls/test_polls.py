import io

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from pypdf import PdfReader

from conferences.models import Conference
from conferences.services import conference_transition
from documents import services as document_services
from documents.docx_builder import build_docx
from documents.pdf import build_pdf
from polls import selectors, services
from polls.models import Poll, PollVote
from polls.views import BROWSER_COOKIE
from questions import live_feed
from tests.documents.test_documents import docx_text
from tests.factories import ConferenceFactory, member
from tests.polls.conftest import make_poll

pytestmark = pytest.mark.django_db


def polls_url(conference):
    return reverse("polls:list", kwargs={"slug": conference.slug})


def vote_url(poll):
    return reverse("polls:vote", kwargs={"slug": poll.conference.slug, "pk": poll.pk})


def counts(poll):
    (result,) = selectors.poll_results([poll])
    return result.voters, [row.count for row in result.rows]


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


# --- preparing -------------------------------------------------------------------------------------------------------


def test_choice_poll_needs_two_different_options(session, boss):
    with pytest.raises(ValidationError, match="at least 2"):
        make_poll(session, boss, options=["Có", "  "])
    with pytest.raises(ValidationError, match="same"):
        make_poll(session, boss, options=["Có", "có"])
    with pytest.raises(ValidationError, match="at most 8"):
        make_poll(session, boss, options=[f"Phương án {n}" for n in range(9)])
    assert not Poll.objects.exists()


def test_rating_poll_has_no_options_and_shows_five_values(session, boss):
    poll = make_poll(session, boss, kind="rating")
    assert poll.options.count() == 0
    voters, rows = counts(poll)
    assert (voters, rows) == (0, [0, 0, 0, 0, 0])


def test_organizer_prepares_a_poll_from_the_form(client, session, boss):
    client.force_login(boss)
    url = reverse("polls:new", kwargs={"slug": session.slug})
    response = client.post(url, {"question": "Chọn giờ họp", "kind": "single", "options": "Sáng\nChiều\n"})
    assert response.status_code == 302
    poll = Poll.objects.get()
    assert poll.status == Poll.Status.PREPARED and [o.label for o in poll.options.all()] == ["Sáng", "Chiều"]
    response = client.post(url, {"question": "Chọn giờ họp", "kind": "single", "options": "Sáng"})
    assert response.status_code == 200 and "at least 2" in response.content.decode()
    assert Poll.objects.count() == 1


def test_an_opened_poll_can_no_longer_be_edited_or_deleted(client, session, boss):
    poll = make_poll(session, boss, open_=True)
    with pytest.raises(ValidationError):
        services.poll_update(
            poll=poll, by=boss, question="Khác", kind="single", allow_anonymous=False, options=["A", "B"]
        )
    client.force_login(boss)
    assert client.get(reverse("polls:edit", kwargs={"slug": session.slug, "pk": poll.pk})).status_code == 404
    response = client.post(reverse("polls:delete", kwargs={"slug": session.slug, "pk": poll.pk}), follow=True)
    assert "cannot be deleted" in " ".join(messages_of(response))
    assert Poll.objects.filter(pk=poll.pk).exists()


# --- opening and closing ---------------------------------------------------------------------------------------------


def test_one_open_poll_per_conference(session, boss):
    first = make_poll(session, boss, open_=True)
    second = make_poll(session, boss, question="Câu hỏi thứ hai")
    with pytest.raises(ValidationError, match="still open"):
        services.poll_open(poll=second, by=boss)
    second.refresh_from_db()
    assert second.status == Poll.Status.PREPARED
    # The database refuses it too, whatever code tries.
    with pytest.raises(IntegrityError), transaction.atomic():
        Poll.objects.filter(pk=second.pk).update(status=Poll.Status.OPEN)
    services.poll_close(poll=first, by=boss)
    assert services.poll_open(poll=second, by=boss).status == Poll.Status.OPEN


def test_polls_open_only_while_the_conference_is_open_or_in_session(boss):
    draft = ConferenceFactory(status=Conference.Status.DRAFT)
    poll = make_poll(draft, boss)
    with pytest.raises(ValidationError, match="open or in session"):
        services.poll_open(poll=poll, by=boss)


def test_console_opens_and_closes_the_poll(client, session, boss):
    poll = make_poll(session, boss)
    client.force_login(boss)
    console = reverse("conference_questions:live_console", kwargs={"slug": session.slug})
    page = client.get(console).content.decode()
    assert poll.question in page and reverse("polls:action", args=[session.slug, poll.pk, "open"]) in page
    response = client.post(reverse("polls:action", args=[session.slug, poll.pk, "open"]))
    assert response["Location"] == console + "#polls"
    poll.refresh_from_db()
    assert poll.status == Poll.Status.OPEN
    assert reverse("polls:action", args=[session.slug, poll.pk, "close"]) in client.get(console).content.decode()
    client.post(reverse("polls:action", args=[session.slug, poll.pk, "close"]))
    poll.refresh_from_db()
    assert poll.status == Poll.Status.CLOSED and poll.closed_at


def test_concluding_the_conference_closes_its_open_poll(session, boss):
    poll = make_poll(session, boss, open_=True)
    conference_transition(conference=session, to=Conference.Status.CONCLUDED, by=boss)
    poll.refresh_from_db()
    assert poll.status == Poll.Status.CLOSED


# --- voting ----------------------------------------------------------------------------------------------------------


def test_member_votes_once_and_a_second_vote_replaces_the_first(client, session, boss):
    poll = make_poll(session, boss, open_=True)
    yes, no, _unsure = poll.options.all()
    client.force_login(member())
    response = client.post(vote_url(poll), {"options": yes.pk}, follow=True)
    assert "your vote is counted" in " ".join(messages_of(response))
    assert counts(poll) == (1, [1, 0, 0])
    response = client.post(vote_url(poll), {"options": no.pk}, follow=True)
    assert "Your vote is changed." in messages_of(response)
    assert counts(poll) == (1, [0, 1, 0])
    assert PollVote.objects.count() == 1


def test_the_database_refuses_a_second_vote_row_of_a_member(session, boss):
    poll = make_poll(session, boss, open_=True)
    user = member()
    PollVote.objects.create(poll=poll, voter=user)
    with pytest.raises(IntegrityError), transaction.atomic():
        PollVote.objects.create(poll=poll, voter=user)


def test_vote_on_a_closed_poll_is_refused_with_a_clear_message(client, session, boss):
    poll = make_poll(session, boss, open_=True)
    services.poll_close(poll=poll, by=boss)
    client.force_login(member())
    response = client.post(vote_url(poll), {"options": poll.options.first().pk}, follow=True)
    assert "This poll is closed: votes are no longer accepted." in messages_of(response)
    assert not PollVote.objects.exists()


def test_a_prepared_poll_takes_no_vote_and_is_hidden_from_members(client, session, boss):
    poll = make_poll(session, boss)
    client.force_login(member())
    assert client.post(vote_url(poll), {"options": poll.options.first().pk}).status_code == 404
    assert poll.question not in client.get(polls_url(session)).content.decode()
    with pytest.raises(ValidationError, match="not open yet"):
        services.poll_vote(poll=poll, user=member(), option_ids=[poll.options.first().pk])


@pytest.mark.parametrize(
    ("kind", "data", "message"),
    [
        ("single", {"options": "999999"}, "Select a valid choice"),
        ("multiple", {}, "at least one option"),
        ("rating", {"rating": "6"}, "Select a valid choice"),
        ("rating", {}, "rating from 1 to 5"),
    ],
)
def test_bad_ballots_are_refused_with_a_message(client, session, boss, kind, data, message):
    poll = make_poll(session, boss, kind=kind, open_=True)
    client.force_login(member())
    response = client.post(vote_url(poll), data, follow=True)
    assert any(message in text for text in messages_of(response)), messages_of(response)
    assert not PollVote.objects.exists()


def test_a_single_choice_poll_takes_one_option(session, boss):
    poll = make_poll(session, boss, open_=True)
    with pytest.raises(ValidationError, match="one choice only"):
        services.poll_vote(poll=poll, user=member(), option_ids=list(poll.options.values_list("pk", flat=True)[:2]))
    assert not PollVote.objects.exists()


def test_an_option_of_another_poll_is_refused(session, boss):
    poll = make_poll(session, boss, open_=True)
    services.poll_close(poll=poll, by=boss)
    other = make_poll(session, boss, open_=True, question="Khác")
    with pytest.raises(ValidationError):
        services.poll_vote(poll=other, user=member(), option_ids=[poll.options.first().pk])


def test_multiple_choice_and_rating_results(session, boss):
    poll = make_poll(session, boss, kind="multiple", open_=True)
    a, b, c = poll.options.all()
    services.poll_vote(poll=poll, user=member(), option_ids=[a.pk, b.pk])
    services.poll_vote(poll=poll, user=member(), option_ids=[a.pk])
    assert counts(poll) == (2, [2, 1, 0])
    (result,) = selectors.poll_results([poll])
    assert [row.percent for row in result.rows] == [100, 50, 0]
    services.poll_close(poll=poll, by=boss)
    rating = make_poll(session, boss, kind="rating", open_=True, question="Chấm điểm")
    for value in (5, 4, 4):
        services.poll_vote(poll=rating, user=member(), rating=value)
    (result,) = selectors.poll_results([rating])
    assert result.voters == 3 and [row.count for row in result.rows] == [0, 0, 0, 2, 1]
    assert result.average_display == "4,3"


def test_anonymous_visitor_votes_only_where_allowed_once_per_browser(client, session, boss):
    closed_to_visitors = make_poll(session, boss, open_=True)
    response = client.post(vote_url(closed_to_visitors), {"options": closed_to_visitors.options.first().pk})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert not PollVote.objects.exists()
    services.poll_close(poll=closed_to_visitors, by=boss)

    poll = make_poll(session, boss, open_=True, allow_anonymous=True, question="Ai cũng bỏ phiếu")
    page = client.get(polls_url(session)).content.decode()
    assert "one vote per browser" in page.lower() or "một phiếu" in page.lower()
    yes, no, _unsure = poll.options.all()
    client.post(vote_url(poll), {"options": yes.pk})
    assert BROWSER_COOKIE in client.cookies
    client.post(vote_url(poll), {"options": no.pk})  # the same browser: replaces
    assert counts(poll) == (1, [0, 1, 0])
    client.cookies.pop(BROWSER_COOKIE)  # what clearing the cookies does: counted again, as the page says
    client.post(vote_url(poll), {"options": yes.pk})
    assert counts(poll) == (2, [1, 1, 0])
    forged = client.__class__()
    forged.cookies[BROWSER_COOKIE] = "not-signed"
    forged.post(vote_url(poll), {"options": yes.pk})
    assert counts(poll) == (3, [2, 1, 0])  # an unsigned cookie is a new browser, never somebody else's vote


# --- the projector ---------------------------------------------------------------------------------------------------


def test_open_vote_close_move_the_live_version_and_the_feed_shows_the_chart(client, session, boss):
    feed = reverse("conference_questions:live_feed", kwargs={"slug": session.slug})
    etag = client.get(feed)["ETag"]
    assert client.get(feed, HTTP_IF_NONE_MATCH=etag).status_code == 304
    poll = make_poll(session, boss, open_=True)
    response = client.get(feed, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    html = response.content.decode()
    assert poll.question in html and 'class="live-poll"' in html and 'width="0"' in html
    assert "live-queue" not in html  # the poll takes the place of the queue
    etag = response["ETag"]
    services.poll_vote(poll=poll, user=member(), option_ids=[poll.options.first().pk])
    response = client.get(feed, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200 and 'width="100"' in response.content.decode()
    etag = response["ETag"]
    assert client.get(feed, HTTP_IF_NONE_MATCH=etag).status_code == 304
    services.poll_close(poll=poll, by=boss)
    response = client.get(feed, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200 and poll.question not in response.content.decode()


def test_a_vote_bumps_the_version_once(session, boss):
    poll = make_poll(session, boss, open_=True)
    before = Conference.objects.get(pk=session.pk).live_version
    services.poll_vote(poll=poll, user=member(), option_ids=[poll.options.first().pk])
    assert Conference.objects.get(pk=session.pk).live_version == before + 1
    assert live_feed.etag_for(Conference.objects.get(pk=session.pk)) != live_feed.etag_for(session)


def test_304_of_the_feed_stays_one_query_with_an_open_poll(client, session, boss, django_assert_num_queries):
    make_poll(session, boss, open_=True)
    feed = reverse("conference_questions:live_feed", kwargs={"slug": session.slug})
    etag = client.get(feed)["ETag"]
    with django_assert_num_queries(1):
        assert client.get(feed, HTTP_IF_NONE_MATCH=etag).status_code == 304


# --- results after the session: the page, the minutes and the report -------------------------------------------------


def test_closed_results_stay_on_the_polls_page_for_everyone(client, session, boss):
    poll = make_poll(session, boss, open_=True)
    services.poll_vote(poll=poll, user=member(), option_ids=[poll.options.first().pk])
    services.poll_close(poll=poll, by=boss)
    html = client.get(polls_url(session)).content.decode()
    assert poll.question in html and 'width="100"' in html


@pytest.mark.parametrize("size", [1, 30])
def test_polls_page_query_count_constant(client, session, boss, django_assert_num_queries, size):
    voters = [member() for _ in range(3)]
    for n in range(size):
        poll = make_poll(session, boss, open_=True, question=f"Câu hỏi {n}", kind=("single", "rating")[n % 2])
        for voter in voters:
            services.poll_vote(
                poll=poll, user=voter, option_ids=[poll.options.first().pk] if n % 2 == 0 else [], rating=4
            )
        services.poll_close(poll=poll, by=boss)
    make_poll(session, boss, open_=True, question="Đang mở")
    client.force_login(voters[0])
    with django_assert_num_queries(11):
        response = client.get(polls_url(session))
    assert response.content.decode().count('class="poll-row"') == sum((3, 5)[n % 2] for n in range(size)) + 3


@pytest.mark.parametrize("kind", ["minutes", "report"])
def test_minutes_and_report_list_each_poll_with_its_results(session, boss, kind):
    poll = make_poll(session, boss, open_=True, question="Hội nghị có hữu ích không?")
    yes = poll.options.first()
    for _ in range(3):
        services.poll_vote(poll=poll, user=member(), option_ids=[yes.pk])
    services.poll_close(poll=poll, by=boss)
    make_poll(session, boss, question="Chưa mở nên không vào biên bản")
    document = document_services.document_draft(conference=session, kind=kind)
    _document, text = docx_text(build_docx(document))
    assert "Câu hỏi 1: Hội nghị có hữu ích không? (3 lượt trả lời)." in text
    assert "3 (100%)" in text and "0 (0%)" in text and "Có" in text
    assert "Chưa mở nên không vào biên bản" not in text
    pdf = PdfReader(io.BytesIO(build_pdf(document)))
    pdf_text = " ".join(" ".join(page.extract_text().split()) for page in pdf.pages)
    assert "Hội nghị có hữu ích không?" in pdf_text and "3 (100%)" in pdf_text
    if kind == "minutes":
        assert "4. Kết quả thăm dò ý kiến trực tiếp tại hội nghị" in text and "5. Kết luận của chủ trì" in text
    else:
        assert "IV. KẾT QUẢ THĂM DÒ, KHẢO SÁT Ý KIẾN" in text and "V. ĐỀ XUẤT, KIẾN NGHỊ" in text


def test_documents_without_polls_keep_their_numbering(session):
    _document, text = docx_text(build_docx(document_services.document_draft(conference=session, kind="minutes")))
    assert "4. Kết luận của chủ trì" in text and "thăm dò" not in text
