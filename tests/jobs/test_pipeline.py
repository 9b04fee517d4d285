from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.jobs.models import JobApplication
from apps.jobs.services import application_move
from tests.jobs.factories import PDF_BYTES, JobApplicationFactory, JobFactory

pytestmark = pytest.mark.django_db


def move(client, application, stage, reason="", **kwargs):
    return client.post(
        reverse("jobs:application-move", args=[application.pk]), {"stage": stage, "reason": reason}, **kwargs
    )


# --- CV download ---------------------------------------------------------------------------


def test_applicant_downloads_their_cv_as_an_attachment(member_client):
    application = JobApplicationFactory(applicant=member_client.user, cv_filename="Ada CV.pdf")
    response = member_client.get(reverse("jobs:application-cv", args=[application.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="Ada CV.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]


def test_employer_downloads_the_cv(employer_client, employer):
    application = JobApplicationFactory(job=JobFactory(posted_by=employer))
    response = employer_client.get(reverse("jobs:application-cv", args=[application.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")


def test_an_employer_who_lost_the_right_to_post_jobs_gets_404_for_the_cv(employer_client, employer):
    application = JobApplicationFactory(job=JobFactory(posted_by=employer))
    employer.user_permissions.clear()

    assert employer_client.get(reverse("jobs:application-cv", args=[application.pk])).status_code == 404


def test_another_member_gets_404_for_the_cv(other_client):
    application = JobApplicationFactory()
    assert other_client.get(reverse("jobs:application-cv", args=[application.pk])).status_code == 404


def test_another_employer_gets_404_for_the_cv(employer_client):
    application = JobApplicationFactory()  # a job posted by someone else
    assert employer_client.get(reverse("jobs:application-cv", args=[application.pk])).status_code == 404


def test_anonymous_visitor_is_sent_to_log_in_for_the_cv(client):
    application = JobApplicationFactory()
    response = client.get(reverse("jobs:application-cv", args=[application.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_missing_cv_file_is_a_404_not_a_500(member_client):
    application = JobApplicationFactory(applicant=member_client.user)
    application.cv.storage.delete(application.cv.name)
    assert member_client.get(reverse("jobs:application-cv", args=[application.pk])).status_code == 404


def test_cv_files_are_not_under_the_public_media_url(member_client, settings):
    application = JobApplicationFactory(applicant=member_client.user)
    assert str(settings.MEDIA_ROOT) not in application.cv.path


# --- Pipeline ------------------------------------------------------------------------------


def test_employer_sees_the_pipeline_with_filters(employer_client, employer):
    job = JobFactory(posted_by=employer)
    JobApplicationFactory(job=job, full_name="Ada Pending")
    JobApplicationFactory(job=job, full_name="Bola Reviewed", stage="reviewed")
    response = employer_client.get(reverse("jobs:pipeline", args=[job.pk]))
    body = response.content.decode()
    assert "Ada Pending" in body and "Bola Reviewed" in body
    response = employer_client.get(reverse("jobs:pipeline", args=[job.pk]), {"stage": "reviewed"})
    assert [a.full_name for a in response.context["page_obj"]] == ["Bola Reviewed"]
    response = employer_client.get(reverse("jobs:pipeline", args=[job.pk]), {"q": "ada"})
    assert [a.full_name for a in response.context["page_obj"]] == ["Ada Pending"]


def test_pipeline_partial_for_htmx(employer_client, employer):
    job = JobFactory(posted_by=employer)
    JobApplicationFactory(job=job, full_name="Ada")
    response = employer_client.get(reverse("jobs:pipeline", args=[job.pk]), headers={"HX-Request": "true"})
    body = response.content.decode()
    assert 'id="applications"' in body and "Ada" in body and "<html" not in body


def test_staff_see_no_cv_link_they_could_not_follow(staff_client, employer_client, employer):
    """Staff may run any pipeline, but CVs are for the applicant and the employer only: the
    pipeline must not offer staff a download that answers 404."""
    job = JobFactory(posted_by=employer)
    application = JobApplicationFactory(job=job)
    cv_url = reverse("jobs:application-cv", args=[application.pk])
    staff_body = staff_client.get(reverse("jobs:pipeline", args=[job.pk])).content.decode()
    assert cv_url not in staff_body
    assert "only the employer who posted the job can download it" in staff_body
    assert staff_client.get(cv_url).status_code == 404
    assert cv_url in employer_client.get(reverse("jobs:pipeline", args=[job.pk])).content.decode()
    # The card swapped in after an HTMX move follows the same rule.
    card = move(staff_client, application, "reviewed", headers={"HX-Request": "true"}).content.decode()
    assert 'id="application-' in card and cv_url not in card


def test_another_member_or_employer_cannot_see_the_pipeline(other_client, employer_client):
    job = JobFactory()
    assert other_client.get(reverse("jobs:pipeline", args=[job.pk])).status_code == 404
    assert employer_client.get(reverse("jobs:pipeline", args=[job.pk])).status_code == 404


def test_pipeline_query_count_is_constant(employer_client, employer, assert_page_queries):
    job = JobFactory(posted_by=employer)
    url = reverse("jobs:pipeline", args=[job.pk])
    # job, count, applications with applicants, histories (permissions come with the cached member)
    assert_page_queries(
        employer_client, url, add_rows=lambda n: JobApplicationFactory.create_batch(n, job=job), expected=4
    )


def test_each_stage_change_emails_the_applicant_and_keeps_history(
    employer_client, employer, django_capture_on_commit_callbacks, mailoutbox
):
    application = JobApplicationFactory(job=JobFactory(posted_by=employer, title="Data Engineer"))
    with django_capture_on_commit_callbacks(execute=True):
        assert move(employer_client, application, "reviewed").status_code == 302
        assert move(employer_client, application, "interviewed").status_code == 302
    application.refresh_from_db()
    assert application.stage == "interviewed"
    assert list(application.history.values_list("from_stage", "to_stage")) == [
        ("", "pending"),
        ("pending", "reviewed"),
        ("reviewed", "interviewed"),
    ]
    assert [m.to for m in mailoutbox] == [[application.email], [application.email]]
    assert "interview stage" in mailoutbox[1].body
    # Subjects read as sentences ("is now interviewed" did not).
    assert [m.subject for m in mailoutbox] == [
        "Data Engineer at Paystack: your application has been reviewed",
        "Data Engineer at Paystack: your application is at the interview stage",
    ]


def test_rejection_email_carries_the_optional_reason(
    employer_client, employer, django_capture_on_commit_callbacks, mailoutbox
):
    application = JobApplicationFactory(job=JobFactory(posted_by=employer))
    with django_capture_on_commit_callbacks(execute=True):
        move(employer_client, application, "rejected", reason="We hired someone with more Go experience.")
    application.refresh_from_db()
    assert application.stage == "rejected"
    assert application.rejection_reason == "We hired someone with more Go experience."
    assert "more Go experience" in mailoutbox[0].body
    html = mailoutbox[0].alternatives[0][0]
    assert "more Go experience" in html


def test_a_reason_is_ignored_unless_rejecting(employer_client, employer):
    application = JobApplicationFactory(job=JobFactory(posted_by=employer))
    move(employer_client, application, "reviewed", reason="internal")
    application.refresh_from_db()
    assert application.rejection_reason == ""


def test_moves_that_skip_back_or_leave_a_final_stage_are_refused(employer_client, employer):
    application = JobApplicationFactory(job=JobFactory(posted_by=employer), stage="accepted")
    response = move(employer_client, application, "pending", follow=True)
    assert "Choose a stage this application can move to." in response.content.decode()
    application.refresh_from_db()
    assert application.stage == "accepted"


def test_htmx_move_returns_the_updated_card(employer_client, employer):
    application = JobApplicationFactory(job=JobFactory(posted_by=employer))
    response = move(employer_client, application, "interviewed", headers={"HX-Request": "true"})
    body = response.content.decode()
    assert response.status_code == 200
    assert f'id="application-{application.pk}"' in body and 'data-stage="interviewed"' in body
    assert "<html" not in body


def test_another_employer_cannot_move_an_application(employer_client):
    application = JobApplicationFactory()
    assert move(employer_client, application, "reviewed").status_code == 404
    application.refresh_from_db()
    assert application.stage == "pending"


def test_applicant_cannot_move_their_own_application(member_client):
    application = JobApplicationFactory(applicant=member_client.user)
    assert move(member_client, application, "accepted").status_code == 404


def test_notes_are_saved_for_the_employer_only(employer_client, employer, member_client):
    application = JobApplicationFactory(job=JobFactory(posted_by=employer), applicant=member_client.user)
    response = employer_client.post(
        reverse("jobs:application-notes", args=[application.pk]),
        {"notes": "Strong SQL. Call back Tuesday."},
        headers={"HX-Request": "true"},
    )
    assert "Saved." in response.content.decode()
    application.refresh_from_db()
    assert application.notes == "Strong SQL. Call back Tuesday."
    assert "Call back Tuesday" not in member_client.get(reverse("jobs:application-list")).content.decode()


def test_applicant_sees_the_new_stage_in_my_applications(member_client, employer):
    application = JobApplicationFactory(applicant=member_client.user, job=JobFactory(posted_by=employer))
    application_move(application=application, to_stage="interviewed", by=employer)
    body = member_client.get(reverse("jobs:application-list")).content.decode()
    assert 'data-stage="interviewed"' in body


def test_median_response_time_shows_once_three_applications_are_answered(client, employer):
    job = JobFactory(posted_by=employer)
    url = reverse("jobs:job-detail", args=[job.pk])
    now = timezone.now()
    for hours in (2, 30, 100):
        application = JobApplicationFactory(job=job, created_at=now - timedelta(hours=hours))
        if hours != 100:
            application_move(application=application, to_stage="reviewed", by=employer)
    assert "Not enough answered applications yet" in client.get(url).content.decode()
    application_move(
        application=JobApplication.objects.get(stage="pending"), to_stage="rejected", by=employer
    )
    assert "about 30 hours" in client.get(url).content.decode()


def test_stage_changes_and_withdrawals_notify_in_the_app(member_client, employer):
    from apps.jobs.services import application_withdraw
    from apps.notifications.models import Notification

    application = JobApplicationFactory(applicant=member_client.user, job=JobFactory(posted_by=employer))
    application_move(application=application, to_stage="reviewed", by=employer)
    to_applicant = Notification.objects.get(recipient=member_client.user, kind="job_application")
    assert "reviewed" in to_applicant.verb and to_applicant.url == reverse("jobs:application-list")
    application_withdraw(application=application)
    to_employer = Notification.objects.get(recipient=employer, kind="job_application")
    assert to_employer.verb.startswith("withdrew") and to_employer.actor == member_client.user
