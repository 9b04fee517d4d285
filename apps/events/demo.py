"""Demo data: OTEI 2027 with its four forms filled, and last year's edition.

small: a few dozen submissions; large: 20,000 attendee registrations for OTEI (bulk_create).
Idempotent: events are found by slug and submissions by email.
"""

from __future__ import annotations

import random
import secrets
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.db.models import F
from django.utils import timezone

from apps.events.choices import (
    AGE_RANGE_CHOICES,
    FULL_ATTENDANCE_CHOICES,
    HEAR_ABOUT_CHOICES,
    INDUSTRY_CHOICES,
    INTEREST_AREA_CHOICES,
    PARTICIPANT_CATEGORY_CHOICES,
    SPONSOR_INTEREST_CHOICES,
    VOLUNTEER_AREA_CHOICES,
)
from apps.events.models import (
    Event,
    ExhibitorApplication,
    Registration,
    SponsorApplication,
    Status,
    VolunteerApplication,
)
from apps.events.services import TICKET_ALPHABET, TICKET_LENGTH

LAGOS = ZoneInfo("Africa/Lagos")

OTEI_DESCRIPTION = """\
**OTEI — the Ogbomoso Tech & Entrepreneurship Ignite** brings students, founders, developers
and investors from across Oyo State together for two days of talks, workshops and deals.

## What happens

- **Keynotes** from founders who built in Nigeria: fintech, agritech and logistics.
- **Hands-on workshops**: your first API in Python, product design on a budget, pitching to investors.
- **Startup pitch stage**: ten early-stage startups pitch for ₦5,000,000 in grants and mentorship.
- **Exhibition hall**: local businesses and startups show what they make.
- **Hiring corner**: meet companies looking for interns and engineers.

## Who should come

Students of LAUTECH and neighbouring schools, developers, designers, business owners, and
anyone curious about building with technology in Ogbomoso.

Entry is free, but seats are limited: register, then confirm from the email we send you.
"""

PAST_DESCRIPTION = """\
The first OTEI filled the LAUTECH Great Hall with over 400 people, 12 startup pitches and
20 exhibitors. Thank you to everyone who came. See you at OTEI 2027!
"""

FIRST_NAMES = [
    "Adebayo", "Adeola", "Funmilayo", "Oluwaseun", "Tosin", "Kehinde", "Taiwo", "Chiamaka",
    "Emeka", "Ngozi", "Ibrahim", "Aisha", "Yusuf", "Damilola", "Temitope", "Bukola", "Segun",
    "Folake", "Ayodele", "Olumide", "Zainab", "Chinedu", "Ifeoma", "Babajide", "Oyinkansola",
]  # fmt: skip
LAST_NAMES = [
    "Adeyemi", "Ogunleye", "Oladipo", "Akinola", "Balogun", "Okafor", "Eze", "Bello", "Olawale",
    "Adebisi", "Ojo", "Afolabi", "Ayoola", "Olaniyan", "Oyelaran", "Abiodun", "Adekunle", "Lawal",
]  # fmt: skip
CITIES = ["Ogbomoso", "Oyo", "Ibadan", "Ilorin", "Osogbo", "Iseyin", "Lagos"]
ORGS = [
    "LAUTECH",
    "Ogbomoso Tech Hub",
    "Kwara State University",
    "Paystack",
    "Andela",
    "",
    "",
    "Self-employed",
]
ROLES = ["Student", "Software engineer", "Founder", "Product designer", "Data analyst", "Lecturer", ""]


def _ticket() -> str:
    return "".join(secrets.choice(TICKET_ALPHABET) for _ in range(TICKET_LENGTH))


def _phone(rng: random.Random) -> str:
    return f"+234{rng.choice(['803', '806', '810', '813', '816', '703', '706', '905'])}{rng.randint(1_000_000, 9_999_999)}"


