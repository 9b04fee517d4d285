"""GitHub login only where GitHub is set up.

allauth's GitHub views look the app up (GITHUB_CLIENT_ID, or a SocialApp row) and fail with
an error when there is none. These two URLs answer a plain 404 then, and hand over to
allauth's own views otherwise; they sit in front of allauth's at the same paths."""

from __future__ import annotations

from functools import wraps

from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.providers.github import views as github_views
from django.http import Http404, HttpRequest, HttpResponse


def github_configured(request: HttpRequest) -> bool:
    return bool(get_adapter(request).list_apps(request, provider="github"))


def _when_configured(view):
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not github_configured(request):
            raise Http404("GitHub sign-in is not set up on this site.")
        return view(request, *args, **kwargs)

    return wrapper


github_login = _when_configured(github_views.oauth2_login)
github_callback = _when_configured(github_views.oauth2_callback)
