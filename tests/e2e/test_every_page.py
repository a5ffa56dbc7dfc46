"""A browser tour of every HTML page of the portal, for each role, on a phone and on a desktop screen.

Each page a role can open is visited with the demo data and goes through `page_problems`: axe-core (WCAG 2.1 A/AA and
best practices, serious or critical violations), no sideways scrolling, and a screenshot to look at. States that a plain
GET never shows are visited too: the phone menu and the user menu opened, and the main forms sent back with errors.

The problems of one tour are collected, not raised at the first one, so a failure lists every page that needs work.
`test_every_url_is_toured_or_excused` keeps the tour complete: a new URL pattern must be visited here or listed in
NOT_PAGES with the reason, or that test fails.
"""

from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import resolve, reverse

from conferences.models import Conference, Liaison
from initiatives.models import Initiative
from polls import services as poll_services
from polls.models import MAX_OPTIONS
from questions.models import TITLE_MAX_LENGTH, Answer, Directive, Question
from questions.selectors.followup import responders
from questions.services.live import live_mark_answered, live_set_now_answering
from tests.e2e.helpers import page_problems
from tests.factories import QuestionFactory, UnitFactory, member
from tests.test_permission_matrix import project_url_names

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ROLES = ("anonymous", "member", "member2", "leader", "organizer")
WIDTHS = ("phone", "desktop")
EVERYONE = ROLES
SIGNED_IN = ("member", "member2", "leader", "organizer")
AUTHORS = ("member", "member2")  # each has a pending concern of his own in the demo data
LEADERS = ("leader", "organizer")
# The demo concern assigned to the leader is drafted by member's unit, of which member is the liaison.
LIAISON_AND_LEADERS = ("member", "leader", "organizer")
ORGANIZERS = ("organizer",)
# Variants of a page whose markup does not change with the role (a search, a filter, another conference's list) are
# toured by the public and by the organizer, who sees the most; every role still tours the page itself.
VARIANT_READERS = ("anonymous", "organizer")

# URL patterns that are no page to tour, and why.
NOT_PAGES = {
    "healthz": "a plain-text health check for the load balancer",
    "readyz": "a JSON readiness check for the load balancer",
    "outbox_retry": "POST only (the button of a failed e-mail on the outbox page)",
    "notifications:open": "a redirect to where the notification points (a page toured here)",
    "notifications:read_all": "POST only (the button of the notifications page)",
    "notifications:email_preferences": "POST only (the e-mail settings form of the profile page)",
    "logout": "POST only (the user menu's button)",
    "short_submit": "a redirect from the QR code's short link to the submission form",
    "conferences:calendar": "an iCalendar file download",
    "conferences:calendar_feed": "an iCalendar file for calendar apps to subscribe to",
    "accounts:member_import_confirm": "POST only; its preview is the import page's error state below",
    "accounts:member_import_template": "a spreadsheet download (the import template; tests/accounts reads it back)",
    "accounts:member_password_link": "POST only (a button on the member's edit page)",
    "conference_questions:moderate_bulk": "POST only (a form on the moderation page)",
    "conference_questions:moderate_approve": "POST only (a form on the moderation page)",
    "conference_questions:moderate_reject": "POST only (a form on the moderation page)",
    "conference_questions:moderate_merge": "POST only (a form on the moderation page)",
    "conference_questions:moderate_classify": "POST only (a form on the moderation page)",
    "conference_questions:live_feed": "the HTML fragment the projector polls, toured inside the live page",
    "conference_questions:live_action": "POST only (the buttons of the live console)",
    "questions:support": "POST only (the support button)",
    "followup:directive_update": "POST only; its GET redirects to the directive page, whose form errors are toured",
    "followup:evidence": "a file download",
    "documents:file": "a DOCX or PDF download (tests/documents reads the files back)",
    "documents:version": "a DOCX or PDF download of an issued version",
    "documents:scan": "POST only (the signed scan's form on the documents page)",
    "conference_questions:export_csv": "a spreadsheet download (the concern list's CSV)",
    "conference_questions:export_xlsx": "a spreadsheet download (the concern list's XLSX)",
    "followup:directives_export_csv": "a spreadsheet download (the directives board's CSV)",
    "followup:directives_export_xlsx": "a spreadsheet download (the directives board's XLSX)",
    "open_data:zip": "a ZIP download of the open data",
    "feeds:answers": "an Atom feed for feed readers and the e-portal",
    "feeds:conclusions": "an Atom feed for feed readers and the e-portal",
    "conference_questions:feed_answers": "an Atom feed for feed readers and the e-portal",
    "conference_questions:feed_conclusions": "an Atom feed for feed readers and the e-portal",
    **{
        f"api:{name}": "JSON of the public API, for programs"
        for name in ("index", "api-root", "openapi-json", "conferences", "conference", "concerns", "concern")
        + ("conclusions", "directives", "topics", "units")
    },
    "api:openapi-view": "the API's interactive docs: Swagger UI's own page, outside the portal's layout",
    "conferences:participants_csv": "a spreadsheet download (participants and attendance, CSV)",
    "conferences:participants_xlsx": "a spreadsheet download (participants and attendance, XLSX)",
    "followup:dashboard_export_csv": "a spreadsheet download (the dashboard's figures, CSV)",
    "followup:dashboard_export_xlsx": "a spreadsheet download (the dashboard's figures, XLSX)",
    "polls:delete": "POST only (the delete button of a prepared poll on the polls page)",
    "polls:vote": "POST only (the ballot on the polls page)",
    "polls:action": "POST only (the open and close buttons of the live console)",
    "initiatives:export_xlsx": "a spreadsheet download (the youth initiatives, XLSX)",
    "initiatives:update": "POST only; its GET redirects to the initiative's page, whose form errors are toured",
    "initiatives:evidence": "a file download",
}


