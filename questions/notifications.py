"""Telling people what happened to concerns and directives: e-mails to the author of a concern (received, approved,
rejected with the reason, merged) and, through notifications.services.notify, the portal's notifications with their
e-mail (a concern submitted or answered, a directive assigned, near its deadline, progress posted, a done report
confirmed or sent back).

The services call these in their transaction: the message is queued in the outbox with the change, so nothing is
sent for a change that rolled back, and the task worker sends it. Everything is written in the site's language
(Vietnamese) whatever language the page that caused it was in; people without an e-mail address get no e-mail.
"""

from collections.abc import Iterable

from django.urls import reverse
from django.utils.translation import gettext as _

from conferences.models import Liaison
from core.mail import queue_site_mail
from core.roles import organizer_users
from notifications.models import Notification
from notifications.services import notify
from questions.models import Answer, Directive, DirectiveUpdate, Question, Support


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
    """The author's receipt, and the organizers' notification that a concern waits for moderation."""
    sent = _send(question_id, "received", base_url=base_url)
    question = Question.objects.select_related("conference").filter(pk=question_id).first()
    if question is not None:
        notify(
            organizer_users(),
            Notification.Kind.CONCERN_SUBMITTED,
            title=lambda: (
                _("New concern %(reference)s “%(title)s” in %(conference)s")
                % {"reference": question.reference, "title": question.title, "conference": question.conference.title}
            ),
            url=reverse("conference_questions:moderate", args=[question.conference.slug]),
            key=f"question:{question.pk}:submitted",
        )
    return sent


def question_approved(question_id: int, *, base_url: str = "") -> bool:
    return _send(question_id, "approved", base_url=base_url)


def question_rejected(question_id: int, *, base_url: str = "") -> bool:
    return _send(question_id, "rejected", base_url=base_url)


def question_merged(question_id: int, *, base_url: str = "") -> bool:
    question = Question.objects.filter(pk=question_id).only("duplicate_of_id").first()
    target_url = base_url.rstrip("/") + reverse("questions:detail", args=[question.duplicate_of_id]) if question else ""
    return _send(question_id, "merged", base_url=base_url, target_url=target_url)


def question_answered(question_id: int, *, answer_id: int, base_url: str = "") -> bool:
    """The author and every supporter: one notification each, and one e-mail carrying the answer."""
    question = Question.objects.select_related("conference").filter(pk=question_id).first()
    answer = Answer.objects.select_related("responder").filter(pk=answer_id).first()
    if question is None or answer is None:
        return False
    recipients = [question.author_id, *Support.objects.filter(question=question).values_list("user_id", flat=True)]
    created = notify(
        recipients,
        Notification.Kind.CONCERN_ANSWERED,
        title=lambda: (
            _("Concern %(reference)s “%(title)s” has been answered")
            % {"reference": question.reference, "title": question.title}
        ),
        url=question.get_absolute_url(),
        email_template="questions/email/answered",
        email_context={"question": question, "answer": answer},
        key=f"question:{question_id}:answer:{answer_id}",
    )
    return bool(created)


# --- directives ------------------------------------------------------------------------------------------------------


def _liaison_ids(unit_ids: Iterable[int]) -> list[int]:
    return list(Liaison.objects.filter(unit_id__in=list(unit_ids)).values_list("user_id", flat=True))


def directive_assigned(directive: Directive) -> None:
    """The liaisons of the lead and supporting units, once per unit (a unit added later is told then)."""
    conference = directive.conclusion.conference
    units = [directive.lead_unit, *directive.support_units.all()]
    for unit in units:
        lead = unit.pk == directive.lead_unit_id
        notify(
            _liaison_ids([unit.pk]),
            Notification.Kind.DIRECTIVE_ASSIGNED,
            title=lambda unit=unit, lead=lead: (
                (
                    _("%(unit)s leads directive %(order)s of %(conference)s")
                    if lead
                    else _("%(unit)s supports directive %(order)s of %(conference)s")
                )
                % {"unit": unit.short_name or unit.name, "order": directive.order, "conference": conference.title}
            ),
            url=reverse("followup:directive", args=[directive.pk]),
            email_template="questions/followup/email/assigned",
            email_context={"directive": directive, "unit": unit, "is_lead": lead, "conference": conference},
            key=f"directive:{directive.pk}:assigned:{unit.pk}",
        )


def directives_assigned(directives: Iterable[Directive]) -> None:
    for directive in directives:
        directive_assigned(directive)


def directive_deadline_near(directive: Directive, *, days: int) -> None:
    """The liaisons of its units, `days` before the deadline; once per directive, deadline and distance."""
    unit_ids = [directive.lead_unit_id, *(unit.pk for unit in directive.support_units.all())]
    notify(
        _liaison_ids(unit_ids),
        Notification.Kind.DIRECTIVE_DEADLINE,
        title=lambda: (
            _("Directive %(order)s of %(conference)s is due on %(deadline)s")
            % {
                "order": directive.order,
                "conference": directive.conclusion.conference.title,
                "deadline": directive.deadline.strftime("%d/%m/%Y"),
            }
        ),
        url=reverse("followup:directive", args=[directive.pk]),
        key=f"directive:{directive.pk}:deadline:{directive.deadline.isoformat()}:{days}",
        send_email=False,  # the day's reminder digest is the e-mail
    )


