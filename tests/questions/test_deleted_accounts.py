"""Pages still show a record whose author's account was deleted (the foreign key is set to null)."""

import pytest
from django.urls import reverse

from questions.models import Question
from tests.factories import (
    AnswerFactory,
    ConclusionFactory,
    DirectiveFactory,
    DirectiveUpdateFactory,
    QuestionFactory,
    organizer,
)

pytestmark = pytest.mark.django_db


def test_answer_and_update_whose_accounts_were_deleted_still_show(client):
    question = QuestionFactory(status=Question.Status.ANSWERED)
    answer = AnswerFactory(question=question, recorded_by=organizer())
    answer.recorded_by.delete()
    directive = DirectiveFactory(conclusion=ConclusionFactory(conference=question.conference, is_published=True))
    update = DirectiveUpdateFactory(directive=directive)
    update.author.delete()
    client.force_login(organizer())
    assert client.get(question.get_absolute_url()).status_code == 200
    assert client.get(reverse("followup:directive", args=[directive.pk])).status_code == 200
    assert client.get(reverse("followup:directives")).status_code == 200
    assert client.get(question.conference.get_absolute_url()).status_code == 200
    assert client.get(reverse("home")).status_code == 200
    pending = QuestionFactory(conference=question.conference, status=Question.Status.PENDING)
    pending.author.delete()
    moderation = client.get(reverse("conference_questions:moderate", args=[question.conference.slug]))
    assert moderation.status_code == 200
    assert pending.title in moderation.text
