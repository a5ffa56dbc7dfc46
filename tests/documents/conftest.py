import datetime as dt

import pytest

from conferences.models import Conference, Participant, Unit
from documents.models import OrganizationProfile
from tests.factories import (
    AgendaItemFactory,
    AnswerFactory,
    ConclusionFactory,
    ConferenceFactory,
    DirectiveFactory,
    ParticipantFactory,
    QuestionFactory,
)

HUNG_YEN = {
    "parent_body": "UBND TỈNH HƯNG YÊN",
    "issuing_body": "SỞ NỘI VỤ",
    "code": "SNV",
    "place_name": "Hưng Yên",
    "chair_title": "GIÁM ĐỐC",
    "notice_authority": "TL. GIÁM ĐỐC",
    "notice_title": "CHÁNH VĂN PHÒNG",
    "notice_signer_name": "Nguyễn Thị Thu",
    "report_recipient": "UBND tỉnh Hưng Yên",
}


@pytest.fixture
def profile(db):
    return OrganizationProfile.objects.create(**HUNG_YEN)


def concluded_conference(questions: int = 2):
    """A concluded dialogue of 30/3/2023 with a chair, a secretary, an agenda, concerns, answers and directives."""
    conference = ConferenceFactory(
        title="Hội nghị đối thoại giữa lãnh đạo Sở với thanh niên năm 2023",
        status=Conference.Status.CONCLUDED,
        starts_at=dt.datetime(2023, 3, 30, 1, 0, tzinfo=dt.UTC),
        ends_at=dt.datetime(2023, 3, 30, 4, 0, tzinfo=dt.UTC),
        organizer_unit=Unit.objects.get_or_create(name="Chi đoàn Sở Nội vụ", defaults={"short_name": "Chi đoàn"})[0],
    )
    chair = ParticipantFactory(
        conference=conference, role=Participant.Role.CHAIR, full_name="Lê Quang Hòa", position="Giám đốc Sở"
    )
    ParticipantFactory(conference=conference, role=Participant.Role.SECRETARY, full_name="Phạm Thư Ký", position="")
    ParticipantFactory(conference=conference, role=Participant.Role.MEMBER, full_name="Người Vắng", attended=False)
    AgendaItemFactory(conference=conference, title="Khai mạc")
    for n in range(questions):
        question = QuestionFactory(conference=conference, title=f"Kiến nghị công khai {n}", is_anonymous=n % 2 == 0)
        AnswerFactory(question=question, responder=chair, body=f"Trả lời số {n}")
    conclusion = ConclusionFactory(conference=conference, signed_by=chair, body="Đề nghị các phòng thực hiện.")
    unit = Unit.objects.get_or_create(name="Văn phòng Sở")[0]
    DirectiveFactory(conclusion=conclusion, order=1, lead_unit=unit, deadline=dt.date(2023, 6, 30))
    return conference
