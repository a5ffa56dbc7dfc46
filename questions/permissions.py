"""Who may do what with concerns, answers, the conclusion and its directives: every rule of the app, as named
predicates, and the helpers that return the object a user asked for or raise Http404 / PermissionDenied.

Views, templates (through the context processor and the views' context), forms, services and the admin ask these;
nothing else in the app looks at groups or at is_superuser.

Answers: organizers record any answer in any responder's name and assign a concern to a leader, optionally with a unit
to draft the answer. A leader answers, in his or her own name, the concerns assigned to him or her (or, assigned to
nobody, addressed to his or her unit); the chair of a conference answers any of its concerns, and so does the leader the
live console shows as answering now. The drafting unit's liaisons write the draft; they never publish it. Drafts are
read by them, by whoever may answer the concern, and by organizers: never by anyone else.

Directives: organizers do everything. The appointed liaisons of the lead unit post progress, change the status and
report the directive done, which an organizer then confirms or sends back; the liaisons of a supporting unit post
notes and evidence but change neither status nor progress. Cancelling a directive is for organizers only.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from conferences.models import Conference, Liaison, Participant, Profile
from conferences.permissions import conferences_readable_by, is_liaison_of, liaison_unit_ids
from core.roles import is_leader, is_member, is_organizer
from questions.models import Answer, Conclusion, Directive, DirectiveUpdate, Question

# --- concerns --------------------------------------------------------------------------------------------------------


def can_participate(user) -> bool:
    """Submit and support concerns: anyone with an account in one of the role groups, or an admin."""
    return is_member(user)


def can_be_offered_submission(user, conference: Conference) -> bool:
    """Show the "submit a concern" button: the conference takes concerns now, and the user may send one (a visitor
    who is not logged in is offered it too: the form asks them to log in first)."""
    if not (conference.is_published and conference.accepts_questions):
        return False
    return not user.is_authenticated or can_participate(user)


def can_moderate(user) -> bool:
    """Approve, reject, merge, reword and classify concerns, and run the live console: organizers (and admins)."""
    return is_organizer(user)


def can_answer(user) -> bool:
    """Record answers: leaders, in their own name, and organizers, in any responder's name."""
    return is_leader(user) or is_organizer(user)


def can_answer_for_anyone(user) -> bool:
    """Choose who answered, rather than answering as oneself."""
    return is_organizer(user)


def can_correct_answer(user, answer: Answer) -> bool:
    """Organizers correct any answer; a leader the answers given in his or her name or typed by him or her."""
    if is_organizer(user):
        return True
    return is_leader(user) and (
        answer.recorded_by_id == user.pk or (answer.responder is not None and answer.responder.user_id == user.pk)
    )


def _profile_unit_id(user) -> int | None:
    profile = getattr(user, "profile", None)
    return profile.unit_id if profile is not None else None


def is_for_leader(user, question: Question) -> bool:
    """The concern waits for this leader's answer: assigned to him or her, or assigned to nobody and addressed to the
    leader's unit."""
    if not is_leader(user):
        return False
    if question.assigned_leader_id is not None:
        return question.assigned_leader_id == user.pk
    unit_id = _profile_unit_id(user)
    return unit_id is not None and question.addressed_to_unit_id == unit_id


def _chairs_or_answers_now(user, question: Question) -> bool:
    """The user is the chair of the concern's conference, or the responder the live console shows for it."""
    rows = Q(conference_id=question.conference_id, role=Participant.Role.CHAIR)
    if question.live_responder_id:
        rows |= Q(pk=question.live_responder_id)
    return Participant.objects.filter(rows, user=user).exists()


def can_answer_question(user, question: Question) -> bool:
    """Record an answer to this concern: organizers any; a leader one waiting for him or her (is_for_leader), and the
    chair of its conference (or the leader answering it now in the live session) any of the conference's."""
    if is_organizer(user):
        return True
    if not is_leader(user):
        return False
    return is_for_leader(user, question) or _chairs_or_answers_now(user, question)


