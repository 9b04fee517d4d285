"""Reads for the hackathon pages: the filtered list, a hackathon with what its page shows,
teams looking for people, and the home page's featured hackathons."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from apps.core.pagecache import cache_value
from apps.core.permissions import is_verified_staff
from apps.hackathons.models import (
    Hackathon,
    HackathonParticipation,
    JoinRequest,
    Judge,
    Prize,
    Status,
    Submission,
    Team,
    TeamMembership,
)
from apps.profiles.models import PointsEntry, Skill

SORTS = {
    "soonest": "Starting soonest",
    "newest": "Newest",
    "prize": "Biggest prize",
}


@dataclass(frozen=True)
class ListFilters:
    status: str = ""
    difficulty: str = ""
    mode: str = ""
    technology: str = ""  # a Skill key
    q: str = ""
    sort: str = "soonest"


def hackathon_list(*, filters: ListFilters) -> QuerySet[Hackathon]:
    """Hackathons matching `filters`, every filter applied in SQL so pages stay cheap. Each row
    holds its card's key alone: `hackathons_for_cards` reads those whose card is not drawn."""
    now = timezone.now()
    qs = Hackathon.objects.only(*Hackathon.CARD_ROW_FIELDS)
    if filters.status:
        qs = qs.with_status(filters.status, now=now)
    if filters.difficulty:
        qs = qs.filter(difficulty=filters.difficulty)
    if filters.mode:
        qs = qs.filter(mode=filters.mode)
    if filters.technology:
        qs = qs.filter(
            Exists(
                Hackathon.technologies.through.objects.filter(
                    hackathon_id=OuterRef("pk"), skill__key=filters.technology
                )
            )
        )
    if filters.q:
        qs = qs.filter(
            Q(title__icontains=filters.q) | Q(tagline__icontains=filters.q) | Q(city__icontains=filters.q)
        )
    if filters.sort == "newest":
        return qs.order_by("-created_at", "-id")
    if filters.sort == "prize":
        return qs.order_by("-prize_total", "starts_at", "id")
    if filters.status in ("", Status.UPCOMING, Status.OPEN, Status.RUNNING):
        if not filters.status:
            # The default view is what one can still take part in (upcoming, open, running);
            # the status filter shows those being judged and the ended ones.
            qs = qs.taking_part(now=now)
        return qs.order_by("starts_at", "id")
    # Judging and ended: the most recent first.
    return qs.order_by("-starts_at", "-id")


TECHNOLOGY_CHOICES_SECONDS = 600


@cache_value(
    "hackathons", "profiles.skill", key="hackathons:technology-choices", seconds=TECHNOLOGY_CHOICES_SECONDS
)
def technology_choices() -> list[tuple[str, str]]:
    """Skills used by at least one hackathon, for the technology filter. Shared through the
    cache and renewed by any hackathon or skill change: at 10,000 hackathons the read would
    otherwise run on every full list page."""
    used = Hackathon.technologies.through.objects.filter(skill_id=OuterRef("pk"))
    return list(Skill.objects.filter(Exists(used)).order_by("name").values_list("key", "name"))


def hackathons_for_cards(pks: list[int]) -> QuerySet[Hackathon]:
    """The rows of `pks` with what their cards show (hackathons/_cards.html)."""
    # Cards never show the long Markdown fields.
    return (
        Hackathon.objects.filter(pk__in=pks)
        .defer("description", "rules", "requirements")
        .prefetch_related(Prefetch("technologies", queryset=Skill.objects.only("id", "name", "key")))
    )


def hackathon_list_featured(*, limit: int = 3) -> list[Hackathon]:
    """For the home page: hackathons a visitor can still join (registration open, not full),
    the earliest start first (those under way can be joined and submitted to today). Two queries
    (hackathons, their technologies)."""
    now = timezone.now()
    return list(
        Hackathon.objects.filter(
            registration_opens_at__lte=now, registration_deadline__gt=now, submission_deadline__gt=now
        )
        .filter(Q(max_participants__isnull=True) | Q(participant_count__lt=F("max_participants")))
        .select_related("organiser")
        .prefetch_related("technologies")
        .order_by("starts_at", "-prize_total")[:limit]
    )


def hackathon_get(*, slug: str) -> Hackathon:
    """The hackathon alone (pages other than its detail page), or 404."""
    hackathon = Hackathon.objects.filter(slug=slug).first()
    if hackathon is None:
        raise Http404("No such hackathon.")
    return hackathon


def hackathon_get_for_detail(*, slug: str) -> Hackathon:
    hackathon = (
        Hackathon.objects.filter(slug=slug)
        .select_related("organiser")
        .prefetch_related(
            "technologies", "tracks", Prefetch("prizes", queryset=Prize.objects.select_related("track"))
        )
        .first()
    )
    if hackathon is None:
        raise Http404("No such hackathon.")
    return hackathon


def participants_recent(*, hackathon: Hackathon, limit: int = 24) -> list[HackathonParticipation]:
    return list(hackathon.participations.select_related("user").order_by("-joined_at", "-id")[:limit])


def _teams_queryset(hackathon: Hackathon) -> QuerySet[Team]:
    return (
        Team.objects.filter(hackathon=hackathon)
        .select_related("leader")
        .prefetch_related(
            "looking_for", Prefetch("memberships", queryset=TeamMembership.objects.select_related("user"))
        )
        .order_by("created_at", "id")
    )


def teams_with_members(*, hackathon: Hackathon) -> list[Team]:
    """Every team with its leader, members and wanted skills (three queries)."""
    teams = list(_teams_queryset(hackathon))
    for team in teams:
        team.hackathon = hackathon  # for get_absolute_url, without a query per team
    return teams


