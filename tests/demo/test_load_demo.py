import datetime as dt
import unicodedata
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import models
from django.db.models import Count
from django.utils import timezone

from conferences.models import AgendaItem, Conference, Participant, Photo, Unit
from core import roles
from initiatives.models import Initiative
from questions.models import Answer, Directive, DirectiveUpdate, Question, Support

pytestmark = pytest.mark.django_db

VN = ZoneInfo("Asia/Ho_Chi_Minh")
TITLE_2023 = "Hội nghị đối thoại giữa lãnh đạo Sở với thanh niên năm 2023"
# The theme exactly as the seed report quotes it.
SEED_THEME = (
    "Nâng cao tinh thần trách nhiệm của đoàn viên thanh niên trong chuyển đổi số, cải cách hành chính và thực thi công "
    "vụ; đẩy mạnh hiệu quả hoạt động Đoàn thanh niên Sở Nội vụ"
)
SEED_CONCERNS = {
    "Đổi mới phương thức làm việc trên môi trường số",
    "Ứng dụng công nghệ thông tin trong giải quyết dịch vụ công trực tuyến",
    "Bảo mật thông tin, an toàn thông tin trong không gian mạng",
    "Nâng cao cơ sở vật chất, trang thiết bị làm việc",
    "Nhu cầu bồi dưỡng, tập huấn chuyên môn nghiệp vụ",
}
SEED_CONCLUSION_SENTENCES = [
    "Kết luận Hội nghị, đồng chí Lê Quang Hòa, Bí thư Đảng ủy - Giám đốc Sở đề nghị lãnh đạo các phòng, ban, trung tâm "
    "thuộc Sở ghi nhận, tạo điều kiện cho các kiến nghị chính đáng của đoàn viên, thanh niên",
    "nhắc nhở Đoàn thanh niên cần chủ động xây dựng kế hoạch hành động cụ thể, có những hành động quyết liệt nhằm đạt "
    "được mục tiêu đã đề ra.",
    "Đồng thời yêu cầu Ban chấp hành Chi đoàn cần đẩy mạnh tuyên truyền, giáo dục lý tưởng cách mạng cho đoàn viên "
    "thanh niên",
    "Luôn cập nhật kịp thời các dữ liệu thông tin của ngành lên cổng thông tin điện tử",
    "có chính sách động viên, hỗ trợ thanh niên học tập, nâng cao trình độ, năng lực, tạo nguồn lao động chất lượng "
    "cao, đáp ứng yêu cầu thời kỳ công nghiệp 4.0.",
    "Thanh niên trong từng lĩnh vực chuyên môn cần nghiên cứu, cụ thể hóa việc Chuyển đổi số, ứng dụng đúng vào ngành, "
    "lĩnh vực mình đang lao động, công tác để có nhiều đổi mới, sáng tạo, phát huy hết khả năng của mình.",
]
SEED_CAPTIONS = [
    "Đồng chí Lê Quang Hòa, TUV, Bí thư Đảng ủy - Giám đốc Sở phát biểu tại Hội nghị đối thoại",
    "Quang cảnh Hội nghị",
    "Đoàn viên Chi đoàn Sở phát biểu ý kiến, tâm tư, nguyện vọng tại Hội nghị",
    "Đồng chí Vũ Quốc Khánh - Bí thư Chi đoàn chia sẻ về việc phát động sáng tạo, đăng ký công trình thanh niên tại "
    "Trụ sở Sở Nội vụ",
]
DIRECTIVE_LEADS = {
    1: "Văn phòng Sở",
    2: "Chi đoàn Sở Nội vụ",
    3: "Ban Chấp hành Chi đoàn",
    4: "Văn phòng Sở",
    5: "Phòng Công chức, viên chức",
    6: "Chi đoàn Sở Nội vụ",
}
DEMO_GROUPS = {
    "admin": set(),
    "organizer": {roles.ORGANIZER},
    "leader": {roles.LEADER},
    "member": {roles.MEMBER},
    "member2": {roles.MEMBER},
}


DEMO_APPS = ("conferences", "questions", "initiatives")


def load_demo(*args):
    out = StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    return load_demo()


@pytest.fixture
def conference_2023(demo):
    return Conference.objects.get(title=TITLE_2023)


@pytest.fixture
def current_conference(demo):
    return Conference.objects.get(
        title=f"Hội nghị đối thoại giữa lãnh đạo Sở với thanh niên năm {timezone.localdate().year}"
    )


def demo_models():
    """Every model of the two apps, the users, groups and the many-to-many tables in between."""
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label in ("conferences", "questions", "initiatives", "auth")
    ]


def snapshot():
    return {model._meta.label: list(model._default_manager.order_by("pk").values()) for model in demo_models()}


