"""Pages of the youth initiative registry: the list with its filters and XLSX export, registering and editing an
initiative, its page with the progress updates, each step of its lifecycle, and evidence downloads.

Who may see and do what is asked of initiatives.permissions; every write goes through initiatives.services.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView, FormView, ListView

from core import spreadsheets
from core.forms import add_service_errors
from core.views import PermissionRuleMixin, ServiceFormMixin, attachment_response
from initiatives import exports, permissions, selectors, services
from initiatives.forms import STEP_FORMS, InitiativeFilterForm, InitiativeForm, InitiativeUpdateForm
from initiatives.models import Initiative
from questions.views.concerns import query_without_page


def list_filters(request) -> tuple[InitiativeFilterForm, dict]:
    """The list's filter form and the filters it gave (junk values are dropped: the unfiltered list)."""
    user = request.user
    form = InitiativeFilterForm(
        request.GET or None, years=selectors.list_years(user=user), units=selectors.list_units(user=user)
    )
    if not form.is_valid():
        return form, {}
    data = form.cleaned_data
    return form, {"year": data["year"], "unit": data["unit"], "status": data["status"], "query": data["q"]}


class InitiativeListView(ListView):
    template_name = "initiatives/initiative_list.html"
    context_object_name = "initiatives"
    paginate_by = 20

    def get_queryset(self):
        self.filter_form, filters = list_filters(self.request)
        self.filtered = bool(filters and any(filters.values()))
        return selectors.initiative_list(user=self.request.user, **filters)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            filter_form=self.filter_form,
            filtered=self.filtered,
            export_query=query_without_page(self.request),
            **kwargs,
        )


@login_required
def initiative_export(request):
    if not permissions.can_export(request.user):
        raise PermissionDenied
    _form, filters = list_filters(request)
    initiatives = selectors.initiative_list(user=request.user, **filters).prefetch_related(
        "directives__conclusion__conference"
    )
    rows = exports.initiative_rows(initiatives.iterator(chunk_size=exports.CHUNK_SIZE))
    return spreadsheets.xlsx_response(
        "cong-trinh-thanh-nien.xlsx", "Công trình thanh niên", exports.initiative_columns(), rows
    )


class InitiativeFormMixin(ServiceFormMixin):
    template_name = "initiatives/initiative_form.html"
    form_class = InitiativeForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def service_kwargs(self, data: dict) -> dict:
        return {
            "by": self.request.user,
            "details": {name: data.get(name) for name in services.DETAIL_FIELDS},
            "members": data.get("members") or [],
            "directives": data.get("directives") or [],
        }


class InitiativeCreateView(PermissionRuleMixin, InitiativeFormMixin, FormView):
    permission_rule = permissions.can_register

    def get_initial(self):
        initial = super().get_initial()
        units = list(permissions.registrable_units(self.request.user)[:2])
        if len(units) == 1:  # a member of one unit registers for it
            initial["unit"] = units[0]
        initial["person_in_charge"] = self.request.user
        return initial

    def perform(self, data):
        initiative = services.initiative_register(**self.service_kwargs(data))
        messages.success(self.request, _("The initiative “%(name)s” is registered.") % {"name": initiative.name})
        return redirect(initiative)

    def get_context_data(self, **kwargs):
        return super().get_context_data(heading=_("Register a youth initiative"), **kwargs)


class InitiativeEditView(LoginRequiredMixin, InitiativeFormMixin, FormView):
    @cached_property
    def initiative(self) -> Initiative:
        return permissions.get_initiative_for_worker(self.request.user, self.kwargs["pk"])

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.initiative  # noqa: B018 (403 or 404 before any form is built)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.initiative}

    def perform(self, data):
        initiative = services.initiative_edit(
            initiative=self.initiative, version=data.get("version"), **self.service_kwargs(data)
        )
        messages.success(self.request, _("Your changes have been saved."))
        return redirect(initiative)

    def get_context_data(self, **kwargs):
        return super().get_context_data(heading=_("Edit the initiative"), initiative=self.initiative, **kwargs)


