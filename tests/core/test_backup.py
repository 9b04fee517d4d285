"""manage.py backup and restore (apps.core.backup), and the restore drill: back up the demo
data, drop everything, restore, and the same pages answer the same."""

from __future__ import annotations

import io
import json
import re
import uuid

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client

from apps.core.backup import backup_list

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the drill restores with pg_restore into PostgreSQL"
)

VOLATILE = [
    re.compile(r'nonce="[^"]*"'),
    re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"'),
    re.compile(r'"X-CSRFToken": *"[^"]*"'),
    re.compile(r"\b\d+\W+(?:second|minute|hour|day|week|month|year)s?\s+ago\b"),
    re.compile(r"\bjust now\b"),
    # Signed feed cursors carry the time they were signed.
    re.compile(r"[\w-]+(?::|%3A)[\w-]{4,8}(?::|%3A)[\w-]{20,}"),
]


def _normalised(html: str) -> list[str]:
    """The page's words, sorted: a lost or changed row, name or number shows, while rows that
    a page lists in no particular order (PostgreSQL returns unordered rows as they lie on
    disk, and a restore lays them anew) do not."""
    for pattern in VOLATILE:
        html = pattern.sub("", html)
    return sorted(re.findall(r"[\w@.:/-]+", html))


def _pages(urls: list[str]) -> dict[str, tuple[int, list[str]]]:
    cache.clear()
    client = Client()
    answers = {}
    for url in urls:
        response = client.get(url)
        answers[url] = (response.status_code, _normalised(response.content.decode()))
    return answers


def _drop_everything() -> None:
    """Drop the test database's tables, as a lost database would be."""
    assert connection.settings_dict["NAME"].startswith("test_"), "never outside the test database"
    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")


def _tables_exist() -> bool:
    return "django_migrations" in connection.introspection.table_names()


def _demo_urls() -> list[str]:
    from apps.accounts.models import User
    from apps.events.models import Event
    from apps.hackathons.models import Hackathon
    from apps.jobs.models import Job

    member = User.objects.exclude(handle="").order_by("pk").first()
    job = Job.objects.order_by("pk").first()
    hackathon = Hackathon.objects.order_by("pk").first()
    event = Event.objects.order_by("pk").first()
    return [
        "/",
        "/jobs/",
        f"/jobs/{job.pk}/",
        "/hackathons/",
        f"/hackathons/{hackathon.slug}/",
        "/events/",
        f"/events/{event.slug}/",
        "/projects/",
        "/feed/",
        f"/u/{member.handle}/",
    ]


@postgres_only
@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_restore_drill_brings_back_the_demo_data_and_the_same_pages(tmp_path):
    call_command("seed_demo", "--size", "small", stdout=io.StringIO())
    storages["default"].save("avatars/drill.png", ContentFile(b"\x89PNG drill avatar"))
    storages["private"].save("cvs/drill.pdf", ContentFile(b"%PDF drill cv"))
    urls = _demo_urls()
    before = _pages(urls)
    assert all(status == 200 for status, _ in before.values()), {u: s for u, (s, _) in before.items()}

    out = io.StringIO()
    call_command("backup", "--to", str(tmp_path / "backups"), stdout=out)
    assert "Backup diceytech-" in out.getvalue()
    (name,) = backup_list(target=str(tmp_path / "backups"))
    manifest = json.loads((tmp_path / "backups" / name / "manifest.json").read_text())
    assert manifest["database"]["name"] == "database.pgdump"
    assert {entry["name"] for entry in manifest["media"]["private"]} >= {"cvs/drill.pdf"}

    try:
        _drop_everything()
        storages["default"].delete("avatars/drill.png")
        storages["private"].delete("cvs/drill.pdf")
        with pytest.raises(Exception, match="does not exist"):
            Client(raise_request_exception=True).get("/jobs/")
        connection.close()

        call_command("restore", "--from", str(tmp_path / "backups"), "--yes", stdout=io.StringIO())

        after = _pages(urls)
        for url in urls:
            assert after[url][0] == before[url][0], url
            assert after[url][1] == before[url][1], url
        assert storages["default"].open("avatars/drill.png").read() == b"\x89PNG drill avatar"
        assert storages["private"].open("cvs/drill.pdf").read() == b"%PDF drill cv"
    finally:
        if not _tables_exist():
            call_command("migrate", verbosity=0)


