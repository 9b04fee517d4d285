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

from django.db.models import Count, F, OuterRef, Prefetch, Q, Subquery
from django.utils import timezone

from apps.learning.models import Attempt, LessonProgress
from apps.programs.models import Application, Cohort, CohortMembership, Mission, MissionSubmission, Review

M = CohortMembership.Status
IDLE_DAYS = 14
MISSED_FOR_RISK = 2


def with_learning_activity(memberships):
    """Annotate each membership with the member's latest lesson completion and exercise
    attempt in the learning app since joining the cohort (two subqueries in the same query,
    so the count of queries does not change)."""
    lesson = LessonProgress.objects.filter(
        user_id=OuterRef("user_id"), completed_at__gte=OuterRef("joined_at")
    )
    attempt = Attempt.objects.filter(user_id=OuterRef("user_id"), created_at__gte=OuterRef("joined_at"))
    return memberships.annotate(
        last_lesson_at=Subquery(lesson.order_by("-completed_at").values("completed_at")[:1]),
        last_attempt_at=Subquery(attempt.order_by("-created_at").values("created_at")[:1]),
    )


def learned_since_joining(membership: CohortMembership) -> bool:
    return bool(getattr(membership, "last_lesson_at", None) or getattr(membership, "last_attempt_at", None))


def last_active(membership: CohortMembership) -> datetime.datetime:
    """The latest of programs activity (joining, handing in) and learning activity (a lesson
    completed, an exercise attempted) since joining."""
    times = [membership.last_activity_at, getattr(membership, "last_lesson_at", None),
             getattr(membership, "last_attempt_at", None)]  # fmt: skip
    return max(t for t in times if t is not None)


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
    return cohorts_stats([cohort], now=now)[0]


