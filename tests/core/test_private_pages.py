"""Pages that show one member's private data tell every cache not to keep them
(apps.core.decorators.private_page): not a proxy or CDN, which would hand them to the next
person, and not the browser, whose back button would show them after logging out."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from apps.community.models import Post
from apps.events.models import Status
from apps.events.tokens import confirm_token, status_token
from apps.mentor.models import Conversation
from apps.notifications.models import Notification
from tests.accounts.factories import UserFactory
from tests.community.factories import PostFactory
from tests.events.factories import EventFactory, RegistrationFactory
from tests.hackathons.factories import (
    CriterionFactory,
    HackathonFactory,
    JudgeFactory,
    SubmissionFactory,
    TeamFactory,
)
from tests.jobs.factories import JobApplicationFactory, JobFactory, make_employer
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def cache_directives(response) -> set[str]:
    return {part.strip().lower() for part in response.get("Cache-Control", "").split(",") if part.strip()}


def assert_private(response, where: str) -> None:
    directives = cache_directives(response)
    assert {"private", "no-store"} <= directives, f"{where}: Cache-Control {response.get('Cache-Control')!r}"
    assert "public" not in directives, where


@pytest.fixture
def world(settings):
    settings.RATELIMIT_ENABLE = False
    member = UserFactory()
    employer = make_employer()
    job = JobFactory(posted_by=employer)
    application = JobApplicationFactory(job=job, applicant=member)
    open_job = JobFactory()
    draft = PostFactory(author=member, status=Post.Status.DRAFT, published_at=None)
    project = ProjectFactory(creator=member)
    organiser = UserFactory()
    organiser.user_permissions.add(Permission.objects.get(codename="organise_hackathon"))
    hackathon = HackathonFactory(organiser=organiser, phase="judging")
    CriterionFactory(hackathon=hackathon)
    judge = JudgeFactory(hackathon=hackathon).user
    team = TeamFactory(hackathon=hackathon, leader=member)
    submission = SubmissionFactory(hackathon=hackathon, team=team, owner=member)
    conversation = Conversation.objects.create(member=member, title="Where to start")
    Notification.objects.create(recipient=member, kind="comment", verb="replied", created=timezone.now())
    event = EventFactory()
    registration = RegistrationFactory(event=event, status=Status.CONFIRMED, ticket_code="TICKET01")
    return SimpleNamespace(
        member=member,
        employer=employer,
        organiser=organiser,
        judge=judge,
        job=job,
        open_job=open_job,
        application=application,
        draft=draft,
        project=project,
        hackathon=hackathon,
        team=team,
        submission=submission,
        conversation=conversation,
        event=event,
        registration=registration,
    )


def _pages(w) -> list[tuple[str | None, str]]:
    slug = w.hackathon.slug
    status = status_token(w.registration)
    return [
        ("member", "/accounts/settings/"),
        ("member", "/settings/profile/"),
        ("member", "/jobs/applications/"),
        ("member", f"/jobs/applications/{w.application.pk}/cv/"),
        ("member", "/jobs/saved/"),
        ("member", f"/jobs/{w.open_job.pk}/apply/"),
        ("member", "/notifications/"),
        ("member", "/notifications/bell/"),
        ("member", "/notifications/preferences/"),
        ("member", "/feed/"),
        ("member", "/posts/drafts/"),
        ("member", "/posts/saved/"),
        ("member", f"/posts/{w.draft.pk}/edit/"),
        ("member", "/projects/saved/"),
        ("member", f"/projects/{w.project.pk}/edit/"),
        ("member", "/mentor/"),
        ("member", f"/mentor/?c={w.conversation.pk}"),
        ("member", "/mentor/tokens/"),
        ("member", f"/hackathons/{slug}/submit/"),
        ("member", f"/hackathons/{slug}/teams/{w.team.pk}/"),
        ("employer", "/jobs/mine/"),
        ("employer", f"/jobs/{w.job.pk}/manage/"),
        ("employer", f"/jobs/{w.job.pk}/edit/"),
        ("employer", f"/jobs/{w.job.pk}/applications/"),
        ("employer", f"/jobs/applications/{w.application.pk}/cv/"),
        ("judge", f"/hackathons/{slug}/judging/"),
        ("judge", f"/hackathons/{slug}/judging/{w.submission.pk}/"),
        ("organiser", f"/hackathons/{slug}/manage/"),
        ("organiser", f"/hackathons/{slug}/edit/"),
        ("organiser", f"/hackathons/{slug}/leaderboard/"),
        # Reached from emailed links, signed in or not: the link is the credential.
        (None, reverse("events:confirm", kwargs={"token": confirm_token(w.registration)})),
        (None, reverse("events:status", kwargs={"token": status})),
        (None, reverse("events:status-edit", kwargs={"token": status})),
        (None, reverse("events:ticket", kwargs={"token": status})),
        ("staff", "/staff/"),
        ("staff", "/staff/moderation/"),
        ("staff", "/staff/jobs/"),
        ("staff", f"/staff/jobs/{w.job.pk}/"),
        ("staff", "/staff/events/"),
        ("staff", f"/staff/events/{w.event.slug}/"),
        ("staff", f"/staff/events/{w.event.slug}/registration/"),
        ("staff", f"/staff/events/{w.event.slug}/registration/{w.registration.pk}/"),
        ("staff", "/staff/mentor/"),
        ("staff", "/staff/mail/"),
    ]


def _browser(who, world, staff_client):
    if who == "staff":
        return staff_client
    browser = Client()
    if who:
        browser.force_login(getattr(world, who))
    return browser


def test_personal_pages_are_never_cached(staff_client, world):
    for who, url in _pages(world):
        response = _browser(who, world, staff_client).get(url)
        assert response.status_code == 200, f"{who} {url}: {response.status_code}"
        assert_private(response, f"{who} {url}")


def test_personal_partials_are_never_cached(world):
    browser = _browser("member", world, None)
    for url in ("/notifications/", "/jobs/applications/", "/feed/", f"/mentor/?c={world.conversation.pk}"):
        response = browser.get(url, headers={"HX-Request": "true"})
        assert response.status_code == 200, url
        assert_private(response, f"partial {url}")


def test_personal_answers_to_posts_are_never_cached(world):
    employer = _browser("employer", world, None)
    response = employer.post(
        f"/jobs/applications/{world.application.pk}/notes/",
        {"notes": "Strong"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert_private(response, "pipeline notes")


@pytest.mark.parametrize("url", ["/jobs/", "/hackathons/", "/projects/", "/events/"])
def test_public_pages_stay_cacheable(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert "no-store" not in cache_directives(response)


def test_private_page_replaces_a_looser_cache_header(rf):
    from django.http import HttpResponse

    from apps.core.decorators import private_page

    @private_page
    def view(request):
        response = HttpResponse("mine")
        response["Cache-Control"] = "public, max-age=600"
        return response

    assert view(rf.get("/")).headers["Cache-Control"] == "private, no-store"
