"""Reads for programs' pages."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from apps.programs.models import (
    Application,
    Cohort,
    CohortMembership,
    Mission,
    MissionSubmission,
    Program,
    Review,
)
from apps.programs.services import missions_for_cohort, queue_position

SEATED = (CohortMembership.Status.ACTIVE, CohortMembership.Status.COMPLETED)
Sub = MissionSubmission.Status
# Reviews a mentor must have made in the window before the site estimates their wait.
ESTIMATE_MIN_REVIEWS = 3
ESTIMATE_WINDOW = datetime.timedelta(days=28)


def with_seats(cohorts: QuerySet) -> QuerySet:
    return cohorts.annotate(seats=Count("memberships", filter=Q(memberships__status__in=SEATED)))


def program_list() -> QuerySet:
    """Published programs with their organization, and their cohorts (seats counted) in
    one more query."""
    return (
        Program.objects.published()
        .select_related("organization")
        .prefetch_related(
            Prefetch("cohorts", queryset=with_seats(Cohort.objects.order_by("starts_on", "pk")))
        )
        .order_by("title", "pk")
    )


def program_get_published(*, slug: str) -> Program:
    return get_object_or_404(Program.objects.published().select_related("organization"), slug=slug)


def cohorts_for_program(*, program: Program, with_mentors: bool = False) -> list[Cohort]:
    cohorts = with_seats(program.cohorts.order_by("starts_on", "pk"))
    if with_mentors:
        cohorts = cohorts.prefetch_related(
            Prefetch("mentors", queryset=get_user_model().objects.order_by("pk"))
        )
    return list(cohorts)


def cohorts_accepting(*, program: Program) -> QuerySet:
    now = timezone.now()
    return program.cohorts.filter(applications_open_at__lte=now, applications_close_at__gt=now).order_by(
        "starts_on", "pk"
    )


def live_application(*, program: Program, user) -> Application | None:
    if not user.is_authenticated:
        return None
    return (
        Application.objects.filter(
            program=program, applicant=user, status__in=["pending", "accepted", "waitlisted"]
        )
        .select_related("cohort")
        .first()
    )


def waitlist_position(*, application: Application) -> int | None:
    if application.status != Application.Status.WAITLISTED:
        return None
    ahead = Application.objects.filter(
        cohort_id=application.cohort_id, status=Application.Status.WAITLISTED
    ).filter(
        Q(waitlisted_at__lt=application.waitlisted_at)
        | Q(waitlisted_at=application.waitlisted_at, pk__lt=application.pk)
    )
    return ahead.count() + 1


def applications_for_member(*, user) -> QuerySet:
    """The member's applications, each waitlisted one with `waitlist_ahead`: the people
    before it on its cohort's waiting list (in the same query)."""
    ahead = (
        Application.objects.filter(
            cohort=OuterRef("cohort"),
            status=Application.Status.WAITLISTED,
            waitlisted_at__lt=OuterRef("waitlisted_at"),
        )
        .order_by()
        .values("cohort")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Application.objects.filter(applicant=user)
        .select_related("program", "cohort")
        .annotate(waitlist_ahead=Coalesce(Subquery(ahead), 0))
        .order_by("-created_at", "-pk")
    )


def applications_for_review(*, program: Program, status: str = "") -> QuerySet:
    rows = Application.objects.filter(program=program).select_related("applicant", "cohort")
    if status:
        rows = rows.filter(status=status)
    # Waiting ones first, oldest first: the order they should be decided in.
    return rows.order_by("created_at", "pk")


# --- Cohort home ----------------------------------------------------------------------------


@dataclass
class MissionRow:
    mission: Mission
    latest: MissionSubmission | None

    @property
    def state(self) -> str:
        if self.latest is None:
            return "overdue" if self.mission.due_at < timezone.now() else "to do"
        return self.latest.get_status_display()


