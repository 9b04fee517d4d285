"""An export's status page (progress bar, then the download link) and its download, for
whoever its source lets read it."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.views.decorators.http import require_safe

from apps.core.decorators import private_page
from apps.core.htmx import HtmxHttpRequest, render_page
from apps.exports.models import Export
from apps.exports.selectors import export_get_for_reader
from apps.exports.services import export_filename


@private_page
@login_required
@require_safe
def export_status(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    export, source = export_get_for_reader(user=request.user, pk=pk)
    context = {
        "export": export,
        "title": source.title(export.params),
        "filename": export_filename(export, source),
        "back_url": source.back_url(export.params),
        "back_label": source.back_label(export.params),
        "max_attempts": settings.EXPORT_MAX_ATTEMPTS,
    }
    return render_page(request, "exports/export_status.html", context, partial="progress")


@private_page
@login_required
@require_safe
def export_download(request: HtmxHttpRequest, pk: int) -> FileResponse:
    export, source = export_get_for_reader(user=request.user, pk=pk)
    if export.state != Export.State.DONE or not export.file:
        raise Http404
    return FileResponse(export.file.open("rb"), as_attachment=True, filename=export_filename(export, source))
