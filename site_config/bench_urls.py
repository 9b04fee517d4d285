"""URLconf used only in benchmark mode (BENCH_MODE=true): the site plus a bare view.

The bare view answers a short constant through the same middleware and the same gunicorn as
every page, so its throughput is the ceiling no page can pass."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from site_config.urls import urlpatterns as site_urlpatterns


def bare(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("__bench__/bare", bare, name="bench-bare"), *site_urlpatterns]
