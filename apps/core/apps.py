from __future__ import annotations

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "apps.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from PIL import Image

        from apps.core.uploads import MAX_IMAGE_PIXELS

        # Pillow warns above this many pixels and refuses twice as many as it opens a file,
        # for every image this process reads, not only the uploads checked in uploads.py.
        Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS

        from django.conf import settings

        from apps.core.live import signals  # noqa: F401 (connects the logout receiver)

        if settings.SENTRY_DSN:
            from apps.core.sentry import sentry_init

            sentry_init(
                dsn=settings.SENTRY_DSN,
                environment=settings.SENTRY_ENVIRONMENT,
                release=settings.SENTRY_RELEASE,
                traces_sample_rate=settings.SENTRY_TRACES_SAMPLE_RATE,
            )
