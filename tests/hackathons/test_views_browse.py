from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apps.core.fragments import fragments_clear
from apps.hackathons.models import Hackathon
from apps.profiles.services import skill_get_or_create
from tests.hackathons.factories import (
    HackathonFactory,
    ParticipationFactory,
    SubmissionFactory,
    TeamFactory,
    TrackFactory,
    set_phase,
)

pytestmark = pytest.mark.django_db
LIST = reverse("hackathons:list")


def slugs(response) -> set[str]:
    return {h.slug for h in response.context["page_obj"].object_list}


def test_list_full_page_and_htmx_partial(client):
    HackathonFactory(title="Lagos Fintech Sprint", phase="open")
    full = client.get(LIST)
    assert full.status_code == 200
    assert b"<html" in full.content and b"Lagos Fintech Sprint" in full.content
    assert b'data-hx-push-url="true"' in full.content
    partial = client.get(LIST, headers={"HX-Request": "true", "HX-Target": "results"})
    assert partial.status_code == 200
    assert b"<html" not in partial.content
    assert b'id="results"' in partial.content and b"Lagos Fintech Sprint" in partial.content
    assert "HX-Request" in partial["Vary"]


def test_history_restore_gets_the_full_page(client):
    HackathonFactory(phase="open")
    response = client.get(LIST, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})
    assert b"<html" in response.content


@pytest.mark.parametrize("phase", ["upcoming", "open", "running", "judging", "ended"])
def test_status_filter_is_derived_from_dates(client, phase):
    made = {p: HackathonFactory(phase=p) for p in ["upcoming", "open", "running", "judging", "ended"]}
    response = client.get(LIST, {"status": phase})
    assert slugs(response) == {made[phase].slug}
    assert made[phase].status == phase


def test_default_list_shows_what_one_can_still_take_part_in(client):
    running, upcoming = HackathonFactory(phase="running"), HackathonFactory(phase="upcoming")
    HackathonFactory(phase="judging")
    HackathonFactory(phase="ended")
    assert [h.slug for h in client.get(LIST).context["page_obj"]] == [running.slug, upcoming.slug]


def test_filters_by_difficulty_mode_technology_and_text(client):
    python = skill_get_or_create(name="Python")
    match = HackathonFactory(
        title="Ogbomoso Health Hack", difficulty="advanced", mode="in_person", city="Ogbomoso"
    )
    match.technologies.add(python)
    HackathonFactory(title="Other", difficulty="advanced", mode="in_person", city="Ibadan")
    HackathonFactory(title="Online one", difficulty="beginner").technologies.add(python)
    response = client.get(
        LIST, {"difficulty": "advanced", "mode": "in_person", "technology": "python", "q": "health"}
    )
    assert slugs(response) == {match.slug}
    online = Hackathon.objects.get(title="Online one")
    assert slugs(client.get(LIST, {"technology": "python"})) == {match.slug, online.slug}


def test_the_technology_filter_offers_a_technology_as_soon_as_a_hackathon_uses_it(client):
    hackathon = HackathonFactory(title="Ogbomoso Health Hack")
    assert '<option value="elixir"' not in client.get(LIST).content.decode()  # now cached

    hackathon.technologies.add(skill_get_or_create(name="Elixir"))
    assert '<option value="elixir"' in client.get(LIST).content.decode()

    hackathon.delete()
    assert '<option value="elixir"' not in client.get(LIST).content.decode()


def test_sorts(client):
    soon = HackathonFactory(phase="open", title="Soon")
    later = HackathonFactory(phase="upcoming", title="Later")
    Hackathon.objects.filter(pk=later.pk).update(prize_total=1_000_000)
    assert [h.slug for h in client.get(LIST).context["page_obj"]] == [soon.slug, later.slug]
    assert [h.slug for h in client.get(LIST, {"sort": "prize"}).context["page_obj"]] == [
        later.slug,
        soon.slug,
    ]
    assert [h.slug for h in client.get(LIST, {"sort": "newest"}).context["page_obj"]] == [
        later.slug,
        soon.slug,
    ]