@dataclass(frozen=True)
class Stop:
    """One page of the tour: the URL pattern it belongs to, a short name for the screenshots, its path."""

    url_name: str
    short: str
    path: Callable[[SimpleNamespace], str]
    roles: tuple[str, ...]
    status: int = 200


def _conference(w, name, conference=None, **kwargs):
    return reverse(name, kwargs={"slug": (conference or w.open).slug, **kwargs})


STOPS = [
    Stop("home", "home", lambda w: reverse("home"), EVERYONE),
    Stop("help", "help", lambda w: reverse("help"), EVERYONE),
    Stop("open_data:index", "open-data", lambda w: reverse("open_data:index"), EVERYONE),
    Stop("conferences:list", "conferences", lambda w: reverse("conferences:list"), EVERYONE),
    Stop(
        "conferences:list",
        "conferences-search",
        lambda w: reverse("conferences:list") + "?q=chuyen+doi+so",
        VARIANT_READERS,
    ),
    Stop(
        "conferences:list",
        "conferences-filter",
        lambda w: reverse("conferences:list") + "?year=2023&status=concluded",
        VARIANT_READERS,
    ),
    Stop(
        "conferences:list", "conferences-none", lambda w: reverse("conferences:list") + "?q=khong+co+gi", ("anonymous",)
    ),
    Stop("conferences:detail", "conference-open", lambda w: _conference(w, "conferences:detail"), EVERYONE),
    Stop("conferences:detail", "conference-2023", lambda w: _conference(w, "conferences:detail", w.past), EVERYONE),
    Stop("conference_questions:list", "concerns", lambda w: _conference(w, "conference_questions:list"), EVERYONE),
    Stop(
        "conference_questions:list",
        "concerns-2023",
        lambda w: _conference(w, "conference_questions:list", w.past) + "?sort=supports",
        VARIANT_READERS,
    ),
    Stop("questions:detail", "concern-approved", lambda w: w.approved.get_absolute_url(), EVERYONE),
    Stop("questions:detail", "concern-answered", lambda w: w.answered.get_absolute_url(), EVERYONE),
    Stop("questions:detail", "concern-pending", lambda w: w.pending.get_absolute_url(), AUTHORS + ORGANIZERS),
    Stop("conference_questions:new", "concern-new", lambda w: _conference(w, "conference_questions:new"), SIGNED_IN),
    Stop(
        "questions:submitted",
        "concern-submitted",
        lambda w: reverse("questions:submitted", args=[w.pending.pk]),
        AUTHORS,
    ),
    Stop("questions:edit", "concern-edit", lambda w: reverse("questions:edit", args=[w.pending.pk]), AUTHORS),
    Stop(
        "questions:withdraw", "concern-withdraw", lambda w: reverse("questions:withdraw", args=[w.pending.pk]), AUTHORS
    ),
    Stop("questions:mine", "my-concerns", lambda w: reverse("questions:mine"), SIGNED_IN),
    Stop("questions:detail", "concern-2023-rated", lambda w: w.rated.get_absolute_url(), AUTHORS + ORGANIZERS),
    Stop("satisfaction:rate", "rate-answer", lambda w: reverse("satisfaction:rate", args=[w.unrated.pk]), ("member",)),
    Stop("satisfaction:reopen", "reopen", lambda w: reverse("satisfaction:reopen", args=[w.rated.pk]), ORGANIZERS),
    Stop("followup:directives", "directives", lambda w: reverse("followup:directives"), SIGNED_IN),
    Stop(
        "followup:directives",
        "directives-overdue",
        lambda w: reverse("followup:directives") + "?overdue=1",
        ("leader",),
    ),
    Stop("followup:directive", "directive", lambda w: reverse("followup:directive", args=[w.directive.pk]), SIGNED_IN),
    Stop(
        "followup:directive",
        "directive-reported-done",
        lambda w: reverse("followup:directive", args=[w.reported.pk]),
        ("member", "organizer"),
    ),
    Stop(
        "followup:directive_confirm",
        "directive-confirm",
        lambda w: reverse("followup:directive_confirm", args=[w.reported.pk]),
        ORGANIZERS,
    ),
    Stop(
        "followup:directive_send_back",
        "directive-send-back",
        lambda w: reverse("followup:directive_send_back", args=[w.reported.pk]),
        ORGANIZERS,
    ),
    Stop(
        "conference_questions:conclusion",
        "conclusion",
        lambda w: _conference(w, "conference_questions:conclusion", w.past),
        EVERYONE,
    ),
    Stop(
        "conference_questions:conclusion",
        "conclusion-none-yet",
        lambda w: _conference(w, "conference_questions:conclusion"),
        ORGANIZERS,
    ),
    Stop("documents:list", "documents-2023", lambda w: _conference(w, "documents:list", w.past), EVERYONE),
    Stop("documents:list", "documents-open", lambda w: _conference(w, "documents:list"), LEADERS),
    Stop(
        "documents:issue",
        "document-issue",
        lambda w: _conference(w, "documents:issue", w.past, kind="notice"),
        ORGANIZERS,
    ),
    Stop("organization_profile", "organization-profile", lambda w: reverse("organization_profile"), ORGANIZERS),
    Stop("conference_questions:live", "live", lambda w: _conference(w, "conference_questions:live"), EVERYONE),
    Stop(
        "conference_questions:live_console",
        "live-console",
        lambda w: _conference(w, "conference_questions:live_console"),
        ORGANIZERS,
    ),
    Stop(
        "conference_questions:moderate",
        "moderation",
        lambda w: _conference(w, "conference_questions:moderate"),
        ORGANIZERS,
    ),
    Stop(
        "conference_questions:moderate_edit",
        "moderator-edit",
        lambda w: _conference(w, "conference_questions:moderate_edit", pk=w.pending.pk),
        ORGANIZERS,
    ),
    Stop("conferences:create", "conference-new", lambda w: reverse("conferences:create"), ORGANIZERS),
    Stop("conferences:edit", "conference-edit", lambda w: _conference(w, "conferences:edit"), ORGANIZERS),
    Stop(
        "conferences:action",
        "conference-start",
        lambda w: _conference(w, "conferences:action", action="start"),
        ORGANIZERS,
    ),
    Stop("units:list", "units", lambda w: reverse("units:list"), ORGANIZERS),
    Stop("units:create", "unit-new", lambda w: reverse("units:create"), ORGANIZERS),
    Stop("units:edit", "unit-edit", lambda w: reverse("units:edit", args=[w.unit.pk]), ORGANIZERS),
    Stop("outbox", "outbox", lambda w: reverse("outbox"), ORGANIZERS),
    Stop("notifications:list", "notifications", lambda w: reverse("notifications:list"), SIGNED_IN),
    Stop("units:liaisons", "unit-liaisons", lambda w: reverse("units:liaisons", args=[w.unit.pk]), ORGANIZERS),
    Stop(
        "units:liaison_remove",
        "liaison-remove",
        lambda w: reverse("units:liaison_remove", args=[w.unit.pk, w.liaison.pk]),
        ORGANIZERS,
    ),
    Stop("units:action", "unit-delete", lambda w: reverse("units:action", args=[w.unit.pk, "delete"]), ORGANIZERS),
    Stop("accounts:members", "members", lambda w: reverse("accounts:members"), ORGANIZERS),
    Stop("accounts:member_new", "member-new", lambda w: reverse("accounts:member_new"), ORGANIZERS),
    Stop("accounts:member_import", "member-import", lambda w: reverse("accounts:member_import"), ORGANIZERS),
    Stop(
        "accounts:member_edit",
        "member-edit",
        lambda w: reverse("accounts:member_edit", args=[w.member2.pk]),
        ORGANIZERS,
    ),
    Stop(
        "accounts:member_deactivate",
        "member-deactivate",
        lambda w: reverse("accounts:member_deactivate", args=[w.member2.pk]),
        ORGANIZERS,
    ),
    Stop(
        "accounts:member_reactivate",
        "member-reactivate",
        lambda w: reverse("accounts:member_reactivate", args=[w.member2.pk]),
        ORGANIZERS,
    ),
    Stop("search:results", "search", lambda w: reverse("search:results") + "?q=chu+ki+so", EVERYONE),
    Stop(
        "conference_questions:conclusion_edit",
        "conclusion-edit",
        lambda w: _conference(w, "conference_questions:conclusion_edit", w.past),
        ORGANIZERS,
    ),
    Stop(
        "conference_questions:conclusion_edit",
        "conclusion-new",
        lambda w: _conference(w, "conference_questions:conclusion_edit"),
        ORGANIZERS,
    ),
    Stop(
        "conference_questions:conclusion_publish",
        "conclusion-publish",
        lambda w: _conference(w, "conference_questions:conclusion_publish", w.past),
        ORGANIZERS,
    ),
    Stop(
        "conference_questions:carry_over",
        "carry-over",
        lambda w: _conference(w, "conference_questions:carry_over"),
        ORGANIZERS,
    ),
    Stop("followup:answer", "answer", lambda w: reverse("followup:answer", args=[w.approved.pk]), LEADERS),
    Stop("questions:to_answer", "answer-queue", lambda w: reverse("questions:to_answer"), SIGNED_IN),
    Stop(
        "questions:draft",
        "answer-draft",
        lambda w: reverse("questions:draft", args=[w.assigned.pk]),
        LIAISON_AND_LEADERS,
    ),
    Stop("questions:assign", "assign", lambda w: reverse("questions:assign", args=[w.assigned.pk]), ORGANIZERS),
    Stop(
        "followup:answer_correct",
        "answer-correct",
        lambda w: reverse("followup:answer_correct", args=[w.correctable.question_id, w.correctable.pk]),
        LEADERS,
    ),
    Stop("followup:dashboard", "dashboard", lambda w: reverse("followup:dashboard"), LEADERS),
    Stop(
        "followup:dashboard",
        "dashboard-current",
        lambda w: reverse("followup:dashboard") + f"?conference={w.open.pk}",
        LEADERS,
    ),
    Stop("polls:list", "polls", lambda w: _conference(w, "polls:list"), EVERYONE),
    Stop("polls:new", "poll-new", lambda w: _conference(w, "polls:new"), ORGANIZERS),
    Stop("polls:edit", "poll-edit", lambda w: _conference(w, "polls:edit", pk=w.poll.pk), ORGANIZERS),
    Stop("polls:survey", "survey", lambda w: _conference(w, "polls:survey"), SIGNED_IN),
    Stop("polls:survey_edit", "survey-edit", lambda w: _conference(w, "polls:survey_edit"), ORGANIZERS),
    Stop("polls:survey_results", "survey-results", lambda w: _conference(w, "polls:survey_results"), ORGANIZERS),
    Stop("accounts:profile", "profile", lambda w: reverse("accounts:profile"), SIGNED_IN),
    Stop("password_change", "password-change", lambda w: reverse("password_change"), SIGNED_IN),
    Stop("password_change_done", "password-changed", lambda w: reverse("password_change_done"), ("member",)),
    Stop("login", "login", lambda w: reverse("login"), ("anonymous",)),
    Stop("password_reset", "password-reset", lambda w: reverse("password_reset"), ("anonymous",)),
    Stop("password_reset_done", "password-reset-sent", lambda w: reverse("password_reset_done"), ("anonymous",)),
    Stop(
        "password_reset_confirm",
        "password-reset-bad-link",
        lambda w: reverse("password_reset_confirm", kwargs={"uidb64": "MQ", "token": "bad-token"}),
        ("anonymous",),
    ),
    Stop(
        "password_reset_complete", "password-reset-done", lambda w: reverse("password_reset_complete"), ("anonymous",)
    ),
    Stop("initiatives:list", "initiatives", lambda w: reverse("initiatives:list"), EVERYONE),
    Stop(
        "initiatives:list",
        "initiatives-filter",
        lambda w: reverse("initiatives:list") + "?year=2023&status=recognised&q=thanh+nien",
        VARIANT_READERS,
    ),
    Stop("initiatives:detail", "initiative", lambda w: w.initiative.get_absolute_url(), EVERYONE),
    Stop("initiatives:detail", "initiative-running", lambda w: w.running.get_absolute_url(), ORGANIZERS),
    Stop("initiatives:create", "initiative-new", lambda w: reverse("initiatives:create"), SIGNED_IN),
    Stop("initiatives:edit", "initiative-edit", lambda w: reverse("initiatives:edit", args=[w.running.pk]), ORGANIZERS),
    Stop(
        "initiatives:step",
        "initiative-complete",
        lambda w: reverse("initiatives:step", args=[w.running.pk, "complete"]),
        ORGANIZERS,
    ),
    # The error pages people meet: a mistyped address, a page of another role.
    Stop("", "not-found", lambda w: "/khong-co-trang-nay/", ("anonymous",), status=404),
    Stop("units:list", "forbidden", lambda w: reverse("units:list"), ("member",), status=403),
]


