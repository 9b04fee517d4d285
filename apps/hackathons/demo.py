"""Demo hackathons. "small": 30 hackathons across every status, two of them with teams,
submissions and scores (one with published results). "large": 10,000 more for benchmarks,
written with bulk_create. Idempotent: slugs are fixed, existing ones are skipped."""

from __future__ import annotations

import random
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from apps.hackathons.models import (
    Criterion,
    Hackathon,
    HackathonParticipation,
    Judge,
    Prize,
    Score,
    Submission,
    Team,
    TeamMembership,
    Track,
)
from apps.profiles.services import skill_get_or_create

TECHNOLOGIES = [
    "Python", "Django", "JavaScript", "TypeScript", "React", "Flutter", "Kotlin", "Go", "Rust",
    "PostgreSQL", "Machine Learning", "Figma", "Solidity", "AWS", "Arduino", "USSD",
]  # fmt: skip
THEMES = [
    ("Ogbomoso Health Hack", "Tools for clinics and community health workers"),
    ("Lagos Fintech Sprint", "Payments, savings and credit for everyone"),
    ("AgriTech Challenge", "Help farmers grow, store and sell"),
    ("Climate Code Jam", "Flood alerts, clean energy and greener cities"),
    ("EdTech Build Weekend", "Learning that works on any phone"),
    ("Open Data Hackathon", "Make public data useful"),
    ("Women in Tech Hack", "Build with and for women in tech"),
    ("Smart Campus Hack", "Make LAUTECH campus life easier"),
    ("Civic Tech Marathon", "Transparency and better public services"),
    ("Game Jam Naija", "48 hours, one theme, your game"),
]
CITIES = ["Ogbomoso", "Lagos", "Ibadan", "Abuja", "Ilorin", "Oyo"]
PHASES = ["upcoming", "open", "running", "judging", "ended"]
LARGE_COUNT = 10_000
BATCH = 1_000

DESCRIPTION = """## The challenge

{tagline}. Work alone or in a team of up to {size}, and ship something people can use.

## What to build

- A working prototype (web, mobile, USSD or hardware)
- A short demo video
- A public repository with a README

Mentors are around the whole time. {audience}
"""
# Who each level is for, so an advanced brief never invites beginners.
AUDIENCE = {
    "beginner": "**Beginners are welcome**: this is a good first hackathon.",
    "intermediate": "Some experience helps; mentors will help you fill the gaps.",
    "advanced": "Aimed at experienced builders: expect a demanding brief and a high bar.",
}
# The side track suits the level: beginners compete among beginners.
SIDE_TRACK = {
    "beginner": "Best beginner project",
    "intermediate": "Best use of open data",
    "advanced": "Best technical depth",
}
RULES = """1. Start from scratch: code written before hacking starts is not eligible.
2. Open-source libraries are fine; say which you used.
3. Be kind. The DiceyTech code of conduct applies.
"""


def _dates(phase: str, now, rng: random.Random) -> dict:
    day = timedelta(days=1)
    offset = {
        "upcoming": rng.randint(10, 90),
        "open": rng.randint(2, 8),
        "running": -1,
        "judging": -4,
        "ended": -rng.randint(20, 400),
    }[phase]
    starts = (now + offset * day).replace(minute=0, second=0, microsecond=0)
    length = {"running": 4, "judging": 2}.get(phase) or rng.choice([2, 3, 7])
    deadline = starts + length * day
    lead = rng.randint(7, 30) if phase != "upcoming" else rng.randint(1, offset - 2)
    # A running hackathon still takes late joiners for a day or two, so a new member can
    # join one and submit to it right away.
    closes = deadline - day if phase == "running" else starts + day / 2
    return {
        "registration_opens_at": starts - lead * day,
        "registration_deadline": closes,
        "starts_at": starts,
        "submission_deadline": deadline,
        "judging_ends_at": (now + 3 * day) if phase == "judging" else deadline + 7 * day,
    }


def seed(*, size: str, stdout) -> None:
    users = list(get_user_model().objects.order_by("pk")[:300])
    if not users:
        stdout.write("hackathons: no members yet, skipped (run the accounts demo first)")
        return
    skills = [skill_get_or_create(name=name) for name in TECHNOLOGIES]
    organiser = get_user_model().objects.filter(is_staff=True).order_by("pk").first() or users[0]
    created = _seed_small(users=users, skills=skills, organiser=organiser)
    stdout.write(f"hackathons: {created} small-demo hackathons added")
    if size == "large":
        added = _seed_large(skills=skills, organiser=organiser)
        stdout.write(f"hackathons: {added} benchmark hackathons added")


