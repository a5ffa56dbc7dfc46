"""One way to refuse a lost update: the version a form was loaded with must still be the record's version."""

from django.core.exceptions import ValidationError
from django.db.models import F, Model


class StaleEditError(ValidationError):
    """Somebody else saved the record after the form being saved was loaded; nothing was saved.

    A ValidationError, so callers that only show errors need nothing special; `current_version` lets a page keep what
    the user typed and offer to save it again over the other person's change.
    """

    def __init__(self, message: str, *, current_version: int | None = None):
        super().__init__(message, code="stale")
        self.current_version = current_version


def claim_version(model: type[Model], pk: int, version: int | None, message: str) -> int:
    """Raise the record's version by one, refusing with StaleEditError if it is no longer `version`.

    The check and the increment are one conditional UPDATE, so of two simultaneous saves exactly one wins. Callers
    without a form (admin, commands) pass None: the version is raised all the same. Returns the new version.
    """
    rows = model._default_manager.filter(pk=pk)
    if version is not None:
        rows = rows.filter(version=version)
    if not rows.update(version=F("version") + 1):
        current = model._default_manager.filter(pk=pk).values_list("version", flat=True).first()
        raise StaleEditError(message, current_version=current)
    return model._default_manager.filter(pk=pk).values_list("version", flat=True).get()
