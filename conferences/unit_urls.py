from django.urls import path

from conferences import views

app_name = "units"
urlpatterns = [
    path("", views.UnitListView.as_view(), name="list"),
    path("new/", views.UnitCreateView.as_view(), name="create"),
    path("<int:pk>/edit/", views.UnitUpdateView.as_view(), name="edit"),
    path("<int:pk>/liaisons/", views.UnitLiaisonsView.as_view(), name="liaisons"),
    path("<int:pk>/liaisons/<int:liaison_pk>/remove/", views.LiaisonRemoveView.as_view(), name="liaison_remove"),
    path("<int:pk>/<slug:action>/", views.UnitActionView.as_view(), name="action"),
]
