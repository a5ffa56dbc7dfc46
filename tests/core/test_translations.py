"""Every user-facing string must have a Vietnamese translation, and the committed .mo must match the .po."""

import shutil
from pathlib import Path

import polib
import pytest
from django.core.management import call_command
from django.utils import translation

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [
    "dialogue_portal",
    "core",
    "accounts",
    "conferences",
    "questions",
    "documents",
    "satisfaction",
    "notifications",
    "polls",
    "initiatives",
    "demo",
    "api",
    "search",
    "templates",
]
PO_PATH = ROOT / "locale" / "vi" / "LC_MESSAGES" / "django.po"


def _untranslated(po: polib.POFile) -> list[str]:
    return [entry.msgid for entry in po if not entry.obsolete and (not entry.translated() or entry.fuzzy)]


def test_committed_catalogue_is_fully_translated():
    missing = _untranslated(polib.pofile(str(PO_PATH)))
    assert not missing, f"untranslated in {PO_PATH.name}: {missing}"


def test_every_string_in_the_code_is_in_the_catalogue(tmp_path, settings, monkeypatch):
    """Extract the messages afresh from a copy of the sources; a new string without translation fails here."""
    for name in SOURCES:
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    shutil.copytree(ROOT / "locale", tmp_path / "locale")
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    monkeypatch.chdir(tmp_path)
    call_command("makemessages", locale=["vi"], no_obsolete=True, verbosity=0)
    fresh = polib.pofile(str(tmp_path / "locale" / "vi" / "LC_MESSAGES" / "django.po"))
    missing = _untranslated(fresh)
    assert not missing, f"strings without a Vietnamese translation (run `make messages` and translate): {missing}"


def test_compiled_catalogue_matches_source():
    compiled = {(e.msgctxt, e.msgid): e.msgstr for e in polib.mofile(str(PO_PATH.with_suffix(".mo")))}
    source = {(e.msgctxt, e.msgid): e.msgstr for e in polib.pofile(str(PO_PATH)) if e.translated() and not e.obsolete}
    stale = sorted(msgid for key, msgid in ((k, k[1]) for k in source) if compiled.get(key) != source[key])
    assert not stale, f"locale/vi/LC_MESSAGES/django.mo is stale (run `make messages`): {stale}"


@pytest.mark.parametrize(
    ("english", "vietnamese"),
    [("Conferences", "Hội nghị"), ("Log in", "Đăng nhập"), ("Answered concerns", "Kiến nghị đã trả lời")],
)
def test_interface_speaks_vietnamese(english, vietnamese):
    with translation.override("vi"):
        assert translation.gettext(english) == vietnamese


OVERRIDES_PO = ROOT / "locale" / "overrides" / "vi" / "LC_MESSAGES" / "django.po"


def test_the_catalogue_for_django_and_third_party_apps_is_translated_and_compiled(settings):
    """locale/overrides gives Vietnamese to what Django and the third-party apps leave in English; kept by hand."""
    assert OVERRIDES_PO.parent.parent.parent in settings.LOCALE_PATHS
    po = polib.pofile(str(OVERRIDES_PO))
    assert not _untranslated(po)
    compiled = {
        (e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural for e in polib.mofile(str(OVERRIDES_PO.with_suffix(".mo")))
    }
    for entry in po:
        assert (entry.msgctxt, entry.msgid) in compiled, f"{OVERRIDES_PO.with_suffix('.mo')} is stale: {entry.msgid}"
