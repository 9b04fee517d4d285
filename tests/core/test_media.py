"""Without S3 the site serves public uploads itself, with DEBUG off, and nothing else."""

from __future__ import annotations

import io
import os

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.urls import reverse
from django.utils.http import http_date
from PIL import Image

from tests.profiles.factories import image_upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _production(settings):
    settings.DEBUG = False


def webp_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "teal").save(buffer, format="WEBP")
    return buffer.getvalue()


def test_public_upload_is_served_with_its_type_and_cache_headers(client):
    name = default_storage.save("avatars/a1b2.webp", ContentFile(webp_bytes()))
    response = client.get(f"/media/{name}", headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert response["Content-Type"] == "image/webp"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "public, max-age=86400"
    assert "sandbox" in response["Content-Security-Policy"]
    assert not response.has_header("Content-Encoding")
    assert b"".join(response.streaming_content) == webp_bytes()

    again = client.get(f"/media/{name}", headers={"If-Modified-Since": response["Last-Modified"]})
    assert again.status_code == 304


def test_an_uploaded_avatar_shows_on_the_profile_page(member_client, django_capture_on_commit_callbacks):
    data = {
        "first_name": "Ada", "last_name": "Obi", "experience_level": "intermediate",
        "links_visibility": "public", "experience_visibility": "public", "education_visibility": "members",
        "exp-TOTAL_FORMS": "0", "exp-INITIAL_FORMS": "0", "edu-TOTAL_FORMS": "0", "edu-INITIAL_FORMS": "0",
        "avatar_upload": image_upload(),
    }  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        assert member_client.post(reverse("profiles:edit"), data).status_code == 302
    url = member_client.user.profile.avatar.url
    assert url.startswith("/media/avatars/")
    response = member_client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/webp"


def test_private_files_are_never_served_even_inside_media_root(client, settings, tmp_path):
    cv = storages["private"].save("jobs/cv/x.pdf", ContentFile(b"%PDF-1.4 secret"))
    assert client.get(f"/media/../private/{cv}").status_code == 404
    assert client.get(f"/media/%2e%2e/private/{cv}").status_code == 404
    # A private storage placed inside MEDIA_ROOT by mistake stays private.
    inside = settings.MEDIA_ROOT / "private"
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(inside)},
        },
    }
    name = storages["private"].save("photo.png", ContentFile(b"\x89PNG private"))
    assert client.get(f"/media/private/{name}").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/media/../../etc/passwd",
        "/media/%2e%2e/%2e%2e/etc/passwd",
        "/media/avatars/..%2f..%2fsettings.py",
        "/media//etc/passwd",
        "/media/avatars/",
        "/media/avatars/missing.webp",
        "/media/avatars/page.html",
        "/media/avatars/drawing.svg",
        "/media/.hidden/a.webp",
        "/media/avatars/link.webp",
    ],
)
def test_anything_but_a_public_image_inside_media_root_is_404(client, settings, tmp_path, path):
    default_storage.save("avatars/page.html", ContentFile(b"<script>alert(1)</script>"))
    default_storage.save("avatars/drawing.svg", ContentFile(b"<svg onload=alert(1)></svg>"))
    default_storage.save(".hidden/a.webp", ContentFile(webp_bytes()))
    outside = tmp_path / "outside.webp"
    outside.write_bytes(webp_bytes())
    os.symlink(outside, settings.MEDIA_ROOT / "avatars" / "link.webp")
    assert client.get(path).status_code == 404


def test_media_answers_only_reads(client):
    name = default_storage.save("avatars/c3.webp", ContentFile(webp_bytes()))
    assert client.head(f"/media/{name}").status_code == 200
    assert client.post(f"/media/{name}").status_code == 405


def test_last_modified_is_the_file_time(client):
    name = default_storage.save("avatars/d4.webp", ContentFile(webp_bytes()))
    mtime = os.stat(default_storage.path(name)).st_mtime
    assert client.get(f"/media/{name}")["Last-Modified"] == http_date(mtime)
