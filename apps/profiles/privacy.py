"""What profiles hold about a member, for data export and account deletion."""

from __future__ import annotations

from django.db import transaction

from apps.profiles.models import BadgeAward, PointsEntry, Profile


def _timeline(entries, fields: tuple[str, ...]) -> list[dict]:
    return [
        {
            **{name: getattr(entry, name) for name in fields},
            "start_date": entry.start_date.isoformat(),
            "end_date": entry.end_date.isoformat() if entry.end_date else None,
            "is_current": entry.is_current,
            "description": entry.description,
        }
        for entry in entries
    ]


def export_member_data(user) -> dict:
    profile = (
        Profile.objects.filter(user=user).prefetch_related("skills", "experiences", "educations").first()
    )
    data: dict = {"profile": None}
    if profile is not None:
        data["profile"] = {
            "headline": profile.headline,
            "bio": profile.bio,
            "goals": profile.goals,
            "location": profile.location,
            "experience_level": profile.experience_level,
            "links": {
                "github": profile.github_url,
                "linkedin": profile.linkedin_url,
                "portfolio": profile.portfolio_url,
                "website": profile.website_url,
                "x": profile.x_url,
            },
            "phone": profile.phone,
            "open_to_work": profile.open_to_work,
            "visibility": {
                "links": profile.links_visibility,
                "experience": profile.experience_visibility,
                "education": profile.education_visibility,
            },
            "avatar": profile.avatar.name or None,
            "skills": [skill.name for skill in profile.skills.all()],
            "experience": _timeline(profile.experiences.all(), ("title", "company")),
            "education": _timeline(profile.educations.all(), ("school", "degree")),
            "points_total": profile.points_total,
        }
    data["points"] = [
        {"amount": e.amount, "reason": e.reason, "created": e.created.isoformat()}
        for e in PointsEntry.objects.filter(member=user).order_by("created")
    ]
    data["badges"] = [
        {"badge": a.badge, "earned": a.earned.isoformat()} for a in BadgeAward.objects.filter(member=user)
    ]
    return data


@transaction.atomic
def erase_member_data(user) -> None:
    """Delete the profile (with its timeline and avatar files), the points ledger and badges."""
    profile = Profile.objects.filter(user=user).first()
    if profile is not None:
        files = [f for f in (profile.avatar, profile.avatar_small) if f]
        names = [(f.storage, f.name) for f in files]
        profile.delete()
        transaction.on_commit(lambda: [storage.delete(name) for storage, name in names])
    PointsEntry.objects.filter(member=user).delete()
    BadgeAward.objects.filter(member=user).delete()
