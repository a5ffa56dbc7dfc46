import datetime as dt

import pytest
from django import forms
from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from conferences.models import AgendaItem, Conference, Liaison, Participant, Photo, Profile, Unit
from documents.models import IssuedDocument, NumberSequence, OrganizationProfile
from questions.models import (
    Answer,
    AnswerDraft,
    AnswerRevision,
    Conclusion,
    Directive,
    DirectiveReminder,
    DirectiveUpdate,
    Question,
    Support,
    Topic,
)
from tests.factories import (
    AgendaItemFactory,
    AnswerFactory,
    AnswerRevisionFactory,
    ConclusionFactory,
    ConferenceFactory,
    DirectiveFactory,
    DirectiveReminderFactory,
    DirectiveUpdateFactory,
    ParticipantFactory,
    PhotoFactory,
    QuestionFactory,
    SupportFactory,
    TopicFactory,
    UnitFactory,
    UserFactory,
    organizer,
)

pytestmark = pytest.mark.django_db

User = get_user_model()
DOMAIN_APPS = {"conferences", "questions", "documents"}


# --- one row "with related objects" per model: every foreign key the changelist shows is filled --------------------


def make_profile_of_organization():
    return OrganizationProfile.objects.get_or_create(
        singleton=1,
        defaults={"issuing_body": "SỞ NỘI VỤ", "code": "SNV", "place_name": "Hưng Yên", "chair_title": "GIÁM ĐỐC"},
    )[0]


def make_issued_document():
    from documents.services import document_issue

    if not OrganizationProfile.objects.exists():
        OrganizationProfile.objects.create(
            issuing_body="SỞ NỘI VỤ", code="SNV", place_name="Hưng Yên", chair_title="GIÁM ĐỐC"
        )
    conclusion = make_conclusion()
    return document_issue(conference=conclusion.conference, kind="notice", user=None, issued_on=dt.date(2023, 4, 3))


def make_unit():
    return UnitFactory(parent=UnitFactory())


def make_profile():
    profile = UserFactory().profile
    profile.unit = UnitFactory()
    profile.position = "Chuyên viên"
    profile.save()
    return profile


def make_conference():
    conference = ConferenceFactory(organizer_unit=UnitFactory())
    ParticipantFactory(conference=conference)
    QuestionFactory(conference=conference)
    return conference


def make_participant():
    return ParticipantFactory(unit=UnitFactory(), user=UserFactory())


def make_agenda_item():
    conference = ConferenceFactory()
    return AgendaItemFactory(conference=conference, presenter=ParticipantFactory(conference=conference))


def make_photo():
    return PhotoFactory()


def make_topic():
    topic = TopicFactory()
    QuestionFactory(topic=topic)
    return topic


def make_question():
    return QuestionFactory(
        topic=TopicFactory(), author_unit=UnitFactory(), addressed_to_unit=UnitFactory(), is_anonymous=True
    )


def make_support():
    return SupportFactory()


def make_answer():
    return AnswerFactory(recorded_by=UserFactory())


def make_conclusion():
    conclusion = ConclusionFactory()
    conclusion.signed_by = ParticipantFactory(conference=conclusion.conference, role=Participant.Role.CHAIR)
    conclusion.save()
    DirectiveFactory(conclusion=conclusion)
    return conclusion


def make_directive():
    directive = DirectiveFactory(deadline=timezone.localdate() - dt.timedelta(days=1))
    directive.support_units.add(UnitFactory())
    directive.related_questions.add(QuestionFactory(conference=directive.conclusion.conference))
    return directive


def make_directive_update():
    return DirectiveUpdateFactory()


def make_liaison():
    return Liaison.objects.create(unit=UnitFactory(), user=UserFactory())


MAKERS = {
    Unit: make_unit,
    Liaison: make_liaison,
    Profile: make_profile,
    Conference: make_conference,
    Participant: make_participant,
    AgendaItem: make_agenda_item,
    Photo: make_photo,
    Topic: make_topic,
    Question: make_question,
    Support: make_support,
    Answer: make_answer,
    Conclusion: make_conclusion,
    Directive: make_directive,
    DirectiveUpdate: make_directive_update,
    AnswerRevision: lambda: AnswerRevisionFactory(),
    AnswerDraft: lambda: AnswerDraft.objects.create(question=QuestionFactory(), body="Dự thảo trả lời"),
    DirectiveReminder: lambda: DirectiveReminderFactory(),
    OrganizationProfile: lambda: make_profile_of_organization(),
    NumberSequence: lambda: NumberSequence.objects.get_or_create(code="SNV", year=2022, defaults={"last_number": 3})[0],
    IssuedDocument: make_issued_document,
}

