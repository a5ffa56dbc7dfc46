"""Vietnamese text helpers: NFC normalisation, accent folding and readable ASCII slugs."""

import unicodedata

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
