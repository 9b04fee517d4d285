"""Reads of the mentor: conversations for their owner, and the staff usage figures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from apps.mentor.models import ApiToken, Conversation, MentorInteraction, Message

CONVERSATION_LIST_LIMIT = 100


def conversation_list_for(*, member, limit: int = CONVERSATION_LIST_LIMIT) -> list[Conversation]:
    return list(Conversation.objects.filter(member=member).order_by("-updated_at", "-pk")[:limit])


def conversation_messages(*, conversation: Conversation) -> list[Message]:
    return list(conversation.messages.select_related("interaction").order_by("created_at", "pk"))


def token_list_for(*, member) -> list[ApiToken]:
    return list(ApiToken.objects.filter(member=member).order_by("-created_at", "-pk"))


@dataclass(frozen=True)
class DayUsage:
    day: date
    count: int


@dataclass(frozen=True)
class MentorStats:
    days: list[DayUsage]
    total: int
    rated: int
    helpful: int
    backends: list[tuple[str, int]]
    slowest: list[MentorInteraction]

    @property
    def helpful_rate(self) -> int | None:
        return round(100 * self.helpful / self.rated) if self.rated else None

    @property
    def peak(self) -> int:
        return max((d.count for d in self.days), default=0)


def mentor_stats(*, days: int = 30) -> MentorStats:
    """Usage per day over the last `days` days (days without calls included as 0), the
    helpful rate among rated answers, the share of each backend and the slowest calls."""
    today = timezone.localdate()
    start = today - timedelta(days=days - 1)
    recent = MentorInteraction.objects.filter(created_at__date__gte=start)
    per_day = dict(
        recent.annotate(day=TruncDate("created_at"))
        .values_list("day")
        .annotate(n=Count("pk"))
        .values_list("day", "n")
    )
    totals = recent.aggregate(
        total=Count("pk"),
        rated=Count("pk", filter=Q(helpful__isnull=False)),
        helpful=Count("pk", filter=Q(helpful=True)),
    )
    backends = list(recent.values_list("backend").annotate(n=Count("pk")).order_by("-n", "backend"))
    slowest = list(recent.select_related("member").order_by("-latency_ms", "-pk")[:10])
    series = [
        DayUsage(start + timedelta(days=i), per_day.get(start + timedelta(days=i), 0)) for i in range(days)
    ]
    return MentorStats(series, totals["total"], totals["rated"], totals["helpful"], backends, slowest)
