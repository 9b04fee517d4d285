"""The programs app's models.

`organizations`: Organization and OrganizationMember (roles).
`programs`: Program, Cohort, Application, CohortMembership, Announcement, ScheduleItem.
`missions`: Mission (with its rubric), MissionSubmission (numbered iterations), Review,
SubmissionRelease (a mentor passing work on).
"""

from apps.programs.models.missions import Mission, MissionSubmission, Review, SubmissionRelease
from apps.programs.models.organizations import Organization, OrganizationMember
from apps.programs.models.programs import (
    Announcement,
    Application,
    Cohort,
    CohortMembership,
    Program,
    ScheduleItem,
)

__all__ = [
    "Announcement",
    "Application",
    "Cohort",
    "CohortMembership",
    "Mission",
    "MissionSubmission",
    "Organization",
    "OrganizationMember",
    "Program",
    "Review",
    "ScheduleItem",
    "SubmissionRelease",
]
