from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.client import encode_multipart
from django.urls import reverse
from django.utils import timezone

from apps.jobs.forms import ApplicationForm
from apps.jobs.models import ApplicationStageChange, Job, JobApplication
from apps.mailer.models import OutboxEmail
from tests.jobs.factories import JobApplicationFactory, JobFactory, docx_bytes, pdf_bytes

pytestmark = pytest.mark.django_db


def apply_url(job) -> str:
    return reverse("jobs:job-apply", args=[job.pk])


def form_data(cv: SimpleUploadedFile | None = None, **overrides) -> dict:
    data = {
        "full_name": "Ada Obi",
        "email": "ada@example.com",
        "links": "https://github.com/adaobi",
        "skills": "Python, Django",
        "cover_letter": "I build payment systems and love it.",
        "cv": cv or SimpleUploadedFile("Ada Obi CV.pdf", pdf_bytes(), content_type="application/pdf"),
    }
    data.update(overrides)
    return data


def stored_cv_files() -> list[str]:
    storage = storages["private"]
    try:
        _, files = storage.listdir("jobs/cv")
    except FileNotFoundError:
        return []
    return files


def test_apply_form_is_prefilled_from_the_member(member_client):
    job = JobFactory()
    user = member_client.user
    response = member_client.get(apply_url(job))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["email"] == user.email
    assert form.initial["full_name"] == user.get_full_name()
    assert user.email in response.content.decode()


def test_file_pickers_offer_only_the_accepted_kinds(member_client, employer_client):
    """A hint for the phone's file picker; the server still judges the file by its bytes."""
    body = member_client.get(apply_url(JobFactory())).content.decode()
    assert 'accept=".pdf,.docx,application/pdf,application/vnd.openxmlformats-officedocument' in body
    body = employer_client.get(reverse("jobs:job-create")).content.decode()
    assert 'accept="image/jpeg,image/png,image/webp,image/gif"' in body


def test_apply_form_takes_links_and_skills_from_the_profile(member_client):
    from apps.profiles.models import Profile
    from apps.profiles.services import skill_get_or_create

    profile = Profile.objects.create(
        user=member_client.user, github_url="https://github.com/ada", portfolio_url="https://ada.dev"
    )
    profile.skills.set([skill_get_or_create(name="Python"), skill_get_or_create(name="Kotlin")])
    form = member_client.get(apply_url(JobFactory())).context["form"]
    assert form.initial["links"] == "https://ada.dev\nhttps://github.com/ada"
    assert set(form.initial["skills"].split(", ")) == {"Python", "Kotlin"}


def test_apply_with_a_pdf_stores_it_privately_under_a_generated_name(
    member_client, django_capture_on_commit_callbacks, mailoutbox
):
    job = JobFactory(title="Payments Engineer")
    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(apply_url(job), form_data())
    assert response.status_code == 302
    assert response["Location"] == reverse("jobs:application-list")
    application = JobApplication.objects.get()
    assert application.applicant == member_client.user
    assert application.stage == "pending"
    assert application.cv_kind == "pdf"
    assert application.cv_filename == "Ada Obi CV.pdf"
    assert "Ada" not in application.cv.name and application.cv.name.startswith("jobs/cv/")
    assert application.cv.name.endswith(".pdf")
    assert storages["private"].exists(application.cv.name)
    assert list(ApplicationStageChange.objects.values_list("to_stage", flat=True)) == ["pending"]
    assert [m.subject for m in mailoutbox] == ["Your application for Payments Engineer at Paystack is in"]


