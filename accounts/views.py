"""The user's own profile, and the organizers' member management: list, create one, import from a file."""

import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import FormView, ListView

from accounts import permissions, selectors, services
from accounts.forms import MemberCreateForm, MemberEditForm, MemberFilterForm, MemberImportForm, ProfileForm
from accounts.importing import TEMPLATE_EXAMPLE, TEMPLATE_HEADERS, MemberRow, check_rows, read_member_file
from conferences.models import Profile, Unit
from core import spreadsheets
from core.views import PermissionRuleMixin, ServiceFormMixin

IMPORT_SESSION_KEY = "accounts:member-import"


class MemberManagerMixin(PermissionRuleMixin):
    permission_rule = permissions.can_manage_members


def _base_url(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


class ProfileView(LoginRequiredMixin, ServiceFormMixin, FormView):
    """/accounts/profile/: always the logged-in user's own profile; nobody edits anyone else's here."""

    template_name = "accounts/profile.html"
    form_class = ProfileForm
    success_url = reverse_lazy("accounts:profile")

    def get_profile(self) -> Profile:
        profile, _created = Profile.objects.select_related("unit").get_or_create(user=self.request.user)
        return profile

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = get_user_model().objects.get(pk=self.request.user.pk)
        kwargs["profile"] = self.profile
        return kwargs

    @cached_property
    def profile(self) -> Profile:
        return self.get_profile()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["profile"] = self.profile
        context["liaison_units"] = Unit.objects.filter(liaisons__user=self.request.user).order_by("sort_name")
        return context

    def perform(self, data):
        services.profile_update(
            user=self.request.user,
            first_name=data["first_name"],
            last_name=data["last_name"],
            email=data["email"],
            position=data["position"],
            phone=data["phone"],
        )
        messages.success(self.request, _("Your profile has been saved."))
        return redirect(self.success_url)


class MemberListView(MemberManagerMixin, ListView):
    template_name = "accounts/member_list.html"
    context_object_name = "members"
    paginate_by = 25

    def get_queryset(self):
        self.filters = MemberFilterForm(self.request.GET or None)
        data = self.filters.cleaned_data if self.filters.is_valid() else {}
        return selectors.member_list(
            query=data.get("q", ""), role=data.get("role", ""), unit=data.get("unit"), active=data.get("active", "")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filters"] = self.filters
        return context


class MemberEditView(MemberManagerMixin, ServiceFormMixin, FormView):
    """/accounts/members/<pk>/edit/: name, e-mail, unit, position, phone and role; links to deactivate and to send
    the password link again."""

    template_name = "accounts/member_edit.html"
    form_class = MemberEditForm

    @cached_property
    def account(self):
        return permissions.get_member_for_editor(self.request.user, self.kwargs["pk"])

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "actor": self.request.user, "account": self.account}

    def get_context_data(self, **kwargs):
        return super().get_context_data(account=self.account, **kwargs)

    def perform(self, data):
        services.member_update(
            actor=self.request.user,
            user=self.account,
            full_name=data["full_name"],
            email=data["email"],
            unit=data["unit"],
            position=data["position"],
            phone=data["phone"],
            role=data["role"],
        )
        messages.success(self.request, _("The account %(username)s has been saved.") % {"username": self.account})
        return redirect("accounts:members")


class MemberActiveView(MemberManagerMixin, View):
    """GET: are you sure? POST: deactivate (or reactivate) the account."""

    template_name = "accounts/member_active.html"
    active = False

    def get(self, request, pk):
        account = permissions.get_member_for_editor(request.user, pk)
        return render(request, self.template_name, {"account": account, "active": self.active})

    def post(self, request, pk):
        account = permissions.get_member_for_editor(request.user, pk)
        services.member_set_active(actor=request.user, user=account, active=self.active)
        if self.active:
            messages.success(request, _("The account %(username)s is active again.") % {"username": account})
        else:
            messages.success(
                request,
                _("The account %(username)s is deactivated: it cannot log in, and its sessions have ended.")
                % {"username": account},
            )
        return redirect("accounts:member_edit", pk=account.pk)


class MemberPasswordLinkView(MemberManagerMixin, View):
    """POST: e-mail the member a new link to set their password."""

    def post(self, request, pk):
        account = permissions.get_member_for_editor(request.user, pk)
        try:
            services.member_send_password_link(actor=request.user, user=account, base_url=_base_url(request))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("A link to set the password is on its way to %(email)s.") % {"email": account.email}
            )
        return redirect("accounts:member_edit", pk=account.pk)


