from django.apps import AppConfig


class MentorConfig(AppConfig):
    name = "apps.mentor"
    label = "mentor"
    verbose_name = "Mentor"