def directive_progress_posted(update: DirectiveUpdate) -> None:
    """The organizers, of what a liaison posted (not of their own updates)."""
    directive = update.directive
    status = (
        _("reports it done, waiting for your confirmation")
        if update.status == Directive.Status.REPORTED_DONE
        else _("%(progress)d%%, %(status)s") % {"progress": update.progress, "status": update.get_status_display()}
    )
    notify(
        organizer_users().exclude(pk=update.author_id),
        Notification.Kind.PROGRESS_POSTED,
        title=lambda: (
            _("%(unit)s on directive %(order)s of %(conference)s: %(status)s")
            % {
                "unit": directive.lead_unit.short_name or directive.lead_unit.name,
                "order": directive.order,
                "conference": directive.conclusion.conference.title,
                "status": status,
            }
        ),
        url=reverse("followup:directive", args=[directive.pk]),
        key=f"directive-update:{update.pk}:posted",
    )


def directive_reviewed(update: DirectiveUpdate, *, confirmed: bool) -> None:
    """The lead unit's liaisons: the organizers confirmed the done report, or sent it back with the reason."""
    directive = update.directive
    values = {"order": directive.order, "conference": directive.conclusion.conference.title, "reason": update.note}
    notify(
        _liaison_ids([directive.lead_unit_id]),
        Notification.Kind.DIRECTIVE_REVIEWED,
        title=lambda: (
            (
                _("Directive %(order)s of %(conference)s is confirmed done")
                if confirmed
                else _("Directive %(order)s of %(conference)s was sent back: %(reason)s")
            )
            % values
        ),
        url=reverse("followup:directive", args=[directive.pk]),
        key=f"directive-update:{update.pk}:reviewed",
    )


# --- answering a concern ---------------------------------------------------------------------------------------------


def _assigned(question_id: int) -> Question | None:
    return (
        Question.objects.select_related("conference", "assigned_leader", "drafting_unit").filter(pk=question_id).first()
    )


def _answering_context(question: Question, base_url: str) -> dict:
    base_url = base_url.rstrip("/")
    return {
        "question": question,
        "question_url": base_url + question.get_absolute_url(),
        "answer_url": base_url + reverse("followup:answer", args=[question.pk]) + "?from=queue",
        "draft_url": base_url + reverse("questions:draft", args=[question.pk]),
        "queue_url": base_url + reverse("questions:to_answer"),
    }


def _assignment_stamp(question: Question) -> int:
    """Assigning the same people again later is a new event; saving the same assignment twice is not."""
    return int(question.assigned_at.timestamp()) if question.assigned_at else 0


def concern_assigned(question_id: int, *, base_url: str = "") -> bool:
    """The leader the organizers assigned the concern to."""
    question = _assigned(question_id)
    if question is None or question.assigned_leader is None:
        return False
    created = notify(
        [question.assigned_leader],
        Notification.Kind.CONCERN_ASSIGNED,
        title=lambda: (
            _("Concern %(reference)s “%(title)s” is assigned to you to answer")
            % {"reference": question.reference, "title": question.title}
        ),
        url=reverse("questions:to_answer"),
        email_template="questions/email/assigned",
        email_context=_answering_context(question, base_url),
        key=f"question:{question.pk}:assigned:{question.assigned_leader_id}:{_assignment_stamp(question)}",
    )
    return bool(created)


def draft_requested(question_id: int, *, base_url: str = "") -> bool:
    """The liaisons of the unit asked to draft the answer."""
    question = _assigned(question_id)
    if question is None or question.drafting_unit is None:
        return False
    created = notify(
        _liaison_ids([question.drafting_unit_id]),
        Notification.Kind.DRAFT_REQUESTED,
        title=lambda: (
            _("%(unit)s is asked to draft the answer to concern %(reference)s “%(title)s”")
            % {
                "unit": question.drafting_unit.short_name or question.drafting_unit.name,
                "reference": question.reference,
                "title": question.title,
            }
        ),
        url=reverse("questions:draft", args=[question.pk]),
        email_template="questions/email/draft_requested",
        email_context=_answering_context(question, base_url),
        key=f"question:{question.pk}:draft-requested:{question.drafting_unit_id}:{_assignment_stamp(question)}",
    )
    return bool(created)


def draft_ready(question_id: int, *, version: int, base_url: str = "") -> bool:
    """The assigned leader: the unit has sent its draft (each sending of a new version tells again)."""
    question = _assigned(question_id)
    if question is None or question.assigned_leader is None:
        return False
    created = notify(
        [question.assigned_leader],
        Notification.Kind.DRAFT_READY,
        title=lambda: (
            _("The draft answer to concern %(reference)s “%(title)s” is ready")
            % {"reference": question.reference, "title": question.title}
        ),
        url=reverse("followup:answer", args=[question.pk]) + "?from=queue",
        email_template="questions/email/draft_ready",
        email_context=_answering_context(question, base_url),
        key=f"question:{question.pk}:draft-ready:{version}",
    )
    return bool(created)
