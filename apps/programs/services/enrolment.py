"""Applying to a program, deciding applications, holding seats, the waiting list."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from apps.mailer.services import email_enqueue
from apps.notifications.services import notify
from apps.programs.models import (
    Announcement,
    Application,
    Cohort,
    CohortMembership,
    OrganizationMember,
    Program,
)

Status = Application.Status
LIVE = (Status.PENDING, Status.ACCEPTED, Status.WAITLISTED)
SEATED = (CohortMembership.Status.ACTIVE, CohortMembership.Status.COMPLETED)


def absolute_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


@dataclass
class ApplicationData:
    motivation: str
    availability: str
    links: str = ""


def seats_taken(*, cohort: Cohort) -> int:
    return CohortMembership.objects.filter(cohort=cohort, status__in=SEATED).count()


def _lock_cohort(cohort: Cohort) -> Cohort:
    """Every change to who holds a seat in a cohort locks the cohort row first, so two
    decisions for the last seat queue up and the second one sees it taken."""
    return Cohort.objects.select_for_update().select_related("program").get(pk=cohort.pk)


def _seat(*, application: Application) -> CohortMembership:
    """Give the applicant a seat (the cohort is locked by the caller)."""
    existing = CohortMembership.objects.filter(
        program=application.program_id, user=application.applicant_id
    ).first()
    now = timezone.now()
    if existing is not None:
        if existing.status != CohortMembership.Status.WITHDRAWN:
            raise ValidationError("This member is already in a cohort of this program.", code="duplicate")
        existing.cohort_id = application.cohort_id
        existing.status = CohortMembership.Status.ACTIVE
        existing.joined_at = existing.last_activity_at = now
        existing.save(update_fields=["cohort", "status", "joined_at", "last_activity_at"])
        return existing
    try:
        with transaction.atomic():
            return CohortMembership.objects.create(
                cohort_id=application.cohort_id, program_id=application.program_id,
                user_id=application.applicant_id, joined_at=now, last_activity_at=now,
            )  # fmt: skip
    except IntegrityError as exc:
        raise ValidationError(
            "This member is already in a cohort of this program.", code="duplicate"
        ) from exc


def _tell_applicant(application: Application, *, event: str) -> None:
    """Email (through the outbox) and notify the applicant of a decision."""
    cohort, program = application.cohort, application.program
    url = reverse("programs:application-list")
    if application.status == Status.ACCEPTED:
        url = reverse("programs:cohort-home", args=[cohort.pk])
    labels = {
        "accepted": f"accepted you into {program.title} ({cohort.name})",
        "promoted": f"gave you a seat in {program.title} ({cohort.name}) from the waiting list",
        "waitlisted": f"put your application to {program.title} on the waiting list",
        "rejected": f"could not offer you a place in {program.title} this time",
    }
    notify(recipient=application.applicant, kind="program", verb=labels[event], target=application, url=url)
    email_enqueue(
        to=application.applicant.email,
        template="programs/application_decided",
        context={
            "name": application.applicant.first_name or application.applicant.handle,
            "program": program.title,
            "cohort": cohort.name,
            "event": event,
            "starts_on": cohort.starts_on,
            "url": absolute_url(url),
        },
        key=f"programs-application:{application.pk}:{event}:{application.decided_at.isoformat()}",
        related=application,
    )


def cohort_auto_pick(*, program: Program) -> Cohort:
    """Automatic assignment (as Open edX does): among the program's open cohorts taking
    applications now, the one with a free seat that starts soonest; when all are full, the
    one that starts soonest (its waiting list). Every candidate is locked, in primary-key
    order so two pickers never deadlock, and stays locked to the end of the transaction, so
    two applicants racing for the last seat of the first cohort cannot both get it."""
    now = timezone.now()
    candidates = list(
        Cohort.objects.select_for_update()
        .filter(program=program, enrolment_mode=Cohort.Mode.OPEN, applications_open_at__lte=now,
                applications_close_at__gt=now)
        .order_by("pk")
    )  # fmt: skip
    if not candidates:
        raise ValidationError({"cohort": "Choose a cohort: none takes members automatically now."})
    taken = dict(
        CohortMembership.objects.filter(cohort__in=candidates, status__in=SEATED)
        .values("cohort")
        .annotate(n=Count("pk"))
        .values_list("cohort", "n")
    )
    candidates.sort(key=lambda c: (c.starts_on, c.pk))
    for cohort in candidates:
        if taken.get(cohort.pk, 0) < cohort.capacity:
            return cohort
    return candidates[0]


@transaction.atomic
def application_create(
    *, program: Program, cohort: Cohort | None, applicant, data: ApplicationData
) -> Application:
    """Apply to a cohort. An open cohort seats the member at once while seats last and puts
    them on the waiting list after; an application cohort waits for program staff. Without a
    cohort the member is placed automatically (`cohort_auto_pick`)."""
    if cohort is None:
        cohort = cohort_auto_pick(program=program)
    cohort = _lock_cohort(cohort)
    if not program.is_published or cohort.program_id != program.pk:
        raise ValidationError("This program is not taking applications.")
    if not cohort.is_accepting:
        raise ValidationError("Applications for this cohort are closed.", code="closed")
    if (
        CohortMembership.objects.filter(program=program, user=applicant)
        .exclude(status=CohortMembership.Status.WITHDRAWN)
        .exists()
    ):
        raise ValidationError("You are already in a cohort of this program.", code="duplicate")
    application = Application(
        program=program, cohort=cohort, applicant=applicant, motivation=data.motivation.strip(),
        availability=data.availability.strip(), links=data.links.strip(),
    )  # fmt: skip
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError as exc:
        raise ValidationError("You have already applied to this program.", code="duplicate") from exc
    if cohort.enrolment_mode == Cohort.Mode.OPEN:
        now = timezone.now()
        application.decided_at = now
        if seats_taken(cohort=cohort) < cohort.capacity:
            _seat(application=application)
            application.status = Status.ACCEPTED
            event = "accepted"
        else:
            application.status = Status.WAITLISTED
            application.waitlisted_at = now
            event = "waitlisted"
        application.save(update_fields=["status", "decided_at", "waitlisted_at"])
        _tell_applicant(application, event=event)
        return application
    for director in OrganizationMember.objects.filter(
        organization_id=program.organization_id, role=OrganizationMember.Role.DIRECTOR
    ).select_related("user"):
        notify(
            recipient=director.user, kind="program", verb=f"applied to {program.title}", actor=applicant,
            target=application, url=reverse("programs:application-review", args=[program.slug]),
        )  # fmt: skip
    email_enqueue(
        to=applicant.email,
        template="programs/application_received",
        context={"name": applicant.first_name or applicant.handle, "program": program.title, "cohort": cohort.name,
                 "url": absolute_url(reverse("programs:application-list"))},
        key=f"programs-application-received:{application.pk}",
        related=application,
    )  # fmt: skip
    return application


DECISIONS = {"accept": Status.ACCEPTED, "waitlist": Status.WAITLISTED, "reject": Status.REJECTED}
# Which decisions each status allows.
DECISION_MOVES = {
    Status.PENDING: ("accept", "waitlist", "reject"),
    Status.WAITLISTED: ("accept", "reject"),
    Status.ACCEPTED: (),
    Status.REJECTED: (),
    Status.WITHDRAWN: (),
}


@transaction.atomic
def application_decide(*, application: Application, decision: str, by) -> Application:
    """Program staff accept, waitlist or reject. Accepting takes a seat: when none is left
    the decision is refused (the cohort row is locked, so the last seat goes once)."""
    cohort = _lock_cohort(application.cohort)
    application = (
        Application.objects.select_for_update().select_related("applicant", "program").get(pk=application.pk)
    )
    application.cohort = cohort
    if decision not in DECISION_MOVES.get(application.status, ()):
        raise ValidationError(
            f"An application that is {application.get_status_display().lower()} cannot be changed that way."
        )
    now = timezone.now()
    if decision == "accept":
        if seats_taken(cohort=cohort) >= cohort.capacity:
            raise ValidationError(
                f"{cohort.name} is full: all {cohort.capacity} seats are taken. Put the application on the waiting list.",
                code="full",
            )
        _seat(application=application)
    application.status = DECISIONS[decision]
    application.decided_by = by
    application.decided_at = now
    if decision == "waitlist":
        application.waitlisted_at = now
    application.save(update_fields=["status", "decided_by", "decided_at", "waitlisted_at"])
    _tell_applicant(application, event=application.status)
    return application


@transaction.atomic
def application_withdraw(*, application: Application) -> Application:
    """The applicant withdraws a pending or waitlisted application (an accepted one is left
    by leaving the cohort)."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status not in (Status.PENDING, Status.WAITLISTED):
        raise ValidationError("Only an application still waiting for a decision can be withdrawn.")
    application.status = Status.WITHDRAWN
    application.save(update_fields=["status"])
    return application


