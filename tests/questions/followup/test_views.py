import datetime as dt

import pytest
from django.utils import timezone

from conferences.models import Participant
from questions.models import Answer, Conclusion, Directive, DirectiveUpdate, Question
from questions.selectors.dashboard import dashboard_stats
from tests.factories import (
    AnswerFactory,
    ConferenceFactory,
    ParticipantFactory,
    QuestionFactory,
    TopicFactory,
    UnitFactory,
    admin,
    leader,
    member,
    organizer,
)
from tests.questions.followup.helpers import concluded, directive, liaison

pytestmark = pytest.mark.django_db


def _login(client, user):
    if user is not None:
        client.force_login(user)


# --- progress updates: every role ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", 302),
        ("member", 403),
        ("other_liaison", 403),
        ("leader", 403),
        ("liaison", 302),
        ("organizer", 302),
        ("admin", 302),
    ],
)
def test_directive_update_post_per_role(client, role, expected, english):
    unit = UnitFactory()
    d = directive(unit, conclusion=concluded())
    users = {
        "anonymous": None,
        "member": member(),
        "other_liaison": liaison(UnitFactory()),
        "leader": leader(),
        "liaison": liaison(unit),
        "organizer": organizer(),
        "admin": admin(),
    }
    _login(client, users[role])
    response = client.post(f"/directives/{d.pk}/update/", {"status": "in_progress", "progress": "30", "note": ""})
    assert response.status_code == expected
    posted = DirectiveUpdate.objects.filter(directive=d).exists()
    assert posted == (role in ("liaison", "organizer", "admin"))
    if role == "anonymous":
        assert "/accounts/login/" in response["Location"]


def test_directive_update_done_without_note_shows_error(client, english):
    d = directive(conclusion=concluded())
    client.force_login(organizer())
    response = client.post(f"/directives/{d.pk}/update/", {"status": "done", "progress": "100", "note": ""})
    assert response.status_code == 400
    assert "Closing a directive needs a note" in response.content.decode()
    assert not DirectiveUpdate.objects.exists()
    # The form is at the bottom of a long page: a notice at the top says so and links to it.
    assert "The progress update was not posted" in response.content.decode()
    assert 'href="#update"' in response.content.decode()
    assert "The progress update was not posted" not in client.get(f"/directives/{d.pk}/").content.decode()


def test_directive_update_note_longer_than_the_limit_is_refused(client, english):
    d = directive(conclusion=concluded())
    client.force_login(organizer())
    response = client.post(
        f"/directives/{d.pk}/update/", {"status": "in_progress", "progress": "30", "note": "x" * 5001}
    )
    assert response.status_code == 400
    assert "at most 5000 characters" in response.content.decode()
    assert not DirectiveUpdate.objects.exists()


def test_directive_update_progress_over_100_shows_error(client, english):
    d = directive(conclusion=concluded())
    client.force_login(organizer())
    response = client.post(f"/directives/{d.pk}/update/", {"status": "in_progress", "progress": "150"})
    assert "between 0 and 100" in response.content.decode()
    assert not DirectiveUpdate.objects.exists()


def test_directive_detail_shows_updates_in_order_and_form_for_liaison(client, english):
    unit = UnitFactory()
    d = directive(unit, conclusion=concluded())
    user = liaison(unit)
    DirectiveUpdate.objects.create(
        directive=d,
        author=user,
        progress=20,
        status="in_progress",
        note="Bước một",
        created_at=timezone.now() - dt.timedelta(days=2),
    )
    DirectiveUpdate.objects.create(directive=d, author=user, progress=50, status="in_progress", note="Bước hai")
    client.force_login(user)
    html = client.get(f"/directives/{d.pk}/").content.decode()
    assert html.index("Bước một") < html.index("Bước hai")
    assert "Post a progress update" in html
    client.force_login(liaison(UnitFactory()))
    assert "Post a progress update" not in client.get(f"/directives/{d.pk}/").content.decode()


