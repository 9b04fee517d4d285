"""apps.core.links.row_url gives what reverse() gives, without reversing per row."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.urls import NoReverseMatch, reverse, set_script_prefix

from apps.core.links import row_url


@pytest.mark.parametrize(
    ("viewname", "value"),
    [
        ("community:post-detail", 42),
        ("jobs:job-detail", 7),
        ("hackathons:detail", "lagos-ai-sprint"),
        ("community:tag-detail", "c++"),
        ("profiles:detail", "ada_lovelace"),
        ("profiles:detail", "ádá ō"),
    ],
)
def test_a_row_address_is_what_reverse_gives(viewname, value):
    assert row_url(viewname, value) == reverse(viewname, args=[value])


def test_a_row_address_keeps_the_script_prefix_of_the_request():
    row_url("community:post-detail", 1)  # the pattern is remembered without the prefix
    set_script_prefix("/site/")
    try:
        assert row_url("community:post-detail", 5) == reverse("community:post-detail", args=[5])
        assert row_url("community:post-detail", 5).startswith("/site/")
    finally:
        set_script_prefix("/")


def test_a_pattern_without_one_argument_is_refused():
    with pytest.raises(NoReverseMatch):
        row_url("community:feed", 1)


def test_templates_build_row_addresses_with_the_row_url_filter():
    html = Template("{{ handle|row_url:'profiles:detail' }}").render(Context({"handle": "ada"}))
    assert html == reverse("profiles:detail", args=["ada"])
