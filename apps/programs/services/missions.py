"""Missions and their rubrics, submissions (numbered iterations), the mentors' review
queues (first in, first out, never backwards, escalated when stale) and completion."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils import timezone

from apps.core.uploads import generated_name
from apps.learning.models import Enrollment
from apps.learning.services import certificate_issue
from apps.mailer.services import email_enqueue
from apps.notifications.services import notify
from apps.profiles.services import points_award
from apps.programs.models import (
    Cohort,
    CohortMembership,
    Mission,
    MissionSubmission,
    Review,
    SubmissionRelease,
)
from apps.programs.services.enrolment import absolute_url

Sub = MissionSubmission.Status
MAX_CRITERIA = 12
MAX_LEVELS = 6
MAX_POINTS = 100
MAX_QUEUE = 10**9


# --- Rubrics and missions -------------------------------------------------------------------


def rubric_clean(rubric) -> list[dict]:
    """A rubric as stored: [{"name", "description", "levels": [{"label", "points"}]}]."""
    if not isinstance(rubric, list) or not rubric:
        raise ValidationError("A rubric needs at least one criterion.", code="rubric")
    if len(rubric) > MAX_CRITERIA:
        raise ValidationError(f"A rubric has {MAX_CRITERIA} criteria at most.", code="rubric")
    cleaned = []
    for criterion in rubric:
        name = str(criterion.get("name", "")).strip() if isinstance(criterion, dict) else ""
        levels = criterion.get("levels") if isinstance(criterion, dict) else None
        if not name or len(name) > 100:
            raise ValidationError("Each criterion needs a name of 100 characters at most.", code="rubric")
        if not isinstance(levels, list) or not 2 <= len(levels) <= MAX_LEVELS:
            raise ValidationError(f"“{name}” needs 2 to {MAX_LEVELS} levels.", code="rubric")
        clean_levels = []
        for level in levels:
            label = str(level.get("label", "")).strip() if isinstance(level, dict) else ""
            points = level.get("points") if isinstance(level, dict) else None
            if not label or len(label) > 100 or not isinstance(points, int) or not 0 <= points <= MAX_POINTS:
                raise ValidationError(
                    f"Each level of “{name}” needs a label and whole points from 0 to {MAX_POINTS}.",
                    code="rubric",
                )
            clean_levels.append({"label": label, "points": points})
        cleaned.append(
            {
                "name": name,
                "description": str(criterion.get("description", "")).strip()[:500],
                "levels": clean_levels,
            }
        )
    return cleaned


def rubric_parse(text: str) -> list[dict]:
    """The rubric as directors type it, one criterion per line:
    `Name: Level label = points; Level label = points; …`."""
    rubric = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        name, sep, rest = line.partition(":")
        if not sep:
            raise ValidationError(
                f"Line {number}: write “Criterion: Level = points; Level = points”.", code="rubric"
            )
        levels = []
        for part in rest.split(";"):
            label, eq, points = part.partition("=")
            if not eq or not points.strip().isdigit():
                raise ValidationError(f"Line {number}: each level is “label = whole points”.", code="rubric")
            levels.append({"label": label.strip(), "points": int(points.strip())})
        rubric.append({"name": name.strip(), "description": "", "levels": levels})
    return rubric_clean(rubric)


def rubric_text(rubric: list[dict]) -> str:
    return "\n".join(
        f"{c['name']}: " + "; ".join(f"{lv['label']} = {lv['points']}" for lv in c["levels"]) for c in rubric
    )


@dataclass
class MissionData:
    title: str
    brief: str
    due_at: datetime.datetime
    deliverable: str
    rubric: list[dict]


@transaction.atomic
def mission_create(*, program, cohort: Cohort | None = None, data: MissionData) -> Mission:
    if cohort is not None and cohort.program_id != program.pk:
        raise ValidationError("That cohort belongs to another program.")
    mission = Mission(
        program=program, cohort=cohort, title=data.title.strip(), brief=data.brief, due_at=data.due_at,
        deliverable=data.deliverable, rubric=rubric_clean(data.rubric),
    )  # fmt: skip
    mission.full_clean()
    mission.save()
    return mission


@transaction.atomic
def mission_update(*, mission: Mission, data: MissionData) -> Mission:
    """Edit a mission. Its rubric and deliverable are frozen once it is published: learners
    were told how they will be judged, and earlier reviews used it."""
    mission = Mission.objects.select_for_update().get(pk=mission.pk)
    rubric = rubric_clean(data.rubric)
    if mission.is_published and (rubric != mission.rubric or data.deliverable != mission.deliverable):
        raise ValidationError(
            "The rubric and the deliverable are frozen once a mission is published.", code="frozen"
        )
    mission.title, mission.brief, mission.due_at = data.title.strip(), data.brief, data.due_at
    mission.deliverable, mission.rubric = data.deliverable, rubric
    mission.full_clean()
    mission.save()
    return mission


@transaction.atomic
def mission_publish(*, mission: Mission) -> Mission:
    mission = Mission.objects.select_for_update().get(pk=mission.pk)
    if mission.is_published:
        return mission
    mission.rubric = rubric_clean(mission.rubric)
    mission.published_at = timezone.now()
    mission.save(update_fields=["rubric", "published_at"])
    return mission


def missions_for_cohort(cohort: Cohort):
    """The published missions a cohort's learners do: the program's and the cohort's own."""
    return Mission.objects.filter(
        Q(cohort__isnull=True) | Q(cohort=cohort), program_id=cohort.program_id, published_at__isnull=False
    )


