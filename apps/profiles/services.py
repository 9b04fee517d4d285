from __future__ import annotations

import datetime
import re
import uuid
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.db.models import F, Sum
from django.utils import timezone
from PIL import Image

from apps.accounts.backends import user_cache_forget
from apps.core.discovery import app_modules
from apps.core.uploads import reencode_square
from apps.profiles.models import Badge, BadgeAward, Education, Experience, PointsEntry, Profile, Skill

_SPACES = re.compile(r"\s+")


def skill_key(name: str) -> str:
    """The normalised form two spellings of one skill share ("Javascript" = "JavaScript")."""
    return _SPACES.sub(" ", name).strip().casefold()


def skill_get_or_create(*, name: str, category: str = Skill.Category.OTHER) -> Skill:
    """The skill called `name` in any capitalisation, created on first use."""
    display = _SPACES.sub(" ", name).strip()[:50]
    if not display:
        raise ValueError("A skill needs a name.")
    key = skill_key(display)
    try:
        with transaction.atomic():
            skill, _ = Skill.objects.get_or_create(key=key, defaults={"name": display, "category": category})
    except IntegrityError:  # created by a concurrent request between get and create
        skill = Skill.objects.get(key=key)
    return skill


# --- Profiles -----------------------------------------------------------------------------


def profile_get_or_create(*, user: AbstractBaseUser) -> Profile:
    """The member's profile, created empty the first time anything needs it."""
    try:
        return user.profile
    except Profile.DoesNotExist:
        pass
    try:
        with transaction.atomic():
            profile, _ = Profile.objects.get_or_create(user=user)
    except IntegrityError:  # a concurrent request created it first
        profile = Profile.objects.get(user=user)
    user.profile = profile
    return profile


PROFILE_FIELDS = (
    "headline",
    "bio",
    "goals",
    "location",
    "experience_level",
    "github_url",
    "linkedin_url",
    "portfolio_url",
    "website_url",
    "x_url",
    "phone",
    "open_to_work",
    "links_visibility",
    "experience_visibility",
    "education_visibility",
)
EXPERIENCE_FIELDS = ("title", "company", "start_date", "end_date", "is_current", "description")
EDUCATION_FIELDS = ("school", "degree", "start_date", "end_date", "is_current", "description")


@dataclass(frozen=True)
class TimelineRow:
    """One experience or education row from the settings form: `pk` None for a new row."""

    pk: int | None
    data: dict[str, Any]
    delete: bool = False


@transaction.atomic
def profile_update(
    *,
    user: AbstractBaseUser,
    first_name: str,
    last_name: str,
    fields: dict[str, Any],
    skill_names: list[str],
    experiences: list[TimelineRow],
    educations: list[TimelineRow],
    avatar: Image.Image | None = None,
    remove_avatar: bool = False,
) -> Profile:
    """Save everything the settings page edits in one transaction."""
    profile = profile_get_or_create(user=user)
    if (user.first_name, user.last_name) != (first_name, last_name):
        user.first_name, user.last_name = first_name[:150], last_name[:150]
        user.save(update_fields=["first_name", "last_name"])
    for name in PROFILE_FIELDS:
        if name in fields:
            setattr(profile, name, fields[name])
    if avatar is not None:
        _profile_set_avatar(profile=profile, image=avatar)
    elif remove_avatar:
        _profile_clear_avatar(profile=profile)
    profile.full_clean(exclude=["user", "avatar", "avatar_small"])
    # Never write points_total from this (possibly stale) copy: points_award keeps it.
    profile.save(update_fields=[*PROFILE_FIELDS, "avatar", "avatar_small", "updated"])
    if avatar is not None or remove_avatar:
        # The signed-in member is cached with their header avatar: show the new one at once.
        user_cache_forget(user.pk)
        transaction.on_commit(lambda: user_cache_forget(user.pk), robust=True)
    profile.skills.set([skill_get_or_create(name=name) for name in _unique_names(skill_names)])
    _timeline_save(profile=profile, model=Experience, fields=EXPERIENCE_FIELDS, rows=experiences)
    _timeline_save(profile=profile, model=Education, fields=EDUCATION_FIELDS, rows=educations)
    badges_schedule(member=user)
    return profile


def _unique_names(names: list[str]) -> list[str]:
    seen: dict[str, str] = {}
    for name in names:
        key = skill_key(name)
        if key and key not in seen:
            seen[key] = name
    return list(seen.values())[:50]


def _profile_set_avatar(*, profile: Profile, image: Image.Image) -> None:
    old = [f for f in (profile.avatar, profile.avatar_small) if f]
    stem = uuid.uuid4().hex
    profile.avatar.save(f"{stem}.webp", reencode_square(image, size=400, name_stem=stem), save=False)
    profile.avatar_small.save(
        f"{stem}-96.webp", reencode_square(image, size=96, name_stem=f"{stem}-96"), save=False
    )
    names = [f.name for f in old]
    storage = profile.avatar.storage
    transaction.on_commit(lambda: [storage.delete(name) for name in names])


def _timeline_save(
    *, profile: Profile, model: type[models.Model], fields: tuple[str, ...], rows: list[TimelineRow]
):
    existing = {entry.pk: entry for entry in model.objects.filter(profile=profile)}
    for row in rows:
        entry = existing.get(row.pk) if row.pk else None
        if row.pk and entry is None:
            continue  # not this member's row (or already gone): never touch it
        if row.delete:
            if entry is not None:
                entry.delete()
            continue
        entry = entry or model(profile=profile)
        for name in fields:
            setattr(entry, name, row.data.get(name))
        if entry.is_current:
            entry.end_date = None
        entry.description = entry.description or ""
        entry.full_clean(exclude=["profile"])
        entry.save()