def test_a_docx_cv_is_accepted(member_client):
    job = JobFactory()
    cv = SimpleUploadedFile("cv.docx", docx_bytes())
    assert member_client.post(apply_url(job), form_data(cv=cv)).status_code == 302
    assert JobApplication.objects.get().cv_kind == "docx"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "cv.pdf",
            b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200,
            "Upload a DOCX or PDF file.",
        ),
        ("cv.pdf", pdf_bytes(6 * 1024 * 1024), "the limit is 5.0"),
        ("cv.pdf", b"", "The submitted file is empty."),
        ('<img src=x onerror="alert(1)">.pdf', pdf_bytes(), "Rename the file"),
        ("cv.pdf", b"<html><script>alert(1)</script></html>", "Upload a DOCX or PDF file."),
    ],
    ids=["exe-renamed-pdf", "six-megabytes", "zero-bytes", "html-in-name", "html-as-pdf"],
)
def test_bad_cv_gets_a_field_error_keeps_typed_data_and_stores_nothing(member_client, name, content, message):
    job = JobFactory()
    response = member_client.post(
        apply_url(job), form_data(cv=SimpleUploadedFile(name, content), full_name="Ada Keep")
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["cv"]
    assert any(message in error for error in errors), errors
    body = response.content.decode()
    assert 'value="Ada Keep"' in body
    assert "I build payment systems" in body
    assert "<img src=x" not in body
    assert not JobApplication.objects.exists()
    assert stored_cv_files() == []


def test_a_file_name_carrying_a_path_is_refused_by_the_form():
    # Django strips "/" folders from uploaded names (parser and UploadedFile); Windows paths and
    # dot-dot names reach the form, which refuses them.
    assert SimpleUploadedFile("../../etc/cv.pdf", b"").name == "cv.pdf"
    for name in ("C:\\Users\\ada\\cv.pdf", "..\\..\\cv.pdf", "..cv.pdf"):
        form = ApplicationForm(data=form_data(), files={"cv": SimpleUploadedFile(name, pdf_bytes())})
        assert not form.is_valid()
        assert "Rename the file" in form.errors["cv"][0]


def test_a_path_sent_in_the_multipart_name_never_reaches_storage(member_client):
    job = JobFactory()
    data = form_data()
    data.pop("cv")
    boundary = "BoUnDaRy"
    body = encode_multipart(boundary, data).decode()
    part = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="cv"; filename="../../../etc/passwd.pdf"\r\n'
        f"Content-Type: application/pdf\r\n\r\n{pdf_bytes().decode()}\r\n"
    )
    body = body.replace(f"--{boundary}--", part + f"--{boundary}--")
    response = member_client.post(
        apply_url(job), body.encode(), content_type=f"multipart/form-data; boundary={boundary}"
    )
    assert response.status_code == 302
    application = JobApplication.objects.get()
    assert ".." not in application.cv.name and "passwd" not in application.cv.name
    assert application.cv_filename == "passwd.pdf"


def test_applying_twice_is_refused_clearly(member_client):
    job = JobFactory()
    assert member_client.post(apply_url(job), form_data()).status_code == 302
    response = member_client.get(apply_url(job))
    assert "You have already applied to this job" in response.content.decode()
    response = member_client.post(apply_url(job), form_data())
    assert response.status_code == 200
    assert "You have already applied to this job." in response.context["form"].non_field_errors()
    assert JobApplication.objects.count() == 1
    assert len(stored_cv_files()) == 1


def test_expired_job_refuses_applications(member_client):
    job = JobFactory(expires_at=timezone.now() - timedelta(hours=1))
    assert "no longer open" in member_client.get(apply_url(job)).content.decode()
    response = member_client.post(apply_url(job), form_data())
    assert response.status_code == 200
    assert "This job is no longer open for applications." in response.context["form"].non_field_errors()
    assert not JobApplication.objects.exists()
    assert stored_cv_files() == []


@pytest.mark.parametrize("status", [Job.Status.DRAFT, Job.Status.SUBMITTED, Job.Status.REJECTED])
def test_unpublished_job_is_not_found(member_client, status):
    job = JobFactory(status=status)
    assert member_client.get(apply_url(job)).status_code == 404
    assert member_client.post(apply_url(job), form_data()).status_code == 404


