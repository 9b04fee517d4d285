"""Directors set up programs, cohorts and schedule items on the site. A cohort's seats
change under the same row lock as every other seat change, and new seats go to the waiting
list at once."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from apps.programs.models import Cohort, Program, ScheduleItem
from apps.programs.services.enrolment import _lock_cohort, cohort_promote_waitlist, seats_taken


@transaction.atomic
def program_save(*, program: Program, courses=None) -> Program:
    program.full_clean()
    try:
        with transaction.atomic():
            program.save()
    except IntegrityError as exc:  # two directors took the same slug at once
        raise ValidationError({"slug": "Another program already has this address."}) from exc
    if courses is not None:
        program.courses.set(courses)
    return program


@transaction.atomic
def cohort_save(*, cohort: Cohort, sponsors=None) -> Cohort:
    """Create or change a cohort. Fewer seats than learners already seated is refused (nobody
    loses a seat they were given); more seats are filled from the waiting list."""
    existing = cohort.pk is not None
    if existing:
        _lock_cohort(cohort)
        taken = seats_taken(cohort=cohort)
        if cohort.capacity < taken:
            raise ValidationError(
                {"capacity": f"{taken} learners already hold seats; the capacity cannot go below {taken}."}
            )
    cohort.full_clean()
    cohort.save()
    if sponsors is not None:
        cohort.sponsors.set(sponsors)
    if existing:
        cohort_promote_waitlist(cohort=cohort)
    return cohort


@transaction.atomic
def schedule_item_save(*, item: ScheduleItem) -> ScheduleItem:
    item.full_clean()
    item.save()
    return item
