"""Steps several browser journeys share: logging in and out, and the check every visited page goes through."""

import functools
import json
import re
from pathlib import Path

import polib
from django.conf import settings
from django.test import Client

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
AXE_REPORTS = ARTIFACTS / "axe"

# The widths the issue names: a phone, an office laptop, and the hall's projector.
VIEWPORTS = {
    "phone": {"width": 360, "height": 740},
    "desktop": {"width": 1366, "height": 768},
    "projector": {"width": 1920, "height": 1080},
}

# WCAG 2.1 level A and AA, plus axe's best practices (landmarks, headings), which we hold ourselves to as well.
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]},
    "resultTypes": ["violations"],
}
BLOCKING_IMPACTS = {"serious", "critical"}
CATALOGUE = Path(__file__).resolve().parents[2] / "locale" / "vi" / "LC_MESSAGES" / "django.po"

# The text a reader meets on the page: its content, the labels and hints in attributes, the title; parts marked as
# another language (the "English" button of the switcher) left out.
PAGE_TEXT = """() => {
  const other = '[lang]:not([lang=vi])';
  const body = document.body.cloneNode(true);
  body.querySelectorAll(other).forEach(el => el.remove());
  const texts = [];
  const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) texts.push(walker.currentNode.nodeValue);
  const attributes = [...document.querySelectorAll('[aria-label], [placeholder], [title], [alt]')]
    .filter(el => !el.closest(other))
    .flatMap(el => ['aria-label', 'placeholder', 'title', 'alt'].map(name => el.getAttribute(name) || ''));
  return [...texts, ...attributes, document.title].join('\\n');
}"""


def log_in(page, base_url, username, password="demo12345"):
    """Log in through the login form, as a person would."""
    page.goto(base_url + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(base_url + "/")


def log_in_by_cookie(context, base_url, user):
    """Give a browser context the session of `user` without typing a password (for tours of many pages)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": base_url}])


def log_out(page):
    """Log out through the user menu, opening the collapsed navigation first on a narrow screen."""
    toggler = page.locator("header .navbar-toggler")
    if toggler.is_visible():
        toggler.click()
    page.locator("header .dropdown-toggle").click()
    page.locator("form[action='/accounts/logout/'] button").click()
    page.wait_for_load_state()


def accessibility_violations(page) -> list[dict]:
    """Run axe-core (bundled with axe-playwright-python, injected through the DevTools protocol, so the CSP that
    forbids foreign scripts stays on) and return its violations."""
    from axe_playwright_python.sync_playwright import Axe

    return Axe().run(page, options=AXE_OPTIONS).response["violations"]


def describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"[{violation['impact']}] {violation['id']}: {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    {node['target']}: {node.get('failureSummary', '').splitlines()[-1].strip()}")
    return "\n".join(lines)


@functools.cache
def english_source_strings() -> re.Pattern:
    """Our English source strings that must never show in the Vietnamese interface: those of two words or more, and
    capitalised single words of four letters or more (lower-case ones are user names and e-mail addresses), except
    those the Vietnamese text itself uses (loanwords, names)."""
    catalogue = polib.pofile(str(CATALOGUE))
    vietnamese = "\n".join(entry.msgstr for entry in catalogue)
    phrases = {
        entry.msgid.strip()
        for entry in catalogue
        if entry.msgstr
        and entry.msgstr != entry.msgid
        and not re.search(r"[%{<]", entry.msgid)
        and (" " in entry.msgid.strip() or (len(entry.msgid) >= 4 and entry.msgid[0].isupper()))
        and entry.msgid.strip() not in vietnamese
    }
    return re.compile(r"\b(" + "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True)) + r")\b")


def english_left(page) -> list[str]:
    """The English source strings shown on a page that is in Vietnamese."""
    if page.evaluate("document.documentElement.lang") != "vi":
        return []
    return sorted(set(english_source_strings().findall(page.evaluate(PAGE_TEXT))))


def page_problems(page, name: str, *, fit_height: bool = False) -> list[str]:
    """Screenshot the page to test-artifacts/, run axe on it and measure it; return what is wrong (empty if nothing).

    Wrong: a serious or critical axe violation, content wider than the screen (a phone user would have to scroll
    sideways), English source strings left on a Vietnamese page, or, with fit_height, content taller than the screen
    (the projector has nobody to scroll it)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    AXE_REPORTS.mkdir(parents=True, exist_ok=True)
    page.wait_for_load_state("load")
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    problems = []
    violations = accessibility_violations(page)
    (AXE_REPORTS / f"{name}.json").write_text(json.dumps(violations, ensure_ascii=False, indent=1))
    blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
    if blocking:
        problems.append(f"{name} ({page.url}): axe found\n{describe(blocking)}")
    if english := english_left(page):
        problems.append(f"{name} ({page.url}): English left in the Vietnamese page: {english}")
    viewport = page.viewport_size
    width, height = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.scrollHeight]")
    if width > viewport["width"]:
        problems.append(f"{name} ({page.url}): {width}px wide on a {viewport['width']}px screen")
    if fit_height and height > viewport["height"]:
        problems.append(f"{name} ({page.url}): {height}px tall on a {viewport['height']}px screen")
    return problems