DOMAIN_MODELS = sorted(
    (model for model in admin.site._registry if model._meta.app_label in DOMAIN_APPS), key=lambda m: m._meta.label
)


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def changelist_queries(client, model):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(admin_url(model, "changelist"))
    assert response.status_code == 200
    assert response.context["cl"].result_count == model.objects.count()
    return len(queries)


def management_data(response):
    """The management forms of the inlines of an admin add/change page, as POST data with no rows."""
    data = {}
    for inline_admin_formset in response.context["inline_admin_formsets"]:
        management_form = inline_admin_formset.formset.management_form
        for name in management_form.fields:
            data[f"{management_form.prefix}-{name}"] = management_form[name].value()
    return data


@pytest.fixture
def english(admin_client):
    """Messages and form errors in English (the admin speaks Vietnamese by default)."""
    admin_client.cookies["django_language"] = "en"
    return admin_client


# --- every model is registered and every page loads ----------------------------------------------------------------


def test_admin_registry_covers_every_domain_model():
    all_models = {
        model
        for app in DOMAIN_APPS
        for model in apps.get_app_config(app).get_models()
        if not model.__name__.startswith("Historical")  # the audit trail is shown on its model's History page
    }

    assert set(DOMAIN_MODELS) == all_models == set(MAKERS)


@pytest.mark.parametrize("model", DOMAIN_MODELS, ids=lambda m: m._meta.label)
def test_admin_pages_load_for_superuser(admin_client, rf, admin_user, model):
    obj = MAKERS[model]()
    model_admin = admin.site._registry[model]

    changelist = admin_client.get(admin_url(model, "changelist"))
    assert changelist.status_code == 200
    assert obj in changelist.context["cl"].result_list
    change = admin_client.get(admin_url(model, "change", obj.pk))
    assert change.status_code == 200
    assert escape(str(obj)) in change.content.decode()
    assert admin_client.get(admin_url(model, "changelist"), {"q": "a"}).status_code == 200

    request = rf.get("/")
    request.user = admin_user
    expected_add = 200 if model_admin.has_add_permission(request) else 403
    assert admin_client.get(admin_url(model, "add")).status_code == expected_add


def test_admin_index_and_user_pages_load(admin_client, admin_user):
    assert admin_client.get(reverse("admin:index")).status_code == 200
    assert admin_client.get(admin_url(User, "changelist")).status_code == 200
    assert admin_client.get(admin_url(User, "add")).status_code == 200
    assert admin_client.get(admin_url(User, "change", admin_user.pk)).status_code == 200


def _autocomplete_fields():
    for model, model_admin in admin.site._registry.items():
        for name in model_admin.autocomplete_fields:
            yield model, name
        for inline in model_admin.inlines:
            for name in inline.autocomplete_fields:
                yield inline.model, name


AUTOCOMPLETE_FIELDS = sorted(set(_autocomplete_fields()), key=lambda pair: (pair[0]._meta.label, pair[1]))


@pytest.mark.parametrize(
    ("model", "field_name"), AUTOCOMPLETE_FIELDS, ids=[f"{m._meta.label}.{f}" for m, f in AUTOCOMPLETE_FIELDS]
)
def test_autocomplete_answers_for_every_field(admin_client, model, field_name):
    target = model._meta.get_field(field_name).remote_field.model
    obj = MAKERS[target]() if target in MAKERS else UserFactory(username="nguyen-van-a")

    response = admin_client.get(
        reverse("admin:autocomplete"),
        {"app_label": model._meta.app_label, "model_name": model._meta.model_name, "field_name": field_name},
    )

    assert response.status_code == 200
    assert str(obj.pk) in {result["id"] for result in response.json()["results"]}


def test_support_admin_readonly(admin_client, rf, admin_user):
    support = SupportFactory()
    request = rf.get("/")
    request.user = admin_user
    model_admin = admin.site._registry[Support]

    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, support)
    response = admin_client.post(admin_url(Support, "change", support.pk), {"question": "", "user": ""})
    assert response.status_code == 403
    assert Support.objects.get(pk=support.pk).question_id == support.question_id


