"""What pages cost to draw, counted rather than timed: templates are parsed once per process,
and list pages do no URL reversal per row."""

from __future__ import annotations

import json

import pytest
from django.template import engines
from django.template.loaders.cached import Loader as CachedLoader
from django.urls.resolvers import URLResolver

from apps.profiles.models import Profile
from apps.profiles.services import skill_get_or_create
from tests.accounts.factories import UserFactory
from tests.community.factories import PostFactory, TagFactory
from tests.core.test_production_settings import PRODUCTION_ENV, run_python
from tests.hackathons.factories import HackathonFactory
from tests.jobs.factories import JobFactory
from tests.profiles.factories import SkillFactory
from tests.projects.factories import ProjectFactory


def test_production_reads_every_template_through_the_cached_loader():
    result = run_python(
        "import django, json; django.setup();"
        "from django.template import engines;"
        "from django.forms.renderers import get_default_renderer;"
        "loaders = [type(l).__module__ + '.' + type(l).__name__"
        " for e in engines.all() for l in e.engine.template_loaders];"
        "loaders += [type(l).__module__ + '.' + type(l).__name__"
        " for l in get_default_renderer().engine.engine.template_loaders];"
        "print(json.dumps(loaders))",
        **PRODUCTION_ENV,
    )
    assert result.returncode == 0, result.stderr
    loaders = json.loads(result.stdout.strip().splitlines()[-1])
    assert loaders
    assert set(loaders) == {"django.template.loaders.cached.Loader"}


def test_a_template_is_parsed_once_and_then_served_from_the_cache():
    engine = engines["django"].engine
    (loader,) = engine.template_loaders
    assert isinstance(loader, CachedLoader)

    first = engine.get_template("tailwind/field.html")

    assert engine.get_template("tailwind/field.html") is first


# Each list page's cards link to their rows (and a post's author and tags) without a reverse()
# per row: the number of reversals a page makes is the same at 1 row and at a full page.


def reversals(client, url: str, monkeypatch) -> int:
    count = [0]
    original = URLResolver._reverse_with_prefix

    def counting(self, *args, **kwargs):
        count[0] += 1
        return original(self, *args, **kwargs)

    monkeypatch.setattr(URLResolver, "_reverse_with_prefix", counting)
    try:
        response = client.get(url)
    finally:
        monkeypatch.undo()
    assert response.status_code == 200
    return count[0]


def add_hackathons(n: int) -> None:
    skill = skill_get_or_create(name="Django")
    for _ in range(n):
        HackathonFactory(phase="open").technologies.add(skill)


def add_jobs(n: int) -> None:
    JobFactory.create_batch(n, skills=["Python", "Django"])


def add_projects(n: int) -> None:
    creator = UserFactory()
    Profile.objects.create(user=creator)
    for _ in range(n):
        ProjectFactory(creator=creator, technologies=SkillFactory.create_batch(2))


def add_posts(n: int) -> None:
    for _ in range(n):
        PostFactory(tags=[TagFactory(), TagFactory()])


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "add_rows"),
    [
        ("/hackathons/", add_hackathons),
        ("/jobs/", add_jobs),
        ("/projects/", add_projects),
        ("/feed/?tab=latest", add_posts),
    ],
)
def test_list_pages_reverse_no_url_per_row(client, monkeypatch, url, add_rows):
    client.force_login(UserFactory())
    add_rows(1)
    client.get(url)  # the first request reverses each pattern once for the process
    at_one = reversals(client, url, monkeypatch)
    add_rows(11)
    at_twelve = reversals(client, url, monkeypatch)

    assert at_twelve == at_one
    assert at_one <= 40  # the navigation, filters and pagination: ~35 signed in
