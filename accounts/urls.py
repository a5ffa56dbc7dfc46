from django.urls import path

from accounts import views

app_name = "accounts"
urlpatterns = [
    path("profile/", views.ProfileView.as_view(), name="profile"),
    path("members/", views.MemberListView.as_view(), name="members"),
    path("members/new/", views.MemberCreateView.as_view(), name="member_new"),
    path("members/import/", views.MemberImportView.as_view(), name="member_import"),
    path("members/import/confirm/", views.MemberImportConfirmView.as_view(), name="member_import_confirm"),
]
