"""The answer queue in the browser, on a phone and on a desktop: an organizer assigns a concern to the leader with a
unit to draft; the unit's liaison drafts; the leader finds it in the queue, edits the draft and publishes it in his own
name; the author and the supporters are told."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from conferences.models import Conference
from core.models import OutboxMessage
from notifications.models import Notification
from questions.models import Answer, AnswerDraft, Question
from tests.e2e.helpers import page_problems

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TITLE = "Hướng dẫn sử dụng Hệ thống thông tin giải quyết thủ tục hành chính"
DRAFT = "Văn phòng Sở phối hợp Phòng Cải cách hành chính tổ chức buổi hướng dẫn thực hành trong tháng tới."
EDIT = " Tài liệu hướng dẫn ngắn gọn được đăng trên trang thông tin điện tử của Sở."


def open_menu(page):
    """On a phone the navigation is behind the menu button."""
    toggler = page.locator("header .navbar-toggler")
    if toggler.is_visible():
        toggler.click()
        page.wait_for_selector("#main-nav.show")


@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_assign_draft_publish(width, live_server, open_page, settings):
    settings.DEBUG = True
    call_command("load_demo", verbosity=0)
    base = live_server.url
    users = {user.username: user for user in get_user_model().objects.all()}
    conference = Conference.objects.get(status=Conference.Status.OPEN)
    concern = Question.objects.get(conference=conference, title=TITLE)
    supporters = set(concern.supports.values_list("user__username", flat=True))
    assert supporters and concern.author.username not in supporters
    problems = []

    def name(short):
        return f"answer-queue-{width}-{short}"

    # 1. The organizer assigns the concern to the leader, Văn phòng Sở to draft.
    organizer = open_page(width, user=users["organizer"])
    organizer.goto(base + concern.get_absolute_url())
    organizer.get_by_role("link", name="Giao lãnh đạo trả lời").click()
    organizer.select_option("#id_leader", label="Lê Quang Hòa")
    organizer.select_option("#id_drafting_unit", label="Văn phòng Sở")
    problems += page_problems(organizer, name("assign"))
    organizer.locator("main form button[type=submit]").click()
    organizer.wait_for_url("**" + concern.get_absolute_url())
    assert "Lê Quang Hòa" in organizer.locator(".answer-assignment").inner_text()
    concern.refresh_from_db()
    assert (concern.assigned_leader.username, concern.drafting_unit.name) == ("leader", "Văn phòng Sở")
    assert Notification.objects.filter(recipient__username="member", kind=Notification.Kind.DRAFT_REQUESTED).exists()

    # 2. The liaison of Văn phòng Sở (the demo member) writes the draft and sends it to the leader.
    liaison = open_page(width, user=users["member"])
    liaison.goto(base + "/questions/to-answer/")
    card = liaison.locator(".answer-queue-item", has_text=TITLE)
    card.get_by_role("link", name="Viết dự thảo").click()
    liaison.fill("#id_body", DRAFT)
    problems += page_problems(liaison, name("draft"))
    liaison.get_by_role("button", name="Gửi dự thảo cho lãnh đạo").click()
    liaison.wait_for_selector("text=Đã gửi dự thảo và báo cho lãnh đạo.")
    draft = AnswerDraft.objects.get(question=concern)
    assert draft.is_ready and draft.written_by.username == "member" and draft.body == DRAFT
    assert not Answer.objects.filter(question=concern).exists()

    # The draft is not public: the author sees the concern without it.
    author = open_page(width, user=concern.author)
    author.goto(base + concern.get_absolute_url())
    assert DRAFT not in author.content()

    # 3. The leader finds it in the queue from the menu, edits the draft and publishes it in his own name.
    leader = open_page(width, user=users["leader"])
    leader.goto(base + "/")
    open_menu(leader)
    leader.locator("header a[href='/questions/to-answer/']").click()
    leader.wait_for_url("**/questions/to-answer/")
    problems += page_problems(leader, name("queue"))
    leader.locator(".answer-queue-item", has_text=TITLE).get_by_role("link", name="Xem dự thảo và đăng").click()
    assert leader.input_value("#id_body") == DRAFT
    leader.fill("#id_body", DRAFT + EDIT)
    button = leader.locator("main form button[type=submit]")
    assert button.inner_text().strip() == "Đăng câu trả lời bằng văn bản đứng tên đồng chí"
    problems += page_problems(leader, name("publish"))
    button.click()
    leader.wait_for_url("**/questions/to-answer/")
    assert TITLE not in leader.locator("main").inner_text()

    answer = Answer.objects.get(question=concern)
    assert answer.body == DRAFT + EDIT and answer.kind == Answer.Kind.WRITTEN
    assert answer.responder.user.username == "leader" and answer.recorded_by.username == "leader"
    assert AnswerDraft.objects.get(question=concern).answer == answer

    # 4. The author and the supporters are told: in the portal and by e-mail (in the outbox).
    told = set(
        Notification.objects.filter(
            kind=Notification.Kind.CONCERN_ANSWERED, url=concern.get_absolute_url()
        ).values_list("recipient__username", flat=True)
    )
    assert told == {concern.author.username, *supporters}
    mailed = {
        address
        for message in OutboxMessage.objects.filter(key__startswith=f"question:{concern.pk}:answer:")
        for address in message.recipients
    }
    assert mailed == {users[username].email for username in told}
    author.goto(base + concern.get_absolute_url())
    assert EDIT.strip() in author.locator("main").inner_text()
    assert not problems, "\n\n".join(problems)
