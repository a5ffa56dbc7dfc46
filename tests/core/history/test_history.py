"""Audit history (django-simple-history) on every domain model, and no lost updates on the edit forms."""

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse

from conferences.models import Conference, Unit
from questions import services
from questions.models import Answer, Directive, LiveState, Question
from questions.services import live
from tests.factories import (
    AnswerFactory,
    ConferenceFactory,
    DirectiveFactory,
    ParticipantFactory,
    QuestionFactory,
    TopicFactory,
    leader,
    member,
    organizer,
)

pytestmark = pytest.mark.django_db

PENDING = Question.Status.PENDING
TRACKED = [
    "conferences.Unit",
    "conferences.Profile",
    "conferences.Conference",
    "conferences.Participant",
    "conferences.AgendaItem",
    "conferences.Photo",
    "questions.Topic",
    "questions.Question",
    "questions.Answer",
    "questions.AnswerDraft",
    "questions.Conclusion",
    "questions.Directive",
    "questions.DirectiveUpdate",
]


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = "en"
    return client


# --- history on every domain model -----------------------------------------------------------------------------------


@pytest.mark.parametrize("label", TRACKED)
def test_domain_model_has_history_when_tracked(label):
    model = apps.get_model(label)
    assert hasattr(model, "history"), label


def test_question_history_excludes_noise_fields():
    fields = {f.name for f in Question.history.model._meta.fields}
    assert {"title", "body", "status", "live_state", "version"} <= fields
    assert not {"search_text", "support_count", "live_changed_at"} & fields


def test_factory_save_writes_created_record():
    question = QuestionFactory()
    assert [r.history_type for r in question.history.all()] == ["+"]


# --- history written by views (history_user from the request) and by services ----------------------------------------


def _edit_data(question: Question, **overrides) -> dict:
    data = {
        "topic": question.topic_id or TopicFactory().pk,
        "addressed_to_unit": "",
        "title": question.title,
        "body": question.body,
        "version": question.version,
    }
    data.update(overrides)
    return data


def test_question_edit_by_author_writes_history_with_request_user():
    question = QuestionFactory(status=PENDING, topic=TopicFactory())
    response = _client(question.author).post(
        reverse("questions:edit", args=[question.pk]), _edit_data(question, title="Tiêu đề đã sửa")
    )
    assert response.status_code == 302
    record = question.history.first()
    assert record.history_type == "~"
    assert record.history_user == question.author
    assert record.title == "Tiêu đề đã sửa"


def test_moderator_edit_writes_history_with_request_user():
    question = QuestionFactory(status=PENDING)
    moderator = organizer()
    url = reverse("conference_questions:moderate_edit", args=[question.conference.slug, question.pk])
    response = _client(moderator).post(url, _edit_data(question, title="Tiêu đề rõ hơn"))
    assert response.status_code == 302
    titles = {(r.title, r.history_user_id) for r in question.history.all()}
    assert ("Tiêu đề rõ hơn", moderator.pk) in titles


def test_bulk_approve_view_writes_one_record_per_concern():
    conference = ConferenceFactory()
    questions = QuestionFactory.create_batch(3, conference=conference, status=PENDING)
    moderator = organizer()
    response = _client(moderator).post(
        reverse("conference_questions:moderate_bulk", args=[conference.slug]),
        {"action": "approve", "questions": [q.pk for q in questions]},
    )
    assert response.status_code == 302
    for question in questions:
        record = question.history.first()
        assert record.status == Question.Status.APPROVED
        assert record.history_user == moderator


def test_live_set_now_answering_records_the_concern_leaving_the_screen():
    conference = ConferenceFactory(status=Conference.Status.IN_SESSION)
    first, second = QuestionFactory.create_batch(2, conference=conference)
    moderator = organizer()
    live.live_set_now_answering(conference=conference, question=first, moderator=moderator)
    live.live_set_now_answering(conference=conference, question=second, moderator=moderator)
    states = [r.live_state for r in first.history.order_by("history_date", "history_id")]
    assert states[-2:] == [LiveState.ON_SCREEN, LiveState.QUEUED]


def test_live_mark_answered_records_the_concern_back_in_the_queue():
    conference = ConferenceFactory(status=Conference.Status.IN_SESSION)
    question = QuestionFactory(conference=conference)
    responder = ParticipantFactory(conference=conference)
    moderator = organizer()
    live.live_set_now_answering(conference=conference, question=question, moderator=moderator)
    live.live_mark_answered(conference=conference, question=question, responder=responder, recorded_by=moderator)
    latest = question.history.first()
    assert latest.live_state == LiveState.QUEUED
    assert latest.status == Question.Status.ANSWERED
    assert Answer.history.filter(question_id=question.pk, history_type="+").count() == 1


