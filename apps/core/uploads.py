"""Upload checks by content (never by name or declared type) and safe re-encoding.

Forms call these from `clean_<field>()`; each raises ValidationError with a message a person
can act on, and nothing is stored until a file has passed.
"""

from __future__ import annotations

import io
import math
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

import filetype
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from PIL import ExifTags, Image, ImageOps, UnidentifiedImageError

IMAGE_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}


@dataclass(frozen=True)
class ImageKind:
    """One use of an uploaded image: how many pixels it may have and how big it is drawn.

    A small file can declare a huge canvas (a 170 KB PNG of 6300 x 6300 pixels decodes to
    40 million pixels, hundreds of MB and seconds of work), so the limit is on pixels, read
    from the header before anything is decoded, and it is lower where the image is drawn
    small: a 12-megapixel phone photo still makes a profile photo, a 24-megapixel camera
    photo a banner.
    """

    label: str
    max_pixels: int
    example: str  # a size that fits, for the message
    box: tuple[int, int]  # the largest size the image is drawn at
    cover: bool = False  # cropped to fill the box (True) or shrunk to fit inside it

    def decode_size(self, size: tuple[int, int], *, turned: bool = False) -> tuple[int, int]:
        """The smallest size that still fills the box; the image itself if it is smaller."""
        width, height = size
        box_width, box_height = self.box[::-1] if turned else self.box
        fit = max if self.cover else min
        scale = fit(box_width / width, box_height / height)
        if scale >= 1:
            return size
        return max(1, math.ceil(width * scale)), max(1, math.ceil(height * scale))


AVATAR = ImageKind("profile photo", max_pixels=4096 * 3072, example="4096 x 3072", box=(400, 400), cover=True)
LOGO = ImageKind("logo", max_pixels=2048 * 2048, example="2048 x 2048", box=(256, 256))
PROJECT_COVER = ImageKind("project image", max_pixels=6000 * 4000, example="6000 x 4000", box=(1200, 800))
BANNER = ImageKind("banner", max_pixels=6000 * 4000, example="6000 x 4000", box=(1600, 800))
IMAGE_KINDS = (AVATAR, LOGO, PROJECT_COVER, BANNER)

# Pillow's own ceiling for every image the process opens (apps.core.apps sets it): it warns
# above this and refuses twice this, before decoding. No kind of upload may be larger.
MAX_IMAGE_PIXELS = max(kind.max_pixels for kind in IMAGE_KINDS)
# A strip 1 pixel high and 20,000 wide is few pixels but no picture.
MAX_IMAGE_SIDE = 12_000
# EXIF orientations that turn the picture a quarter: its width is drawn as its height.
_TURNED = {5, 6, 7, 8}


def _check_size(upload: UploadedFile, max_bytes: int) -> None:
    if upload.size == 0:
        raise ValidationError("The file is empty.", code="empty")
    if upload.size > max_bytes:
        raise ValidationError(
            f"The file is {filesizeformat(upload.size)}; the limit is {filesizeformat(max_bytes)}.",
            code="too_large",
        )


def _check_dimensions(size: tuple[int, int], kind: ImageKind) -> None:
    width, height = size
    if width * height > kind.max_pixels or max(width, height) > MAX_IMAGE_SIDE:
        raise ValidationError(
            f"The image is {width:,} x {height:,} pixels; a {kind.label} can have at most "
            f"{kind.max_pixels / 1_000_000:.1f} megapixels (for example {kind.example}) and "
            f"{MAX_IMAGE_SIDE:,} pixels a side. Make it smaller and upload it again.",
            code="too_many_pixels",
        )


def validate_image_upload(upload: UploadedFile, *, max_bytes: int, kind: ImageKind) -> Image.Image:
    """Return the image decoded at no more than the size `kind` is drawn at, upright, in RGB
    or RGBA, or raise if the file is not a real JPEG, PNG, WebP or GIF of acceptable size.

    Its dimensions are read from the header and checked before any pixel is decoded; a JPEG
    is then decoded already scaled down (libjpeg's DCT scaling), other formats are reduced
    by whole factors straight after decoding.
    """
    _check_size(upload, max_bytes)
    upload.seek(0)
    try:
        with Image.open(upload) as probe:  # reads the header only
            if probe.format not in IMAGE_FORMATS:
                raise ValidationError("Upload a JPEG, PNG, WebP or GIF image.", code="format")
            _check_dimensions(probe.size, kind)
            probe.verify()
        upload.seek(0)
        image = _decode(Image.open(upload), kind)
    except Image.DecompressionBombError as exc:
        # Past Pillow's own ceiling, which is above every kind's limit.
        raise ValidationError(
            f"The image has far too many pixels; a {kind.label} can have at most "
            f"{kind.max_pixels / 1_000_000:.1f} megapixels (for example {kind.example}).",
            code="too_many_pixels",
        ) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ValidationError("This file is not an image we can read.", code="invalid") from exc
    finally:
        upload.seek(0)
    return image


def _decode(image: Image.Image, kind: ImageKind) -> Image.Image:
    if image.format == "JPEG":
        image.draft(None, kind.decode_size(image.size, turned=_turned(image)))
    image.load()
    if image.mode == "1":
        image = image.convert("L")  # one byte a pixel either way; "L" can be reduced
    elif image.mode not in ("L", "LA", "RGB", "RGBA"):  # palette, 16-bit, CMYK
        image = image.convert("RGBA" if _has_alpha(image) else "RGB")
    target = kind.decode_size(image.size, turned=_turned(image))
    factor = min(image.width // target[0], image.height // target[1])
    if factor >= 2:
        image = image.reduce(factor)
    if image.mode in ("L", "LA"):
        image = image.convert("RGBA" if _has_alpha(image) else "RGB")
    return ImageOps.exif_transpose(image)


def _turned(image: Image.Image) -> bool:
    return image.getexif().get(ExifTags.Base.Orientation) in _TURNED


def _has_alpha(image: Image.Image) -> bool:
    return "A" in image.getbands() or "transparency" in image.info


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
