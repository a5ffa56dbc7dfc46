"""The permission matrix: every URL of the project, taken from the URL resolver, for every role.

`test_every_url_is_in_the_matrix` walks `get_resolver()` (with its includes) and FAILS when a URL pattern has no case
here, so a new page cannot escape the matrix. Django admin (tests/test_admin.py), i18n/, media/ and static files are the
only URLs left out.

Each case names a URL pattern, a variant (which object, which method), the path kwargs built from one small world of
factories, and what each role gets:

- an int: that status code;
- LOGIN: a 302 to the login page (Location starts with /accounts/login/);
- Redirect(path): a 302 elsewhere (a POST that was carried out or refused with a message, a GET that forwards).

Roles: anonymous; member (author of the concerns in the world); another member; leader; organizer; liaison (appointed
for the lead unit of the directive in question); liaison of another unit; liaison of a supporting unit of the
directive; a member of the lead unit who is not its liaison; admin (superuser).

Every refused request must leave the records as they were and must not show the text of a concern it may not read.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import override_settings
from django.test.client import ClientHandler
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from conferences.models import Conference, Liaison, Participant, Profile
from core.models import OutboxMessage
from documents.models import IssuedDocument, NumberSequence, OrganizationProfile
from documents.services import document_issue
from initiatives.models import Initiative, InitiativeUpdate
from notifications.models import Notification
from polls import services as poll_services
from polls.models import Poll, PollVote, Survey, SurveyQuestion, SurveyResponse
from questions.models import AnswerDraft, Conclusion, Directive, DirectiveUpdate, Question, Support
from tests.factories import (
    AnswerFactory,
    ConclusionFactory,
    ConferenceFactory,
    DirectiveFactory,
    DirectiveUpdateFactory,
    InitiativeFactory,
    InitiativeUpdateFactory,
    ParticipantFactory,
    QuestionFactory,
    UnitFactory,
    admin,
    leader,
    liaison_of,
    member,
    member_of,
    organizer,
)

pytestmark = pytest.mark.django_db

ROLES = (
    "anonymous",
    "member",
    "other_member",
    "leader",
    "organizer",
    "liaison",
    "other_liaison",
    "support_liaison",
    "unit_member",
    "admin",
)
SKIPPED_PREFIXES = ("admin/", "i18n/", "media/", "^media/", settings.STATIC_URL.lstrip("/"), "static/")
LOGIN = "login"
SECRET_TITLE = "Kiến nghị chờ duyệt bí mật"


@dataclass(frozen=True)
class Redirect:
    """A 302 to the path the function gives for the world (never the login page)."""

    to: Callable

    def __repr__(self):
        return "Redirect"


# --- the world -----------------------------------------------------------------------------------------------------


def build_world() -> SimpleNamespace:
    w = SimpleNamespace()
    w.unit, w.other_unit = UnitFactory(name="Văn phòng Sở"), UnitFactory(name="Phòng Tổ chức cán bộ")
    w.support_unit = UnitFactory(name="Phòng Cải cách hành chính")
    w.users = {
        "anonymous": None,
        "member": member(username="author_a"),
        "other_member": member(username="member_b"),
        "leader": leader(username="leader"),
        "organizer": organizer(username="organizer"),
        "liaison": liaison_of(w.unit),
        "other_liaison": liaison_of(w.other_unit),
        "support_liaison": liaison_of(w.support_unit),
        "unit_member": member_of(w.unit),
        "admin": admin(username="root"),
    }
    author = w.users["member"]
    # An open, published conference with a pending, an approved and an answered concern by member A.
    w.open = ConferenceFactory(title="Hội nghị đối thoại đang mở", status=Conference.Status.OPEN, is_published=True)
    w.pending = QuestionFactory(
        conference=w.open, author=author, status=Question.Status.PENDING, title=SECRET_TITLE, is_anonymous=False
    )
    w.approved = QuestionFactory(conference=w.open, author=author, status=Question.Status.APPROVED)
    chair = ParticipantFactory(conference=w.open, role=Participant.Role.LEADER, user=w.users["leader"])
    # Assigned to the leader, unit U asked to draft, and a draft written by U's liaison.
    w.assigned = QuestionFactory(
        conference=w.open,
        author=author,
        status=Question.Status.APPROVED,
        assigned_leader=w.users["leader"],
        drafting_unit=w.unit,
    )
    AnswerDraft.objects.create(question=w.assigned, body="Dự thảo kín", unit=w.unit, written_by=w.users["liaison"])
    w.answered = QuestionFactory(conference=w.open, author=author, status=Question.Status.ANSWERED)
    w.answer = AnswerFactory(question=w.answered, responder=chair)
    # Its conclusion is still a draft, with one directive nobody but organizers may read yet.
    draft_conclusion = ConclusionFactory(conference=w.open, is_published=False)
    w.hidden_directive = DirectiveFactory(conclusion=draft_conclusion, lead_unit=w.unit)
    # An unpublished draft conference.
    w.draft = ConferenceFactory(title="Hội nghị nháp", status=Conference.Status.DRAFT, is_published=False)
    # A concluded conference with a published conclusion: a directive for unit U, another for unit V.
    w.past = ConferenceFactory(
        title="Hội nghị năm trước",
        status=Conference.Status.CONCLUDED,
        starts_at=dt.datetime(2025, 3, 1, 8, tzinfo=dt.UTC),
        ends_at=dt.datetime(2025, 3, 1, 11, tzinfo=dt.UTC),
    )
    signer = ParticipantFactory(conference=w.past, role=Participant.Role.CHAIR)
    conclusion = ConclusionFactory(conference=w.past, is_published=True, signed_by=signer)
    w.directive = DirectiveFactory(conclusion=conclusion, lead_unit=w.unit, order=1, progress=40, status="in_progress")
    w.directive.support_units.set([w.support_unit])
    w.liaison = Liaison.objects.get(unit=w.other_unit)
    w.other_directive = DirectiveFactory(conclusion=conclusion, lead_unit=w.other_unit, order=2)
    w.reported = DirectiveFactory(
        conclusion=conclusion, lead_unit=w.unit, order=3, progress=100, status=Directive.Status.REPORTED_DONE
    )
    w.update = DirectiveUpdateFactory(directive=w.directive, author=w.users["liaison"], evidence_name="bao-cao.pdf")
    w.update.evidence.save("evidence.pdf", ContentFile(b"%PDF-1.4 minimal"), save=True)
    w.notification = Notification.objects.create(
        recipient=author,
        kind=Notification.Kind.CONCERN_ANSWERED,
        title="Kiến nghị đã được trả lời",
        url=reverse("questions:detail", args=[w.answered.pk]),
        key="matrix",
    )
    # Youth initiatives: one of unit U (with an update carrying evidence), one completed, one cancelled, one of unit V.
    w.initiative = InitiativeFactory(unit=w.unit, name="Công trình của Văn phòng")
    w.initiative_update = InitiativeUpdateFactory(initiative=w.initiative, author=w.users["liaison"])
    w.initiative_update.evidence.save("bao-cao.pdf", ContentFile(b"%PDF-1.4 minimal"), save=True)
    w.completed_initiative = InitiativeFactory(
        unit=w.unit, status=Initiative.Status.COMPLETED, completed_on=dt.date(2026, 1, 10), result="Đã xong."
    )
    w.cancelled_initiative = InitiativeFactory(
        unit=w.unit, status=Initiative.Status.CANCELLED, cancellation_reason="Không còn phù hợp."
    )
    w.cancelled_update = InitiativeUpdateFactory(initiative=w.cancelled_initiative, author=w.users["liaison"])
    w.cancelled_update.evidence.save("bao-cao.pdf", ContentFile(b"%PDF-1.4 minimal"), save=True)
    w.other_initiative = InitiativeFactory(unit=w.other_unit, name="Công trình của Phòng Tổ chức cán bộ")
    w.message = OutboxMessage.objects.create(key="matrix", recipients=["a@example.org"], subject="Thư", body="Nội dung")
    # The profile documents need, and the past conference's conclusion notice issued (the minutes are not).
    OrganizationProfile.objects.create(
        issuing_body="SỞ NỘI VỤ", code="SNV", place_name="Hưng Yên", chair_title="GIÁM ĐỐC"
    )
    w.notice = document_issue(
        conference=w.past, kind="notice", user=w.users["organizer"], issued_on=dt.date(2025, 3, 5)
    )
    # The open conference's polls: one closed, one open (a rating, members only), one prepared; the past
    # conference's survey, which member A answers as its participant.
    boss = w.users["organizer"]

    def poll(question, kind="single"):
        options = [] if kind == "rating" else ["Có", "Không"]
        return poll_services.poll_create(
            conference=w.open, by=boss, question=question, kind=kind, allow_anonymous=False, options=options
        )

    w.poll_closed = poll_services.poll_close(poll=poll_services.poll_open(poll=poll("Đã đóng"), by=boss), by=boss)
    w.poll_open = poll_services.poll_open(poll=poll("Đang mở", kind="rating"), by=boss)
    w.poll_prepared = poll("Chuẩn bị")
    ParticipantFactory(conference=w.past, role=Participant.Role.MEMBER, user=author)
    w.survey = Survey.objects.create(conference=w.past)
    SurveyQuestion.objects.create(survey=w.survey, prompt="Đánh giá chung", kind="rating", order=1)
    return w


def snapshot(w) -> tuple:
    """What a refused request must not change."""
    return (
        sorted(
            Question.objects.values_list(
                "pk", "status", "title", "support_count", "live_pinned", "assigned_leader", "drafting_unit"
            )
        ),
        sorted(AnswerDraft.objects.values_list("pk", "body", "ready_at", "version")),
        sorted(Conference.objects.values_list("pk", "status", "is_published", "version")),
        sorted(Conclusion.objects.values_list("pk", "is_published")),
        sorted(Directive.objects.values_list("pk", "status", "progress")),
        DirectiveUpdate.objects.count(),
        Support.objects.count(),
        sorted(w.unit.__class__.objects.values_list("pk", "is_active")),
        sorted(Profile.objects.values_list("pk", "unit_id")),
        sorted(Liaison.objects.values_list("pk", "unit_id", "user_id")),
        sorted(OutboxMessage.objects.values_list("pk", "status", "attempts")),
        sorted(IssuedDocument.objects.values_list("pk", "number", "signed_scan")),
        sorted(NumberSequence.objects.values_list("pk", "last_number")),
        sorted(OrganizationProfile.objects.values_list("pk", "issuing_body", "code")),
        sorted(Poll.objects.values_list("pk", "status", "question")),
        sorted(PollVote.objects.values_list("pk", "poll_id", "voter_id", "rating")),
        sorted(SurveyQuestion.objects.values_list("pk", "prompt")),
        SurveyResponse.objects.count(),
        sorted(Notification.objects.values_list("pk", "read_at")),
        sorted(w.users["member"].notification_preferences.values_list("kind", "email")),
        sorted(get_user_model().objects.values_list("pk", "is_active", "first_name", "email")),
        sorted(get_user_model().groups.through.objects.values_list("user_id", "group_id")),
        sorted(Initiative.objects.values_list("pk", "status", "name", "version", "decision_number")),
        InitiativeUpdate.objects.count(),
    )


# --- expectations --------------------------------------------------------------------------------------------------


def roles(default, **overrides) -> dict:
    unknown = set(overrides) - set(ROLES)
    assert not unknown, unknown
    return {role: overrides.get(role, default) for role in ROLES}


def everyone(status=200):
    return roles(status)


def logged_in(allowed=200):
    return roles(allowed, anonymous=LOGIN)


def organizers(allowed=200, others=403):
    return roles(others, anonymous=LOGIN, organizer=allowed, admin=allowed)


def organizers_read(others=404):
    """A published-only object: organizers and admins read it, everybody else gets `others`."""
    return roles(others, organizer=200, admin=200)


def leaders(allowed=200):
    return roles(403, anonymous=LOGIN, leader=allowed, organizer=allowed, admin=allowed)


def author_only(allowed=200, others=404):
    return roles(others, anonymous=LOGIN, member=allowed)


def to(name, **kwargs):
    return Redirect(lambda w: reverse(name, kwargs={k: v(w) for k, v in kwargs.items()}))


def moderation(w):
    return reverse("conference_questions:moderate", kwargs={"slug": w.open.slug})


@dataclass
class Case:
    name: str
    variant: str
    kwargs: Callable = lambda w: {}
    expect: dict = field(default_factory=dict)
    method: str = "get"
    data: dict = field(default_factory=dict)


def _other_member(w):
    return {"pk": w.users["other_member"].pk}


def _open(w, **extra):
    return {"slug": w.open.slug, **extra}


_back_to_member_edit = organizers(to("accounts:member_edit", pk=lambda w: w.users["other_member"].pk))

CASES = [
    # --- home, health, auth ---
    # --- public data: feeds and the API answer as to an anonymous visitor, whoever asks ---
    Case("help", "page", expect=everyone()),
    Case("open_data:index", "page", expect=everyone()),
    Case("open_data:zip", "archive", expect=everyone()),
    Case("feeds:answers", "site-wide", expect=everyone()),
    Case("feeds:conclusions", "site-wide", expect=everyone()),
    Case("conference_questions:feed_answers", "published", lambda w: _open(w), everyone()),
    Case("conference_questions:feed_answers", "unpublished draft", lambda w: {"slug": w.draft.slug}, everyone(404)),
    Case("conference_questions:feed_conclusions", "published", lambda w: {"slug": w.past.slug}, everyone()),
    Case("conference_questions:feed_conclusions", "unpublished", lambda w: {"slug": w.draft.slug}, everyone(404)),
    Case("api:index", "root", expect=everyone()),
    Case("api:api-root", "root", expect=everyone()),
    Case("api:openapi-json", "schema", expect=everyone()),
    Case("api:openapi-view", "docs", expect=everyone()),
    Case("api:conferences", "list", expect=everyone()),
    Case("api:conference", "published", lambda w: {"slug": w.open.slug}, everyone()),
    Case("api:conference", "unpublished draft", lambda w: {"slug": w.draft.slug}, everyone(404)),
    Case("api:concerns", "list", expect=everyone()),
    Case("api:concern", "approved", lambda w: {"concern_id": w.approved.pk}, everyone()),
    Case("api:concern", "pending", lambda w: {"concern_id": w.pending.pk}, everyone(404)),
    Case("api:conclusions", "list", expect=everyone()),
    Case("api:directives", "list", expect=everyone()),
    Case("api:topics", "list", expect=everyone()),
    Case("api:units", "list", expect=everyone()),
    Case("home", "page", expect=everyone()),
    Case("healthz", "check", expect=everyone()),
    Case("readyz", "check", expect=everyone()),
    Case("outbox", "list", expect=organizers()),
    # --- notifications: each user's own ---
    Case("notifications:list", "own", expect=logged_in()),
    Case(
        "notifications:open",
        "the author's",
        lambda w: {"pk": w.notification.pk},
        author_only(Redirect(lambda w: reverse("questions:detail", args=[w.answered.pk]))),
    ),
    Case("notifications:open", "post is refused", lambda w: {"pk": w.notification.pk}, roles(405), method="post"),
    Case(
        "notifications:read_all",
        "post",
        expect=logged_in(Redirect(lambda w: reverse("notifications:list"))),
        method="post",
    ),
    Case("notifications:read_all", "get is refused", expect=roles(405)),
    Case(
        "notifications:email_preferences",
        "post",
        expect=logged_in(Redirect(lambda w: reverse("accounts:profile"))),
        method="post",
        data={"email_kinds": ["concern_answered"]},
    ),
    Case("notifications:email_preferences", "get is refused", expect=roles(405)),
    Case(
        "outbox_retry",
        "a message that did not fail",
        lambda w: {"pk": w.message.pk},
        organizers(Redirect(lambda w: reverse("outbox"))),
        method="post",
    ),
    Case("outbox_retry", "get is refused", lambda w: {"pk": w.message.pk}, roles(405)),
    Case("login", "form", expect=everyone()),
    Case("logout", "get is refused", expect=everyone(405)),
    Case("logout", "post", method="post", expect=everyone(Redirect(lambda w: reverse("home")))),
    Case("password_change", "form", expect=logged_in()),
    Case("password_change_done", "page", expect=logged_in()),
    Case("password_reset", "form", expect=everyone()),
    Case("password_reset_done", "page", expect=everyone()),
    Case("password_reset_confirm", "invalid link", lambda w: {"uidb64": "MQ", "token": "bad-token"}, everyone()),
    Case("password_reset_complete", "page", expect=everyone()),
    # --- accounts ---
    Case("accounts:profile", "own profile", expect=logged_in()),
    Case(
        "accounts:profile",
        "post another unit: the unit stays",
        method="post",
        data={"first_name": "Nguyễn Văn", "last_name": "An", "email": "an@example.org", "unit": "999"},
        expect=roles(Redirect(lambda w: reverse("accounts:profile")), anonymous=LOGIN),
    ),
    Case("accounts:members", "list", expect=organizers()),
    Case("accounts:member_new", "form", expect=organizers()),
    Case("accounts:member_import", "form", expect=organizers()),
    Case("accounts:member_import_confirm", "get is refused", expect=organizers(405)),
    Case(
        "accounts:member_import_confirm",
        "post without preview",
        method="post",
        expect=organizers(Redirect(lambda w: reverse("accounts:member_import"))),
    ),
    Case("accounts:member_import_template", "download", expect=organizers()),
    Case("accounts:member_edit", "a member", _other_member, organizers()),
    Case(
        "accounts:member_edit",
        "an organizer's account: admins only",
        lambda w: {"pk": w.users["organizer"].pk},
        roles(403, anonymous=LOGIN, admin=200),
    ),
    Case("accounts:member_edit", "no such account", lambda w: {"pk": 999999}, organizers(404)),
    Case(
        "accounts:member_edit",
        "post: an organizer cannot make an organizer",
        _other_member,
        roles(403, anonymous=LOGIN, organizer=200, admin=to("accounts:members")),
        method="post",
        data={"full_name": "Trần Văn B", "email": "b@example.org", "role": "organizer"},
    ),
    Case("accounts:member_deactivate", "confirm", _other_member, organizers()),
    Case(
        "accounts:member_deactivate",
        "post",
        _other_member,
        _back_to_member_edit,
        method="post",
    ),
    Case(
        "accounts:member_deactivate",
        "post on an admin",
        lambda w: {"pk": w.users["admin"].pk},
        roles(403, anonymous=LOGIN, admin=403),
        method="post",
    ),
    Case("accounts:member_reactivate", "confirm", _other_member, organizers()),
    Case(
        "accounts:member_reactivate",
        "post",
        _other_member,
        _back_to_member_edit,
        method="post",
    ),
    Case(
        "accounts:member_password_link",
        "post",
        _other_member,
        _back_to_member_edit,
        method="post",
    ),
    Case("accounts:member_password_link", "get is refused", _other_member, organizers(405)),
    # --- search: what each role may read, never member A's pending concern to anyone else ---
    Case("search:results", "empty", expect=everyone()),
    Case("search:results", "a pending concern's words", data={"q": "kien nghi cho duyet bi mat"}, expect=everyone()),
    Case("search:results", "one kind", data={"q": "hội nghị", "kind": "conferences", "page": "2"}, expect=everyone()),
    # --- conferences ---
    Case("conferences:list", "page", expect=everyone()),
    Case("conferences:create", "form", expect=organizers()),
    Case("conferences:detail", "published", lambda w: {"slug": w.open.slug}, everyone()),
    Case("conferences:detail", "unpublished draft", lambda w: {"slug": w.draft.slug}, organizers_read()),
    Case("conferences:edit", "published", lambda w: {"slug": w.open.slug}, organizers()),
    Case("conferences:calendar_feed", "published conferences", expect=everyone()),
    *[
        case
        for name in ("conferences:participants_csv", "conferences:participants_xlsx")
        for case in (
            Case(name, "published", lambda w: _open(w), leaders()),
            Case(
                name,
                "unpublished draft",
                lambda w: {"slug": w.draft.slug},
                roles(403, anonymous=LOGIN, leader=404, organizer=200, admin=200),
            ),
        )
    ],
    Case("conferences:calendar", "published", lambda w: {"slug": w.open.slug}, everyone()),
    Case("conferences:calendar", "unpublished draft", lambda w: {"slug": w.draft.slug}, organizers_read()),
    Case("conferences:action", "confirm", lambda w: {"slug": w.draft.slug, "action": "publish"}, organizers()),
    Case(
        "conferences:action",
        "publish",
        lambda w: {"slug": w.draft.slug, "action": "publish"},
        organizers(Redirect(lambda w: w.draft.get_absolute_url())),
        method="post",
    ),
    # --- units ---
    Case("units:list", "page", expect=organizers()),
    Case("units:create", "form", expect=organizers()),
    Case("units:edit", "form", lambda w: {"pk": w.unit.pk}, organizers()),
    Case("units:action", "confirm", lambda w: {"pk": w.unit.pk, "action": "deactivate"}, organizers()),
    Case(
        "units:action",
        "deactivate",
        lambda w: {"pk": w.unit.pk, "action": "deactivate"},
        organizers(Redirect(lambda w: reverse("units:list"))),
        method="post",
    ),
    Case("units:liaisons", "page", lambda w: {"pk": w.unit.pk}, organizers()),
    Case(
        "units:liaisons",
        "appoint with nobody chosen",
        lambda w: {"pk": w.unit.pk},
        organizers(400),
        method="post",
    ),
    Case(
        "units:liaison_remove",
        "confirm",
        lambda w: {"pk": w.other_unit.pk, "liaison_pk": w.liaison.pk},
        organizers(),
    ),
    Case(
        "units:liaison_remove",
        "of another unit",
        lambda w: {"pk": w.unit.pk, "liaison_pk": w.liaison.pk},
        organizers(404),
    ),
    Case(
        "units:liaison_remove",
        "remove",
        lambda w: {"pk": w.other_unit.pk, "liaison_pk": w.liaison.pk},
        organizers(Redirect(lambda w: reverse("units:liaisons", kwargs={"pk": w.other_unit.pk}))),
        method="post",
    ),
    # --- a conference's concerns ---
    Case("conference_questions:list", "published", lambda w: _open(w), everyone()),
    Case("conference_questions:list", "unpublished draft", lambda w: {"slug": w.draft.slug}, organizers_read()),
    *[
        case
        for name in ("conference_questions:export_csv", "conference_questions:export_xlsx")
        for case in (
            Case(name, "published", lambda w: _open(w), leaders()),
            Case(
                name,
                "unpublished draft",
                lambda w: {"slug": w.draft.slug},
                roles(403, anonymous=LOGIN, leader=404, organizer=200, admin=200),
            ),
        )
    ],
    Case("conference_questions:new", "form", lambda w: _open(w), logged_in()),
    Case(
        "conference_questions:new",
        "unpublished draft",
        lambda w: {"slug": w.draft.slug},
        roles(404, anonymous=LOGIN, organizer=200, admin=200),
    ),
    Case("conference_questions:moderate", "queue", lambda w: _open(w), organizers()),
    Case("conference_questions:moderate_bulk", "get is refused", lambda w: _open(w), everyone(405)),
    Case(
        "conference_questions:moderate_bulk",
        "empty post",
        lambda w: _open(w),
        organizers(Redirect(moderation)),
        method="post",
    ),
]

for _action in ("approve", "reject", "merge", "classify"):
    CASES += [
        Case(
            f"conference_questions:moderate_{_action}",
            "get is refused",
            lambda w: _open(w, pk=w.pending.pk),
            everyone(405),
        ),
        Case(
            f"conference_questions:moderate_{_action}",
            "pending concern",
            lambda w: _open(w, pk=w.pending.pk),
            organizers(Redirect(moderation)),
            method="post",
        ),
    ]

CASES += [
    Case("conference_questions:moderate_edit", "pending concern", lambda w: _open(w, pk=w.pending.pk), organizers()),
    Case(
        "conference_questions:moderate_edit",
        "concern of another conference",
        lambda w: {"slug": w.past.slug, "pk": w.pending.pk},
        organizers(404),
    ),
    # --- conclusion and carry-over ---
    Case("conference_questions:conclusion", "published", lambda w: {"slug": w.past.slug}, everyone()),
    Case("conference_questions:conclusion", "draft conclusion", lambda w: _open(w), organizers_read()),
    Case(
        "conference_questions:conclusion", "unpublished conference", lambda w: {"slug": w.draft.slug}, organizers_read()
    ),
    Case("conference_questions:conclusion_edit", "form", lambda w: _open(w), organizers()),
    Case("conference_questions:conclusion_publish", "confirm", lambda w: _open(w), organizers()),
    Case(
        "conference_questions:conclusion_publish",
        "no conclusion yet",
        lambda w: {"slug": w.draft.slug},
        organizers(404),
    ),
    Case("conference_questions:carry_over", "form", lambda w: _open(w), organizers()),
    # --- live ---
    Case("conference_questions:live", "published", lambda w: _open(w), everyone()),
    Case("conference_questions:live", "unpublished draft", lambda w: {"slug": w.draft.slug}, organizers_read()),
    Case(
        "short_submit",
        "published",
        lambda w: {"pk": w.open.pk},
        everyone(Redirect(lambda w: reverse("conference_questions:new", kwargs={"slug": w.open.slug}))),
    ),
    Case("short_submit", "unpublished draft", lambda w: {"pk": w.draft.pk}, everyone(404)),
    Case("conference_questions:live_feed", "published", lambda w: _open(w), everyone()),
    Case("conference_questions:live_feed", "unpublished draft", lambda w: {"slug": w.draft.slug}, organizers_read()),
    Case("conference_questions:live_console", "console", lambda w: _open(w), organizers()),
    Case(
        "conference_questions:live_action",
        "get is refused",
        lambda w: _open(w, pk=w.approved.pk, action="pin"),
        everyone(405),
    ),
    Case(
        "conference_questions:live_action",
        "pin",
        lambda w: _open(w, pk=w.approved.pk, action="pin"),
        organizers(Redirect(lambda w: reverse("conference_questions:live_console", kwargs={"slug": w.open.slug}))),
        method="post",
    ),
    # --- one concern ---
    Case("questions:mine", "list", expect=logged_in()),
    Case("questions:detail", "approved", lambda w: {"pk": w.approved.pk}, everyone()),
    Case("questions:detail", "answered", lambda w: {"pk": w.answered.pk}, everyone()),
    Case(
        "questions:detail", "pending", lambda w: {"pk": w.pending.pk}, roles(404, member=200, organizer=200, admin=200)
    ),
    Case("questions:submitted", "pending", lambda w: {"pk": w.pending.pk}, author_only()),
    Case("questions:edit", "pending", lambda w: {"pk": w.pending.pk}, author_only()),
    Case(
        "questions:edit",
        "approved (no longer editable)",
        lambda w: {"pk": w.approved.pk},
        author_only(Redirect(lambda w: reverse("questions:mine"))),
    ),
    Case("questions:withdraw", "confirm", lambda w: {"pk": w.pending.pk}, author_only()),
    Case(
        "questions:withdraw",
        "withdraw",
        lambda w: {"pk": w.pending.pk},
        author_only(Redirect(lambda w: reverse("questions:mine"))),
        method="post",
    ),
    # --- satisfaction: the author rates the answer; organizers reopen ---
    Case("satisfaction:rate", "answered", lambda w: {"pk": w.answered.pk}, author_only()),
    Case("satisfaction:rate", "not answered yet", lambda w: {"pk": w.approved.pk}, author_only()),
    Case(
        "satisfaction:rate",
        "rate",
        lambda w: {"pk": w.answered.pk},
        author_only(Redirect(lambda w: w.answered.get_absolute_url())),
        method="post",
        data={"verdict": "unsatisfied", "comment": "Chưa rõ thời hạn"},
    ),
    Case("satisfaction:reopen", "confirm", lambda w: {"pk": w.answered.pk}, organizers()),
    Case(
        "satisfaction:reopen",
        "reopen",
        lambda w: {"pk": w.answered.pk},
        organizers(Redirect(lambda w: w.answered.get_absolute_url())),
        method="post",
        data={"reason": "Cần trả lời cụ thể hơn"},
    ),
    Case("questions:support", "get is refused", lambda w: {"pk": w.approved.pk}, everyone(405)),
    Case(
        "questions:support",
        "approved",
        lambda w: {"pk": w.approved.pk},
        logged_in(Redirect(lambda w: w.approved.get_absolute_url())),
        method="post",
    ),
    Case(
        "questions:support",
        "pending",
        lambda w: {"pk": w.pending.pk},
        roles(
            404,
            anonymous=LOGIN,
            **dict.fromkeys(("member", "organizer", "admin"), Redirect(lambda w: w.pending.get_absolute_url())),
        ),
        method="post",
    ),
    # --- answers: the queue, the assignment, the draft ---
    Case(
        "questions:to_answer",
        "queue",
        expect=roles(
            403,
            anonymous=LOGIN,
            **dict.fromkeys(("leader", "organizer", "admin", "liaison", "other_liaison", "support_liaison"), 200),
        ),
    ),
    Case("questions:assign", "form", lambda w: {"pk": w.assigned.pk}, organizers()),
    Case(
        "questions:assign",
        "post without change",
        lambda w: {"pk": w.approved.pk},
        organizers(Redirect(lambda w: w.approved.get_absolute_url())),
        method="post",
    ),
    Case(
        "questions:draft",
        "assigned, the unit drafts",
        lambda w: {"pk": w.assigned.pk},
        roles(403, anonymous=LOGIN, liaison=200, leader=200, organizer=200, admin=200),
    ),
    Case(
        "questions:draft",
        "empty post",
        lambda w: {"pk": w.assigned.pk},
        roles(403, anonymous=LOGIN, liaison=200),
        method="post",
    ),
    Case(
        "questions:draft",
        "no unit drafts",
        lambda w: {"pk": w.approved.pk},
        roles(403, anonymous=LOGIN, organizer=200, admin=200),
    ),
    Case(
        "followup:answer",
        "not assigned to the leader",
        lambda w: {"pk": w.approved.pk},
        roles(403, anonymous=LOGIN, organizer=200, admin=200),
    ),
    Case("followup:answer", "assigned to the leader", lambda w: {"pk": w.assigned.pk}, leaders()),
    Case(
        "followup:answer",
        "empty post",
        lambda w: {"pk": w.assigned.pk},
        leaders(400),
        method="post",
    ),
    Case(
        "followup:answer_correct",
        "answer given by the leader",
        lambda w: {"pk": w.answered.pk, "answer_pk": w.answer.pk},
        leaders(),
    ),
    Case(
        "followup:answer_correct",
        "answer of another concern",
        lambda w: {"pk": w.approved.pk, "answer_pk": w.answer.pk},
        roles(404, anonymous=LOGIN),
    ),
    # --- directives ---
    Case("followup:directives", "board", expect=logged_in()),
    Case("followup:directives_export_csv", "board", expect=leaders()),
    Case("followup:directives_export_xlsx", "board", expect=leaders()),
    Case("followup:directive", "published", lambda w: {"pk": w.directive.pk}, logged_in()),
    Case(
        "followup:directive",
        "draft conclusion",
        lambda w: {"pk": w.hidden_directive.pk},
        roles(404, anonymous=LOGIN, organizer=200, admin=200),
    ),
    Case(
        "followup:directive_update",
        "own unit's directive",
        lambda w: {"pk": w.directive.pk},
        roles(
            403,
            anonymous=LOGIN,
            **dict.fromkeys(
                ("liaison", "support_liaison", "organizer", "admin"),
                Redirect(lambda w: reverse("followup:directive", kwargs={"pk": w.directive.pk})),
            ),
        ),
    ),
    Case(
        "followup:directive_update",
        "post to own unit's directive",
        lambda w: {"pk": w.directive.pk},
        roles(403, anonymous=LOGIN, liaison=400, support_liaison=400, organizer=400, admin=400),
        method="post",
    ),
    Case(
        "followup:directive_update",
        "report done",
        lambda w: {"pk": w.directive.pk},
        roles(
            403,
            anonymous=LOGIN,
            **dict.fromkeys(("liaison", "organizer", "admin"), to("followup:directive", pk=lambda w: w.directive.pk)),
        ),
        method="post",
        data={"status": "reported_done", "progress": "100", "note": "Đã hoàn thành."},
    ),
    Case(
        "followup:directive_update",
        "mark done without a report (organizers only)",
        lambda w: {"pk": w.directive.pk},
        roles(
            403,
            anonymous=LOGIN,
            liaison=400,
            **dict.fromkeys(("organizer", "admin"), to("followup:directive", pk=lambda w: w.directive.pk)),
        ),
        method="post",
        data={"status": "done", "progress": "100", "note": "Đã hoàn thành."},
    ),
    Case(
        "followup:directive_confirm",
        "form",
        lambda w: {"pk": w.reported.pk},
        organizers(),
    ),
    Case(
        "followup:directive_confirm",
        "post",
        lambda w: {"pk": w.reported.pk},
        organizers(to("followup:directive", pk=lambda w: w.reported.pk)),
        method="post",
    ),
    Case(
        "followup:directive_confirm",
        "a directive not reported done",
        lambda w: {"pk": w.directive.pk},
        organizers(to("followup:directive", pk=lambda w: w.directive.pk)),
    ),
    Case(
        "followup:directive_send_back",
        "form",
        lambda w: {"pk": w.reported.pk},
        organizers(),
    ),
    Case(
        "followup:directive_send_back",
        "post with a reason",
        lambda w: {"pk": w.reported.pk},
        organizers(to("followup:directive", pk=lambda w: w.reported.pk)),
        method="post",
        data={"note": "Chưa có minh chứng."},
    ),
    Case(
        "followup:directive_send_back",
        "post without a reason",
        lambda w: {"pk": w.reported.pk},
        organizers(400),
        method="post",
    ),
    Case(
        "followup:directive_update",
        "cancel",
        lambda w: {"pk": w.directive.pk},
        roles(
            403,
            anonymous=LOGIN,
            liaison=400,  # the form offers a liaison no "cancelled"
            **dict.fromkeys(("organizer", "admin"), to("followup:directive", pk=lambda w: w.directive.pk)),
        ),
        method="post",
        data={"status": "cancelled", "progress": "40", "note": "Không còn phù hợp."},
    ),
    Case(
        "followup:directive_update",
        "a note without changing the status",
        lambda w: {"pk": w.directive.pk},
        roles(
            403,
            anonymous=LOGIN,
            **dict.fromkeys(
                ("liaison", "support_liaison", "organizer", "admin"),
                to("followup:directive", pk=lambda w: w.directive.pk),
            ),
        ),
        method="post",
        data={"status": "in_progress", "progress": "40", "note": "Đã phối hợp rà soát."},
    ),
    Case(
        "followup:directive_update",
        "post to another unit's directive",
        lambda w: {"pk": w.other_directive.pk},
        roles(403, anonymous=LOGIN, other_liaison=400, organizer=400, admin=400),
        method="post",
    ),
    Case(
        "followup:directive_update",
        "post to a directive of a draft conclusion",
        lambda w: {"pk": w.hidden_directive.pk},
        roles(404, anonymous=LOGIN, organizer=400, admin=400),
        method="post",
    ),
    Case("followup:evidence", "published directive", lambda w: {"pk": w.update.pk}, logged_in()),
    Case("followup:dashboard", "statistics", expect=leaders()),
    # --- official documents and the organization profile ---
    Case("organization_profile", "form", expect=organizers()),
    Case("organization_profile", "empty post", method="post", expect=organizers(400)),
    Case("documents:list", "published", lambda w: {"slug": w.past.slug}, everyone()),
    Case("documents:list", "unpublished draft", lambda w: {"slug": w.draft.slug}, organizers_read()),
    Case(
        "documents:file",
        "issued notice",
        lambda w: {"slug": w.past.slug, "kind": "notice", "ext": "pdf"},
        everyone(),
    ),
    Case(
        "documents:file",
        "draft minutes",
        lambda w: {"slug": w.past.slug, "kind": "minutes", "ext": "docx"},
        roles(404, leader=200, organizer=200, admin=200),
    ),
    Case(
        "documents:file",
        "draft plan of an unpublished conference",
        lambda w: {"slug": w.draft.slug, "kind": "plan", "ext": "pdf"},
        organizers_read(),
    ),
    Case(
        "documents:issue",
        "confirm",
        lambda w: {"slug": w.past.slug, "kind": "report"},
        organizers(),
    ),
    Case(
        "documents:issue",
        "empty post",
        lambda w: {"slug": w.past.slug, "kind": "report"},
        organizers(400),
        method="post",
    ),
    Case(
        "documents:version",
        "issued notice",
        lambda w: {"slug": w.past.slug, "kind": "notice", "version": 1, "ext": "docx"},
        everyone(),
    ),
    Case(
        "documents:version",
        "no signed scan yet",
        lambda w: {"slug": w.past.slug, "kind": "notice", "version": 1, "ext": "scan.pdf"},
        everyone(404),
    ),
    Case(
        "documents:scan",
        "get is refused",
        lambda w: {"slug": w.past.slug, "kind": "notice", "version": 1},
        roles(405, anonymous=LOGIN),
    ),
    Case(
        "documents:scan",
        "post without a file",
        lambda w: {"slug": w.past.slug, "kind": "notice", "version": 1},
        organizers(Redirect(lambda w: reverse("documents:list", kwargs={"slug": w.past.slug}))),
        method="post",
    ),
    Case("followup:dashboard_export_csv", "statistics", expect=leaders()),
    Case("followup:dashboard_export_xlsx", "statistics", expect=leaders()),
]


# --- live polls and the closing survey ---


def polls_page(w):
    return reverse("polls:list", kwargs={"slug": w.open.slug})


def console(w):
    return reverse("conference_questions:live_console", kwargs={"slug": w.open.slug})


def _poll(attr):
    return lambda w: _open(w, pk=getattr(w, attr).pk)


CASES += [
    Case("polls:list", "published", lambda w: _open(w), everyone()),
    Case("polls:list", "unpublished draft", lambda w: {"slug": w.draft.slug}, organizers_read()),
    Case("polls:new", "form", lambda w: _open(w), organizers()),
    Case("polls:new", "empty post", lambda w: _open(w), organizers(), method="post"),
    Case("polls:edit", "prepared poll", _poll("poll_prepared"), organizers()),
    Case("polls:edit", "open poll", _poll("poll_open"), organizers(404)),
    Case(
        "polls:edit",
        "poll of another conference",
        lambda w: {"slug": w.past.slug, "pk": w.poll_prepared.pk},
        organizers(404),
    ),
    Case("polls:delete", "get is refused", _poll("poll_prepared"), everyone(405)),
    Case("polls:delete", "prepared poll", _poll("poll_prepared"), organizers(Redirect(polls_page)), method="post"),
    Case("polls:delete", "closed poll is kept", _poll("poll_closed"), organizers(Redirect(polls_page)), method="post"),
    Case("polls:vote", "get is refused", _poll("poll_open"), everyone(405)),
    Case(
        "polls:vote",
        "rating of the open poll",
        _poll("poll_open"),
        roles(Redirect(polls_page), anonymous=LOGIN),
        method="post",
        data={"rating": "4"},
    ),
    Case(
        "polls:vote",
        "closed poll",
        _poll("poll_closed"),
        everyone(Redirect(polls_page)),
        method="post",
        data={"rating": "4"},
    ),
    Case(
        "polls:vote",
        "prepared poll",
        _poll("poll_prepared"),
        organizers_read(404) | {"organizer": Redirect(polls_page), "admin": Redirect(polls_page)},
        method="post",
    ),
    Case("polls:action", "get is refused", lambda w: _open(w, pk=w.poll_open.pk, action="close"), everyone(405)),
    Case(
        "polls:action",
        "close",
        lambda w: _open(w, pk=w.poll_open.pk, action="close"),
        organizers(Redirect(console)),
        method="post",
    ),
    Case(
        "polls:action",
        "open while another is open",
        lambda w: _open(w, pk=w.poll_prepared.pk, action="open"),
        organizers(Redirect(console)),
        method="post",
    ),
    Case(
        "polls:action",
        "unknown action",
        lambda w: _open(w, pk=w.poll_prepared.pk, action="explode"),
        roles(404, anonymous=LOGIN),
        method="post",
    ),
    Case(
        "polls:survey",
        "participant's survey",
        lambda w: {"slug": w.past.slug},
        roles(403, anonymous=LOGIN, member=200, organizer=200, admin=200),
    ),
    Case(
        "polls:survey",
        "empty answers",
        lambda w: {"slug": w.past.slug},
        roles(403, anonymous=LOGIN, member=200, organizer=200, admin=200),
        method="post",
    ),
    Case("polls:survey", "no survey", lambda w: _open(w), roles(404, anonymous=LOGIN)),
    Case("polls:survey", "unpublished draft", lambda w: {"slug": w.draft.slug}, roles(404, anonymous=LOGIN)),
    Case("polls:survey_edit", "form", lambda w: _open(w), organizers()),
    Case("polls:survey_edit", "empty post", lambda w: {"slug": w.past.slug}, organizers(), method="post"),
    Case("polls:survey_results", "survey", lambda w: {"slug": w.past.slug}, organizers()),
    Case("polls:survey_results", "no survey", lambda w: _open(w), organizers(404)),
]


# --- youth initiatives -----------------------------------------------------------------------------------------------
# Unit U's own people: its liaison and a member whose profile names it; unit V's: the other liaison. Liaisons of the
# supporting unit have a unit of their own too, so they may register (for it), never edit U's initiatives.

REGISTRARS = ("liaison", "other_liaison", "support_liaison", "unit_member", "organizer", "admin")
U_PEOPLE = ("liaison", "unit_member", "organizer", "admin")
V_PEOPLE = ("other_liaison", "organizer", "admin")


def workers(people, allowed=200, others=403):
    return roles(others, anonymous=LOGIN, **dict.fromkeys(people, allowed))


def to_initiative(attr):
    return Redirect(lambda w: reverse("initiatives:detail", kwargs={"pk": getattr(w, attr).pk}))


def _initiative(attr, **extra):
    return lambda w: {"pk": getattr(w, attr).pk, **extra}


CASES += [
    Case("initiatives:list", "page", expect=everyone()),
    Case("initiatives:export_xlsx", "spreadsheet", expect=logged_in()),
    Case("initiatives:create", "form", expect=workers(REGISTRARS)),
    Case("initiatives:create", "empty post", expect=workers(REGISTRARS), method="post"),
    Case("initiatives:detail", "registered", _initiative("initiative"), everyone()),
    Case(
        "initiatives:detail",
        "cancelled",
        _initiative("cancelled_initiative"),
        roles(404, **dict.fromkeys(U_PEOPLE, 200)),
    ),
    Case("initiatives:edit", "own unit's", _initiative("initiative"), workers(U_PEOPLE)),
    Case("initiatives:edit", "another unit's", _initiative("other_initiative"), workers(V_PEOPLE)),
    Case("initiatives:edit", "empty post", _initiative("initiative"), workers(U_PEOPLE), method="post"),
    Case(
        "initiatives:edit",
        "cancelled",
        _initiative("cancelled_initiative"),
        roles(404, anonymous=LOGIN, liaison=403, unit_member=403, organizer=200, admin=200),
    ),
    Case(
        "initiatives:update",
        "get forwards to the form",
        _initiative("initiative"),
        workers(U_PEOPLE, to_initiative("initiative")),
    ),
    Case("initiatives:update", "empty post", _initiative("initiative"), workers(U_PEOPLE, 400), method="post"),
    Case(
        "initiatives:update",
        "a note",
        _initiative("initiative"),
        workers(U_PEOPLE, to_initiative("initiative")),
        method="post",
        data={"note": "Đã số hóa 5.000 trang."},
    ),
    Case(
        "initiatives:update",
        "a note on another unit's",
        _initiative("other_initiative"),
        workers(V_PEOPLE, to_initiative("other_initiative")),
        method="post",
        data={"note": "Đã số hóa 5.000 trang."},
    ),
    Case("initiatives:step", "start: form", _initiative("initiative", action="start"), workers(U_PEOPLE)),
    Case(
        "initiatives:step",
        "start",
        _initiative("initiative", action="start"),
        workers(U_PEOPLE, to_initiative("initiative")),
        method="post",
    ),
    Case(
        "initiatives:step",
        "cancel another unit's",
        _initiative("other_initiative", action="cancel"),
        workers(V_PEOPLE, to_initiative("other_initiative")),
        method="post",
        data={"reason": "Trùng kế hoạch."},
    ),
    Case(
        "initiatives:step",
        "recognise: form",
        _initiative("completed_initiative", action="recognise"),
        organizers(),
    ),
    Case(
        "initiatives:step",
        "recognise",
        _initiative("completed_initiative", action="recognise"),
        organizers(to_initiative("completed_initiative")),
        method="post",
        data={"level": "higher", "decision_number": "25-QĐ/ĐTN", "decision_date": "2026-01-20"},
    ),
    Case(
        "initiatives:step",
        "complete a registered one: refused with a message",
        _initiative("initiative", action="complete"),
        workers(U_PEOPLE, 400),
        method="post",
        data={"result": "Đã xong.", "completed_on": "2026-01-20"},
    ),
    Case("initiatives:step", "unknown step", _initiative("initiative", action="delete"), roles(404, anonymous=LOGIN)),
    Case("initiatives:evidence", "registered", lambda w: {"pk": w.initiative_update.pk}, logged_in()),
    Case(
        "initiatives:evidence",
        "cancelled",
        lambda w: {"pk": w.cancelled_update.pk},
        roles(404, anonymous=LOGIN, **dict.fromkeys(U_PEOPLE, 200)),
    ),
]


# --- the resolver --------------------------------------------------------------------------------------------------


def project_url_names() -> dict[str, str]:
    """Every URL pattern of the project outside admin/, i18n/, media/ and static: {name: route}."""
    found = {}

    def walk(resolver, prefix="", namespace=""):
        for pattern in resolver.url_patterns:
            route = prefix + str(pattern.pattern)
            if route.startswith(SKIPPED_PREFIXES):
                continue
            if isinstance(pattern, URLResolver):
                walk(pattern, route, namespace + (f"{pattern.namespace}:" if pattern.namespace else ""))
            elif isinstance(pattern, URLPattern):
                found[namespace + pattern.name if pattern.name else route] = route

    walk(get_resolver())
    return found


def test_every_url_is_in_the_matrix():
    names = project_url_names()
    covered = {case.name for case in CASES}
    missing = sorted(f"{name} ({route})" for name, route in names.items() if name not in covered)
    assert not missing, f"URL patterns without an entry in the permission matrix: {missing}"
    stale = sorted(covered - set(names))
    assert not stale, f"Matrix entries for URL patterns that no longer exist: {stale}"


def test_the_resolver_walk_finds_the_projects_pages():
    names = project_url_names()
    assert {"home", "questions:edit", "followup:directive_update", "accounts:member_import"} <= set(names)
    assert not any(route.startswith(("admin/", "i18n/")) for route in names.values())


# --- the matrix ----------------------------------------------------------------------------------------------------


PARAMS = [
    pytest.param(case, role, id=f"{case.name}[{case.variant}]-{case.method}-{role}") for case in CASES for role in ROLES
]


@pytest.fixture(scope="module")
def module_world(django_db_setup, django_db_blocker, tmp_path_factory):
    """One world for the whole module, inside a transaction that each test's own (rolled back) savepoint nests in."""
    media_root = tmp_path_factory.mktemp("matrix_media")
    fast_hashing = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media_root), fast_hashing, transaction.atomic():
        world = build_world()
        world.media_root = media_root
        # One handler for all tests: loading its middleware (WhiteNoise scans the static files) is slow.
        world.handler = ClientHandler(enforce_csrf_checks=False)
        yield world
        transaction.set_rollback(True)


@pytest.fixture
def world(module_world, settings, client):
    settings.MEDIA_ROOT = module_world.media_root  # where the evidence file of the world was saved
    client.handler = module_world.handler
    return module_world


@pytest.mark.parametrize(("case", "role"), PARAMS)
def test_permission_matrix(client, world, case, role):
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    url = reverse(case.name, kwargs=case.kwargs(world))
    before = snapshot(world)

    response = getattr(client, case.method)(url, case.data)

    expected = case.expect[role]
    location = response.get("Location", "")
    if expected == LOGIN:
        assert response.status_code == 302, (url, response.status_code)
        assert location.startswith("/accounts/login/"), location
    elif isinstance(expected, Redirect):
        assert response.status_code == 302, (url, response.status_code)
        assert location.split("#")[0] == expected.to(world), location
    else:
        assert response.status_code == expected, (url, response.status_code, location)
    if expected in (LOGIN, 403, 404, 405):
        assert snapshot(world) == before, "a refused request changed the records"
    if role not in ("member", "organizer", "admin"):
        body = b"" if getattr(response, "streaming", False) else response.content
        assert SECRET_TITLE.encode() not in body, f"{url} shows member A's pending concern to {role}"
