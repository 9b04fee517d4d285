"""Exports move to apps.exports: every row is copied with its id, state and file name (the
files stay where they are), then events.Export is removed."""

from django.core.management.color import no_style
from django.db import migrations

FIELDS = ("format", "state", "total", "done", "file", "error", "attempts", "locked_until",
          "created_by_id", "created_at", "finished_at")  # fmt: skip


def _reset_sequence(schema_editor, model) -> None:
    """Copied ids were given by hand: the next new export must come after them (PostgreSQL)."""
    connection = schema_editor.connection
    for sql in connection.ops.sequence_reset_sql(no_style(), [model]):
        schema_editor.execute(sql)


def forwards(apps, schema_editor):
    Old = apps.get_model("events", "Export")
    New = apps.get_model("exports", "Export")
    moved = [
        New(
            pk=old.pk,
            source=f"events.{old.kind}",
            params={"event": old.event_id, "status": old.status_filter, "q": old.search},
            **{field: getattr(old, field) for field in FIELDS},
        )
        for old in Old.objects.order_by("pk").iterator()
    ]
    New.objects.bulk_create(moved, batch_size=500)
    # auto_now_add stamped the copies with the time of the migration: put the real times back.
    for old in Old.objects.order_by("pk").only("pk", "created_at").iterator():
        New.objects.filter(pk=old.pk).update(created_at=old.created_at)
    _reset_sequence(schema_editor, New)


def backwards(apps, schema_editor):
    Old = apps.get_model("events", "Export")
    New = apps.get_model("exports", "Export")
    Event = apps.get_model("events", "Event")
    events = set(Event.objects.values_list("pk", flat=True))
    for new in New.objects.filter(source__startswith="events.").order_by("pk").iterator():
        if new.params.get("event") not in events:
            continue
        Old.objects.create(
            pk=new.pk,
            event_id=new.params["event"],
            kind=new.source.removeprefix("events."),
            status_filter=new.params.get("status", ""),
            search=new.params.get("q", ""),
            **{field: getattr(new, field) for field in FIELDS},
        )
        Old.objects.filter(pk=new.pk).update(created_at=new.created_at)
    New.objects.filter(source__startswith="events.").delete()
    _reset_sequence(schema_editor, Old)


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0004_export_lease"),
        ("exports", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
        migrations.RemoveIndex(model_name="export", name="events_export_unfinished_idx"),
        migrations.DeleteModel(name="Export"),
    ]
