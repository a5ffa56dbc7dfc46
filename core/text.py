"""Vietnamese text helpers: NFC normalisation, accent folding, the one form every search compares, readable ASCII
slugs."""

import re
import unicodedata

from django.db.models import Case, IntegerField, Q, Value, When
from django.utils.text import slugify
from unidecode import unidecode


def normalize(text: str) -> str:
    """What users type may arrive decomposed (NFD) from some keyboards; store it composed (NFC)."""
    return unicodedata.normalize("NFC", text).strip()


def fold(text: str) -> str:
    """Lower-case ASCII form used for accent-insensitive matching: "Đối thoại" -> "doi thoai"."""
    return unidecode(normalize(text)).lower()


def ascii_slug(text: str, max_length: int = 200) -> str:
    return slugify(unidecode(normalize(text)))[:max_length].strip("-")


def unique_slug(model, text: str, *, instance=None, field: str = "slug", max_length: int = 200) -> str:
    base = ascii_slug(text, max_length=max_length - 6) or model._meta.model_name
    others = model._default_manager.all()
    if instance is not None and instance.pk:
        others = others.exclude(pk=instance.pk)
    slug, n = base, 2
    while others.filter(**{field: slug}).exists():
        slug = f"{base}-{n}"
        n += 1
    return slug


# Vietnamese writes some syllables with a final i or y interchangeably (kí/ký, lí/lý, mĩ/mỹ, sĩ/sỹ, qui/quy): after a
# consonant, or after "qu", the two spell the same word. "uy" after another letter (huy, thủy) and "ay" are other
# sounds and stay as they are.
_FINAL_Y = re.compile(r"\b((?:qu)|[bcdghklmnprstvx]+)y\b")
SEARCH_MAX_LENGTH = 200
SEARCH_MAX_WORDS = 8


def search_fold(text: str) -> str:
    """The form every search compares: folded (no accents, lower case) with the i/y spelling variants made one,
    so "chữ kí số", "chu ky so" and "Chữ ký số" all read "chu ki so"."""
    return _FINAL_Y.sub(r"\1i", fold(text))


def search_words(query: str, *, max_words: int = SEARCH_MAX_WORDS) -> list[str]:
    """The words of a query in search form ("Chữ ký số!" -> ["chu", "ki", "so"]), at most a few."""
    return re.findall(r"\w+", search_fold(query[:SEARCH_MAX_LENGTH]))[:max_words]


def search_rank(query: str, field: str = "search_text"):
    """1 for rows that hold the query's words as one phrase ("chu ki so" in that order), else 0: those come first."""
    phrase = " ".join(search_words(query))
    if not phrase:
        return Value(0, output_field=IntegerField())
    return Case(When(**{f"{field}__contains": phrase}, then=Value(1)), default=Value(0), output_field=IntegerField())


def search_q(query: str, field: str = "search_text", *, max_words: int = SEARCH_MAX_WORDS) -> Q:
    """Rows whose search-form column contains every word of the query (a word may be part of a longer
    one: "so" finds "số" and "sổ", and also "soạn")."""
    condition = Q()
    for word in search_words(query, max_words=max_words):
        condition &= Q(**{f"{field}__contains": word})
    return condition


def refill_search_text(model, fields: tuple[str, ...], *, batch_size: int = 500) -> None:
    """Recompute a model's search_text column for every row (data migrations call it when the search form changes)."""
    batch = []
    for row in model._default_manager.only("pk", *fields).iterator(chunk_size=batch_size):
        row.search_text = search_fold(" ".join(getattr(row, name) or "" for name in fields))
        batch.append(row)
        if len(batch) >= batch_size:
            model._default_manager.bulk_update(batch, ["search_text"])
            batch = []
    if batch:
        model._default_manager.bulk_update(batch, ["search_text"])
