import tarfile

import pytest
from django.apps import apps
from django.core import serializers
from django.core.management import CommandError, call_command
from django.db import connection

from conferences.backup import row_counts
from conferences.models import Photo

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

DOMAIN_APPS = {"conferences", "questions"}


def _snapshot() -> dict[str, list]:
    """Every domain row with every field, and the users by username, so a restore can be compared exactly."""
    snapshot = {}
    for model in apps.get_models():
        if model._meta.app_label in DOMAIN_APPS:
            rows = serializers.serialize("python", model._default_manager.order_by("pk"))
            snapshot[model._meta.label] = [(row["pk"], row["fields"]) for row in rows]
    user_model = apps.get_model("auth", "User")
    snapshot["users"] = sorted(
        user_model.objects.values_list("username", "email", "password", "is_superuser", "groups__name")
    )
    return snapshot


def test_backup_and_restore_round_trip_the_demo_data(settings, tmp_path):
    settings.DEBUG = True
    call_command("load_demo", verbosity=0)
    before = _snapshot()
    counts = row_counts()
    photo_bytes = {p.image.name: p.image.read() for p in Photo.objects.all()}
    assert photo_bytes and counts["questions.Question"] > 0

    archive = tmp_path / "portal.tar.gz"
    call_command("backup", output=archive, verbosity=0)
    with tarfile.open(archive) as tar:
        names = tar.getnames()
    assert "manifest.json" in names
    assert any(name.startswith("media/conferences/photos/") for name in names)

    # Lose everything: the rows and the uploaded files.
    call_command("flush", interactive=False, verbosity=0)
    for name in photo_bytes:
        (settings.MEDIA_ROOT / name).unlink()
    assert row_counts()["questions.Question"] == 0

    call_command("restore", archive, yes=True, verbosity=0)
    connection.close()  # pg_restore replaced the tables under this connection

    assert row_counts() == counts
    assert _snapshot() == before
    for photo in Photo.objects.all():
        assert photo.image.read() == photo_bytes[photo.image.name]


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    bogus = tmp_path / "bogus.tar.gz"
    bogus.write_bytes(b"not an archive")
    with pytest.raises(CommandError, match="not a backup archive"):
        call_command("restore", bogus, yes=True)


def test_restore_refuses_archive_without_manifest(tmp_path):
    archive = tmp_path / "other.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        extra = tmp_path / "readme.txt"
        extra.write_text("hello")
        tar.add(extra, arcname="readme.txt")
    with pytest.raises(CommandError, match="manifest"):
        call_command("restore", archive, yes=True)
