"""Backups of the database and the uploaded files, and restoring them (`manage.py backup`,
`manage.py restore`; README, "Backups").

A backup is one folder, `diceytech-<UTC time>/`, in a target that is a local folder or an S3
bucket (`s3://bucket/prefix`, through django-storages with the BACKUP_S3_OPTIONS
credentials):

    manifest.json            what is inside, with a SHA-256 of every file; written last, so a
                             folder without it is an unfinished backup and is never restored
    database.pgdump          PostgreSQL: pg_dump's custom format (restored with pg_restore)
    database.sqlite3         SQLite: a consistent copy made with SQLite's backup API
    media/default/…          public uploads (avatars, banners, project images)
    media/private/…          private files (CVs, exports), from local folders or S3 alike

Restoring replaces the database's tables with the backup's in one transaction and puts every
file back in its storage; files uploaded since the backup are left where they are.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.files import File
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.db import connections
from django.utils import timezone

MANIFEST = "manifest.json"
MEDIA_STORAGES = ("default", "private")
FORMAT_VERSION = 1
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go on, with a sentence saying why."""


def target_storage(target: str) -> Storage:
    """The storage a target names: `s3://bucket/prefix` or a local folder."""
    if target.startswith("s3://"):
        from storages.backends.s3 import S3Storage

        bucket, _, prefix = target.removeprefix("s3://").partition("/")
        if not bucket:
            raise BackupError(f"No bucket in {target!r}: write s3://bucket/prefix.")
        options = {key: value for key, value in settings.BACKUP_S3_OPTIONS.items() if value is not None}
        return S3Storage(**options, bucket_name=bucket, location=prefix.strip("/"), file_overwrite=True)
    if "://" in target:
        raise BackupError(f"Unknown target {target!r}: give a folder or s3://bucket/prefix.")
    folder = Path(target).expanduser().resolve()
    folder.mkdir(parents=True, exist_ok=True)
    return FileSystemStorage(location=str(folder), base_url=None)


def _walk(storage: Storage, folder: str = "") -> Iterator[str]:
    """Every file in `storage` under `folder`, as a storage name."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        yield f"{folder}/{name}" if folder else name
    for sub in folders:
        yield from _walk(storage, f"{folder}/{sub}" if folder else sub)


def _sha256(handle) -> str:
    digest = hashlib.sha256()
    for chunk in iter(lambda: handle.read(CHUNK), b""):
        digest.update(chunk)
    return digest.hexdigest()


def _copy(source: Storage, name: str, target: Storage, target_name: str) -> dict:
    """Copy one file between storages (spooled through a temporary file) and describe it."""
    with tempfile.TemporaryFile() as spool:
        with source.open(name, "rb") as handle:
            shutil.copyfileobj(handle, spool, CHUNK)
        size = spool.tell()
        spool.seek(0)
        sha = _sha256(spool)
        spool.seek(0)
        if target.exists(target_name):
            target.delete(target_name)
        target.save(target_name, File(spool, name=os.path.basename(target_name)))
    return {"name": name, "size": size, "sha256": sha}


# --- The database ---------------------------------------------------------------------------


def _database() -> dict:
    return connections["default"].settings_dict


def database_engine() -> str:
    engine = _database()["ENGINE"]
    if engine.endswith("postgresql"):
        return "postgresql"
    if engine.endswith("sqlite3"):
        return "sqlite"
    raise BackupError(f"Backups know PostgreSQL and SQLite, not {engine}.")


def _pg_env() -> dict[str, str]:
    db = _database()
    env = {**os.environ, "PGDATABASE": db["NAME"]}
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
    ):
        if db.get(key):
            env[variable] = str(db[key])
    return env


def _run(command: list[str]) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(f"{command[0]} is not installed (Debian: apt-get install postgresql-client).")
    result = subprocess.run(command, env=_pg_env(), capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[-2000:]}")


def database_dump(path: Path) -> str:
    """Write the database to `path`; returns the file name it has in a backup."""
    connections["default"].close()
    if database_engine() == "postgresql":
        _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={path}"])
        return "database.pgdump"
    source = sqlite3.connect(_database()["NAME"])
    try:
        with sqlite3.connect(path) as copy:
            source.backup(copy)
        copy.close()
    finally:
        source.close()
    return "database.sqlite3"


def database_load(path: Path, name: str) -> None:
    """Replace the database's contents with the dump at `path`."""
    connections["default"].close()
    engine = database_engine()
    if name == "database.pgdump" and engine == "postgresql":
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                f"--dbname={_database()['NAME']}",
                str(path),
            ]
        )
    elif name == "database.sqlite3" and engine == "sqlite":
        source = sqlite3.connect(path)
        try:
            with sqlite3.connect(_database()["NAME"]) as live:
                source.backup(live)
            live.close()
        finally:
            source.close()
    else:
        raise BackupError(f"This backup holds {name}; the site's database is {engine}.")


# --- Backup and restore ---------------------------------------------------------------------