def demo_world(role: str) -> SimpleNamespace:
    """The demo objects the tour visits, seen from `role` (whose own pending concern, whose answer to correct)."""
    users = {user.username: user for user in get_user_model().objects.filter(username__in=SIGNED_IN)}
    w = SimpleNamespace(user=users.get(role))
    w.open = Conference.objects.get(status=Conference.Status.OPEN)
    w.past = Conference.objects.get(status=Conference.Status.CONCLUDED)
    concerns = w.open.questions.order_by("pk")
    w.approved = concerns.filter(status=Question.Status.APPROVED).first()
    w.assigned = concerns.filter(assigned_leader=users["leader"], drafting_unit__isnull=False).first()
    w.answered = concerns.filter(status=Question.Status.ANSWERED).first()
    author = users[role] if role in AUTHORS else users["member"]
    w.pending = concerns.filter(status=Question.Status.PENDING, author=author).first()
    # An organizer corrects any answer; a leader those given in his name (the 2023 answers of the chair).
    w.correctable = (
        Answer.objects.filter(responder__user=users["leader"]) if role == "leader" else w.answered.answers
    ).first()
    # A directive still in progress that the member, the liaison of a supporting unit, may post notes on.
    member_unit = users["member"].profile.unit
    w.directive = (
        Directive.objects.filter(conclusion__conference=w.past, support_units__liaisons__user=users["member"])
        .exclude(status=Directive.Status.DONE)
        .order_by("order")
        .first()
    )
    w.reported = Directive.objects.get(status=Directive.Status.REPORTED_DONE)
    w.unit = member_unit
    # The 2023 concerns of the member: one whose answer was rated (not satisfied, with a comment), one not rated yet.
    answered_2023 = w.past.questions.filter(status=Question.Status.ANSWERED, author=users["member"])
    w.rated = answered_2023.filter(rating__verdict="satisfied").first()
    w.unrated = answered_2023.filter(rating__isnull=True).first()
    w.member2 = users["member2"]
    w.liaison = Liaison.objects.get(unit=member_unit, user=users["member"])
    w.poll = w.open.polls.filter(status="prepared").order_by("pk").first()
    w.initiative = Initiative.objects.filter(status=Initiative.Status.RECOGNISED).first()
    w.running = Initiative.objects.filter(status=Initiative.Status.IN_PROGRESS).first()
    objects = [
        w.approved,
        w.assigned,
        w.answered,
        w.pending,
        w.correctable,
        w.directive,
        w.poll,
        w.initiative,
        w.running,
    ]
    assert all(objects), "the demo data lacks an object the tour visits"
    return w


