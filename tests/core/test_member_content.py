"""Hostile markup in every field members write, on every page that shows it, comes out inert.

Rows are written straight to the database, as the admin, an import or an old release might
have left them: the pages, not the forms, are what is proven here. A judging criterion's
description once reached judges' browsers unescaped as help text (an hx-post in it made each
judge's browser send signed-in requests); nothing of the kind may reach any page.
"""

from __future__ import annotations

import html
import json
import re
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from apps.community.models import Comment, Post, PostRevision, Report, Tag
from apps.community.services import search_index_update
from apps.events.tokens import status_token
from apps.hackathons.models import JoinRequest, Prize
from apps.jobs.models import JobApplication
from apps.mentor.models import Conversation, Message
from apps.notifications.models import Notification
from apps.profiles.models import Education, Experience, Profile, Skill
from apps.projects.models import Project
from tests.accounts.factories import UserFactory
from tests.core.inert import HOSTILE, HOSTILE_HTML, HOSTILE_URL, SHORT, TINY, assert_inert
from tests.events.factories import EventFactory, RegistrationFactory, SponsorApplicationFactory
from tests.hackathons.factories import (
    CriterionFactory,
    HackathonFactory,
    JudgeFactory,
    SubmissionFactory,
    TeamFactory,
    TrackFactory,
)
from tests.jobs.factories import JobApplicationFactory, JobFactory, make_employer

pytestmark = pytest.mark.django_db

# For fields of 100 to 200 characters.
MEDIUM = '<img src=x onerror=alert(1)><b hx-get=/pwned/ hx-trigger=load>b</b>"><svg onload=alert(1)>'
# How the escaped form of the htmx payload reads in a page.
ESCAPED_HX = "&lt;div hx-post=&quot;/pwned/&quot; hx-trigger=&quot;load&quot;&gt;"