def media_files(settings):
    return sorted(path for path in settings.MEDIA_ROOT.rglob("*") if path.is_file())


def test_conference_2023_is_faithful_to_the_seed(conference_2023):
    c = conference_2023
    assert c.slug == "hoi-nghi-doi-thoai-giua-lanh-dao-so-voi-thanh-nien-nam-2023"
    assert c.starts_at.astimezone(VN).date() == dt.date(2023, 3, 30)
    assert c.starts_at.astimezone(VN).strftime("%d/%m/%Y %H:%M") == "30/03/2023 08:00"
    assert c.ends_at.astimezone(VN).date() == dt.date(2023, 3, 30)
    assert c.ends_at > c.starts_at
    assert c.venue == "Hội trường Sở Nội vụ"
    assert c.theme == SEED_THEME
    assert "Nhằm tạo điều kiện cho đoàn viên thanh niên được bày tỏ tâm tư, nguyện vọng" in c.description
    assert c.organizer_unit.name == "Chi đoàn Sở Nội vụ"
    assert c.status == Conference.Status.CONCLUDED
    assert c.is_published
    assert not c.accepts_questions
    assert c.questions_open_at < c.questions_close_at <= c.starts_at


def test_conference_2023_participants_are_those_the_seed_names(conference_2023):
    chair = conference_2023.chair
    assert chair.full_name == "Lê Quang Hòa"
    assert chair.position == "TUV, Bí thư Đảng ủy - Giám đốc Sở"
    assert chair.user.username == "leader"
    assert conference_2023.participants.filter(role=Participant.Role.CHAIR).count() == 1

    by_name = {p.full_name: p for p in conference_2023.participants.all()}
    assert by_name["Đại diện Lãnh đạo Sở"].role == Participant.Role.LEADER
    assert by_name["Đại diện Lãnh đạo Sở"].unit.name == "Ban Giám đốc Sở"
    assert by_name["Trưởng ban Thi đua - Khen thưởng"].unit.name == "Ban Thi đua - Khen thưởng"
    assert by_name["Giám đốc Trung tâm Lưu trữ lịch sử"].unit.name == "Trung tâm Lưu trữ lịch sử"
    khanh = by_name["Vũ Quốc Khánh"]
    assert khanh.position == "Bí thư Chi đoàn"
    assert khanh.unit.name == "Chi đoàn Sở Nội vụ"
    assert khanh.role in (Participant.Role.SECRETARY, Participant.Role.DELEGATE)
    assert by_name["Đoàn viên Chi đoàn Sở"].role == Participant.Role.MEMBER
    members = conference_2023.participants.filter(role=Participant.Role.MEMBER, user__isnull=False)
    assert {p.user.username for p in members} == {"member", "member2"}


def test_conference_2023_agenda_follows_the_seed(conference_2023):
    items = list(conference_2023.agenda_items.order_by("order"))
    assert [item.order for item in items] == list(range(1, len(items) + 1))
    kinds = [item.kind for item in items]
    assert kinds[0] == AgendaItem.Kind.OPENING
    assert kinds[-1] == AgendaItem.Kind.CONCLUSION
    assert AgendaItem.Kind.DIALOGUE in kinds
    assert all(item.duration_minutes for item in items)
    chair_speech = items[1]
    assert chair_speech.presenter.full_name == "Lê Quang Hòa"
    assert "Lê Quang Hòa" in chair_speech.title
    report = next(item for item in items if item.presenter and item.presenter.full_name == "Vũ Quốc Khánh")
    assert "phát động sáng tạo, đăng ký công trình thanh niên tại Trụ sở Sở Nội vụ" in report.description
    assert items[-1].presenter == conference_2023.chair


def test_conference_2023_concerns_are_the_seed_list_all_answered_at_the_conference(conference_2023):
    questions = Question.objects.filter(conference=conference_2023)
    assert set(questions.values_list("title", flat=True)) == SEED_CONCERNS
    leaders = {"Lê Quang Hòa", "Đại diện Lãnh đạo Sở"}
    for question in questions:
        assert question.status == Question.Status.ANSWERED
        assert question.author.username in ("member", "member2")
        assert question.topic is not None
        assert question.body
        assert question.moderated_by.username == "organizer"
        assert question.submitted_at < conference_2023.starts_at
        answer = question.answers.get()
        assert answer.kind == Answer.Kind.AT_CONFERENCE
        assert answer.responder.full_name in leaders
        assert answer.recorded_by.username == "organizer"
        assert conference_2023.starts_at <= answer.answered_at <= conference_2023.ends_at
    assert questions.get(title="Bảo mật thông tin, an toàn thông tin trong không gian mạng").topic.slug == (
        "bao-mat-an-toan-thong-tin"
    )


