"""The numbers on the director and sponsor dashboards, and their charts.

Every figure is computed from a handful of grouped queries per cohort; nothing is stored.
Charts are plain SVG drawn on the server (`Bar` rows fed to one template), each with a
title, a description and the same numbers as a table beside it.
"""

from __future__ import annotations

import datetime
import statistics
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, F, Q
from django.utils import timezone

from apps.programs.models import Application, Cohort, CohortMembership, Mission, MissionSubmission, Review
from apps.programs.services import missions_for_cohort

M = CohortMembership.Status
IDLE_DAYS = 14
MISSED_FOR_RISK = 2


@dataclass
class Bar:
    label: str
    value: int
    of: int  # the largest value in the chart: bars are drawn relative to it

    @property
    def percent(self) -> int:
        return round(100 * self.value / self.of) if self.of else 0


def bars(pairs: list[tuple[str, int]]) -> list[Bar]:
    top = max((value for _label, value in pairs), default=0)
    return [Bar(label=label, value=value, of=top) for label, value in pairs]


def percentile(values: list[float], fraction: float) -> float | None:
    """The nearest-rank percentile (p90 of ten values is the ninth smallest)."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, -(-int(fraction * 100) * len(ordered) // 100))
    return ordered[rank - 1]


@dataclass
class AtRisk:
    membership: CohortMembership
    idle_days: int
    missed: int


@dataclass
class CohortStats:
    cohort: Cohort
    funnel: list[Bar]
    missions: list[Bar]
    review_hours_median: float | None
    review_hours_p90: float | None
    reviews: int
    at_risk: list[AtRisk] = field(default_factory=list)

    @property
    def funnel_numbers(self) -> dict[str, int]:
        return {bar.label: bar.value for bar in self.funnel}


def cohort_stats(cohort: Cohort, *, now: datetime.datetime | None = None) -> CohortStats:
    now = now or timezone.now()
    applied = Application.objects.filter(cohort=cohort).count()
    memberships = list(CohortMembership.objects.filter(cohort=cohort).select_related("user"))
    seated = [m for m in memberships if m.status != M.WITHDRAWN]
    seated_ids = [m.user_id for m in seated]
    submitters = set(
        MissionSubmission.objects.filter(cohort=cohort, member_id__in=seated_ids).values_list(
            "member_id", flat=True
        )
    )
    active = sum(1 for m in seated if m.status == M.COMPLETED or m.user_id in submitters)
    completed = sum(1 for m in seated if m.status == M.COMPLETED)
    funnel = bars(
        [("Applied", applied), ("Accepted", len(memberships)), ("Active", active), ("Completed", completed)]
    )

    missions = list(missions_for_cohort(cohort).order_by("due_at", "pk"))
    approved = dict(
        MissionSubmission.objects.filter(cohort=cohort, status=MissionSubmission.Status.APPROVED)
        .values_list("mission_id")
        .annotate(n=Count("member_id", distinct=True))
    )
    mission_bars = [Bar(label=m.title, value=approved.get(m.pk, 0), of=max(len(seated), 1)) for m in missions]

    hours = [
        (reviewed - submitted).total_seconds() / 3600
        for reviewed, submitted in Review.objects.filter(submission__cohort=cohort).values_list(
            "created_at", "submission__submitted_at"
        )
    ]
    stats = CohortStats(
        cohort=cohort, funnel=funnel, missions=mission_bars,
        review_hours_median=round(statistics.median(hours), 1) if hours else None,
        review_hours_p90=round(percentile(hours, 0.9), 1) if hours else None,
        reviews=len(hours),
    )  # fmt: skip
    stats.at_risk = at_risk(cohort=cohort, memberships=[m for m in seated if m.status == M.ACTIVE],
                            missions=missions, now=now)  # fmt: skip
    return stats


def at_risk(
    *, cohort: Cohort, memberships: list[CohortMembership], missions: list[Mission], now
) -> list[AtRisk]:
    """Active learners with no activity for IDLE_DAYS, or MISSED_FOR_RISK missions past
    their due date without anything handed in by then."""
    due = [m for m in missions if m.due_at < now]
    first_in: dict[tuple[int, int], datetime.datetime] = {}
    for member_id, mission_id, submitted_at in MissionSubmission.objects.filter(
        cohort=cohort, iteration=1
    ).values_list("member_id", "mission_id", "submitted_at"):
        first_in[(member_id, mission_id)] = submitted_at
    rows = []
    for membership in memberships:
        missed = sum(
            1
            for m in due
            if (handed := first_in.get((membership.user_id, m.pk))) is None or handed > m.due_at
        )
        idle = (now - membership.last_activity_at).days
        if idle >= IDLE_DAYS or missed >= MISSED_FOR_RISK:
            rows.append(AtRisk(membership=membership, idle_days=idle, missed=missed))
    return rows


def director_stats(programs) -> list[tuple]:
    """[(program, [CohortStats, …], [Mission, …]), …] for the programs the director runs
    (missions drafts included, for editing)."""
    result = []
    for program in programs.order_by("title", "pk"):
        cohorts = program.cohorts.order_by("starts_on", "pk")
        missions = list(program.missions.select_related("cohort").order_by("due_at", "pk"))
        result.append((program, [cohort_stats(cohort) for cohort in cohorts], missions))
    return result


# --- Sponsor -----------------------------------------------------------------------------


@dataclass
class SponsorCohort:
    cohort: Cohort
    learners: int
    completed: int
    certificates: int
    missions_approved: int
    quotes: list[str]

    @property
    def completion_percent(self) -> int:
        return round(100 * self.completed / self.learners) if self.learners else 0


def sponsor_stats(organization) -> list[SponsorCohort]:
    """Aggregates only, for the cohorts the organization sponsors: counts, completion and
    the quotes learners chose to share, without names. Nothing names or links a person."""
    cohorts = list(organization.cohorts_sponsored.select_related("program").order_by("starts_on", "pk"))
    ids = [c.pk for c in cohorts]
    counts = {
        row["cohort_id"]: row
        for row in CohortMembership.objects.filter(cohort_id__in=ids)
        .exclude(status=M.WITHDRAWN)
        .values("cohort_id")
        .annotate(learners=Count("pk"), completed=Count("pk", filter=Q(status=M.COMPLETED)))
    }
    approved = dict(
        MissionSubmission.objects.filter(cohort_id__in=ids, status=MissionSubmission.Status.APPROVED)
        .values_list("cohort_id")
        .annotate(n=Count("pk"))
    )
    quotes: dict[int, list[str]] = defaultdict(list)
    for cohort_id, quote in (
        CohortMembership.objects.filter(cohort_id__in=ids, quote_shared=True)
        .exclude(quote="")
        .order_by("pk")
        .values_list("cohort_id", "quote")
    ):
        quotes[cohort_id].append(quote)
    certificates = _certificates_by_cohort(cohorts)
    rows = []
    for cohort in cohorts:
        row = counts.get(cohort.pk, {"learners": 0, "completed": 0})
        rows.append(
            SponsorCohort(
                cohort=cohort,
                learners=row["learners"],
                completed=row["completed"],
                certificates=certificates.get(cohort.pk, 0),
                missions_approved=approved.get(cohort.pk, 0),
                quotes=quotes.get(cohort.pk, []),
            )
        )
    return rows


def _certificates_by_cohort(cohorts: list[Cohort]) -> dict[int, int]:
    """{cohort id: certificates the learning app issued to its learners for the program's
    courses} (revoked ones left out), in one query."""
    rows = (
        CohortMembership.objects.filter(cohort__in=cohorts)
        .exclude(status=M.WITHDRAWN)
        .filter(
            user__certificates__course__programs=F("program"),
            user__certificates__revoked_at__isnull=True,
        )
        .values("cohort_id")
        .annotate(n=Count("user__certificates", distinct=True))
    )
    return {row["cohort_id"]: row["n"] for row in rows}


def director_csv_rows(programs) -> list[list]:
    rows = [["program", "cohort", "applied", "accepted", "active", "completed", "reviews",
             "review_hours_median", "review_hours_p90", "at_risk"]]  # fmt: skip
    for program, cohorts, _missions in director_stats(programs):
        for stats in cohorts:
            n = stats.funnel_numbers
            rows.append([
                program.title, stats.cohort.name, n["Applied"], n["Accepted"], n["Active"], n["Completed"],
                stats.reviews, stats.review_hours_median, stats.review_hours_p90, len(stats.at_risk),
            ])  # fmt: skip
    return rows
