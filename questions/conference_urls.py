"""Concern pages that live under a conference: /conferences/<slug>/questions/, moderate/, live/, conclusion/."""

from django.urls import path  # noqa: F401

app_name = "conference_questions"
urlpatterns = []