# --- Submissions ----------------------------------------------------------------------------


@dataclass
class SubmissionData:
    link: str = ""
    text: str = ""
    file: UploadedFile | None = None
    file_kind: str = ""
    file_name: str = ""


def _queue_lengths(cohort: Cohort) -> dict[int, int]:
    """{mentor id: waiting submissions} for the cohort's mentors (0 for an empty queue)."""
    mentors = list(cohort.mentors.order_by("pk").values_list("pk", flat=True))
    waiting = dict(
        MissionSubmission.objects.filter(status=Sub.WAITING, mentor_id__in=mentors)
        .values_list("mentor_id")
        .annotate(n=Count("pk"))
    )
    return {pk: waiting.get(pk, 0) for pk in mentors}


def _choose_mentor(*, cohort: Cohort, previous: MissionSubmission | None) -> int | None:
    """The mentor who reviewed the earlier iteration, when still on the cohort (they know the
    work); otherwise the one with the shortest queue."""
    lengths = _queue_lengths(cohort)
    if not lengths:
        return None
    if previous is not None and previous.mentor_id in lengths:
        return previous.mentor_id
    return min(lengths, key=lambda pk: (lengths[pk], pk))


@transaction.atomic
def submission_create(*, mission: Mission, member, data: SubmissionData) -> MissionSubmission:
    membership = (
        CohortMembership.objects.select_for_update()
        .select_related("cohort")
        .filter(user=member, program_id=mission.program_id, status=CohortMembership.Status.ACTIVE)
        .first()
    )
    if membership is None or not missions_for_cohort(membership.cohort).filter(pk=mission.pk).exists():
        raise ValidationError("This mission is not part of your cohort.")
    kind = mission.deliverable
    if kind == Mission.Deliverable.LINK and not data.link:
        raise ValidationError({"link": "Give the link to your work."})
    if kind == Mission.Deliverable.TEXT and not data.text.strip():
        raise ValidationError({"text": "Write your answer."})
    if kind == Mission.Deliverable.FILE and data.file is None:
        raise ValidationError({"file": "Choose the file to hand in."})
    earlier = MissionSubmission.objects.filter(mission=mission, member=member).order_by("-iteration")
    previous = earlier.first()
    if previous is not None and previous.status == Sub.WAITING:
        raise ValidationError("Your last iteration is still waiting for its review.", code="waiting")
    if previous is not None and previous.status == Sub.APPROVED:
        raise ValidationError("This mission is already approved.", code="approved")
    now = timezone.now()
    submission = MissionSubmission(
        mission=mission, cohort=membership.cohort, member=member,
        iteration=(earlier.aggregate(n=Max("iteration"))["n"] or 0) + 1,
        link=data.link if kind == Mission.Deliverable.LINK else "",
        text=data.text if kind == Mission.Deliverable.TEXT else "",
        mentor_id=_choose_mentor(cohort=membership.cohort, previous=previous),
        queued_at=now, submitted_at=now,
    )  # fmt: skip
    if kind == Mission.Deliverable.FILE:
        submission.file_kind, submission.file_name = data.file_kind, data.file_name
        data.file.seek(0)
        submission.file.save(generated_name(folder="", extension=data.file_kind), data.file, save=False)
    try:
        with transaction.atomic():
            submission.save()
    except IntegrityError as exc:
        if submission.file:
            submission.file.delete(save=False)
        raise ValidationError("That iteration was just handed in.", code="duplicate") from exc
    membership.last_activity_at = now
    membership.save(update_fields=["last_activity_at"])
    if submission.mentor_id:
        notify(
            recipient=submission.mentor, kind="program", verb=f"handed in “{mission.title}” for review",
            actor=member, target=submission, url=reverse("programs:review-queue"),
        )  # fmt: skip
    return submission


