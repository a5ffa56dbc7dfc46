"""Load the demo data of the design (section 6): the 2023 dialogue from the seed report, this year's open dialogue and
the demo accounts. Idempotent: every row is found by a natural key (unit name, username, conference slug,
(conference, order), (conference, title), ...) and only created when missing or updated when a field differs, so a
second run changes nothing.
"""

import datetime as dt
import io
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.db import models, transaction
from django.db.models import Count
from django.utils import timezone
from PIL import Image, ImageDraw

from conferences.models import AgendaItem, Conference, Liaison, Participant, Photo, Profile, Unit
from conferences.services import liaison_appoint
from core import mail
from core.text import ascii_slug
from demo import data as demo
from documents.models import OrganizationProfile
from initiatives.models import Initiative, InitiativePhoto, InitiativeUpdate
from polls.models import Poll, Survey
from polls.services import poll_create, survey_save
from questions.models import Answer, Conclusion, Directive, DirectiveUpdate, Question, Support, Topic
from questions.notifications import directives_assigned, question_received
from questions.services import (
    answer_draft_save,
    answer_record,
    question_approve,
    question_assign,
    question_submit,
    support_toggle,
)
from satisfaction.models import Rating
from satisfaction.services import rating_submit

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
DAY_2023 = dt.date(2023, 3, 30)


def at(day: dt.date, hhmm: str) -> dt.datetime:
    """An aware datetime in Vietnam time: at(date(2023, 3, 30), "08:00")."""
    hour, minute = (int(part) for part in hhmm.split(":"))
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=TZ)


def upsert(model: type[models.Model], lookup: dict, values: dict, *, create_only=()) -> tuple[models.Model, bool]:
    """Find the row by its natural key; create it, or update only the fields that differ (no save when none does).

    Fields named in `create_only` are set when the row is created and left alone afterwards (for example the dates
    of this year's conference, which are computed from today).
    """
    obj = model._default_manager.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        obj.full_clean()
        obj.save()
        return obj, True
    changed = False
    for name, value in values.items():
        if name in create_only:
            continue
        field = model._meta.get_field(name)
        if field.many_to_one:
            current, wanted = getattr(obj, field.attname), (value.pk if value is not None else None)
        else:
            current, wanted = getattr(obj, name), value
        if current != wanted:
            setattr(obj, name, value)
            changed = True
    if changed:
        obj.full_clean()
        obj.save()
    return obj, False


def placeholder_jpeg(index: int) -> bytes:
    """A calm placeholder picture (there are no real photos): a hall with a stage backdrop, a table and an audience."""
    palettes = [
        ((46, 84, 120), (214, 226, 236)),
        ((58, 98, 88), (218, 232, 224)),
        ((92, 78, 120), (228, 222, 238)),
        ((120, 92, 62), (238, 228, 214)),
    ]
    dark, light = palettes[(index - 1) % len(palettes)]
    width, height = 1200, 800
    image = Image.new("RGB", (width, height), light)
    draw = ImageDraw.Draw(image)
    draw.rectangle((150, 80, width - 150, 330), fill=dark)  # the stage backdrop
    draw.rectangle((260, 120, width - 260, 170), fill=light)  # the banner on it
    draw.rectangle((300, 380, width - 300, 440), fill=dark)  # the presidium table
    for row in range(3):  # the audience
        for col in range(9):
            x, y = 124 + col * 112, 520 + row * 90
            draw.ellipse((x, y, x + 56, y + 56), fill=dark)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=85)
    return buffer.getvalue()


