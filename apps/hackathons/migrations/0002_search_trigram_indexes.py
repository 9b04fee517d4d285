"""Trigram indexes for the list's text search (title, tagline, city) on PostgreSQL.

Django's icontains becomes UPPER(col::text) LIKE UPPER('%q%'), which a btree cannot serve;
a GIN trigram index on exactly that expression can. SQLite (development) skips this, and so
does a PostgreSQL role that may not create the pg_trgm extension: search then scans, which is
still fine at tens of thousands of rows.
"""

from django.db import migrations

COLUMNS = ("title", "tagline", "city")


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        if cursor.fetchone() is None:
            try:
                cursor.execute("SAVEPOINT hack_trgm")
                cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
                cursor.execute("RELEASE SAVEPOINT hack_trgm")
            except Exception:  # noqa: BLE001 - no privilege: search works without the index
                cursor.execute("ROLLBACK TO SAVEPOINT hack_trgm")
                return
        for column in COLUMNS:
            cursor.execute(
                f"CREATE INDEX IF NOT EXISTS hack_{column}_trgm ON hackathons_hackathon "
                f"USING gin ((UPPER({column}::text)) gin_trgm_ops)"
            )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for column in COLUMNS:
            cursor.execute(f"DROP INDEX IF EXISTS hack_{column}_trgm")


class Migration(migrations.Migration):
    dependencies = [("hackathons", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
