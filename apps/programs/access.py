"""Who may see and do what in programs: every check the views make is here.

- Program directors are members of the program's organization with the director role, or
  site staff who passed the second factor. They review applications, post announcements,
  write missions and read the director dashboard and its exports.
- Mentors are the people set on a cohort; they review submissions in that cohort only.
- Learners see the home page of their own cohort only; anybody else gets a 404, so cohort
  numbers reveal nothing.
- Sponsor pages are for the sponsor organization's own members (any role but "member") and
  verified staff; they show aggregates only.
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404

from apps.core.permissions import is_verified_staff
from apps.programs.models import Cohort, CohortMembership, Organization, OrganizationMember, Program

Role = OrganizationMember.Role


def _signed_in(user) -> bool:
    return user is not None and user.is_authenticated and user.is_active


def directed_organization_ids(user) -> set[int]:
    if not _signed_in(user):
        return set()
    rows = OrganizationMember.objects.filter(user=user, role=Role.DIRECTOR)
    return set(rows.values_list("organization_id", flat=True))


def can_direct(user, program: Program) -> bool:
    if not _signed_in(user):
        return False
    if is_verified_staff(user):
        return True
    return (
        program.organization_id is not None
        and OrganizationMember.objects.filter(
            user=user, organization_id=program.organization_id, role=Role.DIRECTOR
        ).exists()
    )


def organizations_directed(user):
    """The organizations a user may create programs for: those they direct (verified staff:
    all of them)."""
    if not _signed_in(user):
        return Organization.objects.none()
    if is_verified_staff(user):
        return Organization.objects.all()
    return Organization.objects.filter(pk__in=directed_organization_ids(user))


def programs_directed(user):
    """The programs whose director dashboard the user may read."""
    if is_verified_staff(user):
        return Program.objects.all()
    return Program.objects.filter(organization_id__in=directed_organization_ids(user))


def can_direct_programs(user, program_ids: list[int]) -> bool:
    """Whether the user directs every one of these programs (an export of their figures)."""
    ids = set(program_ids)
    if not ids or not _signed_in(user):
        return False
    return programs_directed(user).filter(pk__in=ids).count() == len(ids)


def is_cohort_mentor(user, cohort: Cohort) -> bool:
    return _signed_in(user) and cohort.mentors.filter(pk=user.pk).exists()


def membership_for(user, cohort: Cohort) -> CohortMembership | None:
    if not _signed_in(user):
        return None
    return (
        CohortMembership.objects.filter(cohort=cohort, user=user)
        .exclude(status=CohortMembership.Status.WITHDRAWN)
        .first()
    )


def program_get_for_director(user, slug: str) -> Program:
    program = get_object_or_404(Program.objects.select_related("organization"), slug=slug)
    if not can_direct(user, program):
        raise Http404
    return program


def cohort_get_for_director(user, pk: int) -> Cohort:
    cohort = get_object_or_404(Cohort.objects.select_related("program__organization"), pk=pk)
    if not can_direct(user, cohort.program):
        raise Http404
    return cohort


def cohort_get_for_viewer(user, pk: int) -> tuple[Cohort, CohortMembership | None, str]:
    """The cohort, the viewer's membership (for a learner) and the viewer's role there:
    "learner", "mentor" or "director". Anybody else: 404."""
    cohort = get_object_or_404(Cohort.objects.select_related("program__organization"), pk=pk)
    if not _signed_in(user):
        raise Http404
    membership = membership_for(user, cohort)
    if membership is not None:
        return cohort, membership, "learner"
    if is_cohort_mentor(user, cohort):
        return cohort, None, "mentor"
    if can_direct(user, cohort.program):
        return cohort, None, "director"
    raise Http404


def organization_get_for_sponsor(user, slug: str) -> Organization:
    organization = get_object_or_404(Organization, slug=slug)
    if not _signed_in(user):
        raise Http404
    if is_verified_staff(user):
        return organization
    allowed = (Role.DIRECTOR, Role.SPONSOR_VIEWER, Role.MENTOR)
    if not OrganizationMember.objects.filter(organization=organization, user=user, role__in=allowed).exists():
        raise Http404
    return organization
