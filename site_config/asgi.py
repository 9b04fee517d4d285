"""The ASGI entry point (the Procfile's web process: gunicorn with uvicorn workers).

Live event streams are served on the event loop, every other request by Django's WSGI
handler in a thread pool (apps.core.live.asgi)."""

import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_config.settings")
django.setup(set_prefix=False)

from apps.core.live.asgi import SiteApplication  # noqa: E402 (needs the apps loaded)

application = SiteApplication()
