"""Fuzz the API against its own OpenAPI schema with schemathesis: no 5xx, and every response conforms to the schema.

A bounded number of examples per operation keeps it to a few seconds; the data is a small public world.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from questions.models import Question
from tests.factories import (
    AgendaItemFactory,
    AnswerFactory,
    ConclusionFactory,
    ConferenceFactory,
    DirectiveFactory,
    QuestionFactory,
    UnitFactory,
)

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())

MAX_EXAMPLES = 10


@pytest.fixture
def public_world(db, settings):
    settings.API_RATE_LIMIT = "100000/min"  # the fuzzer is one client sending many requests
    conference = ConferenceFactory(slug="hoi-nghi-2023")
    AgendaItemFactory(conference=conference, order=1)
    question = QuestionFactory(conference=conference, status=Question.Status.ANSWERED, is_anonymous=True)
    AnswerFactory(question=question)
    QuestionFactory(conference=conference, status=Question.Status.PENDING)
    directive = DirectiveFactory(conclusion=ConclusionFactory(conference=conference))
    directive.support_units.set([UnitFactory()])
    # As Django's test client does: the plain WSGI app would close the test's connection (and its transaction)
    # at the end of each request on PostgreSQL.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_api_conforms_to_its_schema(case, public_world):
    # The WSGI transport reads bodies as they come; anonymous responses are gzipped when the client accepts it.
    case.call_and_validate(headers={"Accept-Encoding": "identity"})
