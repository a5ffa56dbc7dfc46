"""/dashboard/: statistics for leaders and organizers, per conference and across years."""

from django.contrib.auth.mixins import LoginRequiredMixin, UserPassesTestMixin
from django.views.generic import TemplateView

from conferences.models import Conference
from questions import permissions
from questions.forms_followup import DashboardFilterForm
from questions.selectors.dashboard import dashboard_stats


def dashboard_filter(request) -> tuple[DashboardFilterForm, Conference | None]:
    """The conference the figures are for (None: every conference; a junk value counts as none)."""
    form = DashboardFilterForm(request.GET or None, conferences=Conference.objects.order_by("-starts_at"))
    return form, (form.cleaned_data["conference"] if form.is_valid() else None)


class DashboardView(LoginRequiredMixin, UserPassesTestMixin, TemplateView):
    """Leaders and organizers only: anonymous users are sent to log in, members get 403."""

    template_name = "questions/dashboard/dashboard.html"

    def test_func(self):
        return permissions.can_see_statistics(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form, conference = dashboard_filter(self.request)
        context.update({"form": form, "conference": conference, **dashboard_stats(conference=conference)})
        context["export_query"] = f"conference={conference.pk}" if conference else ""
        return context
