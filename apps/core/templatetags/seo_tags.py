from __future__ import annotations

from django import template
from django.conf import settings

register = template.Library()


@register.filter
def absolute(url: str) -> str:
    """`url` as a full address, which og:url, og:image and canonical links need: a site path
    gets SITE_URL in front; a full URL (uploads on S3, static files on a CDN) stays as it is."""
    url = str(url or "")
    if url.startswith(("https://", "http://")):
        return url
    if url.startswith("//"):
        return f"https:{url}"
    return f"{settings.SITE_URL}/{url.lstrip('/')}"
