"""Seed a benchmark database with N concerns of realistic Vietnamese text, fast (bulk inserts, no per-row saves).

Called by bench/run.py after `migrate` and `load_demo --force`, with Django set up. Most concerns go to one conference
in session (a national dialogue with youth), the rest to four concluded conferences of earlier years, each with a
published conclusion, directives and progress updates. Members (unusable passwords, as invited accounts have),
units, supports (the Support rows equal support_count), answers and conference photos come with them.
"""

import datetime as dt
import io
import random

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.utils import timezone

from conferences.models import Conference, Participant, Photo, Profile, Unit
from core import roles
from core.text import fold
from questions.models import Answer, Conclusion, Directive, DirectiveUpdate, LiveState, Question, Support, Topic

MAIN_SLUG = "bench-doi-thoai-thanh-nien"
BATCH = 5000

PROVINCES = [
    "Hà Nội", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Thừa Thiên Huế", "Nghệ An", "Thanh Hóa", "Quảng Ninh",
    "Bắc Ninh", "Lâm Đồng", "Đắk Lắk", "Khánh Hòa", "An Giang", "Kiên Giang", "Lào Cai", "Điện Biên",
    "Sơn La", "Hà Giang", "Bình Dương", "Đồng Nai", "Long An", "Tiền Giang", "Bến Tre", "Cà Mau",
]  # fmt: skip
UNIT_KINDS = ["Tỉnh đoàn", "Sở Nội vụ", "Sở Giáo dục và Đào tạo", "Sở Lao động - Thương binh và Xã hội"]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"]
MIDDLE = ["Văn", "Thị", "Minh", "Quốc", "Thu", "Ngọc", "Đức", "Thanh", "Hải", "Hoài", "Gia", "Bảo"]
GIVEN = ["An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Hùng", "Khánh", "Linh", "Mai", "Nam", "Phương", "Quân",
         "Sơn", "Thảo", "Trang", "Tuấn", "Uyên", "Việt", "Yến"]  # fmt: skip
SUBJECTS = [
    "chuyển đổi số trong cơ quan hành chính",
    "việc làm cho thanh niên sau tốt nghiệp",
    "nhà ở xã hội cho người trẻ",
    "đào tạo nghề ở nông thôn",
    "khởi nghiệp sáng tạo",
    "chế độ cho cán bộ đoàn cơ sở",
    "học bổng cho sinh viên nghèo",
    "an toàn giao thông quanh trường học",
    "sức khỏe tâm thần của học sinh",
    "phòng chống ma túy trong thanh niên",
    "thanh niên tình nguyện ở vùng sâu vùng xa",
    "tuyển dụng công chức trẻ",
    "vốn vay ưu đãi cho thanh niên",
    "sân chơi thể thao cho thiếu nhi",
    "bảo vệ môi trường và rác thải nhựa",
    "kỹ năng số cho đoàn viên",
    "hạ tầng internet ở miền núi",
    "thủ tục hành chính trực tuyến",
    "đãi ngộ nhân tài trong khu vực công",
    "giáo dục lịch sử địa phương",
    "biến đổi khí hậu ở đồng bằng sông Cửu Long",
    "lao động trẻ ở khu công nghiệp",
]
OPENINGS = ["Đề nghị", "Kiến nghị", "Xin hỏi về", "Mong lãnh đạo quan tâm", "Đề xuất giải pháp cho"]
BODY_SENTENCES = [
    "Hiện nay tại địa phương, {s} vẫn còn nhiều khó khăn, chưa đáp ứng được mong mỏi của đoàn viên, thanh niên.",
    "Chúng em đề nghị {u} sớm có hướng dẫn cụ thể và bố trí kinh phí để triển khai trong năm nay.",
    "Nhiều bạn trẻ ở {p} phản ánh rằng thông tin về {s} chưa được công khai đầy đủ trên cổng thông tin.",
    "Xin lãnh đạo cho biết lộ trình, chỉ tiêu và đơn vị chịu trách nhiệm theo dõi việc thực hiện.",
    "Đoàn viên mong muốn được tham gia góp ý ngay từ khi xây dựng chính sách, không chỉ khi đã ban hành.",
    "Kinh nghiệm của các tỉnh bạn cho thấy nếu làm tốt {s} thì thanh niên sẽ gắn bó hơn với quê hương.",
    "Đề nghị có cơ chế phối hợp giữa Đoàn Thanh niên, nhà trường và doanh nghiệp để tháo gỡ vướng mắc.",
]
ANSWERS = [
    "Ghi nhận ý kiến của đoàn viên. {u} sẽ rà soát, xây dựng kế hoạch và báo cáo kết quả trong quý tới.",
    "Vấn đề {s} đã được đưa vào chương trình công tác năm; kinh phí đã bố trí một phần, phần còn lại sẽ bổ sung.",
    "Lãnh đạo giao {u} chủ trì, phối hợp với các đơn vị liên quan nghiên cứu, đề xuất giải pháp cụ thể.",
]
DIRECTIVES = [
    "{u} chủ trì tham mưu kế hoạch về {s}, báo cáo kết quả trước ngày {d}.",
    "Giao {u} phối hợp với Tỉnh đoàn tổ chức khảo sát, đánh giá thực trạng {s}.",
    "{u} rà soát các văn bản hướng dẫn liên quan đến {s}, đề xuất sửa đổi, bổ sung.",
]
UPDATE_NOTES = [
    "Đã xây dựng dự thảo kế hoạch, đang lấy ý kiến các phòng.",
    "Đã tổ chức khảo sát tại 12 xã, tổng hợp 340 phiếu.",
    "Đã trình lãnh đạo Sở ký ban hành.",
]