def test_bad_filter_values_are_ignored_not_errors(client):
    HackathonFactory(phase="open")
    response = client.get(
        LIST, {"status": "<script>", "sort": "drop table", "difficulty": "x" * 500, "page": "x"}
    )
    assert response.status_code == 200
    assert len(slugs(response)) == 1
    assert b"<script>" not in response.content
    unknown = client.get(LIST, {"technology": "<b>nope</b>"})
    assert unknown.status_code == 200 and slugs(unknown) == set()
    assert b"<b>nope" not in unknown.content


def test_pagination_keeps_filters_in_links(client):
    for _ in range(13):
        HackathonFactory(phase="open", difficulty="beginner")
    response = client.get(LIST, {"difficulty": "beginner"})
    assert b"difficulty=beginner&amp;page=2" in response.content
    assert len(client.get(LIST, {"difficulty": "beginner", "page": 2}).context["page_obj"].object_list) == 1


def _make_listed(n: int) -> None:
    skill = skill_get_or_create(name="Django")
    for _ in range(n):
        hackathon = HackathonFactory(phase="open")
        hackathon.technologies.add(skill)


def test_list_query_count_pinned(client, assert_page_queries):
    """Anonymous full page, no card drawn yet: count, the page's card keys, the rows to draw,
    their technologies, the technology filter's choices."""
    assert_page_queries(
        client, LIST, add_rows=_make_listed, warm_up=False, before_each=fragments_clear, expected=5
    )


def test_list_query_count_pinned_for_member_htmx(member_client, assert_page_queries):
    """Count, card keys, the rows to draw, their technologies (the session and its user are
    cached); the same at 1 and 50 rows."""
    htmx = {"HX-Request": "true"}
    query = {"technology": "django"}
    assert_page_queries(
        member_client,
        LIST,
        add_rows=_make_listed,
        data=query,
        headers=htmx,
        before_each=fragments_clear,
        expected=4,
    )


def test_list_with_every_card_drawn_reads_only_the_card_keys(client):
    """Once this process has drawn the cards, the page reads each row's key alone: no full
    rows, no technologies. The page shows the same cards."""
    _make_listed(12)
    with CaptureQueriesContext(connection) as cold:
        first = client.get(LIST)
    with CaptureQueriesContext(connection) as warm:
        again = client.get(LIST)
    # Cold: filter choices, count, keys, full rows, technologies. Warm: count and keys.
    assert (len(cold.captured_queries), len(warm.captured_queries)) == (5, 2)
    assert not any("prefetch_related_val" in query["sql"] for query in warm.captured_queries)
    assert slugs(again) == slugs(first) and again.content.count(b"data-hackathon=") == 12


def test_a_card_drawn_before_its_row_changed_is_read_and_drawn_again(client):
    hackathon = HackathonFactory(phase="open", title="Ibadan Data Sprint")
    client.get(LIST)
    Hackathon.objects.filter(pk=hackathon.pk).update(title="Ibadan Data Summit", updated_at=timezone.now())
    with CaptureQueriesContext(connection) as queries:
        html = client.get(LIST).content.decode()
    assert "Ibadan Data Summit" in html and "Ibadan Data Sprint" not in html
    assert any("prefetch_related_val" in query["sql"] for query in queries.captured_queries)


def _detail_rows(hackathon, n: int) -> None:
    for i in range(hackathon.tracks.count(), hackathon.tracks.count() + n):
        ParticipationFactory(hackathon=hackathon)
        TeamFactory(hackathon=hackathon)
        TrackFactory(hackathon=hackathon, name=f"T{i}")
        hackathon.prizes.create(title=f"P{i}", amount=10)
        hackathon.technologies.add(skill_get_or_create(name=f"Skill {i}"))


def test_detail_query_count_pinned(client, assert_page_queries):
    hackathon = HackathonFactory(phase="open")

    def add_rows(n):
        return _detail_rows(hackathon, n)

    assert_page_queries(client, hackathon.get_absolute_url(), add_rows=add_rows, warm_up=False, expected=6)


