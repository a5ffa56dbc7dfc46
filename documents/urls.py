from django.urls import path, re_path

from documents import views

app_name = "documents"

KIND = r"(?P<kind>plan|invitation|minutes|notice|report)"

urlpatterns = [
    path("", views.DocumentListView.as_view(), name="list"),
    re_path(rf"^{KIND}\.(?P<ext>docx|pdf)$", views.document_file, name="file"),
    re_path(rf"^{KIND}/issue/$", views.IssueView.as_view(), name="issue"),
    re_path(rf"^{KIND}/v(?P<version>[0-9]{{1,4}})\.(?P<ext>docx|pdf|scan\.pdf)$", views.version_file, name="version"),
    re_path(rf"^{KIND}/v(?P<version>[0-9]{{1,4}})/scan/$", views.scan_upload, name="scan"),
]