def visit(page, base_url: str, path: str, name: str, *, status: int = 200, **check) -> list[str]:
    """Open the page and return its problems; a wrong status or a redirect is a problem too."""
    response = page.goto(base_url + path)
    got = response.status if response else None
    if got != status or response.request.redirected_from is not None:
        return [f"{name} ({path}): HTTP {got} at {page.url}, expected {status} without a redirect"]
    if "text/html" not in response.headers.get("content-type", ""):
        return [f"{name} ({path}): {response.headers.get('content-type')} is no HTML page"]
    return page_problems(page, name, **check)


def submit_with_errors(page, name: str, submit: str) -> list[str]:
    """Send the form as it is filled now; the page must come back showing what is wrong, and is then checked."""
    with page.expect_navigation():
        page.locator(submit).click()
    errors = page.locator(".invalid-feedback, .alert-danger, .errorlist, .alert-block")
    if not errors.count():
        return [f"{name} ({page.url}): the form came back without an error message"]
    return page_problems(page, name)


# --- states a plain GET does not show ---------------------------------------------------------------------------


def open_menus(page, base_url, w, name):
    page.goto(base_url + "/")
    problems = []
    toggler = page.locator("header .navbar-toggler")
    if toggler.is_visible():
        toggler.click()
        page.wait_for_selector("#main-nav.show")
        problems += page_problems(page, name("menu-open"))
    elif (height := page.locator("header nav").bounding_box()["height"]) > 70:
        # On a desktop the whole bar is one row; the user menu used to fall to a second row.
        problems.append(f"{name('header')}: the navigation bar is {height:.0f}px tall, more than one row")
    if w.user is not None:
        page.locator("header .dropdown-toggle").click()
        page.wait_for_selector("header .dropdown-menu.show")
        problems += page_problems(page, name("user-menu-open"))
    return problems


