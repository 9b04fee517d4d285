"""Every write of the hackathon board: taking part, teams, submissions.

Organising and judging writes live in `apps.hackathons.judging` and
`apps.hackathons.organising`. Rule failures raise ValidationError with a message a person can
act on; views show it.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.template.defaultfilters import pluralize
from django.utils import timezone

from apps.hackathons.models import (
    Hackathon,
    HackathonParticipation,
    JoinRequest,
    Submission,
    Team,
    TeamMembership,
    Track,
)
from apps.notifications.services import notify
from apps.profiles.models import Skill
from apps.profiles.services import points_award, skill_get_or_create
from apps.projects.services import project_publish_from_hackathon

MAX_SKILLS = 15


def skills_from_names(names: list[str]) -> list[Skill]:
    """The shared Skill rows for `names` (created on first use), duplicates removed."""
    skills: dict[int, Skill] = {}
    for name in names[:MAX_SKILLS]:
        if name.strip():
            skill = skill_get_or_create(name=name)
            skills[skill.pk] = skill
    return list(skills.values())


# --- Participation --------------------------------------------------------------------------


@transaction.atomic
def participation_join(
    *, hackathon: Hackathon, user, skills: list[str] | None = None
) -> HackathonParticipation:
    """Register `user`; idempotent. Capacity is claimed with one conditional UPDATE, so two
    people racing for the last place cannot both get it."""
    existing = HackathonParticipation.objects.filter(hackathon=hackathon, user=user).first()
    if existing:
        return existing
    now = timezone.now()
    if not hackathon.registration_opens_at <= now < hackathon.registration_deadline:
        raise ValidationError("Registration for this hackathon is closed.", code="closed")
    try:
        with transaction.atomic():
            participation = HackathonParticipation.objects.create(hackathon=hackathon, user=user)
    except IntegrityError:  # a double click that raced us
        return HackathonParticipation.objects.get(hackathon=hackathon, user=user)
    claimed = (
        Hackathon.objects.filter(pk=hackathon.pk)
        .filter(Q(max_participants__isnull=True) | Q(participant_count__lt=F("max_participants")))
        .update(participant_count=F("participant_count") + 1)
    )
    if not claimed:
        raise ValidationError("This hackathon is full.", code="full")
    hackathon.participant_count += 1
    if skills:
        participation.skills.set(skills_from_names(skills))
    points_award(member=user, reason="hackathon_join", source=participation)
    return participation


@transaction.atomic
def participation_leave(*, hackathon: Hackathon, user) -> None:
    """Withdraw before the registration deadline; leaves the member's team too."""
    participation = HackathonParticipation.objects.filter(hackathon=hackathon, user=user).first()
    if participation is None:
        raise ValidationError("You are not taking part in this hackathon.", code="not_joined")
    if timezone.now() >= hackathon.registration_deadline:
        raise ValidationError(
            "The registration deadline has passed, so you can no longer leave.", code="closed"
        )
    if Submission.objects.filter(hackathon=hackathon, owner=user, team__isnull=True).exists():
        raise ValidationError("You have a solo submission; you cannot leave.", code="submitted")
    membership = TeamMembership.objects.filter(hackathon=hackathon, user=user).select_related("team").first()
    if membership:
        _membership_remove(membership)
    participation.delete()
    Hackathon.objects.filter(pk=hackathon.pk, participant_count__gt=0).update(
        participant_count=F("participant_count") - 1
    )
    hackathon.participant_count = max(0, hackathon.participant_count - 1)


# --- Teams ----------------------------------------------------------------------------------


def _team_changes_allowed(hackathon: Hackathon) -> None:
    if timezone.now() >= hackathon.submission_deadline:
        raise ValidationError("Teams are frozen: the submission deadline has passed.", code="frozen")


def _ensure_free_to_team_up(hackathon: Hackathon, user) -> None:
    if TeamMembership.objects.filter(hackathon=hackathon, user=user).exists():
        raise ValidationError("You are already in a team for this hackathon.", code="in_team")
    if Submission.objects.filter(hackathon=hackathon, owner=user, team__isnull=True).exists():
        raise ValidationError("You already submitted on your own, so you cannot join a team.", code="solo")