@transaction.atomic
def cohort_promote_waitlist(*, cohort: Cohort) -> list[Application]:
    """Fill free seats from the waiting list, first come first served."""
    cohort = _lock_cohort(cohort)
    free = cohort.capacity - seats_taken(cohort=cohort)
    promoted = []
    if free <= 0:
        return promoted
    waiting = (
        Application.objects.select_for_update()
        .filter(cohort=cohort, status=Status.WAITLISTED)
        .select_related("applicant", "program")
        .order_by("waitlisted_at", "pk")
    )
    for application in waiting[:free]:
        application.cohort = cohort
        try:
            with transaction.atomic():
                _seat(application=application)
        except ValidationError:
            continue
        application.status = Status.ACCEPTED
        application.decided_at = timezone.now()
        application.save(update_fields=["status", "decided_at"])
        _tell_applicant(application, event="promoted")
        promoted.append(application)
    return promoted


@transaction.atomic
def membership_leave(*, membership: CohortMembership) -> CohortMembership:
    """The learner leaves; their seat goes to the first person on the waiting list."""
    cohort = _lock_cohort(membership.cohort)
    membership = CohortMembership.objects.select_for_update().get(pk=membership.pk)
    if membership.status != CohortMembership.Status.ACTIVE:
        raise ValidationError("You are not an active member of this cohort.")
    membership.status = CohortMembership.Status.WITHDRAWN
    membership.save(update_fields=["status"])
    Application.objects.filter(
        program=membership.program_id, applicant=membership.user_id, status=Status.ACCEPTED
    ).update(status=Status.WITHDRAWN)
    cohort_promote_waitlist(cohort=cohort)
    return membership


