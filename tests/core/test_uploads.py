from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from apps.core.uploads import generated_name, reencode_square, validate_document_upload, validate_image_upload


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
    image = validate_image_upload(SimpleUploadedFile("a.png", png_bytes()), max_bytes=2_000_000)
    encoded = reencode_square(image, size=96)
    assert Image.open(io.BytesIO(encoded.read())).size == (96, 96)
    assert encoded.name.endswith(".webp")


def test_html_with_a_png_header_is_rejected():
    spoof = b"\x89PNG\r\n\x1a\n<html><script>alert(1)</script></html>"
    with pytest.raises(ValidationError):
        validate_image_upload(
            SimpleUploadedFile("a.png", spoof, content_type="image/png"), max_bytes=2_000_000
        )


def test_oversized_image_is_rejected_with_the_limit_in_the_message():
    with pytest.raises(ValidationError, match=r"limit is 1\.0"):
        validate_image_upload(SimpleUploadedFile("a.png", png_bytes((900, 900))), max_bytes=1024)


def test_empty_file_is_rejected():
    with pytest.raises(ValidationError, match="empty"):
        validate_image_upload(SimpleUploadedFile("a.png", b""), max_bytes=1024)


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
