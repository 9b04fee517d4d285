"""Links to the site's own pages come from the URL configuration ({% url %}, reverse), so a
moved page moves its links with it."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings
from django.urls import reverse

from apps.accounts.views import STAFF_AREAS

ROOT = Path(settings.BASE_DIR)
# A link attribute, or ?next=, whose value starts with a literal path of this site.
LITERAL_LINK = re.compile(r"""(?:href|action|src|data-hx-(?:get|post|put|delete)|next)=["']?/[a-z]""")
# "500.html" links to "/" on purpose: it must render when the URL configuration is what failed.
MAY_HARD_CODE = {"500.html"}


def test_templates_link_to_pages_through_url_names():
    literal = [
        f"{path.relative_to(ROOT / 'templates')}: {match.group(0)}"
        for path in (ROOT / "templates").rglob("*.html")
        if path.name not in MAY_HARD_CODE
        for match in LITERAL_LINK.finditer(path.read_text())
    ]
    assert literal == []


def test_python_builds_profile_links_with_reverse():
    literal = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "apps").rglob("*.py")
        if "migrations" not in path.parts and re.search(r"""f?["']/u/""", path.read_text())
    ]
    assert literal == []


def test_every_staff_area_names_a_page_that_exists():
    assert all(reverse(name) for _, name, _ in STAFF_AREAS)


def test_nav_marks_the_section_of_every_page_of_an_app(client, db):
    html = client.get(reverse("jobs:job-list") + "?q=python").content.decode()
    current = re.findall(r'<a href="([^"]+)" class="nav-link nav-link-active" aria-current="page">', html)
    assert current and set(current) == {reverse("jobs:job-list")}
