"""The state of a conference's live dialogue as the projector shows it, its version (the ETag) and its cache.

Every service that changes what the projector shows calls bump(conference_id) in its transaction: the version is a
counter on the conference row, so every process and app server reads the same one with the row the feed loads
anyway (no extra query). The rendered fragment is cached under live:html:<conference_id>:<etag>:<language>; the
ETag carries the version, so a cached fragment can never be an old queue, whichever cache (shared or not) holds it.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, F, Q
from django.template.loader import render_to_string
from django.utils import translation

from conferences.models import Conference
from questions.models import Answer, LiveState, Question

QUEUE_LENGTH = 8  # concerns shown after the one on screen
RECENT_ANSWERS = 3
HTML_TIMEOUT = 3600  # seconds; a new version makes a new key anyway
FRAGMENT_TEMPLATE = "questions/live/_feed.html"


def html_key(conference_id: int, etag: str, language: str) -> str:
    return f"live:html:{conference_id}:{etag}:{language}"


def bump(conference_id: int) -> None:
    """Move the conference's live version, in the current transaction: readers see it with the change it stands for
    (committed together) on every app server, and a cached fragment is keyed by it, so none can be stale."""
    Conference.objects.filter(pk=conference_id).update(live_version=F("live_version") + 1)
    forget(conference_id)


# The feed's answer without a query: what the ETag is made of, cached per published conference. Dropped when the
# version moves or the conference is saved (after the commit), and kept two seconds (half a poll), which bounds how
# long a poller can be answered from a value read just before a commit and cached just after it. Only with a cache
# that every process shares (Redis, the database): one process's memory would not hear of the others' changes;
# LIVE_FEED_CACHED_STATE in the settings decides.
STATE_TIMEOUT = 2


def state_key(slug: str) -> str:
    return f"live:state:{slug}"


def forget(conference_id: int) -> None:
    transaction.on_commit(lambda: cache.delete(_slug_key(conference_id)))


def forget_saved(sender, instance, **kwargs) -> None:
    forget(instance.pk)


def _slug_key(conference_id: int) -> str:
    return f"live:state-of:{conference_id}"


def remember(conference: Conference) -> None:
    """Keep what a published conference's feed needs to answer the next polls without the database."""
    if conference.is_published and settings.LIVE_FEED_CACHED_STATE:
        state = (conference.pk, conference.version, conference.status, conference.live_version)
        cache.set_many({state_key(conference.slug): state, _slug_key(conference.pk): conference.slug}, STATE_TIMEOUT)


def cached_etag(slug: str) -> tuple[int, str] | None:
    """(conference id, ETag) of a published conference from the cache, or None: then ask the database."""
    if not settings.LIVE_FEED_CACHED_STATE:
        return None
    state = cache.get(state_key(slug))
    if state is None:
        return None
    pk, version, status, live_version = state
    if cache.get(_slug_key(pk)) != slug:  # forgotten since (a new version, an edit), or the slug changed
        return None
    return pk, f'"{version}-{status}-{live_version}-{translation.get_language()}"'


def etag_for(conference: Conference) -> str:
    """Changes with the queue (live version), the conference itself (its edit version and status) and the language."""
    return f'"{conference.version}-{conference.status}-{conference.live_version}-{translation.get_language()}"'


def cached_fragment(conference_id: int, etag: str) -> str | None:
    return cache.get(html_key(conference_id, etag, translation.get_language()))


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
