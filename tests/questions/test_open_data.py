"""The open-data ZIP: its files and README, only public records in them, anonymity kept, constant queries."""

import csv
import io
import zipfile

import pytest

from questions.models import Question
from tests.factories import (
    AgendaItemFactory,
    AnswerFactory,
    ConclusionFactory,
    ConferenceFactory,
    DirectiveFactory,
    ParticipantFactory,
    QuestionFactory,
    organizer,
)

pytestmark = pytest.mark.django_db

SECRETS = ("Chờ duyệt bí mật", "Bị từ chối bí mật", "Đã rút bí mật", "Hội nghị chưa công bố", "Kết luận nháp bí mật")


def read_zip(client) -> dict[str, list[list[str]]]:
    response = client.get("/open-data/portal.zip")
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    files = {}
    for name in archive.namelist():
        data = archive.read(name)
        if name.endswith(".csv"):
            assert data.startswith("\ufeff".encode())
            files[name] = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
        else:
            files[name] = data.decode()
    return files


@pytest.fixture
def world():
    conference = ConferenceFactory(slug="hoi-nghi-2023")
    AgendaItemFactory(conference=conference, order=1, title="Khai mạc")
    chair = ParticipantFactory(conference=conference, full_name="Lê Quang Hòa")
    answered = QuestionFactory(
        conference=conference, status=Question.Status.ANSWERED, is_anonymous=True, title="Kiến nghị ẩn danh"
    )
    AnswerFactory(question=answered, responder=chair, body="Đã trả lời công khai.")
    AnswerFactory(question=answered, responder=chair, body="Bản nháp chưa công bố", is_published=False)
    QuestionFactory(conference=conference, title="=1+1")
    QuestionFactory(conference=conference, status=Question.Status.PENDING, title=SECRETS[0])
    QuestionFactory(conference=conference, status=Question.Status.REJECTED, title=SECRETS[1])
    QuestionFactory(conference=conference, status=Question.Status.WITHDRAWN, title=SECRETS[2])
    hidden = ConferenceFactory(is_published=False, title=SECRETS[3])
    QuestionFactory(conference=hidden, title=SECRETS[3])
    conclusion = ConclusionFactory(conference=conference, number="15-TB/SNV")
    DirectiveFactory(conclusion=conclusion, content="Rà soát chế độ.", progress=40)
    draft = ConclusionFactory(conference=ConferenceFactory(), is_published=False, body=SECRETS[4])
    DirectiveFactory(conclusion=draft, content=SECRETS[4])
    return {"answered": answered}


@pytest.mark.parametrize("who", [None, organizer])
def test_zip_holds_every_public_file_and_nothing_else_whoever_asks(client, world, who):
    if who:
        client.force_login(who())
    files = read_zip(client)
    expected = {"conferences.csv", "agenda.csv", "concerns.csv", "answers.csv", "conclusions.csv", "directives.csv"}
    assert set(files) == expected | {"README.txt"}
    everything = repr(files)
    for secret in (*SECRETS, "Bản nháp chưa công bố"):
        assert secret not in everything
    concerns = {row[3]: row for row in files["concerns.csv"][1:]}
    assert set(concerns) == {"Kiến nghị ẩn danh", "'=1+1"}
    assert concerns["Kiến nghị ẩn danh"][8] == "Ẩn danh"
    assert world["answered"].author.get_full_name() not in everything
    assert [row[4] for row in files["answers.csv"][1:]] == ["Đã trả lời công khai."]
    assert [row[1] for row in files["conclusions.csv"][1:]] == ["15-TB/SNV"]
    assert [row[2] for row in files["directives.csv"][1:]] == ["Rà soát chế độ."]
    assert [row[4] for row in files["agenda.csv"][1:]] == ["Khai mạc"]
    assert "hoi-nghi-2023" in {row[0] for row in files["conferences.csv"][1:]}


def test_readme_describes_every_column(client, world):
    files = read_zip(client)
    for name, rows in files.items():
        if name.endswith(".csv"):
            assert name in files["README.txt"]
            for header in rows[0]:
                assert f"  - {header}: " in files["README.txt"], (name, header)


def test_open_data_page_lists_the_files_and_links_the_zip(client, world):
    content = client.get("/open-data/").content.decode()
    assert 'href="/open-data/portal.zip"' in content
    assert "concerns.csv" in content and "directives.csv" in content


@pytest.mark.parametrize("size", [1, 30])
def test_zip_query_count_does_not_grow(client, django_assert_num_queries, size):
    for _ in range(size):
        conference = ConferenceFactory()
        AgendaItemFactory(conference=conference, order=1)
        AnswerFactory(question=QuestionFactory(conference=conference, status=Question.Status.ANSWERED))
        DirectiveFactory(conclusion=ConclusionFactory(conference=conference)).support_units.set([])
    with django_assert_num_queries(12):
        b"".join(client.get("/open-data/portal.zip").streaming_content)
