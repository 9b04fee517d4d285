"""A full-text index for the mentor's search of jobs (apps/jobs/mentor.py), on PostgreSQL.

The mentor matches `SearchVector("title", "description", "requirements", config="english")`
against a question's words with `@@` (apps.core.mentor.text_search); an index on the same
expression serves it, where computing it for every open job took over a second at 20,000
jobs. Other databases get nothing here."""

from django.db import migrations

INDEX = "jobs_job_mentor_search_idx"
DOCUMENT = (
    "to_tsvector('english'::regconfig, COALESCE(title, '') || ' ' || "
    "COALESCE(description, '') || ' ' || COALESCE(requirements, ''))"
)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON jobs_job USING gin ({DOCUMENT})")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("jobs", "0002_search_trigram_indexes")]

    operations = [migrations.RunPython(forwards, backwards)]
