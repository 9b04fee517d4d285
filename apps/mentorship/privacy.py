"""What mentorship and coaching hold about a member: export it, or erase it."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q

from apps.mentorship.models import (
    CoachPlan,
    Goal,
    Habit,
    MentorProfile,
    Mentorship,
    Reflection,
    Session,
    TimeZonePreference,
)


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def _session(s: Session, *, as_mentee: bool) -> dict:
    return {
        "starts_at": _iso(s.starts_at),
        "ends_at": _iso(s.ends_at),
        "status": s.status,
        "agenda": s.agenda,
        "my_note": s.mentee_note if as_mentee else s.mentor_note,
        "rating": s.rating,
        "cancel_reason": s.cancel_reason,
    }


def _mentorship(m: Mentorship, *, as_mentee: bool) -> dict:
    return {
        "with": m.mentor.user.handle if as_mentee else m.mentee.handle,
        "goal": m.goal,
        "track": m.track,
        "skills_wanted": m.skills_wanted,
        "status": m.status,
        "primary": m.is_primary,
        "requested_at": _iso(m.created_at),
        "accepted_at": _iso(m.accepted_at),
        "ended_at": _iso(m.ended_at),
        "end_note": m.end_note,
        "sessions": [_session(s, as_mentee=as_mentee) for s in m.sessions.all()],
    }


def export_member_data(user) -> dict:
    mentor = MentorProfile.objects.filter(user=user).prefetch_related("slots").first()
    base = Mentorship.objects.select_related("mentor__user", "mentee").prefetch_related("sessions")
    return {
        "time_zone": TimeZonePreference.objects.filter(user=user).values_list("time_zone", flat=True).first(),
        "mentor_profile": mentor
        and {
            "headline": mentor.headline,
            "bio": mentor.bio,
            "tracks": mentor.tracks,
            "skills": [t["name"] for t in mentor.skill_tags],
            "languages": mentor.languages,
            "time_zone": mentor.time_zone,
            "capacity": mentor.capacity,
            "weekly_times": [str(slot) for slot in mentor.slots.all()],
        },
        "as_mentee": [_mentorship(m, as_mentee=True) for m in base.filter(mentee=user)],
        "as_mentor": [_mentorship(m, as_mentee=False) for m in base.filter(mentor__user=user)],
        "goals": [
            {
                "title": g.title,
                "why": g.why,
                "target_date": _iso(g.target_date),
                "status": g.status,
                "milestones": [{"title": m.title, "done_at": _iso(m.done_at)} for m in g.milestones.all()],
            }
            for g in Goal.objects.filter(user=user).prefetch_related("milestones")
        ],
        "habits": [
            {
                "name": h.name,
                "cadence": h.cadence,
                "archived": h.archived,
                "check_ins": [_iso(c.day) for c in h.check_ins.all()],
            }
            for h in Habit.objects.filter(user=user).prefetch_related("check_ins")
        ],
        "reflections": [
            {
                "week_start": _iso(r.week_start),
                "went_well": r.went_well,
                "was_hard": r.was_hard,
                "next_focus": r.next_focus,
                "shared_with_mentor": r.shared_with_mentor,
            }
            for r in Reflection.objects.filter(user=user)
        ],
        "coach_plans": [
            {"week_start": _iso(p.week_start), "text": p.text, "status": p.status}
            for p in CoachPlan.objects.filter(user=user)
        ],
    }


@transaction.atomic
def erase_member_data(user) -> None:
    """Delete the member's coaching data, their mentor profile (with its mentorships and
    sessions) and their mentorships as a mentee; their mentors' places are freed."""
    mentor_ids = list(
        Mentorship.objects.filter(mentee=user, status__in=Mentorship.RUNNING).values_list(
            "mentor_id", flat=True
        )
    )
    Session.objects.filter(Q(mentee=user) | Q(mentor__user=user)).delete()
    Mentorship.objects.filter(mentee=user).delete()
    MentorProfile.objects.filter(user=user).delete()
    for mentor in MentorProfile.objects.select_for_update().filter(pk__in=mentor_ids):
        running = mentor.mentorships.filter(status__in=Mentorship.RUNNING).count()
        MentorProfile.objects.filter(pk=mentor.pk).update(mentee_count=running)
    Goal.objects.filter(user=user).delete()
    Habit.objects.filter(user=user).delete()
    Reflection.objects.filter(user=user).delete()
    CoachPlan.objects.filter(user=user).delete()
    TimeZonePreference.objects.filter(user=user).delete()