def can_assign(user) -> bool:
    """Assign a concern to a leader to answer, and to a unit to draft the answer: organizers (and admins)."""
    return is_organizer(user)


def can_draft(user, question: Question) -> bool:
    """Write the draft answer: the appointed liaisons of the unit the organizers asked to draft it, while the concern
    waits for its answer."""
    return (
        question.status == Question.Status.APPROVED
        and question.drafting_unit_id is not None
        and is_liaison_of(user, question.drafting_unit_id)
    )


def can_see_draft(user, question: Question) -> bool:
    """Read the draft answer: its unit's liaisons, whoever may answer the concern, organizers; nobody else."""
    if not user.is_authenticated:
        return False
    if question.drafting_unit_id is not None and is_liaison_of(user, question.drafting_unit_id):
        return True
    return can_answer_question(user, question)


def can_publish_draft(user, question: Question) -> bool:
    """Publish the draft as the answer: only those who may answer the concern (a drafting liaison may not)."""
    return can_answer_question(user, question)


def can_see_answer_queue(user) -> bool:
    """The queue of concerns waiting for an answer or a draft: leaders, liaisons, and organizers (every assignment)."""
    return is_leader(user) or is_organizer(user) or bool(liaison_unit_ids(user))


def has_own_answer_queue(user) -> bool:
    """The menu links a leader to the concerns waiting for his or her answer; organizers, who see every assignment
    there, find the queue in their user menu instead."""
    return is_leader(user) and not is_organizer(user)


def answer_queue_q(user, *, everyone_assigned: bool = False) -> Q:
    """The concerns waiting on the user: to answer as a leader (is_for_leader) or to draft as a liaison; with
    everyone_assigned (organizers), every concern assigned to a leader or a unit.

    Written with subqueries, so that counting them for the menu is one query.
    """
    if everyone_assigned:
        return Q(assigned_leader__isnull=False) | Q(drafting_unit__isnull=False)
    waiting = Q(drafting_unit__in=Liaison.objects.filter(user=user).values("unit"))
    if is_leader(user):
        waiting |= Q(assigned_leader=user) | Q(
            assigned_leader__isnull=True,
            addressed_to_unit__in=Profile.objects.filter(user=user, unit__isnull=False).values("unit"),
        )
    return waiting


def can_see_statistics(user) -> bool:
    """The dashboard: leaders and organizers."""
    return is_leader(user) or is_organizer(user)


def can_see_audit_trail(user) -> bool:
    return is_organizer(user)


def can_see_author(user, question: Question) -> bool:
    """Who wrote a concern: shown unless it was sent anonymously; organizers and the author always see it.

    Every page, export, feed and API that names an author asks this; the author's unit is hidden with the name.
    """
    if not question.is_anonymous:
        return True
    return is_organizer(user) or (user.is_authenticated and question.author_id == user.pk)


def can_export(user) -> bool:
    """Download the lists as spreadsheets: organizers, and leaders for what they may read."""
    return is_leader(user) or is_organizer(user)


def can_export_all_concerns(user) -> bool:
    """Export every concern received, whatever its status (staff compile reports of all of them): organizers."""
    return is_organizer(user)


def questions_readable_q(user) -> Q:
    """Concerns a user may read: public ones of published conferences, their own, and all of them for organizers."""
    if is_organizer(user):
        return Q()
    readable = Q(status__in=Question.Status.PUBLIC, conference__is_published=True)
    if user.is_authenticated:
        readable |= Q(author=user)
    return readable


# --- conclusion and directives ---------------------------------------------------------------------------------------


def can_manage_conclusion(user) -> bool:
    """Write and publish the conclusion and its directives, and carry directives over: organizers (and admins)."""
    return is_organizer(user)


def conclusions_readable_q(user) -> Q:
    """Conclusions a user may read: organizers all; others the published ones of published conferences."""
    if can_manage_conclusion(user):
        return Q()
    return Q(is_published=True, conference__is_published=True)


