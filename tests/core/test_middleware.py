from __future__ import annotations

import pytest
from django.contrib import messages
from django.contrib.messages.storage.session import SessionStorage
from django.contrib.sessions.backends.cache import SessionStore
from django.http import HttpResponse
from django.test import RequestFactory
from django_htmx.middleware import HtmxDetails

from apps.core.middleware import HtmxVaryMiddleware


def make_request(*, htmx: bool, boosted: bool = False):
    headers = {}
    if htmx:
        headers["HTTP_HX_REQUEST"] = "true"
    if boosted:
        headers["HTTP_HX_BOOSTED"] = "true"
    request = RequestFactory().post("/", **headers)
    request.htmx = HtmxDetails(request)
    request.session = SessionStore()
    request._messages = SessionStorage(request)
    return request


def view_that_says_saved(request):
    messages.success(request, "Saved <b>draft</b>")
    return HttpResponse("<p>partial</p>")


@pytest.mark.django_db
def test_htmx_response_carries_pending_messages_as_an_out_of_band_toast():
    response = HtmxVaryMiddleware(view_that_says_saved)(make_request(htmx=True))
    html = response.content.decode()
    assert html.startswith("<p>partial</p>")
    assert 'data-hx-swap-oob="beforeend"' in html
    assert "Saved &lt;b&gt;draft&lt;/b&gt;" in html
    assert "HX-Request" in response["Vary"]


@pytest.mark.django_db
def test_full_page_and_boosted_requests_leave_messages_for_the_page_itself():
    for request in (make_request(htmx=False), make_request(htmx=True, boosted=True)):
        response = HtmxVaryMiddleware(view_that_says_saved)(request)
        assert "data-hx-swap-oob" not in response.content.decode()
        assert [str(m) for m in messages.get_messages(request)] == ["Saved <b>draft</b>"]