class Command(BaseCommand):
    help = (
        "Load the demo data: the 2023 dialogue conference from the seed report, this year's open conference and the "
        f"demo accounts (password {demo.DEMO_PASSWORD}). Idempotent. Refuses to run when DEBUG is off unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Create the demo accounts (with a well-known password) even though DEBUG is off.",
        )

    def handle(self, *args, force=False, **options):
        # Checked before anything is written: nothing at all is created when this refuses.
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off: refusing to create demo accounts with the well-known password "
                f"'{demo.DEMO_PASSWORD}' on what may be a production server. Run with --force if you really want them."
            )
        self.created = 0
        with mail.suppressed(), transaction.atomic():
            self.load_organization()
            self.units = self.load_units()
            self.users = self.load_users()
            self.load_liaisons()
            self.topics = self.load_topics()
            past = self.load_conference_2023()
            current = self.load_current_conference()
            self.load_polls_and_survey(current)
            self.recount_supports([past, current])
            self.load_notifications(past, current)
        self.print_summary([past, current])

    # --- units, accounts, topics -------------------------------------------------------------------------------------

    def load_organization(self) -> None:
        _, created = upsert(OrganizationProfile, {"singleton": 1}, demo.ORGANIZATION)
        self.created += created

    def load_units(self) -> dict[str, Unit]:
        units = {}
        for name, short_name, kind, parent in demo.UNITS:
            units[name], created = upsert(
                Unit,
                {"name": name},
                {
                    "short_name": short_name,
                    "kind": kind,
                    "parent": units[parent] if parent else None,
                    "is_active": True,
                },
            )
            self.created += created
        return units

    def load_users(self) -> dict:
        User = get_user_model()
        users = {}
        for username, spec in demo.USERS.items():
            values = {
                "first_name": spec["first_name"],
                "last_name": spec["last_name"],
                "email": f"{username}@example.org",
                "is_staff": spec["is_staff"],
                "is_superuser": spec["is_superuser"],
                "is_active": True,
            }
            user = User.objects.filter(username=username).first()
            if user is None:
                # The password is set only here: a second run never resets a password someone has changed.
                user = User(username=username, **values)
                user.set_password(demo.DEMO_PASSWORD)
                user.save()
                self.created += 1
            else:
                changed = [name for name, value in values.items() if getattr(user, name) != value]
                for name in changed:
                    setattr(user, name, values[name])
                if changed:
                    user.save(update_fields=changed)
            if spec["group"]:
                try:
                    user.groups.add(Group.objects.get(name=spec["group"]))
                except Group.DoesNotExist as exc:
                    raise CommandError(
                        f"The group '{spec['group']}' is missing: run 'manage.py migrate' first."
                    ) from exc
            # The profile is created by a post_save signal; fill it in.
            upsert(Profile, {"user": user}, {"unit": self.units[spec["unit"]], "position": spec["position"]})
            user.refresh_from_db()  # drop the cached profile so services read the unit just set
            users[username] = user
        return users

    def load_liaisons(self) -> None:
        for username, unit_name in demo.LIAISONS.items():
            unit, user = self.units[unit_name], self.users[username]
            if not Liaison.objects.filter(unit=unit, user=user).exists():
                liaison_appoint(unit=unit, user=user, by=self.users[demo.ORGANIZER])
                self.created += 1

    def load_topics(self) -> dict[str, Topic]:
        slugs = {q["topic"] for q in demo.QUESTIONS_2023 + demo.QUESTIONS_CURRENT}
        topics = {topic.slug: topic for topic in Topic.objects.filter(slug__in=slugs)}
        missing = slugs - set(topics)
        if missing:
            raise CommandError(f"Topics {sorted(missing)} are missing: run 'manage.py migrate' first.")
        return topics

    # --- conferences -------------------------------------------------------------------------------------------------

    def load_participants(self, conference: Conference, keys: list[str]) -> dict[str, Participant]:
        participants = {}
        for order, key in enumerate(keys, start=1):
            full_name, position, unit, role, username = demo.PARTICIPANTS[key]
            user = self.users[username] if username else None
            participants[key], created = upsert(
                Participant,
                {"conference": conference, "order": order},
                {
                    "full_name": full_name or user.get_full_name(),
                    "position": position,
                    "unit": self.units[unit],
                    "user": user,
                    "role": role,
                    "attended": True,
                },
            )
            self.created += created
        return participants

    def load_conference_2023(self) -> Conference:
        conference, created = upsert(
            Conference,
            {"slug": ascii_slug(demo.TITLE_2023)},
            {
                "title": demo.TITLE_2023,
                "theme": demo.THEME_2023,
                "description": demo.DESCRIPTION_2023,
                "venue": demo.VENUE,
                "starts_at": at(DAY_2023, "08:00"),
                "ends_at": at(DAY_2023, "11:30"),
                "organizer_unit": self.units[demo.CHI_DOAN],
                "status": Conference.Status.CONCLUDED,
                "questions_open_at": at(dt.date(2023, 3, 15), "08:00"),
                "questions_close_at": at(DAY_2023, "08:00"),
                "is_published": True,
                "created_by": self.users[demo.ORGANIZER],
            },
        )
        self.created += created
        participants = self.load_participants(conference, demo.PARTICIPANTS_2023)

        for order, start, minutes, kind, presenter, title, description in demo.AGENDA_2023:
            _item, created = upsert(
                AgendaItem,
                {"conference": conference, "order": order},
                {
                    "starts_at": at(DAY_2023, start),
                    "duration_minutes": minutes,
                    "kind": kind,
                    "presenter": participants[presenter] if presenter else None,
                    "title": title,
                    "description": description,
                },
            )
            self.created += created

        questions = {
            spec["title"]: self.load_question_2023(conference, participants, spec) for spec in demo.QUESTIONS_2023
        }
        conclusion = self.load_conclusion_2023(conference, participants, questions)
        self.load_ratings_2023(questions)
        self.load_photos(conference, demo.PHOTO_CAPTIONS_2023)
        self.load_initiatives_2023(conference, conclusion)
        return conference

    def load_question_2023(self, conference: Conference, participants: dict, spec: dict) -> Question:
        """A concern of the 2023 dialogue, put through the same services as a live one, then dated in March 2023."""
        question = Question.objects.filter(conference=conference, title=spec["title"]).first()
        if question is not None:
            return question
        organizer = self.users[demo.ORGANIZER]
        day, hhmm = spec["submitted"].split()
        submitted_at = at(dt.date(2023, 3, int(day)), hhmm)
        moderated_at = at(dt.date(2023, 3, 29), "16:00")
        # The 2023 window is closed: check_window=False lets the history in through the same validation.
        question = self.submit(conference, spec, check_window=False)
        Question.objects.filter(pk=question.pk).update(submitted_at=submitted_at)
        question = question_approve(question=question, moderator=organizer)
        Question.objects.filter(pk=question.pk).update(moderated_at=moderated_at)
        self.support(question, spec["supporters"], created_at=moderated_at + dt.timedelta(hours=2))
        answer_record(
            question=question,
            responder=participants[spec["responder"]],
            recorded_by=organizer,
            body=spec["answer"],
            kind=Answer.Kind.AT_CONFERENCE,
            answered_at=at(DAY_2023, spec["answered"]),
        )
        return question

    def load_ratings_2023(self, questions: dict) -> None:
        """The authors' ratings of the 2023 answers, given a week after the dialogue."""
        for title, (verdict, comment) in demo.RATINGS_2023.items():
            question = questions[title]
            if Rating.objects.filter(question=question).exists():
                continue
            rating = rating_submit(question=question, author=question.author, verdict=verdict, comment=comment)
            Rating.objects.filter(pk=rating.pk).update(rated_at=at(dt.date(2023, 4, 6), "10:00"))
            self.created += 1

    def submit(self, conference: Conference, spec: dict, *, check_window: bool) -> Question:
        question = question_submit(
            conference=conference,
            author=self.users[spec["author"]],
            title=spec["title"],
            body=spec["body"],
            topic=self.topics[spec["topic"]],
            addressed_to_unit=self.units[spec["addressed_to"]] if spec["addressed_to"] else None,
            is_anonymous=spec.get("anonymous", False),
            check_window=check_window,
        )
        self.created += 1
        return question

    def support(self, question: Question, usernames: list[str], *, created_at: dt.datetime | None = None) -> None:
        """Add supports of a concern just created (support_toggle toggles, so never on an existing concern)."""
        for username in usernames:
            support_toggle(question=question, user=self.users[username])
        if created_at and usernames:
            Support.objects.filter(question=question).update(created_at=created_at)

    def load_conclusion_2023(self, conference: Conference, participants: dict, questions: dict) -> Conclusion:
        conclusion, created = upsert(
            Conclusion,
            {"conference": conference},
            {
                "number": demo.CONCLUSION_NUMBER_2023,  # illustrative: the report gives no number
                "issued_on": DAY_2023,
                "signed_by": participants[demo.CHAIR],
                "body": demo.CONCLUSION_2023,
                "is_published": True,
            },
        )
        self.created += created
        author = self.users[demo.ORGANIZER]
        for spec in demo.DIRECTIVES_2023:
            completed = spec["completed"]
            directive, created = upsert(
                Directive,
                {"conclusion": conclusion, "order": spec["order"]},
                {
                    "content": spec["content"],
                    "lead_unit": self.units[spec["lead"]],
                    "deadline": dt.date.fromisoformat(spec["deadline"]),
                    "status": spec["status"],
                    "progress": spec["progress"],
                    "completed_at": dt.datetime.fromisoformat(completed).replace(tzinfo=TZ) if completed else None,
                },
            )
            self.created += created
            directive.support_units.set([self.units[name] for name in spec["support"]])
            directive.related_questions.set([questions[title] for title in spec["questions"]])
            for when, status, progress, note in spec["updates"]:
                _update, created = upsert(
                    DirectiveUpdate,
                    {"directive": directive, "created_at": dt.datetime.fromisoformat(when).replace(tzinfo=TZ)},
                    {"author": author, "status": status, "progress": progress, "note": note},
                )
                self.created += created
        return conclusion

    def load_initiatives_2023(self, conference: Conference, conclusion: Conclusion) -> None:
        """The youth initiatives the 2023 dialogue launched, registered by Vũ Quốc Khánh's branch."""
        unit, author = self.units[demo.CHI_DOAN], self.users[demo.ORGANIZER]
        for spec in demo.INITIATIVES_2023:
            recognition = spec["recognition"] or ("", "", None)
            initiative, created = upsert(
                Initiative,
                {"unit": unit, "name": spec["name"]},
                {
                    "kind": spec["kind"],
                    "person_in_charge_name": demo.INITIATIVE_PERSON_IN_CHARGE,
                    "member_count": spec["member_count"],
                    "content": spec["content"],
                    "expected_result": spec["expected"],
                    "place": spec["place"],
                    "starts_on": dt.date.fromisoformat(spec["starts"]),
                    "ends_on": dt.date.fromisoformat(spec["ends"]),
                    "budget": spec["budget"],
                    "budget_source": spec["budget_source"],
                    "conference": conference,
                    "status": spec["status"],
                    "result": spec["result"],
                    "completed_on": dt.date.fromisoformat(spec["completed"]) if spec["completed"] else None,
                    "recognition_level": recognition[0],
                    "decision_number": recognition[1],
                    "decision_date": dt.date.fromisoformat(recognition[2]) if recognition[2] else None,
                    "registered_by": author,
                    "created_at": at(dt.date.fromisoformat(spec["starts"]), "08:00") - dt.timedelta(days=7),
                },
            )
            self.created += created
            initiative.members.set([self.users[name] for name in spec["members"]])
            initiative.directives.set(list(conclusion.directives.filter(order__in=spec["directives"])))
            for index, (when, previous, status, note, with_photo) in enumerate(spec["updates"], start=1):
                update, created = upsert(
                    InitiativeUpdate,
                    {"initiative": initiative, "created_at": dt.datetime.fromisoformat(when).replace(tzinfo=TZ)},
                    {"author": author, "previous_status": previous, "status": status, "note": note},
                )
                self.created += created
                if with_photo and not update.photos.exists():  # never write a second image file
                    photo = InitiativePhoto(update=update, order=1)
                    photo.image.save(f"cong-trinh-{initiative.pk}-{index}.jpg", ContentFile(placeholder_jpeg(index)))
                    self.created += 1

    def load_photos(self, conference: Conference, captions: list[str]) -> None:
        for order, caption in enumerate(captions, start=1):
            photo = Photo.objects.filter(conference=conference, order=order).first()
            if photo is not None:
                upsert(Photo, {"pk": photo.pk}, {"caption": caption})
                continue  # never write a second image file
            photo = Photo(conference=conference, order=order, caption=caption)
            photo.image.save(f"{conference.slug}-anh-{order}.jpg", ContentFile(placeholder_jpeg(order)), save=False)
            photo.full_clean()
            photo.save()
            self.created += 1

    def load_current_conference(self) -> Conference:
        now = timezone.now()
        year = timezone.localdate().year
        title = demo.TITLE_CURRENT.format(year=year)
        starts_at = at(timezone.localdate() + dt.timedelta(days=21), "08:00")
        conference, created = upsert(
            Conference,
            {"slug": ascii_slug(title)},
            {
                "title": title,
                "theme": demo.THEME_CURRENT,
                "description": demo.DESCRIPTION_CURRENT,
                "venue": demo.VENUE,
                "starts_at": starts_at,
                "ends_at": starts_at + dt.timedelta(hours=3, minutes=30),
                "organizer_unit": self.units[demo.CHI_DOAN],
                "status": Conference.Status.OPEN,
                "questions_open_at": now - dt.timedelta(days=7),
                "questions_close_at": starts_at,
                "is_published": True,
                "created_by": self.users[demo.ORGANIZER],
            },
            # Computed from today, and the status moves on as the organizers run the conference: set them once.
            create_only=("starts_at", "ends_at", "status", "questions_open_at", "questions_close_at"),
        )
        self.created += created
        participants = self.load_participants(conference, demo.PARTICIPANTS_CURRENT)

        for order, offset, minutes, kind, presenter, item_title, description in demo.AGENDA_CURRENT:
            _item, created = upsert(
                AgendaItem,
                {"conference": conference, "order": order},
                {
                    "starts_at": conference.starts_at + dt.timedelta(minutes=offset),
                    "duration_minutes": minutes,
                    "kind": kind,
                    "presenter": participants[presenter] if presenter else None,
                    "title": item_title,
                    "description": description,
                },
            )
            self.created += created

        organizer = self.users[demo.ORGANIZER]
        for index, spec in enumerate(demo.QUESTIONS_CURRENT):
            if Question.objects.filter(conference=conference, title=spec["title"]).exists():
                continue
            # check_window=False: a later run (after the window closed) may still complete the demo set.
            question = self.submit(conference, spec, check_window=False)
            submitted_at = now - dt.timedelta(days=spec["days_ago"], hours=index + 1)
            Question.objects.filter(pk=question.pk).update(submitted_at=submitted_at)
            if spec["status"] == Question.Status.PENDING:
                continue
            question = question_approve(question=question, moderator=organizer)
            self.support(question, spec["supporters"])
            if spec["status"] == Question.Status.ANSWERED:
                answer_record(
                    question=question,
                    responder=participants[spec["responder"]],
                    recorded_by=organizer,
                    body=spec["answer"],
                    kind=Answer.Kind.WRITTEN,
                )
        self.load_assignments(conference)
        return conference

    def load_notifications(self, past: Conference, current: Conference) -> None:
        """What the demo accounts would have been told (the answers' notifications come with the answers): the
        liaisons of the 2023 directives, the organizers of the concerns waiting for moderation. Each event has its
        key, so a second run adds nothing; e-mail stays off (mail.suppressed)."""
        directives_assigned(past.conclusion.directives.select_related("lead_unit", "conclusion__conference"))
        for question in Question.objects.filter(conference=current, status=Question.Status.PENDING):
            question_received(question.pk)

    def load_assignments(self, conference: Conference) -> None:
        """Concerns assigned to a leader with a unit to draft, and the draft its liaison sent (once: a later run finds
        them assigned or answered)."""
        organizer = self.users[demo.ORGANIZER]
        for title, leader, unit, liaison, body in demo.ASSIGNED_CURRENT:
            question = Question.objects.filter(conference=conference, title=title).first()
            if question is None or question.status != Question.Status.APPROVED or question.assigned_leader_id:
                continue
            question = question_assign(
                question=question, by=organizer, leader=self.users[leader], drafting_unit=self.units[unit]
            )
            answer_draft_save(question=question, by=self.users[liaison], body=body, send=True, version=0)
            self.created += 2

    def load_polls_and_survey(self, conference: Conference) -> None:
        """Polls prepared for the session and the closing survey, each created once (the organizers may edit them)."""
        organizer = self.users[demo.ORGANIZER]
        for spec in demo.POLLS_CURRENT:
            if not Poll.objects.filter(conference=conference, question=spec["question"]).exists():
                poll_create(conference=conference, by=organizer, **spec)
                self.created += 1
        if not Survey.objects.filter(conference=conference).exists():
            survey_save(
                conference=conference, by=organizer, intro=demo.SURVEY_CURRENT_INTRO, questions=demo.SURVEY_CURRENT
            )
            self.created += 1

    def recount_supports(self, conferences: list[Conference]) -> None:
        """Keep support_count equal to the Support rows (support_toggle does already; this is the safety net)."""
        questions = Question.objects.filter(conference__in=conferences).annotate(n=Count("supports"))
        for question in questions:
            if question.support_count != question.n:
                Question.objects.filter(pk=question.pk).update(support_count=question.n)

    # --- output ------------------------------------------------------------------------------------------------------

    def print_summary(self, conferences: list[Conference]) -> None:
        out = self.stdout
        out.write(self.style.SUCCESS(f"Demo data loaded ({self.created} new records)."))
        out.write(f"  Units: {Unit.objects.count()}")
        for conference in conferences:
            by_status = dict(
                Question.objects.filter(conference=conference).values_list("status").annotate(n=Count("id")).order_by()
            )
            statuses = ", ".join(f"{status} {n}" for status, n in sorted(by_status.items())) or "none"
            out.write(f"  {conference.title} [{conference.get_status_display()}] /conferences/{conference.slug}/")
            out.write(
                f"    participants {conference.participants.count()}, agenda items "
                f"{conference.agenda_items.count()}, photos {conference.photos.count()}, concerns: {statuses}"
            )
            conclusion = Conclusion.objects.filter(conference=conference).first()
            if conclusion:
                out.write(f"    conclusion {conclusion.number} with {conclusion.directives.count()} directives")
            if conference.initiatives.exists():
                out.write(f"    youth initiatives launched: {conference.initiatives.count()} (/initiatives/)")
        out.write(self.style.SUCCESS(f"Demo accounts (password '{demo.DEMO_PASSWORD}' when first created):"))
        for username, spec in demo.USERS.items():
            role = "superuser" if spec["is_superuser"] else spec["group"]
            if username in demo.LIAISONS:
                role += f", liaison of {demo.LIAISONS[username]}"
            out.write(f"  {username:<10} {self.users[username].get_full_name():<16} {role}")