def test_employer_cannot_apply_to_their_own_job(employer_client, employer):
    job = JobFactory(posted_by=employer)
    response = employer_client.post(apply_url(job), form_data())
    assert "You cannot apply to your own listing." in response.context["form"].non_field_errors()


def test_apply_requires_login(client):
    job = JobFactory()
    response = client.get(apply_url(job))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_application_history_and_withdraw(member_client):
    application = JobApplicationFactory(applicant=member_client.user)
    response = member_client.get(reverse("jobs:application-list"))
    body = response.content.decode()
    assert application.job.title in body and 'data-stage="pending"' in body
    response = member_client.post(reverse("jobs:application-withdraw", args=[application.pk]))
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.stage == "withdrawn"
    assert list(application.history.values_list("to_stage", flat=True)) == ["pending", "withdrawn"]
    # A second withdraw is refused with a message, not an error page.
    response = member_client.post(reverse("jobs:application-withdraw", args=[application.pk]), follow=True)
    assert "already closed" in response.content.decode()


def test_withdraw_asks_first_even_without_javascript(member_client):
    """Withdrawing cannot be undone. hx-confirm only asked when JavaScript ran; without it one
    click withdrew. The button now sits behind a disclosure that states the consequence."""
    JobApplicationFactory(applicant=member_client.user, job=JobFactory(title="Data Engineer"))
    body = member_client.get(reverse("jobs:application-list")).content.decode()
    assert "data-hx-confirm" not in body
    disclosure = body[
        body.index('<details class="w-full" data-withdraw>') : body.index(
            "</details>", body.index("data-withdraw")
        )
    ]
    assert "<summary" in disclosure and "Yes, withdraw</button>" in disclosure
    assert "Withdraw your application for Data Engineer? You cannot apply to this job again." in disclosure
    assert body.count("Yes, withdraw</button>") == 1  # only inside the disclosure


def test_withdraw_by_htmx_redirects_the_client(member_client):
    application = JobApplicationFactory(applicant=member_client.user)
    response = member_client.post(
        reverse("jobs:application-withdraw", args=[application.pk]), headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert response["HX-Redirect"] == reverse("jobs:application-list")


def test_someone_else_cannot_withdraw_an_application(other_client):
    application = JobApplicationFactory()
    assert other_client.post(reverse("jobs:application-withdraw", args=[application.pk])).status_code == 404
    application.refresh_from_db()
    assert application.stage == "pending"


def test_my_applications_query_count_is_constant(member_client, assert_page_queries):
    def add_applications(n):
        JobApplicationFactory.create_batch(n, applicant=member_client.user)

    # count, applications with their jobs, histories
    assert_page_queries(
        member_client, reverse("jobs:application-list"), add_rows=add_applications, expected=3
    )


def test_outbox_row_written_for_the_application(member_client):
    job = JobFactory()
    member_client.post(apply_url(job), form_data())
    assert OutboxEmail.objects.filter(key__startswith="job-application-received:").count() == 1


def test_a_concurrent_duplicate_is_caught_by_the_constraint_and_its_file_removed(user, monkeypatch):
    from django.core.exceptions import ValidationError
    from django.db.models import QuerySet

    from apps.jobs.services import ApplicationData, application_create

    job = JobFactory()

    def data() -> ApplicationData:
        cv = SimpleUploadedFile("cv.pdf", pdf_bytes())
        return ApplicationData(
            full_name="Ada", email="ada@example.com", cover_letter="Hi", cv=cv, cv_kind="pdf"
        )

    application_create(job=job, applicant=user, data=data())
    # The second request passed its "already applied?" check before the first one committed.
    monkeypatch.setattr(QuerySet, "exists", lambda self: False)
    with pytest.raises(ValidationError, match="already applied"):
        application_create(job=job, applicant=user, data=data())
    assert JobApplication.objects.count() == 1
    assert len(stored_cv_files()) == 1
