"""The user's notifications: the list, opening one (marks it read and goes where it points), marking all read."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django.views.generic import ListView

from notifications import permissions, selectors, services
from notifications.forms import EmailPreferencesForm


class NotificationListView(LoginRequiredMixin, ListView):
    template_name = "notifications/notification_list.html"
    context_object_name = "notifications"
    paginate_by = 25

    def get_queryset(self):
        return selectors.notifications_for(user=self.request.user)


@require_GET
@login_required
def notification_open(request, pk: int):
    """A link of the list (or of an e-mail): the notification is read once opened; its address is a path here."""
    notification = permissions.get_notification_for_recipient(request.user, pk)
    services.notification_open(notification=notification)
    url = notification.url
    if not url.startswith("/") or not url_has_allowed_host_and_scheme(url, allowed_hosts=None):
        url = "notifications:list"
    return redirect(url)


@require_POST
@login_required
def mark_all_read(request):
    count = services.notifications_mark_all_read(user=request.user)
    if count:
        messages.success(request, _("All notifications are marked read."))
    return redirect("notifications:list")


@require_POST
@login_required
def email_preferences(request):
    form = EmailPreferencesForm(request.POST)
    if form.is_valid():
        services.email_preferences_save(user=request.user, email_kinds=form.cleaned_data["email_kinds"])
        messages.success(request, _("Your e-mail settings have been saved."))
    else:
        messages.error(request, _("Choose among the kinds listed."))
    return redirect(reverse("accounts:profile") + "#email-notifications")
