"""List cards are drawn once per web process and version (core_tags.process_fragment): what
a card shows must change as soon as its row does, even through a bare UPDATE or the clock,
and nothing of one member's view may reach another's."""

from __future__ import annotations

import pytest
from django.urls import reverse

from apps.hackathons.models import Hackathon
from apps.jobs.models import Job, SavedJob
from tests.accounts.factories import UserFactory
from tests.hackathons.factories import HackathonFactory, set_phase
from tests.jobs.factories import JobFactory

pytestmark = pytest.mark.django_db


def card(html: str, marker: str) -> str:
    start = html.index(marker)
    return html[html.rindex("<article", 0, start) : html.index("</article>", start)]


def test_a_hackathon_card_shows_a_new_title_count_and_status_at_once(client):
    hackathon = HackathonFactory(title="Lagos Build Week", participant_count=3)
    set_phase(hackathon, "open")
    url = reverse("hackathons:list")
    first = card(client.get(url).content.decode(), "Lagos Build Week")
    assert "badge-success" in first and ">3<" in first.replace(" ", "")

    # Bare UPDATEs (joins count up, the clock moves the phase) leave updated_at alone.
    Hackathon.objects.filter(pk=hackathon.pk).update(participant_count=41)
    set_phase(hackathon, "running")
    again = card(client.get(url).content.decode(), "Lagos Build Week")
    assert ">41<" in again.replace(" ", "")
    assert 'data-status="running"' in again

    hackathon.refresh_from_db()
    hackathon.title = "Lagos Build Weekend"
    hackathon.save()
    assert "Lagos Build Weekend" in client.get(url).content.decode()


def test_a_job_card_shows_a_new_title_and_each_member_only_their_own_saved_mark(client):
    job = JobFactory(title="Backend engineer")
    saver, other = UserFactory(), UserFactory()
    SavedJob.objects.create(job=job, user=saver)
    url = reverse("jobs:job-list")

    client.force_login(saver)
    assert "Saved</span>" in card(client.get(url).content.decode(), "Backend engineer")
    client.force_login(other)
    assert "Saved</span>" not in card(client.get(url).content.decode(), "Backend engineer")

    Job.objects.filter(pk=job.pk).update(title="Platform engineer")  # a bare UPDATE…
    job.refresh_from_db()
    job.save()  # …then any save renews the card
    assert "Platform engineer" in client.get(url).content.decode()


def test_the_same_card_is_not_drawn_twice_in_one_process(client, monkeypatch):
    HackathonFactory.create_batch(3)
    url = reverse("hackathons:list")
    client.get(url)
    drawn = []
    from django.template import defaulttags

    original = defaulttags.IfNode.render

    def counting(self, context):
        if "hackathon" in context:
            drawn.append(1)
        return original(self, context)

    monkeypatch.setattr(defaulttags.IfNode, "render", counting)
    client.get(url)
    assert drawn == []


def test_a_new_prize_shows_in_the_cards_prize_total(client):
    from apps.hackathons.organising import prize_add

    hackathon = HackathonFactory(title="Abuja Data Jam", currency="NGN")
    url = reverse("hackathons:list")
    client.get(url)

    prize_add(hackathon=hackathon, title="First", amount=250000)

    assert "NGN 250,000" in card(client.get(url).content.decode(), "Abuja Data Jam")


def test_a_post_card_shows_new_tags_reactions_and_author_names_at_once(client):
    from apps.community import services
    from apps.community.services import PostData
    from tests.community.factories import PostFactory

    author = UserFactory(first_name="Ada", last_name="Obi")
    post = PostFactory(author=author, title="Shipping on Fridays")
    url = reverse("community:feed") + "?tab=latest"
    first = card(client.get(url).content.decode(), "Shipping on Fridays")
    assert "Ada Obi" in first and "#django" not in first

    # A tags-only edit leaves edited_at alone; a reaction is a counter kept by UPDATE.
    services.post_update(
        post=post, data=PostData(title=post.title, body=post.body, tags=["django"], publish=True)
    )
    assert "#django" in card(client.get(url).content.decode(), "Shipping on Fridays")

    services.reaction_set(member=UserFactory(), kind="like", on=True, post=post)
    assert '<span aria-hidden="true">❤️</span> 1<' in card(
        client.get(url).content.decode(), "Shipping on Fridays"
    )

    author.first_name = "Adaeze"
    author.save()
    assert "Adaeze Obi" in card(client.get(url).content.decode(), "Shipping on Fridays")


def test_a_project_card_shows_new_likes_and_a_new_teammate_at_once(client):
    from apps.projects.models import ProjectMember
    from apps.projects.services import project_like_set
    from tests.projects.factories import ProjectFactory

    project = ProjectFactory(title="Market prices bot")
    url = reverse("projects:list")
    first = card(client.get(url).content.decode(), "Market prices bot")
    assert "0 likes" in first

    project_like_set(project=project, member=UserFactory(), liked=True)
    assert "1 like<" in card(client.get(url).content.decode(), "Market prices bot")

    mate = UserFactory(handle="chioma")
    ProjectMember.objects.create(project=project, member=mate, role="developer")
    assert "with @chioma" in card(client.get(url).content.decode(), "Market prices bot")
    mate.handle = "chioma-dev"
    mate.save()
    assert "with @chioma-dev" in card(client.get(url).content.decode(), "Market prices bot")
