"""The organization profile that every document header reads, and the documents the department has issued."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from conferences.models import Conference

NAME_MAX_LENGTH = 200


class OrganizationProfile(models.Model):
    """The one record of who the portal belongs to (a second row is refused by the constraint on `singleton`)."""

    singleton = models.PositiveSmallIntegerField(default=1, editable=False, unique=True)
    parent_body = models.CharField(
        _("parent body"), max_length=NAME_MAX_LENGTH, blank=True, help_text=_("For example UBND TỈNH HƯNG YÊN")
    )
    issuing_body = models.CharField(_("issuing body"), max_length=NAME_MAX_LENGTH, help_text=_("For example SỞ NỘI VỤ"))
    code = models.CharField(
        _("code in document numbers"),
        max_length=20,
        help_text=_("Capital letters without accents, for example SNV"),
    )
    place_name = models.CharField(
        _("place name for the date line"), max_length=100, help_text=_("For example Hưng Yên")
    )
    youth_branch = models.CharField(
        _("Youth Union branch"), max_length=NAME_MAX_LENGTH, blank=True, help_text=_("For example CHI ĐOÀN SỞ NỘI VỤ")
    )
    youth_parent = models.CharField(
        _("body above the Youth Union branch"),
        max_length=NAME_MAX_LENGTH,
        blank=True,
        help_text=_("For example ĐOÀN KHỐI CÁC CƠ QUAN TỈNH"),
    )
    youth_code = models.CharField(
        _("code of the Youth Union branch"), max_length=20, blank=True, help_text=_("For example CĐSNV")
    )
    youth_issues_plan = models.BooleanField(
        _("the Youth Union branch issues the plan and the invitation"),
        default=False,
        help_text=_("They then take the Youth Union's form and its own numbers."),
    )
    report_recipient = models.CharField(
        _("body the report of results goes to"),
        max_length=NAME_MAX_LENGTH,
        blank=True,
        help_text=_("For example UBND tỉnh Hưng Yên"),
    )
    chair_authority = models.CharField(
        _("authority of the chair's signature"), max_length=50, blank=True, help_text=_("For example TM. BAN TỔ CHỨC")
    )
    chair_title = models.CharField(_("title of the chair"), max_length=100, help_text=_("For example GIÁM ĐỐC"))
    notice_authority = models.CharField(
        _("authority of whoever signs notices"), max_length=50, blank=True, help_text=_("For example TL. GIÁM ĐỐC")
    )
    notice_title = models.CharField(
        _("title of whoever signs notices"), max_length=100, blank=True, help_text=_("For example CHÁNH VĂN PHÒNG")
    )
    notice_signer_name = models.CharField(_("name of whoever signs notices"), max_length=NAME_MAX_LENGTH, blank=True)
    notice_working_days = models.PositiveSmallIntegerField(
        _("working days for the conclusion notice"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    public_url = models.URLField(_("public address of the portal"), blank=True)
    # Whom members and units ask for help: shown on the help page.
    contact_name = models.CharField(
        _("organizers' contact"),
        max_length=NAME_MAX_LENGTH,
        blank=True,
        help_text=_("Who answers questions about the portal, for example Văn phòng Sở – Ban Chấp hành Chi đoàn"),
    )
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact telephone"), max_length=30, blank=True)

    history = HistoricalRecords(excluded_fields=["singleton"])

    class Meta:
        verbose_name = _("organization profile")
        verbose_name_plural = _("organization profile")

    def __str__(self):
        return self.issuing_body


class DocumentKind(models.TextChoices):
    """The five documents of a dialogue; the values are the contract paths' <kind>."""

    PLAN = "plan", _("Plan")
    INVITATION = "invitation", _("Invitation")
    MINUTES = "minutes", _("Minutes")
    NOTICE = "notice", _("Conclusion notice")
    REPORT = "report", _("Report of results")


# The type codes of Phụ lục III of Nghị định 30/2020.
DocumentKind.CODES = {
    DocumentKind.PLAN: "KH",
    DocumentKind.INVITATION: "GM",
    DocumentKind.MINUTES: "BB",
    DocumentKind.NOTICE: "TB",
    DocumentKind.REPORT: "BC",
}
# Issued versions of these are public with a published conference; the minutes and the invitation name people and
# record who raised what, so they stay with the organizers and leaders.
DocumentKind.PUBLIC = (DocumentKind.PLAN, DocumentKind.NOTICE, DocumentKind.REPORT)


class NumberSequence(models.Model):
    """The last number given in a year by an issuing body: locked while a number is taken, so none is skipped."""

    code = models.CharField(_("code"), max_length=20)
    year = models.PositiveSmallIntegerField(_("year"))
    last_number = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("number sequence")
        verbose_name_plural = _("number sequences")
        constraints = [models.UniqueConstraint(fields=["code", "year"], name="number_sequence_unique_per_year")]

    def __str__(self):
        return f"{self.code} {self.year}: {self.last_number}"


def _upload_to(instance, filename):
    return f"documents/{instance.year}/{filename}"


class IssuedDocument(models.Model):
    """A document as issued: its number, date and files are fixed; a correction is a new version replacing it."""

    # What may still change after issue: the signed scan, attached later.
    MUTABLE_FIELDS = frozenset({"signed_scan", "signed_scan_sha256", "signed_scan_at", "signed_scan_by"})

    conference = models.ForeignKey(
        Conference, verbose_name=_("conference"), on_delete=models.PROTECT, related_name="issued_documents"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    version = models.PositiveSmallIntegerField(_("version"))
    replaces = models.OneToOneField(
        "self",
        verbose_name=_("replaces"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaced_by",
    )
    code = models.CharField(_("issuing body's code"), max_length=20)
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveIntegerField(_("number"))
    number_text = models.CharField(_("number and code"), max_length=60)
    issued_on = models.DateField(_("issued on"))
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("issued by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    docx = models.FileField(_("DOCX file"), upload_to=_upload_to, max_length=255)
    docx_sha256 = models.CharField(_("SHA-256 of the DOCX file"), max_length=64)
    pdf = models.FileField(_("PDF file"), upload_to=_upload_to, max_length=255)
    pdf_sha256 = models.CharField(_("SHA-256 of the PDF file"), max_length=64)
    signed_scan = models.FileField(_("signed scan"), upload_to=_upload_to, max_length=255, blank=True)
    signed_scan_sha256 = models.CharField(_("SHA-256 of the signed scan"), max_length=64, blank=True)
    signed_scan_at = models.DateTimeField(_("signed scan attached at"), null=True, blank=True)
    signed_scan_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed scan attached by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("issued document")
        verbose_name_plural = _("issued documents")
        ordering = ["conference", "kind", "-version"]
        constraints = [
            # The gapless yearly numbering: one document per number of a body's year, whatever the kind.
            models.UniqueConstraint(fields=["code", "year", "number"], name="issued_document_number_unique"),
            models.UniqueConstraint(fields=["conference", "kind", "version"], name="issued_document_version_unique"),
        ]

    def __str__(self):
        return f"{self.number_text} ({self.get_kind_display()}, v{self.version})"

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if self.pk and (update_fields is None or not set(update_fields) <= self.MUTABLE_FIELDS):
            raise ValidationError(_("An issued document cannot be changed; issue a correction instead."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("An issued document cannot be deleted; issue a correction instead."))


def _forget_site_identity(sender, **kwargs):
    from django.core.cache import cache

    cache.delete("documents:site-identity:2")


models.signals.post_save.connect(_forget_site_identity, sender=OrganizationProfile)
models.signals.post_delete.connect(_forget_site_identity, sender=OrganizationProfile)
