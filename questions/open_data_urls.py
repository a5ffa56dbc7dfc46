"""/open-data/: the open-data page and its ZIP of CSV files."""

from django.urls import path

from questions.views.opendata import OpenDataView, open_data_zip

app_name = "open_data"
urlpatterns = [
    path("", OpenDataView.as_view(), name="index"),
    path("portal.zip", open_data_zip, name="zip"),
]
