"""The ASGI entry point (the Procfile's web process: gunicorn with uvicorn workers).

Like django.core.asgi.get_asgi_application(), with the handler that holds live event
streams without a thread each (apps.core.live.asgi)."""

import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_config.settings")
django.setup(set_prefix=False)

from apps.core.live.asgi import LiveASGIHandler  # noqa: E402 (needs the apps loaded)

application = LiveASGIHandler()
