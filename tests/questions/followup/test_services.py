import datetime as dt
import io
from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from questions import services
from questions.models import Answer, AnswerRevision, Conclusion, Directive, DirectiveReminder, DirectiveUpdate, Question
from questions.selectors.followup import carry_over_candidates, responder_for
from tests.factories import (
    AnswerFactory,
    ConferenceFactory,
    ParticipantFactory,
    QuestionFactory,
    UnitFactory,
    leader,
    member,
    organizer,
)
from tests.questions.followup.helpers import concluded, directive, liaison

pytestmark = pytest.mark.django_db


# --- answers ---------------------------------------------------------------------------------------------------------


def test_answer_record_notifies_author_and_keeps_who_typed_it(django_capture_on_commit_callbacks):
    question = QuestionFactory(status=Question.Status.APPROVED)
    responder = ParticipantFactory(conference=question.conference)
    typist = organizer()
    with django_capture_on_commit_callbacks(execute=True):
        answer = services.answer_record(
            question=question, responder=responder, recorded_by=typist, body="Trả lời", kind=Answer.Kind.WRITTEN
        )
    assert answer.recorded_by == typist and answer.responder == responder
    question.refresh_from_db()
    assert question.status == Question.Status.ANSWERED
    assert mail.outbox[0].to == [question.author.email]


def test_answer_record_refuses_rejected_concern():
    question = QuestionFactory(status=Question.Status.REJECTED, rejection_reason="Trùng")
    with pytest.raises(ValidationError):
        services.answer_record(
            question=question, responder=ParticipantFactory(conference=question.conference), recorded_by=None, body="x"
        )
    assert not Answer.objects.exists()


def test_answer_several_answers_on_one_concern():
    question = QuestionFactory(status=Question.Status.APPROVED)
    responder = ParticipantFactory(conference=question.conference)
    services.answer_record(question=question, responder=responder, recorded_by=None, body="Tại hội nghị")
    services.answer_record(
        question=question, responder=responder, recorded_by=None, body="Bằng văn bản", kind=Answer.Kind.WRITTEN
    )
    assert question.answers.count() == 2


def test_answer_correct_keeps_earlier_text():
    answer = AnswerFactory(body="Bản cũ")
    user = organizer()
    services.answer_correct(answer=answer, corrected_by=user, body="Bản mới")
    answer.refresh_from_db()
    assert answer.body == "Bản mới"
    revision = AnswerRevision.objects.get(answer=answer)
    assert revision.body == "Bản cũ" and revision.corrected_by == user


def test_answer_correct_unchanged_refused():
    answer = AnswerFactory(body="Giữ nguyên")
    with pytest.raises(ValidationError):
        services.answer_correct(answer=answer, corrected_by=organizer(), body="Giữ nguyên")
    assert not AnswerRevision.objects.exists()


def test_answer_responder_for_leader_without_participant_is_none():
    conference = ConferenceFactory()
    user = leader()
    assert responder_for(user=user, conference=conference) is None
    participant = ParticipantFactory(conference=conference, user=user)
    assert responder_for(user=user, conference=conference) == participant


# --- conclusion ------------------------------------------------------------------------------------------------------


def _save(conference, rows, version=None, issued_on=dt.date(2023, 3, 30), **kwargs):
    return services.conclusion_save(
        conference=conference,
        saved_by=None,
        number="01-KL/SNV",
        issued_on=issued_on,
        signed_by=kwargs.get("signed_by"),
        body=kwargs.get("body", "Kết luận"),
        directives=rows,
        version=version,
    )


def test_conclusion_save_creates_conclusion_with_two_directives():
    conference = ConferenceFactory()
    unit_a, unit_b = UnitFactory(), UnitFactory()
    question = QuestionFactory(conference=conference)
    conclusion = _save(
        conference,
        [
            services.DirectiveRow(order=1, content="Việc một", lead_unit=unit_a, deadline=dt.date(2023, 6, 30)),
            services.DirectiveRow(
                order=2, content="Việc hai", lead_unit=unit_b, support_units=[unit_a], related_questions=[question]
            ),
        ],
    )
    assert conclusion.version == 1
    assert list(conclusion.directives.values_list("order", "lead_unit")) == [(1, unit_a.pk), (2, unit_b.pk)]
    assert question.directives.get().order == 2