def _name(rng: random.Random) -> tuple[str, str]:
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)}", rng.choice(GIVEN)


def _concern_text(rng: random.Random, unit_names: list[str]) -> tuple[str, str, str]:
    subject = rng.choice(SUBJECTS)
    place, unit = rng.choice(PROVINCES), rng.choice(unit_names)
    title = f"{rng.choice(OPENINGS)} {subject} tại {place}"
    sentences = rng.sample(BODY_SENTENCES, 3)
    body = " ".join(sentence.format(s=subject, u=unit, p=place) for sentence in sentences)
    return title, body, subject


def _units(rng: random.Random) -> list[Unit]:
    wanted = [f"{kind} {province}" for province in PROVINCES for kind in UNIT_KINDS[:2]]
    have = set(Unit.objects.filter(name__in=wanted).values_list("name", flat=True))
    Unit.objects.bulk_create(
        [
            Unit(name=name, short_name=name[:50], kind=Unit.Kind.OTHER, sort_name=fold(name))
            for name in wanted
            if name not in have
        ]
    )
    return list(Unit.objects.filter(is_active=True))


def _members(rng: random.Random, count: int, units: list[Unit]) -> list[int]:
    """count member accounts that cannot log in with a password (invited), each with a unit; returns their ids."""
    User = get_user_model()
    existing = list(User.objects.filter(username__startswith="bench-member-").values_list("pk", flat=True))
    if len(existing) >= count:
        return existing[:count]
    users = []
    for n in range(len(existing), count):
        first, last = _name(rng)
        user = User(username=f"bench-member-{n:06d}", first_name=first, last_name=last, email=f"bm{n}@example.vn")
        user.set_unusable_password()
        users.append(user)
    created = User.objects.bulk_create(users, batch_size=BATCH)
    group = Group.objects.get(name=roles.MEMBER)
    User.groups.through.objects.bulk_create(
        [User.groups.through(user_id=user.pk, group_id=group.pk) for user in created], batch_size=BATCH
    )
    Profile.objects.bulk_create(
        [Profile(user_id=user.pk, unit=rng.choice(units), position="Đoàn viên") for user in created],
        batch_size=BATCH,
    )
    return existing + [user.pk for user in created]


def _conference(title: str, slug: str, starts_at, status: str, units: list[Unit], rng: random.Random) -> Conference:
    conference = Conference(
        title=title,
        slug=slug,
        theme="Thanh niên với chuyển đổi số và khát vọng cống hiến",
        description="Hội nghị đối thoại trực tiếp giữa lãnh đạo với đoàn viên, thanh niên trên cả nước.",
        venue="Trung tâm Hội nghị Quốc gia, Hà Nội",
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(hours=4),
        status=status,
        is_published=True,
        organizer_unit=units[0],
    )
    conference.save()
    participants = [Participant(conference=conference, full_name="Lê Quang Hòa", position="Chủ trì",
                                role=Participant.Role.CHAIR, order=0)]  # fmt: skip
    for order in range(1, 9):
        first, last = _name(rng)
        participants.append(
            Participant(
                conference=conference,
                full_name=f"{first} {last}",
                position="Giám đốc",
                unit=rng.choice(units),
                role=Participant.Role.LEADER,
                order=order,
            )
        )
    Participant.objects.bulk_create(participants)
    return conference


