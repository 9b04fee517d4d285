"""What the mentor may read of the member asking: their profile's skills and a short bio (the
contract is in apps/core/mentor.py)."""

from __future__ import annotations

from apps.core.mentor import MemberProfile
from apps.profiles.models import Profile

ABOUT_LIMIT = 300


def mentor_member(*, member) -> MemberProfile:
    profile = Profile.objects.filter(user=member).first()
    if profile is None:
        return MemberProfile(handle=member.handle, name=member.display_name)
    return MemberProfile(
        handle=member.handle,
        name=member.display_name,
        skills=tuple(skill.name for skill in profile.skills.all()),
        about=(profile.bio or profile.headline or "")[:ABOUT_LIMIT],
    )


def mentor_member_skills(*, member) -> tuple[str, ...]:
    """In one query: no profile row is loaded."""
    names = (
        Profile.objects.filter(user=member, skills__isnull=False)
        .order_by("skills__name")
        .values_list("skills__name", flat=True)
    )
    return tuple(names)
