"""Browser tests: Playwright drives the system Chromium (never a downloaded browser) against a live server."""

import os
import shutil

import pytest

from tests.e2e.helpers import SCREENSHOTS, VIEWPORTS, log_in_by_cookie

# Playwright's sync API runs an event loop in this thread; the ORM calls made by the tests themselves are safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--lang=vi",  # the browser's own widgets (date fields, file pickers) in Vietnamese, as our users see them
]


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.e2e)
            if not CHROMIUM:
                item.add_marker(pytest.mark.skip(reason="Chromium is not installed (apt-get install chromium)"))


@pytest.fixture(scope="session")
def browser():
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # Playwright's event loop gives this thread a new context, hence new connection objects; carry over the
    # snapshot that serialized_rollback restores, or a test that flushed the database leaves the next one empty.
    serialized = getattr(connections["default"], "_test_serialized_contents", None)
    with sync_playwright() as playwright:
        if serialized is not None:
            connections["default"]._test_serialized_contents = serialized
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, settings):
    settings.SERVE_MEDIA = True
    context = browser.new_context(viewport=VIEWPORTS["desktop"], locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def demo(settings):
    """The demo data (its accounts included); returns this year's conference, open for concerns."""
    from django.core.management import call_command

    from conferences.models import Conference

    settings.DEBUG = True  # load_demo creates the demo accounts only in development
    call_command("load_demo", verbosity=0)
    return Conference.objects.get(status=Conference.Status.OPEN)


@pytest.fixture
def screenshot(page):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(name: str):
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def open_page(browser, live_server, settings):
    """A factory of pages, each in its own browser context (its own cookies): open_page("phone", user=...)."""
    settings.SERVE_MEDIA = True
    contexts = []

    def open_(viewport: str, user=None, **context_options):
        context = browser.new_context(viewport=VIEWPORTS[viewport], locale="vi-VN", **context_options)
        contexts.append(context)
        if user is not None:
            log_in_by_cookie(context, live_server.url, user)
        new_page = context.new_page()
        new_page.set_default_timeout(15_000)
        return new_page

    yield open_
    for context in contexts:
        context.close()
