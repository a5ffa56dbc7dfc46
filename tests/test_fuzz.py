"""Property tests (hypothesis) over every form and POST endpoint of the project.

Every POST endpoint is taken from the URL resolver (a test fails when a new URL is neither fuzzed nor declared
read-only). For each one the test logs in as the role allowed to use it, reads the form from the page that shows it
(field names, hidden values, options), then posts mutations of it: fields kept, dropped or replaced by arbitrary
text (Vietnamese, NFD, control characters, very long), numbers, dates, choice values and random bytes as uploads.

Whatever the input: never a server error; and unless the answer is a success redirect, nothing in the database
changed. Each example runs in a savepoint that is rolled back, so examples do not depend on each other.

``HYPOTHESIS_PROFILE=deep`` runs many more examples per endpoint (300, or ``HYPOTHESIS_MAX_EXAMPLES``) for local
runs; the default profile fits CI.
"""

import dataclasses
import datetime as dt
import io
import os
import unicodedata
from collections.abc import Callable
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conferences.models import Conference, Liaison, Participant, Unit
from documents.models import DocumentKind
from documents.services import document_issue
from initiatives.models import Initiative
from polls import services as poll_services
from polls.models import Poll
from questions.models import Answer, Directive, Question
from tests.factories import ConferenceFactory, InitiativeFactory, ParticipantFactory, QuestionFactory, UnitFactory

pytestmark = pytest.mark.django_db

settings.register_profile(
    "ci",
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "deep",
    max_examples=int(os.environ.get("HYPOTHESIS_MAX_EXAMPLES", "300")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")

# The apps whose rows an invalid submission must leave alone (their history tables included).
SNAPSHOT_APPS = (
    "conferences",
    "questions",
    "accounts",
    "auth",
    "documents",
    "notifications",
    "polls",
    "satisfaction",
    "initiatives",
)
SUCCESS = {301, 302, 303}
ALLOWED = SUCCESS | {200, 400, 403, 404, 405, 409, 429}


# --- the world the endpoints act on: the demo data, loaded once for the module ----------------------------------------


@dataclasses.dataclass
class World:
    open: Conference  # the 2026 conference, open for concerns
    concluded: Conference  # the 2023 conference, with its conclusion and directives
    live: Conference  # a conference in session, for the live console
    own_pending: Question  # member's pending concern
    others_approved: Question  # member2's approved concern, supported by member
    pending: Question  # to moderate
    approved: Question  # to answer
    assigned: Question  # assigned to the leader, Văn phòng Sở (member's unit) drafts its answer
    answer: Answer
    live_question: Question
    directive: Directive  # its lead unit is member's unit: member is its liaison
    reported: Directive  # reported done, waiting for the organizers
    unit: Unit
    spare_unit: Unit  # nothing refers to it: may be deleted
    liaison: Liaison
    open_poll: Poll  # open on the live conference, members and visitors vote
    prepared_poll: Poll  # the demo's, on the open conference
    initiative: Initiative  # registered, of member's unit (Văn phòng Sở): member works on it
    running: Initiative  # the demo's initiative in progress (Chi đoàn Sở Nội vụ)
    completed: Initiative  # completed, awaiting the organizers' recognition


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("fuzz-media")
    hashers = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media, PASSWORD_HASHERS=hashers):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("load_demo", force=True, stdout=io.StringIO())
            open_ = Conference.objects.get(status=Conference.Status.OPEN)
            concluded = Conference.objects.get(status=Conference.Status.CONCLUDED)
            live = ConferenceFactory(status=Conference.Status.IN_SESSION, slug="fuzz-live", is_published=True)
            ParticipantFactory(conference=live, role=Participant.Role.CHAIR, full_name="Lê Quang Hòa")
            live_question = QuestionFactory(conference=live, status=Question.Status.APPROVED)
            QuestionFactory(conference=live, status=Question.Status.APPROVED)
            mine = Question.objects.filter(conference=open_, author__username="member")
            theirs = Question.objects.filter(conference=open_, author__username="member2")
            answer = Answer.objects.filter(question__conference=open_).select_related("question").first()
            directive = Directive.objects.filter(lead_unit__liaisons__user__username="member").first()
            document_issue(
                conference=concluded,
                kind=DocumentKind.NOTICE,
                user=get_user_model().objects.get(username="organizer"),
                issued_on=dt.date(2023, 4, 5),
            )
            organizer = get_user_model().objects.get(username="organizer")
            open_poll = poll_services.poll_create(
                conference=live,
                by=organizer,
                question="Bạn chọn phương án nào?",
                kind="multiple",
                allow_anonymous=True,
                options=["Một", "Hai", "Ba"],
            )
            poll_services.poll_open(poll=open_poll, by=organizer)
            # the 2023 participants answer its survey (demo's current conference has one that is not open yet)
            poll_services.survey_save(
                conference=concluded, by=organizer, intro="", questions=[("Đánh giá", "rating"), ("Góp ý", "text")]
            )
            yield World(
                open=open_,
                concluded=concluded,
                live=live,
                own_pending=mine.filter(status=Question.Status.PENDING).first(),
                others_approved=theirs.filter(status=Question.Status.APPROVED).first(),
                pending=theirs.filter(status=Question.Status.PENDING).first(),
                approved=mine.filter(status=Question.Status.APPROVED).first(),
                assigned=Question.objects.filter(conference=open_, assigned_leader__username="leader").first(),
                answer=answer,
                live_question=live_question,
                directive=directive,
                reported=Directive.objects.get(status=Directive.Status.REPORTED_DONE),
                unit=Unit.objects.filter(led_directives__isnull=False).first() or Unit.objects.first(),
                spare_unit=UnitFactory(name="Đơn vị thử nghiệm"),
                liaison=Liaison.objects.select_related("user").get(user__username="member2"),
                open_poll=open_poll,
                prepared_poll=Poll.objects.filter(conference=open_, status=Poll.Status.PREPARED).first(),
                initiative=InitiativeFactory(unit=Unit.objects.get(name="Văn phòng Sở")),
                running=Initiative.objects.get(status=Initiative.Status.IN_PROGRESS),
                completed=InitiativeFactory(
                    unit=Unit.objects.get(name="Văn phòng Sở"),
                    status=Initiative.Status.COMPLETED,
                    completed_on=dt.date(2026, 1, 10),
                    result="Đã xong.",
                ),
            )
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, world):
    """The demo photos live in the module's media folder: keep it (overrides the conftest fixture)."""


