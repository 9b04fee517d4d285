"""Certificate numbers, the public verification page, revocation, and the PDF."""

from __future__ import annotations

import io
import re

import pytest
from django.db import IntegrityError
from django.test import Client
from django.urls import reverse
from django.utils.timezone import localtime
from pypdf import PdfReader

from apps.learning.models import Certificate
from apps.learning.services import certificate_issue, certificate_number, certificate_revoke
from apps.learning.tasks import certificate_pdf_task
from tests.accounts.factories import UserFactory
from tests.learning.factories import CourseFactory

pytestmark = pytest.mark.django_db

NUMBER = re.compile(r"^DT-\d{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$")


@pytest.fixture
def certificate():
    member = UserFactory(first_name="Ngozi", last_name="Okafor", handle="ngozi")
    return certificate_issue(user=member, course=CourseFactory(title="Python Foundations"))


def test_numbers_are_random_and_well_formed():
    numbers = {certificate_number(year=2026) for _ in range(500)}
    assert len(numbers) == 500
    assert all(NUMBER.match(n) and n.startswith("DT-2026-") for n in numbers)


def test_number_is_unique_in_the_database(certificate):
    with pytest.raises(IntegrityError):
        Certificate.objects.create(number=certificate.number, course=certificate.course, course_title="Other")


def test_a_clashing_number_is_drawn_again(monkeypatch, certificate):
    drawn = iter([certificate.number, "DT-2026-ABCD-EFGH"])
    monkeypatch.setattr("apps.learning.services.certificates.certificate_number", lambda: next(drawn))
    other = certificate_issue(user=UserFactory(), course=certificate.course)
    assert other.number == "DT-2026-ABCD-EFGH"


def test_verification_page_works_logged_out_and_survives_a_handle_change(client, certificate):
    user = certificate.user
    user.handle = "ngozi_new"
    user.save(update_fields=["handle"])
    response = client.get(reverse("certificates:certificate-detail", args=[certificate.number]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Valid" in body and "Ngozi Okafor" in body and "Python Foundations" in body
    assert reverse("profiles:detail", args=["ngozi_new"]) in body
    assert 'src="data:image/svg+xml' in body  # the QR code


def test_lower_case_number_still_verifies(client, certificate):
    url = reverse("certificates:certificate-detail", args=[certificate.number.lower()])
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("number", ["DT-2026-XXXX", "<script>", "DT-2026-AAAA-AAAB"])
def test_unknown_or_malformed_numbers_are_not_found(client, certificate, number):
    assert client.get(reverse("certificates:certificate-detail", args=[number])).status_code == 404


def test_revoked_certificate_says_revoked_with_the_date(client, certificate):
    certificate_revoke(certificate=certificate, reason="Copied answers.")
    body = client.get(reverse("certificates:certificate-detail", args=[certificate.number])).content.decode()
    # The date in the site's time zone: an hour before midnight UTC is already tomorrow in Lagos.
    assert f"This certificate was revoked on {localtime(certificate.revoked_at):%-d %B %Y}" in body
    assert "Copied answers." in body and "Valid" not in body
    assert client.get(reverse("certificates:certificate-pdf", args=[certificate.number])).status_code == 404


def test_staff_revoke_through_the_page_and_members_cannot(staff_client, certificate):
    url = reverse("certificates:certificate-revoke", args=[certificate.number])
    member = Client()
    member.force_login(UserFactory())
    assert member.post(url, {"reason": "No"}).status_code == 403
    certificate.refresh_from_db()
    assert certificate.revoked_at is None
    staff_client.post(url, {"reason": ""})
    certificate.refresh_from_db()
    assert certificate.revoked_at is None
    response = staff_client.post(url, {"reason": "Issued by mistake"})
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.revoked_reason == "Issued by mistake"


def test_pdf_names_the_member_and_the_course_and_is_kept(client, certificate):
    certificate_pdf_task.call_local(certificate.pk)
    certificate.refresh_from_db()
    assert certificate.pdf and certificate.pdf_generated_at
    response = client.get(reverse("certificates:certificate-pdf", args=[certificate.number]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    data = b"".join(response.streaming_content)
    text = PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert "Ngozi Okafor" in text and "Python Foundations" in text and certificate.number in text
    generated = certificate.pdf_generated_at
    certificate_pdf_task.call_local(certificate.pk)
    certificate.refresh_from_db()
    assert certificate.pdf_generated_at == generated


def test_pdf_is_rendered_on_first_download_when_the_task_has_not_run(client, certificate):
    assert not certificate.pdf
    response = client.get(reverse("certificates:certificate-pdf", args=[certificate.number]))
    assert response.status_code == 200
    certificate.refresh_from_db()
    assert certificate.pdf
