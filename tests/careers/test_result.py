"""The result page: private to its member, with charts that have a text alternative, the
reasons, next steps from across the site, sharing, and a pinned number of queries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.careers import services
from apps.careers.models import QuizSession, Result
from apps.core import pagecache
from tests.accounts.factories import UserFactory
from tests.careers.factories import finished_quiz
from tests.hackathons.factories import HackathonFactory
from tests.jobs.factories import JobFactory

pytestmark = pytest.mark.django_db


def _joinable_hackathon(**kwargs):
    now = timezone.now()
    return HackathonFactory(
        registration_opens_at=now - timedelta(days=1),
        registration_deadline=now + timedelta(days=5),
        starts_at=now + timedelta(days=6),
        submission_deadline=now + timedelta(days=8),
        judging_ends_at=now + timedelta(days=10),
        **kwargs,
    )


def test_result_page_shows_the_track_confidence_reasons_and_accessible_charts(member_client, user, quiz):
    result = finished_quiz(user, quiz, "builders")

    response = member_client.get(result.get_absolute_url())

    html = response.content.decode()
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("private")
    assert (
        "<h1" in html and "Builders" in html and "Software Engineer, DevOps Engineer, Technical Lead" in html
    )
    assert 'data-confidence="high"' in html and "High confidence" in html
    assert "counted most towards Builders" in html and "You strongly agreed" in html
    assert html.count('role="img"') == 2
    assert '<title id="track-chart-title">' in html and '<desc id="track-chart-desc">' in html
    assert html.count("<table") == 2  # the charts' numbers as tables
    assert f"?context=careers_result:{result.pk}" in html


def test_another_members_result_is_not_found(other_client, user, quiz):
    result = finished_quiz(user, quiz)
    assert other_client.get(result.get_absolute_url()).status_code == 404
    assert (
        other_client.post(reverse("careers:result-share", args=[result.pk]), {"on": "1"}).status_code == 404
    )


def test_next_steps_come_from_hackathons_jobs_and_members_on_the_track(member_client, user, quiz):
    result = finished_quiz(user, quiz, "builders")
    hackathon = _joinable_hackathon(title="Backend Builders Jam")
    job = JobFactory(title="Junior Backend Engineer")
    JobFactory(title="Head Chef")
    peer = UserFactory()
    services.result_share_set(result=finished_quiz(peer, quiz, "builders"), shared=True)
    hidden = UserFactory()
    finished_quiz(hidden, quiz, "builders")  # not shared: never listed

    html = member_client.get(result.get_absolute_url()).content.decode()

    assert hackathon.get_absolute_url() in html
    assert job.get_absolute_url() in html and "Head Chef" not in html
    assert f"@{peer.handle}" in html and f"@{hidden.handle}" not in html


def test_a_low_confidence_result_says_to_retake_in_a_quiet_moment(member_client, user, quiz):
    session = QuizSession.objects.create(user=user, version=quiz)
    services.answers_save(
        session=session, values={item.key: (3 if item.kind == "likert" else 1) for item in quiz.items.all()}
    )
    result = services.session_complete(session=session)

    html = member_client.get(result.get_absolute_url()).content.decode()

    assert result.confidence == "low" and "flat" in result.flags
    assert "retake when you have ten quiet minutes" in html


def test_sharing_is_opt_in_and_one_result_at_a_time(member_client, user, quiz):
    first = finished_quiz(user, quiz, "builders")
    QuizSession.objects.filter(pk=first.session_id).update(completed_at=timezone.now() - timedelta(days=40))
    second = finished_quiz(user, quiz, "leaders")
    assert not Result.objects.filter(shared=True).exists()

    member_client.post(reverse("careers:result-share", args=[first.pk]), {"on": "1"})
    member_client.post(reverse("careers:result-share", args=[second.pk]), {"on": "1"})

    assert list(Result.objects.filter(shared=True)) == [second]
    member_client.post(reverse("careers:result-share", args=[second.pk]), {"on": "0"})
    assert not Result.objects.filter(shared=True).exists()


def test_result_page_queries_do_not_grow_with_next_steps(member_client, user, quiz, assert_page_queries):
    result = finished_quiz(user, quiz, "builders")

    def add_rows(n):
        for _ in range(n):
            _joinable_hackathon(title="Builders Hack")
            JobFactory(title="Backend Engineer")
            peer = UserFactory()
            services.result_share_set(result=finished_quiz(peer, quiz, "builders"), shared=True)

    # (the session's user is cached) the result with its quiz version, the member's skills,
    # courses tagged for the track, hackathons for the track or skills (and, none matching
    # here, the next open ones), jobs, members on the track, the current version and the last
    # finished quiz (may they retake?). The mentor link needs none. Hackathons and jobs are
    # counted uncached here (before_each); test_next_steps_are_shared… covers the cache.
    def renew_next_steps():
        pagecache.bump("jobs")
        pagecache.bump("hackathons")

    assert_page_queries(
        member_client, result.get_absolute_url(), add_rows=add_rows, expected=9, before_each=renew_next_steps
    )


def test_next_steps_are_shared_by_members_on_a_track_and_renewed_by_a_new_job(
    member_client, user, quiz, django_assert_num_queries
):
    result = finished_quiz(user, quiz, "builders")
    JobFactory(title="Junior Backend Engineer")
    member_client.get(result.get_absolute_url())

    with django_assert_num_queries(6):  # the hackathon and job matches come from the cache
        member_client.get(result.get_absolute_url())
    job = JobFactory(title="Senior Backend Engineer")

    assert job.get_absolute_url() in member_client.get(result.get_absolute_url()).content.decode()


def test_history_queries_are_pinned(member_client, user, quiz, assert_page_queries):
    def add_rows(n):
        for _ in range(n):
            result = finished_quiz(user, quiz, "educators")
            QuizSession.objects.filter(pk=result.session_id).update(
                completed_at=timezone.now() - timedelta(days=40)
            )

    # (the session's user is cached) count, the current version and the last finished quiz
    # (may they retake?), the page of results with their versions
    assert_page_queries(member_client, reverse("careers:history"), add_rows=add_rows, expected=4)


def test_the_result_shows_the_members_goals_to_keep_the_plan_in_view(member_client, user, quiz):
    from tests.profiles.factories import ProfileFactory

    ProfileFactory(user=user, goals="Lead a backend team <b>by 2028</b>.")
    result = finished_quiz(user, quiz)

    html = member_client.get(result.get_absolute_url()).content.decode()

    assert "Your goals: “Lead a backend team &lt;b&gt;by 2028&lt;/b&gt;.”" in html
