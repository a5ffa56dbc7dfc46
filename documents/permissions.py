"""Who may read, issue and correct the official documents, and edit the organization profile: every rule of the
app as named predicates, and the helpers that return the object asked for or raise Http404 / PermissionDenied.

Issued plans, notices and reports of published conferences are public; drafts (what the records would give now) are
for organizers and, read-only, for leaders. Issuing, correcting and attaching the signed scan are for organizers.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from conferences.models import Conference
from conferences.permissions import conferences_readable_by
from core.roles import is_leader, is_organizer
from documents.models import DocumentKind, IssuedDocument


def can_edit_organization(user) -> bool:
    return is_organizer(user)


def can_issue_documents(user) -> bool:
    return is_organizer(user)


def can_read_drafts(user) -> bool:
    return is_organizer(user) or is_leader(user)


def can_read_issued(user, kind: str) -> bool:
    return kind in DocumentKind.PUBLIC or can_read_drafts(user)


def can_see_deadlines(user) -> bool:
    return is_organizer(user)


def get_conference_for_documents(user, slug: str) -> Conference:
    """The documents page of a conference the user may read; 404 otherwise."""
    return get_object_or_404(conferences_readable_by(user).select_related("organizer_unit"), slug=slug)


def get_conference_for_issuer(user, slug: str) -> Conference:
    if not can_issue_documents(user):
        raise PermissionDenied
    return get_object_or_404(Conference.objects.select_related("organizer_unit"), slug=slug)


def get_version_for_reader(user, conference: Conference, kind: str, version: int) -> IssuedDocument:
    if not can_read_issued(user, kind):
        raise Http404
    return get_object_or_404(IssuedDocument, conference=conference, kind=kind, version=version)


def get_version_for_issuer(user, slug: str, kind: str, version: int) -> IssuedDocument:
    conference = get_conference_for_issuer(user, slug)
    return get_object_or_404(IssuedDocument, conference=conference, kind=kind, version=version)
