"""Reads of the careers app: the quiz's pages, a member's sessions and results, whether they
may take the quiz again, and the figures for the staff page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from apps.careers.itemstats import ItemStat, TrackReliability, item_statistics, track_reliability
from apps.careers.models import Answer, Item, QuizSession, QuizVersion, Result
from apps.careers.scoring import CATEGORIES, Category, ItemSpec
from apps.careers.tracks import TRACK_SLUGS, TRACKS

# A member may take the quiz again this long after their last finished one (or at once when a
# new version is published).
RETAKE_DAYS = 30


@dataclass(frozen=True)
class QuizPage:
    number: int  # 1-based
    category: Category
    items: list[Item]


def quiz_pages(*, version: QuizVersion) -> list[QuizPage]:
    """One page per category, in the categories' order, with the items in file order."""
    items = list(version.items.all())
    pages = []
    for category in CATEGORIES:
        on_page = [item for item in items if item.category == category.slug]
        if on_page:
            pages.append(QuizPage(number=len(pages) + 1, category=category, items=on_page))
    return pages


def session_open_for(*, user, version: QuizVersion | None = None) -> QuizSession | None:
    """The member's unfinished session of `version` (default: the current one)."""
    version = version or QuizVersion.objects.current()
    if version is None:
        return None
    return (
        QuizSession.objects.filter(user=user, version=version, completed_at__isnull=True)
        .select_related("version")
        .first()
    )


def session_answers(*, session: QuizSession) -> dict[int, int]:
    """{item id: answer} of the session."""
    return dict(Answer.objects.filter(session=session).values_list("item_id", "value"))


def session_unanswered(*, session: QuizSession) -> list[Item]:
    return list(session.version.items.exclude(answers__session=session))


def session_scoring_input(*, session: QuizSession) -> tuple[list[ItemSpec], dict[str, int]]:
    """(the version's items, {item key: answer}) as scoring takes them."""
    specs = [item.spec() for item in session.version.items.all()]
    answers = dict(Answer.objects.filter(session=session).values_list("item__key", "value"))
    return specs, answers


def result_latest_for_session(*, session: QuizSession) -> Result | None:
    return session.results.order_by("-scoring_version").first()


def result_get_for_member(*, user, pk: int) -> Result:
    """The member's own result `pk` (404 for anyone else's: results are private)."""
    return get_object_or_404(Result.objects.select_related("session__version"), pk=pk, user=user)


def result_history(*, user) -> QuerySet[Result]:
    """The member's results, newest first, each with its quiz version."""
    return Result.objects.for_member(user).select_related("session__version").order_by("-created_at", "-pk")


def result_latest_for_member(*, user) -> Result | None:
    """The member's newest result (the newest scoring of their newest finished quiz)."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Result.objects.for_member(user).order_by("-session__completed_at", "-scoring_version").first()


def result_shared_for_member(*, user) -> Result | None:
    """The result the member chose to show on their profile, if any."""
    return Result.objects.for_member(user).shared().only("pk", "user_id", "primary_track", "shared").first()


@dataclass(frozen=True)
class RetakeStatus:
    allowed: bool
    message: str
    available_on: datetime | None = None


def retake_status(*, user, now: datetime | None = None) -> RetakeStatus:
    """Whether the member may start the quiz: the first time, RETAKE_DAYS after their last
    finished quiz, or as soon as a newer version than the one they took is published."""
    now = now or timezone.now()
    current = QuizVersion.objects.current()
    if current is None:
        return RetakeStatus(False, "The quiz is not available yet.")
    last = (
        QuizSession.objects.filter(user=user, completed_at__isnull=False)
        .select_related("version")
        .order_by("-completed_at")
        .first()
    )
    if last is None:
        return RetakeStatus(True, "")
    if last.version.number < current.number:
        return RetakeStatus(True, "A new version of the quiz is out: you can take it now.")
    available_on = last.completed_at + timedelta(days=RETAKE_DAYS)
    if now >= available_on:
        return RetakeStatus(True, f"It has been more than {RETAKE_DAYS} days: you can take the quiz again.")
    return RetakeStatus(
        False,
        f"You can take the quiz again from {available_on:%-d %B %Y}, {RETAKE_DAYS} days after your last one, "
        "or as soon as a new version is out.",
        available_on,
    )


def members_on_track(*, track: str, exclude_user, limit: int = 6) -> list:
    """Members who chose to show this track on their profile, newest result first: people to
    follow. Only shared results are read."""
    rows = (
        Result.objects.shared()
        .filter(primary_track=track)
        .exclude(user=exclude_user)
        .select_related("user")
        .order_by("-created_at")[:limit]
    )
    return [row.user for row in rows]


# --- Staff ---------------------------------------------------------------------------------


def distribution() -> list[dict]:
    """Per quiz version: how many newest results point to each track (one per session, the
    newest scoring)."""
    latest: dict[int, Result] = {}
    for result in Result.objects.order_by("session_id", "-scoring_version").only(
        "session_id", "primary_track", "scoring_version", "confidence"
    ):
        latest.setdefault(result.session_id, result)
    versions = {s.pk: s.version for s in QuizSession.objects.filter(pk__in=latest).select_related("version")}
    table: dict[int, dict] = {}
    for session_id, result in latest.items():
        version = versions[session_id]
        row = table.setdefault(
            version.number,
            {"version": version, "total": 0, "tracks": dict.fromkeys(TRACK_SLUGS, 0), "low": 0},
        )
        row["total"] += 1
        row["tracks"][result.primary_track] += 1
        row["low"] += result.confidence == "low"
    out = []
    for number in sorted(table, reverse=True):
        row = table[number]
        row["cells"] = [
            (
                track,
                row["tracks"][track.slug],
                (row["tracks"][track.slug] / row["total"]) if row["total"] else 0,
            )
            for track in TRACKS
        ]
        out.append(row)
    return out


def version_statistics(*, version: QuizVersion) -> tuple[list[ItemStat], list[TrackReliability], int]:
    """(item statistics, Cronbach's alpha per track, finished sessions counted) for `version`."""
    items = [item.spec() for item in version.items.all()]
    rows: dict[int, dict[str, int]] = {}
    for session_id, key, value in Answer.objects.filter(
        session__version=version, session__completed_at__isnull=False
    ).values_list("session_id", "item__key", "value"):
        rows.setdefault(session_id, {})[key] = value
    sessions = list(rows.values())
    return item_statistics(items, sessions), track_reliability(items, sessions), len(sessions)


def versions_with_counts() -> QuerySet[QuizVersion]:
    return QuizVersion.objects.annotate(item_count=Count("items", distinct=True)).order_by("-number")