def snapshot() -> dict[str, list]:
    """Every row of every model of the snapshot apps."""
    state = {}
    for app in SNAPSHOT_APPS:
        for model in apps.get_app_config(app).get_models():
            state[model._meta.label] = list(model.objects.order_by("pk").values_list())
    return state


def changed_tables(before: dict, after: dict) -> list[str]:
    return [label for label in before if before[label] != after[label]]


# --- reading the forms off the pages ---------------------------------------------------------------------------------


@dataclasses.dataclass
class Field:
    name: str
    kind: str  # text, textarea, hidden, number, checkbox, radio, select, file, ...
    value: str = ""
    options: list[str] = dataclasses.field(default_factory=list)
    multiple: bool = False
    checked: bool = False


class FormParser(HTMLParser):
    """The POST forms of a page: their action and fields."""

    def __init__(self):
        super().__init__()
        self.forms: list[tuple[str, list[Field]]] = []
        self._fields: list[Field] | None = None
        self._select: Field | None = None
        self._textarea: Field | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            if a.get("method", "get").lower() == "post":
                self._fields = []
                self.forms.append((a.get("action", ""), self._fields))
            return
        if self._fields is None or not a.get("name") and tag != "option":
            return
        if tag == "input":
            kind = a.get("type", "text").lower()
            if kind in ("submit", "button", "reset", "image"):
                if a.get("name"):
                    self._fields.append(Field(a["name"], "submit", a.get("value", "")))
                return
            self._fields.append(Field(a["name"], kind, a.get("value", ""), checked="checked" in a))
        elif tag == "select":
            self._select = Field(a["name"], "select", multiple="multiple" in a)
            self._fields.append(self._select)
        elif tag == "option" and self._select is not None:
            self._select.options.append(a.get("value", ""))
            if "selected" in a:
                self._select.value = a.get("value", "")
        elif tag == "textarea":
            self._textarea = Field(a["name"], "textarea")
            self._fields.append(self._textarea)
        elif tag == "button" and a.get("name"):
            self._fields.append(Field(a["name"], "submit", a.get("value", "")))

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.value += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._fields = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def form_fields(client: Client, host: str, target: str) -> list[Field] | None:
    """The fields of the form on ``host`` that posts to ``target`` (None when the page shows no such form)."""
    response = client.get(host, follow=True)
    assert response.status_code == 200, (host, response.status_code)
    parser = FormParser()
    parser.feed(response.content.decode())
    for action, fields in parser.forms:
        if (urlsplit(action).path or urlsplit(host).path) == urlsplit(target).path:
            return [f for f in fields if f.name != "csrfmiddlewaretoken"]
    return None


