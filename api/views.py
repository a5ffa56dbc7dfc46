"""The public read-only JSON API, built with django-ninja: the OpenAPI 3 schema at /api/v1/openapi.json and its
interactive docs at /api/v1/docs (Swagger UI from the django-ninja package, served by the app, no CDN).

It answers as an anonymous visitor whoever asks (a session cookie widens nothing): published conferences and their
agendas, public concerns with their published answers, published conclusions and their directives, topics, units.
It reads through the same selectors and permission rules as the pages. Every list is paginated; every 200 carries
an ETag and a matching If-None-Match gets 304; each client address may make API_RATE_LIMIT requests (429 with
Retry-After beyond); a junk filter value is a 400 with a JSON body.
"""

import functools
import math
from typing import Literal

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_vary_headers, set_response_etag
from ninja import Field, NinjaAPI, Path, Query, Schema
from ninja.errors import Throttled, ValidationError
from ninja.pagination import PageNumberPagination, paginate
from ninja.renderers import JSONRenderer
from ninja.throttling import SimpleRateThrottle

from api import schemas
from conferences import selectors as conference_selectors
from conferences.models import Conference
from conferences.permissions import conferences_readable_by, get_conference_for_reader
from questions import permissions
from questions.models import Directive, Question, Topic
from questions.selectors import concerns as concern_selectors
from questions.selectors import followup as followup_selectors

PUBLIC = AnonymousUser()
PAGE_SIZE, MAX_PAGE_SIZE = 20, 100
# Far past any real page: a bound keeps an absurd page number from reaching the database as a huge offset.
MAX_PAGE = 10_000
SLUG = r"^[-a-zA-Z0-9_]{1,255}$"

ConferenceStatus = Literal[tuple(Conference.Status.values)]
ConcernStatus = Literal[tuple(status.value for status in Question.Status.PUBLIC)]
DirectiveStatus = Literal[tuple(Directive.Status.values)]


class ClientAddressThrottle(SimpleRateThrottle):
    """API_RATE_LIMIT requests per client address, counted in the shared cache (Redis with several servers)."""

    scope = "api"

    def __init__(self):
        super().__init__(rate=settings.API_RATE_LIMIT)

    def allow_request(self, request) -> bool:
        # Read the rate on each request, so that a changed setting (or a test's override) takes effect.
        self.rate = settings.API_RATE_LIMIT
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)

    def get_cache_key(self, request) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class Renderer(JSONRenderer):
    json_dumps_params = {"ensure_ascii": False}  # Vietnamese as it is written, not escaped


class PortalAPI(NinjaAPI):
    def create_response(self, request, data, *, status=None, temporal_response=None):
        response = super().create_response(request, data, status=status, temporal_response=temporal_response)
        patch_vary_headers(response, ["Accept-Language"])
        if request.method in ("GET", "HEAD") and response.status_code == 200:
            set_response_etag(response)
            response["Cache-Control"] = "public, max-age=60"
            return get_conditional_response(request, etag=response["ETag"], response=response)
        return response


api = PortalAPI(
    title="Dialogue Portal API",
    version="1",
    description=(
        "Public, read-only data of the Dialogue Portal (Cổng đối thoại): published conferences with their agendas, "
        "public concerns with their answers, published conclusions and directives with status and progress, topics "
        "and units. Lists are paginated (`page`, `page_size` up to 100). Responses carry an ETag; send it back in "
        "If-None-Match for a 304. Requests are limited per client address (429 with Retry-After)."
    ),
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
    throttle=[ClientAddressThrottle()],
    renderer=Renderer(),
)


@api.exception_handler(ValidationError)
def validation_error(request, exc: ValidationError):
    return api.create_response(request, {"detail": exc.errors}, status=400)


@api.exception_handler(Throttled)
def throttled(request, exc: Throttled):
    response = api.create_response(request, {"detail": "Too many requests."}, status=429)
    response["Retry-After"] = str(max(1, math.ceil(exc.wait or 1)))
    return response


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": "Not found."}, status=404)


class Pagination(PageNumberPagination):
    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(None, ge=1, le=MAX_PAGE_SIZE)

    class Output(Schema):
        items: list
        count: int


def _paginated(func):
    return paginate(Pagination, page_size=PAGE_SIZE, max_page_size=MAX_PAGE_SIZE)(func)


