"""The audit trail (django-simple-history) as organizers read it on the concern and directive pages.

Each entry says who did what and when, and which fields changed from what to what, by comparing each historical record
with the one before it. Related objects are shown by field name only, so the trail costs one query per model whatever
its length.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db import models
from django.utils import formats, timezone
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext as _

# Bookkeeping that changes with every save and tells a reader nothing.
HIDDEN_FIELDS = frozenset({"version", "updated_at", "submission_token"})
TRAIL_LIMIT = 30
VALUE_LENGTH = 120


@dataclass
class Change:
    label: str
    old: str = ""
    new: str = ""
    shown: bool = True  # False for a related object: "changed", without values


@dataclass
class Entry:
    when: dt.datetime
    who: str
    action: str
    subject: str
    changes: list[Change] = field(default_factory=list)


def _who(record) -> str:
    user = record.history_user
    if user is None:
        return _("the system")
    return user.get_full_name() or user.get_username()


def _value(model_field, value) -> str:
    if value is None or value == "":
        return "—"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, dt.datetime):
        return formats.localize(timezone.localtime(value) if timezone.is_aware(value) else value)
    if isinstance(value, dt.date):
        return formats.localize(value)
    return Truncator(str(value)).chars(VALUE_LENGTH)


def _changes(record, previous, model) -> list[Change]:
    changes = []
    delta = record.diff_against(previous)
    for change in delta.changes:
        if change.field in HIDDEN_FIELDS:
            continue
        model_field = model._meta.get_field(change.field)
        label = capfirst(str(model_field.verbose_name))
        if isinstance(model_field, models.ForeignKey):
            changes.append(Change(label=label, shown=False))
        else:
            changes.append(
                Change(label=label, old=_value(model_field, change.old), new=_value(model_field, change.new))
            )
    return changes


def _entries(records, model, subject: str) -> list[Entry]:
    """Entries from historical records ordered newest first; the last record only serves as the one before."""
    entries = []
    for index, record in enumerate(records[:TRAIL_LIMIT]):
        previous = records[index + 1] if index + 1 < len(records) else None
        if record.history_type == "+":
            action, changes = _("created"), []
        elif record.history_type == "-":
            action, changes = _("deleted"), []
        else:
            action = _("changed")
            changes = _changes(record, previous, model) if previous is not None else []
            if previous is not None and not changes:
                continue  # only bookkeeping changed
        entries.append(
            Entry(when=record.history_date, who=_who(record), action=action, subject=subject, changes=changes)
        )
    return entries


def _records(history_queryset) -> list:
    return list(
        history_queryset.select_related("history_user").order_by("-history_date", "-history_id")[: TRAIL_LIMIT + 1]
    )


def question_audit_trail(question) -> list[Entry]:
    """The concern's changes and those of its answers, newest first (two queries)."""
    from questions.models import Answer, Question

    entries = _entries(_records(Question.history.filter(id=question.pk)), Question, _("Concern"))
    answers = _records(Answer.history.filter(question_id=question.pk))
    by_answer: dict[int, list] = {}
    for record in answers:
        by_answer.setdefault(record.id, []).append(record)
    for records in by_answer.values():
        entries += _entries(records, Answer, _("Answer"))
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries[:TRAIL_LIMIT]


def directive_audit_trail(directive) -> list[Entry]:
    """The directive's changes, newest first (one query)."""
    from questions.models import Directive

    return _entries(_records(Directive.history.filter(id=directive.pk)), Directive, _("Directive"))
