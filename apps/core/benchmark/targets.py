"""What the benchmark measures: the URLs each app describes in its `bench.py`, and the
helpers those descriptions use."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from html.parser import HTMLParser

from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client

from apps.core.discovery import app_modules

BARE_PATH = "/__bench__/bare"


@dataclass
class Target:
    name: str
    path: str
    method: str = "GET"
    kind: str = "page"  # page | partial | api | ceiling | health
    headers: dict[str, str] = field(default_factory=dict)
    session: bool = False
    form: dict[str, str] | None = None  # POST body; "{email}" is made unique per request
    smoke: bool = False  # also measured by the few-seconds run the test suite makes


def signed_in(target: Target) -> Target:
    """The same URL requested as the benchmark member. Pages for members are not served whole
    from the page cache (the feed aside), so this is what every signed-in visit costs."""
    return replace(target, name=f"{target.name}, signed in", session=True)


def htmx_partial(name: str, path: str, *, hx_target: str, session: bool = False) -> Target:
    """The partial an htmx request for `path` swaps into `hx_target`, as the page's own
    hx-get sends it."""
    return Target(
        name, path, kind="partial", session=session, headers={"HX-Request": "true", "HX-Target": hx_target}
    )


def bench_member():
    """The member the signed-in pages are measured as: the demo member, or the first one.
    Each app's `prepare` gives it what its pages need (follows for the feed)."""
    User = get_user_model()
    member = User.objects.filter(email="demo@example.com").first() or User.objects.order_by("pk").first()
    if member is None:
        return None
    for _label, module in app_modules("bench"):
        prepare = getattr(module, "prepare", None)
        if prepare is not None:
            prepare(member=member)
    return member


def session_cookie_for(member) -> str:
    client = Client()
    client.force_login(member)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


class FormReader(HTMLParser):
    """Reads the first POST form of a page into a dict of plausible values."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: dict[str, str] = {}
        self.in_form = False
        self.done = False
        self.select: str | None = None

    def handle_starttag(self, tag: str, attrs_list) -> None:
        attrs = {key: value or "" for key, value in attrs_list}
        if self.done:
            return
        if tag == "form" and attrs.get("method", "").lower() == "post":
            self.in_form = True
        if not self.in_form:
            return
        name = attrs.get("name")
        if tag == "input" and name and name not in self.fields:
            self.fields[name] = self.value_for(attrs)
        elif tag == "textarea" and name:
            self.fields[name] = "Looking forward to it."
        elif tag == "select" and name:
            self.select = name
        elif tag == "option" and self.select and attrs.get("value") and self.select not in self.fields:
            self.fields[self.select] = attrs["value"]

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self.select = None
        if tag == "form" and self.in_form:
            self.in_form, self.done = False, True

    @staticmethod
    def value_for(attrs: dict[str, str]) -> str:
        kind = attrs.get("type", "text")
        name = attrs.get("name", "")
        if kind == "hidden":
            return attrs.get("value", "")
        if kind in {"checkbox", "radio"}:
            return attrs.get("value") or "on"
        if kind == "email" or "email" in name:
            return "{email}"
        if kind == "tel" or "phone" in name:
            return "+2348031234567"
        if kind == "number":
            return "3"
        if kind == "url":
            return "https://example.com"
        if "website" in name or "honey" in name or attrs.get("tabindex") == "-1" or name == "hp":
            return ""
        return "Bench Tester"


def form_post(name: str, path: str) -> Target | None:
    """A POST of the first form on `path`, with plausible values (hidden anti-spam values
    kept) and the CSRF cookie its token belongs to (a POST without it is refused with 403)."""
    client = Client()
    response = client.get(path)
    if response.status_code != 200:
        print(f"bench: no {name}: {path} answered {response.status_code}", flush=True)
        return None
    reader = FormReader()
    reader.feed(response.content.decode())
    if not reader.fields:
        return None
    csrf = client.cookies.get(settings.CSRF_COOKIE_NAME)
    headers = {"Cookie": f"{settings.CSRF_COOKIE_NAME}={csrf.value}"} if csrf else {}
    return Target(name, path, method="POST", form=reader.fields, headers=headers)


def discover_targets(*, smoke: bool, member) -> list[Target]:
    """The bare view (the ceiling), the home page, every app's targets in INSTALLED_APPS
    order, and /readyz (the readiness check, which asks the database, cache and queue)."""
    targets = [
        Target("bare view (ceiling)", BARE_PATH, kind="ceiling"),
        Target("home", "/", smoke=True),
    ]
    for _label, module in app_modules("bench"):
        targets += module.targets(member=member)
    targets.append(Target("/readyz", "/readyz", kind="health"))
    if smoke:
        targets = [t for t in targets if t.kind in {"ceiling", "health"} or t.smoke]
    return targets