def submission_delete_with_file(*, submission: MissionSubmission) -> None:
    name, storage = submission.file.name, submission.file.storage
    submission.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def cohort_mentor_set(*, cohort: Cohort, user, mentoring: bool) -> bool:
    """Add or remove a mentor of the cohort; says whether anything changed. A removed
    mentor's waiting work leaves their queue and is given to another mentor by the next
    escalation run (unassigned work is picked up at once, whatever its age)."""
    is_mentor = cohort.mentors.filter(pk=user.pk).exists()
    if is_mentor == mentoring:
        return False
    if mentoring:
        cohort.mentors.add(user)
        return True
    cohort.mentors.remove(user)
    MissionSubmission.objects.filter(cohort=cohort, mentor=user, status=Sub.WAITING).update(mentor=None)
    return True


# --- Reviews --------------------------------------------------------------------------------


def queue_for(*, mentor):
    """The mentor's queue, head first."""
    return MissionSubmission.objects.filter(mentor=mentor, status=Sub.WAITING).order_by("queued_at", "pk")


@transaction.atomic
def review_create(
    *, submission: MissionSubmission, mentor, scores: list[int], comment: str, verdict: str
) -> Review:
    """A mentor reviews the submission at the head of their own queue: strictly first in,
    first out, so nobody's work waits behind work handed in after it."""
    submission = (
        MissionSubmission.objects.select_for_update(of=("self",))
        .select_related("mission", "member", "cohort")
        .get(pk=submission.pk)
    )
    if submission.status != Sub.WAITING:
        raise ValidationError("This iteration has already been reviewed.", code="reviewed")
    if submission.mentor_id != mentor.pk:
        raise ValidationError("This submission is in another mentor's queue.", code="not-yours")
    head = queue_for(mentor=mentor).values_list("pk", flat=True).first()
    if head != submission.pk:
        raise ValidationError("Review the oldest submission in your queue first.", code="fifo")
    rubric = submission.mission.rubric
    if not isinstance(scores, list) or len(scores) != len(rubric):
        raise ValidationError("Score every criterion of the rubric.", code="scores")
    points = 0
    for criterion, level in zip(rubric, scores, strict=True):
        if not isinstance(level, int) or not 0 <= level < len(criterion["levels"]):
            raise ValidationError(f"Choose a level for “{criterion['name']}”.", code="scores")
        points += criterion["levels"][level]["points"]
    if verdict not in Review.Verdict.values:
        raise ValidationError("Choose a verdict.", code="verdict")
    if not comment.strip():
        raise ValidationError({"comment": "Write a comment: say what works and what to change."})
    review = Review.objects.create(
        submission=submission,
        mentor=mentor,
        scores=scores,
        points=points,
        comment=comment.strip(),
        verdict=verdict,
    )
    submission.status = Sub.APPROVED if verdict == Review.Verdict.APPROVED else Sub.CHANGES
    submission.save(update_fields=["status"])
    url = reverse("programs:mission-detail", args=[submission.cohort_id, submission.mission_id])
    verb = (
        f"approved your work on “{submission.mission.title}”"
        if verdict == Review.Verdict.APPROVED
        else f"asked for changes to “{submission.mission.title}”"
    )
    notify(recipient=submission.member, kind="program", verb=verb, actor=mentor, target=review, url=url)
    email_enqueue(
        to=submission.member.email,
        template="programs/review_received",
        context={"name": submission.member.first_name or submission.member.handle, "mission": submission.mission.title,
                 "iteration": submission.iteration, "verdict": verdict, "url": absolute_url(url)},
        key=f"programs-review:{review.pk}",
        related=review,
    )  # fmt: skip
    if verdict == Review.Verdict.APPROVED:
        membership = CohortMembership.objects.get(
            program_id=submission.mission.program_id, user=submission.member
        )
        membership_check_complete(membership=membership)
    return review


