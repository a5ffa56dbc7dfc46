from datetime import datetime, timedelta
from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView, FormView, ListView, TemplateView

from conferences import calendars, exports, permissions, selectors, services
from conferences.forms import (
    ConferencePage,
    LiaisonForm,
    UnitForm,
    changes_since,
    conference_snapshot,
    format_snapshot,
    parse_snapshot,
)
from conferences.models import AgendaItem, Conference, Liaison, Participant, Profile, Unit
from core import roles, spreadsheets
from core.forms import add_service_errors
from core.stale import StaleEditError
from core.text import SEARCH_MAX_LENGTH, search_fold, search_words
from core.views import PermissionRuleMixin, ServiceFormMixin


class HomeView(TemplateView):
    template_name = "conferences/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        conferences = Conference.objects.published().select_related("organizer_unit")
        now = timezone.now()
        featured = conferences.filter(status__in=Conference.Status.ACTIVE).order_by("starts_at").first()
        # An open conference takes concerns weeks before its session: it is "current" only while the session runs.
        featured_kind = "current" if featured and featured.status == Conference.Status.IN_SESSION else "next"
        if featured is None:
            featured, featured_kind = conferences.filter(starts_at__gte=now).order_by("starts_at").first(), "next"
        if featured is None:
            featured, featured_kind = conferences.first(), "latest"
        context["featured"] = featured
        context["featured_kind"] = featured_kind
        return context


# The help page's sections, in the order of the chain: who joins first, who runs it last.
HELP_ROLES = [
    ("member", gettext_lazy("Member")),
    ("liaison", gettext_lazy("Unit liaison")),
    ("leader", gettext_lazy("Leader")),
    ("organizer", gettext_lazy("Organizer")),
    ("admin", gettext_lazy("Administrator")),
]


def help_roles_of(user) -> list[str]:
    """The help sections that describe what the user may do, the most particular first."""
    own = {
        "admin": roles.is_admin(user),
        "organizer": roles.is_organizer(user),
        "leader": roles.is_leader(user),
        "liaison": bool(permissions.liaison_unit_ids(user)),
        "member": roles.is_member(user),
    }
    return [key for key in ("admin", "organizer", "leader", "liaison", "member") if own[key]]


class HelpView(TemplateView):
    """What to do, in order, for each role, the user's own first; and whom to ask."""

    template_name = "conferences/help.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        own = help_roles_of(self.request.user)
        titles = dict(HELP_ROLES)
        others = [key for key, _title in HELP_ROLES if key not in own]
        context["sections"] = [
            {"key": key, "title": titles[key], "own": key in own, "template": f"conferences/help/_{key}.html"}
            for key in [*own, *others]
        ]
        return context


