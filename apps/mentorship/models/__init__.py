"""Models of mentorship and coaching.

`mentors` holds mentor profiles and their weekly availability, mentorships (the request and
what it becomes), booked sessions and the once-only markers for reminders and event
invitations; `coaching` holds goals and milestones, habits and check-ins, weekly reflections
and the AI coach's plans.
"""

from __future__ import annotations

from apps.mentorship.models.coaching import CheckIn, CoachPlan, Goal, Habit, Milestone, Reflection
from apps.mentorship.models.mentors import (
    AvailabilitySlot,
    EventInvitation,
    MentorProfile,
    Mentorship,
    Session,
    SessionReminder,
    TimeZonePreference,
    validate_timezone,
)

__all__ = [
    "AvailabilitySlot",
    "CheckIn",
    "CoachPlan",
    "EventInvitation",
    "Goal",
    "Habit",
    "MentorProfile",
    "Mentorship",
    "Milestone",
    "Reflection",
    "Session",
    "SessionReminder",
    "TimeZonePreference",
    "validate_timezone",
]
