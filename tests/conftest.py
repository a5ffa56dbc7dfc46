import pytest
from django.core.cache import cache
from django.utils import translation


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded files of a test go to its own folder, never into the project's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache():
    """Cached fragments and the login lockout live in the cache: every test starts with an empty one."""
    cache.clear()
    _no_organization_profile_cached()
    yield
    cache.clear()


def _no_organization_profile_cached():
    """Pages read the organization's names from the shared cache, where they stay once read: tests start with them
    there (no profile), so a page's query count is what it costs with a warm cache. Saving a profile empties it."""
    from documents.selectors import SITE_IDENTITY_KEY

    cache.set(SITE_IDENTITY_KEY, {"parent_body": "", "issuing_body": "", "youth_branch": "", "public_url": ""})


@pytest.fixture
def english(settings):
    """Pages in English, so a test can read the English msgids whatever the catalogue holds."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings):
    """Tasks run in the test's own process as they are enqueued (once the transaction commits, for e-mail)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
