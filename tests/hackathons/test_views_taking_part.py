from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.timezone import localtime

from apps.hackathons.models import HackathonParticipation, JoinRequest, Submission, TeamMembership
from tests.accounts.factories import UserFactory
from tests.hackathons.factories import (
    HackathonFactory,
    ParticipationFactory,
    TeamFactory,
    add_member,
    set_phase,
)

pytestmark = pytest.mark.django_db


def url(name: str, hackathon, **kwargs) -> str:
    return reverse(f"hackathons:{name}", kwargs={"slug": hackathon.slug, **kwargs})


def test_join_requires_login(client):
    hackathon = HackathonFactory(phase="open")
    response = client.post(url("join", hackathon))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not HackathonParticipation.objects.exists()


def test_join_and_leave_through_the_page(member_client):
    hackathon = HackathonFactory(phase="open")
    response = member_client.post(url("join", hackathon), {"skills": "Python, Figma"}, follow=True)
    assert b"You are in!" in response.content
    assert b"You are taking part" in response.content
    assert HackathonParticipation.objects.filter(user=member_client.user).exists()
    response = member_client.post(url("leave", hackathon), follow=True)
    assert b"You left" in response.content
    assert not HackathonParticipation.objects.exists()


def test_join_full_hackathon_shows_message(member_client):
    hackathon = HackathonFactory(phase="open", max_participants=1)
    from apps.hackathons.services import participation_join

    participation_join(hackathon=hackathon, user=UserFactory())
    response = member_client.post(url("join", hackathon), follow=True)
    assert b"This hackathon is full." in response.content
    assert not HackathonParticipation.objects.filter(user=member_client.user).exists()


def test_join_is_rate_limited(member_client, settings):
    settings.HACKATHON_POST_RATE = "2/m"
    hackathon = HackathonFactory(phase="open")
    for _ in range(2):
        member_client.post(url("join", hackathon))
    assert member_client.post(url("join", hackathon)).status_code == 429


def test_get_on_join_is_not_allowed(member_client):
    assert member_client.get(url("join", HackathonFactory(phase="open"))).status_code == 405


def test_create_team_through_page_and_share_link(member_client):
    hackathon = HackathonFactory(phase="open")
    response = member_client.post(
        url("teams", hackathon), {"name": "Night Owls", "looking_for": "Design, Go"}, follow=True
    )
    team = TeamMembership.objects.get(user=member_client.user).team
    assert team.name == "Night Owls"
    assert team.join_code.encode() in response.content
    assert f"/teams/join/{team.join_code}/".encode() in response.content


