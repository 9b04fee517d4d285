"""Every project's creator becomes its owner and every collaborator a lead (leads may edit the
project and invite people but not delete it: what collaborators could do before)."""

from django.db import migrations

BATCH = 1_000


def forwards(apps, schema_editor):
    Project = apps.get_model("projects", "Project")
    ProjectMember = apps.get_model("projects", "ProjectMember")
    Through = Project.collaborators.through
    rows = []
    for pk, creator_id, created in (
        Project.objects.exclude(creator=None).values_list("pk", "creator_id", "created").iterator()
    ):
        rows.append(ProjectMember(project_id=pk, member_id=creator_id, role="owner", joined=created))
        if len(rows) >= BATCH:
            ProjectMember.objects.bulk_create(rows, ignore_conflicts=True)
            rows = []
    creators = dict(Project.objects.values_list("pk", "creator_id"))
    for project_id, user_id in Through.objects.values_list("project_id", "user_id").iterator():
        if creators.get(project_id) != user_id:
            rows.append(ProjectMember(project_id=project_id, member_id=user_id, role="lead"))
        if len(rows) >= BATCH:
            ProjectMember.objects.bulk_create(rows, ignore_conflicts=True)
            rows = []
    ProjectMember.objects.bulk_create(rows, ignore_conflicts=True)


def backwards(apps, schema_editor):
    Project = apps.get_model("projects", "Project")
    ProjectMember = apps.get_model("projects", "ProjectMember")
    Through = Project.collaborators.through
    Through.objects.bulk_create(
        [
            Through(project_id=project_id, user_id=member_id)
            for project_id, member_id in ProjectMember.objects.exclude(role="owner").values_list(
                "project_id", "member_id"
            )
        ],
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [("projects", "0005_workspaces")]

    operations = [migrations.RunPython(forwards, backwards)]