@dataclass(frozen=True)
class FormErrors:
    """A form sent back with errors: where it is, what is typed into it first, the button that sends it."""

    short: str
    path: Callable[[SimpleNamespace], str]
    fill: tuple[tuple[str, str], ...] = ()
    submit: str = "main form button[type=submit]"

    def __call__(self, page, base_url, w, name):
        page.goto(base_url + self.path(w))
        for selector, value in self.fill:
            page.fill(selector, value)
        return submit_with_errors(page, name(self.short), self.submit)


MEMBER_FILE = (
    "username,full name,email,unit,position,phone\n"
    "nguyenvand,Nguyễn Văn D,d@example.org,Văn phòng Sở,Chuyên viên,0901234567\n"
    "member,Trùng Tên,khong-phai-email,Phòng Không Có,,\n"
)


def member_import_preview(page, base_url, w, name):
    page.goto(base_url + reverse("accounts:member_import"))
    page.set_input_files(
        "#id_file", files=[{"name": "doan-vien.csv", "mimeType": "text/csv", "buffer": MEMBER_FILE.encode()}]
    )
    return submit_with_errors(page, name("member-import-preview"), "main form[enctype] button[type=submit]")


STATES = [
    (open_menus, EVERYONE),
    (
        FormErrors(
            "login-error",
            lambda w: reverse("login"),
            (("#id_username", "member"), ("#id_password", "not-the-password")),
        ),
        ("anonymous",),
    ),
    (
        FormErrors(
            "concern-new-errors",
            lambda w: _conference(w, "conference_questions:new"),
            submit="main form[data-submit-once] button[type=submit]",
        ),
        ("member",),
    ),
    (
        FormErrors("password-change-errors", lambda w: reverse("password_change"), (("#id_new_password1", "123"),)),
        ("member",),
    ),
    (
        # A supporting unit's liaison posts notes only: an empty one comes back with an error.
        FormErrors(
            "note-errors",
            lambda w: reverse("followup:directive", args=[w.directive.pk]),
            submit="#update form button[type=submit]",
        ),
        ("member",),
    ),
    (
        FormErrors(
            "progress-errors",
            lambda w: reverse("followup:directive", args=[w.directive.pk]),
            (("#id_progress", "150"),),
            "#update form button[type=submit]",
        ),
        ("organizer",),
    ),
    (
        # The demo concern's draft fills the answer in: emptied, it comes back with an error instead of publishing.
        FormErrors("answer-errors", lambda w: reverse("followup:answer", args=[w.approved.pk]), (("#id_body", " "),)),
        ("leader",),
    ),
    (
        FormErrors(
            "answer-draft-errors",
            lambda w: reverse("questions:draft", args=[w.assigned.pk]),
            (("#id_body", " "),),
            "main form button[name=send]",
        ),
        ("member",),
    ),
    (
        FormErrors(
            "conference-new-errors",
            lambda w: reverse("conferences:create"),
            (("#id_ends_at", "2020-01-01T08:00"),),
            "form.conference-page button[type=submit]",
        ),
        ORGANIZERS,
    ),
    (FormErrors("unit-new-errors", lambda w: reverse("units:create")), ORGANIZERS),
    (
        FormErrors("member-new-errors", lambda w: reverse("accounts:member_new"), (("#id_email", "not-an-address"),)),
        ORGANIZERS,
    ),
    (member_import_preview, ORGANIZERS),
    (
        FormErrors(
            "initiative-new-errors",
            lambda w: reverse("initiatives:create"),
            (("#id_name", "Đội hình tình nguyện"), ("#id_starts_on", "2026-05-01"), ("#id_ends_on", "2026-04-01")),
            "form.initiative-form button[type=submit]",
        ),
        ("member",),
    ),
    (
        FormErrors(
            "initiative-update-errors",
            lambda w: w.running.get_absolute_url(),
            submit="#update form button[type=submit]",
        ),
        ORGANIZERS,
    ),
]