def test_create_team_errors_keep_what_was_typed_and_htmx_gets_the_partial(member_client):
    hackathon = HackathonFactory(phase="open")
    TeamFactory(hackathon=hackathon, name="Night Owls")
    response = member_client.post(
        url("teams", hackathon),
        {"name": "night owls", "description": "We ship"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "<html" not in content and 'id="team-form"' in content
    assert "already exists" in content
    assert 'value="night owls"' in content and "We ship" in content


def test_team_create_success_over_htmx_redirects_client_side(member_client):
    hackathon = HackathonFactory(phase="open")
    response = member_client.post(url("teams", hackathon), {"name": "Owls"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response["HX-Redirect"].endswith(f"/teams/{TeamMembership.objects.get().team_id}/")


def test_join_link_asks_then_joins(client):
    hackathon = HackathonFactory(phase="open")
    team = TeamFactory(hackathon=hackathon, name="Owls")
    newcomer = UserFactory()
    client.force_login(newcomer)
    link = url("team-join-link", hackathon, code=team.join_code)
    assert b"Join Owls?" in client.get(link).content
    assert not TeamMembership.objects.filter(user=newcomer).exists()
    client.post(link)
    assert TeamMembership.objects.filter(team=team, user=newcomer).exists()


def test_bad_join_link_is_404(member_client):
    hackathon = HackathonFactory(phase="open")
    assert member_client.get(url("team-join-link", hackathon, code="wrong")).status_code == 404


def test_join_code_form(member_client):
    hackathon = HackathonFactory(phase="open")
    team = TeamFactory(hackathon=hackathon)
    member_client.post(url("team-join-code", hackathon), {"code": f"  {team.join_code} "})
    assert TeamMembership.objects.filter(team=team, user=member_client.user).exists()


def test_join_code_hidden_from_non_members(member_client):
    hackathon = HackathonFactory(phase="open")
    team = TeamFactory(hackathon=hackathon)
    content = member_client.get(team.get_absolute_url()).content
    assert team.join_code.encode() not in content


def test_request_and_accept_through_pages(client):
    hackathon = HackathonFactory(phase="open")
    team = TeamFactory(hackathon=hackathon)
    asker = UserFactory()
    client.force_login(asker)
    client.post(url("team-request", hackathon, team_id=team.pk), {"message": "I design"})
    join_request = JoinRequest.objects.get(user=asker)
    client.force_login(team.leader)
    assert b"I design" in client.get(team.get_absolute_url()).content
    client.post(
        url("request-decide", hackathon, team_id=team.pk, request_id=join_request.pk), {"decision": "accept"}
    )
    assert TeamMembership.objects.filter(team=team, user=asker).exists()


def test_non_leader_cannot_decide_requests(client):
    hackathon = HackathonFactory(phase="open")
    team = TeamFactory(hackathon=hackathon)
    member = UserFactory()
    add_member(team, member)
    join_request = JoinRequest.objects.create(team=team, user=UserFactory())
    client.force_login(member)
    response = client.post(
        url("request-decide", hackathon, team_id=team.pk, request_id=join_request.pk), {"decision": "accept"}
    )
    assert response.status_code == 404
    join_request.refresh_from_db()
    assert join_request.state == "pending"


def test_teams_page_ranks_teams_by_skill_match(member_client):
    from apps.hackathons.services import participation_join, team_create

    hackathon = HackathonFactory(phase="open")
    team_create(hackathon=hackathon, user=UserFactory(), name="Designers", looking_for=["Figma"])
    team_create(hackathon=hackathon, user=UserFactory(), name="Gophers", looking_for=["Go", "Postgres"])
    participation_join(hackathon=hackathon, user=member_client.user, skills=["go", "postgres"])
    response = member_client.get(url("teams", hackathon))
    names = [t.name for t in response.context["teams_looking"]]
    assert names == ["Gophers", "Designers"]
    assert response.context["teams_looking"][0].match_count == 2
    assert b"2 skills match" in response.content


def test_submit_page_saves_then_is_frozen_after_deadline(member_client):
    hackathon = HackathonFactory(phase="running")
    ParticipationFactory(hackathon=hackathon, user=member_client.user)
    form = {
        "title": "Rain alert",
        "description": "SMS",
        "repository_url": "https://example.com/x",
        "technologies": "Go",
    }
    response = member_client.post(url("submit", hackathon), form, follow=True)
    assert b"Submission saved" in response.content
    assert Submission.objects.get().title == "Rain alert"
    set_phase(hackathon, "judging")
    page = member_client.get(url("submit", hackathon))
    assert b"data-frozen" in page.content and b'<form method="post" action="/hackathons' not in page.content
    member_client.post(url("submit", hackathon), form | {"title": "Changed"})
    assert Submission.objects.get().title == "Rain alert"


def test_submit_validation_errors_keep_input(member_client):
    hackathon = HackathonFactory(phase="running")
    ParticipationFactory(hackathon=hackathon, user=member_client.user)
    response = member_client.post(
        url("submit", hackathon),
        {"title": "Rain alert", "description": "", "repository_url": "javascript:alert(1)"},
        headers={"HX-Request": "true"},
    )
    content = response.content.decode()
    assert response.status_code == 200 and "<html" not in content
    assert 'value="Rain alert"' in content
    assert "Enter a valid URL" in content
    assert not Submission.objects.exists()


def test_team_member_not_leader_sees_no_submit_form(client):
    hackathon = HackathonFactory(phase="running")
    team = TeamFactory(hackathon=hackathon)
    mate = UserFactory()
    add_member(team, mate)
    client.force_login(mate)
    response = client.get(url("submit", hackathon))
    assert b"Only your team leader" in response.content
    assert client.post(url("submit", hackathon), {"title": "x", "description": "y"}).status_code == 403


def test_teams_page_offers_no_team_forms_once_frozen(member_client):
    hackathon = HackathonFactory(phase="judging")
    TeamFactory(hackathon=hackathon, name="Owls")
    content = member_client.get(url("teams", hackathon)).content.decode()
    assert "Teams are frozen" in content
    assert "Create team" not in content and "Ask to join" not in content


def test_join_link_tells_members_they_are_already_in(client):
    hackathon = HackathonFactory(phase="open")
    team = TeamFactory(hackathon=hackathon, name="Owls")
    client.force_login(team.leader)
    content = client.get(url("team-join-link", hackathon, code=team.join_code)).content.decode()
    assert "already in this team" in content and "Join team</button>" not in content


def test_before_hacking_starts_pages_say_when_submissions_open(member_client):
    hackathon = HackathonFactory(phase="open")
    team = TeamFactory(hackathon=hackathon, leader=member_client.user)
    opens = localtime(hackathon.starts_at).strftime("%-d %b %Y")  # the site's date, not UTC's
    for page in (url("submit", hackathon), url("detail", hackathon), team.get_absolute_url()):
        html = member_client.get(page).content.decode()
        assert "Submissions are not open." not in html
        assert "Submit project</" not in html and "Submit your project</a>" not in html
        assert "data-submissions-open" in html and opens in html, page


def test_prize_named_after_its_track_shows_the_name_once(client):
    from apps.hackathons.models import Prize, Track

    hackathon = HackathonFactory(phase="open")
    track = Track.objects.create(hackathon=hackathon, name="Best beginner project", order=0)
    Prize.objects.create(hackathon=hackathon, title="Best beginner project", amount=10, track=track, order=0)
    Prize.objects.create(hackathon=hackathon, title="Audience award", amount=5, track=track, order=1)
    html = client.get(url("detail", hackathon)).content.decode()
    prizes = html[html.index('id="prizes"') :]
    prizes = prizes[prizes.index("Prizes") :]
    assert prizes.count("Best beginner project") == 2  # its own prize once, as the other's track once