@transaction.atomic
def team_create(
    *, hackathon: Hackathon, user, name: str, description: str = "", looking_for: list[str] | None = None
) -> Team:
    """Create a team led by `user` (who joins the hackathon if not yet registered)."""
    _team_changes_allowed(hackathon)
    participation_join(hackathon=hackathon, user=user)
    _ensure_free_to_team_up(hackathon, user)
    team = Team(
        hackathon=hackathon,
        name=name.strip(),
        description=description.strip(),
        leader=user,
        join_code=secrets.token_urlsafe(9),
        member_count=1,
    )
    team.full_clean(
        exclude=["hackathon", "leader", "join_code"], validate_unique=False, validate_constraints=False
    )
    try:
        with transaction.atomic():
            team.save()
            TeamMembership.objects.create(team=team, hackathon=hackathon, user=user)
    except IntegrityError as exc:
        if Team.objects.filter(hackathon=hackathon, name__iexact=team.name).exists():
            raise ValidationError(
                {"name": "A team with this name already exists in this hackathon."}
            ) from exc
        raise ValidationError("You are already in a team for this hackathon.", code="in_team") from exc
    team.looking_for.set(skills_from_names(looking_for or []))
    HackathonParticipation.objects.filter(hackathon=hackathon, user=user).update(looking_for_team=False)
    return team


@transaction.atomic
def team_join(*, team: Team, user) -> TeamMembership:
    """Add `user` to `team` within the hackathon's maximum team size (claimed atomically)."""
    hackathon = team.hackathon
    _team_changes_allowed(hackathon)
    participation_join(hackathon=hackathon, user=user)
    _ensure_free_to_team_up(hackathon, user)
    try:
        with transaction.atomic():
            membership = TeamMembership.objects.create(team=team, hackathon=hackathon, user=user)
    except IntegrityError as exc:
        raise ValidationError("You are already in a team for this hackathon.", code="in_team") from exc
    claimed = Team.objects.filter(pk=team.pk, member_count__lt=hackathon.max_team_size).update(
        member_count=F("member_count") + 1
    )
    if not claimed:
        raise ValidationError(
            f"This team is full ({hackathon.max_team_size} member{pluralize(hackathon.max_team_size)} at most).",
            code="full",
        )
    team.member_count += 1
    HackathonParticipation.objects.filter(hackathon=hackathon, user=user).update(looking_for_team=False)
    JoinRequest.objects.filter(team__hackathon=hackathon, user=user, state=JoinRequest.State.PENDING).exclude(
        team=team
    ).update(state=JoinRequest.State.DECLINED)
    if team.leader_id and team.leader_id != user.pk:
        notify(
            recipient=team.leader,
            kind="team_invite",
            verb=f"joined your team {team.name}",
            actor=user,
            target=team,
            url=team.get_absolute_url(),
        )
    return membership


def team_join_by_code(*, hackathon: Hackathon, code: str, user) -> TeamMembership:
    team = (
        Team.objects.filter(hackathon=hackathon, join_code=code.strip()).select_related("hackathon").first()
    )
    if team is None:
        raise ValidationError("That join code does not match any team in this hackathon.", code="bad_code")
    return team_join(team=team, user=user)


@transaction.atomic
def join_request_create(*, team: Team, user, message: str = "") -> JoinRequest:
    hackathon = team.hackathon
    _team_changes_allowed(hackathon)
    _ensure_free_to_team_up(hackathon, user)
    if team.member_count >= hackathon.max_team_size:
        raise ValidationError("This team is full.", code="full")
    try:
        with transaction.atomic():
            request = JoinRequest.objects.create(team=team, user=user, message=message.strip()[:300])
    except IntegrityError as exc:
        raise ValidationError("You have already asked to join this team.", code="duplicate") from exc
    if team.leader_id:
        notify(
            recipient=team.leader,
            kind="team_invite",
            verb=f"asked to join your team {team.name}",
            actor=user,
            target=team,
            url=team.get_absolute_url(),
        )
    return request


@transaction.atomic
def join_request_decide(*, join_request: JoinRequest, leader, accept: bool) -> JoinRequest:
    team = join_request.team
    if team.leader_id != leader.pk:
        raise PermissionDenied
    if join_request.state != JoinRequest.State.PENDING:
        raise ValidationError("This request was already answered.", code="answered")
    if accept:
        team_join(team=team, user=join_request.user)
    join_request.state = JoinRequest.State.ACCEPTED if accept else JoinRequest.State.DECLINED
    join_request.save(update_fields=["state"])
    notify(
        recipient=join_request.user,
        kind="team_invite",
        verb=f"{'accepted' if accept else 'declined'} your request to join {team.name}",
        actor=leader,
        target=team,
        url=team.get_absolute_url(),
    )
    return join_request