def directives_readable_q(user) -> Q:
    """Directives a user may read: organizers all; others those of published conclusions of published conferences."""
    if is_organizer(user):
        return Q()
    return Q(conclusion__is_published=True, conclusion__conference__is_published=True)


def _support_unit_ids(directive: Directive) -> set[int]:
    return {unit.pk for unit in directive.support_units.all()}


def is_lead_liaison(user, directive: Directive) -> bool:
    return is_liaison_of(user, directive.lead_unit_id)


def is_support_liaison(user, directive: Directive) -> bool:
    ids = liaison_unit_ids(user)
    return bool(ids) and bool(ids & _support_unit_ids(directive))


def can_post_note(user, directive: Directive) -> bool:
    """Post a note or evidence on a directive: organizers, and liaisons of its lead or a supporting unit.

    A directive carried over is closed: its work goes on, and is posted, on the directive it was carried to.
    """
    if not user.is_authenticated or directive.status == Directive.Status.CARRIED_OVER:
        return False
    return is_organizer(user) or is_lead_liaison(user, directive) or is_support_liaison(user, directive)


def can_change_progress(user, directive: Directive) -> bool:
    """Change a directive's status and progress (report it done): organizers and liaisons of the lead unit."""
    if not user.is_authenticated:
        return False
    return is_organizer(user) or is_lead_liaison(user, directive)


def can_cancel_directive(user) -> bool:
    return is_organizer(user)


def can_set_status(user, directive: Directive, status: str) -> bool:
    """A liaison reports a directive done; only organizers mark it done (or confirm the report). Carrying over is
    done by the carry-over, never by choosing the status."""
    if status == Directive.Status.CANCELLED:
        return can_cancel_directive(user)
    if status == Directive.Status.DONE:
        return is_organizer(user)
    if status == Directive.Status.CARRIED_OVER:
        return False
    return can_change_progress(user, directive)


def can_review_done(user) -> bool:
    """Confirm a directive reported done, or send it back with a reason: organizers (and admins)."""
    return is_organizer(user)


def can_confirm_done(user, directive: Directive) -> bool:
    """The directive waits for confirmation and the user may give it (or send the directive back)."""
    return directive.status == Directive.Status.REPORTED_DONE and can_review_done(user)


# --- get the object for a purpose, or raise --------------------------------------------------------------------------


def get_conference_for_moderator(user, slug: str) -> Conference:
    """Organizers (and admins) only: others get 403; anonymous users are sent to log in by the views' decorators."""
    if not can_moderate(user):
        raise PermissionDenied
    return get_object_or_404(Conference, slug=slug)


def get_conference_for_conclusion_writer(user, slug: str) -> Conference:
    if not can_manage_conclusion(user):
        raise PermissionDenied
    return get_object_or_404(Conference, slug=slug)


def get_conference_for_viewer(user, slug: str) -> Conference:
    """Published conferences for everyone; an unpublished one only for organizers (404 for anybody else).

    An anonymous request never touches the session: the user is only looked at for an unpublished conference.
    """
    conference = Conference.objects.filter(slug=slug).first()
    if conference is None or (not conference.is_published and not is_organizer(user)):
        raise Http404
    return conference


def get_conference_for_exporter(user, slug: str) -> Conference:
    """The conference whose concerns a leader or organizer exports; 403 for others, 404 if they may not read it."""
    if not can_export(user):
        raise PermissionDenied
    return get_object_or_404(conferences_readable_by(user), slug=slug)


def get_question_for_reader(user, pk: int, queryset=None) -> Question:
    """A concern is readable when public, by its author, and by organizers; anyone else gets 404."""
    queryset = Question.objects.all() if queryset is None else queryset
    return get_object_or_404(queryset.filter(questions_readable_q(user)), pk=pk)