def load_demo(settings):
    settings.DEBUG = True  # load_demo creates the demo accounts only in development
    call_command("load_demo", verbosity=0)
    settings.DEBUG = False  # the tour meets the 403 and 404 pages people see, not Django's debug pages


# --- the tests ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "width"), [pytest.param(r, w, id=f"{r}-{w}") for r in ROLES for w in WIDTHS])
def test_every_page_passes_the_checks(role, width, live_server, open_page, settings):
    load_demo(settings)
    w = demo_world(role)
    page = open_page(width, user=w.user)

    def name(short):
        return f"tour-{width}-{role}-{short}"

    problems = []
    for stop in STOPS:
        if role not in stop.roles:
            continue
        path = stop.path(w)
        if stop.url_name:
            assert resolve(urlsplit(path).path).view_name == stop.url_name, (
                f"{stop.short}: {path} is no {stop.url_name}"
            )
        problems += visit(page, live_server.url, path, name(stop.short), status=stop.status)
    for state, roles in STATES:
        if role in roles:
            problems += state(page, live_server.url, w, name)
    assert not problems, f"{len(problems)} problems on the tour of {role} at {width} width:\n\n" + "\n\n".join(problems)


def busy_session(w) -> Question:
    """The session at its fullest: more concerns waiting than the queue shows, three just answered, and the longest
    title a concern may have on screen with the chair's full position as the one who answers."""
    Conference.objects.filter(pk=w.open.pk).update(status=Conference.Status.IN_SESSION)
    sentence = (
        "Đề nghị Sở bố trí kinh phí, trang thiết bị và lịch tập huấn kỹ năng số cho đoàn viên thanh niên ở các phòng, "
        "ban, trung tâm trực thuộc Sở trong năm nay và những năm tiếp theo"
    )
    for n in range(12):
        QuestionFactory(conference=w.open, author=w.approved.author, title=f"{sentence[: 50 + 4 * n]} ({n + 1})")
    chair = responders(conference=w.open).first()
    for question in list(w.open.questions.filter(status=Question.Status.APPROVED).order_by("pk")[:3]):
        live_mark_answered(conference=w.open, question=question, responder=chair, recorded_by=w.user)
    longest = QuestionFactory(
        conference=w.open, author=w.approved.author, title=((sentence + ". ") * 2)[:TITLE_MAX_LENGTH].strip()
    )
    return live_set_now_answering(conference=w.open, question=longest, moderator=w.user, responder=chair)


