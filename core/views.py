"""Views that belong to no domain: health, uploaded files, and the server error page."""

import mimetypes
import sys

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin, UserPassesTestMixin
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.db.models import Count
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template import loader
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django.views.generic import ListView
from django.views.static import serve

from core import permissions, services
from core.forms import add_service_errors, rebase_stale_form
from core.models import OutboxMessage
from core.stale import StaleEditError


def media(request, path):
    """Uploaded files, when the app serves them itself (development, small installs); a web server does it better."""
    if not settings.SERVE_MEDIA:
        raise Http404
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    if path.startswith(PUBLIC_MEDIA_PREFIXES):
        # A replaced photo or thumbnail is stored under a new name, so browsers may keep these for long.
        response["Cache-Control"] = f"public, max-age={MEDIA_MAX_AGE}"
    return response


PUBLIC_MEDIA_PREFIXES = ("conferences/photos/", "conferences/thumbnails/")
MEDIA_MAX_AGE = 30 * 24 * 3600


def attachment_response(file, original_name: str = "") -> FileResponse:
    """An uploaded file as a download under its original name, never shown inline; 404 when it is gone."""
    try:
        handle = file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    name = original_name or file.name.rsplit("/", 1)[-1]
    content_type = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
    response = FileResponse(handle, as_attachment=True, filename=name, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@never_cache
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return HttpResponse("database unavailable", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")


@never_cache
def readyz(request):
    """Whether this server can do its work: the database, the cache and the task queue, as JSON; 503 if one is not.

    The queue is down when the oldest e-mail still waiting is older than READYZ_MAX_QUEUE_SECONDS: no worker runs.
    """
    checks = {}
    try:
        oldest = (
            OutboxMessage.objects.filter(status=OutboxMessage.Status.QUEUED, next_attempt_at__lte=timezone.now())
            .order_by("next_attempt_at")
            .values_list("next_attempt_at", flat=True)
            .first()
        )
        checks["database"] = {"ok": True}
        age = (timezone.now() - oldest).total_seconds() if oldest else 0
        checks["tasks"] = {"ok": age <= settings.READYZ_MAX_QUEUE_SECONDS, "oldest_waiting_seconds": round(age)}
    except DatabaseError as error:
        checks["database"] = {"ok": False, "error": type(error).__name__}
        checks["tasks"] = {"ok": False, "error": "database unavailable"}
    try:
        cache.set("readyz", "1", timeout=10)
        checks["cache"] = {"ok": cache.get("readyz") == "1"}
    except Exception as error:  # any backend's connection error: the answer is "not ready", never a 500
        checks["cache"] = {"ok": False, "error": type(error).__name__}
    ready = all(check["ok"] for check in checks.values())
    return JsonResponse({"ready": ready, "checks": checks}, status=200 if ready else 503)


def server_error(request):
    """500, or 503 while the database is unreachable: a clean page that never needs the database itself."""
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = "30"
        return response
    return defaults.server_error(request)


class PermissionRuleMixin(LoginRequiredMixin, UserPassesTestMixin):
    """Anonymous users are sent to log in; a logged-in user for whom `permission_rule(user)` is false gets 403.

    `permission_rule` is one of the named predicates of an app's permissions module.
    """

    permission_rule = None

    def test_func(self):
        return type(self).permission_rule(self.request.user)


class ServiceFormMixin:
    """For a FormView whose valid form goes to one service: `perform(data)` calls it and returns the response.

    A ValidationError from the service shows on the form (on the field it names); a stale edit keeps what the user
    typed, says why nothing was saved and answers 409, so that saving again replaces the other change knowingly.
    """

    def perform(self, data: dict) -> HttpResponse:
        raise NotImplementedError

    def form_valid(self, form):
        try:
            return self.perform(form.cleaned_data)
        except StaleEditError as error:
            rebase_stale_form(form, error, error.current_version)
            return self.render_to_response(self.get_context_data(form=form), status=409)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)


class OutboxView(PermissionRuleMixin, ListView):
    """/outbox/: the portal's e-mails, newest first, with a filter by status."""

    permission_rule = permissions.can_see_outbox
    template_name = "core/outbox.html"
    context_object_name = "messages_sent"
    paginate_by = 50

    def get_queryset(self):
        self.status = self.request.GET.get("status", "")
        queryset = OutboxMessage.objects.all()
        if self.status in OutboxMessage.Status.values:
            queryset = queryset.filter(status=self.status)
        return queryset

    def get_context_data(self, **kwargs):
        counts = dict(OutboxMessage.objects.values_list("status").annotate(n=Count("pk")).order_by())
        return super().get_context_data(
            status=self.status,
            status_counts=[(value, label, counts.get(value, 0)) for value, label in OutboxMessage.Status.choices],
            **kwargs,
        )


@require_POST
@login_required
def outbox_retry(request, pk: int):
    if not permissions.can_see_outbox(request.user):
        raise PermissionDenied
    message = get_object_or_404(OutboxMessage, pk=pk)
    try:
        services.outbox_message_retry(message=message)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The e-mail is queued again."))
    return redirect("outbox")