@pytest.fixture
def world(settings):
    settings.RATELIMIT_ENABLE = False
    author = UserFactory(first_name=MEDIUM, last_name=SHORT)
    reader = UserFactory(first_name=SHORT, last_name=MEDIUM)
    skill = Skill.objects.create(name=SHORT, key="hostile-skill")

    profile, _ = Profile.objects.update_or_create(
        user=author,
        defaults={
            "headline": MEDIUM,
            "bio": HOSTILE,
            "location": MEDIUM[:100],
            **{f"{name}_url": HOSTILE_URL for name in ("github", "linkedin", "portfolio", "website", "x")},
        },
    )
    profile.skills.add(skill)
    Experience.objects.create(
        profile=profile, title=MEDIUM, company=MEDIUM, description=HOSTILE, start_date=timezone.localdate()
    )
    Education.objects.create(
        profile=profile, school=MEDIUM, degree=MEDIUM, description=HOSTILE, start_date=timezone.localdate()
    )

    project = Project.objects.create(
        creator=author,
        title=MEDIUM,
        summary=MEDIUM,
        description=HOSTILE,
        repository_url=HOSTILE_URL,
        demo_url=HOSTILE_URL,
    )
    project.technologies.add(skill)

    post = Post.objects.create(
        author=author,
        title=MEDIUM,
        body=HOSTILE,
        body_html=HOSTILE_HTML,
        excerpt=MEDIUM,
        status=Post.Status.PUBLISHED,
        published_at=timezone.now(),
    )
    post.tags.add(Tag.objects.create(name="python"), Tag.objects.create(name=TINY))
    PostRevision.objects.create(post=post, title=MEDIUM, body=HOSTILE)
    comment = Comment.objects.create(post=post, author=reader, body=HOSTILE, body_html=HOSTILE_HTML)
    search_index_update(post_ids=[post.pk], comment_ids=[comment.pk])
    Report.objects.create(reporter=reader, post=post, reason=Report.Reason.OTHER, details=HOSTILE)

    organiser = UserFactory(first_name=MEDIUM)
    organiser.user_permissions.add(Permission.objects.get(codename="organise_hackathon"))
    hackathon = HackathonFactory(
        organiser=organiser,
        phase="judging",
        title=MEDIUM,
        tagline=MEDIUM,
        description=HOSTILE,
        rules=HOSTILE,
        requirements=HOSTILE,
        city=SHORT,
    )
    hackathon.technologies.add(skill)
    track = TrackFactory(hackathon=hackathon, name=SHORT, description=HOSTILE)
    Prize.objects.create(hackathon=hackathon, track=track, title=MEDIUM, amount=1000, description=HOSTILE)
    CriterionFactory(hackathon=hackathon, name=SHORT, description=HOSTILE)
    judge = JudgeFactory(hackathon=hackathon).user
    team = TeamFactory(hackathon=hackathon, leader=author, name=SHORT, description=HOSTILE)
    team.looking_for.add(skill)
    JoinRequest.objects.create(team=team, user=reader, message=HOSTILE)
    submission = SubmissionFactory(
        hackathon=hackathon,
        team=team,
        owner=author,
        track=track,
        title=MEDIUM,
        description=HOSTILE,
        repository_url=HOSTILE_URL,
        demo_url=HOSTILE_URL,
        video_url=HOSTILE_URL,
    )
    submission.technologies.add(skill)

    employer = make_employer(first_name=MEDIUM)
    job = JobFactory(
        posted_by=employer,
        title=MEDIUM,
        company=MEDIUM[:100],
        company_url=HOSTILE_URL,
        location=MEDIUM[:100],
        description=HOSTILE,
        requirements=HOSTILE,
        how_to_apply=HOSTILE,
        skill_tags=[{"key": "hostile-skill", "name": SHORT}],
    )
    job.skills.add(skill)
    JobApplicationFactory(
        job=job,
        applicant=reader,
        full_name=MEDIUM,
        links=f"{HOSTILE}\n{HOSTILE_URL}",
        skills=HOSTILE,
        cover_letter=HOSTILE,
        notes=HOSTILE,
        stage=JobApplication.Stage.REVIEWED,
    )

    event = EventFactory(description=HOSTILE, tagline=MEDIUM)
    registration = RegistrationFactory(
        event=event,
        first_name=SHORT,
        last_name=SHORT,
        city=SHORT,
        organization_name=MEDIUM,
        role=SHORT,
        special_requests=HOSTILE,
        accessibility_needs=HOSTILE,
    )
    sponsor = SponsorApplicationFactory(
        event=event, org_name=MEDIUM, website=HOSTILE_URL, outcomes=HOSTILE, office_address=HOSTILE
    )

    conversation = Conversation.objects.create(member=reader, title=MEDIUM, message_count=2)
    Message.objects.create(conversation=conversation, role=Message.Role.MEMBER, content=HOSTILE)
    Message.objects.create(conversation=conversation, role=Message.Role.MENTOR, content=HOSTILE)

    Notification.objects.create(
        recipient=reader,
        actor=author,
        kind="comment",
        verb=MEDIUM,
        actor_handles=[TINY],
        created=timezone.now(),
    )
    Notification.objects.create(
        recipient=reader, kind="comment", verb=MEDIUM, created=timezone.now() - timedelta(minutes=1)
    )

    return SimpleNamespace(
        author=author,
        reader=reader,
        organiser=organiser,
        judge=judge,
        employer=employer,
        post=post,
        project=project,
        hackathon=hackathon,
        team=team,
        submission=submission,
        job=job,
        event=event,
        registration=registration,
        sponsor=sponsor,
        conversation=conversation,
    )