# --- what to post ----------------------------------------------------------------------------------------------------

VIETNAMESE = "Kiến nghị về chuyển đổi số của Đoàn viên trẻ – Sở Nội vụ"
TRICKY = [
    "",
    " ",
    " \t\r\n ",
    VIETNAMESE,
    unicodedata.normalize("NFD", VIETNAMESE),
    "a" * 10_000,
    "Đ" * 300,
    "\x00",
    "abc\x00def",
    "\x1b[31m\x07\x08",
    "\u202e\u200b\ufeff",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "{{ 7*7 }} %(name)s %s {0}",
    "0",
    "-1",
    "1.5",
    "1e309",
    "NaN",
    "99999999999999999999999999",
    "-32769",
    "2147483648",
    "2026-02-30",
    "2026-13-01",
    "0000-00-00",
    "9999-12-31",
    "31/12/2026",
    "2026-06-01T25:61",
    "2026-06-01T08:00",
    "1900-01-01T00:00",
    "9999-12-31T23:59",
    "24:00",
    "08:30",
    "true",
    "on",
]
characters = st.characters(blacklist_categories=("Cs",))
text_values = st.one_of(
    st.sampled_from(TRICKY),
    st.text(characters, max_size=80),
    st.text(st.sampled_from("aăâđeêioôơuưyAĂÂĐ áàảãạ\u0301\u0300\u0303\n,;\"'"), max_size=40),
    st.integers().map(str),
    st.dates().map(str),
    st.datetimes().map(lambda d: d.strftime("%Y-%m-%dT%H:%M")),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
)

PNG_1PX = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82"
)
CSV_MEMBERS = "username,first_name,last_name,email\nfuzz1,Văn A,Nguyễn,fuzz1@example.org\n".encode()