def test_conference_2023_conclusion_is_the_seed_conclusion(conference_2023):
    conclusion = conference_2023.conclusion
    assert conclusion.issued_on == dt.date(2023, 3, 30)
    assert conclusion.signed_by == conference_2023.chair
    assert conclusion.number
    assert conclusion.is_published
    assert conclusion.body.startswith("Kết luận Hội nghị, đồng chí Lê Quang Hòa")
    assert conclusion.body.endswith("phát huy hết khả năng của mình.")
    for sentence in SEED_CONCLUSION_SENTENCES:
        assert sentence in conclusion.body


def test_conference_2023_directives_follow_the_conclusion(conference_2023):
    conclusion = conference_2023.conclusion
    directives = list(conclusion.directives.order_by("order"))
    assert [d.order for d in directives] == [1, 2, 3, 4, 5, 6]
    for directive in directives:
        assert directive.lead_unit.name == DIRECTIVE_LEADS[directive.order]
        assert directive.deadline is not None
        assert directive.deadline >= conclusion.issued_on
        assert directive.deadline.year == 2023
        # The content quotes the conclusion (bar the capital first letter and the closing full stop).
        assert directive.content[1:-1] in conclusion.body
        assert directive.status in (
            Directive.Status.DONE,
            Directive.Status.IN_PROGRESS,
            Directive.Status.REPORTED_DONE,
        )
        if directive.status == Directive.Status.DONE:
            assert directive.progress == 100
            assert directive.completed_at is not None
            assert directive.updates.filter(status=Directive.Status.DONE).exists()
        else:
            assert directive.completed_at is None
    assert {d.status for d in directives} == {
        Directive.Status.DONE,
        Directive.Status.IN_PROGRESS,
        Directive.Status.REPORTED_DONE,  # one waits for the organizers' confirmation
    }
    reported = next(d for d in directives if d.status == Directive.Status.REPORTED_DONE)
    assert reported.progress == 100 and reported.updates.filter(status=Directive.Status.REPORTED_DONE).exists()
    first = directives[0]
    assert first.support_units.filter(name="Phòng Cải cách hành chính").exists()
    assert Directive.objects.filter(conclusion=conclusion, related_questions__isnull=False).exists()
    assert all(u.note.strip() for u in DirectiveUpdate.objects.filter(status=Directive.Status.DONE))


def test_conference_2023_photos_have_the_seed_captions(conference_2023):
    photos = list(conference_2023.photos.order_by("order"))
    assert [p.caption for p in photos] == SEED_CAPTIONS
    for photo in photos:
        assert photo.image.name.endswith(".jpg")
        assert (photo.image.width, photo.image.height) == (1200, 800)


def test_conference_2023_launched_youth_initiatives_of_the_secretarys_branch(conference_2023):
    initiatives = {i.status: i for i in Initiative.objects.filter(conference=conference_2023)}
    assert set(initiatives) == {Initiative.Status.RECOGNISED, Initiative.Status.IN_PROGRESS}
    for initiative in initiatives.values():
        assert initiative.unit.name == "Chi đoàn Sở Nội vụ"
        assert initiative.person_in_charge_label == "Vũ Quốc Khánh"
    recognised = initiatives[Initiative.Status.RECOGNISED]
    assert recognised.decision_number and recognised.decision_date >= recognised.completed_on >= recognised.starts_on
    # It serves the directive that asks the Youth Union for a concrete action plan.
    plan = recognised.directives.get()
    assert plan.order == 2 and "kế hoạch hành động cụ thể" in plan.content
    assert recognised.updates.filter(photos__isnull=False).exists()
    steps = list(recognised.updates.values_list("previous_status", "status"))
    assert ("completed", "recognised") in steps


def test_current_conference_is_open_with_pending_and_approved_concerns(current_conference):
    c = current_conference
    assert c.status == Conference.Status.OPEN
    assert c.is_published
    assert c.accepts_questions
    assert c.starts_at > timezone.now() + dt.timedelta(days=14)
    assert c.questions_open_at < timezone.now() < c.questions_close_at
    assert c.chair.full_name == "Lê Quang Hòa"
    assert c.chair.user.username == "leader"
    assert c.participants.filter(full_name="Vũ Quốc Khánh").exists()
    assert c.agenda_items.exists()
    questions = Question.objects.filter(conference=c)
    assert 2 <= questions.filter(status=Question.Status.PENDING).count() <= 3
    assert 3 <= questions.filter(status=Question.Status.APPROVED).count() <= 4
    assert questions.filter(status=Question.Status.APPROVED, support_count__gt=0).exists()
    for question in questions.filter(status=Question.Status.ANSWERED):
        assert question.answers.filter(kind=Answer.Kind.WRITTEN).exists()


