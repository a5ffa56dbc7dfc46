import pytest

from conferences.models import Conference
from polls import services
from tests.factories import ConferenceFactory, organizer


@pytest.fixture(autouse=True)
def _english(english):
    """The tests read the English messages, whatever the Vietnamese catalogue says."""


@pytest.fixture
def boss():
    return organizer(username="boss")


@pytest.fixture
def session():
    return ConferenceFactory(status=Conference.Status.IN_SESSION, is_published=True, slug="phien-hop")


def make_poll(
    conference,
    by,
    *,
    kind="single",
    options=("Có", "Không", "Chưa rõ"),
    allow_anonymous=False,
    open_=False,
    question="Bạn có đồng ý không?",
):
    poll = services.poll_create(
        conference=conference,
        by=by,
        question=question,
        kind=kind,
        allow_anonymous=allow_anonymous,
        options=list(options) if kind != "rating" else [],
    )
    if open_:
        poll = services.poll_open(poll=poll, by=by)
    return poll
