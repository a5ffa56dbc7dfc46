"""The author rates the answer once and may change it within the period; organizers read it and may reopen."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from documents import services as document_services
from documents.docx_builder import build_docx
from notifications.models import Notification
from questions.models import Question
from satisfaction import services
from satisfaction.models import Rating, Reopening
from satisfaction.selectors import conference_totals, satisfaction_breakdown
from tests.documents.test_documents import docx_text
from tests.factories import AnswerFactory, ConferenceFactory, QuestionFactory, UnitFactory, member, organizer

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def answered():
    author = member(username="tac_gia", email="tacgia@example.org")
    question = QuestionFactory(author=author, status=Question.Status.ANSWERED, title="Máy tính cũ")
    AnswerFactory(question=question)
    return question


def test_author_rates_once_and_a_second_rating_replaces_the_first(answered):
    services.rating_submit(question=answered, author=answered.author, verdict="satisfied")
    services.rating_submit(question=answered, author=answered.author, verdict="unsatisfied", comment="Chưa rõ")
    rating = Rating.objects.get()
    assert (rating.verdict, rating.comment) == ("unsatisfied", "Chưa rõ")
    assert rating.changed_at is not None
    assert Rating.objects.count() == 1


def test_database_refuses_a_second_rating_row(answered):
    Rating.objects.create(question=answered, author=answered.author, verdict="satisfied")
    with pytest.raises(IntegrityError), transaction.atomic():
        Rating.objects.create(question=answered, author=answered.author, verdict="unsatisfied")


def test_someone_else_cannot_rate(answered):
    with pytest.raises(PermissionDenied):
        services.rating_submit(question=answered, author=member(), verdict="satisfied")
    assert not Rating.objects.exists()


def test_a_concern_not_answered_cannot_be_rated():
    question = QuestionFactory(status=Question.Status.APPROVED)
    with pytest.raises(ValidationError, match="once your concern has been answered"):
        services.rating_submit(question=question, author=question.author, verdict="satisfied")


def test_unknown_verdict_and_long_comment_refused(answered):
    with pytest.raises(ValidationError):
        services.rating_submit(question=answered, author=answered.author, verdict="maybe")
    with pytest.raises(ValidationError, match="under 1000"):
        services.rating_submit(question=answered, author=answered.author, verdict="satisfied", comment="x" * 1001)
    assert not Rating.objects.exists()


def test_rating_cannot_change_after_the_period(answered, settings):
    settings.RATING_CHANGE_DAYS = 14
    rating = services.rating_submit(question=answered, author=answered.author, verdict="satisfied")
    Rating.objects.filter(pk=rating.pk).update(rated_at=timezone.now() - dt.timedelta(days=15))
    with pytest.raises(ValidationError, match="period for changing your rating ended"):
        services.rating_submit(question=answered, author=answered.author, verdict="unsatisfied")
    assert Rating.objects.get().verdict == "satisfied"


def test_unsatisfied_rating_tells_the_organizers_once(answered, django_capture_on_commit_callbacks):
    staff = organizer(email="btc@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        services.rating_submit(question=answered, author=answered.author, verdict="unsatisfied", comment="Thiếu")
    with django_capture_on_commit_callbacks(execute=True):
        services.rating_submit(question=answered, author=answered.author, verdict="unsatisfied", comment="Thiếu nữa")
    sent = [m for m in mail.outbox if m.to == ["btc@example.org"]]
    assert len(sent) == 1
    assert answered.reference in sent[0].subject
    assert "Thiếu" in sent[0].body
    assert f"/questions/{answered.pk}/reopen/" in sent[0].body
    notice = Notification.objects.get(recipient=staff)
    assert (notice.kind, notice.url) == ("answer_unsatisfied", answered.get_absolute_url())


def test_satisfied_rating_tells_nobody(answered, django_capture_on_commit_callbacks):
    organizer(email="btc@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        services.rating_submit(question=answered, author=answered.author, verdict="satisfied")
    assert mail.outbox == []


def test_reopen_sends_the_concern_back_and_a_new_answer_is_rated_anew(answered):
    services.rating_submit(question=answered, author=answered.author, verdict="unsatisfied")
    services.question_reopen(question=answered, organizer=organizer(), reason="Cần trả lời rõ thời hạn")
    answered.refresh_from_db()
    assert answered.status == Question.Status.APPROVED
    assert Reopening.objects.get().reason == "Cần trả lời rõ thời hạn"
    with pytest.raises(ValidationError):
        services.rating_submit(question=answered, author=answered.author, verdict="satisfied")
    newer = AnswerFactory(question=answered, answered_at=timezone.now() + dt.timedelta(minutes=1))
    Question.objects.filter(pk=answered.pk).update(status=Question.Status.ANSWERED)
    rating = services.rating_submit(question=answered, author=answered.author, verdict="satisfied")
    assert (rating.answer_id, rating.verdict, rating.changed_at) == (newer.pk, "satisfied", None)
    assert Rating.objects.count() == 1


def test_reopen_rules(answered):
    with pytest.raises(PermissionDenied):
        services.question_reopen(question=answered, organizer=member(), reason="x")
    with pytest.raises(ValidationError, match="Say why"):
        services.question_reopen(question=answered, organizer=organizer(), reason="  ")
    pending = QuestionFactory(status=Question.Status.PENDING)
    with pytest.raises(ValidationError, match="Only an answered concern"):
        services.question_reopen(question=pending, organizer=organizer(), reason="Lý do")
    assert not Reopening.objects.exists()


# --- pages -----------------------------------------------------------------------------------------------------------


def test_author_rates_from_the_concern_page(client, answered):
    client.force_login(answered.author)
    page = client.get(answered.get_absolute_url())
    assert reverse("satisfaction:rate", args=[answered.pk]) in page.text
    response = client.post(reverse("satisfaction:rate", args=[answered.pk]), {"verdict": "satisfied", "comment": ""})
    assert response.status_code == 302
    assert Rating.objects.get().verdict == "satisfied"
    page = client.get(answered.get_absolute_url())
    assert "Your rating" in page.text or "Đánh giá của bạn" in page.text


def test_rating_form_without_a_choice_shows_an_error(client, answered):
    client.force_login(answered.author)
    response = client.post(reverse("satisfaction:rate", args=[answered.pk]), {"verdict": "", "comment": "x"})
    assert response.status_code == 200
    assert response.context["form"].errors["verdict"]
    assert not Rating.objects.exists()


def test_public_sees_totals_never_who_rated(client, answered):
    services.rating_submit(question=answered, author=answered.author, verdict="satisfied", comment="Rất rõ ràng")
    concern = client.get(answered.get_absolute_url()).text
    assert "Rất rõ ràng" not in concern
    assert "rating-panel" not in concern
    conference = client.get(answered.conference.get_absolute_url()).text
    assert "satisfaction-totals" in conference
    assert "100%" in conference


def test_organizer_reads_the_comment_and_reopens_after_confirming(client, answered):
    services.rating_submit(question=answered, author=answered.author, verdict="unsatisfied", comment="Thiếu thời hạn")
    client.force_login(organizer())
    assert "Thiếu thời hạn" in client.get(answered.get_absolute_url()).text
    url = reverse("satisfaction:reopen", args=[answered.pk])
    confirm = client.get(url)
    assert confirm.status_code == 200 and "Thiếu thời hạn" in confirm.text
    assert client.post(url, {"reason": ""}).status_code == 200
    assert Question.objects.get(pk=answered.pk).status == Question.Status.ANSWERED
    assert client.post(url, {"reason": "Bổ sung thời hạn"}).status_code == 302
    assert Question.objects.get(pk=answered.pk).status == Question.Status.APPROVED


def test_dashboard_shows_satisfaction_by_unit_and_topic(client):
    unit = UnitFactory(name="Văn phòng Sở")
    conference = ConferenceFactory()
    for verdict in ("satisfied", "satisfied", "unsatisfied"):
        question = QuestionFactory(conference=conference, status=Question.Status.ANSWERED, addressed_to_unit=unit)
        AnswerFactory(question=question)
        services.rating_submit(question=question, author=question.author, verdict=verdict)
    client.force_login(organizer())
    page = client.get(reverse("followup:dashboard"))
    assert page.status_code == 200
    html = page.text
    assert '<p class="h3 mb-0 satisfaction-total">3</p>' in html
    assert '<p class="h3 mb-0 satisfaction-share">67%</p>' in html
    assert "Văn phòng Sở" in html


@pytest.mark.parametrize("rows", [1, 30])
def test_dashboard_satisfaction_queries_do_not_grow(client, django_assert_num_queries, rows):
    conference = ConferenceFactory()
    for index in range(rows):
        question = QuestionFactory(
            conference=conference, status=Question.Status.ANSWERED, addressed_to_unit=UnitFactory()
        )
        AnswerFactory(question=question)
        Rating.objects.create(
            question=question, author=question.author, verdict="satisfied" if index % 2 else "unsatisfied"
        )
    with django_assert_num_queries(5):
        figures = satisfaction_breakdown()
        [chart.rows for chart in figures["satisfaction_charts"]]
    assert figures["satisfaction_totals"]["total"] == rows
    with django_assert_num_queries(1):
        assert conference_totals(conference)["total"] == rows


def test_report_of_results_gives_satisfaction_by_unit():
    unit = UnitFactory(name="Phòng Công chức, viên chức")
    conference = ConferenceFactory(status="concluded")
    for verdict in ("satisfied", "unsatisfied"):
        question = QuestionFactory(conference=conference, status=Question.Status.ANSWERED, addressed_to_unit=unit)
        AnswerFactory(question=question)
        services.rating_submit(question=question, author=question.author, verdict=verdict)
    _, text = docx_text(build_docx(document_services.document_draft(conference=conference, kind="report")))
    assert "Mức độ hài lòng của người nêu ý kiến" in text
    assert "hài lòng: 1 (50%); chưa hài lòng: 1" in text
    assert "Phòng Công chức, viên chức" in text
