"""Writes of the documents app: the organization profile, issuing a document (or its correction), the signed scan."""

import datetime as dt
import hashlib

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from conferences.models import Conference
from documents.content import Document, build_document
from documents.docx_builder import build_docx
from documents.models import DocumentKind, IssuedDocument, NumberSequence, OrganizationProfile
from documents.pdf import build_pdf
from documents.selectors import document_records, organization_profile

SCAN_MAX_BYTES = 20 * 1024 * 1024


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


@transaction.atomic
def organization_profile_save(*, profile: OrganizationProfile, user) -> OrganizationProfile:
    """Save the one profile (its history records who changed it)."""
    profile.singleton = 1
    existing = OrganizationProfile.objects.select_for_update().first()
    if existing is not None and profile.pk != existing.pk:
        profile.pk = existing.pk
    profile._history_user = user
    profile.full_clean()
    profile.save()
    return profile


def document_draft(*, conference: Conference, kind: str) -> Document:
    """The document as the records would give it now, without a number."""
    return build_document(kind, document_records(conference=conference), organization_profile())


def _next_number(code: str, year: int) -> int:
    """The next number of the body's year, with its sequence row locked until the transaction ends: two issues at
    once take consecutive numbers, and a failed issue gives its number back."""
    sequence = NumberSequence.objects.select_for_update().filter(code=code, year=year).first()
    if sequence is None:
        try:
            with transaction.atomic():
                sequence = NumberSequence.objects.create(code=code, year=year)
        except IntegrityError:  # created meanwhile by a concurrent issue
            sequence = NumberSequence.objects.select_for_update().get(code=code, year=year)
        sequence = NumberSequence.objects.select_for_update().get(pk=sequence.pk)
    sequence.last_number += 1
    sequence.save(update_fields=["last_number"])
    return sequence.last_number


def _refusals(kind: str, draft: Document) -> list[str]:
    reasons = []
    if kind in (DocumentKind.NOTICE, DocumentKind.MINUTES) and "no_conclusion" in draft.warnings:
        reasons.append(_("The conclusion has not been written yet."))
    if "no_chair" in draft.warnings and kind != DocumentKind.NOTICE:
        reasons.append(_("The conference has no chair among its participants."))
    if kind == DocumentKind.MINUTES and "no_secretary" in draft.warnings:
        reasons.append(_("The conference has no secretary among its participants."))
    return reasons


@transaction.atomic
def document_issue(
    *, conference: Conference, kind: str, user, issued_on: dt.date | None = None, expected_version: int = 0
) -> IssuedDocument:
    """Issue the document of that kind (or a correction of the one issued): the next number of the year, the date,
    the DOCX and PDF files with their SHA-256. Refused when someone issued it meanwhile (`expected_version`)."""
    if kind not in DocumentKind.values:
        raise ValidationError(_("Unknown document."))
    issued_on = issued_on or timezone.localdate()
    if issued_on > timezone.localdate():
        raise ValidationError({"issued_on": _("A document cannot be issued on a future date.")})
    profile = OrganizationProfile.objects.first()
    if profile is None:
        raise ValidationError(_("Fill in the organization profile before issuing documents."))
    Conference.objects.select_for_update().filter(pk=conference.pk).first()
    previous = IssuedDocument.objects.filter(conference=conference, kind=kind).order_by("-version").first()
    current_version = previous.version if previous else 0
    if current_version != expected_version:
        raise ValidationError(
            _("This document was issued meanwhile as %(number)s; look at it before issuing a correction.")
            % {"number": previous.number_text if previous else "—"}
        )
    records = document_records(conference=conference)
    draft = build_document(kind, records, profile)
    reasons = _refusals(kind, draft)
    if reasons:
        raise ValidationError(reasons)
    code = profile.youth_code if draft.youth else profile.code
    number = _next_number(code, issued_on.year)
    document = build_document(
        kind,
        records,
        profile,
        number=number,
        issued_on=issued_on,
        replaces=f"số {previous.number_text} ngày {previous.issued_on:%d/%m/%Y}" if previous else "",
    )
    docx, pdf = build_docx(document), build_pdf(document)
    issued = IssuedDocument(
        conference=conference,
        kind=kind,
        version=current_version + 1,
        replaces=previous,
        code=code,
        year=issued_on.year,
        number=number,
        number_text=document.number.removeprefix("Số: "),
        issued_on=issued_on,
        issued_by=user,
        docx_sha256=sha256(docx),
        pdf_sha256=sha256(pdf),
    )
    stem = f"{conference.slug[:80]}-{kind}-v{issued.version}"
    issued.docx.save(f"{stem}.docx", ContentFile(docx), save=False)
    issued.pdf.save(f"{stem}.pdf", ContentFile(pdf), save=False)
    try:
        issued.save()
    except Exception:
        # The row was refused: leave no stored file that no record names.
        issued.docx.delete(save=False)
        issued.pdf.delete(save=False)
        raise
    return issued


@transaction.atomic
def document_attach_scan(*, document: IssuedDocument, user, upload) -> IssuedDocument:
    """Attach the signed and stamped scan (PDF) of an issued document; a later scan replaces the earlier one."""
    if upload.size > SCAN_MAX_BYTES:
        raise ValidationError({"scan": _("The scan is larger than 20 MB.")})
    content = upload.read()
    if not content.startswith(b"%PDF-"):
        raise ValidationError({"scan": _("The signed scan must be a PDF file.")})
    document.signed_scan.save(
        f"{document.conference.slug[:80]}-{document.kind}-v{document.version}-scan.pdf",
        ContentFile(content),
        save=False,
    )
    document.signed_scan_sha256 = sha256(content)
    document.signed_scan_at = timezone.now()
    document.signed_scan_by = user
    document.save(update_fields=["signed_scan", "signed_scan_sha256", "signed_scan_at", "signed_scan_by"])
    return document
