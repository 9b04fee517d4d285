"""Who may organise, and the organisers' writes: hackathons, tracks, prizes, criteria, judges."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.http import Http404
from django.utils import timezone
from django.utils.text import slugify

from apps.core.permissions import has_permission, is_verified_staff
from apps.core.uploads import generated_name
from apps.hackathons.models import Criterion, Hackathon, Judge, Prize, Score, Track
from apps.hackathons.services import skills_from_names

HACKATHON_FIELDS = (
    "title", "tagline", "description", "rules", "requirements", "difficulty", "mode", "city",
    "registration_opens_at", "registration_deadline", "starts_at", "submission_deadline",
    "judging_ends_at", "max_participants", "max_team_size", "currency",
)  # fmt: skip


def can_organise(user) -> bool:
    """Staff (who passed two factors) and members granted hackathons.organise_hackathon may
    create hackathons."""
    return is_verified_staff(user) or has_permission(user, "hackathons.organise_hackathon")


def can_manage(*, user, hackathon: Hackathon) -> bool:
    return is_verified_staff(user) or (
        user.is_authenticated
        and hackathon.organiser_id == user.pk
        and has_permission(user, "hackathons.organise_hackathon")
    )


def hackathon_get_for_organising(*, user, slug: str) -> Hackathon:
    """Access helper for every organiser page: 404 if no such hackathon, 403 unless the user
    is staff or its organiser (still holding the permission)."""
    hackathon = Hackathon.objects.filter(slug=slug).select_related("organiser").first()
    if hackathon is None:
        raise Http404("No such hackathon.")
    if not can_manage(user=user, hackathon=hackathon):
        raise PermissionDenied
    return hackathon


RESERVED_SLUGS = {"new"}


def _unique_slug(title: str) -> str:
    base = slugify(title)[:120] or "hackathon"
    if base in RESERVED_SLUGS:
        base = f"{base}-hackathon"
    slug, n = base, 2
    while Hackathon.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def hackathon_save(
    *,
    organiser,
    data: dict,
    technologies: list[str],
    banner: ContentFile | None = None,
    hackathon: Hackathon | None = None,
) -> Hackathon:
    """Create (when `hackathon` is None) or edit a hackathon. `banner` is an already validated
    and re-encoded image (see forms.HackathonForm.clean_banner)."""
    if hackathon is None:
        hackathon = Hackathon(organiser=organiser, slug=_unique_slug(data["title"]))
    for name in HACKATHON_FIELDS:
        if name in data:
            setattr(hackathon, name, data[name])
    if hackathon.mode == Hackathon.Mode.ONLINE:
        hackathon.city = ""
    hackathon.full_clean(exclude=["banner", "organiser"])
    if banner is not None:
        old = hackathon.banner.name if hackathon.banner else ""
        hackathon.banner.save(
            generated_name(folder="hackathons/banners", extension="webp"), banner, save=False
        )
        if old:
            transaction.on_commit(lambda: hackathon.banner.storage.delete(old))
    hackathon.save()
    hackathon.technologies.set(skills_from_names(technologies))
    return hackathon


def _prize_total_refresh(hackathon: Hackathon) -> None:
    total = Prize.objects.filter(hackathon=hackathon).aggregate(total=Sum("amount"))["total"] or 0
    # The prize total is on the list's card, whose cached copy is keyed by updated_at.
    now = timezone.now()
    Hackathon.objects.filter(pk=hackathon.pk).update(prize_total=total, updated_at=now)
    hackathon.prize_total, hackathon.updated_at = total, now


def _unique_name_error(model_label: str):
    return ValidationError({"name": f"This hackathon already has a {model_label} with that name."})


@transaction.atomic
def track_add(*, hackathon: Hackathon, name: str, description: str = "") -> Track:
    track = Track(
        hackathon=hackathon,
        name=name.strip(),
        description=description.strip(),
        order=hackathon.tracks.count(),
    )
    try:
        with transaction.atomic():
            track.save()
    except IntegrityError as exc:
        raise _unique_name_error("track") from exc
    return track


@transaction.atomic
def track_delete(*, hackathon: Hackathon, track_id: int) -> None:
    Track.objects.filter(hackathon=hackathon, pk=track_id).delete()


@transaction.atomic
def prize_add(
    *, hackathon: Hackathon, title: str, amount: int, track: Track | None = None, description: str = ""
) -> Prize:
    if track is not None and track.hackathon_id != hackathon.pk:
        raise ValidationError({"track": "Choose one of this hackathon's tracks."})
    prize = Prize.objects.create(
        hackathon=hackathon,
        title=title.strip(),
        amount=amount,
        track=track,
        description=description.strip(),
        order=hackathon.prizes.count(),
    )
    _prize_total_refresh(hackathon)
    return prize


@transaction.atomic
def prize_delete(*, hackathon: Hackathon, prize_id: int) -> None:
    Prize.objects.filter(hackathon=hackathon, pk=prize_id).delete()
    _prize_total_refresh(hackathon)


def _criteria_editable(hackathon: Hackathon) -> None:
    if Score.objects.filter(criterion__hackathon=hackathon).exists():
        raise ValidationError("Judging has started: criteria can no longer change.", code="scored")


@transaction.atomic
def criterion_add(*, hackathon: Hackathon, name: str, weight: int, description: str = "") -> Criterion:
    _criteria_editable(hackathon)
    if not 1 <= weight <= 100:
        raise ValidationError({"weight": "Use a weight from 1 to 100."})
    criterion = Criterion(
        hackathon=hackathon, name=name.strip(), weight=weight, description=description.strip(),
        order=hackathon.criteria.count(),
    )  # fmt: skip
    try:
        with transaction.atomic():
            criterion.save()
    except IntegrityError as exc:
        raise _unique_name_error("criterion") from exc
    return criterion


@transaction.atomic
def criterion_delete(*, hackathon: Hackathon, criterion_id: int) -> None:
    _criteria_editable(hackathon)
    Criterion.objects.filter(hackathon=hackathon, pk=criterion_id).delete()


@transaction.atomic
def judge_add(*, hackathon: Hackathon, handle: str) -> Judge:
    user = get_user_model().objects.filter(handle__iexact=handle.strip().lstrip("@"), is_active=True).first()
    if user is None:
        raise ValidationError({"handle": "No member has that handle."})
    try:
        with transaction.atomic():
            return Judge.objects.create(hackathon=hackathon, user=user)
    except IntegrityError as exc:
        raise ValidationError({"handle": "That member is already a judge."}) from exc


@transaction.atomic
def judge_remove(*, hackathon: Hackathon, judge_id: int) -> None:
    Judge.objects.filter(hackathon=hackathon, pk=judge_id).delete()
