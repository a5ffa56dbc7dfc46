"""Concern pages that live under a conference: /conferences/<slug>/questions/, moderate/, live/, conclusion/."""

from django.urls import path

from questions import views
from questions.feeds import AnswersFeed, ConclusionsFeed

app_name = "conference_questions"
urlpatterns = [
    path("questions/", views.ConferenceQuestionListView.as_view(), name="list"),
    path("questions/export.csv", views.concern_export, {"fmt": "csv"}, name="export_csv"),
    path("questions/export.xlsx", views.concern_export, {"fmt": "xlsx"}, name="export_xlsx"),
    path("questions/new/", views.QuestionSubmitView.as_view(), name="new"),
    path("moderate/", views.ModerationView.as_view(), name="moderate"),
    path("moderate/bulk/", views.moderate_bulk, name="moderate_bulk"),
    path("moderate/<int:pk>/approve/", views.moderate_action, {"action": "approve"}, name="moderate_approve"),
    path("moderate/<int:pk>/reject/", views.moderate_action, {"action": "reject"}, name="moderate_reject"),
    path("moderate/<int:pk>/merge/", views.moderate_action, {"action": "merge"}, name="moderate_merge"),
    path("moderate/<int:pk>/classify/", views.moderate_action, {"action": "classify"}, name="moderate_classify"),
    path("moderate/<int:pk>/edit/", views.ModeratorEditView.as_view(), name="moderate_edit"),
    path("conclusion/", views.ConclusionView.as_view(), name="conclusion"),
    path("conclusion/edit/", views.ConclusionEditView.as_view(), name="conclusion_edit"),
    path("conclusion/publish/", views.ConclusionPublishView.as_view(), name="conclusion_publish"),
    path("carry-over/", views.CarryOverView.as_view(), name="carry_over"),
    path("feeds/answers/", AnswersFeed(), name="feed_answers"),
    path("feeds/conclusions/", ConclusionsFeed(), name="feed_conclusions"),
    path("live/", views.LiveView.as_view(), name="live"),
    path("live/feed/", views.live_feed_view, name="live_feed"),
    path("live/console/", views.LiveConsoleView.as_view(), name="live_console"),
    path("live/console/<int:pk>/<slug:action>/", views.live_console_action, name="live_action"),
]
