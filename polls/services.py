"""Every write on polls and the closing survey (views, the console, the demo data and tests call these).

A vote locks its poll's row: closing the poll waits for the votes in flight and no vote gets in after it, and a
member's second vote replaces the first rather than adding to it (the database's unique constraints back this up).
Opening, closing and every vote move the conference's live version in the same transaction, so the projector's feed
shows the change at its next poll and answers 304 while nothing changed.
"""

import logging
from collections.abc import Sequence

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from conferences.models import Conference, Participant
from core.text import normalize
from notifications.models import Notification
from notifications.services import notify
from polls.models import (
    MAX_OPTIONS,
    MIN_OPTIONS,
    OPTION_MAX_LENGTH,
    RATING_VALUES,
    SURVEY_MAX_QUESTIONS,
    Poll,
    PollOption,
    PollVote,
    Survey,
    SurveyAnswer,
    SurveyQuestion,
    SurveyResponse,
)
from questions import live_feed

logger = logging.getLogger(__name__)


# --- preparing polls -------------------------------------------------------------------------------------------------


def clean_options(kind: str, labels: Sequence[str]) -> list[str]:
    """The options as typed, normalised, blank lines dropped; a choice poll needs 2 to 8 different ones."""
    options = [normalize(label).strip() for label in labels]
    options = [label for label in options if label]
    if kind == Poll.Kind.RATING:
        return []
    if len(options) < MIN_OPTIONS:
        raise ValidationError(
            _("A choice poll needs at least %(count)d options, one per line."),
            code="too_few_options",
            params={"count": MIN_OPTIONS},
        )
    if len(options) > MAX_OPTIONS:
        raise ValidationError(
            _("A poll may have at most %(count)d options."), code="too_many_options", params={"count": MAX_OPTIONS}
        )
    if any(len(label) > OPTION_MAX_LENGTH for label in options):
        raise ValidationError(
            _("An option may be at most %(count)d characters long."),
            code="option_too_long",
            params={"count": OPTION_MAX_LENGTH},
        )
    folded = [label.casefold() for label in options]
    if len(set(folded)) != len(folded):
        raise ValidationError(_("Two options are the same."), code="duplicate_options")
    return options


def _check_conference_takes_polls(conference: Conference) -> None:
    if conference.status not in (Conference.Status.DRAFT, *Conference.Status.ACTIVE):
        raise ValidationError(_("This conference has ended: polls can no longer be prepared."), code="ended")


@transaction.atomic
def poll_create(
    *,
    conference: Conference,
    by: AbstractBaseUser,
    question: str,
    kind: str,
    allow_anonymous: bool,
    options: Sequence[str] = (),
) -> Poll:
    _check_conference_takes_polls(conference)
    labels = clean_options(kind, options)
    poll = Poll.objects.create(
        conference=conference,
        question=normalize(question).strip(),
        kind=kind,
        allow_anonymous=allow_anonymous,
        created_by=by,
    )
    PollOption.objects.bulk_create(PollOption(poll=poll, label=label, order=n) for n, label in enumerate(labels, 1))
    logger.info("poll %s prepared for conference %s by %s", poll.pk, conference.pk, by.get_username())
    return poll


def _locked(poll: Poll) -> Poll:
    return Poll.objects.select_for_update().select_related("conference").get(pk=poll.pk)


@transaction.atomic
def poll_update(
    *, poll: Poll, by: AbstractBaseUser, question: str, kind: str, allow_anonymous: bool, options: Sequence[str] = ()
) -> Poll:
    """A poll can be changed until it opens: after that the votes answer the question as it was."""
    poll = _locked(poll)
    if poll.status != Poll.Status.PREPARED:
        raise ValidationError(_("This poll has been opened: it can no longer be changed."), code="not_prepared")
    labels = clean_options(kind, options)
    poll.question, poll.kind, poll.allow_anonymous = normalize(question).strip(), kind, allow_anonymous
    poll.save(update_fields=["question", "kind", "allow_anonymous"])
    poll.options.all().delete()
    PollOption.objects.bulk_create(PollOption(poll=poll, label=label, order=n) for n, label in enumerate(labels, 1))
    return poll


@transaction.atomic
def poll_delete(*, poll: Poll, by: AbstractBaseUser) -> None:
    poll = _locked(poll)
    if poll.status != Poll.Status.PREPARED:
        raise ValidationError(
            _("This poll has been opened: its results stay with the record and it cannot be deleted."),
            code="not_prepared",
        )
    logger.info("poll %s deleted by %s", poll.pk, by.get_username())
    poll.delete()


# --- the session: open, close, vote ----------------------------------------------------------------------------------


