import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """The submission rate limit lives in the cache: every test starts with none counted."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def english(settings):
    """Pages in English, so the tests read the English msgids whatever the catalogue holds."""
    settings.LANGUAGE_CODE = "en"
    from django.utils import translation

    with translation.override("en"):
        yield
