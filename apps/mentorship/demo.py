"""Demo mentorship and coaching: a dozen mentors in Lagos, Nairobi, London and Toronto with
weekly times, and the demo member mentored (a booked session ahead, one behind with notes)
with goals, habits, check-ins over the last weeks and two reflections.

Idempotent: nothing is added when mentors already exist."""

from __future__ import annotations

import random
from datetime import time, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from apps.mentorship import services, times
from apps.mentorship.models import AvailabilitySlot, CheckIn, MentorProfile, Reflection, Session

DEMO_EMAIL = "demo@example.com"
MENTORS = [
    ("Backend engineer at a Lagos fintech", "Africa/Lagos", ["builders"], ["Python", "Django", "PostgreSQL"]),
    ("Engineering manager, payments", "Africa/Lagos", ["leaders"], ["Go", "Kubernetes"]),
    (
        "Founder of an agritech startup",
        "Africa/Lagos",
        ["entrepreneurs"],
        ["Product management", "Fundraising"],
    ),
    (
        "Data scientist, public health",
        "Africa/Nairobi",
        ["researchers"],
        ["Python", "Machine learning", "SQL"],
    ),
    ("Frontend lead", "Europe/London", ["builders", "leaders"], ["JavaScript", "React", "Accessibility"]),
    ("Developer educator", "Africa/Lagos", ["educators"], ["JavaScript", "Technical writing"]),
    ("Mobile engineer", "America/Toronto", ["builders"], ["Kotlin", "Flutter"]),
    ("Site reliability engineer", "Europe/London", ["builders"], ["Linux", "Terraform", "AWS"]),
    ("Product manager, e-commerce", "Africa/Lagos", ["leaders", "entrepreneurs"], ["Product management"]),
    ("ML researcher", "Africa/Nairobi", ["researchers"], ["PyTorch", "Statistics"]),
    ("Bootcamp instructor", "Africa/Lagos", ["educators", "builders"], ["Python", "Teaching"]),
    ("Security engineer", "Europe/London", ["builders"], ["Security", "Python"]),
]


@transaction.atomic
def seed(*, size: str, stdout) -> None:
    if MentorProfile.objects.exists():
        stdout.write("mentorship: demo data already present")
        return
    user_model = get_user_model()
    demo = user_model.objects.filter(email=DEMO_EMAIL).first()
    members = list(
        user_model.objects.exclude(email=DEMO_EMAIL).filter(is_active=True).order_by("pk")[: len(MENTORS)]
    )
    if not members:
        stdout.write("mentorship: no members yet, skipped")
        return
    rng = random.Random(23)
    mentors = []
    for user, (headline, tz, tracks, skills) in zip(members, MENTORS, strict=False):
        mentor = services.mentor_profile_save(
            user=user,
            data=services.MentorData(
                headline=headline, time_zone=tz, tracks=tracks, skill_names=skills,
                bio="I enjoy helping people find their next step. Bring a question, leave with a plan.",
                languages=rng.choice(["English", "English, Yoruba", "English, Swahili", "English, Igbo, Pidgin"]),
                capacity=rng.choice([3, 5, 5, 6]),
            ),
        )  # fmt: skip
        for weekday in rng.sample(range(7), 2):
            AvailabilitySlot.objects.create(
                mentor=mentor, weekday=weekday, start_time=time(rng.choice([8, 12, 18, 19]), 0), minutes=45
            )
        mentors.append(mentor)
    if demo is not None:
        _demo_member(demo, mentors[0], rng)
    stdout.write(f"mentorship: {len(mentors)} mentors")


def _demo_member(demo, mentor, rng) -> None:
    services.time_zone_set(user=demo, time_zone="Africa/Lagos")
    mentorship = services.mentorship_request(
        mentee=demo,
        mentor=mentor,
        data=services.RequestData(
            goal="Get my first backend role: strengthen Django and SQL, and build one real project.",
            time_zone="Africa/Lagos", track="builders", skills_wanted="Django, SQL",
        ),
    )  # fmt: skip
    services.mentorship_accept(mentorship=mentorship, by=mentor.user)
    free = services.bookable(mentorship=mentorship)
    if free:
        services.session_book(
            mentorship=mentorship, by=demo, starts_at=free[0].starts_at, agenda="Review my API"
        )
    start = timezone.now() - timedelta(days=6)
    Session.objects.create(
        mentorship=mentorship, mentor=mentor, mentee=demo, starts_at=start, ends_at=start + timedelta(minutes=45),
        mentee_note="We split the project into three milestones.", mentor_note="Good questions; start with the models.",
        rating=5,
    )  # fmt: skip
    today = times.today_for("Africa/Lagos")
    services.goal_create(
        user=demo,
        data=services.GoalData(
            title="Land a junior backend role", target_date=today + timedelta(days=120),
            why="I want to build payment systems people in Nigeria rely on.",
            milestones=["Finish the Django course", "Ship a REST API with tests", "Apply to ten roles"],
        ),
    )  # fmt: skip
    read = services.habit_create(user=demo, name="Code for 30 minutes", cadence="daily")
    blog = services.habit_create(user=demo, name="Write a short blog post", cadence="weekly")
    days = [today - timedelta(days=d) for d in range(1, 84) if rng.random() < 0.6]
    CheckIn.objects.bulk_create([CheckIn(habit=read, day=d) for d in days])
    weeks = sorted({times.week_start(d) for d in days if rng.random() < 0.5})
    CheckIn.objects.bulk_create([CheckIn(habit=blog, day=w) for w in weeks], ignore_conflicts=True)
    for weeks_ago, shared in ((1, True), (2, False)):
        week = times.week_start(today) - timedelta(days=7 * weeks_ago)
        Reflection.objects.create(
            user=demo, week_start=week, shared_with_mentor=shared,
            went_well="Finished the serializers chapter and pushed my first endpoint.",
            was_hard="Writing tests for views took longer than I planned.",
            next_focus="Tests for the API, then deploy it.",
        )  # fmt: skip
