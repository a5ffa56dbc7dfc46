"""E-mails to the author: approved, rejected (with the reason), merged, answered; only after the commit."""

import pytest
from django.core import mail
from django.db import transaction

from core import mail as site_mail
from questions import services
from questions.models import Question
from tests.factories import ParticipantFactory, QuestionFactory, UserFactory, organizer

pytestmark = pytest.mark.django_db


@pytest.fixture
def pending():
    return QuestionFactory(status=Question.Status.PENDING, title="Trang bị máy tính", author__email="an@example.org")


def test_approve_sends_mail_after_commit(pending, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.question_approve(question=pending, moderator=organizer())
        assert mail.outbox == []  # nothing before the commit
    assert callbacks  # the e-mail (and the projector's refresh) wait for the commit
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["an@example.org"]
    assert pending.reference in message.subject
    assert "Trang bị máy tính" in message.body
    assert f"/questions/{pending.pk}/" in message.body


def test_mail_is_written_in_the_site_language_whatever_the_request_language(
    pending, django_capture_on_commit_callbacks, monkeypatch
):
    from django.utils import translation

    from core import mail as site_mail

    languages = []
    real_render = site_mail.render_to_string

    def spy(template_name, context):
        languages.append(translation.get_language())
        return real_render(template_name, context)

    monkeypatch.setattr(site_mail, "render_to_string", spy)
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        services.question_approve(question=pending, moderator=organizer())
    assert languages == ["vi", "vi"]  # subject and body


def test_reject_mail_carries_the_reason(pending, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.question_reject(question=pending, moderator=organizer(), reason="Nội dung đã được trả lời năm 2023")
    assert len(mail.outbox) == 1
    assert "Nội dung đã được trả lời năm 2023" in mail.outbox[0].body


def test_merge_mail_names_the_other_concern(pending, django_capture_on_commit_callbacks):
    target = QuestionFactory(conference=pending.conference, title="Máy tính cho đoàn viên")
    with django_capture_on_commit_callbacks(execute=True):
        services.question_merge(question=pending, into=target, moderator=organizer())
    assert len(mail.outbox) == 1
    assert target.reference in mail.outbox[0].body and "Máy tính cho đoàn viên" in mail.outbox[0].body
    assert f"/questions/{target.pk}/" in mail.outbox[0].body


def test_answer_mail_carries_the_answer(django_capture_on_commit_callbacks):
    question = QuestionFactory(status=Question.Status.APPROVED)
    responder = ParticipantFactory(conference=question.conference, full_name="Lê Quang Hòa")
    with django_capture_on_commit_callbacks(execute=True):
        services.answer_record(question=question, responder=responder, recorded_by=organizer(), body="Sở đồng ý.")
    assert len(mail.outbox) == 1
    assert "Lê Quang Hòa" in mail.outbox[0].body and "Sở đồng ý." in mail.outbox[0].body


def test_no_mail_when_the_transaction_rolls_back(pending, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                services.question_approve(question=pending, moderator=organizer())
                raise RuntimeError("something later in the same request failed")
        except RuntimeError:
            pass
    assert callbacks == []
    assert mail.outbox == []
    pending.refresh_from_db()
    assert pending.status == Question.Status.PENDING


def test_no_mail_when_bulk_approve_is_refused(django_capture_on_commit_callbacks):
    ok = QuestionFactory(status=Question.Status.PENDING)
    stale = QuestionFactory(conference=ok.conference, status=Question.Status.APPROVED)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(Exception):  # noqa: B017
        services.question_bulk_approve(questions=[ok, stale], moderator=organizer())
    assert mail.outbox == []


def test_author_without_email_is_skipped(django_capture_on_commit_callbacks):
    question = QuestionFactory(status=Question.Status.PENDING, author=UserFactory(email=""))
    with django_capture_on_commit_callbacks(execute=True):
        services.question_approve(question=question, moderator=organizer())
    assert mail.outbox == []


def test_submit_sends_a_receipt_with_the_reference(django_capture_on_commit_callbacks):
    from tests.factories import ConferenceFactory

    author = UserFactory(email="moi@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        question = services.question_submit(
            conference=ConferenceFactory(), author=author, title="Chuyển đổi số", body="Nội dung"
        )
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["moi@example.org"]
    assert question.reference in mail.outbox[0].subject and question.reference in mail.outbox[0].body


def test_no_receipt_for_history_recorded_without_window_check(django_capture_on_commit_callbacks):
    from tests.factories import ConferenceFactory

    with django_capture_on_commit_callbacks(execute=True):
        services.question_submit(
            conference=ConferenceFactory(), author=UserFactory(), title="Lịch sử", body="Nội dung", check_window=False
        )
    assert mail.outbox == []


def test_no_mail_for_withdraw_or_support(django_capture_on_commit_callbacks):
    question = QuestionFactory(status=Question.Status.PENDING)
    with django_capture_on_commit_callbacks(execute=True):
        services.question_withdraw(question=question, author=question.author)
        services.support_toggle(question=QuestionFactory(), user=UserFactory())
    assert mail.outbox == []


def test_mail_server_down_does_not_break_the_page(pending, client, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "tests.questions.test_notifications.BrokenBackend"
    moderator = organizer()
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/conferences/{pending.conference.slug}/moderate/{pending.pk}/approve/")
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == Question.Status.APPROVED


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("SMTP is down")


def test_no_mail_inside_suppressed_block(pending, django_capture_on_commit_callbacks):

    with django_capture_on_commit_callbacks(execute=True), site_mail.suppressed():
        services.question_approve(question=pending, moderator=organizer())
    assert mail.outbox == []
    assert not site_mail.are_suppressed()


def test_mail_sent_from_a_page_links_to_the_portal_address(pending, client, django_capture_on_commit_callbacks):
    client.force_login(organizer())
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/conferences/{pending.conference.slug}/moderate/{pending.pk}/approve/")
    assert f"http://testserver/questions/{pending.pk}/" in mail.outbox[0].body


def test_mail_uses_site_url_setting_outside_a_request(pending, settings, django_capture_on_commit_callbacks):
    settings.SITE_URL = "https://doithoai.example.gov.vn"
    with django_capture_on_commit_callbacks(execute=True):
        services.question_approve(question=pending, moderator=organizer())
    assert f"https://doithoai.example.gov.vn/questions/{pending.pk}/" in mail.outbox[0].body


def test_site_url_middleware_gives_links_to_admin_actions_too(
    pending, rf, settings, django_capture_on_commit_callbacks
):
    from core.mail import site_url_middleware

    settings.ALLOWED_HOSTS = ["doithoai.example.gov.vn"]
    moderator = organizer()

    def view(request):
        services.question_approve(question=pending, moderator=moderator)
        return None

    with django_capture_on_commit_callbacks(execute=True):
        site_url_middleware(view)(rf.post("/admin/questions/question/", HTTP_HOST="doithoai.example.gov.vn"))
    assert f"http://doithoai.example.gov.vn/questions/{pending.pk}/" in mail.outbox[0].body
