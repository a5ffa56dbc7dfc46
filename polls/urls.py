"""Live polls and the closing survey of a conference: /conferences/<slug>/polls/ and /conferences/<slug>/survey/."""

from django.urls import path

from polls import views

app_name = "polls"
urlpatterns = [
    path("polls/", views.PollListView.as_view(), name="list"),
    path("polls/new/", views.PollCreateView.as_view(), name="new"),
    path("polls/<int:pk>/edit/", views.PollEditView.as_view(), name="edit"),
    path("polls/<int:pk>/delete/", views.poll_delete, name="delete"),
    path("polls/<int:pk>/vote/", views.poll_vote, name="vote"),
    path("polls/<int:pk>/<slug:action>/", views.poll_action, name="action"),
    path("survey/", views.SurveyView.as_view(), name="survey"),
    path("survey/edit/", views.SurveyEditView.as_view(), name="survey_edit"),
    path("survey/results/", views.SurveyResultsView.as_view(), name="survey_results"),
]