class ConferenceListView(ListView):
    template_name = "conferences/conference_list.html"
    context_object_name = "conferences"
    paginate_by = 10

    def get_queryset(self):
        year = self.request.GET.get("year", "")
        status = self.request.GET.get("status", "")
        return selectors.conference_list(
            user=self.request.user,
            year=int(year) if year.isdigit() else None,
            status=status if status in Conference.Status.values else "",
            query=self.request.GET.get("q", ""),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        visible = permissions.conferences_readable_by(self.request.user)
        context["years"] = sorted({d.year for d in visible.dates("starts_at", "year")}, reverse=True)
        context["statuses"] = Conference.Status.choices
        context["selected_year"] = self.request.GET.get("year", "")
        context["selected_status"] = self.request.GET.get("status", "")
        context["query"] = self.request.GET.get("q", "")[:SEARCH_MAX_LENGTH]
        context["filtered"] = any(self.request.GET.get(key) for key in ("year", "status", "q"))
        return context


class ConferenceDetailView(DetailView):
    template_name = "conferences/conference_detail.html"
    context_object_name = "conference"

    def get_object(self, queryset=None):
        queryset = (
            permissions.conferences_readable_by(self.request.user)
            .select_related("organizer_unit")
            .prefetch_related(
                Prefetch("participants", queryset=Participant.objects.select_related("unit")),
                Prefetch("agenda_items", queryset=AgendaItem.objects.select_related("presenter")),
                "photos",
            )
        )
        return get_object_or_404(queryset, slug=self.kwargs["slug"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        conference = self.object
        organizer = permissions.can_manage_conferences(self.request.user)
        context["agenda"] = agenda_timetable(conference)
        context["participant_groups"] = participant_groups(conference)
        context["actions"] = available_actions(conference) if organizer else []
        return context


def participant_groups(conference: Conference) -> list[tuple[str, list[tuple[Unit | None, list[Participant]]]]]:
    """The participants by role (chair first), and within a role by unit in the order the organizers gave."""
    participants = sorted(conference.participants.all(), key=lambda p: (_role_rank(p.role), p.order, p.pk))
    groups = []
    for role, members in groupby(participants, key=lambda p: p.role):
        by_unit: dict[int | None, list[Participant]] = {}
        for participant in members:
            by_unit.setdefault(participant.unit_id, []).append(participant)
        units = sorted(by_unit.values(), key=lambda people: people[0].unit_id is None)  # "no unit" last
        groups.append((Participant.Role(role).label, [(people[0].unit, people) for people in units]))
    return groups


def agenda_timetable(conference: Conference) -> list[tuple[AgendaItem, datetime | None]]:
    """Each agenda item with its start time: its own when given, else the previous start plus its duration."""
    rows, clock = [], conference.starts_at
    for item in conference.agenda_items.all():
        start = item.starts_at or clock
        rows.append((item, start))
        clock = start + timedelta(minutes=item.duration_minutes) if start and item.duration_minutes else None
    return rows


def _role_rank(role: str) -> int:
    return list(Participant.Role.values).index(role)


# --- creating and editing --------------------------------------------------------------------------------------------


class ConferencePageMixin(PermissionRuleMixin):
    permission_rule = permissions.can_manage_conferences

    template_name = "conferences/conference_form.html"

    def render_page(self, page: ConferencePage, status: int = 200, **context):
        context.setdefault("conference", page.instance if page.instance.pk else None)
        return render(self.request, self.template_name, {"page": page, "form": page.form, **context}, status=status)


class ConferenceCreateView(ConferencePageMixin, View):
    def get(self, request):
        return self.render_page(ConferencePage(instance=Conference()), heading=_("New conference"))

    def post(self, request):
        page = ConferencePage(instance=Conference(), data=request.POST, files=request.FILES)
        if not page.is_valid():
            return self.render_page(page, heading=_("New conference"))
        conference = services.conference_create(by=request.user, **page.to_service_kwargs())
        messages.success(
            request, _("The conference “%(title)s” has been saved as a draft.") % {"title": conference.title}
        )
        return redirect(conference)


class ConferenceEditView(ConferencePageMixin, View):
    def get(self, request, slug):
        conference = permissions.get_conference_for_organizer(request.user, slug)
        return self.render_page(ConferencePage(instance=conference), heading=_("Edit the conference"))

    def post(self, request, slug):
        conference = permissions.get_conference_for_organizer(request.user, slug)
        page = ConferencePage(instance=conference, data=request.POST, files=request.FILES)
        if page.submitted_version != conference.version:
            return self.render_stale(page, conference)
        if not page.is_valid():
            return self.render_page(page, heading=_("Edit the conference"))
        try:
            conference = services.conference_update(
                conference=conference, version=page.submitted_version, by=request.user, **page.to_service_kwargs()
            )
        except StaleEditError:
            return self.render_stale(page, conference)
        messages.success(request, _("Your changes have been saved."))
        return redirect(conference)

    def render_stale(self, page: ConferencePage, current: Conference):
        """Nothing was saved: show what somebody else changed, and let the user save again over it knowingly."""
        current = Conference.objects.select_related("organizer_unit").get(pk=current.pk)
        changes = changes_since(current, parse_snapshot(page.form.data.get("snapshot", "")))
        data = page.form.data.copy()
        data["version"] = str(current.version)
        data["snapshot"] = format_snapshot(conference_snapshot(current))
        rebased = ConferencePage(instance=current, data=data, files=self.request.FILES)
        return self.render_page(rebased, status=409, heading=_("Edit the conference"), stale=True, changes=changes)


# --- lifecycle -------------------------------------------------------------------------------------------------------

LIFECYCLE_ACTIONS = {
    "open": {
        "to": Conference.Status.OPEN,
        "label": gettext_lazy("Open for concerns"),
        "explain": gettext_lazy(
            "The conference is published and members may submit concerns: from now on, or from the opening date "
            "when one is set."
        ),
        "style": "success",
        "done": gettext_lazy("The conference is published and open for concerns."),
    },
    "start": {
        "to": Conference.Status.IN_SESSION,
        "label": gettext_lazy("Start the session"),
        "explain": gettext_lazy(
            "The live dialogue begins. Members in the hall can still submit and support concerns from their phones "
            "until the conference is concluded or the closing date passes."
        ),
        "style": "danger",
        "done": gettext_lazy("The session has started."),
    },
    "conclude": {
        "to": Conference.Status.CONCLUDED,
        "label": gettext_lazy("Conclude"),
        "explain": gettext_lazy(
            "The session is over and no more concerns are accepted; the conclusion and its directives follow."
        ),
        "style": "primary",
        "done": gettext_lazy("The conference has been concluded."),
    },
    "archive": {
        "to": Conference.Status.ARCHIVED,
        "label": gettext_lazy("Archive"),
        "explain": gettext_lazy("The conference stays readable but is no longer current."),
        "style": "secondary",
        "done": gettext_lazy("The conference has been archived."),
    },
    "publish": {
        "published": True,
        "label": gettext_lazy("Publish"),
        "explain": gettext_lazy("Everybody, including visitors who are not logged in, can read the conference."),
        "style": "outline-success",
        "done": gettext_lazy("The conference has been published."),
    },
    "unpublish": {
        "published": False,
        "label": gettext_lazy("Unpublish"),
        "explain": gettext_lazy("Only organizers can see the conference until it is published again."),
        "style": "outline-secondary",
        "done": gettext_lazy("The conference is no longer published."),
    },
}


def available_actions(conference: Conference) -> list[tuple[str, dict]]:
    """The lifecycle actions an organizer may take on the conference now, in the order of the lifecycle."""
    return [(name, action) for name, action in LIFECYCLE_ACTIONS.items() if _action_allowed(action, conference)]


def _action_allowed(action: dict, conference: Conference) -> bool:
    if "to" in action:
        return services.TRANSITIONS[action["to"]] == conference.status
    return action["published"] != conference.is_published


class ConferenceActionView(PermissionRuleMixin, View):
    permission_rule = permissions.can_manage_conferences
    """GET asks for confirmation; POST carries the action out."""

    template_name = "conferences/conference_action_confirm.html"

    def dispatch(self, request, *args, **kwargs):
        if kwargs["action"] not in LIFECYCLE_ACTIONS:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, slug, action):
        conference = permissions.get_conference_for_organizer(request.user, slug)
        allowed = action in dict(available_actions(conference))
        context = {"conference": conference, "action": LIFECYCLE_ACTIONS[action], "name": action, "allowed": allowed}
        return render(request, self.template_name, context)

    def post(self, request, slug, action):
        conference = permissions.get_conference_for_organizer(request.user, slug)
        spec = LIFECYCLE_ACTIONS[action]
        try:
            if "to" in spec:
                conference = services.conference_transition(conference=conference, to=spec["to"], by=request.user)
            else:
                conference = services.conference_set_published(
                    conference=conference, published=spec["published"], by=request.user
                )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, spec["done"])
        return redirect(conference)


# --- iCalendar -------------------------------------------------------------------------------------------------------


def conference_calendar(request, slug):
    """The conference as an iCalendar event, for the reader's own calendar."""
    conference = get_object_or_404(
        permissions.conferences_readable_by(request.user).select_related("organizer_unit"), slug=slug
    )
    body = calendars.calendar_of(
        [conference],
        host=request.get_host().split(":")[0],
        url_for=lambda c: request.build_absolute_uri(c.get_absolute_url()),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{conference.slug[:100]}.ics"'
    return response


def conferences_calendar_feed(request):
    """Every published conference, as a calendar to subscribe to (calendar apps fetch it without a session)."""
    conferences = Conference.objects.published().select_related("organizer_unit").order_by("starts_at", "pk")
    body = calendars.calendar_of(
        conferences,
        host=request.get_host().split(":")[0],
        url_for=lambda c: request.build_absolute_uri(c.get_absolute_url()),
        name=_("Dialogue conferences"),
    )
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")


@login_required
def participant_export(request, slug: str, fmt: str):
    """The participant and attendance list of a conference, as a spreadsheet."""
    conference = permissions.get_conference_for_participant_export(request.user, slug)
    rows = exports.participant_rows(exports.conference_participants(conference=conference).iterator(chunk_size=1000))
    columns = exports.participant_columns()
    filename = f"dai-bieu-{conference.slug[:80]}.{fmt}"
    if fmt == "xlsx":
        return spreadsheets.xlsx_response(filename, conference.title, columns, rows)
    return spreadsheets.csv_response(filename, columns, rows)


# --- units -----------------------------------------------------------------------------------------------------------


def _count(model, field: str):
    counts = model.objects.filter(**{field: OuterRef("pk")}).order_by().values(field).annotate(n=Count("pk"))
    return Coalesce(Subquery(counts.values("n")), 0)


class UnitListView(PermissionRuleMixin, ListView):
    permission_rule = permissions.can_manage_units
    template_name = "conferences/unit_list.html"
    context_object_name = "units"
    paginate_by = 25

    def get_queryset(self):
        queryset = (
            Unit.objects.select_related("parent")
            .prefetch_related(Prefetch("liaisons", queryset=Liaison.objects.select_related("user")))
            .annotate(profile_count=_count(Profile, "unit"), participant_count=_count(Participant, "unit"))
        )
        state = self.request.GET.get("state", "")
        if state == "active":
            queryset = queryset.filter(is_active=True)
        elif state == "inactive":
            queryset = queryset.filter(is_active=False)
        words = search_words(self.request.GET.get("q", ""))
        if words:
            # Few units: fold in Python, the same on SQLite and PostgreSQL.
            matching = [
                pk
                for pk, name, short in Unit.objects.values_list("pk", "name", "short_name")
                if all(word in search_fold(f"{name} {short}") for word in words)
            ]
            queryset = queryset.filter(pk__in=matching)
        return queryset.order_by("-is_active", "sort_name", "name")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["query"] = self.request.GET.get("q", "")[:SEARCH_MAX_LENGTH]
        context["state"] = self.request.GET.get("state", "")
        return context


class UnitCreateView(PermissionRuleMixin, ServiceFormMixin, FormView):
    permission_rule = permissions.can_manage_units
    template_name = "conferences/unit_form.html"
    form_class = UnitForm

    def perform(self, data):
        unit = services.unit_create(by=self.request.user, **data)
        messages.success(self.request, _("The unit “%(name)s” has been created.") % {"name": unit.name})
        return redirect("units:list")

    def get_context_data(self, **kwargs):
        return super().get_context_data(heading=_("New unit"), **kwargs)


class UnitUpdateView(PermissionRuleMixin, ServiceFormMixin, FormView):
    permission_rule = permissions.can_manage_units
    template_name = "conferences/unit_form.html"
    form_class = UnitForm

    @cached_property
    def unit(self) -> Unit:
        return get_object_or_404(Unit.objects.select_related("parent"), pk=self.kwargs["pk"])

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.unit}

    def perform(self, data):
        unit = services.unit_update(unit=self.unit, by=self.request.user, **data)
        messages.success(self.request, _("The unit “%(name)s” has been saved.") % {"name": unit.name})
        return redirect("units:list")

    def get_context_data(self, **kwargs):
        return super().get_context_data(heading=_("Edit the unit"), unit=self.unit, **kwargs)


UNIT_ACTIONS = {
    "deactivate": {
        "label": gettext_lazy("Deactivate"),
        "explain": gettext_lazy(
            "The unit stays on past records but is no longer offered for new participants, profiles or directives."
        ),
        "style": "warning",
    },
    "activate": {
        "label": gettext_lazy("Reactivate"),
        "explain": gettext_lazy("The unit is offered again everywhere."),
        "style": "success",
    },
    "delete": {
        "label": gettext_lazy("Delete"),
        "explain": gettext_lazy("The unit is removed for good. Only a unit that nothing refers to can be deleted."),
        "style": "danger",
    },
}


class UnitActionView(PermissionRuleMixin, View):
    permission_rule = permissions.can_manage_units
    """Deactivate, reactivate or delete a unit: GET asks for confirmation, POST does it."""

    template_name = "conferences/unit_action_confirm.html"

    def dispatch(self, request, *args, **kwargs):
        if kwargs["action"] not in UNIT_ACTIONS:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, pk, action):
        unit = get_object_or_404(Unit, pk=pk)
        usage = services.unit_usage(unit) if action == "delete" else []
        context = {"unit": unit, "name": action, "action": UNIT_ACTIONS[action], "usage": usage}
        return render(request, self.template_name, context)

    def post(self, request, pk, action):
        unit = get_object_or_404(Unit, pk=pk)
        try:
            if action == "delete":
                services.unit_delete(unit=unit, by=request.user)
                messages.success(request, _("The unit “%(name)s” has been deleted.") % {"name": unit.name})
            else:
                services.unit_set_active(unit=unit, active=action == "activate", by=request.user)
                messages.success(request, _("The unit “%(name)s” has been saved.") % {"name": unit.name})
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        return redirect(reverse("units:list"))


