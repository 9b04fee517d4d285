"""Two people racing for the last place: only the database can settle it. PostgreSQL only
(SQLite serialises writers, so there is no race to lose)."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from apps.hackathons.models import Hackathon, HackathonParticipation, TeamMembership
from apps.hackathons.services import participation_join, team_join
from tests.accounts.factories import UserFactory
from tests.hackathons.factories import HackathonFactory, TeamFactory

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent writers")


def _race(action, users) -> list[str]:
    barrier = threading.Barrier(len(users))
    outcomes: list[str] = []

    def run(user):
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            action(user)
            outcomes.append("in")
        except ValidationError:
            outcomes.append("refused")
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=run, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_last_place_goes_to_exactly_one_of_many(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    hackathon = HackathonFactory(phase="open", max_participants=1)
    users = UserFactory.create_batch(6)
    outcomes = _race(
        lambda user: participation_join(hackathon=Hackathon.objects.get(pk=hackathon.pk), user=user), users
    )
    assert sorted(outcomes) == ["in"] + ["refused"] * 5
    assert HackathonParticipation.objects.count() == 1
    assert Hackathon.objects.get(pk=hackathon.pk).participant_count == 1


@pytest.mark.django_db(transaction=True)
def test_last_team_seat_goes_to_exactly_one(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    hackathon = HackathonFactory(phase="open", max_team_size=2)
    team = TeamFactory(hackathon=hackathon)
    users = UserFactory.create_batch(5)
    outcomes = _race(
        lambda user: team_join(
            team=type(team).objects.select_related("hackathon").get(pk=team.pk), user=user
        ),
        users,
    )
    assert sorted(outcomes) == ["in"] + ["refused"] * 4
    assert TeamMembership.objects.filter(team=team).count() == 2