def test_support_delete_recounts_the_concern(admin_client):
    question = QuestionFactory(support_count=2)
    first, _second = SupportFactory(question=question), SupportFactory(question=question)

    response = admin_client.post(admin_url(Support, "delete", first.pk), {"post": "yes"})

    assert response.status_code == 302
    question.refresh_from_db()
    assert question.support_count == 1


# --- no N+1 on the changelists -------------------------------------------------------------------------------------


@pytest.mark.parametrize("model", DOMAIN_MODELS, ids=lambda m: m._meta.label)
def test_changelist_queries_constant_with_rows(admin_client, model):
    MAKERS[model]()
    admin_client.get(admin_url(model, "changelist"))  # warm the content-type and session caches
    with_one = changelist_queries(admin_client, model)
    for _ in range(4):
        MAKERS[model]()
    with_five = changelist_queries(admin_client, model)

    assert with_one == with_five


@pytest.mark.parametrize("rows", [1, 5])
def test_question_changelist_queries_fixed(admin_client, django_assert_num_queries, rows):
    for _ in range(rows):
        make_question()
    admin_client.get(admin_url(Question, "changelist"))
    with django_assert_num_queries(9):
        response = admin_client.get(admin_url(Question, "changelist"))
    assert response.context["cl"].result_count == rows


@pytest.mark.parametrize("rows", [1, 5])
def test_conference_changelist_queries_fixed(admin_client, django_assert_num_queries, rows):
    for _ in range(rows):
        make_conference()
    admin_client.get(admin_url(Conference, "changelist"))
    with django_assert_num_queries(8):
        response = admin_client.get(admin_url(Conference, "changelist"))
    assert response.context["cl"].result_count == rows


@pytest.mark.parametrize("rows", [1, 5])
def test_directive_changelist_queries_fixed(admin_client, django_assert_num_queries, rows):
    for _ in range(rows):
        make_directive()
    admin_client.get(admin_url(Directive, "changelist"))
    with django_assert_num_queries(9):
        response = admin_client.get(admin_url(Directive, "changelist"))
    assert response.context["cl"].result_count == rows


# --- no N+1 on the change pages with inlines -----------------------------------------------------------------------


def conference_with_rows(rows):
    conference = ConferenceFactory(organizer_unit=UnitFactory())
    for order in range(rows):
        participant = ParticipantFactory(conference=conference, unit=UnitFactory(), user=UserFactory())
        AgendaItemFactory(conference=conference, order=order + 1, presenter=participant)
        PhotoFactory(conference=conference)
    return conference


@pytest.mark.parametrize("rows", [1, 5])
def test_conference_change_page_queries_fixed(admin_client, django_assert_num_queries, rows):
    conference = conference_with_rows(rows)
    url = admin_url(Conference, "change", conference.pk)
    admin_client.get(url)
    with django_assert_num_queries(7):
        response = admin_client.get(url)
    assert [len(f.formset.forms) for f in response.context["inline_admin_formsets"]] == [rows, rows, rows]
    content = response.content.decode()
    presenter = conference.participants.first()
    assert f'<option value="{presenter.unit_id}" selected>{presenter.unit.name}</option>' in content


def question_with_answers(rows):
    question = QuestionFactory(status=Question.Status.ANSWERED)
    for _ in range(rows):
        AnswerFactory(question=question, recorded_by=UserFactory())
    return question


def conclusion_with_directives(rows):
    conclusion = ConclusionFactory()
    for _ in range(rows):
        directive = DirectiveFactory(conclusion=conclusion)
        directive.support_units.add(UnitFactory(), UnitFactory())
        directive.related_questions.add(QuestionFactory(conference=conclusion.conference))
    return conclusion


def directive_with_updates(rows):
    directive = DirectiveFactory()
    for _ in range(rows):
        DirectiveUpdateFactory(directive=directive)
    return directive


@pytest.mark.parametrize(
    ("model", "make"),
    [
        (Conference, conference_with_rows),
        (Question, question_with_answers),
        (Conclusion, conclusion_with_directives),
        (Directive, directive_with_updates),
    ],
    ids=["conference", "question", "conclusion", "directive"],
)
def test_change_page_queries_constant_with_inline_rows(admin_client, model, make):
    counts = []
    for rows in (1, 5):
        url = admin_url(model, "change", make(rows).pk)
        admin_client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert admin_client.get(url).status_code == 200
        counts.append(len(queries))

    assert counts[0] == counts[1]


