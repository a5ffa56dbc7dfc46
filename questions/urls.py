from django.urls import path

from questions import views

app_name = "questions"
urlpatterns = [
    path("mine/", views.MyQuestionsView.as_view(), name="mine"),
    path("to-answer/", views.AnswerQueueView.as_view(), name="to_answer"),
    path("<int:pk>/", views.QuestionDetailView.as_view(), name="detail"),
    path("<int:pk>/submitted/", views.QuestionSubmittedView.as_view(), name="submitted"),
    path("<int:pk>/edit/", views.QuestionUpdateView.as_view(), name="edit"),
    path("<int:pk>/withdraw/", views.QuestionWithdrawView.as_view(), name="withdraw"),
    path("<int:pk>/support/", views.support_toggle_view, name="support"),
    path("<int:pk>/assign/", views.QuestionAssignView.as_view(), name="assign"),
    path("<int:pk>/draft/", views.AnswerDraftView.as_view(), name="draft"),
]
