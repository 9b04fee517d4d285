"""Addresses of rows, built without a reverse() per row.

A list page links every card to its row (a post, its author, its tags): ~90 reverse() calls
on a feed page, each walking the URL resolver. An address with one argument is the same
text around a different value, so the pattern is reversed once per process and each row's
address is that text with the row's value quoted in, as reverse() quotes it.
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import quote

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.http import RFC3986_SUBDELIMS

# What reverse() leaves unquoted in a path.
_SAFE = RFC3986_SUBDELIMS + "/~:@"
# Stand-ins that pass the int, slug and str converters and appear nowhere else in a path.
_MARKERS = ("9090909090909", "row-value-stand-in")


@lru_cache(maxsize=256)
def _around(viewname: str, urlconf: str | None) -> tuple[str, str]:
    """The text before and after the one argument of `viewname`, without the script prefix."""
    prefix = get_script_prefix()
    for marker in _MARKERS:
        try:
            url = reverse(viewname, args=[marker], urlconf=urlconf)
        except NoReverseMatch:
            continue
        before, found, after = url.removeprefix(prefix).partition(marker)
        if found:
            return before, after
    raise NoReverseMatch(f"{viewname} does not take one argument a row address can fill in")


def row_url(viewname: str, value: object) -> str:
    """reverse(viewname, args=[value]) for a pattern with one argument, at the cost of a
    string join."""
    before, after = _around(viewname, get_urlconf())
    return f"{get_script_prefix()}{before}{quote(str(value), safe=_SAFE)}{after}"


@receiver(setting_changed)
def _forget_patterns(*, setting: str, **kwargs) -> None:
    # Tests swap the URLconf; the reversed text belongs to the old one.
    if setting == "ROOT_URLCONF":
        _around.cache_clear()
