"""The user's own profile, and the organizers' member management: list, create one, import from a file."""

import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import FormView, ListView

from accounts import permissions, services
from accounts.forms import MemberCreateForm, MemberImportForm, MemberSearchForm, ProfileForm
from accounts.importing import MemberRow, check_rows, read_member_file
from conferences.models import Profile, Unit
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
        self.search = MemberSearchForm(self.request.GET or None)
        queryset = (
            get_user_model()
            .objects.select_related("profile", "profile__unit")
            .prefetch_related("groups")
            .order_by("username")
        )
        if self.search.is_valid() and self.search.cleaned_data["q"]:
            for word in self.search.cleaned_data["q"].split()[:5]:
                queryset = queryset.filter(
                    Q(username__icontains=word)
                    | Q(first_name__icontains=word)
                    | Q(last_name__icontains=word)
                    | Q(email__icontains=word)
                    | Q(profile__unit__name__icontains=word)
                    | Q(profile__unit__short_name__icontains=word)
                )
        return queryset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["search"] = self.search
        return context


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
        token = ""
        if not bad:
            token = uuid.uuid4().hex
            request.session[IMPORT_SESSION_KEY] = {"token": token, "rows": [row.as_dict() for row in rows]}
        else:
            request.session.pop(IMPORT_SESSION_KEY, None)
        context = {"form": MemberImportForm(), "rows": rows, "bad_count": len(bad), "token": token, "preview": True}
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
            users = services.member_import(rows=rows, base_url=_base_url(request))
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
        return redirect(reverse("accounts:members"))


def locked_out(request, response=None, credentials=None):
    """What django-axes shows after too many failed logins: how long to wait, and the way out."""
    minutes = max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))
    return render(request, "registration/locked_out.html", {"cooloff_minutes": minutes}, status=429)
