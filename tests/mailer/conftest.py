from __future__ import annotations

import pytest


@pytest.fixture
def email_templates(settings, tmp_path):
    """Write email templates for one test: email_templates("x/y", subject=…, txt=…, html=…)
    creates templates/emails/x/y.* in a temporary templates folder searched first."""
    root = tmp_path / "templates"
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [root, *settings.TEMPLATES[0]["DIRS"]]},
        *settings.TEMPLATES[1:],
    ]

    def write(name: str, **parts: str) -> str:
        for suffix, text in parts.items():
            path = root / "emails" / f"{name}.{'subject.txt' if suffix == 'subject' else suffix}"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
        return name

    return write


@pytest.fixture
def no_smtp(settings):
    """Django's mailer points at a port where nothing listens: every send fails."""
    from tests.fixtures.smtp import free_port

    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": free_port(), "timeout": 2},
        }
    }
