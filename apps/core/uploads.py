"""Upload checks by content (never by name or declared type) and safe re-encoding.

Forms call these from `clean_<field>()`; each raises ValidationError with a message a person
can act on, and nothing is stored until a file has passed.
"""

from __future__ import annotations

import io
import uuid
import zipfile
from pathlib import PurePath

import filetype
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from PIL import Image, ImageOps, UnidentifiedImageError

IMAGE_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
# Decompression bombs: refuse images with more pixels than this before decoding them.
MAX_IMAGE_PIXELS = 40_000_000


def _check_size(upload: UploadedFile, max_bytes: int) -> None:
    if upload.size == 0:
        raise ValidationError("The file is empty.", code="empty")
    if upload.size > max_bytes:
        raise ValidationError(
            f"The file is {filesizeformat(upload.size)}; the limit is {filesizeformat(max_bytes)}.",
            code="too_large",
        )


def validate_image_upload(upload: UploadedFile, *, max_bytes: int) -> Image.Image:
    """Return the decoded image, or raise if the file is not a real JPEG, PNG, WebP or GIF."""
    _check_size(upload, max_bytes)
    upload.seek(0)
    try:
        with Image.open(upload) as probe:
            if probe.format not in IMAGE_FORMATS:
                raise ValidationError("Upload a JPEG, PNG, WebP or GIF image.", code="format")
            if probe.width * probe.height > MAX_IMAGE_PIXELS:
                raise ValidationError("The image has too many pixels.", code="too_large")
            probe.verify()
        upload.seek(0)
        image = Image.open(upload)
        image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise ValidationError("This file is not an image we can read.", code="invalid") from exc
    finally:
        upload.seek(0)
    return image


def reencode_square(image: Image.Image, *, size: int, name_stem: str = "") -> ContentFile:
    """Crop to a centred square, resize to `size` px and re-encode as WebP.

    Re-encoding drops metadata (EXIF with locations) and anything hidden after the pixels.
    """
    square = ImageOps.fit(ImageOps.exif_transpose(image).convert("RGB"), (size, size))
    return _webp(square, name_stem or uuid.uuid4().hex)


def reencode_within(
    image: Image.Image, *, max_width: int, max_height: int, name_stem: str = ""
) -> ContentFile:
    """Shrink to fit the box (never enlarge) and re-encode as WebP."""
    copy = ImageOps.exif_transpose(image).convert("RGB")
    copy.thumbnail((max_width, max_height))
    return _webp(copy, name_stem or uuid.uuid4().hex)


def _webp(image: Image.Image, stem: str) -> ContentFile:
    buffer = io.BytesIO()
    image.save(buffer, format="WEBP", quality=85, method=4)
    return ContentFile(buffer.getvalue(), name=f"{stem}.webp")


DOCUMENT_KINDS = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def validate_document_upload(upload: UploadedFile, *, max_bytes: int, kinds: set[str]) -> str:
    """Return the real kind of the file ("pdf" or "docx"), judged by its bytes."""
    _check_size(upload, max_bytes)
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    extension = kind.extension if kind else None
    if extension == "zip" or (extension == "docx"):
        extension = "docx" if _is_docx(upload) else None
    elif extension == "pdf" and not head.startswith(b"%PDF-"):
        extension = None
    if extension not in kinds:
        allowed = " or ".join(sorted(k.upper() for k in kinds))
        raise ValidationError(f"Upload a {allowed} file.", code="format")
    return extension


def _is_docx(upload: UploadedFile) -> bool:
    try:
        with zipfile.ZipFile(upload) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError):
        return False
    finally:
        upload.seek(0)


def generated_name(*, folder: str, extension: str) -> str:
    """A storage path that carries nothing from the uploader's file name."""
    return str(PurePath(folder) / f"{uuid.uuid4().hex}.{extension}")
