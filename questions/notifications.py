"""Plain-text e-mails to the author of a concern: received, approved, rejected (with the reason), merged, answered.

The services call these in their transaction: the message is queued in the outbox with the change, so nothing is
sent for a change that rolled back, and the task worker sends it. The e-mails are written in the site's language
(Vietnamese) whatever language the moderator's page was in; authors without an e-mail address are skipped.
"""

from django.urls import reverse

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
