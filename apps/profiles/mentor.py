"""What the mentor may read of the member asking: their profile's skills, a short bio, the
level they chose, their years of work experience and whether they study now (the contract is
in apps/core/mentor.py). The level and years keep the mentor from recommending a senior role
to a student."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db.models import Exists, Min, OuterRef
from django.utils import timezone

from apps.core.mentor import MemberProfile
from apps.profiles.models import Education, Experience, Profile
from apps.profiles.services import skill_get_or_create

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
        level=profile.experience_level,
        years=_years_worked(profile),
        student=profile.educations.filter(is_current=True).exists(),
    )


def mentor_member_level(*, member) -> MemberProfile:
    """In one query: the years are counted from the first experience row to today."""
    row = (
        Profile.objects.filter(user=member)
        .annotate(
            studying=Exists(Education.objects.filter(profile=OuterRef("pk"), is_current=True)),
            first_job=Min("experiences__start_date"),
        )
        .values("experience_level", "studying", "first_job")
        .first()
    )
    if row is None:
        return MemberProfile(handle=member.handle, name=member.display_name)
    first = row["first_job"]
    return MemberProfile(
        handle=member.handle,
        name=member.display_name,
        level=row["experience_level"],
        years=(timezone.localdate() - first).days // 365 if first else 0,
        student=row["studying"],
    )


def _years_worked(profile: Profile) -> int:
    """Whole years across the experience rows (overlaps counted once per row)."""
    today = timezone.localdate()
    days = sum(
        ((end or today) - start).days
        for start, end in profile.experiences.values_list("start_date", "end_date")
        if isinstance(start, date)
    )
    return max(0, days // 365)


def mentor_member_skills(*, member) -> tuple[str, ...]:
    """In one query: no profile row is loaded."""
    names = (
        Profile.objects.filter(user=member, skills__isnull=False)
        .order_by("skills__name")
        .values_list("skills__name", flat=True)
    )
    return tuple(names)


def mentor_sample_member(*, spec: dict):
    """A member for the mentor's evaluation world: `handle`, `level`, `skills`, `years` of work
    (one experience row that long) and `student` (a current education row)."""
    user = get_user_model().objects.create_user(
        email=f"{spec['handle']}@mentor-eval.invalid", handle=spec["handle"], first_name=spec.get("name", "")
    )
    profile = Profile.objects.create(
        user=user, experience_level=spec.get("level", "beginner"), headline=spec.get("headline", "")
    )
    profile.skills.add(*(skill_get_or_create(name=n) for n in spec.get("skills", [])))
    today = timezone.localdate()
    if spec.get("years"):
        Experience.objects.create(
            profile=profile,
            title=spec.get("role", "Developer"),
            company="Sample Ltd",
            start_date=today - timedelta(days=365 * spec["years"] + 30),
            is_current=True,
        )
    if spec.get("student"):
        Education.objects.create(
            profile=profile, school="University of Lagos", degree="BSc Computer Science",
            start_date=today - timedelta(days=400), is_current=True,
        )  # fmt: skip
    return user