def _photos(conference: Conference, count: int) -> None:
    """Photos as organizers upload them: 1200×800 JPEGs, through the model so any upload processing runs."""
    from PIL import Image, ImageDraw

    for n in range(count):
        image = Image.new("RGB", (1200, 800), (30 + n * 30, 90, 160))
        draw = ImageDraw.Draw(image)
        for k in range(0, 1200, 40):
            draw.line((k, 0, 1200 - k, 800), fill=(200, 200 - n * 20, 80), width=3)
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=85)
        photo = Photo(conference=conference, caption=f"Quang cảnh hội nghị, ảnh {n + 1}", order=n)
        photo.image.save(f"bench-{conference.pk}-{n}.jpg", ContentFile(buffer.getvalue()), save=False)
        photo.save()


def _concerns(rng, conference, count, mix, members, profiles, topics, units, start) -> list[tuple[int, str]]:
    """count concerns of the conference with statuses drawn from mix; returns (id, status) of each."""
    statuses = list(mix)
    weights = [mix[status] for status in statuses]
    unit_names = [unit.name for unit in units]
    rows = []
    for n in range(count):
        title, body, _subject = _concern_text(rng, unit_names)
        author = rng.choice(members)
        status = rng.choices(statuses, weights)[0]
        rows.append(
            Question(
                conference=conference,
                author_id=author,
                author_unit_id=profiles.get(author),
                is_anonymous=rng.random() < 0.15,
                topic=rng.choice(topics),
                addressed_to_unit=rng.choice(units),
                title=title,
                body=body,
                search_text=fold(f"{title} {body}"),
                status=status,
                rejection_reason="Nội dung không thuộc phạm vi hội nghị." if status == Question.Status.REJECTED else "",
                submitted_at=start + dt.timedelta(seconds=n * 7 + rng.randrange(7)),
                moderated_at=start + dt.timedelta(days=1) if status != Question.Status.PENDING else None,
                withdrawn_at=start + dt.timedelta(days=1) if status == Question.Status.WITHDRAWN else None,
                live_state=LiveState.QUEUED,
            )
        )
    created = []
    for first in range(0, len(rows), BATCH):
        created += Question.objects.bulk_create(rows[first : first + BATCH])
    return [(question.pk, question.status) for question in created]


def _supports(rng, concerns, members) -> None:
    """A long tail: most concerns have a few supports, some have hundreds. The count column follows the rows."""
    public = [pk for pk, status in concerns if status in Question.Status.PUBLIC]
    batch, counts = [], {}
    for pk in public:
        k = min(len(members), int(rng.paretovariate(1.2)) - 1)
        if k <= 0:
            continue
        counts[pk] = k
        batch += [Support(question_id=pk, user_id=user) for user in rng.sample(members, k)]
        if len(batch) >= BATCH * 4:
            Support.objects.bulk_create(batch, batch_size=BATCH)
            batch = []
    Support.objects.bulk_create(batch, batch_size=BATCH)
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMP TABLE IF NOT EXISTS bench_counts (id bigint, n integer)")
        cursor.execute("TRUNCATE bench_counts")
        values = list(counts.items())
        for first in range(0, len(values), BATCH):
            chunk = values[first : first + BATCH]
            cursor.execute(
                "INSERT INTO bench_counts VALUES " + ",".join(["(%s,%s)"] * len(chunk)),
                [x for row in chunk for x in row],
            )
        cursor.execute(
            f"UPDATE {Question._meta.db_table} q SET support_count = c.n FROM bench_counts c WHERE q.id = c.id"
        )


def _answers(rng, conference, concerns, start) -> None:
    recorder = get_user_model().objects.get(username="organizer").pk
    participants = list(conference.participants.all())
    units = [p.unit.name if p.unit else "Văn phòng" for p in participants]
    rows = []
    for n, (pk, status) in enumerate(concerns):
        if status != Question.Status.ANSWERED:
            continue
        who = rng.randrange(len(participants))
        rows.append(
            Answer(
                question_id=pk,
                responder=participants[who],
                body=rng.choice(ANSWERS).format(u=units[who], s=rng.choice(SUBJECTS)),
                kind=Answer.Kind.AT_CONFERENCE if n % 3 else Answer.Kind.WRITTEN,
                recorded_by_id=recorder,
                answered_at=start + dt.timedelta(minutes=n % 240, seconds=n % 60),
            )
        )
    Answer.objects.bulk_create(rows, batch_size=BATCH)


