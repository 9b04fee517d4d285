"""What the hackathon board holds about a member, for data export and account deletion."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F

from apps.hackathons.models import (
    Hackathon,
    HackathonParticipation,
    JoinRequest,
    Judge,
    Score,
    Submission,
    Team,
    TeamMembership,
)


def export_member_data(user) -> dict:
    return {
        "participations": [
            {
                "hackathon": p.hackathon.slug,
                "joined_at": p.joined_at.isoformat(),
                "skills": [s.name for s in p.skills.all()],
            }
            for p in HackathonParticipation.objects.filter(user=user)
            .select_related("hackathon")
            .prefetch_related("skills")
        ],
        "teams": [
            {"hackathon": m.hackathon.slug, "team": m.team.name, "leader": m.team.leader_id == user.pk}
            for m in TeamMembership.objects.filter(user=user).select_related("team", "hackathon")
        ],
        "join_requests": [
            {
                "team": r.team.name,
                "message": r.message,
                "state": r.state,
                "created_at": r.created_at.isoformat(),
            }
            for r in JoinRequest.objects.filter(user=user).select_related("team")
        ],
        "submissions": [
            {
                "hackathon": s.hackathon.slug,
                "title": s.title,
                "description": s.description,
                "repository_url": s.repository_url,
                "demo_url": s.demo_url,
                "video_url": s.video_url,
                "rank": s.rank,
            }
            for s in Submission.objects.filter(owner=user).select_related("hackathon")
        ],
        "organised": list(Hackathon.objects.filter(organiser=user).values_list("slug", flat=True)),
        "judged": list(Judge.objects.filter(user=user).values_list("hackathon__slug", flat=True)),
        "scores_given": [
            {
                "submission": s.submission_id,
                "criterion": s.criterion.name,
                "value": s.value,
                "comment": s.comment,
            }
            for s in Score.objects.filter(judge=user).select_related("criterion")
        ],
    }


@transaction.atomic
def erase_member_data(user) -> None:
    """Remove the member from teams and hackathons; their submissions, judged scores and
    organised hackathons stay (public results), shown as by a deleted member."""
    for team in Team.objects.filter(leader=user):
        successor = team.memberships.exclude(user=user).order_by("joined_at", "id").first()
        team.leader_id = successor.user_id if successor else None
        team.save(update_fields=["leader"])
    for membership in TeamMembership.objects.filter(user=user).select_related("team"):
        Team.objects.filter(pk=membership.team_id, member_count__gt=0).update(
            member_count=membership.team.member_count - 1
        )
        membership.delete()
    for participation in HackathonParticipation.objects.filter(user=user):
        Hackathon.objects.filter(pk=participation.hackathon_id, participant_count__gt=0).update(
            participant_count=F("participant_count") - 1
        )
        participation.delete()
    JoinRequest.objects.filter(user=user).delete()
    Score.objects.filter(judge=user).update(comment="")
    Submission.objects.filter(owner=user).update(owner=None)
    Hackathon.objects.filter(organiser=user).update(organiser=None)
