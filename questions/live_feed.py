"""The state of a conference's live dialogue as the projector shows it, its version (the ETag) and its cache.

Every service that changes what the projector shows calls bump(conference_id); the version moves once the
transaction has committed, so a poll never caches the old state under the new version. The version lives in the
shared cache (Redis in production): cache.add and cache.incr are atomic there, so any number of app servers agree.
A cold or evicted cache starts from a new random version, so a stale ETag held by a phone can never match it.

Cache keys: live:v:<conference_id> (the version) and live:html:<conference_id>:<etag>:<language> (the fragment).
"""

import secrets
from dataclasses import dataclass
from functools import partial

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.utils import translation

from conferences.models import Conference
from questions.models import Answer, LiveState, Question

QUEUE_LENGTH = 8  # concerns shown after the one on screen
RECENT_ANSWERS = 3
HTML_TIMEOUT = 3600  # seconds; a new version makes a new key anyway
FRAGMENT_TEMPLATE = "questions/live/_feed.html"


def version_key(conference_id: int) -> str:
    return f"live:v:{conference_id}"


def html_key(conference_id: int, etag: str, language: str) -> str:
    return f"live:html:{conference_id}:{etag}:{language}"


def _new_version() -> int:
    return secrets.randbits(48)


def current_version(conference_id: int) -> int:
    """The queue's version number; a missing key gets a new random one (0 SQL queries)."""
    key = version_key(conference_id)
    version = cache.get(key)
    if version is None:
        cache.add(key, _new_version(), timeout=None)
        version = cache.get(key)
    return int(version)


def bump_now(conference_id: int) -> None:
    key = version_key(conference_id)
    try:
        cache.incr(key)
    except ValueError:  # missing: any new random number differs from what clients hold
        cache.set(key, _new_version(), timeout=None)


def bump(conference_id: int) -> None:
    """Move the conference's live version once the current transaction commits (at once outside a transaction)."""
    transaction.on_commit(partial(bump_now, conference_id))


def etag_for(conference: Conference, version: int) -> str:
    """Changes with the queue (version), the conference itself (its edit version and status) and the language."""
    return f'"{conference.version}-{conference.status}-{version}-{translation.get_language()}"'


def etag_matches(if_none_match: str, etag: str) -> bool:
    candidates = [candidate.strip().removeprefix("W/") for candidate in if_none_match.split(",")]
    return etag in candidates or "*" in candidates


@dataclass
class LiveSnapshot:
    """What the projector shows: the concern on screen, the next ones, recent answers and the counts."""

    on_screen: Question | None
    queue: list[Question]
    recent_answers: list[Answer]
    approved: int
    answered: int
    pending: int
    queued: int


def queue_queryset(conference: Conference):
    """Approved concerns waiting in the room: pinned first, then most supported, then oldest."""
    return (
        Question.objects.filter(conference=conference, status=Question.Status.APPROVED, live_state=LiveState.QUEUED)
        .select_related("conference", "topic", "author", "author_unit")
        .order_by("-live_pinned", "-support_count", "submitted_at", "pk")
    )


def live_state(conference: Conference) -> LiveSnapshot:
    """Four queries whatever the length of the queue."""
    on_screen = (
        Question.objects.filter(conference=conference, live_state=LiveState.ON_SCREEN, status=Question.Status.APPROVED)
        .select_related("conference", "topic", "author", "author_unit", "live_responder")
        .first()
    )
    queue = list(queue_queryset(conference)[:QUEUE_LENGTH])
    counts = Question.objects.filter(conference=conference).aggregate(
        approved=Count("pk", filter=Q(status=Question.Status.APPROVED)),
        answered=Count("pk", filter=Q(status=Question.Status.ANSWERED)),
        pending=Count("pk", filter=Q(status=Question.Status.PENDING)),
        queued=Count("pk", filter=Q(status=Question.Status.APPROVED, live_state=LiveState.QUEUED)),
    )
    recent = list(
        Answer.objects.filter(question__conference=conference, kind=Answer.Kind.AT_CONFERENCE, is_published=True)
        .select_related("question", "responder")
        .order_by("-answered_at", "-pk")[:RECENT_ANSWERS]
    )
    return LiveSnapshot(on_screen=on_screen, queue=queue, recent_answers=recent, **counts)


def render_fragment(conference: Conference, etag: str) -> str:
    """The HTML of the feed, from the cache when this version was rendered before in this language."""
    key = html_key(conference.pk, etag, translation.get_language())
    html = cache.get(key)
    if html is None:
        state = live_state(conference)
        html = render_to_string(FRAGMENT_TEMPLATE, {"conference": conference, "state": state})
        cache.set(key, html, timeout=HTML_TIMEOUT)
    return html
