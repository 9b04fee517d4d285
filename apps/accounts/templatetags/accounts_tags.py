from __future__ import annotations

from django import template

from apps.core import permissions

register = template.Library()


@register.filter
def is_verified_staff(user) -> bool:
    """`{% if user|is_verified_staff %}`: staff powers (links, buttons, hidden content) show
    only to staff who passed the second factor in this session."""
    return permissions.is_verified_staff(user)


@register.filter
def is_staff_account(user) -> bool:
    """`{% if user|is_staff_account %}`: the account is staff, verified or not (for the
    two-factor settings, which are how it gets verified)."""
    return permissions.is_staff_account(user)


# Order matters: Edge and Opera also say "Chrome", Chrome also says "Safari".
_BROWSERS = [
    ("Edg/", "Edge"),
    ("OPR/", "Opera"),
    ("Firefox/", "Firefox"),
    ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
]
_SYSTEMS = [
    ("Android", "Android"),
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Windows", "Windows"),
    ("Mac OS X", "macOS"),
    ("Linux", "Linux"),
]


@register.filter
def browser_label(user_agent: str) -> str:
    """ "Firefox on Windows" from a User-Agent header; "Unknown browser" when unsure."""
    user_agent = user_agent or ""
    browser = next((name for marker, name in _BROWSERS if marker in user_agent), None)
    system = next((name for marker, name in _SYSTEMS if marker in user_agent), None)
    if browser and system:
        return f"{browser} on {system}"
    return browser or system or "Unknown browser"
