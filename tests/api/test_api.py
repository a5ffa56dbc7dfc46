"""The public JSON API: its OpenAPI schema, what it shows (public only, anonymity kept), pagination, filters, bad
input, ETag and conditional GET, the rate limit, the docs served without a CDN, and the number of queries."""

import json

import pytest
from django.test import Client

from questions.models import Directive, Question
from tests.factories import (
    AgendaItemFactory,
    AnswerFactory,
    ConclusionFactory,
    ConferenceFactory,
    DirectiveFactory,
    ParticipantFactory,
    QuestionFactory,
    UnitFactory,
    organizer,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    conference = ConferenceFactory(title="Hội nghị đối thoại năm 2023", slug="hoi-nghi-2023")
    AgendaItemFactory(conference=conference, order=1, title="Khai mạc")
    chair = ParticipantFactory(conference=conference, full_name="Lê Quang Hòa")
    answered = QuestionFactory(
        conference=conference, status=Question.Status.ANSWERED, title="Chuyển đổi số", is_anonymous=True
    )
    AnswerFactory(question=answered, responder=chair, body="Sở sẽ trang bị máy tính.")
    AnswerFactory(question=answered, responder=chair, body="Bản nháp", is_published=False)
    approved = [QuestionFactory(conference=conference, title=f"Phụ cấp {n}") for n in range(24)]
    pending = QuestionFactory(conference=conference, status=Question.Status.PENDING, title="Chờ duyệt bí mật")
    for status in (Question.Status.REJECTED, Question.Status.WITHDRAWN):
        QuestionFactory(conference=conference, status=status, title=f"Không công khai {status}")
    QuestionFactory(
        conference=conference, status=Question.Status.MERGED, duplicate_of=pending, title="Không công khai merged"
    )
    hidden = ConferenceFactory(is_published=False, slug="hoi-nghi-an")
    QuestionFactory(conference=hidden, title="Hội nghị chưa công bố")
    conclusion = ConclusionFactory(conference=conference, number="15-TB/SNV", is_published=True)
    DirectiveFactory(conclusion=conclusion, lead_unit=UnitFactory(name="Văn phòng Sở"), progress=40)
    DirectiveFactory(conclusion=ConclusionFactory(is_published=False), content="Chỉ đạo chưa công bố")
    return {"conference": conference, "answered": answered, "approved": approved, "pending": pending}


def get(client, url, **headers):
    response = client.get(url, headers=headers)
    is_json = response.get("Content-Type", "").startswith("application/json")
    return response, (json.loads(response.content) if is_json else None)


# --- the schema and the docs ---------------------------------------------------------------------------------------


def test_openapi_schema_is_valid_openapi_3(client):
    from openapi_spec_validator import validate

    response, schema = get(client, "/api/v1/openapi.json")
    assert response.status_code == 200
    validate(schema)
    assert schema["openapi"].startswith("3.")
    paths = set(schema["paths"])
    expected = {"/api/v1/conferences", "/api/v1/concerns", "/api/v1/conclusions", "/api/v1/directives"}
    assert expected | {"/api/v1/topics", "/api/v1/units", "/api/v1/concerns/{concern_id}"} <= paths
    for path in ("/api/v1/conferences", "/api/v1/concerns", "/api/v1/topics", "/api/v1/units"):
        names = {p["name"] for p in schema["paths"][path]["get"]["parameters"]}
        assert {"page", "page_size"} <= names, f"{path} is not paginated"


def test_docs_are_served_by_the_app_without_a_cdn(client):
    response = client.get("/api/v1/docs")
    content = response.content.decode()
    assert response.status_code == 200
    assert "/static/ninja/swagger-ui-bundle.js" in content
    assert "cdn" not in content.lower() and "unpkg" not in content.lower()
    assert "<script>" not in content  # the strict CSP allows no inline script


def test_index_links_every_list(client):
    _, body = get(client, "/api/v1/")
    assert body["concerns"] == "/api/v1/concerns" and body["openapi"] == "/api/v1/openapi.json"


# --- what it shows -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("logged_in", [False, True])
def test_concerns_are_the_public_ones_with_anonymity_kept_whoever_asks(client, world, logged_in):
    if logged_in:
        client.force_login(organizer())  # a session widens nothing: the API is public
    _, body = get(client, "/api/v1/concerns?page_size=100")
    titles = {item["title"] for item in body["items"]}
    assert body["count"] == len(titles) == 25
    assert not {"Chờ duyệt bí mật", "Hội nghị chưa công bố"} & titles
    assert not any(title.startswith("Không công khai") for title in titles)
    answered = next(item for item in body["items"] if item["id"] == world["answered"].pk)
    assert answered["author"] == "Ẩn danh"
    assert [a["body"] for a in answered["answers"]] == ["Sở sẽ trang bị máy tính."]
    assert answered["answers"][0]["responder"] == "Lê Quang Hòa"
    assert answered["reference"] == world["answered"].reference


def test_a_pending_concern_is_not_found(client, world):
    response, body = get(client, f"/api/v1/concerns/{world['pending'].pk}")
    assert response.status_code == 404 and body == {"detail": "Not found."}
    response, body = get(client, f"/api/v1/concerns/{world['answered'].pk}")
    assert response.status_code == 200 and body["author"] == "Ẩn danh"


def test_conferences_with_their_agendas_published_only(client, world):
    _, body = get(client, "/api/v1/conferences")
    slugs = {item["slug"] for item in body["items"]}
    assert "hoi-nghi-2023" in slugs and "hoi-nghi-an" not in slugs
    assert body["count"] == len(slugs)
    _, one = get(client, "/api/v1/conferences/hoi-nghi-2023")
    assert one["agenda"][0]["title"] == "Khai mạc"
    assert get(client, "/api/v1/conferences/hoi-nghi-an")[0].status_code == 404


def test_conclusions_and_directives_published_only(client, world):
    _, conclusions = get(client, "/api/v1/conclusions")
    assert [c["number"] for c in conclusions["items"]] == ["15-TB/SNV"]
    assert conclusions["items"][0]["directives"][0]["progress"] == 40
    _, directives = get(client, "/api/v1/directives")
    assert directives["count"] == 1
    item = directives["items"][0]
    assert item["lead_unit"] == "Văn phòng Sở" and item["status"] == Directive.Status.NOT_STARTED
    assert item["conference"] == "hoi-nghi-2023"


# --- pagination and filters ----------------------------------------------------------------------------------------


def test_concerns_are_paginated_and_a_page_past_the_end_is_empty(client, world):
    _, first = get(client, "/api/v1/concerns")
    _, second = get(client, "/api/v1/concerns?page=2")
    _, past = get(client, "/api/v1/concerns?page=999")
    assert first["count"] == second["count"] == past["count"] == 25
    assert len(first["items"]) == 20 and len(second["items"]) == 5 and past["items"] == []
    assert not {i["id"] for i in first["items"]} & {i["id"] for i in second["items"]}


@pytest.mark.parametrize(
    ("query", "count"),
    [
        ("?q=chuyen+doi+so", 1),
        ("?q=PHU+CAP", 24),
        ("?status=answered", 1),
        ("?conference=hoi-nghi-2023", 25),
        ("?conference=hoi-nghi-an", 0),
        ("?conference=khong-co", 0),
        ("?topic=khong-co", 0),
    ],
)
def test_concern_filters(client, world, query, count):
    response, body = get(client, "/api/v1/concerns" + query)
    assert response.status_code == 200 and body["count"] == count


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/concerns?status=pending",
        "/api/v1/concerns?status=junk",
        "/api/v1/concerns?page=0",
        "/api/v1/concerns?page=abc",
        "/api/v1/concerns?page=99999999999999999999",
        "/api/v1/concerns?page_size=1000",
        "/api/v1/concerns?conference=%3Cscript%3E",
        "/api/v1/conferences?year=abc",
        "/api/v1/directives?overdue=maybe",
        "/api/v1/concerns?q=" + "x" * 300,
    ],
)
def test_junk_filter_values_are_a_400_with_a_json_body(client, world, url):
    response, body = get(client, url)
    assert response.status_code == 400
    assert body["detail"]


