import pytest

from conferences.models import Conference
from tests.factories import ConferenceFactory, ParticipantFactory, QuestionFactory, organizer


@pytest.fixture
def conference(db):
    return ConferenceFactory(status=Conference.Status.IN_SESSION, slug="live-test")


@pytest.fixture
def chair(conference):
    return ParticipantFactory(conference=conference, full_name="Lê Quang Hòa", role="chair")


@pytest.fixture
def moderator(db):
    return organizer()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run the block and the on-commit callbacks it registered (the feed's version moves on commit)."""

    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run


@pytest.fixture
def make_queue(conference):
    def make(n: int):
        return [QuestionFactory(conference=conference, support_count=i, title=f"Kiến nghị số {i}") for i in range(n)]

    return make


@pytest.fixture(autouse=True)
def _english(settings):
    """Pages in English, so the tests read the English msgids whatever the catalogue holds."""
    settings.LANGUAGE_CODE = "en"
    from django.utils import translation

    with translation.override("en"):
        yield
