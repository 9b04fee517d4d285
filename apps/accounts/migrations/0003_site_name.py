"""Name the Site allauth uses in its emails and pages "DiceyTech" (not example.com)."""

from urllib.parse import urlparse

from django.conf import settings
from django.db import migrations


def name_site(apps, schema_editor):
    Site = apps.get_model("sites", "Site")
    domain = urlparse(settings.SITE_URL).netloc or "127.0.0.1:8000"
    Site.objects.update_or_create(pk=settings.SITE_ID, defaults={"domain": domain[:100], "name": "DiceyTech"})


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_user_avatar_url_user_deleted_at_user_github_login"),
        ("sites", "0002_alter_domain_unique"),
    ]

    operations = [migrations.RunPython(name_site, migrations.RunPython.noop)]
