"""What keeps pages light: photo thumbnails made at upload, cache lifetimes of media, compression of anonymous pages,
capped lists on the conference page and in the moderation queue."""

import gzip

import pytest
from PIL import Image

from questions.models import Question
from tests.factories import ConferenceFactory, PhotoFactory, QuestionFactory, member, organizer

pytestmark = pytest.mark.django_db


def test_a_saved_photo_gets_a_small_upright_thumbnail_that_the_page_sends(client):
    photo = PhotoFactory(image__width=1200, image__height=800)
    assert (photo.thumbnail_width, photo.thumbnail_height) == (480, 320)
    with Image.open(photo.thumbnail.path) as thumbnail:
        assert thumbnail.size == (480, 320)
    html = client.get(photo.conference.get_absolute_url()).content.decode()
    assert f'src="{photo.thumbnail.url}"' in html
    assert 'width="480" height="320" loading="lazy"' in html
    assert f'href="{photo.image.url}"' in html  # the full size behind the link


def test_photos_under_media_are_cached_for_long(client, settings):
    settings.SERVE_MEDIA = True
    photo = PhotoFactory()
    response = client.get(photo.thumbnail.url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=2592000"


def test_anonymous_pages_are_compressed_and_logged_in_ones_are_not(client):
    conference = ConferenceFactory()
    QuestionFactory.create_batch(3, conference=conference)
    anonymous = client.get(conference.get_absolute_url(), headers={"accept-encoding": "gzip"})
    assert anonymous["Content-Encoding"] == "gzip"
    assert conference.title in gzip.decompress(anonymous.content).decode()
    client.force_login(member())
    logged_in = client.get(conference.get_absolute_url(), headers={"accept-encoding": "gzip"})
    assert not logged_in.has_header("Content-Encoding")
    assert conference.title in logged_in.content.decode()


def test_pages_have_a_meta_description(client):
    conference = ConferenceFactory(theme="Thanh niên với chuyển đổi số")
    assert (
        '<meta name="description" content="Thanh niên với chuyển đổi số">'
        in client.get(conference.get_absolute_url()).content.decode()
    )
    assert '<meta name="description" content="' in client.get("/").content.decode()


def test_the_conference_page_shows_the_most_supported_answers_and_links_to_all(client):
    conference = ConferenceFactory()
    for n in range(12):
        QuestionFactory(conference=conference, status=Question.Status.ANSWERED, support_count=n, title=f"Số {n:02d}")
    html = client.get(conference.get_absolute_url()).content.decode()
    assert "Số 11" in html and "Số 02" in html
    assert "Số 01" not in html and "Số 00" not in html  # the two least supported are on the full list only
    assert f"/conferences/{conference.slug}/questions/?status=answered&amp;sort=supported" in html


def test_merge_targets_are_suggested_once_and_any_is_typed_by_reference(client):
    conference = ConferenceFactory()
    pending = QuestionFactory.create_batch(3, conference=conference, status=Question.Status.PENDING)
    target = QuestionFactory(conference=conference, status=Question.Status.APPROVED)
    client.force_login(organizer())
    html = client.get(f"/conferences/{conference.slug}/moderate/").content.decode()
    assert html.count(f'<option value="{target.reference}">') == 1
    client.post(f"/conferences/{conference.slug}/moderate/{pending[0].pk}/merge/", {"into": target.reference})
    pending[0].refresh_from_db()
    assert (pending[0].status, pending[0].duplicate_of) == (Question.Status.MERGED, target)


def test_a_merge_target_of_another_conference_is_refused(client):
    conference = ConferenceFactory()
    question = QuestionFactory(conference=conference, status=Question.Status.PENDING)
    elsewhere = QuestionFactory(status=Question.Status.APPROVED)
    client.force_login(organizer())
    response = client.post(
        f"/conferences/{conference.slug}/moderate/{question.pk}/merge/", {"into": elsewhere.reference}, follow=True
    )
    question.refresh_from_db()
    assert question.status == Question.Status.PENDING
    assert "Chọn" in response.content.decode() or "Choose" in response.content.decode()
