from django.urls import path

from notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.NotificationListView.as_view(), name="list"),
    path("read-all/", views.mark_all_read, name="read_all"),
    path("<int:pk>/", views.notification_open, name="open"),
    path("email/", views.email_preferences, name="email_preferences"),
]
