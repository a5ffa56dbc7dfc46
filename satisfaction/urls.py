from django.urls import path

from satisfaction import views

app_name = "satisfaction"

urlpatterns = [
    path("<int:pk>/rating/", views.RatingView.as_view(), name="rate"),
    path("<int:pk>/reopen/", views.ReopenView.as_view(), name="reopen"),
]