class InitiativeDetailView(DetailView):
    template_name = "initiatives/initiative_detail.html"
    context_object_name = "initiative"

    def get_object(self, queryset=None):
        return selectors.initiative_for_page(user=self.request.user, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        initiative, user = self.object, self.request.user
        context["can_work_on"] = permissions.can_work_on(user, initiative)
        context["can_see_members"] = permissions.can_see_members(user)
        context["actions"] = [(name, STEP_LABELS[name]) for name in permissions.available_actions(user, initiative)]
        context["updates"] = list(initiative.updates.all())
        context["directives"] = list(initiative.directives.all())
        context["members"] = list(initiative.members.all()) if context["can_see_members"] else []
        if context["can_work_on"] and initiative.status in Initiative.Status.ACTIVE:
            context["form"] = kwargs.get("form") or InitiativeUpdateForm()
        return context


class InitiativeUpdateView(LoginRequiredMixin, View):
    """POST a progress update (the form is on the initiative's page)."""

    def get(self, request, *args, **kwargs):
        initiative = permissions.get_initiative_for_worker(request.user, kwargs["pk"])
        return redirect(reverse("initiatives:detail", args=[initiative.pk]) + "#update")

    def post(self, request, *args, **kwargs):
        initiative = permissions.get_initiative_for_worker(request.user, kwargs["pk"])
        form = InitiativeUpdateForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.initiative_post_update(
                    initiative=initiative,
                    author=request.user,
                    note=form.cleaned_data["note"],
                    photos=form.cleaned_data["photos"],
                    evidence=form.cleaned_data.get("evidence"),
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Your progress update has been posted."))
                return redirect(initiative)
        view = InitiativeDetailView()
        view.setup(request, pk=initiative.pk)
        view.object = view.get_object()
        return render(request, InitiativeDetailView.template_name, view.get_context_data(form=form), status=400)


STEP_LABELS = {
    "start": gettext_lazy("Start"),
    "complete": gettext_lazy("Report completed"),
    "recognise": gettext_lazy("Record the recognition"),
    "cancel": gettext_lazy("Cancel the initiative"),
}
STEP_HEADINGS = {
    "start": gettext_lazy("Start the initiative"),
    "complete": gettext_lazy("Report the initiative completed"),
    "recognise": gettext_lazy("Record the initiative's recognition"),
    "cancel": gettext_lazy("Cancel the initiative"),
}
STEP_DONE = {
    "start": gettext_lazy("The initiative is in progress."),
    "complete": gettext_lazy("The initiative is reported completed."),
    "recognise": gettext_lazy("The recognition is recorded."),
    "cancel": gettext_lazy("The initiative is cancelled."),
}


class InitiativeStepView(LoginRequiredMixin, View):
    """GET shows the step's form (what it needs: a result, a decision, a reason); POST takes the step."""

    template_name = "initiatives/initiative_step.html"

    def setup_objects(self):
        action = self.kwargs["action"]
        self.initiative = permissions.get_initiative_for_action(self.request.user, self.kwargs["pk"], action)
        self.action = action

    def render(self, form, status=200):
        context = {
            "initiative": self.initiative,
            "form": form,
            "action": self.action,
            "heading": STEP_HEADINGS[self.action],
            "submit_label": STEP_LABELS[self.action],
            "possible": self.initiative.status in permissions.TRANSITIONS[self.action][0],
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, *args, **kwargs):
        self.setup_objects()
        return self.render(STEP_FORMS[self.action]())

    def post(self, request, *args, **kwargs):
        self.setup_objects()
        form = STEP_FORMS[self.action](request.POST)
        if not form.is_valid():
            return self.render(form, status=400)
        data = form.cleaned_data
        user, initiative = request.user, self.initiative
        try:
            if self.action == "start":
                services.initiative_start(initiative=initiative, by=user, note=data["note"])
            elif self.action == "complete":
                services.initiative_complete(
                    initiative=initiative, by=user, result=data["result"], completed_on=data["completed_on"]
                )
            elif self.action == "recognise":
                services.initiative_recognise(
                    initiative=initiative,
                    by=user,
                    level=data["level"],
                    decision_number=data["decision_number"],
                    decision_date=data["decision_date"],
                )
            else:
                services.initiative_cancel(initiative=initiative, by=user, reason=data["reason"])
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.render(form, status=400)
        messages.success(request, STEP_DONE[self.action])
        return redirect(initiative)


@login_required
def evidence_download(request, pk: int):
    """The evidence file of an update, as a download (never shown inline), to those who may read the initiative."""
    update = permissions.get_update_for_evidence_reader(request.user, pk)
    return attachment_response(update.evidence, update.evidence_name)