def cohort_missions(*, cohort: Cohort, member=None) -> list[MissionRow]:
    missions = list(missions_for_cohort(cohort).order_by("due_at", "pk"))
    latest: dict[int, MissionSubmission] = {}
    if member is not None:
        for submission in MissionSubmission.objects.filter(
            member=member, mission__in=[m.pk for m in missions]
        ).order_by("mission_id", "iteration"):
            latest[submission.mission_id] = submission
    return [MissionRow(mission=m, latest=latest.get(m.pk)) for m in missions]


def cohort_members(*, cohort: Cohort) -> QuerySet:
    return (
        CohortMembership.objects.filter(cohort=cohort, status__in=SEATED)
        .select_related("user")
        .order_by("joined_at", "pk")
    )


def mission_get_for_cohort(*, cohort: Cohort, pk: int) -> Mission:
    return get_object_or_404(missions_for_cohort(cohort), pk=pk)


def submissions_of(*, mission: Mission, member) -> list[MissionSubmission]:
    return list(
        MissionSubmission.objects.filter(mission=mission, member=member)
        .select_related("review__mentor", "mentor")
        .order_by("-iteration")
    )


@dataclass
class Wait:
    position: int
    reviews_per_week: float | None  # None: too few recent reviews to estimate

    @property
    def expected_days(self) -> int | None:
        if not self.reviews_per_week:
            return None
        return max(1, round(self.position / self.reviews_per_week * 7))


def expected_wait(*, submission: MissionSubmission) -> Wait | None:
    """The submission's place in its mentor's queue, and how long that has recently meant:
    the mentor's reviews in the past four weeks. Too few of them and no estimate is given."""
    position = queue_position(submission=submission)
    if position is None:
        return None
    since = timezone.now() - ESTIMATE_WINDOW
    done = Review.objects.filter(mentor_id=submission.mentor_id, created_at__gte=since).count()
    rate = done / (ESTIMATE_WINDOW.days / 7) if done >= ESTIMATE_MIN_REVIEWS else None
    return Wait(position=position, reviews_per_week=rate)


def escalate_hours() -> int:
    return settings.PROGRAMS_ESCALATE_HOURS


def review_queue(*, mentor) -> QuerySet:
    return (
        MissionSubmission.objects.filter(mentor=mentor, status=Sub.WAITING)
        .select_related("mission", "member", "cohort__program")
        .order_by("queued_at", "pk")
    )


def submission_get_for_mentor(*, mentor, pk: int) -> MissionSubmission:
    return get_object_or_404(
        MissionSubmission.objects.select_related("mission", "member", "cohort__program"), pk=pk, mentor=mentor
    )


# --- The member's dashboard -----------------------------------------------------------------


@dataclass
class MemberPrograms:
    membership: CohortMembership | None
    missions: list[MissionRow]
    open_applications: list[Application]

    @property
    def to_do(self) -> list[MissionRow]:
        return [row for row in self.missions if row.latest is None or row.latest.status == Sub.CHANGES]

    @property
    def next_deadline(self) -> MissionRow | None:
        now = timezone.now()
        upcoming = [row for row in self.to_do if row.mission.due_at >= now]
        return upcoming[0] if upcoming else None


def member_programs(*, user) -> MemberPrograms:
    """The member's current cohort (the newest they are active in, else completed), its
    missions with their latest iteration, and applications still waiting for a decision."""
    membership = (
        CohortMembership.objects.filter(user=user, status__in=SEATED)
        .select_related("cohort__program")
        .order_by("status", "-joined_at")  # "active" sorts before "completed"
        .first()
    )
    missions = cohort_missions(cohort=membership.cohort, member=user) if membership else []
    open_applications = list(
        Application.objects.filter(applicant=user, status__in=["pending", "waitlisted"]).select_related(
            "program", "cohort"
        )
    )
    return MemberPrograms(membership=membership, missions=missions, open_applications=open_applications)
