"""The whole chain of a conference in real browsers, once on a phone and once on a desktop, with the projector at
1920×1080: prepare and open, submit (keyboard only), approve, support, the live session (console keyboard only),
a written answer, the conclusion with two directives, a unit's liaison reporting one done (from its notification) and
the organizer confirming it, the dashboard, an anonymous reader, and the language switch. Every page a step lands on
goes through axe-core and the overflow check, and is screenshotted to
test-artifacts/screenshots/chain-<width>-<step>.png."""

import re

import pytest
from django.core import mail
from django.core.management import call_command

from conferences.models import Conference
from questions.models import Answer, Directive, DirectiveUpdate, Question, Support
from tests.e2e.helpers import check_page, log_in, press_on, tab_to, type_into

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TITLE = "Hội nghị đối thoại giữa lãnh đạo Sở với thanh niên năm 2027"
SLUG = "hoi-nghi-doi-thoai-giua-lanh-dao-so-voi-thanh-nien-nam-2027"
CONCERN_TITLE = "Đề nghị tổ chức lớp bồi dưỡng kỹ năng số cho đoàn viên"
CONCERN_BODY = (
    "Nhiều đoàn viên mới được tuyển dụng còn lúng túng khi dùng hệ thống quản lý văn bản điều hành. "
    "Đề nghị Sở phối hợp với Chi đoàn mở lớp bồi dưỡng ngắn hạn trong quý II."
)
ANSWER_NOTE = "Lãnh đạo Sở đồng ý, giao Văn phòng Sở chủ trì tổ chức lớp bồi dưỡng."
WRITTEN_ANSWER = (
    "Sở Nội vụ sẽ tổ chức 02 lớp bồi dưỡng kỹ năng số cho đoàn viên trong tháng 5/2027; "
    "Văn phòng Sở chủ trì, Chi đoàn phối hợp lập danh sách học viên."
)
DIRECTIVES = [
    ("Văn phòng Sở", "31/05/2027", "Văn phòng Sở chủ trì tổ chức lớp bồi dưỡng kỹ năng số cho đoàn viên."),
    (
        "Phòng Công chức, viên chức",
        "30/06/2027",
        "Phòng Công chức, viên chức cử đoàn viên đi đào tạo.",
    ),
]
POLL = 4_000 + 2_500  # the projector polls every 4 s


