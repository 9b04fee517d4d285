from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("profiles", "0003_created_default"),
    ]

    operations = [
        migrations.AlterField(
            model_name="pointsentry",
            name="reason",
            field=models.CharField(
                choices=[
                    ("hackathon_join", "Joined a hackathon"),
                    ("hackathon_submit", "Submitted a hackathon project"),
                    ("hackathon_win", "Won a hackathon"),
                    ("project_like", "A project was liked"),
                    ("post_helpful", "A post was marked helpful"),
                    ("lesson_complete", "Finished a lesson"),
                    ("exercise_pass", "Passed an exercise"),
                    ("course_complete", "Completed a course"),
                ],
                max_length=30,
            ),
        ),
        migrations.AlterField(
            model_name="badgeaward",
            name="badge",
            field=models.CharField(
                choices=[
                    ("first_hackathon", "First hackathon"),
                    ("first_win", "First win"),
                    ("first_project", "First project"),
                    ("ten_liked", "Liked 10 projects"),
                    ("crowd_favourite", "10 likes on your projects"),
                    ("profile_complete", "Profile complete"),
                    ("century", "100 points"),
                    ("first_lesson", "First lesson"),
                    ("course_complete", "Course complete"),
                ],
                max_length=30,
            ),
        ),
    ]