def _xlsx(rows: list[list[str]]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


XLSX_MEMBERS = _xlsx([["username", "first_name", "last_name", "email"], ["fuzz2", "Thị B", "Trần", "b@example.org"]])
file_contents = st.one_of(
    st.binary(max_size=2000),
    st.sampled_from([b"", PNG_1PX, PNG_1PX + b"<script>", CSV_MEMBERS, XLSX_MEMBERS, b"PK\x03\x04zip", b"%PDF-1.4"]),
    st.text(characters, max_size=300).map(lambda s: s.encode("utf-8", "surrogatepass")),
    st.text(characters, max_size=200).map(lambda s: ("username,email\n" + s).encode("utf-8")),
)
file_names = st.one_of(
    st.sampled_from(["a.png", "a.jpg", "a.csv", "a.xlsx", "a.pdf", "a.exe", "a.php", "a.svg", "noext", ".png"]),
    st.text(characters.filter(lambda c: c not in '/\\"\r\n\x00'), min_size=1, max_size=40).map(lambda s: s + ".png"),
)


def upload(name: str, content: bytes) -> io.BytesIO:
    file = io.BytesIO(content)
    file.name = name
    return file


@st.composite
def value_for(draw, field: Field):
    """A value for one field: sometimes what the page offers, often something else."""
    if field.kind == "file":
        return upload(draw(file_names), draw(file_contents))
    if field.kind == "select":
        options = list(field.options) or [""]
        if field.multiple:
            return draw(st.lists(st.one_of(st.sampled_from(options), text_values), max_size=4))
        return draw(st.one_of(st.sampled_from(options), text_values))
    if field.kind in ("checkbox", "radio"):
        return draw(st.one_of(st.just(field.value or "on"), text_values))
    return draw(text_values)


@st.composite
def submissions(draw, fields: list[Field]) -> dict:
    data: dict = {}
    radios_done: set[str] = set()
    for field in fields:
        choice = draw(st.sampled_from(["keep", "keep", "omit", "fuzz", "fuzz"]))
        if choice == "omit":
            continue
        if choice == "keep":
            if field.kind in ("checkbox", "radio") and not field.checked:
                continue
            if field.kind == "file":
                continue
            if field.kind == "select" and field.multiple:
                data.setdefault(field.name, [])
                if field.value:
                    data[field.name].append(field.value)
                continue
            if field.kind == "radio" and field.name in radios_done:
                continue
            radios_done.add(field.name)
            data[field.name] = field.value
            continue
        value = draw(value_for(field))
        if field.kind == "checkbox" and isinstance(data.get(field.name), str):
            data[field.name] = [data[field.name], value]
        else:
            data[field.name] = value
    extra = draw(st.dictionaries(st.sampled_from(["version", "next", "action", "pk", "ids", "q"]), text_values))
    for key, value in extra.items():
        data.setdefault(key, value)
    return data


# --- the endpoints ---------------------------------------------------------------------------------------------------


@dataclasses.dataclass
class Endpoint:
    name: str  # URL name, as the resolver knows it
    role: str | None  # demo username to log in as, None for anonymous
    target: Callable[[World], str]
    host: Callable[[World], str] | None = None  # the page that shows the form; default: the target itself
    form_required: bool = True
    id: str = ""

    def __post_init__(self):
        self.id = self.id or self.name


def _c(name, *args):
    return lambda w: reverse(name, args=[a(w) if callable(a) else a for a in args])


def _pk_of(username):
    return get_user_model().objects.get(username=username).pk


def _slug(attr):
    return lambda w: getattr(w, attr).slug


OPEN, CONCLUDED, LIVE = _slug("open"), _slug("concluded"), _slug("live")
CONF_ACTIONS = ["open", "start", "conclude", "archive", "publish", "unpublish"]
LIVE_ACTIONS = ["screen", "answered", "clear", "skip", "pin", "unpin", "hide", "unhide"]


def _answered_by_member(w):
    return Question.objects.filter(
        conference=w.concluded, author__username="member", status=Question.Status.ANSWERED
    ).first()


def _moderate(name):
    return Endpoint(
        f"conference_questions:{name}",
        "organizer",
        _c(f"conference_questions:{name}", OPEN, lambda w: w.pending.pk),
        host=_c("conference_questions:moderate", OPEN),
    )


ENDPOINTS = [
    Endpoint("login", None, _c("login")),
    Endpoint("logout", "member", _c("logout"), host=_c("home")),
    Endpoint("password_change", "member", _c("password_change")),
    Endpoint("password_reset", None, _c("password_reset")),
    Endpoint("password_reset_confirm", None, _c("password_reset_confirm", "MQ", "bad-token"), form_required=False),
    Endpoint("set_language", None, _c("set_language"), host=_c("home")),
    Endpoint("accounts:profile", "member", _c("accounts:profile")),
    Endpoint("accounts:member_new", "organizer", _c("accounts:member_new")),
    Endpoint("accounts:member_import", "organizer", _c("accounts:member_import")),
    Endpoint(
        "accounts:member_import_confirm",
        "organizer",
        _c("accounts:member_import_confirm"),
        host=_c("accounts:member_import"),
        form_required=False,
    ),
    Endpoint("accounts:member_edit", "organizer", _c("accounts:member_edit", lambda w: _pk_of("member2"))),
    *[
        Endpoint(f"accounts:member_{a}", "organizer", _c(f"accounts:member_{a}", lambda w: _pk_of("member2")))
        for a in ("deactivate", "reactivate")
    ],
    Endpoint(
        "accounts:member_password_link",
        "organizer",
        _c("accounts:member_password_link", lambda w: _pk_of("member2")),
        host=_c("accounts:member_edit", lambda w: _pk_of("member2")),
        form_required=False,
    ),
    Endpoint("conferences:create", "organizer", _c("conferences:create")),
    Endpoint("conferences:edit", "organizer", _c("conferences:edit", OPEN)),
    *[
        Endpoint("conferences:action", "organizer", _c("conferences:action", OPEN, a), form_required=False, id=a)
        for a in CONF_ACTIONS
    ],
    Endpoint("units:create", "organizer", _c("units:create")),
    Endpoint("units:edit", "organizer", _c("units:edit", lambda w: w.unit.pk)),
    *[
        Endpoint("units:action", "organizer", _c("units:action", lambda w: w.spare_unit.pk, a), id=f"unit-{a}")
        for a in ("deactivate", "activate", "delete")
    ],
    Endpoint("units:liaisons", "organizer", _c("units:liaisons", lambda w: w.unit.pk)),
    Endpoint(
        "notifications:read_all",
        "member",
        _c("notifications:read_all"),
        host=_c("notifications:list"),
        form_required=False,
    ),
    Endpoint(
        "notifications:email_preferences", "member", _c("notifications:email_preferences"), host=_c("accounts:profile")
    ),
    Endpoint("outbox_retry", "organizer", lambda w: "/outbox/1/retry/", host=_c("outbox"), form_required=False),
    Endpoint(
        "units:liaison_remove",
        "organizer",
        _c("units:liaison_remove", lambda w: w.liaison.unit_id, lambda w: w.liaison.pk),
    ),
    Endpoint("conference_questions:new", "member", _c("conference_questions:new", OPEN)),
    Endpoint("questions:edit", "member", _c("questions:edit", lambda w: w.own_pending.pk)),
    Endpoint("questions:withdraw", "member", _c("questions:withdraw", lambda w: w.own_pending.pk)),
    Endpoint("satisfaction:rate", "member", _c("satisfaction:rate", lambda w: _answered_by_member(w).pk)),
    Endpoint("satisfaction:reopen", "organizer", _c("satisfaction:reopen", lambda w: _answered_by_member(w).pk)),
    Endpoint(
        "questions:support",
        "member",
        _c("questions:support", lambda w: w.others_approved.pk),
        host=_c("questions:detail", lambda w: w.others_approved.pk),
    ),
    Endpoint(
        "conference_questions:moderate_bulk",
        "organizer",
        _c("conference_questions:moderate_bulk", OPEN),
        host=_c("conference_questions:moderate", OPEN),
    ),
    *[_moderate(name) for name in ("moderate_approve", "moderate_reject", "moderate_merge", "moderate_classify")],
    Endpoint(
        "conference_questions:moderate_edit",
        "organizer",
        _c("conference_questions:moderate_edit", OPEN, lambda w: w.pending.pk),
    ),
    Endpoint("followup:answer", "leader", _c("followup:answer", lambda w: w.approved.pk)),
    Endpoint("followup:answer", "leader", _c("followup:answer", lambda w: w.assigned.pk), id="answer-draft"),
    Endpoint("questions:assign", "organizer", _c("questions:assign", lambda w: w.assigned.pk)),
    Endpoint("questions:draft", "member", _c("questions:draft", lambda w: w.assigned.pk)),
    Endpoint(
        "followup:answer_correct",
        "organizer",
        _c("followup:answer_correct", lambda w: w.answer.question_id, lambda w: w.answer.pk),
    ),
    Endpoint(
        "conference_questions:conclusion_edit", "organizer", _c("conference_questions:conclusion_edit", CONCLUDED)
    ),
    Endpoint(
        "conference_questions:conclusion_publish",
        "organizer",
        _c("conference_questions:conclusion_publish", CONCLUDED),
        host=_c("conference_questions:conclusion", CONCLUDED),
        form_required=False,
    ),
    Endpoint("conference_questions:carry_over", "organizer", _c("conference_questions:carry_over", OPEN)),
    Endpoint("followup:directive_confirm", "organizer", _c("followup:directive_confirm", lambda w: w.reported.pk)),
    Endpoint("followup:directive_send_back", "organizer", _c("followup:directive_send_back", lambda w: w.reported.pk)),
    Endpoint(
        "followup:directive_update",
        "member",
        _c("followup:directive_update", lambda w: w.directive.pk),
        host=_c("followup:directive", lambda w: w.directive.pk),
    ),
    Endpoint("organization_profile", "organizer", _c("organization_profile")),
    *[
        Endpoint(
            "documents:issue",
            "organizer",
            _c("documents:issue", CONCLUDED, kind),
            id=f"issue-{kind}",
        )
        for kind in ("notice", "minutes", "report")
    ],
    Endpoint(
        "documents:scan",
        "organizer",
        _c("documents:scan", CONCLUDED, "notice", 1),
        host=_c("documents:list", CONCLUDED),
    ),
    *[
        Endpoint(
            "conference_questions:live_action",
            "organizer",
            _c("conference_questions:live_action", LIVE, lambda w: w.live_question.pk, a),
            host=_c("conference_questions:live_console", LIVE),
            form_required=a in ("screen", "skip", "pin", "hide"),
            id=f"live-{a}",
        )
        for a in LIVE_ACTIONS
    ],
    Endpoint("initiatives:create", "member", _c("initiatives:create")),
    Endpoint("initiatives:edit", "member", _c("initiatives:edit", lambda w: w.initiative.pk)),
    Endpoint("initiatives:edit", "organizer", _c("initiatives:edit", lambda w: w.running.pk), id="edit-organizer"),
    Endpoint(
        "initiatives:update",
        "member",
        _c("initiatives:update", lambda w: w.initiative.pk),
        host=_c("initiatives:detail", lambda w: w.initiative.pk),
    ),
    *[
        Endpoint("initiatives:step", role, _c("initiatives:step", target, action), id=f"initiative-{action}")
        for role, target, action in (
            ("member", lambda w: w.initiative.pk, "start"),
            ("organizer", lambda w: w.running.pk, "complete"),
            ("organizer", lambda w: w.completed.pk, "recognise"),
            ("member", lambda w: w.initiative.pk, "cancel"),
        )
    ],
]

ENDPOINTS += [
    Endpoint("polls:new", "organizer", _c("polls:new", OPEN)),
    Endpoint("polls:edit", "organizer", _c("polls:edit", OPEN, lambda w: w.prepared_poll.pk)),
    Endpoint(
        "polls:delete",
        "organizer",
        _c("polls:delete", OPEN, lambda w: w.prepared_poll.pk),
        host=_c("polls:list", OPEN),
    ),
    *[
        Endpoint(
            "polls:vote",
            role,
            _c("polls:vote", LIVE, lambda w: w.open_poll.pk),
            host=_c("polls:list", LIVE),
            id=f"vote-{role}",
        )
        for role in ("member", None)
    ],
    *[
        Endpoint(
            "polls:action",
            "organizer",
            _c("polls:action", LIVE, lambda w: w.open_poll.pk, a),
            host=_c("conference_questions:live_console", LIVE),
            form_required=a == "close",
            id=f"poll-{a}",
        )
        for a in ("open", "close")
    ],
    Endpoint("polls:survey", "member", _c("polls:survey", CONCLUDED)),
    Endpoint("polls:survey_edit", "organizer", _c("polls:survey_edit", OPEN)),
]

# The API's lists and pages without arguments (a POST to any of them is a 405).
API_LISTS = ("index", "api-root", "openapi-json", "openapi-view", "conferences", "concerns", "conclusions")
API_LISTS += ("directives", "topics", "units")

# URLs that only read: a POST to them must change nothing either (405, or the page).
READ_ONLY = {
    "home": _c("home"),
    "help": _c("help"),
    "open_data:index": _c("open_data:index"),
    "open_data:zip": _c("open_data:zip"),
    "feeds:answers": _c("feeds:answers"),
    "feeds:conclusions": _c("feeds:conclusions"),
    "conference_questions:feed_answers": _c("conference_questions:feed_answers", OPEN),
    "conference_questions:feed_conclusions": _c("conference_questions:feed_conclusions", CONCLUDED),
    **{f"api:{name}": _c(f"api:{name}") for name in API_LISTS},
    "api:conference": _c("api:conference", OPEN),
    "api:concern": lambda w: reverse("api:concern", kwargs={"concern_id": w.approved.pk}),
    "healthz": _c("healthz"),
    "readyz": _c("readyz"),
    "outbox": _c("outbox"),
    "notifications:list": _c("notifications:list"),
    "notifications:open": lambda w: "/notifications/1/",
    "accounts:members": _c("accounts:members"),
    "accounts:member_import_template": _c("accounts:member_import_template"),
    "search:results": _c("search:results"),
    "password_change_done": _c("password_change_done"),
    "password_reset_done": _c("password_reset_done"),
    "password_reset_complete": _c("password_reset_complete"),
    "conferences:list": _c("conferences:list"),
    "conferences:detail": _c("conferences:detail", OPEN),
    "conferences:calendar": _c("conferences:calendar", OPEN),
    "conferences:calendar_feed": _c("conferences:calendar_feed"),
    "conferences:participants_csv": _c("conferences:participants_csv", OPEN),
    "conferences:participants_xlsx": _c("conferences:participants_xlsx", OPEN),
    "conference_questions:list": _c("conference_questions:list", OPEN),
    "conference_questions:export_csv": _c("conference_questions:export_csv", OPEN),
    "conference_questions:export_xlsx": _c("conference_questions:export_xlsx", OPEN),
    "conference_questions:moderate": _c("conference_questions:moderate", OPEN),
    "conference_questions:conclusion": _c("conference_questions:conclusion", CONCLUDED),
    "conference_questions:live": _c("conference_questions:live", LIVE),
    "conference_questions:live_feed": _c("conference_questions:live_feed", LIVE),
    "conference_questions:live_console": _c("conference_questions:live_console", LIVE),
    "units:list": _c("units:list"),
    "questions:mine": _c("questions:mine"),
    "questions:to_answer": _c("questions:to_answer"),
    "questions:detail": _c("questions:detail", lambda w: w.approved.pk),
    "questions:submitted": _c("questions:submitted", lambda w: w.own_pending.pk),
    "followup:directives": _c("followup:directives"),
    "followup:directives_export_csv": _c("followup:directives_export_csv"),
    "followup:directives_export_xlsx": _c("followup:directives_export_xlsx"),
    "followup:directive": _c("followup:directive", lambda w: w.directive.pk),
    "followup:evidence": lambda w: "/directives/evidence/1/",
    "followup:dashboard": _c("followup:dashboard"),
    "followup:dashboard_export_csv": _c("followup:dashboard_export_csv"),
    "followup:dashboard_export_xlsx": _c("followup:dashboard_export_xlsx"),
    "media": lambda w: "/media/nothing.png",
    "short_submit": _c("short_submit", lambda w: w.open.pk),
    "documents:list": _c("documents:list", CONCLUDED),
    "documents:file": _c("documents:file", CONCLUDED, "notice", "pdf"),
    "documents:version": _c("documents:version", CONCLUDED, "notice", 1, "docx"),
    "polls:list": _c("polls:list", LIVE),
    "polls:survey_results": _c("polls:survey_results", CONCLUDED),
    "initiatives:list": _c("initiatives:list"),
    "initiatives:export_xlsx": _c("initiatives:export_xlsx"),
    "initiatives:detail": _c("initiatives:detail", lambda w: w.running.pk),
    "initiatives:evidence": lambda w: "/initiatives/evidence/1/",
}


def url_names(resolver=None, namespace=None):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(n for n in (namespace, pattern.namespace) if n) or None
            yield from url_names(pattern, inner)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def test_fuzz_covers_every_url_of_the_project():
    names = {name for name in url_names() if not name.startswith("admin:")}
    covered = {e.name for e in ENDPOINTS} | set(READ_ONLY)
    assert names - covered == set(), "a URL is neither fuzzed (ENDPOINTS) nor declared read-only (READ_ONLY)"
    assert covered - names == set()


# --- the properties --------------------------------------------------------------------------------------------------


def _client(role: str | None) -> Client:
    from django.contrib.auth import get_user_model

    client = Client(raise_request_exception=False)
    if role:
        client.force_login(get_user_model().objects.get(username=role))
    return client


def post_and_check(client: Client, path: str, data: dict) -> None:
    cache.clear()
    for value in data.values():
        if hasattr(value, "seek"):
            value.seek(0)
    before = snapshot()
    with transaction.atomic():
        response = client.post(path, data)
        after = snapshot()
        transaction.set_rollback(True)
    status = response.status_code
    assert status < 500, f"server error {status} on POST {path} with {data!r}"
    assert status in ALLOWED, f"unexpected {status} on POST {path}"
    if status not in SUCCESS:
        assert changed_tables(before, after) == [], f"{status} on POST {path} changed the database: {data!r}"


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: e.id)
def test_fuzz_post_never_fails_and_refusal_changes_nothing(endpoint, world):
    client = _client(endpoint.role)
    target = endpoint.target(world)
    fields = form_fields(client, (endpoint.host or endpoint.target)(world), target)
    if fields is None:
        assert not endpoint.form_required, f"no form posting to {target} on its page"
        fields = []

    @settings(settings.get_profile(PROFILE))
    @given(data=submissions(fields))
    def check(data):
        post_and_check(client, target, data)

    check()


