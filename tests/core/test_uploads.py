from __future__ import annotations

import io
import struct
import time
import zipfile
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import ExifTags, Image, ImageFile

from apps.core.uploads import (
    AVATAR,
    BANNER,
    IMAGE_KINDS,
    LOGO,
    MAX_IMAGE_PIXELS,
    generated_name,
    reencode_square,
    reencode_within,
    validate_document_upload,
    validate_image_upload,
)
from apps.hackathons.forms import HackathonForm
from apps.jobs.forms import JobForm
from apps.profiles.forms import ProfileForm
from apps.projects.forms import ProjectForm


def png_bytes(size=(64, 48)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "teal").save(buffer, format="PNG")
    return buffer.getvalue()


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def test_real_image_is_accepted_and_reencoded_square():
    image = validate_image_upload(SimpleUploadedFile("a.png", png_bytes()), max_bytes=2_000_000, kind=AVATAR)
    encoded = reencode_square(image, size=96)
    assert Image.open(io.BytesIO(encoded.read())).size == (96, 96)
    assert encoded.name.endswith(".webp")


def test_html_with_a_png_header_is_rejected():
    spoof = b"\x89PNG\r\n\x1a\n<html><script>alert(1)</script></html>"
    with pytest.raises(ValidationError):
        validate_image_upload(
            SimpleUploadedFile("a.png", spoof, content_type="image/png"), max_bytes=2_000_000, kind=AVATAR
        )


def test_oversized_image_is_rejected_with_the_limit_in_the_message():
    with pytest.raises(ValidationError, match=r"limit is 1\.0"):
        validate_image_upload(SimpleUploadedFile("a.png", png_bytes((900, 900))), max_bytes=1024, kind=AVATAR)


def test_empty_file_is_rejected():
    with pytest.raises(ValidationError, match="empty"):
        validate_image_upload(SimpleUploadedFile("a.png", b""), max_bytes=1024, kind=AVATAR)


# --- Image bombs: huge canvases in small files --------------------------------------------


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_canvas(width: int, height: int) -> bytes:
    """A valid 1-bit PNG of any size, written directly: every row zeros, so a 6300 x 6300
    canvas is about 5 KB and costs nothing to make (Pillow would allocate it all)."""
    row = b"\x00" * (1 + (width + 7) // 8)  # the filter byte, then the packed pixels
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(row * height, 9))
        + _chunk(b"IEND", b"")
    )


@pytest.fixture
def no_decoding(monkeypatch):
    """Decoding any pixel fails the test: a refused image must be refused from its header."""

    def load(self):
        raise AssertionError(f"decoded a {self.size} image")

    monkeypatch.setattr(ImageFile.ImageFile, "load", load)


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
@pytest.mark.parametrize("kind", IMAGE_KINDS, ids=lambda kind: kind.label)
def test_small_file_with_a_huge_canvas_is_refused_from_its_header(kind, no_decoding):
    bomb = png_canvas(6300, 6300)
    assert len(bomb) < 10_000
    started = time.perf_counter()
    with pytest.raises(ValidationError, match=r"6,300 x 6,300 pixels") as caught:
        validate_image_upload(SimpleUploadedFile("bomb.png", bomb), max_bytes=5_000_000, kind=kind)
    assert time.perf_counter() - started < 0.5
    assert caught.value.code == "too_many_pixels"
    assert kind.label in caught.value.messages[0]


def test_canvas_past_pillows_own_ceiling_is_refused_before_decoding(no_decoding):
    side = int((2 * MAX_IMAGE_PIXELS) ** 0.5) + 10
    with pytest.raises(ValidationError, match=r"far too many pixels.*at most 24\.0 megapixels") as caught:
        validate_image_upload(
            SimpleUploadedFile("b.png", png_canvas(side, side)), max_bytes=5_000_000, kind=BANNER
        )
    assert caught.value.code == "too_many_pixels"


def test_a_long_thin_strip_is_refused(no_decoding):
    with pytest.raises(ValidationError, match="a side"):
        validate_image_upload(
            SimpleUploadedFile("s.png", png_canvas(20_000, 2)), max_bytes=5_000_000, kind=BANNER
        )


def test_limits_are_per_kind_lower_for_logos_and_avatars_than_banners():
    assert LOGO.max_pixels < AVATAR.max_pixels < BANNER.max_pixels
    canvas = png_canvas(3000, 2000)  # 6 megapixels
    with pytest.raises(ValidationError, match=r"a logo can have at most 4\.2 megapixels"):
        validate_image_upload(SimpleUploadedFile("l.png", canvas), max_bytes=5_000_000, kind=LOGO)
    for kind in (AVATAR, BANNER):
        image = validate_image_upload(SimpleUploadedFile("l.png", canvas), max_bytes=5_000_000, kind=kind)
        assert image.mode == "RGB"


def test_pillow_refuses_past_the_largest_kind_everywhere():
    assert Image.MAX_IMAGE_PIXELS == MAX_IMAGE_PIXELS == max(kind.max_pixels for kind in IMAGE_KINDS)


