"""QR codes the way every scanner reads them.

segno picks the smallest symbol that fits, and for short texts (a ticket code) that is a
Micro QR, which phone cameras, `BarcodeDetector` and most desk scanners cannot read. Every QR
code on the site is made here, as a standard QR code."""

from __future__ import annotations

import io

import segno


def qr_make(data: str, *, error: str = "m") -> segno.QRCode:
    return segno.make(data, error=error, micro=False)


def qr_png(data: str, *, scale: int = 6, border: int = 4) -> bytes:
    """A PNG of `data`. The default border is the four modules the standard asks for: mail
    clients put images on any background, and scanners need the quiet zone."""
    out = io.BytesIO()
    qr_make(data).save(out, kind="png", scale=scale, border=border)
    return out.getvalue()