def team_get_with_members(*, hackathon: Hackathon, team_id: int) -> Team:
    team = _teams_queryset(hackathon).filter(pk=team_id).first()
    if team is None:
        raise Http404("No such team.")
    team.hackathon = hackathon
    return team


def member_skill_ids(*, hackathon: Hackathon, user) -> set[int]:
    """Skills to match teams against, in one query: the skills on the member's profile
    (profiles.Profile.skills) and those they listed when joining this hackathon."""
    joined = HackathonParticipation.skills.through.objects.filter(
        hackathonparticipation__hackathon=hackathon, hackathonparticipation__user=user
    ).values("skill_id")
    return set(
        Skill.objects.filter(Q(profiles__user=user) | Q(pk__in=joined))
        .values_list("pk", flat=True)
        .distinct()
    )


def teams_looking(*, hackathon: Hackathon, user=None, teams: list[Team] | None = None) -> list[Team]:
    """Teams with room for more, best skill match with `user` first (then the newest).
    Each team gets `.match_count` and `.open_places`. Pass `teams` (from
    teams_with_members) when the page already loaded them."""
    if teams is None:
        teams = teams_with_members(hackathon=hackathon)
    teams = [t for t in teams if t.member_count < hackathon.max_team_size]
    skill_ids = member_skill_ids(hackathon=hackathon, user=user) if user and user.is_authenticated else set()
    for team in teams:
        wanted = {s.pk for s in team.looking_for.all()}
        team.match_count = len(wanted & skill_ids)
        team.open_places = hackathon.max_team_size - team.member_count
    teams.sort(key=lambda t: (-t.match_count, -t.created_at.timestamp()))
    return teams


@dataclass
class MemberState:
    participating: bool = False
    team: Team | None = None
    submission: Submission | None = None
    is_judge: bool = False
    can_manage: bool = False
    pending_request_team_ids: frozenset[int] = frozenset()


def member_state(*, hackathon: Hackathon, user, with_requests: bool = False) -> MemberState:
    """What the page needs to know about the viewer: two queries (three with requests)."""
    from apps.hackathons.organising import can_manage

    if not user.is_authenticated:
        return MemberState()
    row = (
        Hackathon.objects.filter(pk=hackathon.pk)
        .annotate(
            joined=Exists(HackathonParticipation.objects.filter(hackathon=OuterRef("pk"), user=user)),
            judging=Exists(Judge.objects.filter(hackathon=OuterRef("pk"), user=user)),
            team_id=Subquery(
                TeamMembership.objects.filter(hackathon=OuterRef("pk"), user=user).values("team_id")[:1]
            ),
        )
        .values("joined", "judging", "team_id")
        .get()
    )
    team = submission = None
    if row["team_id"]:
        team = Team.objects.select_related("leader", "submission").get(pk=row["team_id"])
        submission = getattr(team, "submission", None)
    else:
        submission = Submission.objects.filter(hackathon=hackathon, owner=user, team__isnull=True).first()
    pending: frozenset[int] = frozenset()
    if with_requests:
        pending = frozenset(
            JoinRequest.objects.filter(
                team__hackathon=hackathon, user=user, state=JoinRequest.State.PENDING
            ).values_list("team_id", flat=True)
        )
    manages = (is_verified_staff(user) or hackathon.organiser_id == user.pk) and can_manage(
        user=user, hackathon=hackathon
    )
    return MemberState(
        participating=row["joined"],
        team=team,
        submission=submission,
        is_judge=row["judging"],
        can_manage=manages,
        pending_request_team_ids=pending,
    )


def leaderboard(*, hackathon: Hackathon) -> list[Submission]:
    return list(
        Submission.objects.filter(hackathon=hackathon, rank__isnull=False)
        .select_related("team", "owner", "track")
        .order_by("rank")
    )


def teams_open(*, hackathon: Hackathon, limit: int = 10) -> list[Team]:
    """Teams with room for more people, newest first (one query)."""
    teams = list(
        Team.objects.filter(hackathon=hackathon, member_count__lt=hackathon.max_team_size)
        .select_related("leader")
        .order_by("-created_at", "-id")[:limit]
    )
    for team in teams:
        team.hackathon = hackathon  # for get_absolute_url, without a query per team
    return teams


def leaderboard_preview(hackathon: Hackathon, ranked: list) -> list[Submission]:
    """The live ranking as unsaved Submission objects carrying rank, score and track win."""
    submissions = (
        Submission.objects.filter(hackathon=hackathon).select_related("team", "owner", "track").in_bulk()
    )
    rows = []
    for item in ranked:
        submission = submissions[item.submission_id]
        submission.rank, submission.final_score, submission.track_winner = (
            item.rank,
            item.score,
            item.track_winner,
        )
        rows.append(submission)
    return rows


def hackathon_history_for_member(*, member, with_wins: bool = True, limit: int = 10) -> list[dict]:
    """The hackathons the member joined, newest first, marking the ones they won (one query):
    a win is a hackathon_win line of the points ledger for one of that hackathon's
    submissions."""
    joined = (
        HackathonParticipation.objects.filter(user=member).select_related("hackathon").order_by("-joined_at")
    )
    if with_wins:
        winning = PointsEntry.objects.filter(
            member=member, reason=PointsEntry.Reason.HACKATHON_WIN, source_type__model="submission",
            source_type__app_label="hackathons",
            source_id__in=Submission.objects.filter(hackathon_id=OuterRef(OuterRef("hackathon_id"))).values("pk"),
        )  # fmt: skip
        joined = joined.annotate(won=Exists(winning))
    return [
        {
            "title": p.hackathon.title,
            "url": p.hackathon.get_absolute_url(),
            "joined": p.joined_at,
            "won": bool(getattr(p, "won", False)),
        }
        for p in joined[:limit]
    ]