@transaction.atomic
def poll_open(*, poll: Poll, by: AbstractBaseUser) -> Poll:
    """One open poll per conference: the conference row is locked, so two organizers opening two polls at once get
    one open poll and one clear refusal (the partial unique constraint stands behind it)."""
    conference = Conference.objects.select_for_update().get(pk=poll.conference_id)
    poll = _locked(poll)
    if poll.status != Poll.Status.PREPARED:
        raise ValidationError(_("Only a prepared poll can be opened."), code="not_prepared")
    if conference.status not in Conference.Status.ACTIVE:
        raise ValidationError(
            _("Polls are opened while the conference is open or in session."), code="conference_not_active"
        )
    other = Poll.objects.filter(conference=conference, status=Poll.Status.OPEN).first()
    if other is not None:
        raise ValidationError(
            _("The poll “%(question)s” is still open: close it first."),
            code="another_open",
            params={"question": other.question},
        )
    poll.status, poll.opened_at = Poll.Status.OPEN, timezone.now()
    poll.save(update_fields=["status", "opened_at"])
    live_feed.bump(conference.pk)
    logger.info("poll %s opened by %s", poll.pk, by.get_username())
    return poll


@transaction.atomic
def poll_close(*, poll: Poll, by: AbstractBaseUser | None) -> Poll:
    poll = _locked(poll)
    if poll.status != Poll.Status.OPEN:
        raise ValidationError(_("This poll is not open."), code="not_open")
    poll.status, poll.closed_at = Poll.Status.CLOSED, timezone.now()
    poll.save(update_fields=["status", "closed_at"])
    live_feed.bump(poll.conference_id)
    logger.info("poll %s closed by %s", poll.pk, by.get_username() if by else "the conclusion")
    return poll


def _choices(poll: Poll, option_ids: Sequence[int], rating: int | None) -> tuple[list[PollOption], int | None]:
    if poll.kind == Poll.Kind.RATING:
        if rating not in RATING_VALUES:
            raise ValidationError(_("Choose a rating from 1 to 5."), code="rating")
        return [], rating
    wanted = {int(pk) for pk in option_ids}
    options = [option for option in poll.options.all() if option.pk in wanted]
    if len(options) != len(wanted) or not options:
        raise ValidationError(_("Choose one of the poll's options."), code="option")
    if poll.kind == Poll.Kind.SINGLE and len(options) > 1:
        raise ValidationError(_("This poll takes one choice only."), code="single")
    return options, None


def poll_vote(
    *,
    poll: Poll,
    user: AbstractBaseUser | None,
    browser_key: str = "",
    option_ids: Sequence[int] = (),
    rating: int | None = None,
) -> PollVote:
    """Record a member's vote, or a browser's where the poll allows visitors; a second vote replaces the first."""
    for attempt in range(2):
        try:
            return _vote(poll, user, browser_key, option_ids, rating)
        except IntegrityError:
            # Two first votes of the same voter at once: the other one won the insert; this one now replaces it.
            if attempt:
                raise
    raise AssertionError("unreachable")


@transaction.atomic
def _vote(poll, user, browser_key, option_ids, rating) -> PollVote:
    poll = _locked(poll)
    if poll.status == Poll.Status.PREPARED:
        raise ValidationError(_("This poll is not open yet."), code="not_open")
    if poll.status == Poll.Status.CLOSED:
        raise ValidationError(_("This poll is closed: votes are no longer accepted."), code="closed")
    member = user is not None and user.is_authenticated
    if not member and not (poll.allow_anonymous and browser_key):
        raise ValidationError(_("Log in to vote in this poll."), code="login")
    options, rating = _choices(poll, option_ids, rating)
    lookup = {"voter": user} if member else {"voter": None, "browser_key": browser_key}
    vote = PollVote.objects.filter(poll=poll, **lookup).first()
    if vote is None:
        vote = PollVote.objects.create(poll=poll, rating=rating, **lookup)
    else:
        vote.rating = rating
        vote.save(update_fields=["rating", "updated_at"])
    vote.options.set(options)
    live_feed.bump(poll.conference_id)
    return vote


def voter_has_voted(*, poll: Poll, user, browser_key: str = "") -> PollVote | None:
    if user is not None and user.is_authenticated:
        return PollVote.objects.filter(poll=poll, voter=user).prefetch_related("options").first()
    if browser_key:
        return PollVote.objects.filter(poll=poll, browser_key=browser_key).prefetch_related("options").first()
    return None


# --- the closing survey ----------------------------------------------------------------------------------------------