def queue_position(*, submission: MissionSubmission) -> int | None:
    """1 for the head of the mentor's queue; None when it is not waiting."""
    if submission.status != Sub.WAITING or submission.mentor_id is None:
        return None
    ahead = MissionSubmission.objects.filter(mentor_id=submission.mentor_id, status=Sub.WAITING).filter(
        Q(queued_at__lt=submission.queued_at) | Q(queued_at=submission.queued_at, pk__lt=submission.pk)
    )
    return ahead.count() + 1


def _ahead_of(submission: MissionSubmission, mentor_ids) -> dict[int, int]:
    """{mentor id: waiting submissions handed in before `submission`} in each queue."""
    older = Q(queued_at__lt=submission.queued_at) | Q(queued_at=submission.queued_at, pk__lt=submission.pk)
    return dict(
        MissionSubmission.objects.filter(older, status=Sub.WAITING, mentor_id__in=mentor_ids)
        .values_list("mentor_id")
        .annotate(n=Count("pk"))
    )


def _released_by(submission: MissionSubmission) -> set[int]:
    return set(submission.releases.exclude(mentor=None).values_list("mentor_id", flat=True))


RELEASE_REASON_MIN, RELEASE_REASON_MAX = 10, 500


@transaction.atomic
def submission_release(*, submission: MissionSubmission, mentor, reason: str) -> MissionSubmission:
    """A mentor gives the head of their queue back to the program pool with a reason. It goes
    to another mentor of the cohort who has not released it before — the one where it would
    wait behind the fewest submissions — and keeps its hand-in time (`queued_at`), so it takes
    its place by age there and never moves backwards. With no other mentor it waits unassigned
    (still by age) and the next escalation run gives it to a mentor who joins."""
    submission = (
        MissionSubmission.objects.select_for_update(of=("self",))
        .select_related("mission", "cohort")
        .get(pk=submission.pk)
    )
    reason = (reason or "").strip()
    if not RELEASE_REASON_MIN <= len(reason) <= RELEASE_REASON_MAX:
        raise ValidationError(
            {"reason": f"Say why in {RELEASE_REASON_MIN} to {RELEASE_REASON_MAX} characters."}, code="reason"
        )
    if submission.status != Sub.WAITING:
        raise ValidationError("This iteration has already been reviewed.", code="reviewed")
    if submission.mentor_id != mentor.pk:
        raise ValidationError("This submission is in another mentor's queue.", code="not-yours")
    if queue_for(mentor=mentor).values_list("pk", flat=True).first() != submission.pk:
        raise ValidationError("Only the submission at the head of your queue can be passed on.", code="fifo")
    SubmissionRelease.objects.create(submission=submission, mentor=mentor, reason=reason)
    excluded = _released_by(submission) | {mentor.pk}
    lengths = {pk: n for pk, n in _queue_lengths(submission.cohort).items() if pk not in excluded}
    ahead = _ahead_of(submission, list(lengths))
    submission.mentor_id = (
        min(lengths, key=lambda pk: (ahead.get(pk, 0), lengths[pk], pk)) if lengths else None
    )
    submission.save(update_fields=["mentor"])
    if submission.mentor_id:
        notify(
            recipient=submission.mentor, kind="program",
            verb=f"was passed a submission of “{submission.mission.title}” by another mentor",
            target=submission, url=reverse("programs:review-queue"),
        )  # fmt: skip
    return submission