def test_conclusion_save_deadline_before_date_saves_nothing():
    conference = ConferenceFactory()
    rows = [
        services.DirectiveRow(order=1, content="Đúng", lead_unit=UnitFactory(), deadline=dt.date(2023, 4, 1)),
        services.DirectiveRow(order=2, content="Sai", lead_unit=UnitFactory(), deadline=dt.date(2023, 3, 1)),
    ]
    with pytest.raises(ValidationError, match="thời hạn"):
        _save(conference, rows)
    assert not Conclusion.objects.exists() and not Directive.objects.exists()


def test_conclusion_save_stale_version_refused():
    conference = ConferenceFactory()
    unit = UnitFactory()
    first = _save(conference, [services.DirectiveRow(order=1, content="A", lead_unit=unit)])
    _save(conference, [], version=first.version, body="Organizer one")  # the other organizer saved meanwhile
    with pytest.raises(ValidationError) as exc:
        _save(conference, [], version=first.version, body="Organizer two")
    assert exc.value.code == "stale"
    assert Conclusion.objects.get().body == "Organizer one"


def test_conclusion_save_two_new_conclusions_at_once_refused():
    conference = ConferenceFactory()
    _save(conference, [])
    with pytest.raises(ValidationError):
        _save(conference, [], version=None)


def test_conclusion_save_swaps_numbers():
    conference = ConferenceFactory()
    unit = UnitFactory()
    c = _save(
        conference,
        [
            services.DirectiveRow(order=1, content="A", lead_unit=unit),
            services.DirectiveRow(order=2, content="B", lead_unit=unit),
        ],
    )
    a, b = c.directives.order_by("order")
    _save(
        conference,
        [
            services.DirectiveRow(order=2, content="A", lead_unit=unit, directive=a),
            services.DirectiveRow(order=1, content="B", lead_unit=unit, directive=b),
        ],
        version=c.version,
    )
    assert list(Directive.objects.order_by("order").values_list("content", flat=True)) == ["B", "A"]


def test_conclusion_publish_toggles():
    conclusion = concluded()
    conclusion.is_published = False
    conclusion.save()
    services.conclusion_publish(conclusion=conclusion, user=None, publish=True)
    conclusion.refresh_from_db()
    assert conclusion.is_published


# --- progress updates ------------------------------------------------------------------------------------------------


def test_directive_update_by_liaison_sets_directive():
    unit = UnitFactory()
    d = directive(unit)
    update = services.directive_update_post(
        directive=d, author=liaison(unit), status=Directive.Status.IN_PROGRESS, progress=40, note="Đang làm"
    )
    d.refresh_from_db()
    assert (d.status, d.progress, update.progress) == ("in_progress", 40, 40)


def test_directive_update_by_supporting_unit_liaison_allowed():
    support = UnitFactory()
    d = directive()
    d.support_units.add(support)
    services.directive_update_post(
        directive=d, author=liaison(support), status=d.status, progress=d.progress, note="Đã phối hợp rà soát."
    )
    assert d.updates.count() == 1


def test_directive_update_by_supporting_unit_liaison_cannot_change_status_or_cancel():
    support = UnitFactory()
    d = directive()
    d.support_units.add(support)
    helper = liaison(support)
    for status, progress in (("in_progress", 10), ("done", 100), ("cancelled", 0)):
        with pytest.raises(PermissionDenied):
            services.directive_update_post(directive=d, author=helper, status=status, progress=progress, note="x")
    d.refresh_from_db()
    assert d.status == "not_started" and d.progress == 0 and not d.updates.exists()


