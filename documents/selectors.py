"""Reads of the documents app: the organization profile, the records a document is made from, what was issued."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils import timezone

from conferences.models import AgendaItem, Conference, Participant
from documents.content import Records
from documents.models import DocumentKind, IssuedDocument, OrganizationProfile
from documents.workdays import add_working_days
from polls import selectors as poll_selectors
from questions.models import Answer, Conclusion, Directive, Question
from satisfaction.selectors import report_figures


def organization_profile() -> OrganizationProfile | None:
    return OrganizationProfile.objects.first()


def document_records(*, conference: Conference) -> Records:
    """Everything the five documents say, in a fixed number of queries whatever the size of the conference."""
    participants = list(
        Participant.objects.filter(conference=conference).select_related("unit").order_by("order", "id")
    )
    agenda = list(AgendaItem.objects.filter(conference=conference).select_related("presenter").order_by("order"))
    questions = list(
        Question.objects.filter(conference=conference, status__in=Question.Status.PUBLIC)
        .select_related("author", "author_unit", "topic")
        .prefetch_related(
            Prefetch("answers", queryset=Answer.objects.select_related("responder").order_by("answered_at", "pk"))
        )
        .order_by("submitted_at", "pk")
    )
    conclusion = Conclusion.objects.filter(conference=conference).select_related("signed_by").first()
    directives = (
        list(
            Directive.objects.filter(conclusion=conclusion)
            .select_related("lead_unit")
            .prefetch_related("support_units")
            .order_by("order")
        )
        if conclusion
        else []
    )
    survey = poll_selectors.survey_results(survey=poll_selectors.conference_survey(conference=conference))
    polls = poll_selectors.polls_for_record(conference=conference)
    return Records(
        conference,
        participants,
        agenda,
        questions,
        conclusion,
        directives,
        satisfaction=report_figures(conference),
        polls=polls,
        survey=survey,
    )


def issued_versions(*, conference: Conference) -> dict[str, list[IssuedDocument]]:
    """Every issued version of each kind, newest first."""
    versions = {kind: [] for kind in DocumentKind.values}
    for document in IssuedDocument.objects.filter(conference=conference).select_related("issued_by", "replaces"):
        versions[document.kind].append(document)
    for kind in versions:
        versions[kind].sort(key=lambda d: -d.version)
    return versions


def current_issued(*, conference: Conference, kind: str) -> IssuedDocument | None:
    return IssuedDocument.objects.filter(conference=conference, kind=kind).order_by("-version").first()


@dataclass
class NoticeDeadline:
    due_on: dt.date
    issued_on: dt.date | None

    @property
    def is_late(self) -> bool:
        if self.issued_on is not None:
            return self.issued_on > self.due_on
        return timezone.localdate() > self.due_on


def notice_deadline(*, conference: Conference, profile: OrganizationProfile | None = None) -> NoticeDeadline:
    """The conclusion notice is due a number of working days after the session (5 unless the profile says)."""
    days = (
        profile.notice_working_days if profile else OrganizationProfile._meta.get_field("notice_working_days").default
    )
    first = (
        IssuedDocument.objects.filter(conference=conference, kind=DocumentKind.NOTICE)
        .order_by("version")
        .values_list("issued_on", flat=True)
        .first()
    )
    return NoticeDeadline(add_working_days(timezone.localdate(conference.ends_at), days), first)


SITE_IDENTITY_KEY = "documents:site-identity:2"


def site_identity() -> dict:
    """The profile's names every page shows, kept in the shared cache (emptied when the profile is saved)."""
    from django.core.cache import cache

    identity = cache.get(SITE_IDENTITY_KEY)
    if identity is None:
        profile = organization_profile()
        identity = {
            "parent_body": profile.parent_body if profile else "",
            "issuing_body": profile.issuing_body if profile else "",
            "youth_branch": profile.youth_branch if profile else "",
            "public_url": profile.public_url if profile else "",
            "contact_name": profile.contact_name if profile else "",
            "contact_email": profile.contact_email if profile else "",
            "contact_phone": profile.contact_phone if profile else "",
        }
        cache.set(SITE_IDENTITY_KEY, identity, 24 * 3600)
    return identity