@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_the_whole_chain(live_server, open_page, settings, width):
    settings.DEBUG = True  # load_demo creates the demo accounts only in development
    call_command("load_demo", verbosity=0)
    mail.outbox.clear()
    base = live_server.url
    step = iter(range(1, 100))

    def check(page, name, **kwargs):
        check_page(page, f"chain-{width}-{next(step):02d}-{name}", **kwargs)

    organizer, member, member2, leader, visitor = (open_page(width) for _ in range(5))

    # 1. The organizer prepares the conference: its details, one agenda item, the chair from his account.
    log_in(organizer, base, "organizer")
    organizer.goto(base + "/conferences/new/")
    organizer.fill("#id_title", TITLE)
    organizer.fill("#id_theme", "Thanh niên Sở Nội vụ với chuyển đổi số")
    organizer.fill("#id_venue", "Hội trường Sở Nội vụ")
    organizer.select_option("#id_organizer_unit", label="Chi đoàn Sở Nội vụ")
    organizer.fill("#id_starts_at", "26/03/2027 08:00")
    organizer.fill("#id_ends_at", "26/03/2027 11:30")
    organizer.wait_for_selector("#id_agenda-0-order")
    organizer.fill("#id_agenda-0-start_time", "08:00")
    organizer.fill("#id_agenda-0-duration_minutes", "120")
    organizer.fill("#id_agenda-0-title", "Đối thoại giữa lãnh đạo Sở với đoàn viên, thanh niên")
    organizer.wait_for_selector("#id_participants-0-order")
    organizer.select_option("#id_participants-0-user", label="Lê Quang Hòa (leader)")
    organizer.select_option("#id_participants-0-role", "chair")
    check(organizer, "organizer-new-conference")
    organizer.locator("form.conference-page button[type=submit]").click()
    organizer.wait_for_url(f"**/conferences/{SLUG}/")
    conference = Conference.objects.get(slug=SLUG)
    assert conference.status == Conference.Status.DRAFT and not conference.is_published
    check(organizer, "organizer-draft")

    # ... and opens it for concerns, which publishes it.
    organizer.goto(f"{base}/conferences/{SLUG}/actions/open/")
    check(organizer, "organizer-open-confirm")
    organizer.locator("main form button[type=submit]").click()
    organizer.wait_for_url(f"**/conferences/{SLUG}/")
    conference.refresh_from_db()
    assert conference.status == Conference.Status.OPEN and conference.is_published

    # 2. A member submits a concern in Vietnamese with the keyboard alone; first without a title, to see the errors.
    log_in(member, base, "member")
    member.goto(f"{base}/conferences/{SLUG}/questions/new/")
    tab_to(member, "#id_topic")
    member.keyboard.press("ArrowDown")
    assert member.input_value("#id_topic") != ""
    type_into(member, "#id_body", CONCERN_BODY)
    press_on(member, "main form button[type=submit]")
    member.wait_for_selector("#id_title.is-invalid")
    assert Question.objects.filter(conference=conference).count() == 0
    assert member.locator("#id_title").get_attribute("aria-invalid") == "true"
    check(member, "member-submit-errors")
    assert member.input_value("#id_body") == CONCERN_BODY  # nothing typed is lost
    type_into(member, "#id_title", CONCERN_TITLE)
    press_on(member, "main form button[type=submit]")
    member.wait_for_url("**/submitted/")
    concern = Question.objects.get(conference=conference, title=CONCERN_TITLE)
    assert concern.status == Question.Status.PENDING and concern.author.username == "member"
    assert concern.body == CONCERN_BODY and concern.topic is not None
    assert concern.reference in member.locator("main").inner_text()
    check(member, "member-submitted")
    member.goto(base + "/questions/mine/")
    assert CONCERN_TITLE in member.locator("main").inner_text()
    check(member, "member-my-concerns")

    # 3. The organizer approves it.
    organizer.goto(f"{base}/conferences/{SLUG}/moderate/")
    check(organizer, "organizer-moderation")
    organizer.locator(f"article#q{concern.pk} form[action$='/approve/'] button").click()
    organizer.wait_for_url(f"**/conferences/{SLUG}/moderate/**")
    concern.refresh_from_db()
    assert concern.status == Question.Status.APPROVED
    # the receipt, the organizers' notification of a new concern, the approval
    assert [m.to for m in mail.outbox] == [["member@example.org"], ["organizer@example.org"], ["member@example.org"]]

    # 4. Another member supports it, in place.
    log_in(member2, base, "member2")
    member2.goto(f"{base}/conferences/{SLUG}/questions/")
    button = member2.locator(f"#support-{concern.pk} button")
    assert button.get_attribute("aria-pressed") == "false"
    button.click()
    member2.locator(f"#support-{concern.pk} button[aria-pressed=true]").wait_for()
    assert Support.objects.filter(question=concern, user__username="member2").exists()
    check(member2, "member2-supported")

    # 5. The session: the organizer starts it; the projector shows the concern the console puts on screen.
    organizer.goto(f"{base}/conferences/{SLUG}/actions/start/")
    organizer.locator("main form button[type=submit]").click()
    organizer.wait_for_url(f"**/conferences/{SLUG}/")
    conference.refresh_from_db()
    assert conference.status == Conference.Status.IN_SESSION
    projector = open_page("projector")
    projector.goto(f"{base}/conferences/{SLUG}/live/")
    projector.wait_for_selector(f"#live-feed .live-queue-item:has-text('{CONCERN_TITLE}')")
    check(projector, "projector-queue", fit_height=True)

    # The console from the keyboard alone: put on screen, name the leader, mark answered.
    organizer.goto(f"{base}/conferences/{SLUG}/live/console/")
    check(organizer, "console-queue")
    press_on(organizer, f"#q{concern.pk} form[action$='/screen/'] button")
    organizer.wait_for_selector("#on-screen-heading ~ * #id_responder, #id_responder")
    projector.wait_for_function(
        "t => (document.querySelector('.live-now-title') || {}).textContent === t", arg=CONCERN_TITLE, timeout=POLL
    )
    chair = organizer.locator("#id_responder option", has_text="Lê Quang Hòa").get_attribute("value")
    tab_to(organizer, "#id_responder")
    for _ in range(organizer.locator("#id_responder option").count()):
        if organizer.input_value("#id_responder") == chair:
            break
        organizer.keyboard.press("ArrowDown")
    assert organizer.input_value("#id_responder") == chair
    press_on(organizer, "form:has(#id_responder) button[type=submit]")
    projector.wait_for_selector(".live-responder:has-text('Lê Quang Hòa')", timeout=POLL)
    check(projector, "projector-now-answering", fit_height=True)
    check(organizer, "console-on-screen")
    type_into(organizer, "#id_answer_note", ANSWER_NOTE)
    press_on(organizer, "form:has(#id_answer_note) button[type=submit]")
    organizer.wait_for_url(re.compile(r"/live/console/$"))
    concern.refresh_from_db()
    assert concern.status == Question.Status.ANSWERED
    spoken = Answer.objects.get(question=concern)
    assert spoken.kind == Answer.Kind.AT_CONFERENCE and spoken.responder.full_name == "Lê Quang Hòa"
    projector.wait_for_selector(f".live-recent-list li:has-text('{CONCERN_TITLE}')", timeout=POLL)
    check(projector, "projector-answered", fit_height=True)

    # 6. The leader adds a written answer in his own name; the member reads it.
    log_in(leader, base, "leader")
    leader.goto(f"{base}/dashboard/?conference={conference.pk}")
    check(leader, "leader-dashboard-before")
    directives_before = _directive_totals(leader)
    leader.goto(base + concern.get_absolute_url())
    leader.get_by_role("link", name="Ghi nhận câu trả lời").click()
    leader.select_option("#id_kind", "written")
    leader.fill("#id_body", WRITTEN_ANSWER)
    check(leader, "leader-answer-form")
    leader.locator("main form button[type=submit]").click()
    leader.wait_for_url("**" + concern.get_absolute_url())
    written = Answer.objects.get(question=concern, kind=Answer.Kind.WRITTEN)
    assert written.responder.user.username == "leader" and written.body == WRITTEN_ANSWER
    member.goto(base + concern.get_absolute_url())
    assert WRITTEN_ANSWER in member.locator("main").inner_text()
    assert ANSWER_NOTE in member.locator("main").inner_text()
    check(member, "member-reads-answers")

    # 7. The organizer concludes: the conclusion with two directives, then publishes it.
    organizer.goto(f"{base}/conferences/{SLUG}/actions/conclude/")
    organizer.locator("main form button[type=submit]").click()
    organizer.wait_for_url(f"**/conferences/{SLUG}/")
    organizer.goto(f"{base}/conferences/{SLUG}/conclusion/edit/")
    organizer.fill("#id_conclusion-number", "01-KL/SNV")
    organizer.fill("#id_conclusion-body", "Kết luận Hội nghị đối thoại năm 2027 của Giám đốc Sở Nội vụ.")
    for index, (unit, deadline, content) in enumerate(DIRECTIVES):
        organizer.fill(f"#id_directives-{index}-order", str(index + 1))
        organizer.fill(f"#id_directives-{index}-content", content)
        organizer.select_option(f"#id_directives-{index}-lead_unit", label=unit)
        organizer.fill(f"#id_directives-{index}-deadline", deadline)
    organizer.select_option("#id_directives-0-related_questions", str(concern.pk))
    check(organizer, "organizer-conclusion-form")
    organizer.locator("main form button[type=submit]").last.click()
    organizer.wait_for_url(f"**/conferences/{SLUG}/conclusion/")
    organizer.goto(f"{base}/conferences/{SLUG}/conclusion/publish/")
    check(organizer, "organizer-publish-confirm")
    organizer.locator("main form button[type=submit]").click()
    organizer.wait_for_url(f"**/conferences/{SLUG}/conclusion/")
    directives = list(Directive.objects.filter(conclusion__conference=conference).order_by("order"))
    assert [d.content for d in directives] == [content for _, _, content in DIRECTIVES]
    assert directives[0].conclusion.is_published
    check(organizer, "organizer-conclusion")

    # 8. The liaison of Văn phòng Sở (the demo member) was notified of the directive, and reports it done.
    member.goto(f"{base}/notifications/")
    member.locator(".notification-unread a", has_text=f"chủ trì nhiệm vụ 1 của {TITLE}").first.click()
    member.wait_for_url(f"**/directives/{directives[0].pk}/")
    member.select_option("#id_status", "reported_done")
    member.fill("#id_progress", "100")
    member.fill("#id_note", "Đã tổ chức 02 lớp bồi dưỡng cho 35 đoàn viên.")
    member.locator("#update form button[type=submit]").click()
    member.wait_for_url(f"**/directives/{directives[0].pk}/")
    update = DirectiveUpdate.objects.get(directive=directives[0])
    assert (update.author.username, update.progress) == ("member", 100)
    directives[0].refresh_from_db()
    assert directives[0].status == Directive.Status.REPORTED_DONE
    assert "chờ xác nhận" in member.locator("main").inner_text()
    check(member, "liaison-report-done")

    # ... the organizer sees it in the header's count and on /notifications/, and confirms it.
    organizer.goto(f"{base}/")
    count = organizer.locator("[data-testid=unread-count]:visible")
    assert int(count.inner_text().split()[0]) >= 1
    organizer.goto(f"{base}/notifications/")
    organizer.locator(".notification-unread a", has_text="báo cáo đã hoàn thành").first.click()
    organizer.wait_for_url(f"**/directives/{directives[0].pk}/")
    check(organizer, "organizer-directive-reported")
    organizer.locator(f"a[href='/directives/{directives[0].pk}/confirm/']").click()
    organizer.wait_for_url(f"**/directives/{directives[0].pk}/confirm/")
    assert "Đã tổ chức 02 lớp bồi dưỡng" in organizer.locator("main").inner_text()
    check(organizer, "organizer-confirm-done")
    organizer.locator("main form button[type=submit]").click()
    organizer.wait_for_url(f"**/directives/{directives[0].pk}/")
    directives[0].refresh_from_db()
    assert directives[0].status == Directive.Status.DONE and directives[0].completed_at == update.created_at
    member.goto(f"{base}/notifications/")
    assert "đã được xác nhận hoàn thành" in member.locator("main").inner_text()

    # 9. The dashboard has moved: one directive done, one still in progress.
    leader.goto(f"{base}/dashboard/?conference={conference.pk}")
    assert directives_before == {"done": 0, "in_progress": 0}
    assert _directive_totals(leader) == {"done": 1, "in_progress": 1}
    check(leader, "leader-dashboard-after")

    # 10. An anonymous visitor reads the conference and its conclusion.
    visitor.goto(f"{base}/conferences/{SLUG}/")
    assert visitor.get_by_role("heading", level=1).inner_text() == TITLE
    assert CONCERN_TITLE in visitor.locator("main").inner_text()
    check(visitor, "visitor-conference")
    visitor.goto(f"{base}/conferences/{SLUG}/conclusion/")
    text = visitor.locator("main").inner_text()
    assert "01-KL/SNV" in text and all(content in text for _, _, content in DIRECTIVES)
    check(visitor, "visitor-conclusion")

    # 11. The visitor switches to English and back, staying on the page.
    _switch_language(visitor, "English")
    assert visitor.locator("html").get_attribute("lang") == "en"
    assert visitor.locator(".navbar-brand").inner_text() == "Dialogue Portal"
    assert "SỞ NỘI VỤ" in visitor.title()  # the organization profile's name, a proper name in either language
    assert visitor.url.endswith(f"/conferences/{SLUG}/conclusion/")
    check(visitor, "visitor-conclusion-english")
    _switch_language(visitor, "Tiếng Việt")
    assert visitor.locator("html").get_attribute("lang") == "vi"
    assert visitor.locator(".navbar-brand").inner_text() == "Cổng đối thoại"
    assert visitor.url.endswith(f"/conferences/{SLUG}/conclusion/")


def _directive_totals(page) -> dict[str, int]:
    return {key: int(page.locator(f".directive-total-{key}").inner_text()) for key in ("done", "in_progress")}


def _switch_language(page, label: str):
    toggler = page.locator("header .navbar-toggler")
    if toggler.is_visible():
        toggler.click()
    page.locator("header form[action='/i18n/setlang/']").get_by_role("button", name=label).click()
    page.wait_for_load_state()