def test_queryset_delete_of_directives_writes_deletion_records():
    directives = DirectiveFactory.create_batch(2)
    Directive.objects.filter(pk__in=[d.pk for d in directives]).delete()
    assert Directive.history.filter(history_type="-").count() == 2


def test_answer_correct_writes_history_and_raises_version():
    answer = AnswerFactory()
    services.answer_correct(answer=answer, corrected_by=organizer(), body="Nội dung đã sửa.", version=answer.version)
    answer.refresh_from_db()
    assert answer.version == 2
    assert [r.body for r in answer.history.all()][:2] == [
        "Nội dung đã sửa.",
        "Lãnh đạo Sở ghi nhận và sẽ bố trí kinh phí trong năm.",
    ]


def test_unit_admin_change_writes_history_with_request_user(admin_client, admin_user):
    unit = Unit.objects.create(name="Phòng Tổ chức")
    response = admin_client.post(
        reverse("admin:conferences_unit_change", args=[unit.pk]),
        {"name": "Phòng Tổ chức cán bộ", "short_name": "", "kind": "division", "parent": "", "is_active": "on"},
    )
    assert response.status_code == 302, response.content[:2000]
    record = unit.history.first()
    assert record.name == "Phòng Tổ chức cán bộ" and record.history_user == admin_user


def test_admin_history_page_lists_the_audit_trail(admin_client):
    question = QuestionFactory(title="Tiêu đề ban đầu")
    question.title = "Tiêu đề sau khi sửa"
    question.save()
    response = admin_client.get(reverse("admin:questions_question_history", args=[question.pk]))
    assert response.status_code == 200
    assert "Tiêu đề sau khi sửa" in response.content.decode()
    assert response.context["revert_disabled"] is True


def test_admin_history_page_of_untracked_model_still_loads(admin_client):
    from tests.factories import SupportFactory

    support = SupportFactory()
    response = admin_client.get(reverse("admin:questions_support_history", args=[support.pk]))
    assert response.status_code == 200


# --- no lost updates --------------------------------------------------------------------------------------------------


def test_concern_edit_stale_save_refused():
    question = QuestionFactory(status=PENDING, topic=TopicFactory(), title="Bản gốc")
    first, second = _client(question.author), _client(question.author)
    url = reverse("questions:edit", args=[question.pk])
    assert first.get(url).status_code == 200 and second.get(url).status_code == 200
    loaded = _edit_data(question)  # both tabs loaded version 1
    assert first.post(url, {**loaded, "title": "Bản của tab một"}).status_code == 302
    response = second.post(url, {**loaded, "title": "Bản của tab hai"})
    assert response.status_code == 409
    content = response.content.decode()
    assert "Someone else changed this concern while you were editing it" in content
    assert "Bản của tab hai" in content  # what the user typed is kept
    question.refresh_from_db()
    assert question.title == "Bản của tab một" and question.version == 2
    # The form is now based on the current version: saving again replaces the other change knowingly.
    assert response.context["form"].data["version"] == "2"
    assert second.post(url, {**loaded, "version": 2, "title": "Bản của tab hai"}).status_code == 302
    question.refresh_from_db()
    assert question.title == "Bản của tab hai" and question.version == 3


def test_moderator_edit_stale_save_refused():
    question = QuestionFactory(status=PENDING, title="Bản gốc")
    url = reverse("conference_questions:moderate_edit", args=[question.conference.slug, question.pk])
    first, second = _client(organizer()), _client(organizer())
    assert first.get(url).context["form"].initial["version"] == 1
    loaded = _edit_data(question, topic="")
    assert first.post(url, {**loaded, "title": "Sửa lần một"}).status_code == 302
    response = second.post(url, {**loaded, "title": "Sửa lần hai"})
    assert response.status_code == 409
    assert "Someone else changed this concern while you were editing it" in response.content.decode()
    question.refresh_from_db()
    assert question.title == "Sửa lần một"


