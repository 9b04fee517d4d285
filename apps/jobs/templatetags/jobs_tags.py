from __future__ import annotations

from datetime import timedelta

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma

from apps.core.templatetags.core_tags import ago

register = template.Library()

EN_DASH = "\u2013"
SYMBOLS = {"NGN": "₦", "USD": "$", "EUR": "€", "GBP": "£"}
STAGE_BADGES = {
    "pending": "badge",
    "reviewed": "badge badge-info",
    "interviewed": "badge badge-warning",
    "accepted": "badge badge-success",
    "rejected": "badge badge-danger",
    "withdrawn": "badge",
}


@register.filter
def salary_range(job) -> str:
    """The range with its currency and period; an empty string while a draft has no range."""
    if job.salary_min is None or job.salary_max is None:
        return ""
    symbol = SYMBOLS.get(job.salary_currency, f"{job.salary_currency} ")
    period = "a month" if job.salary_period == "month" else "a year"
    if job.salary_min == job.salary_max:
        return f"{symbol}{intcomma(job.salary_min)} {period}"
    return f"{symbol}{intcomma(job.salary_min)}{EN_DASH}{symbol}{intcomma(job.salary_max)} {period}"


@register.filter
def stage_badge(stage: str) -> str:
    return STAGE_BADGES.get(stage, "badge")


@register.filter
def duration(value: timedelta | None) -> str:
    """A response time in words: "about 3 days", "about 5 hours"."""
    if value is None:
        return ""
    hours = value.total_seconds() / 3600
    if hours < 1:
        return "under an hour"
    if hours < 36:
        return f"about {round(hours)} hour{'s' if round(hours) != 1 else ''}"
    days = round(hours / 24)
    return f"about {days} days"


# Every template has `ago` (a builtin); jobs templates that load this library keep it too.
register.filter("ago", ago)
