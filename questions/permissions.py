"""Who may do what with concerns, answers, the conclusion and its directives: every rule of the app, as named
predicates, and the helpers that return the object a user asked for or raise Http404 / PermissionDenied.

Views, templates (through the context processor and the views' context), forms, services and the admin ask these;
nothing else in the app looks at groups or at is_superuser.

Directives: organizers do everything. The appointed liaisons of the lead unit post progress, change the status and
report the directive done; the liaisons of a supporting unit post notes and evidence but change neither status nor
progress. Cancelling a directive is for organizers only.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from conferences.models import Conference
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
    """Post a note or evidence on a directive: organizers, and liaisons of its lead or a supporting unit."""
    if not user.is_authenticated:
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
    if status == Directive.Status.CANCELLED:
        return can_cancel_directive(user)
    return can_change_progress(user, directive)


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
    """Leaders and organizers record answers; everybody else gets 403."""
    if not can_answer(user):
        raise PermissionDenied
    return get_object_or_404(Question.objects.select_related("conference"), pk=pk)


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
                queryset=Directive.objects.select_related("lead_unit", "carried_from__conclusion__conference")
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