def test_moderator_edit_makes_the_authors_open_form_stale():
    question = QuestionFactory(status=PENDING, topic=TopicFactory(), title="Bản gốc")
    loaded = _edit_data(question)
    url = reverse("conference_questions:moderate_edit", args=[question.conference.slug, question.pk])
    assert _client(organizer()).post(url, {**loaded, "title": "Rõ hơn"}).status_code == 302
    response = _client(question.author).post(reverse("questions:edit", args=[question.pk]), loaded)
    assert response.status_code == 409
    question.refresh_from_db()
    assert question.title == "Rõ hơn"


def test_answer_correction_stale_save_refused():
    answer = AnswerFactory()
    url = reverse("followup:answer_correct", args=[answer.question_id, answer.pk])
    first, second = _client(organizer()), _client(organizer())
    assert first.get(url).status_code == 200
    loaded = {"responder": answer.responder_id, "kind": answer.kind, "version": answer.version}
    assert first.post(url, {**loaded, "body": "Sửa lần một."}).status_code == 302
    response = second.post(url, {**loaded, "body": "Sửa lần hai."})
    assert response.status_code == 409
    content = response.content.decode()
    assert "Someone else corrected this answer while you were editing it" in content
    assert "Sửa lần hai." in content
    answer.refresh_from_db()
    assert answer.body == "Sửa lần một." and answer.version == 2
    assert answer.revisions.count() == 1


def test_question_update_service_refuses_stale_version():
    from django.core.exceptions import ValidationError

    question = QuestionFactory(status=PENDING, topic=TopicFactory())
    with pytest.raises(ValidationError) as error:
        services.question_update(
            question=question, author=question.author, title="Mới", body="Mới", topic=question.topic, version=7
        )
    assert error.value.error_list[0].code == "stale"
    question.refresh_from_db()
    assert question.version == 1 and question.title != "Mới"


def test_question_version_out_of_range_is_a_form_error():
    question = QuestionFactory(status=PENDING, topic=TopicFactory())
    response = _client(question.author).post(
        reverse("questions:edit", args=[question.pk]), _edit_data(question, version=2**40)
    )
    assert response.status_code == 200
    assert "version" in response.context["form"].errors


# --- the audit trail on the concern and directive pages --------------------------------------------------------------


def _with_history(obj, rows: int, field: str):
    for index in range(rows - 1):
        setattr(obj, field, f"{getattr(obj, field)} ({index})")
        obj.save()
    return obj


def test_concern_page_shows_audit_trail_to_organizer():
    question = QuestionFactory(title="Tiêu đề cũ")
    question.title = "Tiêu đề mới"
    question.save()
    response = _client(organizer()).get(question.get_absolute_url())
    content = response.content.decode()
    assert "Change history" in content
    assert "Title: “Tiêu đề cũ” → “Tiêu đề mới”" in content


@pytest.mark.parametrize("make_user", [member, leader])
def test_concern_page_hides_audit_trail_from_members_and_leaders(make_user):
    question = QuestionFactory()
    response = _client(make_user()).get(question.get_absolute_url())
    assert response.status_code == 200
    assert "Change history" not in response.content.decode()
    assert response.context["audit_trail"] is None


def test_directive_page_shows_audit_trail_to_organizer():
    directive = DirectiveFactory(content="Nội dung cũ")
    directive.content = "Nội dung mới"
    directive.save()
    content = _client(organizer()).get(reverse("followup:directive", args=[directive.pk])).content.decode()
    assert "Change history" in content
    assert "Content: “Nội dung cũ” → “Nội dung mới”" in content


def test_directive_page_hides_audit_trail_from_leader():
    directive = DirectiveFactory()
    response = _client(leader()).get(reverse("followup:directive", args=[directive.pk]))
    assert "Change history" not in response.content.decode()


@pytest.mark.parametrize("rows", [1, 30])
def test_concern_page_query_count_for_organizer(rows, django_assert_num_queries):
    question = _with_history(QuestionFactory(), rows, "title")
    client = _client(organizer())
    with django_assert_num_queries(QUERIES_CONCERN):
        response = client.get(question.get_absolute_url())
    assert len(response.context["audit_trail"]) == rows


@pytest.mark.parametrize("rows", [1, 30])
def test_directive_page_query_count_for_organizer(rows, django_assert_num_queries):
    directive = _with_history(DirectiveFactory(), rows, "content")
    client = _client(organizer())
    with django_assert_num_queries(QUERIES_DIRECTIVE):
        response = client.get(reverse("followup:directive", args=[directive.pk]))
    assert len(response.context["audit_trail"]) == rows


QUERIES_CONCERN = 11  # + the rating and the reopenings of the concern
QUERIES_DIRECTIVE = 10  # with the youth initiatives serving the directive
