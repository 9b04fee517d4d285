"""Writes of the careers app: importing and publishing quiz versions, taking the quiz
(start, save answers, complete), re-scoring kept answers and sharing a result."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from apps.careers import selectors
from apps.careers.content import QuizData
from apps.careers.models import Answer, Item, QuizSession, QuizVersion, Result
from apps.careers.scoring import CHOICE, Outcome, Rules, current_rules, score
from apps.core import pagecache

# --- Quiz versions ---------------------------------------------------------------------------


def _refuse_if_frozen(version: QuizVersion) -> None:
    if version.is_frozen:
        raise ValidationError(
            f"Version {version.number} is published and frozen: members' answers refer to its items. "
            "Make a new version instead."
        )


@transaction.atomic
def quiz_import(*, data: QuizData, publish: bool = False) -> QuizVersion:
    """Create the version in `data`, or replace the items of that draft version. A published
    version is frozen: importing over it is refused."""
    version = QuizVersion.objects.select_for_update().filter(number=data.number).first()
    if version is None:
        version = QuizVersion.objects.create(number=data.number, title=data.title, intro=data.intro)
    else:
        _refuse_if_frozen(version)
        version.title, version.intro = data.title, data.intro
        version.save(update_fields=["title", "intro"])
        version.items.all().delete()
    Item.objects.bulk_create(
        Item(
            version=version,
            key=item.key,
            position=n,
            category=item.category,
            kind=item.kind,
            track=item.track,
            reverse=item.reverse,
            text=item.text,
            other_track=item.other_track,
            other_text=item.other_text,
        )
        for n, item in enumerate(data.items)
    )
    if publish:
        quiz_version_publish(version=version)
    return version


@transaction.atomic
def quiz_version_publish(*, version: QuizVersion) -> QuizVersion:
    _refuse_if_frozen(version)
    if not version.items.exists():
        raise ValidationError("A version without items cannot be published.")
    version.status = QuizVersion.Status.PUBLISHED
    version.published_at = timezone.now()
    version.save(update_fields=["status", "published_at"])
    return version


@transaction.atomic
def quiz_item_update(*, item: Item, **fields: object) -> Item:
    """Change an item of a draft version (the admin and any other editor go through here)."""
    _refuse_if_frozen(item.version)
    for name, value in fields.items():
        setattr(item, name, value)
    item.full_clean()
    item.save()
    return item


# --- Taking the quiz ---------------------------------------------------------------------------


@transaction.atomic
def session_start(*, user) -> QuizSession:
    """The member's open session of the current version, or a new one when they may take
    the quiz (first time, 30 days after the last, or a new version): see selectors.retake_status."""
    version = QuizVersion.objects.current()
    if version is None:
        raise ValidationError("The quiz is not available yet.")
    open_session = selectors.session_open_for(user=user, version=version)
    if open_session is not None:
        return open_session
    status = selectors.retake_status(user=user)
    if not status.allowed:
        raise ValidationError(status.message)
    try:
        with transaction.atomic():
            return QuizSession.objects.create(user=user, version=version)
    except IntegrityError:
        # A second tab started it at the same moment.
        return QuizSession.objects.get(user=user, version=version, completed_at__isnull=True)


def _check_value(item: Item, value: int) -> None:
    highest = 2 if item.kind == CHOICE else 5
    if not 1 <= value <= highest:
        raise ValidationError(f"“{item.text}”: choose one of the options.")


@transaction.atomic
def answers_save(*, session: QuizSession, values: Mapping[str, int], page: int | None = None) -> int:
    """Keep `values` ({item key: answer}) for the open `session`, replacing earlier answers
    to the same items, and remember the page the member is on. Returns how many were saved."""
    if session.completed_at is not None:
        raise ValidationError("This quiz is finished; start a new one to answer again.")
    items = {item.key: item for item in session.version.items.filter(key__in=list(values))}
    unknown = set(values) - set(items)
    if unknown:
        raise ValidationError("Some answers are not for this quiz.")
    for key, value in values.items():
        _check_value(items[key], value)
    existing = {a.item_id: a for a in Answer.objects.filter(session=session, item__in=items.values())}
    new, changed = [], []
    for key, value in values.items():
        item = items[key]
        if item.pk in existing:
            if existing[item.pk].value != value:
                existing[item.pk].value = value
                changed.append(existing[item.pk])
        else:
            new.append(Answer(session=session, item=item, value=value))
    Answer.objects.bulk_create(new, ignore_conflicts=True)
    if changed:
        Answer.objects.bulk_update(changed, ["value"])
    fields = ["updated_at"]
    if page is not None:
        session.page = page
        fields.append("page")
    session.save(update_fields=fields)
    return len(new) + len(changed)


def _result_from(*, session: QuizSession, outcome: Outcome) -> Result:
    data = {
        "user": session.user,
        "primary_track": outcome.primary,
        "secondary_track": outcome.secondary,
        "confidence": outcome.confidence,
        "margin": outcome.margin,
        "flags": outcome.flags,
        "track_scores": outcome.track_scores,
        "category_scores": outcome.category_scores,
        "choice_scores": outcome.choice_scores,
        "reasons": [{"kind": r.kind, "text": r.text} for r in outcome.reasons],
    }
    result, _ = Result.objects.update_or_create(
        session=session, scoring_version=outcome.scoring_version, defaults=data
    )
    return result


@transaction.atomic
def session_complete(*, session: QuizSession, rules: Rules | None = None) -> Result:
    """Score a session whose every item is answered, and close it."""
    locked = QuizSession.objects.select_for_update().get(pk=session.pk)
    if locked.completed_at is not None:
        # A second click on "See my result": the first one scored it.
        return selectors.result_latest_for_session(session=locked)
    missing = selectors.session_unanswered(session=locked)
    if missing:
        raise ValidationError(f"{len(missing)} questions still need an answer.")
    specs, answers = selectors.session_scoring_input(session=locked)
    result = _result_from(session=locked, outcome=score(specs, answers, rules or current_rules()))
    locked.completed_at = timezone.now()
    locked.save(update_fields=["completed_at", "updated_at"])
    session.completed_at = locked.completed_at
    return result


@transaction.atomic
def result_rescore(*, session: QuizSession, rules: Rules) -> Result:
    """Score a finished session's kept answers again with `rules` (a newer scoring version):
    a new result beside the old ones, or the same version's result brought up to date."""
    if session.completed_at is None:
        raise ValidationError("Only a finished quiz can be scored again.")
    specs, answers = selectors.session_scoring_input(session=session)
    previous = selectors.result_latest_for_session(session=session)
    result = _result_from(session=session, outcome=score(specs, answers, rules))
    if previous is not None and previous.pk != result.pk and previous.shared:
        # The member chose to show this quiz's result: the new reading of it takes its place.
        Result.objects.filter(pk=previous.pk).update(shared=False)
        Result.objects.filter(pk=result.pk).update(shared=True)
        result.shared = True
        # The profile shows the shared result: renew its cached copies (update() sends no signal).
        pagecache.bump("careers.result")
    return result


@transaction.atomic
def result_share_set(*, result: Result, shared: bool) -> bool:
    """Show `result` on the member's profile (only one at a time) or stop; says whether
    anything changed."""
    if result.shared == shared:
        return False
    if shared:
        Result.objects.filter(user_id=result.user_id, shared=True).exclude(pk=result.pk).update(shared=False)
    result.shared = shared
    result.save(update_fields=["shared"])
    return True
