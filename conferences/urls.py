from django.urls import path

from conferences import views

app_name = "conferences"
urlpatterns = [
    path("", views.ConferenceListView.as_view(), name="list"),
    path("calendar.ics", views.conferences_calendar_feed, name="calendar_feed"),
    path("new/", views.ConferenceCreateView.as_view(), name="create"),
    path("<slug:slug>/", views.ConferenceDetailView.as_view(), name="detail"),
    path("<slug:slug>/edit/", views.ConferenceEditView.as_view(), name="edit"),
    path("<slug:slug>/participants/export.csv", views.participant_export, {"fmt": "csv"}, name="participants_csv"),
    path("<slug:slug>/participants/export.xlsx", views.participant_export, {"fmt": "xlsx"}, name="participants_xlsx"),
    path("<slug:slug>/calendar.ics", views.conference_calendar, name="calendar"),
    path("<slug:slug>/actions/<slug:action>/", views.ConferenceActionView.as_view(), name="action"),
]