def test_demo_accounts_have_groups_and_password(demo):
    User = get_user_model()
    for username, groups in DEMO_GROUPS.items():
        user = User.objects.get(username=username)
        assert set(user.groups.values_list("name", flat=True)) == groups
        assert user.check_password("demo12345")
        assert user.email == f"{username}@example.org"
        assert user.is_active
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff
    assert User.objects.get(username="organizer").is_staff
    assert not User.objects.get(username="member").is_staff
    leader = User.objects.get(username="leader")
    assert leader.get_full_name() == "Lê Quang Hòa"
    assert leader.profile.unit.name == "Ban Giám đốc Sở"
    assert leader.profile.position == "Bí thư Đảng ủy - Giám đốc Sở"
    assert User.objects.get(username="member").profile.unit is not None
    assert roles.is_organizer(User.objects.get(username="organizer"))
    assert roles.is_leader(leader)


def test_demo_units_have_their_kinds(demo):
    kinds = dict(Unit.objects.values_list("name", "kind"))
    assert kinds["Ban Giám đốc Sở"] == Unit.Kind.LEADERSHIP
    assert kinds["Ban Thi đua - Khen thưởng"] == Unit.Kind.BOARD
    assert kinds["Trung tâm Lưu trữ lịch sử"] == Unit.Kind.CENTRE
    assert kinds["Chi đoàn Sở Nội vụ"] == Unit.Kind.YOUTH_BRANCH
    assert kinds["Đảng ủy Sở"] == Unit.Kind.PARTY_COMMITTEE
    assert kinds["Phòng Công chức, viên chức"] == Unit.Kind.DIVISION
    assert Unit.objects.get(name="Ban Chấp hành Chi đoàn").parent.name == "Chi đoàn Sở Nội vụ"


def test_support_count_matches_support_rows_for_every_question(demo):
    assert Support.objects.exists()
    for question in Question.objects.all():
        assert question.support_count == Support.objects.filter(question=question).count()
        assert not Support.objects.filter(question=question, user=question.author).exists()


def test_every_demo_row_passes_full_clean(demo):
    User = get_user_model()
    checked = 0
    for model in [*(model for app in DEMO_APPS for model in apps.get_app_config(app).get_models())]:
        if model.__name__.startswith("Historical"):  # the audit trail's own rows are not edited through forms
            continue
        for obj in model._default_manager.all():
            obj.full_clean()
            checked += 1
    for user in User.objects.all():
        user.full_clean()
    assert checked > 50


def test_demo_text_is_nfc_normalised(demo):
    for model in [*(model for app in DEMO_APPS for model in apps.get_app_config(app).get_models())]:
        if model.__name__.startswith("Historical"):  # copies of the rows checked here, with nullable bookkeeping
            continue
        text_fields = [f.name for f in model._meta.fields if isinstance(f, models.CharField | models.TextField)]
        if not text_fields:
            continue
        for row in model._default_manager.values(*text_fields):
            for value in row.values():
                assert unicodedata.is_normalized("NFC", value), value


def test_load_demo_twice_changes_nothing(settings, demo):
    before, files_before = snapshot(), media_files(settings)
    assert len(files_before) == 9  # four photos of 2023 and their thumbnails, one photo of a youth initiative

    out = load_demo()

    assert snapshot() == before  # the same rows with the same values in every table
    assert media_files(settings) == files_before
    assert "0 new records" in out


def test_load_demo_keeps_a_changed_password(settings, demo):
    user = get_user_model().objects.get(username="member")
    user.set_password("another-secret-42")
    user.save()

    load_demo()

    user.refresh_from_db()
    assert user.check_password("another-secret-42")


def test_load_demo_without_debug_refuses_and_creates_nothing(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="--force"):
        load_demo()

    assert not get_user_model().objects.exists()
    assert not Conference.objects.exists()
    assert not Unit.objects.exists()


def test_load_demo_without_debug_with_force_loads(settings):
    settings.DEBUG = False

    load_demo("--force")

    assert get_user_model().objects.filter(username="admin", is_superuser=True).exists()
    assert Conference.objects.filter(title=TITLE_2023).exists()
    assert Photo.objects.count() == 4


def test_load_demo_prints_summary_with_accounts(demo):
    assert "Demo data loaded" in demo
    for username in DEMO_GROUPS:
        assert username in demo
    assert "demo12345" in demo


def test_demo_accounts_have_notifications(conference_2023):
    from notifications.models import Notification

    counts = dict(
        Notification.objects.values_list("recipient__username")
        .annotate(n=Count("pk"))
        .values_list("recipient__username", "n")
    )
    assert counts.get("member", 0) >= 2 and counts.get("member2", 0) >= 1 and counts.get("organizer", 0) >= 3
