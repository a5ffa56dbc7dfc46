"""Site-wide Atom feeds: /feeds/answers/ and /feeds/conclusions/ (per conference under /conferences/<slug>/feeds/)."""

from django.urls import path

from questions.feeds import AnswersFeed, ConclusionsFeed

app_name = "feeds"
urlpatterns = [
    path("answers/", AnswersFeed(), name="answers"),
    path("conclusions/", ConclusionsFeed(), name="conclusions"),
]
