"""Plain-text e-mails to the author of a concern: received, approved, rejected (with the reason), merged, answered;
and to those who answer it: the leader it is assigned to, the liaisons of the unit asked to draft the answer, and the
leader again when the draft is ready.

The services call these in their transaction: the message is queued in the outbox with the change, so nothing is
sent for a change that rolled back, and the task worker sends it. The e-mails are written in the site's language
(Vietnamese) whatever language the moderator's page was in; authors without an e-mail address are skipped.
"""

from django.urls import reverse

from conferences.models import Liaison
from core.mail import queue_site_mail
from questions.models import Answer, Question


def _send(question_id: int, kind: str, *, base_url: str = "", key: str = "", **extra) -> bool:
    question = (
        Question.objects.select_related("author", "conference", "duplicate_of", "duplicate_of__conference")
        .filter(pk=question_id)
        .first()
    )
    if question is None or question.author is None or not question.author.email:
        return False
    base_url = base_url.rstrip("/")
    context = {
        "question": question,
        "author_name": question.author.get_full_name() or question.author.get_username(),
        "question_url": base_url + question.get_absolute_url(),
        "mine_url": base_url + reverse("questions:mine"),
        **extra,
    }
    key = key or f"question:{question.pk}:{kind}"
    return queue_site_mail(f"questions/email/{kind}", context, [question.author.email], key=key) is not None


def question_received(question_id: int, *, base_url: str = "") -> bool:
    return _send(question_id, "received", base_url=base_url)


def question_approved(question_id: int, *, base_url: str = "") -> bool:
    return _send(question_id, "approved", base_url=base_url)


def question_rejected(question_id: int, *, base_url: str = "") -> bool:
    return _send(question_id, "rejected", base_url=base_url)


def question_merged(question_id: int, *, base_url: str = "") -> bool:
    question = Question.objects.filter(pk=question_id).only("duplicate_of_id").first()
    target_url = base_url.rstrip("/") + reverse("questions:detail", args=[question.duplicate_of_id]) if question else ""
    return _send(question_id, "merged", base_url=base_url, target_url=target_url)


def question_answered(question_id: int, *, answer_id: int, base_url: str = "") -> bool:
    answer = Answer.objects.select_related("responder").filter(pk=answer_id).first()
    return _send(
        question_id, "answered", base_url=base_url, key=f"question:{question_id}:answer:{answer_id}", answer=answer
    )


# --- to those who answer ---------------------------------------------------------------------------------------------


def _send_to(question: Question, kind: str, recipients, *, base_url: str, key: str, **extra) -> bool:
    base_url = base_url.rstrip("/")
    context = {
        "question": question,
        "question_url": base_url + question.get_absolute_url(),
        "answer_url": base_url + reverse("followup:answer", args=[question.pk]),
        "draft_url": base_url + reverse("questions:draft", args=[question.pk]),
        "queue_url": base_url + reverse("questions:to_answer"),
        **extra,
    }
    addresses = [user.email for user in recipients if user.is_active and user.email]
    return queue_site_mail(f"questions/email/{kind}", context, addresses, key=key) is not None


def _assigned(question_id: int) -> Question | None:
    return (
        Question.objects.select_related("conference", "assigned_leader", "drafting_unit").filter(pk=question_id).first()
    )


def concern_assigned(question_id: int, *, base_url: str = "") -> bool:
    """To the leader the organizers assigned the concern to."""
    question = _assigned(question_id)
    if question is None or question.assigned_leader is None:
        return False
    stamp = int(question.assigned_at.timestamp()) if question.assigned_at else 0
    return _send_to(
        question,
        "assigned",
        [question.assigned_leader],
        base_url=base_url,
        key=f"question:{question.pk}:assigned:{question.assigned_leader_id}:{stamp}",
    )


def draft_requested(question_id: int, *, base_url: str = "") -> bool:
    """To the liaisons of the unit asked to draft the answer."""
    question = _assigned(question_id)
    if question is None or question.drafting_unit is None:
        return False
    liaisons = [liaison.user for liaison in Liaison.objects.filter(unit=question.drafting_unit).select_related("user")]
    stamp = int(question.assigned_at.timestamp()) if question.assigned_at else 0
    return _send_to(
        question,
        "draft_requested",
        liaisons,
        base_url=base_url,
        key=f"question:{question.pk}:draft-requested:{question.drafting_unit_id}:{stamp}",
    )


def draft_ready(question_id: int, *, version: int, base_url: str = "") -> bool:
    """To the assigned leader: the unit has sent its draft."""
    question = _assigned(question_id)
    if question is None or question.assigned_leader is None:
        return False
    return _send_to(
        question,
        "draft_ready",
        [question.assigned_leader],
        base_url=base_url,
        key=f"question:{question.pk}:draft-ready:{version}",
    )