@transaction.atomic
def cohort_set_capacity(*, cohort: Cohort, capacity: int) -> Cohort:
    """Change the number of seats; more seats go to the waiting list at once. Fewer seats
    than already taken is refused: nobody loses a seat they were given."""
    cohort = _lock_cohort(cohort)
    taken = seats_taken(cohort=cohort)
    if capacity < taken:
        raise ValidationError(f"{taken} seats are already taken; the capacity cannot go below that.")
    cohort.capacity = capacity
    cohort.save(update_fields=["capacity"])
    cohort_promote_waitlist(cohort=cohort)
    return cohort


@transaction.atomic
def membership_set_quote(*, membership: CohortMembership, quote: str, shared: bool) -> CohortMembership:
    membership.quote = quote.strip()
    membership.quote_shared = shared and bool(membership.quote)
    membership.save(update_fields=["quote", "quote_shared"])
    return membership


@transaction.atomic
def announcement_create(*, cohort: Cohort, author, title: str, body: str) -> Announcement:
    """Post an announcement on the cohort home; its learners and mentors are notified."""
    announcement = Announcement(cohort=cohort, author=author, title=title.strip(), body=body)
    announcement.full_clean()
    announcement.save()
    url = reverse("programs:cohort-home", args=[cohort.pk])
    learners = [
        m.user
        for m in CohortMembership.objects.filter(cohort=cohort, status__in=SEATED).select_related("user")
    ]
    for person in [*learners, *cohort.mentors.all()]:
        notify(
            recipient=person, kind="program", verb=f"posted “{announcement.title}” in {cohort.name}",
            actor=author, target=announcement, url=url,
        )  # fmt: skip
    return announcement
