from django.urls import path

from initiatives import views

app_name = "initiatives"
urlpatterns = [
    path("", views.InitiativeListView.as_view(), name="list"),
    path("export.xlsx", views.initiative_export, name="export_xlsx"),
    path("new/", views.InitiativeCreateView.as_view(), name="create"),
    path("<int:pk>/", views.InitiativeDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.InitiativeEditView.as_view(), name="edit"),
    path("<int:pk>/update/", views.InitiativeUpdateView.as_view(), name="update"),
    path("<int:pk>/<slug:action>/", views.InitiativeStepView.as_view(), name="step"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence"),
]