def test_evidence_download_is_attachment(client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from questions import services

    d = directive(conclusion=concluded())
    update = services.directive_update_post(
        directive=d,
        author=organizer(),
        status="in_progress",
        progress=10,
        evidence=SimpleUploadedFile("kế hoạch.pdf", b"%PDF-1.4", content_type="application/pdf"),
    )
    client.force_login(member())
    response = client.get(f"/directives/evidence/{update.pk}/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    client.logout()
    assert client.get(f"/directives/evidence/{update.pk}/").status_code == 302


# --- board -----------------------------------------------------------------------------------------------------------


def test_directive_board_overdue_filter_and_sorting(client, english):
    conclusion = concluded()
    late = directive(conclusion=conclusion, deadline=timezone.localdate() - dt.timedelta(days=1), content="Trễ hạn")
    directive(conclusion=conclusion, deadline=timezone.localdate() + dt.timedelta(days=5), content="Còn hạn")
    directive(conclusion=conclusion, deadline=None, content="Không hạn")
    client.force_login(member())
    html = client.get("/directives/").content.decode()
    assert html.index("Trễ hạn") < html.index("Còn hạn") < html.index("Không hạn")
    assert "directive-overdue" in html and "Overdue" in html
    response = client.get("/directives/?overdue=1")
    assert list(response.context["directives"]) == [late]


def test_directive_board_unit_filter_includes_supporting(client):
    unit = UnitFactory()
    conclusion = concluded()
    led = directive(unit, conclusion=conclusion)
    supported = directive(conclusion=conclusion)
    supported.support_units.add(unit)
    directive(conclusion=conclusion)
    client.force_login(member())
    response = client.get(f"/directives/?unit={unit.pk}")
    assert set(response.context["directives"]) == {led, supported}


def test_directive_board_hides_unpublished_from_members(client):
    conclusion = concluded()
    Conclusion.objects.filter(pk=conclusion.pk).update(is_published=False)
    directive(conclusion=conclusion)
    client.force_login(member())
    assert list(client.get("/directives/").context["directives"]) == []
    client.force_login(organizer())
    assert len(client.get("/directives/").context["directives"]) == 1


@pytest.mark.parametrize("size", [1, 30])
def test_directive_board_query_count_constant(client, django_assert_num_queries, size):
    conclusion = concluded()
    for _ in range(size):
        d = directive(conclusion=conclusion)
        d.support_units.add(UnitFactory())
    client.force_login(member())
    with django_assert_num_queries(8):
        client.get("/directives/")


@pytest.mark.parametrize("size", [1, 30])
def test_directive_detail_query_count_constant(client, django_assert_num_queries, size):
    d = directive(conclusion=concluded())
    user = organizer()
    for index in range(size):
        DirectiveUpdate.objects.create(directive=d, author=user, progress=index, status="in_progress")
        d.support_units.add(UnitFactory())
        d.related_questions.add(QuestionFactory(conference=d.conclusion.conference))
    client.force_login(user)
    with django_assert_num_queries(10):  # + the youth initiatives serving it
        client.get(f"/directives/{d.pk}/")


# --- conclusion ------------------------------------------------------------------------------------------------------


def test_conclusion_page_anonymous_reads_published_document(client):
    conclusion = concluded()
    directive(conclusion=conclusion, content="Cập nhật cổng thông tin", deadline=dt.date(2023, 9, 30))
    html = client.get(f"/conferences/{conclusion.conference.slug}/conclusion/").content.decode()
    # No imitation of an official header: the page links to the conclusion notice, which has the decree's form.
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" not in html and "Nơi nhận" not in html
    assert f"/conferences/{conclusion.conference.slug}/documents/notice.pdf" in html
    assert "30/03/2023" in html
    assert "Cập nhật cổng thông tin" in html and "30/09/2023" in html


def test_conclusion_page_unpublished_is_404_for_anonymous_and_members(client):
    conclusion = concluded()
    Conclusion.objects.filter(pk=conclusion.pk).update(is_published=False)
    url = f"/conferences/{conclusion.conference.slug}/conclusion/"
    assert client.get(url).status_code == 404
    client.force_login(member())
    assert client.get(url).status_code == 404
    client.force_login(organizer())
    assert client.get(url).status_code == 200


@pytest.mark.parametrize(("role", "expected"), [("member", 403), ("leader", 403), ("organizer", 200), ("admin", 200)])
def test_conclusion_edit_per_role(client, role, expected):
    conclusion = concluded()
    client.force_login({"member": member, "leader": leader, "organizer": organizer, "admin": admin}[role]())
    assert client.get(f"/conferences/{conclusion.conference.slug}/conclusion/edit/").status_code == expected


def test_conclusion_edit_lists_related_concerns_by_reference_and_explains_multiple_choice(client):
    question = QuestionFactory(status=Question.Status.APPROVED, title="Máy tính cũ")
    client.force_login(organizer())
    html = client.get(f"/conferences/{question.conference.slug}/conclusion/edit/").content.decode()
    assert f"{question.reference} — Máy tính cũ" in html
    assert "Giữ phím Ctrl" in html


def test_conclusion_edit_anonymous_sent_to_login(client):
    conclusion = concluded()
    response = client.get(f"/conferences/{conclusion.conference.slug}/conclusion/edit/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def _conclusion_post(conference, chair, rows, version="", issued_on="2023-03-30"):
    data = {
        "conclusion-number": "01-KL/SNV",
        "conclusion-issued_on": issued_on,
        "conclusion-signed_by": chair.pk,
        "conclusion-body": "Kết luận của Giám đốc Sở",
        "conclusion-version": version,
        "directives-TOTAL_FORMS": str(len(rows)),
        "directives-INITIAL_FORMS": "0",
        "directives-MIN_NUM_FORMS": "0",
        "directives-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"directives-{index}-{key}"] = value
    return data


def test_conclusion_edit_form_saves_two_directives(client):
    conference = ConferenceFactory()
    chair = ParticipantFactory(conference=conference, role=Participant.Role.CHAIR)
    unit_a, unit_b = UnitFactory(), UnitFactory()
    question = QuestionFactory(conference=conference)
    client.force_login(organizer())
    data = _conclusion_post(
        conference,
        chair,
        [
            {
                "order": "1",
                "content": "Việc một",
                "lead_unit": unit_a.pk,
                "deadline": "2023-06-30",
                "support_units": [unit_b.pk],
                "related_questions": [question.pk],
            },
            {"order": "2", "content": "Việc hai", "lead_unit": unit_b.pk, "deadline": ""},
        ],
    )
    response = client.post(f"/conferences/{conference.slug}/conclusion/edit/", data)
    assert response.status_code == 302
    conclusion = Conclusion.objects.get(conference=conference)
    assert conclusion.signed_by == chair and conclusion.directives.count() == 2
    assert list(question.directives.values_list("order", flat=True)) == [1]


def test_conclusion_edit_deadline_before_date_saves_nothing(client, english):
    conference = ConferenceFactory()
    chair = ParticipantFactory(conference=conference, role=Participant.Role.CHAIR)
    client.force_login(organizer())
    data = _conclusion_post(
        conference,
        chair,
        [
            {"order": "1", "content": "Việc một", "lead_unit": UnitFactory().pk, "deadline": "2023-06-30"},
            {"order": "2", "content": "Việc hai", "lead_unit": UnitFactory().pk, "deadline": "2023-01-01"},
        ],
    )
    response = client.post(f"/conferences/{conference.slug}/conclusion/edit/", data)
    assert response.status_code == 400
    assert "deadline cannot be before" in response.content.decode()
    assert not Conclusion.objects.exists() and not Directive.objects.exists()


def test_conclusion_edit_stale_form_refused(client, english):
    conference = ConferenceFactory()
    chair = ParticipantFactory(conference=conference, role=Participant.Role.CHAIR)
    client.force_login(organizer())
    url = f"/conferences/{conference.slug}/conclusion/edit/"
    client.post(url, _conclusion_post(conference, chair, []))
    first = _conclusion_post(conference, chair, [], version="1")
    first["conclusion-body"] = "Bản của người thứ nhất"
    assert client.post(url, first).status_code == 302
    second = _conclusion_post(conference, chair, [], version="1")
    second["conclusion-body"] = "Bản của người thứ hai"
    response = client.post(url, second)
    assert response.status_code == 409
    assert "Someone else saved this conclusion" in response.content.decode()
    assert Conclusion.objects.get().body == "Bản của người thứ nhất"


def test_referred_badge_on_concern_page(client, english):
    conclusion = concluded()
    question = QuestionFactory(conference=conclusion.conference)
    d = directive(conclusion=conclusion, order=3)
    d.related_questions.add(question)
    html = client.get(question.get_absolute_url()).content.decode()
    assert "Referred to directive 3" in html


# --- answers ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "expected"),
    [("member", 403), ("leader", 403), ("assigned_leader", 200), ("organizer", 200), ("admin", 200)],
)
def test_answer_page_per_role(client, role, expected):
    question = QuestionFactory()
    users = {"member": member, "leader": leader, "assigned_leader": leader, "organizer": organizer, "admin": admin}
    user = users[role]()
    if role == "assigned_leader":
        Question.objects.filter(pk=question.pk).update(assigned_leader=user)
    client.force_login(user)
    assert client.get(f"/questions/{question.pk}/answer/").status_code == expected


@pytest.mark.parametrize(("status", "kind"), [("open", "written"), ("in_session", None), ("concluded", "written")])
def test_answer_form_proposes_writing_before_the_session(client, status, kind):
    question = QuestionFactory(conference=ConferenceFactory(status=status))
    client.force_login(organizer())
    form = client.get(f"/questions/{question.pk}/answer/").context["form"]
    assert form.initial.get("kind") == kind


def test_answer_by_leader_in_own_name(client, english):
    user = leader()
    question = QuestionFactory(assigned_leader=user)
    participant = ParticipantFactory(conference=question.conference, user=user)
    client.force_login(user)
    response = client.post(f"/questions/{question.pk}/answer/", {"kind": "at_conference", "body": "Sẽ trang bị"})
    assert response.status_code == 302
    answer = Answer.objects.get()
    assert answer.responder == participant and answer.recorded_by == user


def test_answer_by_leader_not_participant_refused(client, english):
    user = leader()
    question = QuestionFactory(assigned_leader=user)
    client.force_login(user)
    response = client.post(f"/questions/{question.pk}/answer/", {"kind": "at_conference", "body": "Trả lời"})
    assert response.status_code == 400
    assert "not listed as a leader" in response.content.decode()
    assert not Answer.objects.exists()


def test_answer_by_organizer_for_chosen_leader(client):
    question = QuestionFactory()
    chair = ParticipantFactory(conference=question.conference, role=Participant.Role.CHAIR)
    typist = organizer()
    client.force_login(typist)
    client.post(f"/questions/{question.pk}/answer/", {"responder": chair.pk, "kind": "written", "body": "Văn bản"})
    answer = Answer.objects.get()
    assert (answer.responder, answer.recorded_by, answer.kind) == (chair, typist, "written")


def test_answer_to_rejected_concern_refused(client, english):
    question = QuestionFactory(status=Question.Status.REJECTED, rejection_reason="Không thuộc phạm vi")
    chair = ParticipantFactory(conference=question.conference, role=Participant.Role.CHAIR)
    client.force_login(organizer())
    response = client.post(f"/questions/{question.pk}/answer/", {"responder": chair.pk, "kind": "written", "body": "x"})
    assert "Only an approved concern can be answered" in response.content.decode()
    assert not Answer.objects.exists()


def test_corrected_answer_shows_earlier_text(client, english):
    answer = AnswerFactory(body="Bản đầu tiên")
    client.force_login(organizer())
    url = f"/questions/{answer.question.pk}/answer/{answer.pk}/edit/"
    client.post(url, {"responder": answer.responder.pk, "kind": "at_conference", "body": "Bản đã sửa"})
    html = client.get(answer.question.get_absolute_url()).content.decode()
    assert "Bản đã sửa" in html and "Corrected" in html and "Bản đầu tiên" in html


def test_answer_correct_by_other_leader_refused(client):
    answer = AnswerFactory()
    client.force_login(leader())
    assert client.get(f"/questions/{answer.question.pk}/answer/{answer.pk}/edit/").status_code == 403


# --- carry-over ------------------------------------------------------------------------------------------------------


def test_carry_over_page_carries_chosen(client):
    old = concluded()
    open_one = directive(conclusion=old, status="in_progress", progress=40)
    current = ConferenceFactory(starts_at=timezone.now() + dt.timedelta(days=10))
    client.force_login(organizer())
    deadline = (timezone.localdate() + dt.timedelta(days=60)).isoformat()
    data = {"directives": [open_one.pk], "deadline": deadline}
    response = client.post(f"/conferences/{current.slug}/carry-over/", data)
    assert response.status_code == 302
    assert Directive.objects.get(carried_from=open_one).conclusion.conference == current


@pytest.mark.parametrize("forged", ["99999999999999999999", "-99999999999999999999"])
def test_carry_over_refuses_an_id_beyond_the_database_range(client, forged):
    """SQLite raised OverflowError on such an id in `pk__in` (found by the fuzz tests): now a form error."""
    old = concluded()
    directive(conclusion=old, status="in_progress")
    current = ConferenceFactory(starts_at=timezone.now() + dt.timedelta(days=10))
    client.force_login(organizer())
    response = client.post(f"/conferences/{current.slug}/carry-over/", {"directives": [forged]})
    assert response.status_code == 400
    assert forged in response.content.decode()  # "… is not one of the available choices"
    assert not Directive.objects.filter(carried_from__isnull=False).exists()


@pytest.mark.parametrize("role", ["member", "leader"])
def test_carry_over_page_refused_for_non_organizers(client, role):
    current = ConferenceFactory()
    client.force_login(member() if role == "member" else leader())
    assert client.get(f"/conferences/{current.slug}/carry-over/").status_code == 403


# --- dashboard -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "expected"), [("member", 403), ("leader", 200), ("organizer", 200), ("admin", 200)])
def test_dashboard_per_role(client, role, expected):
    client.force_login({"member": member, "leader": leader, "organizer": organizer, "admin": admin}[role]())
    assert client.get("/dashboard/").status_code == expected


def test_dashboard_anonymous_sent_to_login(client):
    response = client.get("/dashboard/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def _fixture_data():
    """Hand-counted: 6 concerns received (1 withdrawn not counted), 4 approved, 2 at the conference, 1 in writing,
    1 pending; directives of unit A: 1 done, 1 in progress, 1 overdue; unit B: 1 overdue; 1 cancelled left out."""
    conclusion = concluded()
    conference = conclusion.conference
    topic = TopicFactory(name="Lĩnh vực kiểm đếm")
    unit_a, unit_b = UnitFactory(name="A"), UnitFactory(name="B")
    at_conf = QuestionFactory(conference=conference, status="answered", topic=topic, author_unit=unit_a)
    both = QuestionFactory(conference=conference, status="answered", topic=topic, author_unit=unit_a)
    written = QuestionFactory(conference=conference, status="answered", author_unit=unit_b)
    QuestionFactory(conference=conference, status="approved")
    QuestionFactory(conference=conference, status="pending")
    QuestionFactory(conference=conference, status="rejected", rejection_reason="x")
    QuestionFactory(conference=conference, status="withdrawn")
    AnswerFactory(question=at_conf, kind="at_conference")
    AnswerFactory(question=both, kind="at_conference")
    AnswerFactory(question=both, kind="written")
    AnswerFactory(question=written, kind="written")
    today = dt.date(2024, 5, 10)
    directive(unit_a, conclusion=conclusion, status="done", progress=100, deadline=dt.date(2024, 1, 1))
    directive(unit_a, conclusion=conclusion, status="in_progress", deadline=dt.date(2024, 6, 1))
    directive(unit_a, conclusion=conclusion, status="in_progress", deadline=dt.date(2024, 5, 9))
    directive(unit_b, conclusion=conclusion, status="not_started", deadline=dt.date(2024, 5, 1))
    directive(unit_b, conclusion=conclusion, status="cancelled", deadline=dt.date(2024, 5, 1))
    return conference, today


def test_dashboard_numbers_match_hand_count():
    conference, today = _fixture_data()
    stats = dashboard_stats(conference=conference, today=today)
    assert [row["value"] for row in stats["totals"]] == [6, 3 + 1, 2, 1, 1]
    by_topic = {row["label"]: row for row in stats["topic_chart"].rows}
    assert by_topic["Lĩnh vực kiểm đếm"]["received"] == 2 and by_topic["Lĩnh vực kiểm đếm"]["at_conference"] == 2
    by_unit = {row["label"]: row for row in stats["directive_chart"].rows}
    assert (by_unit["A"]["done"], by_unit["A"]["in_progress"], by_unit["A"]["overdue"]) == (1, 1, 1)
    assert (by_unit["B"]["done"], by_unit["B"]["in_progress"], by_unit["B"]["overdue"]) == (0, 0, 1)
    assert stats["directive_totals"] == {"done": 1, "reported_done": 0, "in_progress": 1, "overdue": 2}


def test_dashboard_page_shows_chart_and_table(client, english):
    _fixture_data()
    client.force_login(leader())
    html = client.get("/dashboard/").content.decode()
    assert 'role="img"' in html and "<rect" in html and "<caption>" in html


@pytest.mark.parametrize("size", [1, 30])
def test_dashboard_query_count_constant(client, django_assert_num_queries, size):
    conclusion = concluded()
    for _ in range(size):
        question = QuestionFactory(conference=conclusion.conference, topic=TopicFactory(), author_unit=UnitFactory())
        AnswerFactory(question=question)
        directive(conclusion=conclusion)
    client.force_login(organizer())
    with django_assert_num_queries(18):  # + profile, issued notice, 5 satisfaction figures, the survey
        client.get(f"/dashboard/?conference={conclusion.conference.pk}")
