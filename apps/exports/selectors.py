"""Reading exports: every check of who may read one asks its source, here."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404

from apps.exports.models import Export
from apps.exports.sources import Source, UnknownSource, source_get


def export_source(export: Export) -> Source | None:
    try:
        return source_get(export.source)
    except UnknownSource:
        return None


def export_get_for_reader(*, user, pk: int) -> tuple[Export, Source]:
    """The export and its source, for somebody its source lets read it; anybody else (and
    an export whose source is gone) gets a 404, as if it did not exist."""
    export = get_object_or_404(Export, pk=pk)
    source = export_source(export)
    if source is None or not source.can_read(user, export.params):
        raise Http404
    return export, source


def export_readable(*, user, pk: int) -> bool:
    try:
        export_get_for_reader(user=user, pk=pk)
    except Http404:
        return False
    return True
