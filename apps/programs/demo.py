"""Demo programs: one fellowship with two cohorts (one running, one taking applications),
published missions with rubrics, submissions at every stage (waiting, changes requested,
resubmitted, approved), a completed learner, announcements, a schedule and a sponsor.

demo@example.com directs the program, watches the sponsor's page and is a learner in the
running cohort, so /director/, /sponsor/lagos-tech-fund/ and /me/ all show something.
Idempotent: nothing is added once the program exists. Rows are written directly (no emails)."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from apps.learning.models import Course
from apps.programs.models import (
    Announcement,
    Application,
    Cohort,
    CohortMembership,
    Mission,
    MissionSubmission,
    Organization,
    OrganizationMember,
    Program,
    Review,
    ScheduleItem,
    SubmissionRelease,
)

SLUG = "backend-fellowship"
D = datetime.timedelta(days=1)
H = datetime.timedelta(hours=1)
RUBRIC = [
    {"name": "It works", "description": "The tests pass and the service runs.",
     "levels": [{"label": "Not yet", "points": 0}, {"label": "Mostly", "points": 3}, {"label": "Fully", "points": 5}]},
    {"name": "Readable code", "description": "Names, structure, small functions.",
     "levels": [{"label": "Hard to follow", "points": 0}, {"label": "Clear", "points": 3}]},
    {"name": "Tests", "description": "The behaviour that matters is tested.",
     "levels": [{"label": "None", "points": 0}, {"label": "Some", "points": 1}, {"label": "Thorough", "points": 2}]},
]  # fmt: skip
MISSIONS = [
    ("A URL shortener API", "Build a Django JSON API that shortens links and counts visits.\n\n"
     "- `POST /links/` returns the short code\n- `GET /<code>` redirects\n- Hand in the repository link.", -12),
    ("Background jobs", "Send a weekly digest with a task queue. Make it safe to run twice.", -3),
    ("Deploy it", "Deploy your service with PostgreSQL and write down how you would scale it.", 9),
]  # fmt: skip
QUOTES = [
    "My mentor's reviews taught me more than a year of tutorials.",
    "I shipped my first API that real people use.",
    "The weekly missions kept me going after work.",
]


def seed(*, size: str, stdout) -> None:
    if Program.objects.filter(slug=SLUG).exists():
        stdout.write("programs: demo program already there")
        return
    User = get_user_model()
    people = list(User.objects.filter(is_staff=False).exclude(email="demo@example.com").order_by("pk")[:40])
    demo = User.objects.filter(email="demo@example.com").first()
    if len(people) < 30:
        stdout.write("programs: not enough members yet, skipped")
        return
    with transaction.atomic():
        _seed(people, demo)
    stdout.write("programs: added the Backend Engineering Fellowship with two cohorts")


def _seed(people: list, demo) -> None:
    now = timezone.now()
    today = timezone.localdate()
    community = Organization.objects.create(
        name="DiceyTech Community",
        slug="diceytech",
        kind=Organization.Kind.COMMUNITY,
        website="https://example.com",
    )
    sponsor = Organization.objects.create(
        name="Lagos Tech Fund", slug="lagos-tech-fund", kind=Organization.Kind.SPONSOR
    )
    mentors, learners, applicants = people[:3], people[3:15], people[15:30]
    if demo is not None:
        OrganizationMember.objects.create(
            organization=community, user=demo, role=OrganizationMember.Role.DIRECTOR
        )
        OrganizationMember.objects.create(
            organization=sponsor, user=demo, role=OrganizationMember.Role.SPONSOR_VIEWER
        )
        learners = [demo, *learners]
    for mentor in mentors:
        OrganizationMember.objects.create(
            organization=community, user=mentor, role=OrganizationMember.Role.MENTOR
        )
    program = Program.objects.create(
        title="Backend Engineering Fellowship", slug=SLUG, track="builders", organization=community, is_published=True,
        summary="Twelve weeks of real backend work in a cohort, each mission reviewed by a working engineer.",
        description="## How it works\n\nEvery fortnight a **mission**: build something real, hand it in, and a "
        "mentor reviews it against a rubric you see up front. Ask for another look as often as you need.\n\n"
        "## Who it is for\n\nDevelopers who know some Python and want to ship production services.",
    )  # fmt: skip
    # The learning app's first published course, when its demo data is in (it seeds first).
    program.courses.add(*Course.objects.filter(published=True).order_by("pk")[:1])
    running = Cohort.objects.create(
        program=program, name="Spring 2027", starts_on=today - 20 * D, ends_on=today + 64 * D, capacity=15,
        applications_open_at=now - 60 * D, applications_close_at=now - 25 * D, time_zone="Africa/Lagos",
    )  # fmt: skip
    upcoming = Cohort.objects.create(
        program=program, name="Summer 2027", starts_on=today + 30 * D, ends_on=today + 114 * D, capacity=12,
        applications_open_at=now - 5 * D, applications_close_at=now + 20 * D, time_zone="Africa/Lagos",
    )  # fmt: skip
    running.mentors.add(*mentors)
    upcoming.mentors.add(*mentors[:2])
    running.sponsors.add(sponsor)

    for n, user in enumerate(learners):
        Application.objects.create(
            program=program, cohort=running, applicant=user, status=Application.Status.ACCEPTED,
            motivation="I build Django apps at work and want reviews from someone who has run them at scale.",
            availability="8 hours a week, evenings WAT", created_at=now - (50 - n) * D, decided_at=now - 30 * D,
        )  # fmt: skip
        CohortMembership.objects.create(
            cohort=running, program=program, user=user, joined_at=now - 30 * D,
            last_activity_at=now - (20 * D if n in (9, 10) else n * H),
            quote=QUOTES[n % 3] if n < 5 else "", quote_shared=n < 4,
        )  # fmt: skip
    statuses = (
        [Application.Status.PENDING] * 8
        + [Application.Status.WAITLISTED] * 3
        + [Application.Status.REJECTED] * 4
    )
    for n, (user, status) in enumerate(zip(applicants, statuses, strict=False)):
        Application.objects.create(
            program=program, cohort=upcoming, applicant=user, status=status,
            motivation="I want to move from frontend work to backend services and learn to deploy them properly.",
            availability="10 hours a week", links="https://github.com/example",
            created_at=now - (5 - n % 5) * D, waitlisted_at=now - D if status == "waitlisted" else None,
        )  # fmt: skip

    missions = [
        Mission.objects.create(
            program=program,
            title=title,
            brief=brief,
            due_at=now + days * D,
            rubric=RUBRIC,
            published_at=now - 25 * D,
        )
        for title, brief, days in MISSIONS
    ]
    _submissions(running, missions, learners, mentors, now)
    for title, body, days in [
        ("Welcome to Spring 2027", "Say hello in the community feed and book your first mentor call.", 20),
        ("Mission 2 is out", "Background jobs: read the brief and ask questions in office hours.", 8),
    ]:
        Announcement.objects.create(
            cohort=running, author=demo, title=title, body=body, created_at=now - days * D
        )
    for days, title in [(-20, "Kick-off call"), (-6, "Office hours: task queues"), (2, "Office hours: deploying"),
                        (9, "Demo day rehearsal")]:  # fmt: skip
        ScheduleItem.objects.create(cohort=running, title=title, starts_at=now + days * D, where="Video call")


def _submissions(cohort, missions, learners, mentors, now) -> None:
    """Mission 1 approved for most; one learner has done everything (complete); mission 2 at
    every stage; nothing yet for mission 3."""
    first, second, third = missions

    def hand_in(user, mission, iteration, days_ago, mentor, status, review=None):
        submitted = now - days_ago * D
        submission = MissionSubmission.objects.create(
            mission=mission, cohort=cohort, member=user, iteration=iteration, status=status, mentor=mentor,
            link=f"https://github.com/{user.handle}/{mission.pk}-{iteration}", queued_at=submitted, submitted_at=submitted,
        )  # fmt: skip
        if review:
            verdict, hours, scores, comment = review
            points = sum(c["levels"][s]["points"] for c, s in zip(RUBRIC, scores, strict=True))
            Review.objects.create(
                submission=submission, mentor=mentor, verdict=verdict, scores=scores, points=points,
                comment=comment, created_at=submitted + hours * H,
            )  # fmt: skip
        return submission

    good = ("approved", 0, [2, 1, 2], "Clean, tested and it runs. **Well done.**")
    changes = ("changes", 0, [1, 1, 0], "It works, but add tests for the redirect and the visit counter.")
    for n, user in enumerate(learners[:9]):
        mentor = mentors[n % len(mentors)]
        if n % 3 == 2:  # changes requested first, approved on the second iteration
            hand_in(user, first, 1, 16, mentor, "changes", (*changes[:1], 30 + n, *changes[2:]))
            hand_in(user, first, 2, 13, mentor, "approved", (good[0], 20 + n, *good[2:]))
        else:
            hand_in(user, first, 1, 14, mentor, "approved", (good[0], 10 + 5 * n, *good[2:]))
    # Mission 2 at every stage.
    hand_in(learners[0], second, 1, 4, mentors[0], "changes", (changes[0], 26, *changes[2:]))
    hand_in(learners[0], second, 2, 1, mentors[0], "waiting")
    hand_in(learners[1], second, 1, 3, mentors[1], "waiting")
    passed_on = hand_in(learners[2], second, 1, 2, mentors[2], "waiting")
    SubmissionRelease.objects.create(
        submission=passed_on, mentor=mentors[1], reason="I worked with this learner before; a fresh pair of eyes is fairer.",
        created_at=now - 1 * D,
    )  # fmt: skip
    hand_in(learners[3], second, 1, 5, mentors[0], "approved", (good[0], 40, *good[2:]))
    hand_in(learners[4], second, 1, 4, mentors[1], "changes", (changes[0], 50, *changes[2:]))
    # One learner finished everything.
    hand_in(learners[3], third, 1, 1, mentors[0], "approved", (good[0], 6, *good[2:]))
    CohortMembership.objects.filter(cohort=cohort, user=learners[3]).update(
        status="completed", completed_at=now - 0.5 * D
    )
