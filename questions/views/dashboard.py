"""/dashboard/: statistics for leaders and organizers, per conference and across years."""

from django.contrib.auth.mixins import LoginRequiredMixin, UserPassesTestMixin
from django.views.generic import TemplateView

from conferences.models import Conference
from questions import permissions
from questions.forms_followup import DashboardFilterForm
from questions.selectors.dashboard import dashboard_stats


class DashboardView(LoginRequiredMixin, UserPassesTestMixin, TemplateView):
    """Leaders and organizers only: anonymous users are sent to log in, members get 403."""

    template_name = "questions/dashboard/dashboard.html"

    def test_func(self):
        return permissions.can_see_statistics(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = DashboardFilterForm(self.request.GET or None, conferences=Conference.objects.order_by("-starts_at"))
        conference = form.cleaned_data["conference"] if form.is_valid() else None
        context.update({"form": form, "conference": conference, **dashboard_stats(conference=conference)})
        return context