def _events() -> tuple[Event, Event]:
    otei, _ = Event.objects.get_or_create(
        slug="otei-2027",
        defaults={
            "name": "OTEI 2027",
            "tagline": "Ogbomoso Tech & Entrepreneurship Ignite: two days to learn, build and pitch.",
            "description": OTEI_DESCRIPTION,
            "venue": "LAUTECH Conference Centre, Ladoke Akintola University of Technology",
            "city": "Ogbomoso",
            "starts_at": datetime(2027, 3, 18, 9, 0, tzinfo=LAGOS),
            "ends_at": datetime(2027, 3, 19, 17, 0, tzinfo=LAGOS),
            "registration_opens_at": datetime(2026, 11, 1, 9, 0, tzinfo=LAGOS),
            "registration_closes_at": datetime(2027, 3, 17, 23, 59, tzinfo=LAGOS),
            "capacity": 600,
            "is_published": True,
            "sponsor_tiers": ["Platinum (₦5m)", "Gold (₦2.5m)", "Silver (₦1m)", "Community partner"],
            "exhibitor_packages": [
                "Standard booth (₦150k)",
                "Startup table (₦50k)",
                "Premium corner (₦400k)",
            ],
            "retention_days": 365,
        },
    )
    past, _ = Event.objects.get_or_create(
        slug="otei-2025",
        defaults={
            "name": "OTEI 2025",
            "tagline": "The first Ogbomoso Tech & Entrepreneurship Ignite.",
            "description": PAST_DESCRIPTION,
            "venue": "LAUTECH Great Hall",
            "city": "Ogbomoso",
            "starts_at": datetime(2025, 4, 10, 9, 0, tzinfo=LAGOS),
            "ends_at": datetime(2025, 4, 10, 18, 0, tzinfo=LAGOS),
            "capacity": 450,
            "is_published": True,
            "registration_open": False,
            "sponsor_open": False,
            "exhibitor_open": False,
            "volunteer_open": False,
            "sponsor_tiers": ["Gold", "Silver", "Community partner"],
            "exhibitor_packages": ["Standard booth"],
            "retention_days": 730,
        },
    )
    return otei, past


def _registration(event: Event, n: int, rng: random.Random, *, prefix: str = "attendee") -> Registration:
    status = rng.choices([Status.CONFIRMED, Status.SUBMITTED, Status.CANCELLED], weights=[80, 15, 5])[0]
    confirmed = status != Status.SUBMITTED
    return Registration(
        event=event,
        first_name=rng.choice(FIRST_NAMES),
        last_name=rng.choice(LAST_NAMES),
        email=f"{prefix}{n}@example.com",
        phone=_phone(rng),
        gender=rng.choice(["female", "male", "male", "female", "prefer_not"]),
        city=rng.choice(CITIES),
        organization_name=rng.choice(ORGS),
        role=rng.choice(ROLES),
        years_experience=rng.choice(["0", "1-2", "3-5", "6-10", ""]),
        participant_categories=rng.sample([c for c, _ in PARTICIPANT_CATEGORY_CHOICES], k=rng.randint(1, 2)),
        interest_areas=rng.sample([c for c, _ in INTEREST_AREA_CHOICES], k=rng.randint(1, 4)),
        full_attendance=rng.choice([c for c, _ in FULL_ATTENDANCE_CHOICES]),
        hear_about=rng.choice([c for c, _ in HEAR_ABOUT_CHOICES]),
        special_requests="",
        accessibility_needs=rng.choice(["", "", "", "Step-free access, please."]),
        pitch_startup=rng.random() < 0.15,
        post_event_mentorship=rng.random() < 0.4,
        join_community=rng.random() < 0.6,
        agree_updates=rng.random() < 0.7,
        physical_event_ack=True,
        status=status,
        confirmed_at=timezone.now() if confirmed else None,
        ticket_code=_ticket() if status == Status.CONFIRMED else None,
    )


def _registrations(
    event: Event, target: int, rng: random.Random, stdout, *, prefix: str = "attendee"
) -> None:
    existing = Registration.objects.filter(event=event, email__startswith=prefix).count()
    batch: list[Registration] = []
    for n in range(existing, target):
        batch.append(_registration(event, n, rng, prefix=prefix))
        if len(batch) == 2000:
            _flush(event, batch)
            stdout.write(f"  events: {n + 1} registrations")
            batch = []
    _flush(event, batch)


def _flush(event: Event, batch: list[Registration]) -> None:
    if not batch:
        return
    Registration.objects.bulk_create(batch, batch_size=1000, ignore_conflicts=True)
    seats = sum(1 for r in batch if r.status == Status.CONFIRMED)
    Event.objects.filter(pk=event.pk).update(seats_taken=F("seats_taken") + seats)