class MemberImportTemplateView(MemberManagerMixin, View):
    """GET: an Excel file with the columns the import reads and one example row."""

    def get(self, request):
        columns = [spreadsheets.Column(str(header), width=24) for header in TEMPLATE_HEADERS]
        return spreadsheets.xlsx_response("mau-nhap-doan-vien.xlsx", _("Members"), columns, [TEMPLATE_EXAMPLE])


class MemberCreateView(MemberManagerMixin, ServiceFormMixin, FormView):
    template_name = "accounts/member_form.html"
    form_class = MemberCreateForm

    def perform(self, data):
        user = services.member_create(
            username=data["username"],
            full_name=data["full_name"],
            email=data["email"],
            unit=data["unit"],
            position=data["position"],
            phone=data["phone"],
            base_url=_base_url(self.request),
        )
        messages.success(
            self.request,
            _(
                "The account %(username)s has been created; an e-mail with a link to set the password is on its way "
                "to %(email)s."
            )
            % {"username": user.get_username(), "email": user.email},
        )
        return redirect("accounts:members")


class MemberImportView(MemberManagerMixin, View):
    """GET: the upload form. POST with a file: the preview, row by row, with what is wrong; nothing is saved yet."""

    template_name = "accounts/member_import.html"

    def get(self, request):
        return render(request, self.template_name, {"form": MemberImportForm()})

    def post(self, request):
        form = MemberImportForm(request.POST, request.FILES)
        rows = []
        if form.is_valid():
            try:
                rows = check_rows(read_member_file(form.cleaned_data["file"]))
            except ValidationError as error:
                form.add_error("file", error.messages)
        if not form.is_valid() or form.errors:
            return render(request, self.template_name, {"form": form})
        bad = [row for row in rows if row.errors]
        good = [row for row in rows if not row.errors]
        token = ""
        if good:
            # Only the rows that are right are kept for the confirmation: the organizer imports those and corrects
            # the others in the file later.
            token = uuid.uuid4().hex
            request.session[IMPORT_SESSION_KEY] = {"token": token, "rows": [row.as_dict() for row in good]}
        else:
            request.session.pop(IMPORT_SESSION_KEY, None)
        context = {
            "form": MemberImportForm(),
            "rows": rows,
            "bad_count": len(bad),
            "good_count": len(good),
            "token": token,
            "preview": True,
        }
        return render(request, self.template_name, context)


class MemberImportConfirmView(MemberManagerMixin, View):
    """POST: create the previewed members in one transaction."""

    def post(self, request):
        stored = request.session.get(IMPORT_SESSION_KEY) or {}
        if not stored or stored.get("token") != request.POST.get("token"):
            messages.error(request, _("This preview has expired or was replaced. Upload the file again."))
            return redirect("accounts:member_import")
        rows = [MemberRow(**row) for row in stored["rows"]]
        try:
            users, skipped = services.member_import(rows=rows, base_url=_base_url(request))
        except ValidationError as error:
            request.session.pop(IMPORT_SESSION_KEY, None)
            messages.error(request, _("Nothing was imported:") + " " + " ".join(error.messages))
            return redirect("accounts:member_import")
        request.session.pop(IMPORT_SESSION_KEY, None)
        messages.success(
            request,
            ngettext(
                "%(count)d member account created; each new member receives an e-mail to set a password.",
                "%(count)d member accounts created; each new member receives an e-mail to set a password.",
                len(users),
            )
            % {"count": len(users)},
        )
        for row in skipped:  # taken by someone else since the preview
            messages.warning(
                request,
                _("Line %(line)d was not imported: %(errors)s") % {"line": row.line, "errors": " ".join(row.errors)},
            )
        return redirect(reverse("accounts:members"))


def locked_out(request, response=None, credentials=None):
    """What django-axes shows after too many failed logins: how long to wait, and the way out."""
    minutes = max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))
    return render(request, "registration/locked_out.html", {"cooloff_minutes": minutes}, status=429)