def get_question_for_author(user, pk: int) -> Question:
    """The author's own concern; another member's concern is a 404, as if it did not exist."""
    if not user.is_authenticated:
        raise Http404
    return get_object_or_404(
        Question.objects.select_related("conference", "topic", "addressed_to_unit"), pk=pk, author=user
    )


def get_question_for_moderator(conference: Conference, pk: int) -> Question:
    """A concern of the conference the moderator was let into (get_conference_for_moderator)."""
    return get_object_or_404(Question.objects.select_related("conference"), pk=pk, conference=conference)


def get_question_for_answerer(user, pk: int) -> Question:
    """Leaders and organizers record answers, a leader only on a concern he or she may answer; others get 403."""
    if not can_answer(user):
        raise PermissionDenied
    question = get_object_or_404(Question.objects.select_related("conference", "drafting_unit"), pk=pk)
    if not can_answer_question(user, question):
        raise PermissionDenied
    return question


def get_question_for_assigner(user, pk: int) -> Question:
    if not can_assign(user):
        raise PermissionDenied
    return get_object_or_404(
        Question.objects.select_related("conference", "assigned_leader", "drafting_unit", "addressed_to_unit"), pk=pk
    )


def get_question_for_draft_reader(user, pk: int) -> Question:
    """The concern with its draft answer, for those who may read the draft (can_see_draft); 403 for anybody else,
    another unit's liaison included."""
    question = get_object_or_404(
        Question.objects.select_related(
            "conference", "assigned_leader", "drafting_unit", "topic", "addressed_to_unit", "author", "author_unit"
        ),
        pk=pk,
    )
    if not can_see_draft(user, question):
        raise PermissionDenied
    return question


def get_answer_for_corrector(user, question_pk: int, pk: int) -> Answer:
    answer = get_object_or_404(
        Answer.objects.select_related("question__conference", "responder"), pk=pk, question_id=question_pk
    )
    if not can_correct_answer(user, answer):
        raise PermissionDenied
    return answer


def get_conclusion_for_reader(user, slug: str) -> tuple[Conference, Conclusion | None]:
    """Published conclusions of published conferences for everyone; organizers also see drafts (or none yet)."""
    conference = get_object_or_404(conferences_readable_by(user), slug=slug)
    conclusion = (
        Conclusion.objects.filter(conference=conference)
        .select_related("signed_by", "conference")
        .prefetch_related(
            Prefetch(
                "directives",
                queryset=Directive.objects.with_carried_to(directives_readable_q(user))
                .select_related("lead_unit", "carried_from__conclusion__conference")
                .prefetch_related("support_units")
                .order_by("order"),
            )
        )
        .first()
    )
    if can_manage_conclusion(user):
        return conference, conclusion
    if conclusion is None or not conclusion.is_published:
        raise Http404
    return conference, conclusion


def get_directive_for_reader(user, pk: int) -> Directive:
    queryset = (
        Directive.objects.filter(directives_readable_q(user))
        .select_related(
            "conclusion__conference", "conclusion__signed_by", "lead_unit", "carried_from__conclusion__conference"
        )
        .prefetch_related("support_units")
    )
    return get_object_or_404(queryset, pk=pk)


def get_directive_for_note(user, pk: int) -> Directive:
    """A directive the user may post on (a note at least); 404 if unreadable, 403 if not theirs."""
    directive = get_directive_for_reader(user, pk)
    if not can_post_note(user, directive):
        raise PermissionDenied
    return directive


def get_directive_for_reviewer(user, pk: int) -> Directive:
    """A directive an organizer confirms or sends back; 403 for anybody else."""
    if not can_review_done(user):
        raise PermissionDenied
    return get_directive_for_reader(user, pk)


def get_update_for_evidence_reader(user, pk: int) -> DirectiveUpdate:
    """The evidence of an update, to those who may read its directive."""
    update = get_object_or_404(
        DirectiveUpdate.objects.select_related("directive").filter(
            directive__in=Directive.objects.filter(directives_readable_q(user))
        ),
        pk=pk,
    )
    if not update.evidence:
        raise Http404
    return update
