"""What the mentor may read of the hackathon board (see apps/core/mentor.py). Every hackathon
is public: its status follows from its dates, and none is a draft. What a member can act on is
a hackathon still taking registrations and not full: one that ended, or whose registration
closed, is never recommended."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify

from apps.core.mentor import MentorContent, MentorItem, item_text
from apps.hackathons.models import Hackathon, Status

KIND = "hackathon"


def joinable() -> QuerySet[Hackathon]:
    """Registration open now (upcoming teams can still form), with a seat left."""
    now = timezone.now()
    return Hackathon.objects.filter(
        Q(max_participants__isnull=True) | Q(participant_count__lt=F("max_participants")),
        registration_opens_at__lte=now,
        registration_deadline__gt=now,
    )


def _facts(hackathon: Hackathon) -> str:
    status = hackathon.status
    closes = date_format(timezone.localtime(hackathon.registration_deadline), "j F")
    if status == Status.RUNNING and hackathon.registration_open:
        when = f"running now, registration open until {closes}"
    elif hackathon.registration_open:
        starts = date_format(timezone.localtime(hackathon.starts_at), "j F")
        when = f"registration open until {closes}, hacking starts {starts}"
    else:
        when = status.label.lower()
    mode = hackathon.get_mode_display().lower() + (f" in {hackathon.city}" if hackathon.city else "")
    return f"{hackathon.get_difficulty_display()}, {mode}, {when}"


def _item(hackathon: Hackathon, skills: tuple[str, ...]) -> MentorItem:
    text = item_text(hackathon.tagline, hackathon.description)
    return MentorItem(
        KIND,
        hackathon.pk,
        hackathon.title,
        hackathon.get_absolute_url(),
        text,
        skills,
        facts=_facts(hackathon),
        level=hackathon.difficulty,
    )


# Days from now of (registration opens, registration closes, hacking starts, submissions close,
# judging ends) for a sample hackathon in each status.
_SAMPLE_DAYS = {
    "upcoming": (5, 20, 21, 23, 30),
    "open": (-5, 10, 12, 14, 20),
    "running": (-10, 2, -1, 2, 6),
    "running-closed": (-20, -3, -2, 3, 8),
    "judging": (-30, -12, -10, -2, 5),
    "ended": (-90, -70, -68, -66, -60),
}


def _sample(spec: dict) -> Hackathon:
    """A hackathon for the mentor's evaluation world, dated for `spec["status"]`."""
    from apps.profiles.services import skill_get_or_create

    now = timezone.now()
    opens, closes, starts, deadline, judged = (now + timedelta(days=d) for d in _SAMPLE_DAYS[spec["status"]])
    hackathon = Hackathon.objects.create(
        title=spec["title"],
        slug=slugify(spec["title"])[:130],
        tagline=spec.get("tagline", ""),
        description=spec.get("description", "Build something useful."),
        difficulty=spec.get("difficulty", Hackathon.Difficulty.BEGINNER),
        mode=spec.get("mode", Hackathon.Mode.ONLINE),
        city=spec.get("city", ""),
        registration_opens_at=opens,
        registration_deadline=closes,
        starts_at=starts,
        submission_deadline=deadline,
        judging_ends_at=judged,
    )
    hackathon.technologies.add(*(skill_get_or_create(name=n) for n in spec.get("technologies", [])))
    return hackathon


CONTENT = MentorContent(
    kind=KIND,
    public=Hackathon.objects.all,
    actionable=joinable,
    item=_item,
    searched=("title", "tagline", "description"),
    skills="technologies",
    sample=_sample,
)
