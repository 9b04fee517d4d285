from django.apps import AppConfig


class HackathonsConfig(AppConfig):
    name = "apps.hackathons"
    label = "hackathons"
    verbose_name = "Hackathons"