# --- moderation actions --------------------------------------------------------------------------------------------


def test_approve_action_approves_pending_and_skips_others(english, admin_user):
    pending = QuestionFactory.create_batch(2, status=Question.Status.PENDING)
    answered = QuestionFactory(status=Question.Status.ANSWERED)

    response = english.post(
        admin_url(Question, "changelist"),
        {"action": "approve_selected", "_selected_action": [q.pk for q in [*pending, answered]]},
    )

    assert response.status_code == 302
    for question in pending:
        question.refresh_from_db()
        assert question.status == Question.Status.APPROVED
        assert question.moderated_by == admin_user
        assert question.moderated_at is not None
    answered.refresh_from_db()
    assert answered.status == Question.Status.ANSWERED
    assert answered.moderated_by is None
    texts = [str(m) for m in get_messages(response.wsgi_request)]
    assert texts == ["Approved 2 concerns.", "Skipped 1 concern that is not pending."]


def test_reject_action_shows_confirmation_first(english):
    pending = QuestionFactory(status=Question.Status.PENDING)
    approved = QuestionFactory(status=Question.Status.APPROVED)

    response = english.post(
        admin_url(Question, "changelist"),
        {"action": "reject_selected", "_selected_action": [pending.pk, approved.pk]},
    )

    assert response.status_code == 200
    assert "admin/questions/question/reject_selected_confirmation.html" in [t.name for t in response.templates]
    assert response.context["pending"] == [pending]
    assert response.context["skipped"] == [approved]
    content = response.content.decode()
    assert 'name="reason"' in content
    assert 'name="post" value="yes"' in content
    assert f'name="_selected_action" value="{pending.pk}"' in content
    assert not response.context["form"].errors
    pending.refresh_from_db()
    assert pending.status == Question.Status.PENDING


def test_reject_action_with_reason_rejects_pending(english, admin_user):
    pending = QuestionFactory.create_batch(2, status=Question.Status.PENDING)
    approved = QuestionFactory(status=Question.Status.APPROVED)

    response = english.post(
        admin_url(Question, "changelist"),
        {
            "action": "reject_selected",
            "_selected_action": [q.pk for q in [*pending, approved]],
            "post": "yes",
            "reason": "Nội dung trùng với kiến nghị đã có.",
        },
    )

    assert response.status_code == 302
    for question in pending:
        question.refresh_from_db()
        assert question.status == Question.Status.REJECTED
        assert question.rejection_reason == "Nội dung trùng với kiến nghị đã có."
        assert question.moderated_by == admin_user
        assert question.moderated_at is not None
    approved.refresh_from_db()
    assert approved.status == Question.Status.APPROVED
    assert approved.rejection_reason == ""
    texts = [str(m) for m in get_messages(response.wsgi_request)]
    assert texts == ["Rejected 2 concerns.", "Skipped 1 concern that is not pending."]


