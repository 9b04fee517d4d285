"""The CV path through django-storages' S3 backend, against moto's S3 server on 127.0.0.1."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.jobs.models import JobApplication
from apps.jobs.privacy import erase_member_data
from tests.jobs.factories import JobFactory, pdf_bytes

pytestmark = [pytest.mark.django_db(transaction=False), pytest.mark.slow]

CV = pdf_bytes() + b"%% a CV that went to S3\n"


def test_cv_upload_lands_in_s3_and_only_permitted_people_can_download_it(
    s3_private_storage,
    member_client,
    employer_client,
    employer,
    other_client,
    django_capture_on_commit_callbacks,
):
    s3, bucket = s3_private_storage
    job = JobFactory(posted_by=employer)
    response = member_client.post(
        reverse("jobs:job-apply", args=[job.pk]),
        {
            "full_name": "Ada Obi",
            "email": "ada@example.com",
            "cover_letter": "Hello",
            "cv": SimpleUploadedFile("my cv.pdf", CV, content_type="application/pdf"),
        },
    )
    assert response.status_code == 302
    application = JobApplication.objects.get()

    keys = [item["Key"] for item in s3.list_objects_v2(Bucket=bucket)["Contents"]]
    assert keys == [f"private/{application.cv.name}"]
    assert s3.get_object(Bucket=bucket, Key=keys[0])["Body"].read() == CV

    for client in (member_client, employer_client):
        download = client.get(reverse("jobs:application-cv", args=[application.pk]))
        assert download.status_code == 200
        assert b"".join(download.streaming_content) == CV
        assert download["Content-Disposition"] == 'attachment; filename="my cv.pdf"'

    assert other_client.get(reverse("jobs:application-cv", args=[application.pk])).status_code == 404

    # Erasing the member's data removes the object from the bucket after commit.
    with django_capture_on_commit_callbacks(execute=True):
        erase_member_data(member_client.user)
    assert s3.list_objects_v2(Bucket=bucket).get("KeyCount") == 0
