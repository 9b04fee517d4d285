from __future__ import annotations

import re
import secrets

from django.contrib.auth import get_user_model

_NOT_HANDLE = re.compile(r"[^A-Za-z0-9_]+")


def handle_generate(*, seed: str) -> str:
    """A free handle derived from `seed` (an email's local part, a GitHub login…)."""
    User = get_user_model()
    base = _NOT_HANDLE.sub("_", seed).strip("_")[:24] or "member"
    if len(base) < 2:
        base = f"{base}_member"
    candidate = base
    while User.objects.filter(handle__iexact=candidate).exists():
        candidate = f"{base}_{secrets.randbelow(10_000):04d}"
    return candidate
