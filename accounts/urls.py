from django.urls import path

from accounts import views

app_name = "accounts"
urlpatterns = [
    path("profile/", views.ProfileView.as_view(), name="profile"),
    path("members/", views.MemberListView.as_view(), name="members"),
    path("members/new/", views.MemberCreateView.as_view(), name="member_new"),
    path("members/import/", views.MemberImportView.as_view(), name="member_import"),
    path("members/import/confirm/", views.MemberImportConfirmView.as_view(), name="member_import_confirm"),
    path("members/import/template.xlsx", views.MemberImportTemplateView.as_view(), name="member_import_template"),
    path("members/<int:pk>/edit/", views.MemberEditView.as_view(), name="member_edit"),
    path("members/<int:pk>/deactivate/", views.MemberActiveView.as_view(active=False), name="member_deactivate"),
    path("members/<int:pk>/reactivate/", views.MemberActiveView.as_view(active=True), name="member_reactivate"),
    path("members/<int:pk>/password-link/", views.MemberPasswordLinkView.as_view(), name="member_password_link"),
]