def test_detail_query_count_pinned_for_member(member_client, assert_page_queries):
    hackathon = HackathonFactory(phase="open")
    ParticipationFactory(hackathon=hackathon, user=member_client.user)

    # user; hackathon, technologies, tracks, prizes; the viewer's state (2); participants, teams
    def add_rows(n):
        return _detail_rows(hackathon, n)

    assert_page_queries(member_client, hackathon.get_absolute_url(), add_rows=add_rows, expected=8)


def test_detail_sanitises_markdown(client):
    hackathon = HackathonFactory(
        description="<script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)> **ok**",
        rules="<iframe src=//evil></iframe>",
    )
    content = client.get(hackathon.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in content
    assert 'href="javascript:' not in content
    assert "<img src=x onerror" not in content
    assert "<iframe" not in content
    assert "<strong>ok</strong>" in content


def test_detail_has_open_graph_countdown_and_calendar(client):
    hackathon = HackathonFactory(title="Rain Hack", tagline="Floods & phones", phase="open")
    content = client.get(hackathon.get_absolute_url()).content.decode()
    assert '<meta property="og:title" content="Rain Hack">' in content
    assert '<meta property="og:description" content="Floods &amp; phones">' in content
    assert "data-countdown" in content
    assert reverse("hackathons:calendar", kwargs={"slug": hackathon.slug}) in content


def test_unknown_hackathon_is_404(client):
    assert client.get(reverse("hackathons:detail", kwargs={"slug": "nope"})).status_code == 404


def test_calendar_file(client):
    hackathon = HackathonFactory(title="Rain, Hack; 2026", phase="open")
    response = client.get(reverse("hackathons:calendar", kwargs={"slug": hackathon.slug}))
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\n") and body.endswith("END:VCALENDAR\r\n")
    assert "SUMMARY:Rain\\, Hack\\; 2026" in body
    assert f"DTSTART:{hackathon.starts_at.astimezone(__import__('datetime').UTC):%Y%m%dT%H%M%SZ}" in body
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))


def test_leaderboard_hidden_until_published(client, member_client):
    hackathon = HackathonFactory(phase="judging")
    url = reverse("hackathons:leaderboard", kwargs={"slug": hackathon.slug})
    assert client.get(url).status_code == 403
    assert member_client.get(url).status_code == 403


def test_leaderboard_published_shows_ranked_teams(client):
    hackathon = HackathonFactory(phase="ended")
    Hackathon.objects.filter(pk=hackathon.pk).update(results_published_at=hackathon.judging_ends_at)
    team = TeamFactory(hackathon=hackathon, name="Night Owls")
    SubmissionFactory(
        hackathon=hackathon, team=team, owner=team.leader, title="Rain alert", rank=1, final_score=0.5
    )
    SubmissionFactory(hackathon=hackathon, title="Unscored")
    response = client.get(reverse("hackathons:leaderboard", kwargs={"slug": hackathon.slug}))
    content = response.content.decode()
    assert "Night Owls" in content and "Rain alert" in content and "0.500" in content
    assert "Unscored" not in content
    assert "Ties on the weighted score are broken by" in content


def test_organiser_sees_live_preview_with_htmx_refresh(client, organiser):
    hackathon = HackathonFactory(phase="judging", organiser=organiser)
    client.force_login(hackathon.organiser)
    url = reverse("hackathons:leaderboard", kwargs={"slug": hackathon.slug})
    response = client.get(url)
    assert b'data-hx-trigger="every 20s"' in response.content
    partial = client.get(url, headers={"HX-Request": "true"})
    assert b"<html" not in partial.content and b'id="board"' in partial.content


def test_judging_phase_moves_with_dates(client):
    hackathon = HackathonFactory(phase="running")
    set_phase(hackathon, "judging")
    assert slugs(client.get(LIST, {"status": "judging"})) == {hackathon.slug}


def test_card_without_banner_has_no_empty_picture_block(client):
    HackathonFactory(phase="open")
    html = client.get(reverse("hackathons:list")).content.decode()
    assert "data-no-banner" in html
    assert "aspect-[2/1] w-full bg-gradient" not in html