@transaction.atomic
def survey_save(
    *, conference: Conference, by: AbstractBaseUser, intro: str, questions: Sequence[tuple[str, str]]
) -> Survey:
    """Define (or redefine) the survey: (prompt, kind) pairs in order. Once somebody answered, the questions stay as
    they were answered. Saved after the conference concluded, the invitations go out at once."""
    conference = Conference.objects.select_for_update().get(pk=conference.pk)
    rows = [(normalize(prompt).strip(), kind) for prompt, kind in questions]
    rows = [(prompt, kind) for prompt, kind in rows if prompt]
    if not rows:
        raise ValidationError(_("Write at least one question."), code="no_questions")
    if len(rows) > SURVEY_MAX_QUESTIONS:
        raise ValidationError(
            _("A survey may have at most %(count)d questions."),
            code="too_many",
            params={"count": SURVEY_MAX_QUESTIONS},
        )
    if any(kind not in SurveyQuestion.Kind.values for _prompt, kind in rows):
        raise ValidationError(_("Choose the kind of each question."), code="kind")
    survey, _created = Survey.objects.get_or_create(conference=conference)
    current = [(q.prompt, q.kind) for q in survey.questions.all()]
    if survey.responses.exists() and current != rows:
        raise ValidationError(
            _("Participants have already answered this survey: its questions can no longer be changed."),
            code="answered",
        )
    survey.intro = normalize(intro or "").strip()
    survey.save(update_fields=["intro", "updated_at"])
    if current != rows:
        survey.questions.all().delete()
        SurveyQuestion.objects.bulk_create(
            SurveyQuestion(survey=survey, order=n, prompt=prompt, kind=kind) for n, (prompt, kind) in enumerate(rows, 1)
        )
    if conference.status == Conference.Status.CONCLUDED:
        survey_invite(survey=survey)
    return survey


def survey_invitees(conference: Conference) -> list:
    """The participants' accounts, once each (a person may be listed twice), active ones only."""
    seen, users = set(), []
    for participant in (
        Participant.objects.filter(conference=conference, user__isnull=False, user__is_active=True)
        .select_related("user")
        .order_by("order", "pk")
    ):
        if participant.user_id not in seen:
            seen.add(participant.user_id)
            users.append(participant.user)
    return users


def survey_invite(*, survey: Survey) -> int:
    """Notify every invitee (in the portal, and by e-mail through the outbox unless they turned it off), in this
    transaction; once per person for good, whatever calls it again."""
    if survey.invitations_sent_at is not None or not survey.questions.exists():
        return 0
    conference = survey.conference
    invited = notify(
        survey_invitees(conference),
        Notification.Kind.SURVEY_INVITATION,
        title=lambda: _("Closing survey: %(title)s") % {"title": conference.title},
        url=reverse("polls:survey", kwargs={"slug": conference.slug}),
        email_template="polls/email/survey_invitation",
        email_context={"conference": conference},
        key=f"survey:{survey.pk}:invitation",
    )
    survey.invitations_sent_at = timezone.now()
    survey.save(update_fields=["invitations_sent_at", "updated_at"])
    return len(invited)


@transaction.atomic
def survey_respond(
    *, survey: Survey, user: AbstractBaseUser, ratings: dict[int, int | None], texts: dict[int, str]
) -> SurveyResponse:
    """One response per participant (a database constraint); every rating question needs its rating."""
    survey = Survey.objects.select_for_update().select_related("conference").get(pk=survey.pk)
    if not survey.accepts_responses:
        raise ValidationError(_("This survey is not accepting answers now."), code="closed")
    if not Participant.objects.filter(conference=survey.conference, user=user).exists():
        raise ValidationError(_("Only the participants of the conference answer its survey."), code="not_invited")
    if SurveyResponse.objects.filter(survey=survey, respondent=user).exists():
        raise ValidationError(_("You have already answered this survey. Thank you!"), code="already")
    questions = list(survey.questions.all())
    answers = []
    for question in questions:
        if question.kind == SurveyQuestion.Kind.RATING:
            rating = ratings.get(question.pk)
            if rating not in RATING_VALUES:
                raise ValidationError(
                    _("Give a rating from 1 to 5 for “%(question)s”."),
                    code="rating",
                    params={"question": question.prompt},
                )
            answers.append(SurveyAnswer(question=question, rating=rating))
        else:
            text = normalize(texts.get(question.pk) or "").strip()
            if text:
                answers.append(SurveyAnswer(question=question, text=text))
    try:
        with transaction.atomic():
            response = SurveyResponse.objects.create(survey=survey, respondent=user)
    except IntegrityError as error:
        raise ValidationError(_("You have already answered this survey. Thank you!"), code="already") from error
    for answer in answers:
        answer.response = response
    SurveyAnswer.objects.bulk_create(answers)
    return response


# --- when the conference moves on ------------------------------------------------------------------------------------


def on_conference_transitioned(sender, *, conference: Conference, previous: str, by, **kwargs) -> None:
    """In the transaction of the change: a concluded conference closes its open poll and invites to its survey."""
    if conference.status != Conference.Status.CONCLUDED:
        return
    for poll in Poll.objects.filter(conference=conference, status=Poll.Status.OPEN):
        poll_close(poll=poll, by=by)
    survey = Survey.objects.filter(conference=conference).select_related("conference").first()
    if survey is not None:
        survey.conference = conference
        survey_invite(survey=survey)
