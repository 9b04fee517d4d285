"""Finding what each app offers to the others by module name.

An app takes part in a site-wide concern by shipping a module with an agreed name:
`privacy.py` (its part of a member's data export and erasure), `demo.py` (its demo data),
`mentor.py` (what the mentor may read of it), `live.py` (its live-update channels and who
may watch them), `exports.py` (what it lets people export, and who), `bench.py` (its pages
the benchmark measures). Whoever needs them asks here instead of
importing the apps, so no app has to know which others are installed, and a new app joins by
adding the module.
"""

from __future__ import annotations

import importlib
import importlib.util
from types import ModuleType

from django.apps import apps


def app_modules(name: str) -> list[tuple[str, ModuleType]]:
    """(app label, `apps.<app>.<name>` module) for each of the project's installed apps that
    has one, in INSTALLED_APPS order (so an app comes after those it builds on)."""
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("apps."):
            continue
        module_name = f"{config.name}.{name}"
        if importlib.util.find_spec(module_name) is None:
            continue
        found.append((config.label, importlib.import_module(module_name)))
    return found
