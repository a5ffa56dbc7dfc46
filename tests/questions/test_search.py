"""Accent- and case-insensitive Vietnamese search: the same rows on SQLite and PostgreSQL."""

import pytest

from questions.models import Question, search_words
from tests.factories import ConferenceFactory, QuestionFactory

pytestmark = pytest.mark.django_db

TITLES = {
    "digital": "Chuyển đổi số trong cơ quan Sở",
    "training": "Đào tạo, bồi dưỡng kỹ năng cho đoàn viên",
    "security": "Bảo mật, an toàn thông tin khi làm việc từ xa",
    "equipment": "Trang bị máy tính cho Phòng Tổ chức",
    "union": "Hoạt động Đoàn thanh niên năm 2026",
}


@pytest.fixture
def concerns():
    conference = ConferenceFactory()
    return {
        key: QuestionFactory(conference=conference, title=title, body="Đề nghị Lãnh đạo Sở xem xét.")
        for key, title in TITLES.items()
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("chuyen doi so", {"digital"}),
        ("Chuyển đổi số", {"digital"}),
        ("CHUYỂN ĐỔI SỐ", {"digital"}),
        ("CHUYEN DOI SO", {"digital"}),
        ("chuyển doi SỐ", {"digital"}),
        ("dao tao", {"training"}),
        ("Đào tạo", {"training"}),
        ("đào TẠO", {"training"}),
        ("doan vien", {"training"}),
        ("Đoàn", {"training", "union"}),
        ("đoàn", {"training", "union"}),
        ("DOAN", {"training", "union"}),
        ("bao mat", {"security"}),
        ("an toàn thông tin", {"security"}),
        ("may tinh", {"equipment"}),
        ("máy tính", {"equipment"}),
        ("to chuc", {"equipment"}),
        ("so", {"digital", "training", "security", "equipment", "union"}),  # "Sở" in every body
        ("chuyen doi so, dao tao!", set()),  # every word must match one concern
        ("  ", {"digital", "training", "security", "equipment", "union"}),
        ("khong co gi", set()),
        ("2026", {"union"}),
    ],
)
def test_search_finds_the_same_rows_with_or_without_accents(concerns, query, expected):
    found = set(Question.objects.search(query).values_list("pk", flat=True))
    assert found == {concerns[key].pk for key in expected}


def test_search_decomposed_input_is_normalised(concerns):
    decomposed = "Chuye\u0302\u0309n \u0111o\u0302\u0309i so\u0302\u0301"  # NFD from some keyboards
    assert list(Question.objects.search(decomposed)) == [concerns["digital"]]


def test_search_by_reference_number(concerns):
    question = concerns["security"]
    assert list(Question.objects.search(question.reference)) == [question]
    assert list(Question.objects.search(question.reference.lower())) == [question]


def test_search_words_are_folded_and_limited():
    assert search_words("Chuyển ĐỔI số!!") == ["chuyen", "doi", "so"]
    assert len(search_words("a " * 50)) == 8
    assert search_words("%_") == ["_"]


def test_search_like_wildcards_are_literal(concerns):
    assert Question.objects.search("%").count() == 5  # no word at all: nothing filtered
    assert not Question.objects.search("c_uyen").exists()


def test_search_text_follows_edits(concerns):
    question = concerns["equipment"]
    question.title = "Nâng cấp đường truyền"
    question.save(update_fields=["title"])
    question.refresh_from_db()
    assert "nang cap duong truyen" in question.search_text
    assert list(Question.objects.search("duong truyen")) == [question]


# --- the conference's list of concerns -----------------------------------------------------------------------------


def test_conference_list_search_without_accents_finds_vietnamese_title(client, concerns):
    conference = concerns["digital"].conference
    content = client.get(f"/conferences/{conference.slug}/questions/", {"q": "chuyen doi so"}).content.decode()
    assert "Chuyển đổi số trong cơ quan Sở" in content
    assert "Đào tạo, bồi dưỡng kỹ năng" not in content


def test_conference_list_search_with_dj_upper_case(client, concerns):
    conference = concerns["digital"].conference
    content = client.get(f"/conferences/{conference.slug}/questions/", {"q": "ĐOÀN VIÊN"}).content.decode()
    assert "Đào tạo, bồi dưỡng kỹ năng cho đoàn viên" in content
    assert "Chuyển đổi số trong cơ quan" not in content


def test_search_also_matches_the_topic_name(concerns):
    from questions.models import Topic

    topic = Topic.objects.get(name="Chuyển đổi số")
    filed = QuestionFactory(conference=concerns["digital"].conference, title="Phần mềm quản lý văn bản", topic=topic)
    found = set(Question.objects.search("chuyen doi so"))
    assert found == {concerns["digital"], filed}
    assert list(Question.objects.search("chuyen doi so phan mem")) == [filed]
