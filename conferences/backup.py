"""Backup and restore of the whole portal: the database and the uploaded files, in one .tar.gz archive.

PostgreSQL is dumped with pg_dump (custom format) and restored with pg_restore; other databases (SQLite) go
through Django's dumpdata/loaddata (XML). The archive holds `manifest.json` (what was saved, with row counts),
the database dump and the `media/` tree.
"""

import io
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
from datetime import datetime
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

FORMAT_PG = "pg_dump"
FORMAT_DUMPDATA = "dumpdata"
# Rows Django makes by itself (migrations recreate them) or that must not travel between installations.
JSON_EXCLUDE = ["contenttypes", "auth.permission", "sessions", "admin.logentry"]


class BackupError(Exception):
    pass


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label in {"auth", "conferences", "questions"}
    }


def _default_format() -> str:
    return FORMAT_PG if connection.vendor == "postgresql" else FORMAT_DUMPDATA


def _pg_env_and_args() -> tuple[dict[str, str], list[str]]:
    db = connection.settings_dict
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    args = ["--host", str(db.get("HOST") or "localhost"), "--port", str(db.get("PORT") or 5432)]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    return env, args + ["--dbname", db["NAME"]]


def _run(command: list[str], env: dict[str, str]) -> None:
    try:
        subprocess.run(command, env=env, check=True, capture_output=True, text=True)
    except FileNotFoundError as exc:
        raise BackupError(f"{command[0]} is not installed (Debian package postgresql-client).") from exc
    except subprocess.CalledProcessError as exc:
        raise BackupError(f"{command[0]} failed: {exc.stderr.strip()}") from exc


def create_backup(output: Path, *, fmt: str | None = None) -> dict:
    fmt = fmt or _default_format()
    if fmt == FORMAT_PG and connection.vendor != "postgresql":
        raise BackupError("pg_dump backups need a PostgreSQL database; use --format dumpdata.")
    output.parent.mkdir(parents=True, exist_ok=True)
    manifest = {
        "created_at": timezone.now().isoformat(),
        "format": fmt,
        "database_vendor": connection.vendor,
        "row_counts": row_counts(),
    }
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        if fmt == FORMAT_PG:
            dump = tmp_path / "database.dump"
            env, args = _pg_env_and_args()
            _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(dump), *args], env)
        else:
            # XML keeps datetimes to the microsecond; Django's JSON encoder would cut them to milliseconds.
            dump = tmp_path / "database.xml"
            call_command(
                "dumpdata",
                format="xml",
                exclude=JSON_EXCLUDE,
                natural_foreign=True,
                output=str(dump),
                verbosity=0,
            )
        with tarfile.open(output, "w:gz") as archive:
            data = json.dumps(manifest, ensure_ascii=False, indent=2).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            info.mtime = int(datetime.now().timestamp())
            archive.addfile(info, io.BytesIO(data))
            archive.add(dump, arcname=dump.name)
            media_root = Path(settings.MEDIA_ROOT)
            if media_root.is_dir():
                archive.add(media_root, arcname="media")
    return manifest


def restore_backup(archive_path: Path) -> dict:
    if not archive_path.is_file():
        raise BackupError(f"{archive_path} does not exist.")
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        try:
            with tarfile.open(archive_path, "r:gz") as archive:
                archive.extractall(tmp_path, filter="data")  # refuses absolute paths and "..": no escape
        except (tarfile.TarError, OSError) as exc:
            raise BackupError(f"{archive_path} is not a backup archive: {exc}") from exc
        manifest_file = tmp_path / "manifest.json"
        if not manifest_file.is_file():
            raise BackupError(f"{archive_path} has no manifest.json: not a backup of this portal.")
        manifest = json.loads(manifest_file.read_text())
        if manifest["format"] == FORMAT_PG:
            if connection.vendor != "postgresql":
                raise BackupError("This backup was made with pg_dump and can only be restored into PostgreSQL.")
            env, args = _pg_env_and_args()
            connection.close()
            _run(
                [
                    "pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
                    *args, str(tmp_path / "database.dump"),
                ],
                env,
            )  # fmt: skip
        else:
            with transaction.atomic():
                call_command("flush", interactive=False, verbosity=0)
                call_command("loaddata", str(tmp_path / "database.xml"), verbosity=0)
        media_source = tmp_path / "media"
        media_root = Path(settings.MEDIA_ROOT)
        if media_source.is_dir():
            media_root.mkdir(parents=True, exist_ok=True)
            shutil.copytree(media_source, media_root, dirs_exist_ok=True)
    return manifest