def check_page(page, name: str, **kwargs) -> None:
    """page_problems, failing the test at once."""
    problems = page_problems(page, name, **kwargs)
    assert not problems, "\n".join(problems)


# What the element that has the keyboard focus shows: an outline (our :focus-visible rule) or Bootstrap's focus ring
# (a box-shadow). Either is a visible focus indicator. On a date or time field the focus may sit on the browser's
# calendar button inside the field, which portal.css outlines; the field itself is then not :focus.
FOCUSED_ELEMENT = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const rect = el.getBoundingClientRect();
  const picker = ['date', 'time', 'datetime-local', 'month', 'week'].includes(el.type) && !el.matches(':focus');
  const ring = picker || (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0)
    || (style.boxShadow !== 'none' && !style.boxShadow.startsWith('rgba(0, 0, 0, 0)'));
  return {
    name: el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + ' '
      + (el.innerText || el.value || '').trim().slice(0, 40),
    visible: ring && rect.width > 0 && rect.height > 0,
  };
}"""


def press_tab(page) -> dict | None:
    """Press Tab; return the element that has the focus then ({name, visible}), or None when it left the page."""
    page.emulate_media(reduced_motion="reduce")  # Bootstrap then draws its focus ring at once, not over 150 ms
    page.keyboard.press("Tab")
    return page.evaluate(FOCUSED_ELEMENT)


def tab_to(page, selector: str, limit: int = 150) -> None:
    """Press Tab until the element matching `selector` has the focus, as a keyboard user would; every element passed
    on the way must show where the focus is."""
    target = page.locator(selector)
    target.wait_for(state="attached")
    unseen = []
    for _ in range(limit):
        focused = press_tab(page)
        if focused and not focused["visible"]:
            unseen.append(focused["name"])
        if target.evaluate("el => el === document.activeElement"):
            assert not unseen, f"the keyboard focus is not visible on: {unseen}"
            return
    raise AssertionError(f"{limit} presses of Tab never reached {selector} on {page.url}")


def focus_walk(page, limit: int = 400) -> tuple[list[str], list[str]]:
    """Tab through the whole page from the top, once round: (every element reached, those without a visible focus)."""
    reached, unseen = [], []
    for _ in range(limit):
        focused = press_tab(page)
        if focused is None or (reached and focused["name"] == reached[0]):
            break
        reached.append(focused["name"])
        if not focused["visible"]:
            unseen.append(focused["name"])
    return reached, unseen


def type_into(page, selector: str, text: str) -> None:
    tab_to(page, selector)
    page.keyboard.type(text)


def press_on(page, selector: str) -> None:
    """Reach a button or link with Tab and press Enter on it."""
    tab_to(page, selector)
    page.keyboard.press("Enter")
