from django.apps import AppConfig


class MailerConfig(AppConfig):
    name = "apps.mailer"
    label = "mailer"
    verbose_name = "Mailer"
