from django.contrib import admin
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _

from api.views import api
from conferences import views as conference_views
from core import views as core_views
from documents import views as documents_views
from questions import views as questions_views

admin.site.site_header = _("Dialogue Portal administration")
admin.site.site_title = _("Dialogue Portal")
admin.site.index_title = _("Records")

handler500 = "core.views.server_error"

urlpatterns = [
    path("", conference_views.HomeView.as_view(), name="home"),
    path("help/", conference_views.HelpView.as_view(), name="help"),
    path("healthz", core_views.healthz, name="healthz"),
    path("readyz", core_views.readyz, name="readyz"),
    path("outbox/", core_views.OutboxView.as_view(), name="outbox"),
    path("outbox/<int:pk>/retry/", core_views.outbox_retry, name="outbox_retry"),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("conferences/", include("conferences.urls")),
    path("conferences/<slug:slug>/documents/", include("documents.urls")),
    path("conferences/<slug:slug>/", include("questions.conference_urls")),
    path("conferences/<slug:slug>/", include("polls.urls")),
    path("units/", include("conferences.unit_urls")),
    path("s/<int:pk>/", questions_views.short_submit_link, name="short_submit"),
    path("questions/", include("questions.urls")),
    path("questions/", include("satisfaction.urls")),
    path(
        "settings/organization/",
        documents_views.OrganizationProfileView.as_view(),
        name="organization_profile",
    ),
    path("notifications/", include("notifications.urls")),
    path("search/", include("search.urls")),
    path("feeds/", include("questions.feed_urls")),
    path("initiatives/", include("initiatives.urls")),
    path("api/v1/", api.urls),
    path("open-data/", include("questions.open_data_urls")),
    path("", include("questions.followup_urls")),
    re_path(r"^media/(?P<path>.+)$", core_views.media, name="media"),
]