def _profile_clear_avatar(*, profile: Profile) -> None:
    names = [f.name for f in (profile.avatar, profile.avatar_small) if f]
    storage = profile.avatar.storage
    profile.avatar = profile.avatar_small = ""
    transaction.on_commit(lambda: [storage.delete(name) for name in names])


# --- Points ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class PointsRule:
    amount: int
    daily_cap: int


# Amounts and per-day caps: a member can earn at most `daily_cap` points for one reason per
# (local) day, so likes or helpful marks cannot be farmed.
POINTS_RULES: dict[str, PointsRule] = {
    PointsEntry.Reason.HACKATHON_JOIN: PointsRule(amount=10, daily_cap=30),
    PointsEntry.Reason.HACKATHON_SUBMIT: PointsRule(amount=25, daily_cap=75),
    PointsEntry.Reason.HACKATHON_WIN: PointsRule(amount=100, daily_cap=300),
    PointsEntry.Reason.PROJECT_LIKE: PointsRule(amount=2, daily_cap=40),
    PointsEntry.Reason.POST_HELPFUL: PointsRule(amount=5, daily_cap=50),
    PointsEntry.Reason.LESSON_COMPLETE: PointsRule(amount=2, daily_cap=30),
    PointsEntry.Reason.EXERCISE_PASS: PointsRule(amount=5, daily_cap=50),
    PointsEntry.Reason.COURSE_COMPLETE: PointsRule(amount=50, daily_cap=150),
    PointsEntry.Reason.PROGRAM_COMPLETE: PointsRule(amount=200, daily_cap=400),
}


def _day_start(now: datetime.datetime) -> datetime.datetime:
    local = timezone.localtime(now)
    return local.replace(hour=0, minute=0, second=0, microsecond=0)


@transaction.atomic
def points_award(*, member, reason: str, source: models.Model | None = None, amount: int | None = None):
    """Add points to `member` for `reason` ("hackathon_join", "hackathon_submit",
    "hackathon_win", "project_like", "post_helpful", "lesson_complete", "exercise_pass",
    "course_complete", "program_complete"), once per source, within the reason's
    daily cap. Returns the ledger entry, or None when nothing was awarded."""
    rule = POINTS_RULES.get(reason)
    if rule is None:
        raise ValueError(f"Unknown points reason: {reason!r}")
    amount = rule.amount if amount is None else int(amount)
    if amount <= 0 or member is None or not member.pk:
        return None
    profile = profile_get_or_create(user=member)
    # Lock the member's profile row: concurrent awards for one member queue here, so the cap
    # check and the cached total stay right.
    Profile.objects.select_for_update().filter(pk=profile.pk).values_list("pk", flat=True).first()
    source_type = ContentType.objects.get_for_model(source) if source is not None else None
    source_id = source.pk if source is not None else None
    entries = PointsEntry.objects.filter(member=member, reason=reason)
    if source is not None and entries.filter(source_type=source_type, source_id=source_id).exists():
        return None
    earned_today = (
        entries.filter(created__gte=_day_start(timezone.now())).aggregate(n=Sum("amount"))["n"] or 0
    )
    amount = min(amount, rule.daily_cap - earned_today)
    if amount <= 0:
        return None
    try:
        with transaction.atomic():
            entry = PointsEntry.objects.create(
                member=member, amount=amount, reason=reason, source_type=source_type, source_id=source_id
            )
    except IntegrityError:  # the same source was awarded concurrently
        return None
    Profile.objects.filter(pk=profile.pk).update(points_total=F("points_total") + amount)
    badges_schedule(member=member)
    return entry


# --- Badges ---------------------------------------------------------------------------------


def badges_schedule(*, member) -> None:
    """Once the current transaction commits: refresh the member's cached profile activity and
    evaluate their badges in the task queue."""
    from apps.profiles.selectors import member_activity_invalidate
    from apps.profiles.tasks import badges_evaluate_task

    member_id = member.pk

    def after_commit() -> None:
        member_activity_invalidate(member_id=member_id)
        badges_evaluate_task(member_id)

    transaction.on_commit(after_commit)


def _badges_earned(member) -> set[str]:
    from apps.profiles.selectors import profile_completeness

    reasons = set(PointsEntry.objects.filter(member=member).values_list("reason", flat=True).distinct())
    earned = set()
    if PointsEntry.Reason.HACKATHON_JOIN in reasons:
        earned.add(Badge.FIRST_HACKATHON)
    if PointsEntry.Reason.HACKATHON_WIN in reasons:
        earned.add(Badge.FIRST_WIN)
    # The ledger tells hackathon joins and wins; any other app judges its own badges in its
    # badges.py, so profiles reads no other app's tables.
    for _label, module in app_modules("badges"):
        earned |= module.badges_earned(member=member)
    profile = Profile.objects.filter(user=member).first()
    if profile is not None:
        if profile.points_total >= 100:
            earned.add(Badge.CENTURY)
        if profile_completeness(profile=profile).percent == 100:
            earned.add(Badge.PROFILE_COMPLETE)
    return earned


def badges_evaluate(*, member) -> list[BadgeAward]:
    """Award every badge whose rule the member now meets (badges are never taken away)."""
    have = set(BadgeAward.objects.filter(member=member).values_list("badge", flat=True))
    awarded = []
    for badge in sorted(_badges_earned(member) - have):
        try:
            with transaction.atomic():
                awarded.append(BadgeAward.objects.create(member=member, badge=badge))
        except IntegrityError:  # awarded by a concurrent run
            continue
    if awarded:
        from apps.profiles.selectors import member_activity_invalidate

        transaction.on_commit(lambda: member_activity_invalidate(member_id=member.pk))
    return awarded