def test_restore_refuses_without_yes(tmp_path):
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", "--from", str(tmp_path))


def test_restore_refuses_a_folder_without_a_complete_backup(tmp_path):
    (tmp_path / "diceytech-20260101-000000").mkdir()
    with pytest.raises(CommandError, match="No complete backup"):
        call_command("restore", "--from", str(tmp_path), "--yes")


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_damaged_backup_is_refused_before_anything_is_replaced(tmp_path):
    from tests.accounts.factories import UserFactory

    UserFactory(email="kept@example.com")
    call_command("backup", "--to", str(tmp_path), stdout=io.StringIO())
    (name,) = backup_list(target=str(tmp_path))
    dump = tmp_path / name / "database.pgdump"
    dump.write_bytes(dump.read_bytes()[:-10] + b"0123456789")
    UserFactory(email="added-later@example.com")
    with pytest.raises(CommandError, match="checksum"):
        call_command("restore", "--from", str(tmp_path), "--yes")
    from apps.accounts.models import User

    assert User.objects.filter(email="added-later@example.com").exists()


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_through_s3_buckets(s3_server, settings, tmp_path):
    import boto3

    from tests.fixtures.s3 import ACCESS_KEY, REGION, SECRET_KEY

    s3 = boto3.client(
        "s3",
        endpoint_url=s3_server,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
        region_name=REGION,
    )
    media, backups = f"media-{uuid.uuid4().hex[:8]}", f"backups-{uuid.uuid4().hex[:8]}"
    s3.create_bucket(Bucket=media)
    s3.create_bucket(Bucket=backups)
    s3_options = {
        "endpoint_url": s3_server,
        "access_key": ACCESS_KEY,
        "secret_key": SECRET_KEY,
        "region_name": REGION,
        "addressing_style": "path",
    }
    settings.BACKUP_S3_OPTIONS = s3_options
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {**s3_options, "bucket_name": media, "location": "private", "default_acl": "private"},
        },
    }
    storages["private"].save("cvs/from-s3.pdf", ContentFile(b"%PDF in a bucket"))
    from tests.accounts.factories import UserFactory

    UserFactory(email="in-the-backup@example.com")

    call_command("backup", "--to", f"s3://{backups}/nightly", stdout=io.StringIO())
    keys = {item["Key"] for item in s3.list_objects_v2(Bucket=backups)["Contents"]}
    (name,) = {key.split("/")[1] for key in keys}
    assert {
        f"nightly/{name}/manifest.json",
        f"nightly/{name}/database.pgdump",
        f"nightly/{name}/media/private/cvs/from-s3.pdf",
    } <= keys

    storages["private"].delete("cvs/from-s3.pdf")
    from apps.accounts.models import User

    User.objects.filter(email="in-the-backup@example.com").delete()
    call_command("restore", "--from", f"s3://{backups}/nightly", "--yes", stdout=io.StringIO())

    assert User.objects.filter(email="in-the-backup@example.com").exists()
    body = s3.get_object(Bucket=media, Key="private/cvs/from-s3.pdf")["Body"].read()
    assert body == b"%PDF in a bucket"


def test_an_unknown_target_is_refused():
    with pytest.raises(CommandError, match="Unknown target"):
        call_command("backup", "--to", "ftp://example.com/backups")


def test_a_sqlite_database_is_copied_and_put_back(tmp_path, monkeypatch):
    import sqlite3

    from apps.core import backup

    live = tmp_path / "live.sqlite3"
    with sqlite3.connect(live) as db:
        db.execute("CREATE TABLE note (text TEXT)")
        db.execute("INSERT INTO note VALUES ('kept')")
    db.close()
    monkeypatch.setattr(
        backup, "_database", lambda: {"ENGINE": "django.db.backends.sqlite3", "NAME": str(live)}
    )
    dump = tmp_path / "dump"
    assert backup.database_dump(dump) == "database.sqlite3"
    with sqlite3.connect(live) as db:
        db.execute("DELETE FROM note")
        db.execute("INSERT INTO note VALUES ('written after the backup')")
    db.close()

    backup.database_load(dump, "database.sqlite3")

    with sqlite3.connect(live) as db:
        assert db.execute("SELECT text FROM note").fetchall() == [("kept",)]
    db.close()
    with pytest.raises(backup.BackupError, match=r"holds database\.pgdump"):
        backup.database_load(dump, "database.pgdump")
