"""Trigram indexes for the text search on PostgreSQL.

Django's icontains becomes `UPPER(col::text) LIKE UPPER('%word%')`; a GIN trigram index on
the same expression serves it (a B-tree cannot). Other databases get nothing here."""

from django.db import migrations

COLUMNS = ("title", "company", "description")


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for column in COLUMNS:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS jobs_job_{column}_trgm ON jobs_job "
            f"USING gin (UPPER({column}::text) gin_trgm_ops)"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in COLUMNS:
        schema_editor.execute(f"DROP INDEX IF EXISTS jobs_job_{column}_trgm")


class Migration(migrations.Migration):
    dependencies = [("jobs", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