# (who is signed in, URL, how many pieces of member Markdown the page renders at least)
def _pages(w) -> list[tuple[str | None, str, int]]:
    slug = w.hackathon.slug
    return [
        (None, "/", 0),
        (None, f"/u/{w.author.handle}/", 1),
        (None, "/projects/", 0),
        (None, f"/projects/{w.project.pk}/", 1),
        (None, "/feed/?tab=latest", 0),
        (None, f"/posts/{w.post.pk}/", 2),
        (None, f"/posts/{w.post.pk}/history/", 1),
        (None, "/tags/python/", 0),
        (None, "/search/?q=mdmark&type=posts", 0),
        (None, "/search/?q=mdmark&type=comments", 1),
        (None, f"/search/?q={SHORT}&type=members", 0),
        (None, "/hackathons/", 0),
        (None, f"/hackathons/{slug}/", 3),
        (None, f"/hackathons/{slug}/teams/", 0),
        (None, f"/hackathons/{slug}/teams/{w.team.pk}/", 0),
        (None, "/jobs/", 0),
        (None, f"/jobs/{w.job.pk}/", 3),
        (None, f"/events/{w.event.slug}/", 1),
        (None, reverse("events:status", kwargs={"token": status_token(w.registration)}), 0),
        (None, reverse("events:status", kwargs={"token": status_token(w.sponsor)}), 0),
        ("author", "/settings/profile/", 0),
        ("author", f"/projects/{w.project.pk}/edit/", 0),
        ("author", f"/posts/{w.post.pk}/edit/", 0),
        ("author", f"/hackathons/{slug}/teams/{w.team.pk}/", 0),
        ("author", f"/hackathons/{slug}/submit/", 1),
        ("author", "/feed/", 0),
        ("judge", f"/hackathons/{slug}/judging/", 0),
        ("judge", f"/hackathons/{slug}/judging/{w.submission.pk}/", 1),
        ("organiser", f"/hackathons/{slug}/manage/", 0),
        ("organiser", f"/hackathons/{slug}/edit/", 0),
        ("organiser", f"/hackathons/{slug}/leaderboard/", 0),
        ("employer", "/jobs/mine/", 0),
        ("employer", f"/jobs/{w.job.pk}/manage/", 0),
        ("employer", f"/jobs/{w.job.pk}/edit/", 0),
        ("employer", f"/jobs/{w.job.pk}/applications/", 0),
        ("reader", "/jobs/applications/", 0),
        ("reader", f"/mentor/?c={w.conversation.pk}", 1),
        ("reader", "/notifications/", 0),
        ("staff", "/staff/moderation/", 1),
        ("staff", f"/staff/jobs/{w.job.pk}/", 3),
        ("staff", f"/staff/events/{w.event.slug}/registration/", 0),
        ("staff", f"/staff/events/{w.event.slug}/registration/{w.registration.pk}/", 0),
        ("staff", f"/staff/events/{w.event.slug}/sponsor/{w.sponsor.pk}/", 0),
    ]


def test_hostile_member_text_is_inert_on_every_page_that_shows_it(staff_client, world):
    signed_in = {
        "author": world.author,
        "reader": world.reader,
        "organiser": world.organiser,
        "judge": world.judge,
        "employer": world.employer,
    }
    for who, url, markdown_pieces in _pages(world):
        browser = staff_client if who == "staff" else Client()
        if who in signed_in:
            browser.force_login(signed_in[who])
        response = browser.get(url)
        where = f"{who or 'visitor'} {url}"
        assert response.status_code == 200, f"{where}: {response.status_code}"
        shown = assert_inert(response.content.decode(), where=where)
        assert shown >= markdown_pieces, (
            f"{where}: {shown} pieces of rendered Markdown, not {markdown_pieces}"
        )


def test_judging_criterion_description_shows_as_text_to_judges(client, world):
    """The reported case: the description is the score field's help text."""
    client.force_login(world.judge)
    page = client.get(f"/hackathons/{world.hackathon.slug}/judging/{world.submission.pk}/").content.decode()
    assert_inert(page)
    assert ESCAPED_HX in page
    assert "Score 1 (weak) to 10 (outstanding)." in page


