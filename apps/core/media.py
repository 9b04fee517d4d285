"""Public uploads served by the site itself when no S3 bucket holds them.

Without S3 the files live in MEDIA_ROOT and nothing else would answer /media/ once DEBUG is
off. Only what a public upload can be is served: the re-encoded images (avatars, logos,
project images, banners), by their real path inside MEDIA_ROOT and never outside it (no
"..", no symlink out, nothing from PRIVATE_MEDIA_ROOT where CVs and exports live: those go
out only through the views that check who is asking).
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.files.storage import storages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.http import http_date
from django.views.decorators.http import require_safe
from django.views.static import was_modified_since

# Every public upload is an image re-encoded by apps.core.uploads (WebP today); anything else
# found under MEDIA_ROOT is not ours to hand out.
CONTENT_TYPES = {
    ".webp": "image/webp",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
}
# Names are generated and never reused, so a day's caching shows no stale picture; an
# erased avatar still leaves browser caches within a day.
CACHE_SECONDS = 24 * 3600


def _private_roots() -> list[Path]:
    roots = [Path(settings.PRIVATE_MEDIA_ROOT)]
    location = getattr(storages["private"], "location", None)  # a local private storage
    if location:
        roots.append(Path(location))
    return [root.resolve() for root in roots]


def _public_file(path: str) -> Path:
    """The file `path` names inside MEDIA_ROOT, or 404."""
    root = Path(settings.MEDIA_ROOT).resolve()
    try:
        found = (root / path).resolve(strict=True)
    except (OSError, ValueError, RuntimeError):  # missing, a NUL, a symlink loop
        raise Http404 from None
    if (
        not found.is_relative_to(root)
        or any(found.is_relative_to(private) for private in _private_roots())
        or any(part.startswith(".") for part in found.relative_to(root).parts)
        or found.suffix.lower() not in CONTENT_TYPES
        or not found.is_file()
    ):
        raise Http404
    return found


@require_safe
def media_file(request: HttpRequest, path: str) -> HttpResponse:
    found = _public_file(path)
    modified = found.stat().st_mtime
    if not was_modified_since(request.META.get("HTTP_IF_MODIFIED_SINCE"), int(modified)):
        return HttpResponseNotModified()
    response = FileResponse(found.open("rb"), content_type=CONTENT_TYPES[found.suffix.lower()])
    response["Last-Modified"] = http_date(modified)
    response["Cache-Control"] = f"public, max-age={CACHE_SECONDS}"
    response["X-Content-Type-Options"] = "nosniff"
    # Opened on its own, an image runs nothing and loads nothing.
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    return response
