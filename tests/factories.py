import datetime as dt

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from conferences.models import AgendaItem, Conference, Participant, Photo, Unit
from core import roles
from initiatives.models import Initiative, InitiativeUpdate
from questions.models import (
    Answer,
    AnswerRevision,
    Conclusion,
    Directive,
    DirectiveReminder,
    DirectiveUpdate,
    Question,
    Support,
    Topic,
)


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    name = factory.Sequence(lambda n: f"Phòng số {n}")
    short_name = factory.Sequence(lambda n: f"P{n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Văn A"
    last_name = factory.Sequence(lambda n: f"Nguyễn {n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("demo12345")

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        for name in extracted or ():
            self.groups.add(Group.objects.get(name=name))


def member(**kwargs):
    return UserFactory(groups=[roles.MEMBER], **kwargs)


def leader(**kwargs):
    return UserFactory(groups=[roles.LEADER], **kwargs)


def organizer(**kwargs):
    return UserFactory(groups=[roles.ORGANIZER], **kwargs)


def admin(**kwargs):
    return UserFactory(is_staff=True, is_superuser=True, **kwargs)


def member_of(unit, **kwargs):
    """A member whose profile names the unit, not appointed liaison."""
    user = member(**kwargs)
    user.profile.unit = unit
    user.profile.save()
    return user


def liaison_of(unit, **kwargs):
    """A member of the unit, appointed its liaison by the organizers."""
    from conferences.services import liaison_appoint

    user = member_of(unit, **kwargs)
    liaison_appoint(unit=unit, user=user, by=None)
    return user


class ConferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Conference

    title = factory.Sequence(lambda n: f"Hội nghị đối thoại số {n}")
    theme = "Chuyển đổi số và cải cách hành chính"
    venue = "Hội trường Sở Nội vụ"
    starts_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=7))
    ends_at = factory.LazyAttribute(lambda c: c.starts_at + dt.timedelta(hours=3))
    status = Conference.Status.OPEN
    is_published = True


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    conference = factory.SubFactory(ConferenceFactory)
    full_name = factory.Sequence(lambda n: f"Trần Thị {n}")
    position = "Phó Giám đốc Sở"
    role = Participant.Role.LEADER
    order = factory.Sequence(lambda n: n)


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    conference = factory.SubFactory(ConferenceFactory)
    order = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Mục chương trình {n}")
    duration_minutes = 15


class PhotoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Photo

    conference = factory.SubFactory(ConferenceFactory)
    image = factory.django.ImageField(width=64, height=48, color="navy", format="JPEG")
    caption = "Quang cảnh Hội nghị"


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    name = factory.Sequence(lambda n: f"Chủ đề {n}")


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    conference = factory.SubFactory(ConferenceFactory)
    author = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Kiến nghị về chuyển đổi số {n}")
    body = "Đề nghị lãnh đạo Sở quan tâm trang bị máy tính cho đoàn viên."
    status = Question.Status.APPROVED


class SupportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Support

    question = factory.SubFactory(QuestionFactory)
    user = factory.SubFactory(UserFactory)


class AnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Answer

    question = factory.SubFactory(QuestionFactory, status=Question.Status.ANSWERED)
    responder = factory.SubFactory(ParticipantFactory, conference=factory.SelfAttribute("..question.conference"))
    body = "Lãnh đạo Sở ghi nhận và sẽ bố trí kinh phí trong năm."


class ConclusionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Conclusion

    conference = factory.SubFactory(ConferenceFactory)
    number = factory.Sequence(lambda n: f"{n}-TB/SNV")
    issued_on = factory.LazyFunction(timezone.localdate)
    body = "Kết luận của đồng chí Giám đốc Sở."
    is_published = True


class DirectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Directive

    conclusion = factory.SubFactory(ConclusionFactory)
    order = factory.Sequence(lambda n: n + 1)
    content = "Xây dựng kế hoạch hành động cụ thể."
    lead_unit = factory.SubFactory(UnitFactory)
    deadline = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=30))


class DirectiveUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DirectiveUpdate

    directive = factory.SubFactory(DirectiveFactory)
    author = factory.SubFactory(UserFactory)
    progress = 50
    status = Directive.Status.IN_PROGRESS
    note = "Đã triển khai một nửa."


class AnswerRevisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AnswerRevision

    answer = factory.SubFactory(AnswerFactory)
    body = "Nội dung trả lời trước khi sửa."
    kind = Answer.Kind.AT_CONFERENCE
    answered_at = factory.LazyFunction(timezone.now)


class DirectiveReminderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DirectiveReminder

    directive = factory.SubFactory(DirectiveFactory)
    unit = factory.SelfAttribute("directive.lead_unit")
    sent_on = factory.LazyFunction(timezone.localdate)
    kind = DirectiveReminder.Kind.DUE_SOON


class InitiativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Initiative
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Công trình thanh niên số hóa tài liệu {n}")
    unit = factory.SubFactory(UnitFactory)
    person_in_charge_name = "Vũ Quốc Khánh"
    content = "Đoàn viên tham gia số hóa hồ sơ, tài liệu lưu trữ của Sở."
    expected_result = "Số hóa 20.000 trang tài liệu."
    place = "Trụ sở Sở Nội vụ"
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=30))
    ends_on = factory.LazyAttribute(lambda i: i.starts_on + dt.timedelta(days=90))


class InitiativeUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InitiativeUpdate

    initiative = factory.SubFactory(InitiativeFactory)
    author = factory.SubFactory(UserFactory)
    previous_status = factory.SelfAttribute("initiative.status")
    status = factory.SelfAttribute("initiative.status")
    note = "Đã số hóa 5.000 trang."
