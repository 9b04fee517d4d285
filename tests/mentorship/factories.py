from __future__ import annotations

from datetime import time

from apps.mentorship.models import AvailabilitySlot, Mentorship
from apps.mentorship.services import (
    MentorData,
    RequestData,
    mentor_profile_save,
    mentorship_accept,
    mentorship_request,
)
from tests.accounts.factories import UserFactory


def make_mentor(*, user=None, time_zone: str = "Africa/Lagos", tracks=("builders",), skills=("Python", "Django"),
                capacity: int = 5, slots=((1, time(18, 0)),), minutes: int = 60, **user_kwargs):  # fmt: skip
    """A mentor with weekly `slots` ((weekday, start time) in their own zone)."""
    user = user or UserFactory(**user_kwargs)
    mentor = mentor_profile_save(
        user=user,
        data=MentorData(
            headline="Backend engineer at a Lagos fintech", time_zone=time_zone, tracks=list(tracks),
            skill_names=list(skills), capacity=capacity,
        ),
    )  # fmt: skip
    for weekday, start in slots:
        AvailabilitySlot.objects.create(mentor=mentor, weekday=weekday, start_time=start, minutes=minutes)
    return mentor


def make_request(
    mentor, *, mentee=None, time_zone: str = "Africa/Lagos", goal: str = "Get my first backend job"
):
    mentee = mentee or UserFactory()
    return mentorship_request(
        mentee=mentee, mentor=mentor, data=RequestData(goal=goal, time_zone=time_zone, track="builders")
    )


def make_mentorship(mentor=None, *, mentee=None, time_zone: str = "Africa/Lagos") -> Mentorship:
    mentor = mentor or make_mentor()
    mentorship = make_request(mentor, mentee=mentee, time_zone=time_zone)
    return mentorship_accept(mentorship=mentorship, by=mentor.user)