# The queue items shown whole: inside the queue's box (those that do not fit wrap into a clipped second column).
WHOLE_QUEUE_ITEMS = """() => {
  const box = document.querySelector('.live-queue').getBoundingClientRect();
  return [...document.querySelectorAll('.live-queue-item')].filter(item => {
    const r = item.getBoundingClientRect();
    return r.top >= box.top && r.bottom <= box.bottom + 1 && r.right <= box.right + 1 && r.height > 0;
  }).length;
}"""


def test_the_projector_fits_one_screen(live_server, open_page, settings):
    """Nobody scrolls the hall's projector: before the session and in a full one, it fits 1920×1080."""
    load_demo(settings)
    w = demo_world("organizer")
    path = _conference(w, "conference_questions:live")
    projector = open_page("projector")
    problems = visit(projector, live_server.url, path, "tour-projector-anonymous-live", fit_height=True)

    on_screen = busy_session(w)
    problems += visit(projector, live_server.url, path, "tour-projector-anonymous-live-busy", fit_height=True)
    if projector.locator(".live-now-title").inner_text() != on_screen.title:
        problems.append("tour-projector-anonymous-live-busy: the concern on screen is not shown whole")

    # With a concern of a usual length on screen, "Next up" still shows several whole concerns.
    usual = w.open.questions.filter(status=Question.Status.APPROVED).exclude(pk=on_screen.pk).order_by("pk").first()
    live_set_now_answering(conference=w.open, question=usual, moderator=w.user, responder=on_screen.live_responder)
    problems += visit(projector, live_server.url, path, "tour-projector-anonymous-live-busy-usual", fit_height=True)
    whole = projector.evaluate(WHOLE_QUEUE_ITEMS)
    if whole < 3:
        problems.append(f"tour-projector-anonymous-live-busy-usual: only {whole} concerns of the queue are shown whole")

    # A poll open with the most options a poll may have, long ones, and votes: it takes the queue's place.
    poll = poll_services.poll_create(
        conference=w.open,
        by=w.user,
        question=(
            "Theo đồng chí, nội dung nào cần ưu tiên trong kế hoạch chuyển đổi số của Sở năm nay và những năm "
            "tiếp theo, để đoàn viên thanh niên phát huy vai trò xung kích?"
        ),
        kind="multiple",
        allow_anonymous=True,
        options=[
            f"Phương án {n}: bồi dưỡng kỹ năng số, an toàn thông tin và khai thác dữ liệu cho đoàn viên"
            for n in range(1, MAX_OPTIONS + 1)
        ],
    )
    poll_services.poll_open(poll=poll, by=w.user)
    for n, voter in enumerate(get_user_model().objects.filter(username__in=SIGNED_IN)):
        poll_services.poll_vote(poll=poll, user=voter, option_ids=[o.pk for o in poll.options.all()[: n + 1]])
    problems += visit(projector, live_server.url, path, "tour-projector-anonymous-live-poll", fit_height=True)
    if projector.locator(".live-poll .poll-row").count() != MAX_OPTIONS:
        problems.append("tour-projector-anonymous-live-poll: the open poll's options are not all shown")
    phone = open_page("phone")
    problems += visit(phone, live_server.url, path, "tour-phone-anonymous-live-poll")
    problems += visit(phone, live_server.url, _conference(w, "polls:list"), "tour-phone-anonymous-polls-open")

    # The console as the secretary sees it in that session, on the laptop and on a phone.
    for width in WIDTHS:
        console = open_page(width, user=w.user)
        problems += visit(
            console,
            live_server.url,
            _conference(w, "conference_questions:live_console"),
            f"tour-{width}-organizer-live-console-busy",
        )
    assert not problems, "\n\n".join(problems)


def test_every_url_is_toured_or_excused():
    names = set(project_url_names())
    toured = {stop.url_name for stop in STOPS if stop.url_name}
    missing = sorted(names - toured - set(NOT_PAGES))
    assert not missing, f"URL patterns neither visited by the tour nor listed in NOT_PAGES: {missing}"
    stale = sorted((toured | set(NOT_PAGES)) - names)
    assert not stale, f"The tour names URL patterns that no longer exist: {stale}"
    both = sorted(toured & set(NOT_PAGES))
    assert not both, f"URL patterns both toured and excused in NOT_PAGES: {both}"


def test_the_profile_form_shows_what_is_saved(client):
    """Seen on the tour's screenshots: the profile form showed no position or phone, so saving it (to change a
    name) cleared them. The unit is shown but not edited there: the organizers record it."""
    user = member()
    user.profile.unit, user.profile.position, user.profile.phone = UnitFactory(), "Chuyên viên", "0912 345 678"
    user.profile.save()
    client.force_login(user)
    response = client.get(reverse("accounts:profile"))
    form = response.context["form"]
    assert (form["position"].value(), form["phone"].value()) == ("Chuyên viên", "0912 345 678")
    assert user.profile.unit.name in response.content.decode()
