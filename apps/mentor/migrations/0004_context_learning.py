from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("mentor", "0003_context_careers_result"),
    ]

    operations = [
        migrations.AlterField(
            model_name="conversation",
            name="context_type",
            field=models.CharField(
                blank=True,
                choices=[
                    ("hackathon", "Hackathon"),
                    ("job", "Job"),
                    ("project", "Project"),
                    ("post", "Post"),
                    ("careers_result", "Career quiz result"),
                    ("lesson", "Lesson"),
                    ("exercise", "Exercise"),
                ],
                max_length=20,
            ),
        ),
    ]
