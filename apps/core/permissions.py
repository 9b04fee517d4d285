"""Who holds staff powers: the one rule every app asks.

A staff account is only an account until it passes a second factor in the session: a
password alone (phished, reused, guessed) must never reach anything staff can do, on the
staff pages or on the member-side pages where staff have more rights (reading other people's
applications, managing any hackathon, seeing hidden posts…). So every check that means
"staff" asks `is_verified_staff(user)`, and every permission check asks
`has_permission(user, perm)` rather than `user.has_perm(perm)`: Django grants an active
superuser every permission, and a staff account may hold permissions through its groups,
and neither may count before the second factor.

Templates use the `is_verified_staff` and `is_staff_account` filters of `accounts_tags`.
"""

from __future__ import annotations


def _signed_in(user) -> bool:
    return user is not None and user.is_authenticated and user.is_active


def is_staff_account(user) -> bool:
    """The account is a staff account, verified or not. This grants nothing: it decides who
    is asked for a second factor (and gets the shorter staff session), never what they may do."""
    return _signed_in(user) and bool(user.is_staff)


def _passed_second_factor(user) -> bool:
    # django-otp's OTPMiddleware gives the request's user `is_verified()`; a user object that
    # did not come through a request (a task, a shell) has not passed anything.
    is_verified = getattr(user, "is_verified", None)
    return bool(callable(is_verified) and is_verified())


def is_verified_staff(user) -> bool:
    """A staff member who passed the second factor in this session: the only kind of staff
    that has staff powers anywhere on the site."""
    return is_staff_account(user) and _passed_second_factor(user)


def has_permission(user, perm: str) -> bool:
    """`user.has_perm(perm)` that a password alone cannot satisfy for staff: the permissions
    of a staff or superuser account (a superuser holds every permission) count only once it
    passed the second factor. Members' permissions (an employer's `jobs.post_job`) count as
    granted."""
    if not _signed_in(user):
        return False
    if (user.is_staff or user.is_superuser) and not _passed_second_factor(user):
        return False
    return user.has_perm(perm)