# --- liaisons --------------------------------------------------------------------------------------------------------


class UnitLiaisonsView(PermissionRuleMixin, View):
    """The liaisons of one unit: who they are, appoint another (POST), and links to end an appointment."""

    permission_rule = permissions.can_manage_units
    template_name = "conferences/unit_liaisons.html"

    def render_page(self, unit: Unit, form: LiaisonForm, status: int = 200):
        liaisons = Liaison.objects.filter(unit=unit).select_related("user", "appointed_by").order_by("appointed_at")
        context = {"unit": unit, "liaisons": liaisons, "form": form}
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, pk):
        unit = permissions.get_unit_for_manager(request.user, pk)
        return self.render_page(unit, LiaisonForm(unit=unit))

    def post(self, request, pk):
        unit = permissions.get_unit_for_manager(request.user, pk)
        form = LiaisonForm(request.POST, unit=unit)
        if form.is_valid():
            try:
                liaison = services.liaison_appoint(unit=unit, user=form.cleaned_data["user"], by=request.user)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("%(name)s is now a liaison of %(unit)s.")
                    % {"name": liaison.user.get_full_name() or liaison.user.get_username(), "unit": unit.name},
                )
                return redirect("units:liaisons", pk=unit.pk)
        return self.render_page(unit, form, status=400)


class LiaisonRemoveView(PermissionRuleMixin, View):
    """End an appointment: GET asks for confirmation, POST does it."""

    permission_rule = permissions.can_manage_units
    template_name = "conferences/liaison_remove_confirm.html"

    def get_liaison(self, pk: int, liaison_pk: int) -> Liaison:
        unit = permissions.get_unit_for_manager(self.request.user, pk)
        return get_object_or_404(Liaison.objects.select_related("user", "unit"), pk=liaison_pk, unit=unit)

    def get(self, request, pk, liaison_pk):
        return render(request, self.template_name, {"liaison": self.get_liaison(pk, liaison_pk)})

    def post(self, request, pk, liaison_pk):
        liaison = self.get_liaison(pk, liaison_pk)
        services.liaison_remove(liaison=liaison, by=request.user)
        messages.success(
            request,
            _("%(name)s is no longer a liaison of %(unit)s.")
            % {"name": liaison.user.get_full_name() or liaison.user.get_username(), "unit": liaison.unit.name},
        )
        return redirect("units:liaisons", pk=pk)