def _conclusion(rng, conference, concerns, units) -> None:
    chair = conference.participants.get(role=Participant.Role.CHAIR)
    conclusion = Conclusion.objects.create(
        conference=conference,
        number=f"{conference.pk}-TB/BTC",
        issued_on=timezone.localdate(conference.ends_at) + dt.timedelta(days=3),
        signed_by=chair,
        body="Lãnh đạo ghi nhận các ý kiến của đoàn viên, thanh niên và giao các đơn vị thực hiện như sau.",
        is_published=True,
    )
    answered = [pk for pk, status in concerns if status == Question.Status.ANSWERED]
    recorder = get_user_model().objects.get(username="organizer").pk
    for order in range(1, 16):
        unit = rng.choice(units)
        deadline = conclusion.issued_on + dt.timedelta(days=30 * order)
        status = rng.choice(list(Directive.Status.values))
        progress = 100 if status == Directive.Status.DONE else rng.randrange(0, 90, 10)
        directive = Directive.objects.create(
            conclusion=conclusion,
            order=order,
            content=rng.choice(DIRECTIVES).format(u=unit.name, s=rng.choice(SUBJECTS), d=f"{deadline:%d/%m/%Y}"),
            lead_unit=unit,
            deadline=deadline,
            status=status,
            progress=progress,
        )
        directive.support_units.set(rng.sample(units, 3))
        directive.related_questions.set(rng.sample(answered, min(5, len(answered))))
        DirectiveUpdate.objects.bulk_create(
            DirectiveUpdate(
                directive=directive,
                author_id=recorder,
                progress=min(progress, 30 * (k + 1)),
                status=Directive.Status.IN_PROGRESS if status == Directive.Status.DONE else status,
                note=UPDATE_NOTES[k],
                created_at=timezone.now() - dt.timedelta(days=30 - k),
            )
            for k in range(3)
        )


@transaction.atomic
def seed(concerns: int, seed_value: int = 15, photos: int = 6) -> dict:
    """Adds the benchmark data once (a second call with the same database finds it and returns its ids)."""
    main = Conference.objects.filter(slug=MAIN_SLUG).first()
    if main is not None:
        for photo in Photo.objects.filter(thumbnail_width__isnull=True):  # saved before thumbnails were made
            photo.make_thumbnail()
            photo.save()
        return {"main": main.slug, "concerns": Question.objects.count(), "reused": True}
    rng = random.Random(seed_value)
    units = _units(rng)
    topics = list(Topic.objects.filter(is_active=True))
    members = _members(rng, max(500, concerns // 20), units)
    profiles = dict(Profile.objects.filter(user_id__in=members).values_list("user_id", "unit_id"))
    now = timezone.now()
    main = _conference(
        "Đối thoại giữa Thủ tướng Chính phủ với thanh niên năm 2026",
        MAIN_SLUG,
        now - dt.timedelta(hours=1),
        Conference.Status.IN_SESSION,
        units,
        rng,
    )
    main_mix = {"pending": 8, "approved": 50, "answered": 35, "rejected": 4, "withdrawn": 3}
    main_count = concerns * 4 // 5
    main_concerns = _concerns(rng, main, main_count, main_mix, members, profiles, topics, units,
                              now - dt.timedelta(days=30))  # fmt: skip
    _supports(rng, main_concerns, members)
    _answers(rng, main, main_concerns, now - dt.timedelta(minutes=50))
    on_screen = next(pk for pk, status in main_concerns if status == Question.Status.APPROVED)
    Question.objects.filter(pk=on_screen).update(live_state=LiveState.ON_SCREEN)
    _photos(main, photos)
    past_count = (concerns - main_count) // 4
    past_mix = {"answered": 70, "approved": 20, "rejected": 10}
    for k, year in enumerate(range(2022, 2026)):
        starts_at = dt.datetime(year, 3, 26, 8, 0, tzinfo=dt.UTC)
        past = _conference(
            f"Hội nghị đối thoại với đoàn viên, thanh niên năm {year}",
            f"bench-doi-thoai-{year}",
            starts_at,
            Conference.Status.CONCLUDED,
            units,
            rng,
        )
        count = past_count if k < 3 else concerns - main_count - 3 * past_count
        past_concerns = _concerns(rng, past, count, past_mix, members, profiles, topics, units,
                                  starts_at - dt.timedelta(days=30))  # fmt: skip
        _supports(rng, past_concerns, members)
        _answers(rng, past, past_concerns, starts_at + dt.timedelta(hours=1))
        _conclusion(rng, past, past_concerns, units)
    return {"main": main.slug, "concerns": Question.objects.count()}


def vacuum() -> None:
    """What autovacuum does to a database in use: statistics for the planner, and the visibility map that lets
    counts read an index alone. Outside a transaction, as VACUUM must be."""
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
