from django.urls import path

from questions import views

app_name = "questions"
urlpatterns = [
    path("<int:pk>/", views.QuestionDetailView.as_view(), name="detail"),
]