def jpeg_bytes(size, *, orientation: int | None = None) -> bytes:
    buffer = io.BytesIO()
    exif = Image.Exif()
    if orientation:
        exif[ExifTags.Base.Orientation] = orientation
    Image.new("RGB", size, "teal").save(buffer, format="JPEG", exif=exif.tobytes())
    return buffer.getvalue()


def test_large_jpeg_is_decoded_scaled_down_yet_big_enough_for_its_use():
    upload = SimpleUploadedFile("p.jpg", jpeg_bytes((4000, 3000)))
    image = validate_image_upload(upload, max_bytes=5_000_000, kind=AVATAR)
    # libjpeg decodes at 1/4: no smaller than the 400 px square needs, far less than 12 MP.
    assert image.size == (1000, 750)
    assert Image.open(reencode_square(image, size=400)).size == (400, 400)


def test_large_png_is_reduced_right_after_decoding():
    image = validate_image_upload(
        SimpleUploadedFile("b.png", png_canvas(3000, 2000)), max_bytes=5_000_000, kind=BANNER
    )
    assert image.size == (1500, 1000)  # halved: still covers the 1600 x 800 box once fitted
    assert Image.open(reencode_within(image, max_width=1600, max_height=800)).size == (1200, 800)


def test_turned_jpeg_comes_back_upright():
    upload = SimpleUploadedFile("t.jpg", jpeg_bytes((4000, 2000), orientation=6))
    image = validate_image_upload(upload, max_bytes=5_000_000, kind=BANNER)
    assert image.width < image.height
    assert Image.open(reencode_within(image, max_width=1600, max_height=800)).size == (400, 800)


def test_palette_png_with_transparency_keeps_its_alpha():
    buffer = io.BytesIO()
    Image.new("P", (64, 64), 0).save(buffer, format="PNG", transparency=0)
    image = validate_image_upload(
        SimpleUploadedFile("t.png", buffer.getvalue()), max_bytes=100_000, kind=LOGO
    )
    assert image.mode == "RGBA"


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
@pytest.mark.django_db  # model forms check their constraints in the database
@pytest.mark.parametrize(
    ("form_class", "field", "label"),
    [
        (ProfileForm, "avatar_upload", "a profile photo"),
        (ProjectForm, "image_upload", "a project image"),
        (JobForm, "company_logo", "a logo"),
        (HackathonForm, "banner", "a banner"),
    ],
)
def test_every_image_field_refuses_a_huge_canvas_as_a_field_error(form_class, field, label, no_decoding):
    form = form_class(data={}, files={field: SimpleUploadedFile("bomb.png", png_canvas(6300, 6300))})
    assert not form.is_valid()
    assert f"The image is 6,300 x 6,300 pixels; {label} can have at most" in form.errors[field][0]


@pytest.mark.django_db
@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
def test_profile_settings_answer_an_image_bomb_with_a_field_error_and_keep_the_rest(
    member_client, no_decoding
):
    data = {
        "first_name": "Ada", "last_name": "Obi", "headline": "Engineer", "bio": "Hi", "location": "Lagos",
        "experience_level": "intermediate", "links_visibility": "public", "experience_visibility": "public",
        "education_visibility": "members", "new_skills": "", "exp-TOTAL_FORMS": "0", "exp-INITIAL_FORMS": "0",
        "edu-TOTAL_FORMS": "0", "edu-INITIAL_FORMS": "0",
        "avatar_upload": SimpleUploadedFile("bomb.png", png_canvas(6300, 6300), content_type="image/png"),
    }  # fmt: skip
    response = member_client.post(reverse("profiles:edit"), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "The image is 6,300 x 6,300 pixels; a profile photo can have at most 12.6 megapixels" in html
    assert 'value="Engineer"' in html


def test_pdf_and_docx_are_recognised_by_content():
    pdf = SimpleUploadedFile("cv.bin", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF")
    assert validate_document_upload(pdf, max_bytes=5_000_000, kinds={"pdf", "docx"}) == "pdf"
    docx = SimpleUploadedFile("cv.pdf", docx_bytes())
    assert validate_document_upload(docx, max_bytes=5_000_000, kinds={"pdf", "docx"}) == "docx"


def test_executable_renamed_to_pdf_is_rejected():
    exe = SimpleUploadedFile("cv.pdf", b"MZ\x90\x00" + b"\x00" * 200, content_type="application/pdf")
    with pytest.raises(ValidationError, match="PDF"):
        validate_document_upload(exe, max_bytes=5_000_000, kinds={"pdf", "docx"})


def test_plain_zip_is_not_a_docx():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("evil.txt", "x")
    with pytest.raises(ValidationError):
        validate_document_upload(
            SimpleUploadedFile("cv.docx", buffer.getvalue()), max_bytes=5_000_000, kinds={"docx"}
        )


def test_generated_name_carries_nothing_from_the_upload():
    name = generated_name(folder="cvs", extension="pdf")
    assert name.startswith("cvs/") and name.endswith(".pdf") and ".." not in name