class NoMatch(Exception):
    """A filter names a conference or topic that does not exist (or is not public): the list is empty."""


def _public_conference(slug: str | None) -> Conference | None:
    if slug is None:
        return None
    conference = conferences_readable_by(PUBLIC).filter(slug=slug).first()
    if conference is None:
        raise NoMatch
    return conference


def _empty_when_no_match(func):
    """An unknown conference or topic in a well-formed filter matches nothing: an empty page, not an error."""

    @functools.wraps(func)
    def wrapper(request, *args, **kwargs):
        try:
            return func(request, *args, **kwargs)
        except NoMatch:
            return Question.objects.none()

    return wrapper


ERRORS = {400: schemas.Error, 429: schemas.Error}


@api.get("/", response=schemas.Index, url_name="index", summary="What the API offers")
def index(request):
    base = reverse("api:index")
    names = ("conferences", "concerns", "conclusions", "directives", "topics", "units", "docs")
    return {name: base + name for name in names} | {"openapi": base + "openapi.json"}


@api.get("/conferences", response={200: list[schemas.Conference], **ERRORS}, summary="Published conferences")
@_paginated
def conferences(
    request,
    q: str = Query("", max_length=200, description="Accent-insensitive search in title, theme and venue"),
    year: int | None = Query(None, ge=1900, le=2200),
    status: ConferenceStatus | None = None,
):
    queryset = conference_selectors.conference_list(user=PUBLIC, year=year, status=status or "", query=q)
    return conference_selectors.with_agenda(queryset)


@api.get("/conferences/{slug}", response={200: schemas.Conference, 404: schemas.Error, **ERRORS}, summary="One")
def conference(request, slug: str = Path(..., pattern=SLUG)):
    queryset = conference_selectors.with_agenda(conference_selectors.conference_list(user=PUBLIC))
    return get_conference_for_reader(PUBLIC, slug, queryset)


@api.get("/concerns", response={200: list[schemas.Concern], **ERRORS}, summary="Public concerns with their answers")
@_paginated
@_empty_when_no_match
def concerns(
    request,
    conference: str | None = Query(None, pattern=SLUG, description="A conference's slug"),
    topic: str | None = Query(None, pattern=SLUG, description="A topic's slug"),
    status: ConcernStatus | None = None,
    q: str = Query("", max_length=200, description="Accent-insensitive search, as on the pages"),
):
    topic_object = None
    if topic is not None:
        topic_object = Topic.objects.filter(slug=topic).first()
        if topic_object is None:
            raise NoMatch
    return concern_selectors.conference_concerns(
        conference=_public_conference(conference),
        topic=topic_object,
        status=status or "",
        query=q,
        with_answers=True,
    )


@api.get("/concerns/{concern_id}", response={200: schemas.Concern, 404: schemas.Error, **ERRORS})
def concern(request, concern_id: int = Path(..., ge=1, le=2**31 - 1)):
    queryset = concern_selectors.conference_concerns(conference=None, with_answers=True)
    return permissions.get_question_for_reader(PUBLIC, concern_id, queryset)


@api.get("/conclusions", response={200: list[schemas.Conclusion], **ERRORS}, summary="Published conclusions")
@_paginated
@_empty_when_no_match
def conclusions(request, conference: str | None = Query(None, pattern=SLUG)):
    return followup_selectors.published_conclusions(conference=_public_conference(conference))


@api.get("/directives", response={200: list[schemas.Directive], **ERRORS}, summary="Published directives")
@_paginated
@_empty_when_no_match
def directives(
    request,
    conference: str | None = Query(None, pattern=SLUG),
    status: DirectiveStatus | None = None,
    overdue: bool = False,
):
    return followup_selectors.directives_for_board(
        user=PUBLIC, conference=_public_conference(conference), status=status or "", overdue=overdue
    )


@api.get("/topics", response={200: list[schemas.Topic], **ERRORS}, summary="Topics of concerns")
@_paginated
def topics(request):
    return Topic.objects.filter(is_active=True).order_by("order", "name")


@api.get("/units", response={200: list[schemas.Unit], **ERRORS}, summary="The department's units")
@_paginated
def units(request):
    return conference_selectors.active_units()
