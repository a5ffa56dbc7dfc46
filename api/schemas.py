"""What the API returns: one schema per record, built from the models with the same rules as the pages."""

import datetime as dt

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext as _
from ninja import Field, Schema

from questions import permissions

PUBLIC = AnonymousUser()


class Error(Schema):
    detail: str | list


class Index(Schema):
    conferences: str
    concerns: str
    conclusions: str
    directives: str
    topics: str
    units: str
    openapi: str
    docs: str


class Unit(Schema):
    id: int
    name: str
    short_name: str
    kind: str
    parent_id: int | None


class Topic(Schema):
    slug: str
    name: str
    description: str


class AgendaItem(Schema):
    order: int
    starts_at: dt.datetime | None
    duration_minutes: int | None
    title: str
    description: str
    kind: str
    presenter: str | None

    @staticmethod
    def resolve_presenter(item) -> str | None:
        return item.presenter.full_name if item.presenter else None


class Conference(Schema):
    slug: str
    title: str
    theme: str
    venue: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    status: str
    status_label: str
    organizer_unit: str | None
    url: str
    agenda: list[AgendaItem]

    @staticmethod
    def resolve_status_label(conference) -> str:
        return str(conference.get_status_display())

    @staticmethod
    def resolve_organizer_unit(conference) -> str | None:
        return conference.organizer_unit.name if conference.organizer_unit else None

    @staticmethod
    def resolve_url(conference) -> str:
        return conference.get_absolute_url()

    @staticmethod
    def resolve_agenda(conference) -> list:
        return list(conference.agenda_items.all())


class Answer(Schema):
    responder: str | None
    kind: str
    answered_at: dt.datetime
    body: str

    @staticmethod
    def resolve_responder(answer) -> str | None:
        return answer.responder.full_name if answer.responder else None


class Concern(Schema):
    id: int
    reference: str
    conference: str
    title: str
    body: str
    topic: str | None
    status: str
    status_label: str
    submitted_at: dt.datetime
    support_count: int
    author: str
    addressed_to: str | None
    url: str
    answers: list[Answer]

    @staticmethod
    def resolve_conference(question) -> str:
        return question.conference.slug

    @staticmethod
    def resolve_topic(question) -> str | None:
        return question.topic.slug if question.topic else None

    @staticmethod
    def resolve_status_label(question) -> str:
        return str(question.get_status_display())

    @staticmethod
    def resolve_author(question) -> str:
        """The author as an anonymous visitor may see him or her: "Anonymous" for an anonymous concern."""
        if not permissions.can_see_author(PUBLIC, question) or question.author is None:
            return _("Anonymous")
        return question.author.get_full_name() or question.author.get_username()

    @staticmethod
    def resolve_addressed_to(question) -> str | None:
        return question.addressed_to_unit.name if question.addressed_to_unit else None

    @staticmethod
    def resolve_url(question) -> str:
        return question.get_absolute_url()

    @staticmethod
    def resolve_answers(question) -> list:
        return list(question.answers.all())


class Directive(Schema):
    id: int
    conference: str
    order: int
    content: str
    lead_unit: str
    support_units: list[str]
    deadline: dt.date | None
    status: str
    status_label: str
    progress: int
    overdue: bool
    carried_from: int | None = Field(None, description="The earlier directive this one continues.")
    carried_to: int | None = Field(None, description="The later directive that continues this one (carried over).")

    @staticmethod
    def resolve_carried_from(directive) -> int | None:
        return directive.carried_from_id

    @staticmethod
    def resolve_carried_to(directive) -> int | None:
        return getattr(directive, "carried_to_pk", None)

    @staticmethod
    def resolve_conference(directive) -> str:
        return directive.conclusion.conference.slug

    @staticmethod
    def resolve_lead_unit(directive) -> str:
        return directive.lead_unit.name

    @staticmethod
    def resolve_support_units(directive) -> list[str]:
        return [unit.name for unit in directive.support_units.all()]

    @staticmethod
    def resolve_status_label(directive) -> str:
        return str(directive.get_status_display())

    @staticmethod
    def resolve_overdue(directive) -> bool:
        return directive.is_overdue


class ConclusionDirective(Schema):
    id: int
    order: int
    content: str
    lead_unit: str
    deadline: dt.date | None
    status: str
    progress: int

    @staticmethod
    def resolve_lead_unit(directive) -> str:
        return directive.lead_unit.name


class Conclusion(Schema):
    conference: str
    number: str
    issued_on: dt.date
    signed_by: str | None
    body: str
    url: str
    directives: list[ConclusionDirective]

    @staticmethod
    def resolve_conference(conclusion) -> str:
        return conclusion.conference.slug

    @staticmethod
    def resolve_signed_by(conclusion) -> str | None:
        return conclusion.signed_by.full_name if conclusion.signed_by else None

    @staticmethod
    def resolve_url(conclusion) -> str:
        return conclusion.get_absolute_url()

    @staticmethod
    def resolve_directives(conclusion) -> list:
        return list(conclusion.directives.all())
