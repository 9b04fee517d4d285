"""Where templates live: a partial that more than one app shows is a component."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings

TEMPLATES = Path(settings.BASE_DIR) / "templates"
# allauth looks for its templates under its own folder names; the accounts app owns them.
OWNER = {"account": "accounts", "socialaccount": "accounts", "allauth": "accounts"}
# Pages that gather several apps (the home page) show each app's own card on purpose.
COMPOSING = {"core"}
PARTIAL = re.compile(r"""["']([a-z_]+)/(_[\w-]+\.html)["']""")


def _app(folder: str) -> str:
    return OWNER.get(folder, folder)


def test_a_partial_shown_by_another_app_lives_in_components():
    borrowed = []
    for path in TEMPLATES.rglob("*.html"):
        relative = path.relative_to(TEMPLATES)
        if len(relative.parts) < 2:
            continue  # base.html and the error pages belong to the whole site
        user = _app(relative.parts[0])
        for folder, name in PARTIAL.findall(path.read_text()):
            owner = _app(folder)
            if owner not in {user, "components", "emails", "tailwind"} and user not in COMPOSING:
                borrowed.append(f"{relative} includes {folder}/{name}")
    assert borrowed == []