@pytest.mark.parametrize("reason", ["", "   "])
def test_reject_action_without_reason_changes_nothing(english, reason):
    pending = QuestionFactory(status=Question.Status.PENDING)

    response = english.post(
        admin_url(Question, "changelist"),
        {"action": "reject_selected", "_selected_action": [pending.pk], "post": "yes", "reason": reason},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    assert "This field is required." in response.content.decode()
    pending.refresh_from_db()
    assert pending.status == Question.Status.PENDING
    assert pending.moderated_at is None


def test_question_search_finds_reference(admin_client):
    question = QuestionFactory(title="Máy tính cũ")
    QuestionFactory(title="Khác")

    response = admin_client.get(admin_url(Question, "changelist"), {"q": question.reference})

    assert list(response.context["cl"].result_list) == [question]


def test_question_changelist_shows_anonymous_author(admin_client):
    author = UserFactory(username="an-danh")
    QuestionFactory(author=author, is_anonymous=True)

    response = admin_client.get(admin_url(Question, "changelist"))

    assert "an-danh" in response.content.decode()


# --- model clean() rules come back as form errors ------------------------------------------------------------------


def test_conference_add_ends_before_start_is_form_error(english):
    add_url = admin_url(Conference, "add")
    data = {
        **management_data(english.get(add_url)),
        "title": "Hội nghị đối thoại năm 2026",
        "slug": "",
        "status": Conference.Status.DRAFT,
        "starts_at_0": "2026-03-30",
        "starts_at_1": "08:00",
        "ends_at_0": "2026-03-30",
        "ends_at_1": "07:00",
    }

    response = english.post(add_url, data)

    assert response.status_code == 200
    assert "ends_at" in response.context["adminform"].form.errors
    assert "The conference must end after it starts." in response.content.decode()
    assert not Conference.objects.exists()


def test_conference_add_makes_slug_and_records_creator(admin_client, admin_user):
    add_url = admin_url(Conference, "add")
    data = {
        **management_data(admin_client.get(add_url)),
        "title": "Hội nghị đối thoại năm 2026",
        "slug": "",
        "status": Conference.Status.DRAFT,
        "starts_at_0": "2026-03-30",
        "starts_at_1": "08:00",
        "ends_at_0": "2026-03-30",
        "ends_at_1": "11:00",
    }

    response = admin_client.post(add_url, data)

    assert response.status_code == 302
    conference = Conference.objects.get()
    assert conference.slug == "hoi-nghi-doi-thoai-nam-2026"
    assert conference.created_by == admin_user


def test_directive_add_deadline_before_issued_on_is_form_error(english):
    conclusion = ConclusionFactory(issued_on=dt.date(2026, 4, 1))
    unit = UnitFactory()
    add_url = admin_url(Directive, "add")
    data = {
        **management_data(english.get(add_url)),
        "conclusion": conclusion.pk,
        "order": 1,
        "content": "Rà soát trang thiết bị.",
        "lead_unit": unit.pk,
        "deadline": "2026-03-31",
        "status": Directive.Status.NOT_STARTED,
        "progress": 0,
    }

    response = english.post(add_url, data)

    assert response.status_code == 200
    assert "deadline" in response.context["adminform"].form.errors
    assert "The deadline cannot be before the conclusion was issued." in response.content.decode()
    assert not Directive.objects.exists()

    response = english.post(add_url, {**data, "deadline": "2026-04-30"})

    assert response.status_code == 302
    assert Directive.objects.get().deadline == dt.date(2026, 4, 30)


# --- inlines save ---------------------------------------------------------------------------------------------------


def test_user_admin_edits_profile_inline(admin_client):
    user = UserFactory()
    unit = UnitFactory()
    url = admin_url(User, "change", user.pk)
    response = admin_client.get(url)
    data = {
        **management_data(response),
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "08:00:00",
        "profile-0-id": user.profile.pk,
        "profile-0-user": user.pk,
        "profile-0-unit": unit.pk,
        "profile-0-position": "Chuyên viên",
        "profile-0-phone": "0912345678",
    }

    response = admin_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    user.profile.refresh_from_db()
    assert user.profile.unit == unit
    assert user.profile.position == "Chuyên viên"


def test_user_changelist_queries_constant_with_rows(admin_client):
    make_profile()
    admin_client.get(admin_url(User, "changelist"))
    with_one = changelist_queries(admin_client, User)
    for _ in range(4):
        make_profile()

    assert changelist_queries(admin_client, User) == with_one


def test_staff_organizer_cannot_escalate_in_user_admin(client, admin_user):
    staff_organizer = organizer(is_staff=True)
    client.force_login(staff_organizer)
    url = admin_url(User, "change", staff_organizer.pk)
    response = client.get(url)
    assert response.status_code == 200
    assert "is_superuser" not in response.context["adminform"].form.fields
    data = {
        **management_data(response),
        "username": staff_organizer.username,
        "is_active": "on",
        "is_staff": "on",
        "is_superuser": "on",
        "groups": [g.pk for g in staff_organizer.groups.all()],
        "date_joined_0": "2026-01-01",
        "date_joined_1": "08:00:00",
        "profile-0-id": staff_organizer.profile.pk,
        "profile-0-user": staff_organizer.pk,
    }

    response = client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    staff_organizer.refresh_from_db()
    assert not staff_organizer.is_superuser
    admin_change = client.post(admin_url(User, "change", admin_user.pk), {"username": "taken-over"})
    assert admin_change.status_code == 403
    assert client.get(reverse("admin:auth_user_password_change", args=[admin_user.pk])).status_code == 403
    admin_user.refresh_from_db()
    assert admin_user.username == "admin"


def test_user_admin_add_creates_one_profile(admin_client):
    response = admin_client.post(
        admin_url(User, "add"),
        {
            "username": "doanvien1",
            "password1": "Mat-khau-2026!",
            "password2": "Mat-khau-2026!",
            "usable_password": "true",
        },
    )

    assert response.status_code == 302
    user = User.objects.get(username="doanvien1")
    assert Profile.objects.filter(user=user).count() == 1


def test_question_answer_inline_records_admin_and_marks_answered(admin_client, admin_user):
    question = QuestionFactory(status=Question.Status.APPROVED)
    responder = ParticipantFactory(conference=question.conference)
    url = admin_url(Question, "change", question.pk)
    response = admin_client.get(url)
    form = response.context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None and name in form.fields}
    data.update(management_data(response))
    data.update(
        {
            "answers-TOTAL_FORMS": 1,
            "answers-0-responder": responder.pk,
            "answers-0-kind": Answer.Kind.AT_CONFERENCE,
            "answers-0-answered_at_0": "2026-03-30",
            "answers-0-answered_at_1": "09:00",
            "answers-0-is_published": "on",
            "answers-0-body": "Sở sẽ bố trí kinh phí.",
        }
    )

    response = admin_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    answer = Answer.objects.get(question=question)
    assert answer.recorded_by == admin_user
    question.refresh_from_db()
    assert question.status == Question.Status.ANSWERED