@transaction.atomic
def _seed_small(*, users, skills, organiser) -> int:
    rng = random.Random(6)
    now = timezone.now()
    created = 0
    for n in range(30):
        slug = f"demo-{n + 1:02d}"
        if Hackathon.objects.filter(slug=slug).exists():
            continue
        phase = PHASES[n % len(PHASES)]
        title, tagline = THEMES[n % len(THEMES)]
        in_person = n % 3 == 0
        size = rng.choice([3, 4, 5])
        difficulty = rng.choice(Hackathon.Difficulty.values)
        hackathon = Hackathon.objects.create(
            slug=slug,
            title=f"{title} {2025 + n // 10}" if n >= 10 else title,
            tagline=tagline,
            description=DESCRIPTION.format(tagline=tagline, size=size, audience=AUDIENCE[difficulty]),
            rules=RULES,
            requirements="A laptop, a GitHub account and curiosity.",
            organiser=organiser,
            difficulty=difficulty,
            mode=Hackathon.Mode.IN_PERSON if in_person else Hackathon.Mode.ONLINE,
            city=rng.choice(CITIES) if in_person else "",
            max_team_size=size,
            max_participants=rng.choice([None, 50, 100, 200]),
            created_at=now - timedelta(days=60 - n),
            **_dates(phase, now, rng),
        )
        hackathon.technologies.set(rng.sample(skills, 3))
        track = Track.objects.create(hackathon=hackathon, name=SIDE_TRACK[difficulty], order=0)
        Prize.objects.bulk_create(
            [
                Prize(hackathon=hackathon, title="First place", amount=500_000, order=0),
                Prize(hackathon=hackathon, title="Runner-up", amount=250_000, order=1),
                Prize(hackathon=hackathon, title=track.name, amount=100_000, track=track, order=2),
            ]
        )
        hackathon.prize_total = 850_000
        participants = rng.sample(users, min(len(users), rng.randint(5, 40)))
        HackathonParticipation.objects.bulk_create(
            [HackathonParticipation(hackathon=hackathon, user=user) for user in participants]
        )
        hackathon.participant_count = len(participants)
        hackathon.save(update_fields=["prize_total", "participant_count"])
        if n in (3, 4):  # one judging, one ended: teams, submissions and scores
            _seed_judging(hackathon=hackathon, participants=participants, track=track, rng=rng)
        created += 1
    return created


def _seed_judging(*, hackathon, participants, track, rng) -> None:
    from apps.hackathons.judging import results_publish

    criteria = [
        Criterion.objects.create(hackathon=hackathon, name=name, weight=weight, order=i)
        for i, (name, weight) in enumerate([("Innovation", 30), ("Execution", 40), ("Impact", 30)])
    ]
    judges = list(participants[-2:])
    for judge in judges:
        Judge.objects.create(hackathon=hackathon, user=judge)
    members = participants[:-2]
    for i in range(0, min(len(members), 12), 3):
        group = members[i : i + 3]
        team = Team.objects.create(
            hackathon=hackathon,
            name=f"Team {['Owls', 'Falcons', 'Baobab', 'Kola'][i // 3]}",
            leader=group[0],
            join_code=f"{hackathon.slug}-{i}",
            member_count=len(group),
        )
        TeamMembership.objects.bulk_create(
            [TeamMembership(team=team, hackathon=hackathon, user=user) for user in group]
        )
        submission = Submission.objects.create(
            hackathon=hackathon,
            team=team,
            owner=group[0],
            title=f"{team.name.split()[-1]} {rng.choice(['Alert', 'Ledger', 'Map', 'Tutor'])}",
            description="A working prototype with a demo video.",
            repository_url="https://github.com/example/project",
            track=track if i == 0 else None,
            submitted_at=hackathon.submission_deadline - timedelta(hours=3 + i),
        )
        Score.objects.bulk_create(
            [
                Score(
                    submission=submission,
                    judge=judge,
                    criterion=c,
                    value=rng.randint(4, 10),
                    comment="Nice work.",
                )
                for judge in judges
                for c in criteria
            ]
        )
    if hackathon.status == "ended":
        results_publish(hackathon=hackathon, by=hackathon.organiser)


def _seed_large(*, skills, organiser) -> int:
    existing = set(Hackathon.objects.filter(slug__startswith="bench-").values_list("slug", flat=True))
    rng = random.Random(10_000)
    now = timezone.now()
    through = Hackathon.technologies.through
    added = 0
    for start in range(0, LARGE_COUNT, BATCH):
        batch = []
        for n in range(start, min(start + BATCH, LARGE_COUNT)):
            slug = f"bench-{n:05d}"
            phase = rng.choices(PHASES, weights=[2, 2, 1, 1, 6])[0]
            title, tagline = THEMES[n % len(THEMES)]
            dates = _dates(phase, now, rng)
            if slug in existing:
                continue
            in_person = n % 4 == 0
            batch.append(
                Hackathon(
                    slug=slug,
                    title=f"{title} #{n}",
                    tagline=tagline,
                    description=DESCRIPTION.format(
                        tagline=tagline, size=4, audience=AUDIENCE[Hackathon.Difficulty.values[n % 3]]
                    ),
                    organiser=organiser,
                    difficulty=Hackathon.Difficulty.values[n % 3],
                    mode=Hackathon.Mode.IN_PERSON if in_person else Hackathon.Mode.ONLINE,
                    city=CITIES[n % len(CITIES)] if in_person else "",
                    prize_total=rng.choice([0, 100_000, 250_000, 500_000, 1_000_000, 5_000_000]),
                    participant_count=rng.randint(0, 400),
                    created_at=now - timedelta(minutes=n),
                    **dates,
                )
            )
        with transaction.atomic():
            made = Hackathon.objects.bulk_create(batch)
            through.objects.bulk_create(
                [
                    through(hackathon_id=h.pk, skill_id=skill.pk)
                    for h in made
                    for skill in rng.sample(skills, rng.randint(1, 4))
                ],
                ignore_conflicts=True,
            )
        added += len(made)
    return added