@transaction.atomic
def queue_escalate_due(*, now: datetime.datetime | None = None) -> int:
    """Offer submissions that waited PROGRAMS_ESCALATE_HOURS in one queue to another mentor
    of the cohort. A submission joins the end of the other queue, so nobody there moves back,
    and it moves only when that gives it a position no worse than the one it has."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(hours=settings.PROGRAMS_ESCALATE_HOURS)
    stale = (
        MissionSubmission.objects.select_for_update(of=("self",))
        .filter(Q(queued_at__lte=cutoff) | Q(mentor__isnull=True), status=Sub.WAITING)
        .select_related("cohort", "mission")
        .order_by("queued_at", "pk")
    )
    moved = 0
    for submission in stale:
        released_by = _released_by(submission)
        lengths = _queue_lengths(submission.cohort)
        lengths.pop(submission.mentor_id, None)
        for pk in released_by:
            lengths.pop(pk, None)
        if not lengths:
            continue
        if released_by and submission.mentor_id is None:
            # Released work keeps its hand-in time: it takes its place by age.
            ahead = _ahead_of(submission, list(lengths))
            submission.mentor_id = min(lengths, key=lambda pk: (ahead.get(pk, 0), lengths[pk], pk))
            submission.save(update_fields=["mentor"])
            notify(
                recipient=submission.mentor, kind="program",
                verb=f"was passed a submission of “{submission.mission.title}” by another mentor",
                target=submission, url=reverse("programs:review-queue"),
            )  # fmt: skip
            moved += 1
            continue
        # An unassigned submission (the cohort had no mentor) takes any place it is given.
        here = (queue_position(submission=submission) or 1) if submission.mentor_id else MAX_QUEUE
        mentor_id = min(lengths, key=lambda pk: (lengths[pk], pk))
        if lengths[mentor_id] + 1 > here:
            continue
        submission.mentor_id = mentor_id
        submission.queued_at = now
        submission.escalated_at = now
        submission.save(update_fields=["mentor", "queued_at", "escalated_at"])
        notify(
            recipient=submission.mentor, kind="program",
            verb=f"was passed a submission of “{submission.mission.title}” that waited over "
                 f"{settings.PROGRAMS_ESCALATE_HOURS} hours",
            target=submission, url=reverse("programs:review-queue"),
        )  # fmt: skip
        moved += 1
    return moved


# --- Completion -----------------------------------------------------------------------------


def courses_left(*, membership: CohortMembership) -> int:
    """The program's courses the member has not completed (the learning app's enrolments)."""
    done = Enrollment.objects.filter(user_id=membership.user_id, completed_at__isnull=False)
    return membership.program.courses.exclude(pk__in=done.values("course_id")).count()


def missions_left(*, membership: CohortMembership) -> int:
    """Published missions of the member's cohort without an approved iteration."""
    approved = MissionSubmission.objects.filter(member_id=membership.user_id, status=Sub.APPROVED)
    return missions_for_cohort(membership.cohort).exclude(pk__in=approved.values("mission_id")).count()


@transaction.atomic
def membership_check_complete(*, membership: CohortMembership) -> bool:
    """Mark the learner complete once every mission of their cohort is approved and every
    course of the program completed."""
    membership = (
        CohortMembership.objects.select_for_update().select_related("cohort", "program").get(pk=membership.pk)
    )
    if membership.status != CohortMembership.Status.ACTIVE:
        return membership.status == CohortMembership.Status.COMPLETED
    if not missions_for_cohort(membership.cohort).exists() or missions_left(membership=membership):
        return False
    if courses_left(membership=membership):
        return False
    membership.status = CohortMembership.Status.COMPLETED
    membership.completed_at = timezone.now()
    membership.save(update_fields=["status", "completed_at"])
    # Points once per program (the ledger keys them on the membership); the badge follows
    # from the completed membership when profiles evaluates badges after the award.
    points_award(member=membership.user, reason="program_complete", source=membership)
    # The learning app's certificate for each of the program's courses (the one it already
    # issued on the course's completion, or a new one): certificates are per course there.
    for course in membership.program.courses.all():
        certificate_issue(user=membership.user, course=course)
    notify(
        recipient=membership.user, kind="program", verb=f"completed {membership.program.title}",
        target=membership, url=reverse("programs:cohort-home", args=[membership.cohort_id]),
    )  # fmt: skip
    return True


def memberships_complete_due() -> int:
    """Complete the active learners whose last course was finished after their last mission
    was approved (the learning app does not call this one)."""
    approved = MissionSubmission.objects.filter(status=Sub.APPROVED).values("member_id")
    done = 0
    for membership in CohortMembership.objects.filter(
        status=CohortMembership.Status.ACTIVE, user_id__in=approved
    ):
        done += membership_check_complete(membership=membership)
    return done
