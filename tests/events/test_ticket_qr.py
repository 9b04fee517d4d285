"""The ticket's QR code: a standard QR code (never Micro QR) that a real decoder reads, sent
in the email as an inline attachment rather than a data: URI that mail apps block."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse

from apps.core.qr import qr_make, qr_png
from apps.events.models import Status
from apps.events.tokens import confirm_token, status_token
from tests.events.factories import RegistrationFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def zbar_decode(png: bytes, tmp_path: Path) -> list[str]:
    """Every symbol zbarimg finds in `png`, as "TYPE:data" lines."""
    zbarimg = shutil.which("zbarimg")
    if zbarimg is None:
        pytest.fail("zbarimg is missing: `make test` installs it (Debian package zbar-tools).")
    path = tmp_path / "qr.png"
    path.write_bytes(png)
    result = subprocess.run(
        [zbarimg, "--quiet", str(path)], capture_output=True, text=True, timeout=30, check=False
    )
    return result.stdout.splitlines()


def _delivered_ticket(client, event, smtp_server, django_capture_on_commit_callbacks):
    registration = RegistrationFactory(event=event)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("events:confirm", kwargs={"token": confirm_token(registration)}))
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED
    [message] = [m for m in smtp_server.messages if registration.ticket_code in m["Subject"]]
    return registration, message


def test_short_codes_make_standard_qr_codes_not_micro_qr():
    for text in ("A", "K7MQ2XPB9D", "12345"):
        assert qr_make(text).is_micro is False


def test_every_qr_code_on_the_site_is_made_through_the_standard_qr_helper():
    """segno.make picks Micro QR for short texts; only apps/core/qr.py may call it."""
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "apps").rglob("*.py")
        if path != ROOT / "apps/core/qr.py" and re.search(r"segno\.make(_qr)?\(", path.read_text())
    ]
    assert offenders == []


def test_ticket_email_carries_the_qr_as_an_inline_image_a_decoder_reads(
    client, event, smtp_server, django_capture_on_commit_callbacks, tmp_path
):
    registration, message = _delivered_ticket(client, event, smtp_server, django_capture_on_commit_callbacks)
    html_part = message.get_body(("html",))
    html = html_part.get_content()
    assert "data:" not in html
    [image] = [part for part in message.walk() if part.get_content_type() == "image/png"]
    content_id = image["Content-ID"].strip("<>")
    assert f'src="cid:{content_id}"' in html
    assert image.get_content_disposition() == "inline"
    # The image travels with the HTML part (multipart/related), not as a loose attachment.
    related = next(part for part in message.walk() if part.get_content_type() == "multipart/related")
    assert image in list(related.iter_parts())
    assert zbar_decode(image.get_content(), tmp_path) == [f"QR-Code:{registration.ticket_code}"]


def test_qr_png_decodes_to_the_text_it_encodes(tmp_path):
    assert zbar_decode(qr_png("K7MQ2XPB9D"), tmp_path) == ["QR-Code:K7MQ2XPB9D"]


def test_ticket_page_qr_is_a_standard_qr_code(client, event):
    registration = RegistrationFactory(event=event)
    client.post(reverse("events:confirm", kwargs={"token": confirm_token(registration)}))
    registration.refresh_from_db()
    html = client.get(reverse("events:ticket", kwargs={"token": status_token(registration)})).content.decode()
    # A standard version 1 symbol is 21 modules wide, plus its border: never the 11 to 17 of
    # Micro QR.
    size = qr_make(registration.ticket_code).symbol_size(scale=6, border=2)
    assert f'viewBox="0 0 {size[0]} {size[1]}"' in html