def _applications(event: Event, rng: random.Random) -> None:
    sponsors = [
        ("Ogbomoso Microfinance Bank", "corporate", "https://example.com/omb", "Gold (₦2.5m)"),
        ("Pivot Agritech", "startup", "https://example.com/pivot", "Silver (₦1m)"),
        ("Oyo State ICT Agency", "government", "", "Community partner"),
        ("Lagoon Cloud", "corporate", "https://example.com/lagoon", "Platinum (₦5m)"),
        ("Ajala Foundation", "ngo", "", "Community partner"),
    ]
    for i, (org, org_type, website, tier) in enumerate(sponsors):
        SponsorApplication.objects.get_or_create(
            event=event,
            contact_email=f"sponsor{i}@example.com",
            defaults={
                "org_name": org, "org_type": org_type, "website": website,
                "office_address": f"{rng.randint(1, 80)} Ilorin Road, Ogbomoso",
                "contact_person_name": f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                "job_title": rng.choice(["Head of Marketing", "CEO", "Partnerships Lead"]),
                "contact_phone": _phone(rng), "sponsor_tier": tier,
                "sponsor_budget": rng.choice([None, 1_000_000, 2_500_000, 5_000_000]),
                "interests": rng.sample([c for c, _ in SPONSOR_INTEREST_CHOICES], k=2),
                "outcomes": "Meet young talent and show our products to the Ogbomoso tech community.",
                "confirmed": True,
                "status": [Status.UNDER_REVIEW, Status.APPROVED, Status.SUBMITTED, Status.APPROVED, Status.REJECTED][i],
                "confirmed_at": timezone.now(),
            },
        )  # fmt: skip
    businesses = [
        "Kola Crafts",
        "SolarGo Ogbomoso",
        "Ayo's Gadget Hub",
        "FarmLink",
        "Amala Express",
        "CodeCamp Oyo",
    ]
    for i, name in enumerate(businesses):
        ExhibitorApplication.objects.get_or_create(
            event=event,
            contact_email=f"exhibitor{i}@example.com",
            defaults={
                "business_name": name,
                "industry_category": rng.choice([c for c, _ in INDUSTRY_CHOICES]),
                "business_description": f"{name} serves customers across Oyo State. We will demo our latest products.",
                "contact_person_name": f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                "contact_phone": _phone(rng),
                "exhibition_package": rng.choice(event.exhibitor_packages),
                "power_internet_required": rng.random() < 0.5,
                "compliance_declaration": True,
                "terms_agreement": True,
                "status": rng.choice([Status.UNDER_REVIEW, Status.APPROVED, Status.SUBMITTED]),
                "confirmed_at": timezone.now(),
            },
        )
    for i in range(8):
        VolunteerApplication.objects.get_or_create(
            event=event,
            email=f"volunteer{i}@example.com",
            defaults={
                "full_name": f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                "age_range": rng.choice([c for c, _ in AGE_RANGE_CHOICES]),
                "phone": _phone(rng),
                "location": rng.choice(CITIES),
                "volunteer_area": rng.choice([c for c, _ in VOLUNTEER_AREA_CHOICES]),
                "skills": "Photography, crowd control, a friendly smile.",
                "available_on_event_date": rng.choice(["yes", "yes", "partly"]),
                "briefing_available": rng.choice(["yes", "maybe"]),
                "motivation": "I want to help OTEI grow the tech community in my city.",
                "terms": True,
                "status": rng.choice([Status.UNDER_REVIEW, Status.APPROVED, Status.SUBMITTED]),
                "confirmed_at": timezone.now(),
            },
        )


def _spread_over_recent_weeks(event: Event, rng: random.Random) -> None:
    """Fresh demo rows all date from this second; spread them so the staff chart has a shape."""
    now = timezone.now()
    for model in (Registration, SponsorApplication, ExhibitorApplication, VolunteerApplication):
        fresh = model.objects.filter(event=event, created_at__gte=now - timedelta(minutes=5))
        for pk in fresh.values_list("pk", flat=True)[:200]:
            model.objects.filter(pk=pk).update(created_at=now - timedelta(days=rng.triangular(0, 29, 3)))


def seed(*, size: str, stdout) -> None:
    rng = random.Random(2027)
    otei, past = _events()
    _registrations(otei, 40, rng, stdout)
    _registrations(past, 25, rng, stdout, prefix="past-attendee")
    _applications(otei, rng)
    _spread_over_recent_weeks(otei, rng)
    if size == "large":
        Event.objects.filter(pk=otei.pk, capacity__lt=25_000).update(capacity=25_000)
        _registrations(otei, 20_000, rng, stdout)
    stdout.write(f"  events: {Registration.objects.filter(event=otei).count()} OTEI registrations")
