"""Checks that a page shows hostile member text as text: whatever a member typed, no element
the browser builds from it can run script, make htmx send a request, or load from another
host."""

from __future__ import annotations

from html.parser import HTMLParser

# Everything a member can type, in one string: markup that would run, markup that would make
# htmx send signed-in requests, a link and an image that would leave the site, and quote
# breakouts for text that lands inside an attribute.
HOSTILE = (
    '<img src=x onerror=alert(1)><div hx-post="/pwned/" hx-trigger="load">h</div>'
    '<script>alert("pwned")</script><a href="javascript:alert(1)">j</a>'
    "\"><svg onload=alert(1)>'><details open ontoggle=alert(1)>"
    "[j](javascript:alert(1)) ![t](https://tracker.example/pixel.png) **mdmark**"
)
# For fields of 30 to 60 characters.
SHORT = '"><svg onload=alert(1) hx-get=/pwned/>'
# For fields of 30 characters or fewer.
TINY = '"><svg onload=alert(1)>'
HOSTILE_URL = "javascript:alert(1)"
# Raw HTML as an old row might hold it (sanitised by an older, looser allowlist).
HOSTILE_HTML = (
    '<p hx-get="/pwned/" hx-trigger="load">x</p><img src="https://tracker.example/old.png" onerror="alert(1)">'
    '<a href="javascript:alert(1)" data-hx-post="/pwned/">j</a><script>alert("pwned")</script>'
    "<strong>mdmark</strong>"
)

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "srcset"}
# Where a page may load an image from: our files, our image proxy, inline QR codes.
IMAGE_SOURCES = ("/static/", "/media/", "/img-proxy/", "data:image/")


class _Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict[str, str | None]]] = []
        self.problems: list[str] = []
        self.markdown_marks = 0

    def _check(self, tag: str, attrs: dict[str, str | None]) -> None:
        for name, value in attrs.items():
            value = value or ""
            if name.startswith("on"):
                self.problems.append(f"event handler {name}= on <{tag}>")
            if (name.startswith(("hx-", "data-hx-")) and "pwned" in value) or "pwned" in name:
                self.problems.append(f"member-made htmx attribute {name}={value!r} on <{tag}>")
            if name in URL_ATTRIBUTES and value.strip().lower().startswith(
                ("javascript:", "vbscript:", "data:text")
            ):
                self.problems.append(f"{name}={value!r} on <{tag}>")
        if tag == "img" and attrs.get("src") and not attrs["src"].startswith(IMAGE_SOURCES):
            self.problems.append(f"<img src={attrs['src']!r}> loads from another host")

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self._check(tag, attrs)
        if tag not in VOID:
            self.stack.append((tag, attrs))

    def handle_startendtag(self, tag, attrs):
        self._check(tag, dict(attrs))

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                return

    def handle_data(self, data):
        if not self.stack:
            return
        tag, _attrs = self.stack[-1]
        if tag == "script" and "pwned" in data:
            self.problems.append("member text inside a <script>")
        if tag == "strong" and data.strip() == "mdmark":
            # Member Markdown rendered as HTML: it must sit inside an hx-disable container.
            self.markdown_marks += 1
            if not any({"hx-disable", "data-hx-disable"} & attrs.keys() for _tag, attrs in self.stack):
                self.problems.append("rendered member Markdown outside an hx-disable container")


def inspect(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    page.close()
    return page


def assert_inert(html: str, *, where: str = "") -> int:
    """Fail on anything member text could have turned into; return how many pieces of
    rendered member Markdown the page holds (each inside hx-disable)."""
    page = inspect(html)
    assert not page.problems, f"{where}: {page.problems}"
    return page.markdown_marks
