"""Hackathon forms' rate limits count only what was accepted, and a limited post gets the form
back with everything typed and a message, as a page or as the HTMX partial."""

from __future__ import annotations

import pytest
from django.urls import reverse

from apps.hackathons.models import Hackathon, JoinRequest, Score, Submission, Team, Track
from tests.events.test_rate_limits import assert_form_keeps
from tests.hackathons.factories import (
    CriterionFactory,
    HackathonFactory,
    JudgeFactory,
    ParticipationFactory,
    SubmissionFactory,
    TeamFactory,
)
from tests.hackathons.test_views_organise import form_data as hackathon_data

pytestmark = pytest.mark.django_db

HX = {"HX-Request": "true"}
LIMIT_TEXT = "sent too many times from your account"
ACCEPTED = (200, 302)  # a client-side redirect over HTMX, a redirect otherwise


def url(name: str, hackathon, **kwargs) -> str:
    return reverse(f"hackathons:{name}", kwargs={"slug": hackathon.slug, **kwargs})


def form_html(html: str, marker: str) -> str:
    """The one form on a page with several that holds `marker`."""
    at = html.index(marker)
    return html[html.rindex("<form", 0, at) : html.index("</form>", at)]


def assert_limited(response, data: dict, *, partial_marker: str | None, htmx: bool) -> str:
    assert response.status_code == 429
    assert "HX-Retarget" not in response and "HX-Redirect" not in response
    html = response.content.decode()
    assert LIMIT_TEXT in html and "What you typed is still here" in html
    if htmx and partial_marker:
        assert "<html" not in html and partial_marker in html
    else:
        assert "<html" in html
    assert_form_keeps(html, {name: str(value) for name, value in data.items()})
    return html


@pytest.fixture
def low_rate(settings):
    settings.HACKATHON_POST_RATE = "1/h"


@pytest.mark.parametrize("headers", [{}, HX], ids=["plain", "htmx"])
def test_team_creation_counts_only_created_teams(member_client, low_rate, headers):
    first, second = HackathonFactory(phase="open"), HackathonFactory(phase="open")
    TeamFactory(hackathon=first, name="Night Owls")
    for _ in range(3):  # a taken name is refused: not counted
        response = member_client.post(url("teams", first), {"name": "night owls"}, headers=headers)
        assert response.status_code == 200 and LIMIT_TEXT not in response.content.decode()
    assert member_client.post(url("teams", first), {"name": "Owls"}, headers=headers).status_code in ACCEPTED

    data = {"name": "Larks", "description": "We ship at dawn.", "looking_for": "Design, Go"}
    response = member_client.post(url("teams", second), data, headers=headers)

    assert_limited(response, data, partial_marker='id="team-form"', htmx=bool(headers))
    assert not Team.objects.filter(name="Larks").exists()


@pytest.mark.parametrize("headers", [{}, HX], ids=["plain", "htmx"])
def test_submissions_count_only_saved_ones(member_client, low_rate, headers):
    hackathon = HackathonFactory(phase="running")
    ParticipationFactory(hackathon=hackathon, user=member_client.user)
    data = {"title": "Rain alert", "description": "SMS when rain comes.", "repository_url": "https://example.com/x",
            "technologies": "Go"}  # fmt: skip
    for _ in range(3):
        bad = member_client.post(url("submit", hackathon), data | {"repository_url": "nope"}, headers=headers)
        assert bad.status_code == 200 and LIMIT_TEXT not in bad.content.decode()
    assert member_client.post(url("submit", hackathon), data, headers=headers).status_code in ACCEPTED

    typed = data | {"title": "Rain alert v2", "description": "Now with a map.\nAnd voice."}
    response = member_client.post(url("submit", hackathon), typed, headers=headers)

    assert_limited(response, typed, partial_marker='id="submission-form"', htmx=bool(headers))
    assert Submission.objects.get().title == "Rain alert"


def test_a_limited_join_request_keeps_the_message(member_client, low_rate):
    hackathon = HackathonFactory(phase="open")
    asked, other = TeamFactory(hackathon=hackathon), TeamFactory(hackathon=hackathon)
    JoinRequest.objects.create(team=asked, user=member_client.user)
    for _ in range(3):  # asked already: refused, not counted
        member_client.post(url("team-request", hackathon, team_id=asked.pk), {"message": "again"})
    accepted = member_client.post(url("team-request", hackathon, team_id=other.pk), {"message": "Hi"})
    assert accepted.status_code == 302

    data = {"message": "I design, and I can write the pitch."}
    third = TeamFactory(hackathon=hackathon)
    response = member_client.post(url("team-request", hackathon, team_id=third.pk), data)

    html = assert_limited(response, data, partial_marker=None, htmx=False)
    assert third.name in html
    assert not JoinRequest.objects.filter(team=third).exists()


@pytest.mark.parametrize("view", ["create", "edit"])
def test_hackathon_form_counts_only_saved_hackathons(organiser_client, low_rate, view):
    if view == "create":
        target = reverse("hackathons:create")
    else:
        target = url("edit", HackathonFactory(organiser=organiser_client.user))
    for _ in range(3):
        bad = organiser_client.post(target, hackathon_data(max_team_size=0))
        assert bad.status_code == 200 and LIMIT_TEXT not in bad.content.decode()
    assert organiser_client.post(target, hackathon_data(title="Accepted Hack")).status_code == 302

    data = hackathon_data(title="Limited Hack", description="Typed, then limited.")
    response = organiser_client.post(target, data)

    assert_limited(response, data, partial_marker=None, htmx=False)
    assert not Hackathon.objects.filter(title="Limited Hack").exists()


def test_manage_add_counts_only_added_rows(organiser_client, low_rate):
    hackathon = HackathonFactory(organiser=organiser_client.user)
    add = reverse("hackathons:manage-add", kwargs={"slug": hackathon.slug, "kind": "tracks"})
    for _ in range(3):
        assert organiser_client.post(add, {"name": ""}).status_code == 422
    assert organiser_client.post(add, {"name": "Health"}).status_code == 302

    data = {"name": "Fintech", "description": "Money that moves."}
    response = organiser_client.post(add, data)

    assert response.status_code == 429
    html = response.content.decode()
    assert_form_keeps(form_html(html, 'id="add-tracks"'), data)
    assert LIMIT_TEXT in form_html(html, 'id="add-tracks"')
    assert list(Track.objects.values_list("name", flat=True)) == ["Health"]


@pytest.mark.parametrize("headers", [{}, HX], ids=["plain", "htmx"])
def test_scores_count_only_saved_ones(client, low_rate, headers):
    hackathon = HackathonFactory(phase="judging")
    criterion = CriterionFactory(hackathon=hackathon, name="Impact", weight=100)
    judge = JudgeFactory(hackathon=hackathon).user
    submission = SubmissionFactory(hackathon=hackathon)
    client.force_login(judge)
    score_url = url("score", hackathon, submission_id=submission.pk)
    for _ in range(3):
        bad = client.post(score_url, {f"score_{criterion.pk}": 11}, headers=headers)
        assert bad.status_code == 200 and LIMIT_TEXT not in bad.content.decode()
    assert client.post(score_url, {f"score_{criterion.pk}": 6}, headers=headers).status_code in ACCEPTED

    data = {f"score_{criterion.pk}": "9", f"comment_{criterion.pk}": "Changed my mind:\nit is great."}
    response = client.post(score_url, data, headers=headers)

    assert_limited(response, data, partial_marker='id="score-form"', htmx=bool(headers))
    assert Score.objects.get().value == 6
