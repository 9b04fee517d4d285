"""What the mentor may read of the hackathon board (see apps/core/mentor.py). Every hackathon
is public: its status follows from its dates, and none is a draft. What a member can act on is
a hackathon still taking registrations and not full: one that ended, or whose registration
closed, is never recommended."""

from __future__ import annotations

from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format

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


CONTENT = MentorContent(
    kind=KIND,
    public=Hackathon.objects.all,
    actionable=joinable,
    item=_item,
    searched=("title", "tagline", "description"),
    skills="technologies",
)