# --- deleting is for superusers only -------------------------------------------------------------------------------


def test_organizer_cannot_delete(client):
    staff_organizer = organizer(is_staff=True)
    client.force_login(staff_organizer)
    photo = PhotoFactory()
    conference = photo.conference

    assert client.get(admin_url(Photo, "change", photo.pk)).status_code == 200
    assert client.get(admin_url(Photo, "delete", photo.pk)).status_code == 403
    assert client.post(admin_url(Photo, "delete", photo.pk), {"post": "yes"}).status_code == 403
    assert client.post(admin_url(Conference, "delete", conference.pk), {"post": "yes"}).status_code == 403
    response = client.get(admin_url(Conference, "changelist"))
    assert "delete_selected" not in dict(response.context["cl"].model_admin.get_action_choices(response.wsgi_request))
    assert Photo.objects.filter(pk=photo.pk).exists()
    assert Conference.objects.filter(pk=conference.pk).exists()


def test_superuser_can_delete(admin_client):
    photo = PhotoFactory()

    assert admin_client.get(admin_url(Photo, "delete", photo.pk)).status_code == 200
    assert admin_client.post(admin_url(Photo, "delete", photo.pk), {"post": "yes"}).status_code == 302
    assert not Photo.objects.filter(pk=photo.pk).exists()


def test_admin_appoints_a_liaison_through_the_service_and_refuses_an_inactive_unit(admin_client):
    member_account, unit = UserFactory(), UnitFactory()
    url = admin_url(Liaison, "add")
    response = admin_client.post(url, {"unit": unit.pk, "user": member_account.pk})
    assert response.status_code == 302
    liaison = Liaison.objects.get(unit=unit, user=member_account)
    assert liaison.appointed_by.is_superuser
    closed = UnitFactory(is_active=False)
    response = admin_client.post(url, {"unit": closed.pk, "user": member_account.pk})
    assert response.status_code == 200
    assert not Liaison.objects.filter(unit=closed).exists()


# --- statuses change through the services, never as a plain field ---------------------------------------------------


def change_data(response) -> dict:
    """What the admin change page would post back unchanged (a page with no inline rows)."""
    form = response.context["adminform"].form
    data = management_data(response)
    for bound_field in form:
        widget, value = bound_field.field.widget, bound_field.value()
        if isinstance(widget, forms.MultiWidget):
            for index, (part_widget, part) in enumerate(zip(widget.widgets, widget.decompress(value), strict=True)):
                data[f"{bound_field.html_name}_{index}"] = part_widget.format_value(part) or ""
        elif isinstance(widget, forms.CheckboxInput):
            if value:
                data[bound_field.html_name] = "on"
        elif isinstance(value, list | tuple):
            data[bound_field.html_name] = [str(v) for v in value]
        elif value is not None:
            data[bound_field.html_name] = str(value)
    return data


def test_conference_admin_status_and_publication_are_read_only_and_a_save_raises_the_version(english):
    conference = ConferenceFactory(status=Conference.Status.OPEN, is_published=True)
    url = admin_url(Conference, "change", conference.pk)
    response = english.get(url)
    assert not {"status", "is_published"} & set(response.context["adminform"].form.fields)

    data = {**change_data(response), "title": "Hội nghị đã sửa", "status": Conference.Status.ARCHIVED}
    data.pop("is_published", None)
    response = english.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    saved = Conference.objects.get(pk=conference.pk)
    assert (saved.title, saved.status, saved.is_published) == ("Hội nghị đã sửa", Conference.Status.OPEN, True)
    assert saved.version == conference.version + 1