@pytest.mark.parametrize("name", sorted(READ_ONLY))
def test_fuzz_post_to_read_only_url_changes_nothing(name, world):
    path = READ_ONLY[name](world)
    client = _client("admin")

    @settings(settings.get_profile(PROFILE), max_examples=2)
    @given(data=st.dictionaries(st.sampled_from(["q", "page", "status", "action", "version"]), text_values))
    def check(data):
        post_and_check(client, path, data)

    check()


# --- bugs the fuzzing found ------------------------------------------------------------------------------------------


def test_conference_page_forged_total_forms_builds_no_more_rows_than_allowed(world):
    """A forged TOTAL_FORMS of 100000 used to build ~3,500 rows: one POST held a worker for 100 seconds."""
    from conferences.forms import AGENDA_MAX_ROWS, PARTICIPANT_MAX_ROWS, PHOTO_MAX_ROWS, ConferencePage

    data = {"title": "Hội nghị", "version": str(world.open.version)}
    for prefix in ("agenda", "participants", "photos"):
        data.update({f"{prefix}-TOTAL_FORMS": "100000", f"{prefix}-INITIAL_FORMS": "0"})
    page = ConferencePage(instance=world.open, data=data)

    assert len(page.agenda.forms) == AGENDA_MAX_ROWS
    assert len(page.participants.forms) == PARTICIPANT_MAX_ROWS
    assert len(page.photos.forms) == PHOTO_MAX_ROWS
    assert not page.is_valid()
    assert page.participants.non_form_errors()


def test_directive_formset_forged_total_forms_builds_no_more_rows_than_allowed(world):
    from questions.forms_followup import DirectiveFormSet

    conclusion = world.concluded.conclusion
    data = {"directives-TOTAL_FORMS": "100000", "directives-INITIAL_FORMS": "0"}
    kwargs = {"conference": world.concluded}
    formset = DirectiveFormSet(data, instance=conclusion, prefix="directives", form_kwargs=kwargs)

    assert len(formset.forms) == 100
    assert not formset.is_valid()
    assert formset.non_form_errors()
