"""Staff powers on every page need the second factor, not only /staff/ and /admin/.

Each check below is walked twice: by a staff superuser signed in with a password only (no
power at all) and by the same kind of account past the second factor (the power is there)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from apps.community.models import Comment, Post
from apps.core.permissions import has_permission, is_verified_staff
from apps.hackathons.models import Judge
from apps.jobs.models import Job, JobApplication
from tests.accounts.factories import UserFactory
from tests.community.factories import CommentFactory, PostFactory
from tests.hackathons.factories import HackathonFactory
from tests.jobs.factories import JobApplicationFactory, JobFactory

pytestmark = pytest.mark.django_db


def _staff_browser(*, verified: bool) -> Client:
    """A staff superuser with an authenticator, signed in; `verified` says whether this
    session passed the second factor."""
    staff = UserFactory(is_staff=True, is_superuser=True)
    TOTPDevice.objects.create(user=staff, name="phone", confirmed=True)
    browser = Client()
    browser.force_login(staff)
    if verified:
        device = StaticDevice.objects.create(user=staff, name="test", confirmed=True)
        session = browser.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    browser.user = staff
    return browser


@pytest.fixture(params=[False, True], ids=["password-only", "two-factor"])
def staff_browser(request) -> Client:
    browser = _staff_browser(verified=request.param)
    browser.verified = request.param
    return browser


# --- Jobs ---------------------------------------------------------------------------------


def test_other_peoples_job_applications_need_the_second_factor(staff_browser):
    application = JobApplicationFactory(full_name="Private Applicant", notes="The employer's own note")

    response = staff_browser.get(reverse("jobs:pipeline", args=[application.job_id]))

    if staff_browser.verified:
        assert response.status_code == 200
        assert b"Private Applicant" in response.content
        assert b"The employer&#x27;s own note" in response.content
    else:
        assert response.status_code == 404
        assert b"Private Applicant" not in response.content


def test_notes_on_other_peoples_applications_need_the_second_factor(staff_browser):
    application = JobApplicationFactory()

    response = staff_browser.post(
        reverse("jobs:application-notes", args=[application.pk]), {"notes": "staff was here"}
    )

    notes = JobApplication.objects.get(pk=application.pk).notes
    if staff_browser.verified:
        assert response.status_code == 302
        assert notes == "staff was here"
    else:
        assert response.status_code == 404
        assert notes != "staff was here"


def test_stage_moves_on_other_peoples_applications_need_the_second_factor(staff_browser):
    application = JobApplicationFactory()

    response = staff_browser.post(
        reverse("jobs:application-move", args=[application.pk]), {"stage": "reviewed"}
    )

    stage = JobApplication.objects.get(pk=application.pk).stage
    if staff_browser.verified:
        assert stage == "reviewed"
    else:
        assert response.status_code == 404
        assert stage == application.stage


def test_editing_any_job_needs_the_second_factor(staff_browser):
    job = JobFactory()

    edit = staff_browser.get(reverse("jobs:job-edit", args=[job.pk]))
    manage = staff_browser.get(reverse("jobs:job-manage", args=[job.pk]))
    close = staff_browser.post(reverse("jobs:job-close", args=[job.pk]))

    status = Job.objects.get(pk=job.pk).status
    if staff_browser.verified:
        assert (edit.status_code, manage.status_code) == (200, 200)
        assert status != Job.Status.PUBLISHED
    else:
        assert (edit.status_code, manage.status_code, close.status_code) == (404, 404, 404)
        assert status == Job.Status.PUBLISHED


def test_other_peoples_draft_jobs_and_the_manage_link_need_the_second_factor(staff_browser):
    draft = JobFactory(status=Job.Status.DRAFT, title="Secret draft role")
    published = JobFactory()

    preview = staff_browser.get(reverse("jobs:job-detail", args=[draft.pk]))
    detail = staff_browser.get(reverse("jobs:job-detail", args=[published.pk])).content.decode()

    manage_link = f'href="{reverse("jobs:job-manage", args=[published.pk])}"'
    if staff_browser.verified:
        assert preview.status_code == 200
        assert manage_link in detail
    else:
        assert preview.status_code == 404
        assert manage_link not in detail


def test_posting_jobs_as_staff_needs_the_second_factor(staff_browser):
    response = staff_browser.get(reverse("jobs:job-create"))

    assert response.status_code == (200 if staff_browser.verified else 403)


# --- Hackathons ---------------------------------------------------------------------------


def test_managing_any_hackathon_needs_the_second_factor(staff_browser):
    hackathon = HackathonFactory()
    judge = UserFactory(handle="would_be_judge")

    manage = staff_browser.get(reverse("hackathons:manage", args=[hackathon.slug]))
    edit = staff_browser.get(reverse("hackathons:edit", args=[hackathon.slug]))
    add_judge = staff_browser.post(
        reverse("hackathons:manage-add", args=[hackathon.slug, "judges"]), {"handle": judge.handle}
    )
    detail = staff_browser.get(reverse("hackathons:detail", args=[hackathon.slug])).content.decode()

    manage_link = f'href="{reverse("hackathons:manage", args=[hackathon.slug])}"'
    if staff_browser.verified:
        assert (manage.status_code, edit.status_code, add_judge.status_code) == (200, 200, 302)
        assert Judge.objects.filter(hackathon=hackathon, user=judge).exists()
        assert manage_link in detail
    else:
        assert (manage.status_code, edit.status_code, add_judge.status_code) == (403, 403, 403)
        assert not Judge.objects.filter(hackathon=hackathon).exists()
        assert manage_link not in detail


def test_creating_hackathons_as_staff_needs_the_second_factor(staff_browser):
    response = staff_browser.get(reverse("hackathons:create"))

    assert response.status_code == (200 if staff_browser.verified else 403)


def test_publishing_results_needs_the_second_factor(staff_browser):
    hackathon = HackathonFactory(phase="judging")

    response = staff_browser.post(reverse("hackathons:publish", args=[hackathon.slug]))

    hackathon.refresh_from_db()
    if staff_browser.verified:
        assert response.status_code != 403
    else:
        assert response.status_code == 403
        assert not hackathon.results_published


def test_unpublished_leaderboard_needs_the_second_factor(staff_browser):
    hackathon = HackathonFactory(phase="judging")

    response = staff_browser.get(reverse("hackathons:leaderboard", args=[hackathon.slug]))

    assert response.status_code == (200 if staff_browser.verified else 403)


# --- Community ----------------------------------------------------------------------------


def test_hidden_posts_need_the_second_factor(staff_browser):
    post = PostFactory(title="Hidden by moderators")
    Post.objects.filter(pk=post.pk).update(is_hidden=True)

    response = staff_browser.get(reverse("community:post-detail", args=[post.pk]))

    if staff_browser.verified:
        assert response.status_code == 200
        assert b"Hidden by moderators" in response.content
        assert b"Restore (staff)" in response.content
    else:
        assert response.status_code == 404


def test_hidden_comments_need_the_second_factor(staff_browser):
    post = PostFactory()
    hidden = CommentFactory(post=post, body="A hidden remark", body_html="<p>A hidden remark</p>")
    Comment.objects.filter(pk=hidden.pk).update(is_hidden=True)

    page = staff_browser.get(reverse("community:post-detail", args=[post.pk])).content.decode()
    reply = staff_browser.get(reverse("community:comment-reply", args=[hidden.pk]), HTTP_HX_REQUEST="true")

    if staff_browser.verified:
        assert "A hidden remark" in page
        assert reply.status_code == 200
    else:
        assert "A hidden remark" not in page
        assert reply.status_code == 404


def test_staff_buttons_on_posts_and_comments_need_the_second_factor(staff_browser):
    post = PostFactory()
    CommentFactory(post=post)

    body = staff_browser.get(reverse("community:post-detail", args=[post.pk])).content.decode()

    # One for the post, one for the comment.
    assert body.count("Hide (staff)</button>") == (2 if staff_browser.verified else 0)


def test_locking_other_peoples_posts_needs_the_second_factor(staff_browser):
    post = PostFactory()

    response = staff_browser.post(reverse("community:post-lock", args=[post.pk]), {"locked": "1"})

    locked = Post.objects.get(pk=post.pk).comments_locked
    if staff_browser.verified:
        assert locked
    else:
        assert response.status_code == 403
        assert not locked


# --- Staff pages, admin, menu -------------------------------------------------------------


def test_staff_menu_link_needs_the_second_factor(staff_browser):
    body = staff_browser.get(reverse("accounts:settings")).content.decode()

    assert (f'href="{reverse("staff:index")}"' in body) is staff_browser.verified
    # The way to get verified stays in reach either way.
    assert 'id="two-factor"' in body


def test_staff_pages_and_admin_need_the_second_factor(staff_browser):
    for url in [
        reverse("staff:index"),
        reverse("staff:two-factor"),
        "/staff/moderation/",
        "/staff/mail/",
        "/admin/",
    ]:
        response = staff_browser.get(url)
        if staff_browser.verified:
            assert response.status_code == 200, url
        else:
            assert response.status_code == 302, url


def test_feed_cached_for_a_verified_session_is_not_served_to_a_password_only_one(page_cache):
    verified = _staff_browser(verified=True)
    password_only = Client()
    password_only.force_login(verified.user)

    verified.get(reverse("community:feed"))  # the first request renews the session: not stored
    assert 'href="/staff/"' in verified.get(reverse("community:feed")).content.decode()
    assert 'href="/staff/"' not in password_only.get(reverse("community:feed")).content.decode()


# --- The predicate ------------------------------------------------------------------------


def test_superuser_permissions_count_only_after_the_second_factor():
    superuser = UserFactory(is_staff=True, is_superuser=True)
    superuser.is_verified = lambda: False

    assert superuser.has_perm("jobs.post_job")  # Django's own answer
    assert not has_permission(superuser, "jobs.post_job")
    assert not is_verified_staff(superuser)

    superuser.is_verified = lambda: True
    assert has_permission(superuser, "jobs.post_job")
    assert is_verified_staff(superuser)


def test_staff_without_a_request_holds_no_staff_power():
    staff = UserFactory(is_staff=True, is_superuser=True)

    assert not hasattr(staff, "is_verified")
    assert not is_verified_staff(staff)
    assert not has_permission(staff, "hackathons.organise_hackathon")


def test_members_keep_the_permissions_they_were_granted():
    from tests.jobs.factories import make_employer

    employer = make_employer()

    assert has_permission(employer, "jobs.post_job")
    assert not is_verified_staff(employer)


def test_unverified_superuser_who_posted_a_job_cannot_run_it_before_the_second_factor():
    browser = _staff_browser(verified=False)
    job = JobFactory(posted_by=browser.user)

    assert browser.get(reverse("jobs:pipeline", args=[job.pk])).status_code == 404


# --- Every staff check goes through the predicate -----------------------------------------

# Files that may read the raw flags, and why: the predicate itself; the account's own data
# export and erasure; the bootstrap command (which sets them) and enrolment links (which check
# the account a link is for, not the person asking).
RAW_FLAG_FILES = {"apps/core/permissions.py", "apps/accounts/privacy.py", "apps/accounts/two_factor.py"}
RAW_FLAG = re.compile(r"\.(is_staff|is_superuser)\b(?!\s*=[^=])|\.has_perm\(|\bperms\.")
TEMPLATE_FLAG = re.compile(r"\buser\.(is_staff|is_superuser|is_verified)\b|\bperms\.")


def test_every_staff_check_in_code_goes_through_the_predicate():
    root = Path(settings.BASE_DIR)
    offenders = [
        f"{path.relative_to(root)}:{number}: {line.strip()}"
        for path in sorted((root / "apps").rglob("*.py"))
        if "migrations" not in path.parts and str(path.relative_to(root)) not in RAW_FLAG_FILES
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if RAW_FLAG.search(line)
    ]

    assert offenders == []


def test_every_staff_check_in_templates_goes_through_the_filters():
    root = Path(settings.BASE_DIR) / "templates"
    offenders = [
        f"{path.relative_to(root)}:{number}: {line.strip()}"
        for path in sorted(root.rglob("*.html"))
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if TEMPLATE_FLAG.search(line)
    ]

    assert offenders == []