def test_directive_cancel_is_for_organizers_only():
    d = directive()
    with pytest.raises(PermissionDenied):
        services.directive_update_post(
            directive=d, author=liaison(d.lead_unit), status="cancelled", progress=0, note="Không còn phù hợp."
        )
    services.directive_update_post(directive=d, author=organizer(), status="cancelled", progress=0, note="Thôi.")
    d.refresh_from_db()
    assert d.status == "cancelled"


def test_member_of_the_unit_who_is_not_liaison_cannot_post():
    d = directive()
    colleague = member()
    colleague.profile.unit = d.lead_unit
    colleague.profile.save()
    with pytest.raises(PermissionDenied):
        services.directive_update_post(directive=d, author=colleague, status="in_progress", progress=10)
    assert not d.updates.exists()


def test_directive_update_by_other_unit_liaison_refused():
    d = directive()
    with pytest.raises(PermissionDenied):
        services.directive_update_post(directive=d, author=liaison(UnitFactory()), status="in_progress", progress=10)
    assert not DirectiveUpdate.objects.exists()


def test_directive_update_done_without_note_refused():
    d = directive()
    with pytest.raises(ValidationError, match="note"):
        services.directive_update_post(directive=d, author=organizer(), status="done", progress=100, note=" ")
    d.refresh_from_db()
    assert d.status == "not_started" and not DirectiveUpdate.objects.exists()


def test_directive_update_done_sets_completed_at():
    d = directive()
    services.directive_update_post(directive=d, author=organizer(), status="done", progress=100, note="Xong")
    d.refresh_from_db()
    assert d.status == "done" and d.completed_at is not None


@pytest.mark.parametrize("progress", [-1, 101])
def test_directive_update_progress_outside_range_refused(progress):
    d = directive()
    with pytest.raises(ValidationError):
        services.directive_update_post(directive=d, author=organizer(), status="in_progress", progress=progress)
    assert not DirectiveUpdate.objects.exists()


def test_directive_update_progress_down_needs_note():
    d = directive(progress=60, status="in_progress")
    with pytest.raises(ValidationError, match="Tiến độ giảm"):
        services.directive_update_post(directive=d, author=organizer(), status="in_progress", progress=30)
    services.directive_update_post(
        directive=d, author=organizer(), status="in_progress", progress=30, note="Phải làm lại phần dữ liệu"
    )
    d.refresh_from_db()
    assert d.progress == 30


def test_directive_update_evidence_stored_under_generated_name():
    d = directive()
    upload = SimpleUploadedFile("báo cáo.pdf", b"%PDF-1.4", content_type="application/pdf")
    update = services.directive_update_post(
        directive=d, author=organizer(), status="in_progress", progress=20, evidence=upload
    )
    assert update.evidence.name.startswith("directives/evidence/") and update.evidence.name.endswith(".pdf")
    assert "báo" not in update.evidence.name and update.evidence_name == "báo cáo.pdf"


def test_directive_update_evidence_wrong_type_refused():
    d = directive()
    upload = SimpleUploadedFile("x.html", b"<script>", content_type="text/html")
    with pytest.raises(ValidationError):
        services.directive_update_post(
            directive=d, author=organizer(), status="in_progress", progress=20, evidence=upload
        )
    assert not DirectiveUpdate.objects.exists()


# --- overdue ---------------------------------------------------------------------------------------------------------


def test_overdue_day_boundary_in_ho_chi_minh():
    d = directive(deadline=dt.date(2024, 5, 10))
    # 16:59 UTC on the 10th is 23:59 in Hanoi: still the deadline day, not overdue.
    with mock.patch("django.utils.timezone.now", return_value=dt.datetime(2024, 5, 10, 16, 59, tzinfo=dt.UTC)):
        assert not d.is_overdue
        assert not Directive.objects.overdue().exists()
    # 17:00 UTC on the 10th is 00:00 on the 11th in Hanoi: overdue, although it is still the 10th in UTC.
    with mock.patch("django.utils.timezone.now", return_value=dt.datetime(2024, 5, 10, 17, 0, tzinfo=dt.UTC)):
        assert d.is_overdue
        assert list(Directive.objects.overdue()) == [d]


