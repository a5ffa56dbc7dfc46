"""Views that belong to no domain: health, uploaded files, and the server error page."""

import sys

from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin, UserPassesTestMixin
from django.core.exceptions import ValidationError
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import Http404, HttpResponse
from django.template import loader
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.static import serve

from core.forms import add_service_errors, rebase_stale_form
from core.stale import StaleEditError


def media(request, path):
    """Uploaded files, when the app serves them itself (development, small installs); a web server does it better."""
    if not settings.SERVE_MEDIA:
        raise Http404
    return serve(request, path, document_root=settings.MEDIA_ROOT)


@never_cache
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return HttpResponse("database unavailable", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")


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
