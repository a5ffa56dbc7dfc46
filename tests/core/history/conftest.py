import pytest


@pytest.fixture(autouse=True)
def english(settings):
    """Pages in English, so the tests read the English msgids whatever the catalogue holds."""
    settings.LANGUAGE_CODE = "en"
    from django.utils import translation

    with translation.override("en"):
        yield