def test_question_admin_status_is_read_only_so_moderation_goes_through_the_actions(english):
    question = QuestionFactory(status=Question.Status.PENDING)
    url = admin_url(Question, "change", question.pk)
    response = english.get(url)
    assert not {"status", "rejection_reason", "duplicate_of"} & set(response.context["adminform"].form.fields)

    response = english.post(url, {**change_data(response), "status": Question.Status.APPROVED})

    assert response.status_code == 302, response.context["adminform"].form.errors
    question.refresh_from_db()
    assert (question.status, question.moderated_by, question.moderated_at) == (Question.Status.PENDING, None, None)


def test_directive_admin_status_and_progress_are_read_only(english):
    directive = DirectiveFactory()
    url = admin_url(Directive, "change", directive.pk)
    response = english.get(url)
    assert not {"status", "progress", "completed_at"} & set(response.context["adminform"].form.fields)

    data = {**change_data(response), "status": Directive.Status.DONE, "progress": "100", "content": "Đã sửa."}
    response = english.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    directive.refresh_from_db()
    assert (directive.content, directive.status, directive.progress) == ("Đã sửa.", Directive.Status.NOT_STARTED, 0)


def test_directive_updates_are_read_only_in_the_admin(admin_client, rf, admin_user):
    update = DirectiveUpdateFactory()
    request = rf.get("/")
    request.user = admin_user

    assert not admin.site._registry[DirectiveUpdate].has_add_permission(request)
    response = admin_client.get(admin_url(Directive, "change", update.directive.pk))
    (updates,) = [f for f in response.context["inline_admin_formsets"] if f.formset.model is DirectiveUpdate]
    assert not updates.has_add_permission and not updates.has_change_permission
    assert admin_client.get(admin_url(DirectiveUpdate, "add")).status_code == 403


def test_conclusion_admin_publication_is_read_only(english):
    conclusion = ConclusionFactory(is_published=False)
    url = admin_url(Conclusion, "change", conclusion.pk)
    response = english.get(url)
    assert "is_published" not in response.context["adminform"].form.fields
    for inline in response.context["inline_admin_formsets"]:
        assert not {"status", "progress"} & set(inline.formset.empty_form.fields)

    response = english.post(url, {**change_data(response), "is_published": "on"})

    assert response.status_code == 302, response.context["adminform"].form.errors
    conclusion.refresh_from_db()
    assert not conclusion.is_published


def _answer_rows(question) -> dict:
    return {
        "answers-TOTAL_FORMS": 1,
        "answers-0-responder": ParticipantFactory(conference=question.conference).pk,
        "answers-0-kind": Answer.Kind.AT_CONFERENCE,
        "answers-0-answered_at_0": "2026-03-30",
        "answers-0-answered_at_1": "09:00",
        "answers-0-is_published": "on",
        "answers-0-body": "Sở sẽ bố trí kinh phí.",
    }


def test_question_admin_new_answer_goes_through_the_service_and_tells_the_author(
    english, django_capture_on_commit_callbacks
):
    question = QuestionFactory(status=Question.Status.APPROVED)
    url = admin_url(Question, "change", question.pk)
    data = {**change_data(english.get(url)), **_answer_rows(question)}

    with django_capture_on_commit_callbacks(execute=True):
        response = english.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    question.refresh_from_db()
    assert question.status == Question.Status.ANSWERED
    assert [message.to for message in mail.outbox] == [[question.author.email]]


def test_question_admin_refuses_an_answer_to_a_pending_concern(english):
    question = QuestionFactory(status=Question.Status.PENDING)
    url = admin_url(Question, "change", question.pk)
    data = {**change_data(english.get(url)), **_answer_rows(question)}

    response = english.post(url, data)

    assert response.status_code == 200
    assert "Only an approved concern can be answered." in response.content.decode()
    assert not Answer.objects.filter(question=question).exists()


def test_question_search_with_an_overlong_reference_is_no_error(admin_client):
    response = admin_client.get("/admin/questions/question/", {"q": "HNDT-2026-99999999999999999999"})
    assert response.status_code == 200 and response.context["cl"].result_count == 0
