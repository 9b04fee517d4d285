"""{% process_fragment %} draws markup once per process for each key, and the site's
navigation built on it still marks the section a visitor is in."""

from __future__ import annotations

import re

import pytest
from django.template import Context, Template
from django.urls import reverse


class Counter:
    def __init__(self) -> None:
        self.drawn = 0

    def __str__(self) -> str:
        self.drawn += 1
        return str(self.drawn)


FRAGMENT = Template("{% process_fragment key %}[{{ key }} drawn {{ counter }}]{% endprocess_fragment %}")


def test_a_fragment_is_drawn_once_per_key_and_reused():
    counter = Counter()
    first = [FRAGMENT.render(Context({"key": key, "counter": counter})) for key in ("a", "a", "b", "a")]
    assert first == ["[a drawn 1]", "[a drawn 1]", "[b drawn 2]", "[a drawn 1]"]


def test_fragments_are_drawn_each_time_in_development(settings):
    settings.DEBUG = True
    counter = Counter()
    drawn = [FRAGMENT.render(Context({"key": "dev", "counter": counter})) for _ in range(2)]
    assert drawn == ["[dev drawn 1]", "[dev drawn 2]"]


SECTIONS = {"Events", "Hackathons", "Jobs", "Projects", "Community", "Mentor", "Mentors"}


def _current_sections(html: str) -> list[str]:
    marked = re.findall(r'class="nav-link nav-link-active" aria-current="page">(\w+)<', html)
    return [name for name in marked if name in SECTIONS]  # a page's own tabs look alike


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "section"),
    [
        (reverse("jobs:job-list"), "Jobs"),
        (reverse("events:event-list"), "Events"),
        (reverse("community:feed"), "Community"),
        (reverse("jobs:job-list"), "Jobs"),
    ],
)
def test_the_navigation_marks_the_section_the_visitor_is_in(client, url, section):
    # Both menus (the phone's and the wide screen's) mark it, whatever page came before.
    assert _current_sections(client.get(url).content.decode()) == [section, section]


@pytest.mark.django_db
def test_the_navigation_marks_no_section_outside_them(client):
    client.get(reverse("jobs:job-list"))
    assert _current_sections(client.get(reverse("privacy")).content.decode()) == []