def test_hostile_text_in_partials_is_inert(client, world):
    """HTMX swaps insert partials into a live page: they are checked on their own."""
    client.force_login(world.reader)
    for url in (
        f"/posts/{world.post.pk}/",
        "/notifications/",
        f"/mentor/?c={world.conversation.pk}",
        "/search/?q=mdmark&type=comments",
        "/jobs/applications/",
    ):
        response = client.get(url, headers={"HX-Request": "true"})
        assert response.status_code == 200, url
        assert_inert(response.content.decode(), where=f"partial {url}")


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("https://example.com/me", "https://example.com/me"),
        ("http://example.com", "http://example.com"),
        (HOSTILE_URL, ""),
        ("JaVaScRiPt:alert(1)", ""),
        ("java\tscript:alert(1)", ""),
        (" javascript:alert(1)", ""),
        ("data:text/html,<script>alert(1)</script>", ""),
        ("vbscript:msgbox(1)", ""),
        ("//evil.example/", ""),
        ("/relative/", ""),
    ],
)
def test_member_links_keep_only_web_addresses(url, shown):
    from apps.core.templatetags.core_tags import member_url_filter

    assert member_url_filter(url) == shown


# Every place markup is let through unescaped, and why it holds no member text. A new one
# must be added here knowingly (member HTML goes through |markdown or |member_html instead).
# Plain-text email templates (.txt) turn autoescape off on purpose and are not HTML.
KNOWN_UNESCAPED = {
    ("templates/emails/accounts/allauth.html", "{{ html|safe }}"),  # allauth's mail, from our templates
    ("templates/profiles/profile_detail.html", "{{ activity.cells_svg|safe }}"),  # format_html_join
    ("templates/accounts/two_factor_setup.html", "{{ qr_svg|safe }}"),  # segno's SVG of a secret
    ("apps/core/markdown.py", "mark_safe("),  # sanitised by nh3 first
    ("apps/events/views.py", "mark_safe("),  # segno's SVG of a ticket code
    ("apps/core/templatetags/form_fields.py", "mark_safe("),  # widget attribute names, values escaped
    ("apps/community/templatetags/community_tags.py", "mark_safe("),  # reaction constants, URL and token escaped
}
UNESCAPED = re.compile(r"\{\{[^}]*\|\s*safe(seq)?\b[^}]*\}\}|mark_safe\(|SafeString\(|\{% *autoescape +off")


def test_no_template_or_code_marks_text_safe_unless_known():
    root = Path(__file__).resolve().parents[2]
    found = set()
    for folder, pattern in (("templates", "**/*.html"), ("apps", "**/*.py")):
        for path in (root / folder).glob(pattern):
            for match in UNESCAPED.finditer(path.read_text(encoding="utf-8")):
                found.add((str(path.relative_to(root)), match.group(0)))
    assert found <= KNOWN_UNESCAPED, sorted(found - KNOWN_UNESCAPED)


def test_stored_member_html_is_cleaned_again_when_shown():
    from apps.core.templatetags.core_tags import member_html_filter

    cleaned = str(member_html_filter(HOSTILE_HTML))
    assert assert_inert(f"<div hx-disable>{cleaned}</div>") == 1
    assert "hx-" not in cleaned and "onerror" not in cleaned and "<script" not in cleaned
    # The image survives, served through our own proxy.
    assert 'src="/img-proxy/?url=https%3A%2F%2Ftracker.example%2Fold.png&amp;sig=' in cleaned


def test_htmx_never_evaluates_code_from_a_page(client):
    """Even markup that slipped past every check could not run script through htmx."""
    page = client.get("/").content.decode()
    config = json.loads(html.unescape(re.search(r'<meta name="htmx-config" content=\'([^\']*)\'', page)[1]))
    assert config["allowEval"] is False
    assert config["allowScriptTags"] is False
    assert config["includeIndicatorStyles"] is False
    assert config["selfRequestsOnly"] is True