def test_overdue_excludes_done_and_cancelled():
    directive(deadline=dt.date(2020, 1, 1), status="done", progress=100)
    directive(deadline=dt.date(2020, 1, 1), status="cancelled")
    assert not Directive.objects.overdue(today=dt.date(2024, 1, 1)).exists()


# --- carry-over ------------------------------------------------------------------------------------------------------


def test_carry_over_creates_directive_in_new_conference():
    old = concluded()
    unfinished = directive(conclusion=old, status="in_progress", progress=70)
    directive(conclusion=old, status="done", progress=100)
    current = ConferenceFactory(starts_at=timezone.now() + dt.timedelta(days=30))
    assert list(carry_over_candidates(conference=current)) == [unfinished]
    deadline = timezone.localdate() + dt.timedelta(days=90)
    (copy,) = services.directive_carry_over(
        conference=current, directives=[unfinished], user=organizer(), deadline=deadline
    )
    assert copy.carried_from == unfinished and copy.conclusion.conference == current and copy.deadline == deadline
    assert copy.progress == 70 and not copy.conclusion.is_published
    assert list(carry_over_candidates(conference=current)) == []


def test_carry_over_done_directive_refused():
    old = concluded()
    done = directive(conclusion=old, status="done", progress=100)
    current = ConferenceFactory(starts_at=timezone.now() + dt.timedelta(days=30))
    with pytest.raises(ValidationError):
        services.directive_carry_over(
            conference=current, directives=[done], user=organizer(), deadline=timezone.localdate()
        )
    assert not Conclusion.objects.filter(conference=current).exists()


# --- reminders -------------------------------------------------------------------------------------------------------


def test_reminders_send_due_and_overdue_once_a_day(django_capture_on_commit_callbacks):
    today = dt.date(2024, 5, 10)
    unit = UnitFactory(name="Văn phòng Sở")
    liaison(unit, email="vp@example.org")
    conclusion = concluded()
    soon = directive(unit, conclusion=conclusion, deadline=today + dt.timedelta(days=7), content="Sắp đến hạn")
    late = directive(unit, conclusion=conclusion, deadline=today - dt.timedelta(days=1), content="Đã quá hạn")
    directive(unit, conclusion=conclusion, deadline=today + dt.timedelta(days=8), content="Còn xa")
    directive(unit, conclusion=conclusion, deadline=today - dt.timedelta(days=1), status="done", progress=100)
    with django_capture_on_commit_callbacks(execute=True):
        summary = services.directive_reminders_send(today=today)
    assert summary.units_mailed == 1 and len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["vp@example.org"]
    assert "Sắp đến hạn" in message.body and "Đã quá hạn" in message.body and "Còn xa" not in message.body
    assert set(DirectiveReminder.objects.values_list("directive", "kind")) == {
        (soon.pk, "due_soon"),
        (late.pk, "overdue"),
    }
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_directive_reminders", "--date", today.isoformat(), stdout=out)
    assert "0 unit(s)" in out.getvalue()
    assert len(mail.outbox) == 1  # the same day: nothing twice
    with django_capture_on_commit_callbacks(execute=True):
        services.directive_reminders_send(today=today + dt.timedelta(days=1))
    assert len(mail.outbox) == 2  # the next day the open ones again


def test_reminders_support_units_get_their_own_mail(django_capture_on_commit_callbacks):
    today = dt.date(2024, 5, 10)
    lead, support = UnitFactory(), UnitFactory()
    liaison(lead)
    liaison(support)
    d = directive(lead, conclusion=concluded(), deadline=today)
    d.support_units.add(support)
    with django_capture_on_commit_callbacks(execute=True):
        services.directive_reminders_send(today=today)
    assert len(mail.outbox) == 2
