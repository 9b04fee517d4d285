"""Mentor profiles, their weekly slots, and a member's own time zone."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import time

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from apps.careers.tracks import TRACK_SLUGS
from apps.mentorship.models import AvailabilitySlot, MentorProfile, TimeZonePreference
from apps.profiles.services import skill_get_or_create


def skill_tags(skills) -> list[dict[str, str]]:
    return [{"key": s.key, "name": s.name} for s in sorted(skills, key=lambda s: s.name.casefold())]


@dataclass
class MentorData:
    headline: str
    time_zone: str
    bio: str = ""
    tracks: list[str] = field(default_factory=list)
    skill_names: list[str] = field(default_factory=list)
    languages: str = "English"
    capacity: int = 5
    accepting: bool = True


@transaction.atomic
def time_zone_set(*, user, time_zone: str) -> TimeZonePreference:
    preference, _ = TimeZonePreference.objects.get_or_create(user=user, defaults={"time_zone": time_zone})
    preference.time_zone = time_zone
    preference.full_clean()
    preference.save()
    return preference


@transaction.atomic
def mentor_profile_save(*, user, data: MentorData) -> MentorProfile:
    """Create or update the member's mentor profile. The capacity cannot go below the mentees
    they already have: end a mentorship first."""
    unknown = [t for t in data.tracks if t not in TRACK_SLUGS]
    if unknown:
        raise ValidationError({"tracks": f"Unknown track: {', '.join(unknown)}."})
    profile = MentorProfile.objects.select_for_update().filter(user=user).first() or MentorProfile(user=user)
    if profile.pk and data.capacity < profile.mentee_count:
        raise ValidationError(
            {"capacity": f"You mentor {profile.mentee_count} people now; the capacity cannot be lower."}
        )
    profile.headline = data.headline.strip()
    profile.bio = data.bio
    profile.tracks = [t for t in TRACK_SLUGS if t in data.tracks]
    profile.languages = ", ".join(p.strip() for p in data.languages.split(",") if p.strip()) or "English"
    profile.time_zone = data.time_zone
    profile.capacity = data.capacity
    profile.accepting = data.accepting
    skills = [skill_get_or_create(name=name) for name in data.skill_names[:15]]
    profile.skill_tags = skill_tags(skills)
    profile.full_clean()
    profile.save()
    profile.skills.set(skills)
    time_zone_set(user=user, time_zone=data.time_zone)
    return profile


def slot_add(*, mentor: MentorProfile, weekday: int, start_time: time, minutes: int) -> AvailabilitySlot:
    slot = AvailabilitySlot(mentor=mentor, weekday=weekday, start_time=start_time, minutes=minutes)
    slot.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            slot.save()
    except IntegrityError as exc:
        raise ValidationError({"start_time": "You already have a slot starting then on that day."}) from exc
    return slot


@transaction.atomic
def slot_remove(*, slot: AvailabilitySlot) -> None:
    """Booked sessions stay booked: removing a slot only stops new bookings."""
    slot.delete()