# --- ETag, conditional GET, rate limit -----------------------------------------------------------------------------


def test_etag_and_conditional_get(client, world):
    response, _ = get(client, "/api/v1/concerns")
    etag = response["ETag"]
    assert etag
    again, _ = get(client, "/api/v1/concerns", **{"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    QuestionFactory(conference=world["conference"])
    changed, _ = get(client, "/api/v1/concerns", **{"If-None-Match": etag})
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_rate_limit_per_client_address_answers_429_with_retry_after(settings, world):
    settings.API_RATE_LIMIT = "3/min"
    one, other = Client(REMOTE_ADDR="10.0.0.1"), Client(REMOTE_ADDR="10.0.0.2")
    assert [one.get("/api/v1/topics").status_code for _ in range(3)] == [200, 200, 200]
    refused = one.get("/api/v1/topics")
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert json.loads(refused.content) == {"detail": "Too many requests."}
    assert other.get("/api/v1/topics").status_code == 200  # another address has its own count
    # A forged X-Forwarded-For does not give a client a fresh count.
    assert one.get("/api/v1/topics", headers={"X-Forwarded-For": "1.2.3.4"}).status_code == 429


@pytest.mark.parametrize("size", [1, 30])
@pytest.mark.parametrize(
    ("url", "queries"),
    [
        ("/api/v1/concerns", 3),
        ("/api/v1/conferences", 3),
        ("/api/v1/conclusions", 3),
        ("/api/v1/directives", 3),
        ("/api/v1/units", 2),
    ],
)
def test_api_lists_query_count_does_not_grow(client, django_assert_num_queries, size, url, queries):
    for _ in range(size):
        conference = ConferenceFactory()
        AgendaItemFactory(conference=conference, order=1)
        question = QuestionFactory(conference=conference, status=Question.Status.ANSWERED)
        AnswerFactory(question=question)
        directive = DirectiveFactory(conclusion=ConclusionFactory(conference=conference))
        directive.support_units.set([UnitFactory()])
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200
