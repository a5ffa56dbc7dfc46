from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from core.forms import add_service_errors
from core.views import PermissionRuleMixin
from documents import permissions, selectors, services
from documents.content import build_document
from documents.docx_builder import build_docx
from documents.forms import IssueForm, OrganizationProfileForm, ScanForm
from documents.models import DocumentKind, OrganizationProfile
from documents.pdf import build_pdf

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "scan.pdf": "application/pdf",
}
WARNINGS = {
    "no_chair": gettext_lazy("The conference has no chair among its participants: the signature is left blank."),
    "no_secretary": gettext_lazy(
        "The conference has no secretary among its participants: the minutes leave the name blank."
    ),
    "no_conclusion": gettext_lazy("The conclusion has not been written yet: the document leaves its content blank."),
    "directive_without_deadline": gettext_lazy("A directive has no deadline: the notice says it is an ongoing task."),
}


class OrganizationProfileView(PermissionRuleMixin, View):
    permission_rule = permissions.can_edit_organization
    template_name = "documents/organization_profile.html"

    def render_form(self, form, status=200):
        return render(self.request, self.template_name, {"form": form}, status=status)

    def get(self, request):
        return self.render_form(OrganizationProfileForm(instance=selectors.organization_profile()))

    def post(self, request):
        form = OrganizationProfileForm(request.POST, instance=selectors.organization_profile() or OrganizationProfile())
        if not form.is_valid():
            return self.render_form(form, status=400)
        try:
            services.organization_profile_save(profile=form.instance, user=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.render_form(form, status=400)
        messages.success(request, _("The organization profile has been saved."))
        return redirect("organization_profile")


class DocumentListView(TemplateView):
    template_name = "documents/document_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        conference = permissions.get_conference_for_documents(user, self.kwargs["slug"])
        versions = selectors.issued_versions(conference=conference)
        read_drafts = permissions.can_read_drafts(user)
        profile = selectors.organization_profile()
        warnings = {}
        if read_drafts:
            records = selectors.document_records(conference=conference)
            for kind in DocumentKind.values:
                draft = build_document(kind, records, profile)
                warnings[kind] = [WARNINGS[w] for w in draft.warnings]
        rows = []
        for kind, label in DocumentKind.choices:
            readable = permissions.can_read_issued(user, kind)
            rows.append(
                {
                    "kind": kind,
                    "label": label,
                    "code": DocumentKind.CODES[kind],
                    "versions": versions[kind] if readable else [],
                    "current": versions[kind][0] if versions[kind] and readable else None,
                    "warnings": warnings.get(kind, []),
                }
            )
        context.update(
            {
                "conference": conference,
                "rows": [row for row in rows if row["current"] or read_drafts],
                "can_read_drafts": read_drafts,
                "can_issue": permissions.can_issue_documents(user),
                "profile_missing": profile is None,
                "deadline": selectors.notice_deadline(conference=conference, profile=profile)
                if permissions.can_see_deadlines(user)
                else None,
                "scan_form": ScanForm(),
            }
        )
        return context


def _download_name(stem: str, ext: str) -> str:
    return f"{stem.replace('/', '-')}.{ext.removeprefix('scan.')}"


def document_file(request, slug, kind, ext):
    """The contract path: the issued document's current version, or for organizers and leaders the draft (also with
    ?draft=1 once issued, to see what a correction would say)."""
    conference = permissions.get_conference_for_documents(request.user, slug)
    issued = selectors.current_issued(conference=conference, kind=kind)
    read_drafts = permissions.can_read_drafts(request.user)
    wants_draft = request.GET.get("draft") == "1" and read_drafts
    if issued is not None and not wants_draft and permissions.can_read_issued(request.user, kind):
        return _serve_version(issued, ext)
    if not read_drafts:
        raise Http404
    draft = services.document_draft(conference=conference, kind=kind)
    content = build_docx(draft) if ext == "docx" else build_pdf(draft)
    response = HttpResponse(content, content_type=CONTENT_TYPES[ext])
    response["Content-Disposition"] = f'attachment; filename="{kind}-du-thao.{ext}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _serve_version(document, ext):
    field = {"docx": document.docx, "pdf": document.pdf, "scan.pdf": document.signed_scan}[ext]
    if not field:
        raise Http404
    name = _download_name(document.number_text + ("-ban-ky" if ext == "scan.pdf" else ""), ext)
    response = FileResponse(field.open("rb"), as_attachment=True, filename=name, content_type=CONTENT_TYPES[ext])
    response["X-Content-SHA256"] = {
        "docx": document.docx_sha256,
        "pdf": document.pdf_sha256,
        "scan.pdf": document.signed_scan_sha256,
    }[ext]
    return response


def version_file(request, slug, kind, version, ext):
    conference = permissions.get_conference_for_documents(request.user, slug)
    document = permissions.get_version_for_reader(request.user, conference, kind, int(version))
    return _serve_version(document, ext)


class IssueView(LoginRequiredMixin, View):
    """GET asks for confirmation; POST issues the document (or its correction)."""

    template_name = "documents/issue_confirm.html"

    def setup_objects(self):
        self.conference = permissions.get_conference_for_issuer(self.request.user, self.kwargs["slug"])
        self.kind = self.kwargs["kind"]
        self.current = selectors.current_issued(conference=self.conference, kind=self.kind)

    def render_form(self, form, status=200):
        draft = services.document_draft(conference=self.conference, kind=self.kind)
        context = {
            "conference": self.conference,
            "kind_label": DocumentKind(self.kind).label,
            "kind": self.kind,
            "current": self.current,
            "form": form,
            "warnings": [WARNINGS[w] for w in draft.warnings],
            "profile_missing": selectors.organization_profile() is None,
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, slug, kind):
        self.setup_objects()
        version = self.current.version if self.current else 0
        return self.render_form(IssueForm(initial={"expected_version": version}))

    def post(self, request, slug, kind):
        self.setup_objects()
        form = IssueForm(request.POST)
        if not form.is_valid():
            return self.render_form(form, status=400)
        try:
            issued = services.document_issue(
                conference=self.conference,
                kind=kind,
                user=request.user,
                issued_on=form.cleaned_data["issued_on"],
                expected_version=form.cleaned_data["expected_version"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.render_form(form, status=400)
        messages.success(request, _("Issued as No. %(number)s.") % {"number": issued.number_text})
        return redirect("documents:list", slug=slug)


@login_required
@require_POST
def scan_upload(request, slug, kind, version):
    document = permissions.get_version_for_issuer(request.user, slug, kind, int(version))
    form = ScanForm(request.POST, request.FILES)
    target = reverse("documents:list", kwargs={"slug": slug})
    if not form.is_valid():
        messages.error(request, _("Choose the PDF file of the signed scan."))
        return redirect(target)
    try:
        services.document_attach_scan(document=document, user=request.user, upload=form.cleaned_data["scan"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(target)
    messages.success(request, _("The signed scan has been attached."))
    return redirect(target)