def _membership_remove(membership: TeamMembership) -> None:
    team = membership.team
    others = list(team.memberships.exclude(pk=membership.pk).order_by("joined_at", "id"))
    if not others:
        if Submission.objects.filter(team=team).exists():
            raise ValidationError(
                "Your team has a submission; the last member cannot leave.", code="submitted"
            )
        team.delete()
        return
    membership.delete()
    Team.objects.filter(pk=team.pk).update(member_count=F("member_count") - 1)
    if team.leader_id == membership.user_id:
        team.leader_id = others[0].user_id
        team.save(update_fields=["leader"])


@transaction.atomic
def team_leave(*, team: Team, user) -> None:
    """Leave `team` before the submission deadline; leadership passes to the longest-standing
    member, and a team whose last member leaves is deleted."""
    _team_changes_allowed(team.hackathon)
    membership = TeamMembership.objects.filter(team=team, user=user).select_related("team").first()
    if membership is None:
        raise ValidationError("You are not in this team.", code="not_member")
    _membership_remove(membership)
    HackathonParticipation.objects.filter(hackathon=team.hackathon, user=user).update(looking_for_team=True)


# --- Submissions ----------------------------------------------------------------------------


@dataclass
class SubmissionData:
    title: str
    description: str
    repository_url: str = ""
    demo_url: str = ""
    video_url: str = ""
    technologies: list[str] = field(default_factory=list)
    track: Track | None = None


def submission_for_user(*, hackathon: Hackathon, user) -> Submission | None:
    """The submission `user` would edit: their team's, or their solo one."""
    membership = TeamMembership.objects.filter(hackathon=hackathon, user=user).first()
    if membership:
        return Submission.objects.filter(team_id=membership.team_id).first()
    return Submission.objects.filter(hackathon=hackathon, owner=user, team__isnull=True).first()


@transaction.atomic
def submission_save(*, hackathon: Hackathon, user, data: SubmissionData) -> Submission:
    """Create or edit the submission of `user`'s team (leader only) or of `user` alone.
    Editable from the start of hacking until the submission deadline, frozen after."""
    now = timezone.now()
    if now >= hackathon.submission_deadline:
        raise ValidationError("Submissions are closed: the deadline has passed.", code="frozen")
    if now < hackathon.starts_at:
        raise ValidationError("Submissions open when hacking starts.", code="not_started")
    if not HackathonParticipation.objects.filter(hackathon=hackathon, user=user).exists():
        raise ValidationError("Join the hackathon before submitting.", code="not_joined")
    if data.track is not None and data.track.hackathon_id != hackathon.pk:
        raise ValidationError({"track": "Choose one of this hackathon's tracks."})
    membership = TeamMembership.objects.filter(hackathon=hackathon, user=user).select_related("team").first()
    team = membership.team if membership else None
    if team is not None and team.leader_id != user.pk:
        raise PermissionDenied("Only the team leader can submit.")
    submission = submission_for_user(hackathon=hackathon, user=user) or Submission(
        hackathon=hackathon, team=team, owner=user, submitted_at=now
    )
    for name in ("title", "description", "repository_url", "demo_url", "video_url", "track"):
        setattr(submission, name, getattr(data, name))
    submission.full_clean(exclude=["hackathon", "team", "owner", "track"], validate_constraints=False)
    try:
        with transaction.atomic():
            submission.save()
    except IntegrityError as exc:
        raise ValidationError("This project was already submitted.", code="duplicate") from exc
    technologies = skills_from_names(data.technologies)
    submission.technologies.set(technologies)
    members = _submission_members(submission)
    project_publish_from_hackathon(
        source_key=f"hackathon-submission:{submission.pk}",
        hackathon=hackathon,
        title=submission.title,
        description=submission.description,
        repository_url=submission.repository_url,
        demo_url=submission.demo_url,
        technologies=[skill.name for skill in technologies],
        creator=user,
        collaborators=[member for member in members if member.pk != user.pk],
    )
    for member in members:
        points_award(member=member, reason="hackathon_submit", source=submission)
    return submission


def _submission_members(submission: Submission) -> list:
    if submission.team_id:
        return [m.user for m in submission.team.memberships.select_related("user")]
    return [submission.owner] if submission.owner_id else []


def submission_members(submission: Submission) -> list:
    return _submission_members(submission)


def site_url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"
