"""Mentorships: a member asks a mentor; the mentor accepts (a trial begins) or declines;
after the trial it carries on; either side can end it, kindly, with a note."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from apps.mailer.services import email_enqueue
from apps.mentorship.models import MentorProfile, Mentorship
from apps.notifications.services import notify

NOTICE = "mentorship/notice"


def absolute_url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def display_name(user) -> str:
    return user.get_full_name() or f"@{user.handle}"


def tell(*, to, subject: str, lines: list[str], url: str, label: str, key: str, related, actor=None,
         verb: str = "", attachments=None) -> None:  # fmt: skip
    """An in-app notification (when `verb`) and an email through the outbox, in the caller's
    transaction."""
    if verb:
        notify(recipient=to, kind="mentorship", actor=actor, verb=verb, target=related, url=url)
    email_enqueue(
        to=to.email,
        template=NOTICE,
        context={
            "subject": subject,
            "name": to.get_full_name() or to.handle,
            "lines": lines,
            "url": absolute_url(url),
            "label": label,
        },
        key=key,
        related=related,
        attachments=attachments,
    )


@dataclass
class RequestData:
    goal: str
    time_zone: str
    track: str = ""
    skills_wanted: str = ""


@transaction.atomic
def mentorship_request(*, mentee, mentor: MentorProfile, data: RequestData) -> Mentorship:
    if mentor.user_id == mentee.pk:
        raise ValidationError("You cannot be your own mentor.")
    mentor = MentorProfile.objects.select_related("user").get(pk=mentor.pk)
    if not mentor.accepting:
        raise ValidationError("This mentor is not taking requests just now.")
    if mentor.spare <= 0:
        raise ValidationError("This mentor has no free places just now. Try another one.")
    mentorship = Mentorship(
        mentor=mentor,
        mentee=mentee,
        goal=data.goal.strip(),
        track=data.track,
        skills_wanted=data.skills_wanted.strip(),
        mentee_time_zone=data.time_zone,
    )
    mentorship.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            mentorship.save()
    except IntegrityError as exc:
        raise ValidationError("You already asked this mentor, or they mentor you already.") from exc
    url = reverse("mentorship:mentorship-detail", args=[mentorship.pk])
    tell(
        to=mentor.user,
        subject=f"{display_name(mentee)} asks you to mentor them",
        lines=[f"{display_name(mentee)} would like you as their mentor.", f"Their goal: {mentorship.goal}"],
        url=url,
        label="Accept or decline",
        key=f"mentorship-request:{mentorship.pk}",
        related=mentorship,
        actor=mentee,
        verb="asked you to mentor them",
    )
    return mentorship


def _locked(mentorship: Mentorship) -> Mentorship:
    return (
        Mentorship.objects.select_for_update().select_related("mentor__user", "mentee").get(pk=mentorship.pk)
    )


@transaction.atomic
def mentorship_accept(*, mentorship: Mentorship, by) -> Mentorship:
    """The mentor takes the mentee on; a trial of MENTORSHIP_TRIAL_DAYS begins. The mentor's
    row is locked while the places are counted, so two accepts at once cannot both take the
    last place (and the database's check constraint would refuse it anyway)."""
    mentor = MentorProfile.objects.select_for_update().get(pk=mentorship.mentor_id)
    mentorship = _locked(mentorship)
    if mentor.user_id != by.pk:
        raise PermissionDenied("Only the mentor can accept.")
    if mentorship.status != Mentorship.Status.REQUESTED:
        raise ValidationError("This request was already answered.")
    if mentor.mentee_count >= mentor.capacity:
        raise ValidationError(
            f"You are at your capacity of {mentor.capacity} mentees. Raise it or end a mentorship first."
        )
    now = timezone.now()
    mentor.mentee_count += 1
    mentor.save(update_fields=["mentee_count", "updated_at"])
    mentorship.status = Mentorship.Status.TRIAL
    mentorship.accepted_at = now
    mentorship.trial_ends_at = now + timedelta(days=settings.MENTORSHIP_TRIAL_DAYS)
    # A mentee's first running mentor is their primary one; later ones are secondary.
    mentorship.is_primary = not Mentorship.objects.filter(
        mentee_id=mentorship.mentee_id, is_primary=True, status__in=Mentorship.RUNNING
    ).exists()
    mentorship.save(update_fields=["status", "accepted_at", "trial_ends_at", "is_primary"])
    tell(
        to=mentorship.mentee,
        subject=f"{display_name(by)} accepted your mentorship request",
        lines=[
            f"{display_name(by)} will mentor you. The first {settings.MENTORSHIP_TRIAL_DAYS} days are a trial: "
            "book a first session and see how it goes.",
        ],
        url=reverse("mentorship:mentorship-detail", args=[mentorship.pk]),
        label="Book a session",
        key=f"mentorship-accepted:{mentorship.pk}",
        related=mentorship,
        actor=by,
        verb="accepted your mentorship request",
    )
    return mentorship


@transaction.atomic
def mentorship_decline(*, mentorship: Mentorship, by, reason: str = "") -> Mentorship:
    mentorship = _locked(mentorship)
    if mentorship.mentor.user_id != by.pk:
        raise PermissionDenied("Only the mentor can decline.")
    if mentorship.status != Mentorship.Status.REQUESTED:
        raise ValidationError("This request was already answered.")
    mentorship.status = Mentorship.Status.DECLINED
    mentorship.decline_reason = reason.strip()[:500]
    mentorship.ended_at = timezone.now()
    mentorship.save(update_fields=["status", "decline_reason", "ended_at"])
    lines = [f"{display_name(by)} cannot take you on just now. That is about their time, not about you."]
    if mentorship.decline_reason:
        lines.append(f"They wrote: {mentorship.decline_reason}")
    lines.append("Other mentors are waiting: have a look at the suggestions again.")
    tell(
        to=mentorship.mentee,
        subject="About your mentorship request",
        lines=lines,
        url=reverse("mentorship:mentor-list"),
        label="Find another mentor",
        key=f"mentorship-declined:{mentorship.pk}",
        related=mentorship,
        actor=by,
        verb="could not take on your mentorship request",
    )
    return mentorship


@transaction.atomic
def mentorship_withdraw(*, mentorship: Mentorship, by) -> Mentorship:
    mentorship = _locked(mentorship)
    if mentorship.mentee_id != by.pk:
        raise PermissionDenied("Only the member who asked can withdraw.")
    if mentorship.status != Mentorship.Status.REQUESTED:
        raise ValidationError("Only a request still waiting for an answer can be withdrawn.")
    mentorship.status = Mentorship.Status.WITHDRAWN
    mentorship.ended_at = timezone.now()
    mentorship.save(update_fields=["status", "ended_at"])
    return mentorship


@transaction.atomic
def mentorship_set_primary(*, mentorship: Mentorship, by) -> Mentorship:
    """The mentee names this mentor their primary one; any other running mentorship of theirs
    becomes secondary."""
    mentorship = _locked(mentorship)
    if mentorship.mentee_id != by.pk:
        raise PermissionDenied("Only the mentee chooses their primary mentor.")
    if not mentorship.is_running:
        raise ValidationError("Only a running mentorship can be the primary one.")
    Mentorship.objects.filter(mentee=by, is_primary=True).exclude(pk=mentorship.pk).update(is_primary=False)
    mentorship.is_primary = True
    mentorship.save(update_fields=["is_primary"])
    return mentorship


@transaction.atomic
def mentorship_continue(*, mentorship: Mentorship, by) -> Mentorship:
    """Either side says the trial went well: the mentorship carries on."""
    mentorship = _locked(mentorship)
    if by.pk not in (mentorship.mentee_id, mentorship.mentor.user_id):
        raise PermissionDenied
    if mentorship.status != Mentorship.Status.TRIAL:
        raise ValidationError("Only a mentorship in its trial can be confirmed.")
    mentorship.status = Mentorship.Status.ACTIVE
    mentorship.save(update_fields=["status"])
    return mentorship


@transaction.atomic
def mentorship_end(*, mentorship: Mentorship, by, note: str = "") -> Mentorship:
    """Either side ends a running mentorship; booked sessions still ahead are cancelled and the
    mentor's place is freed."""
    from apps.mentorship.services.sessions import session_cancel

    mentor = MentorProfile.objects.select_for_update().get(pk=mentorship.mentor_id)
    mentorship = _locked(mentorship)
    if by.pk not in (mentorship.mentee_id, mentorship.mentor.user_id):
        raise PermissionDenied
    if not mentorship.is_running:
        raise ValidationError("This mentorship is not running.")
    now = timezone.now()
    for session in mentorship.sessions.filter(status="booked", starts_at__gt=now):
        session_cancel(session=session, by=by, reason="The mentorship ended.", quiet=True, with_notice=False)
    mentorship.status = Mentorship.Status.ENDED
    mentorship.is_primary = False
    mentorship.ended_by = by
    mentorship.end_note = note.strip()[:500]
    mentorship.ended_at = now
    mentorship.save(update_fields=["status", "is_primary", "ended_by", "end_note", "ended_at"])
    mentor.mentee_count = max(mentor.mentee_count - 1, 0)
    mentor.save(update_fields=["mentee_count", "updated_at"])
    other = mentorship.mentor.user if by.pk == mentorship.mentee_id else mentorship.mentee
    lines = [f"{display_name(by)} has ended your mentorship. Thank you for the time you gave each other."]
    if mentorship.end_note:
        lines.append(f"They wrote: {mentorship.end_note}")
    tell(
        to=other,
        subject="Your mentorship has ended",
        lines=lines,
        url=reverse("mentorship:mine"),
        label="Your mentorship page",
        key=f"mentorship-ended:{mentorship.pk}",
        related=mentorship,
        actor=by,
        verb="ended your mentorship",
    )
    return mentorship


def mentorship_expire_due(*, now=None) -> int:
    """Close requests left unanswered past MENTORSHIP_REQUEST_DAYS, telling the member kindly
    and pointing them to other mentors (the periodic task). Each closes in its own transaction
    with its email; a request answered meanwhile is left alone."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.MENTORSHIP_REQUEST_DAYS)
    stale = Mentorship.objects.filter(status=Mentorship.Status.REQUESTED, created_at__lte=cutoff)
    closed = 0
    for pk in list(stale.values_list("pk", flat=True)[:500]):
        with transaction.atomic():
            mentorship = (
                Mentorship.objects.select_for_update().select_related("mentor__user", "mentee").get(pk=pk)
            )
            if mentorship.status != Mentorship.Status.REQUESTED:
                continue
            mentorship.status = Mentorship.Status.EXPIRED
            mentorship.ended_at = now
            mentorship.save(update_fields=["status", "ended_at"])
            tell(
                to=mentorship.mentee,
                subject="Your mentorship request had no answer",
                lines=[
                    f"{display_name(mentorship.mentor.user)} has not answered your request in "
                    f"{settings.MENTORSHIP_REQUEST_DAYS} days, so we closed it rather than keep you waiting.",
                    "Mentors are volunteers and busy weeks happen. Other mentors are ready: have a look at "
                    "the suggestions again.",
                ],
                url=reverse("mentorship:mentor-list"),
                label="Find another mentor",
                key=f"mentorship-expired:{mentorship.pk}",
                related=mentorship,
            )
            closed += 1
    return closed
