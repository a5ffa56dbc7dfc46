"""Follow-up URLs: answers under /questions/<id>/, the directives board, one directive, and the dashboard."""

from django.urls import path

from questions import views

app_name = "followup"
urlpatterns = [
    path("questions/<int:pk>/answer/", views.AnswerCreateView.as_view(), name="answer"),
    path("questions/<int:pk>/answer/<int:answer_pk>/edit/", views.AnswerCorrectView.as_view(), name="answer_correct"),
    path("directives/", views.DirectiveListView.as_view(), name="directives"),
    path("directives/export.csv", views.directive_export, {"fmt": "csv"}, name="directives_export_csv"),
    path("directives/export.xlsx", views.directive_export, {"fmt": "xlsx"}, name="directives_export_xlsx"),
    path("directives/<int:pk>/", views.DirectiveDetailView.as_view(), name="directive"),
    path("directives/<int:pk>/update/", views.DirectiveUpdateView.as_view(), name="directive_update"),
    path(
        "directives/<int:pk>/confirm/",
        views.DirectiveReviewView.as_view(),
        {"action": "confirm"},
        name="directive_confirm",
    ),
    path(
        "directives/<int:pk>/send-back/",
        views.DirectiveReviewView.as_view(),
        {"action": "send_back"},
        name="directive_send_back",
    ),
    path("directives/evidence/<int:pk>/", views.evidence_download, name="evidence"),
    path("dashboard/", views.DashboardView.as_view(), name="dashboard"),
    path("dashboard/export.csv", views.dashboard_export, {"fmt": "csv"}, name="dashboard_export_csv"),
    path("dashboard/export.xlsx", views.dashboard_export, {"fmt": "xlsx"}, name="dashboard_export_xlsx"),
]
