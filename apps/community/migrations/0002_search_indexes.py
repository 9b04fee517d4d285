"""GIN indexes for full-text search on PostgreSQL, built from the same expressions the search
queries use (apps.community.selectors), so the planner matches them. SQLite searches with
icontains and gets no index."""

from django.db import migrations


def _indexes(apps):
    from django.contrib.postgres.indexes import GinIndex

    from apps.community.selectors import comment_search_vector, post_search_vector

    return [
        (apps.get_model("community", "Post"), GinIndex(post_search_vector(), name="post_search_gin")),
        (
            apps.get_model("community", "Comment"),
            GinIndex(comment_search_vector(), name="comment_search_gin"),
        ),
    ]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model, index in _indexes(apps):
        schema_editor.add_index(model, index)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS post_search_gin")
    schema_editor.execute("DROP INDEX IF EXISTS comment_search_gin")


class Migration(migrations.Migration):
    dependencies = [("community", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
