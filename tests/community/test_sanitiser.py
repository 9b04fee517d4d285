"""Known XSS payloads through every way member Markdown reaches a page: posts, comments and
the live preview."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from apps.community.models import Comment, Post
from apps.community.rendering import render_body
from tests.community.factories import PostFactory

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<svg onload="alert(1)"></svg>',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![x](javascript:alert(1))",
    '<a href="#" hx-get="/accounts/logout/" hx-trigger="load">x</a>',
    '<div data-hx-post="/posts/1/delete/" data-hx-trigger="load">x</div>',
    '<p style="position:fixed;top:0">overlay</p>',
    '<iframe src="https://evil.example"></iframe>',
    '<a href="https://evil.example" onclick="steal()">x</a>',
    "<details open ontoggle=alert(1)>",
    '<form action="https://evil.example"><input name=x></form>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '"><script>alert(1)</script>',
    '<object data="javascript:alert(1)"></object>',
    "<body onload=alert(1)>",
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    "```html\n<script>alert(1)</script>\n```",
    "`<img src=x onerror=alert(1)>`",
    '<span class="fixed inset-0 z-50">overlay</span>',
]

FORBIDDEN_TAGS = {
    "script",
    "iframe",
    "object",
    "embed",
    "form",
    "input",
    "meta",
    "svg",
    "math",
    "style",
    "body",
    "details",
}
SAFE_URL = re.compile(r"^(https?:|mailto:|/|#)", re.I)


class _Elements(HTMLParser):
    """Every element and attribute the browser would build from the HTML (escaped text is
    just text and cannot run)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


def assert_safe(html: str) -> None:
    parser = _Elements()
    parser.feed(html)
    for tag, attrs in parser.elements:
        assert tag not in FORBIDDEN_TAGS, f"<{tag}> in {html!r}"
        for name, value in attrs.items():
            assert not name.startswith("on"), f"{name} on <{tag}> in {html!r}"
            assert name != "style", html
            assert not name.startswith(("hx-", "data-")), f"{name} on <{tag}> in {html!r}"
            if name in {"href", "src"}:
                assert SAFE_URL.match(value or ""), f"{name}={value!r} in {html!r}"
            if name == "class":
                assert not ({"fixed", "inset-0", "z-50"} & set((value or "").split())), html
        if tag == "a" and "href" in attrs:
            assert attrs.get("rel") == "nofollow noopener", html


@pytest.mark.parametrize("payload", PAYLOADS)
def test_renderer_strips_the_payload(payload):
    assert_safe(render_body(payload)[0])


def test_links_get_nofollow_noopener():
    html = render_body("[site](https://example.com)")[0]
    assert 'rel="nofollow noopener"' in html


def test_fenced_code_is_highlighted_server_side():
    html = render_body("```python\ndef f():\n    return 1\n```")[0]
    assert 'class="highlight"' in html
    assert '<span class="k">def</span>' in html


def test_post_body_through_the_form_is_safe(member_client, settings):
    settings.COMMUNITY_POST_RATE = "1000/h"
    for payload in PAYLOADS:
        response = member_client.post(
            "/posts/new/", {"title": "t", "body": payload, "tags": "", "action": "publish"}
        )
        assert response.status_code == 302
        post = Post.objects.latest("pk")
        assert_safe(post.body_html)
        page = member_client.get(post.get_absolute_url()).content.decode()
        assert_safe(page.split("data-post-body>", 1)[1].split("</div>\n", 1)[0])


def test_comment_body_through_the_form_is_safe(member_client, settings):
    settings.COMMUNITY_COMMENT_RATE = "1000/h"
    post = PostFactory()
    for payload in PAYLOADS:
        response = member_client.post(f"/posts/{post.pk}/comments/", {"body": payload})
        assert response.status_code == 302
        assert_safe(Comment.objects.latest("pk").body_html)
    page = member_client.get(post.get_absolute_url()).content.decode()
    bodies = [chunk.split("</div>\n", 1)[0] for chunk in page.split("data-comment-body>")[1:]]
    assert len(bodies) == len(PAYLOADS)
    for body in bodies:
        assert_safe(body)


def test_preview_is_safe(member_client):
    for payload in PAYLOADS:
        response = member_client.post("/posts/preview/", {"body": payload}, HTTP_HX_REQUEST="true")
        assert response.status_code == 200
        assert_safe(response.content.decode())


def test_title_is_escaped(member_client):
    member_client.post(
        "/posts/new/", {"title": "<script>alert(1)</script>", "body": "x", "action": "publish"}
    )
    page = member_client.get(Post.objects.get().get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
