from django.apps import AppConfig


class MailerConfig(AppConfig):
    name = "apps.mailer"
    label = "mailer"
    verbose_name = "Mailer"

    def ready(self) -> None:
        from apps.mailer import checks  # noqa: F401 - registers the system check
