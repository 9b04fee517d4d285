"""Writes for mentorship and coaching.

`mentors` keeps mentor profiles, their weekly slots and a member's time zone;
`mentorships` runs a request through accept or decline, the trial and a kind ending;
`sessions` books, cancels and moves sessions, sends calendar invites and reminders, and keeps
notes and ratings; `invitations` invites OTEI attendees who asked for mentorship;
`coaching` keeps goals, habits, check-ins, reflections and the coach's plans.
"""

from __future__ import annotations

from apps.mentorship.services.coaching import (
    GoalData,
    ReflectionData,
    coach_plan_decide,
    coach_plan_propose,
    goal_create,
    goal_set_status,
    habit_archive,
    habit_check_in,
    habit_create,
    milestone_add,
    milestone_set_done,
    reflection_save,
)
from apps.mentorship.services.invitations import invitation_send, invitations_due, invitations_send_due
from apps.mentorship.services.mentors import (
    MentorData,
    mentor_profile_save,
    slot_add,
    slot_remove,
    time_zone_set,
)
from apps.mentorship.services.mentorships import (
    RequestData,
    mentorship_accept,
    mentorship_continue,
    mentorship_decline,
    mentorship_end,
    mentorship_expire_due,
    mentorship_request,
    mentorship_set_primary,
    mentorship_withdraw,
)
from apps.mentorship.services.sessions import (
    bookable,
    change_deadline,
    reminder_send,
    reminders_send_due,
    session_book,
    session_cancel,
    session_ics,
    session_note,
    session_reschedule,
)

__all__ = [
    "GoalData",
    "MentorData",
    "ReflectionData",
    "RequestData",
    "bookable",
    "change_deadline",
    "coach_plan_decide",
    "coach_plan_propose",
    "goal_create",
    "goal_set_status",
    "habit_archive",
    "habit_check_in",
    "habit_create",
    "invitation_send",
    "invitations_due",
    "invitations_send_due",
    "mentor_profile_save",
    "mentorship_accept",
    "mentorship_continue",
    "mentorship_decline",
    "mentorship_end",
    "mentorship_expire_due",
    "mentorship_request",
    "mentorship_set_primary",
    "mentorship_withdraw",
    "milestone_add",
    "milestone_set_done",
    "reflection_save",
    "reminder_send",
    "reminders_send_due",
    "session_book",
    "session_cancel",
    "session_ics",
    "session_note",
    "session_reschedule",
    "slot_add",
    "slot_remove",
    "time_zone_set",
]