def cohorts_stats(cohorts: list[Cohort], *, now: datetime.datetime | None = None) -> list[CohortStats]:
    """The figures of several cohorts, in the same seven queries however many there are."""
    now = now or timezone.now()
    ids = [c.pk for c in cohorts]
    applied = dict(
        Application.objects.filter(cohort_id__in=ids)
        .values_list("cohort_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    memberships: dict[int, list[CohortMembership]] = defaultdict(list)
    for membership in with_learning_activity(
        CohortMembership.objects.filter(cohort_id__in=ids).select_related("user").order_by("pk")
    ):
        memberships[membership.cohort_id].append(membership)
    submitters = set(
        MissionSubmission.objects.filter(cohort_id__in=ids).values_list("cohort_id", "member_id").distinct()
    )
    program_missions: dict[int, list[Mission]] = defaultdict(list)
    for mission in Mission.objects.filter(
        program_id__in={c.program_id for c in cohorts}, published_at__isnull=False
    ).order_by("due_at", "pk"):
        program_missions[mission.program_id].append(mission)
    approved = {
        (cohort_id, mission_id): n
        for cohort_id, mission_id, n in MissionSubmission.objects.filter(
            cohort_id__in=ids, status=MissionSubmission.Status.APPROVED
        )
        .values_list("cohort_id", "mission_id")
        .annotate(n=Count("member_id", distinct=True))
        .order_by()
    }
    hours: dict[int, list[float]] = defaultdict(list)
    for cohort_id, reviewed, submitted in Review.objects.filter(submission__cohort_id__in=ids).values_list(
        "submission__cohort_id", "created_at", "submission__submitted_at"
    ):
        hours[cohort_id].append((reviewed - submitted).total_seconds() / 3600)
    first_in: dict[tuple[int, int], datetime.datetime] = {}
    for member_id, mission_id, submitted_at in MissionSubmission.objects.filter(
        cohort_id__in=ids, iteration=1
    ).values_list("member_id", "mission_id", "submitted_at"):
        first_in[(member_id, mission_id)] = submitted_at

    result = []
    for cohort in cohorts:
        everyone = memberships[cohort.pk]
        seated = [m for m in everyone if m.status != M.WITHDRAWN]
        # Active: completed, handed work in, or learned in the learning app since joining.
        active = sum(
            1
            for m in seated
            if m.status == M.COMPLETED or (cohort.pk, m.user_id) in submitters or learned_since_joining(m)
        )
        completed = sum(1 for m in seated if m.status == M.COMPLETED)
        missions = [m for m in program_missions[cohort.program_id] if m.cohort_id in (None, cohort.pk)]
        own = hours[cohort.pk]
        result.append(
            CohortStats(
                cohort=cohort,
                funnel=bars(
                    [
                        ("Applied", applied.get(cohort.pk, 0)),
                        ("Accepted", len(everyone)),
                        ("Active", active),
                        ("Completed", completed),
                    ]
                ),
                missions=[
                    Bar(label=m.title, value=approved.get((cohort.pk, m.pk), 0), of=max(len(seated), 1))
                    for m in missions
                ],
                review_hours_median=round(statistics.median(own), 1) if own else None,
                review_hours_p90=round(percentile(own, 0.9), 1) if own else None,
                reviews=len(own),
                at_risk=at_risk(
                    memberships=[m for m in seated if m.status == M.ACTIVE],
                    missions=missions,
                    first_in=first_in,
                    now=now,
                ),
            )
        )
    return result


def at_risk(
    *, memberships: list[CohortMembership], missions: list[Mission], first_in: dict, now
) -> list[AtRisk]:
    """Active learners with no activity (programs or learning, `last_active`) for IDLE_DAYS, or MISSED_FOR_RISK missions past
    their due date without anything handed in by then (`first_in`: {(member, mission): when
    the first iteration came})."""
    due = [m for m in missions if m.due_at < now]
    rows = []
    for membership in memberships:
        missed = sum(
            1
            for m in due
            if (handed := first_in.get((membership.user_id, m.pk))) is None or handed > m.due_at
        )
        idle = (now - last_active(membership)).days
        if idle >= IDLE_DAYS or missed >= MISSED_FOR_RISK:
            rows.append(AtRisk(membership=membership, idle_days=idle, missed=missed))
    return rows


def director_stats(programs) -> list[tuple]:
    """[(program, [CohortStats, …], [Mission, …]), …] for the programs the director runs
    (missions drafts included, for editing), in a fixed number of queries."""
    programs = list(
        programs.order_by("title", "pk").prefetch_related(
            Prefetch("cohorts", queryset=Cohort.objects.order_by("starts_on", "pk")),
            Prefetch("missions", queryset=Mission.objects.select_related("cohort").order_by("due_at", "pk")),
        )
    )
    cohorts = [cohort for program in programs for cohort in program.cohorts.all()]
    stats = {item.cohort.pk: item for item in cohorts_stats(cohorts)}
    return [
        (program, [stats[c.pk] for c in program.cohorts.all()], list(program.missions.all()))
        for program in programs
    ]


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


COHORT_COLUMNS = ["program", "cohort", "applied", "accepted", "active", "completed", "reviews",
                  "review_hours_median", "review_hours_p90", "at_risk"]  # fmt: skip


def director_cohort_rows(programs) -> list[list]:
    """One row per cohort of the programs (COHORT_COLUMNS): the dashboard's figures."""
    rows = []
    for program, cohorts, _missions in director_stats(programs):
        for stats in cohorts:
            n = stats.funnel_numbers
            rows.append([
                program.title, stats.cohort.name, n["Applied"], n["Accepted"], n["Active"], n["Completed"],
                stats.reviews, stats.review_hours_median, stats.review_hours_p90, len(stats.at_risk),
            ])  # fmt: skip
    return rows


def director_cohort_count(programs) -> int:
    """How many rows director_cohort_rows gives."""
    return Cohort.objects.filter(program__in=programs).count()


def director_learner_count(programs) -> int:
    """How many rows director_learner_rows gives."""
    return CohortMembership.objects.filter(cohort__program__in=programs).count()


LEARNER_COLUMNS = ["program", "cohort", "learner", "handle", "status", "joined", "missions_approved",
                   "idle_days", "at_risk", "completed"]  # fmt: skip


def director_learner_rows(programs, *, now: datetime.datetime | None = None) -> list[list]:
    """One row per learner of the director's cohorts (LEARNER_COLUMNS; those who left
    included), in a fixed number of queries: where each one is, and why they are at risk
    when they are."""
    now = now or timezone.now()
    cohorts = list(
        Cohort.objects.filter(program__in=programs)
        .select_related("program")
        .order_by("program__title", "starts_on", "pk")
    )
    ids = [c.pk for c in cohorts]
    approved = {
        (cohort_id, member_id): n
        for cohort_id, member_id, n in MissionSubmission.objects.filter(
            cohort_id__in=ids, status=MissionSubmission.Status.APPROVED
        )
        .values_list("cohort_id", "member_id")
        .annotate(n=Count("mission_id", distinct=True))
        .order_by()
    }
    risks = {row.membership.pk: row for stats in cohorts_stats(cohorts, now=now) for row in stats.at_risk}
    by_pk = {c.pk: c for c in cohorts}
    rows = []
    memberships = with_learning_activity(
        CohortMembership.objects.filter(cohort_id__in=ids)
        .select_related("user")
        .order_by("cohort_id", "joined_at", "pk")
    )
    for membership in memberships:
        cohort, risk = by_pk[membership.cohort_id], risks.get(membership.pk)
        reasons = []
        if risk and risk.missed >= MISSED_FOR_RISK:
            reasons.append(f"{risk.missed} missed deadlines")
        if risk and risk.idle_days >= IDLE_DAYS:
            reasons.append(f"no activity for {risk.idle_days} days")
        rows.append([
            cohort.program.title, cohort.name, membership.user.display_name, membership.user.handle,
            membership.get_status_display(), membership.joined_at.date().isoformat(),
            approved.get((cohort.pk, membership.user_id), 0), (now - last_active(membership)).days,
            "; ".join(reasons), membership.completed_at.date().isoformat() if membership.completed_at else "",
        ])  # fmt: skip
    return rows
