from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest

DEFAULT_PER_PAGE = 20


def paginate(request: HttpRequest, queryset: QuerySet, *, per_page: int = DEFAULT_PER_PAGE) -> Page:
    """The requested page of `queryset`; a missing, malformed or out-of-range ?page= gives the
    nearest valid page instead of an error."""
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))
