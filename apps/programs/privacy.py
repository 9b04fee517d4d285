"""What the programs app holds about a member: export it, or erase it.

Applications, memberships, submissions (with their files) and the reviews of them are the
member's and go with the account. Reviews a member wrote as a mentor stay with the learner
they were written for, without the mentor's name."""

from __future__ import annotations

from django.db import transaction

from apps.programs.models import (
    Application,
    CohortMembership,
    MissionSubmission,
    OrganizationMember,
    Review,
    SubmissionRelease,
)
from apps.programs.services import membership_leave, submission_delete_with_file


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def export_member_data(user) -> dict:
    submissions = (
        MissionSubmission.objects.filter(member=user).select_related("mission", "review").order_by("pk")
    )
    return {
        "applications": [
            {
                "program": a.program.title,
                "cohort": a.cohort.name,
                "motivation": a.motivation,
                "availability": a.availability,
                "links": a.links,
                "status": a.status,
                "applied_at": _iso(a.created_at),
            }
            for a in Application.objects.filter(applicant=user).select_related("program", "cohort")
        ],
        "cohorts": [
            {
                "program": m.program.title,
                "cohort": m.cohort.name,
                "status": m.status,
                "joined_at": _iso(m.joined_at),
                "completed_at": _iso(m.completed_at),
                "quote": m.quote,
                "quote_shared": m.quote_shared,
            }
            for m in CohortMembership.objects.filter(user=user).select_related("program", "cohort")
        ],
        "submissions": [
            {
                "mission": s.mission.title,
                "iteration": s.iteration,
                "link": s.link,
                "text": s.text,
                "file_name": s.file_name,
                "status": s.status,
                "submitted_at": _iso(s.submitted_at),
                "review": (
                    {
                        "verdict": s.review.verdict,
                        "points": s.review.points,
                        "scores": s.review.scores,
                        "comment": s.review.comment,
                        "at": _iso(s.review.created_at),
                    }
                    if hasattr(s, "review")
                    else None
                ),
            }
            for s in submissions
        ],
        "reviews_written": Review.objects.filter(mentor=user).count(),
        "submissions_passed_on": [
            {"reason": r.reason, "at": _iso(r.created_at)}
            for r in SubmissionRelease.objects.filter(mentor=user).order_by("pk")
        ],
        "organizations": [
            {"organization": m.organization.name, "role": m.role}
            for m in OrganizationMember.objects.filter(user=user).select_related("organization")
        ],
    }


@transaction.atomic
def erase_member_data(user) -> None:
    for submission in MissionSubmission.objects.filter(member=user):
        submission_delete_with_file(submission=submission)
    # The seat goes to the waiting list first, as when a learner leaves.
    for membership in CohortMembership.objects.filter(user=user, status=CohortMembership.Status.ACTIVE):
        membership_leave(membership=membership)
    Application.objects.filter(applicant=user).delete()
    CohortMembership.objects.filter(user=user).delete()
    OrganizationMember.objects.filter(user=user).delete()
    Review.objects.filter(mentor=user).update(mentor=None)
    SubmissionRelease.objects.filter(mentor=user).update(mentor=None)
    MissionSubmission.objects.filter(mentor=user).update(mentor=None)
    Application.objects.filter(decided_by=user).update(decided_by=None)