@dataclass(frozen=True)
class BackupSummary:
    name: str
    database: str
    files: int
    bytes: int


def backup_create(*, target: str, stdout=None) -> BackupSummary:
    """Back up the database and every media file into a new folder in `target`."""
    store = target_storage(target)
    name = f"diceytech-{timezone.now():%Y%m%d-%H%M%S}"
    if store.exists(f"{name}/{MANIFEST}"):
        raise BackupError(f"{name} already exists in {target}; try again in a second.")

    def say(text: str) -> None:
        if stdout is not None:
            stdout.write(text)

    with tempfile.TemporaryDirectory() as folder:
        dump = Path(folder) / "database"
        database_name = database_dump(dump)
        say(f"Database dumped ({dump.stat().st_size} bytes).")
        database_entry = _copy(
            FileSystemStorage(location=folder), "database", store, f"{name}/{database_name}"
        )
    database_entry["name"] = database_name
    media: dict[str, list[dict]] = {}
    for alias in MEDIA_STORAGES:
        source = storages[alias]
        media[alias] = [_copy(source, path, store, f"{name}/media/{alias}/{path}") for path in _walk(source)]
        say(f"{alias} storage: {len(media[alias])} file(s).")
    manifest = {
        "format": FORMAT_VERSION,
        "name": name,
        "created_at": timezone.now().isoformat(),
        "engine": database_engine(),
        "database": database_entry,
        "media": media,
    }
    with tempfile.TemporaryFile() as spool:
        spool.write(json.dumps(manifest, indent=2).encode())
        spool.seek(0)
        store.save(f"{name}/{MANIFEST}", File(spool, name=MANIFEST))
    files = sum(len(entries) for entries in media.values())
    size = database_entry["size"] + sum(entry["size"] for entries in media.values() for entry in entries)
    return BackupSummary(name=name, database=database_name, files=files, bytes=size)


def backup_list(*, target: str) -> list[str]:
    """Complete backups in `target` (those with a manifest), oldest first."""
    store = target_storage(target)
    try:
        folders, _files = store.listdir("")
    except FileNotFoundError:
        return []
    return sorted(folder for folder in folders if store.exists(f"{folder}/{MANIFEST}"))


def _manifest(store: Storage, name: str) -> dict:
    if not store.exists(f"{name}/{MANIFEST}"):
        raise BackupError(f"No complete backup named {name!r} (its {MANIFEST} is missing).")
    with store.open(f"{name}/{MANIFEST}", "rb") as handle:
        manifest = json.loads(handle.read())
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(
            f"{name} was written in backup format {manifest.get('format')}; this site reads {FORMAT_VERSION}."
        )
    return manifest


def _fetch_checked(store: Storage, name: str, entry: dict, into) -> None:
    with store.open(name, "rb") as handle:
        shutil.copyfileobj(handle, into, CHUNK)
    into.seek(0)
    if _sha256(into) != entry["sha256"]:
        raise BackupError(f"{name} does not match its checksum: the backup is damaged.")
    into.seek(0)


def backup_restore(*, source: str, name: str | None = None, stdout=None) -> dict:
    """Restore the backup `name` (the newest when None) from `source`: the database first,
    then every media file. Returns its manifest."""
    store = target_storage(source)
    if name is None:
        names = backup_list(target=source)
        if not names:
            raise BackupError(f"No complete backup in {source}.")
        name = names[-1]
    manifest = _manifest(store, name)

    def say(text: str) -> None:
        if stdout is not None:
            stdout.write(text)

    database_entry = manifest["database"]
    with tempfile.TemporaryDirectory() as folder:
        dump = Path(folder) / database_entry["name"]
        with open(dump, "w+b") as handle:
            _fetch_checked(store, f"{name}/{database_entry['name']}", database_entry, handle)
        database_load(dump, database_entry["name"])
    say(f"Database restored from {name}.")
    for alias, entries in manifest["media"].items():
        destination = storages[alias]
        for entry in entries:
            with tempfile.TemporaryFile() as spool:
                _fetch_checked(store, f"{name}/media/{alias}/{entry['name']}", entry, spool)
                if destination.exists(entry["name"]):
                    destination.delete(entry["name"])
                saved = destination.save(entry["name"], File(spool, name=os.path.basename(entry["name"])))
            if saved != entry["name"]:
                raise BackupError(f"{alias} storage saved {entry['name']} as {saved}.")
        say(f"{alias} storage: {len(entries)} file(s) restored.")
    cache_forget()
    return manifest


def cache_forget() -> None:
    """Drop what the cache holds about the old database (members, sessions, whole pages).
    Only the site's own keys: the huey queue may live in the same Redis database."""
    client = getattr(cache, "_cache", None)
    prefix = getattr(cache, "key_prefix", "")
    if client is not None and hasattr(client, "get_client") and prefix:
        redis = client.get_client(write=True)
        keys = list(redis.scan_iter(match=f"{prefix}:*", count=1000))
        for start in range(0, len(keys), 1000):
            redis.delete(*keys[start : start + 1000])
    else:
        cache.clear()
