from __future__ import annotations

import pytest
from django.db import connection

from apps.mentor.models import MentorInteraction
from tests.mentor.factories import give_skills, make_hackathon, make_job, make_post, make_project

pytestmark = pytest.mark.django_db


def test_suggestions_match_profile_skills_with_a_reason(api):
    give_skills(api.member, "Python", "Django")
    both = make_hackathon(title="Django Girls Hack", technologies=["Python", "Django"], slug="dg")
    one = make_hackathon(title="Data Jam", technologies=["Python", "Pandas"], slug="dj")
    make_hackathon(title="iOS Weekend", technologies=["Swift"], slug="ios")
    job = make_job(title="Backend developer", technologies=["Django"])
    make_job(title="Closed role", technologies=["Django"], published=False)
    project = make_project(title="Farm ledger", technologies=["Python"])

    response = api.get("/suggestions")

    body = response.json()
    assert response.status_code == 200
    assert set(body) == {
        "interaction_id", "skills", "career_track", "hackathons", "jobs", "projects", "posts", "skipped"
    }  # fmt: skip
    assert body["career_track"] is None  # no career quiz taken
    assert sorted(body["skills"]) == ["Django", "Python"]
    assert [h["id"] for h in body["hackathons"]] == [both.pk, one.pk], "most matching skills first"
    assert body["hackathons"][0]["reason"] in {
        "Matches your Python and Django skills.",
        "Matches your Django and Python skills.",
    }
    assert body["hackathons"][1]["reason"] == "Matches your Python skill."
    assert body["hackathons"][0]["url"] == both.get_absolute_url()
    assert [j["id"] for j in body["jobs"]] == [job.pk], "unpublished jobs are never suggested"
    assert [p["id"] for p in body["projects"]] == [project.pk]
    assert body["skipped"] == []
    assert MentorInteraction.objects.get(pk=body["interaction_id"]).kind == "suggestions"


def test_posts_without_skill_links_are_matched_by_text(api):
    give_skills(api.member, "Rust")
    post = make_post(title="Why I moved to Rust", body="Ownership finally clicked.")
    make_post(title="Gardening", body="Tomatoes.")

    body = api.get("/suggestions").json()

    assert [p["id"] for p in body["posts"]] == [post.pk]
    assert "Rust" in body["posts"][0]["reason"]


def test_without_skills_the_newest_items_are_offered_and_the_reason_says_why(api):
    make_hackathon(title="Open Hack", slug="open")

    body = api.get("/suggestions").json()

    assert body["skills"] == []
    assert body["hackathons"][0]["title"] == "Open Hack"
    assert "Add skills to your profile" in body["hackathons"][0]["reason"]


def test_a_category_whose_app_offers_nothing_to_the_mentor_is_skipped_and_said_so(api, monkeypatch):
    from apps.mentor import content

    real = content.app_modules
    monkeypatch.setattr(content, "app_modules", lambda name: [(a, m) for a, m in real(name) if a != "jobs"])
    give_skills(api.member, "Python")
    make_hackathon(title="Still here", technologies=["Python"], slug="still")

    body = api.get("/suggestions").json()

    assert body["skipped"] == ["job"]
    assert body["jobs"] == []
    assert [h["title"] for h in body["hackathons"]] == ["Still here"]


def test_suggestions_stay_within_the_query_budget_and_members_with_the_same_skills_share_them(
    api, django_assert_max_num_queries
):
    give_skills(api.member, "Python")
    make_hackathon(title="Data Jam", technologies=["Python"], slug="dj")
    make_job(title="Backend developer", technologies=["Python"])
    make_project(title="Farm ledger", technologies=["Python"])
    make_post(title="Python tips", body="Use Python type hints.")

    # Cold, with something matching in every kind: the token (and its last-used stamp), the
    # member's career track (their newest quiz result), the skills, the level (roles above it
    # are left out), one read per kind, the interaction row with the test transaction's
    # savepoint around it. A kind where nothing matches takes one more read, for the newest.
    # SQLite has no ARRAY_AGG: the matched skills are prefetched there, one read per kind more.
    with django_assert_max_num_queries(12 if connection.vendor == "postgresql" else 15):
        first = api.get("/suggestions").json()
    # Warm: the content is not read again while the cached answer lasts.
    make_hackathon(title="Snake Sprint", technologies=["Python"], slug="ss")
    # (the token, the track, the skills and the level to find the cached answer, and the
    # interaction row)
    with django_assert_max_num_queries(7):
        second = api.get("/suggestions").json()

    assert [h["title"] for h in first["hackathons"]] == ["Data Jam"]
    assert [h["title"] for h in second["hackathons"]] == ["Data Jam"]


def test_changing_skills_gives_fresh_suggestions_at_once(api):
    give_skills(api.member, "Python")
    make_hackathon(title="Data Jam", technologies=["Python"], slug="dj")
    make_hackathon(title="iOS Weekend", technologies=["Swift"], slug="ios")
    assert [h["title"] for h in api.get("/suggestions").json()["hackathons"]] == ["Data Jam"]

    give_skills(api.member, "Swift")

    body = api.get("/suggestions").json()
    assert "Swift" in body["skills"]
    assert "iOS Weekend" in [h["title"] for h in body["hackathons"]]


def test_suggested_jobs_fit_the_members_level(api):
    from datetime import timedelta

    from django.apps import apps
    from django.utils import timezone

    give_skills(api.member, "Python")
    profile = apps.get_model("profiles", "Profile").objects.get(user=api.member)
    profile.educations.create(
        school="UNILAG", degree="BSc", start_date=timezone.localdate() - timedelta(days=300), is_current=True
    )
    intern = make_job(title="Backend Engineering Intern", technologies=["Python"])
    make_job(title="Senior Backend Engineer", technologies=["Python"])
    make_job(title="Software Engineer", description="5+ years of Python.", technologies=["Python"])

    body = api.get("/suggestions").json()

    assert [j["id"] for j in body["jobs"]] == [intern.pk]


def test_ended_hackathons_are_never_suggested(api):
    give_skills(api.member, "Python")
    ended = make_hackathon(title="Old Hack", technologies=["Python"], slug="old")
    from datetime import timedelta

    from django.utils import timezone

    now = timezone.now()
    ended.registration_opens_at, ended.registration_deadline = (
        now - timedelta(days=90),
        now - timedelta(days=70),
    )
    ended.starts_at, ended.submission_deadline = now - timedelta(days=68), now - timedelta(days=66)
    ended.judging_ends_at = now - timedelta(days=60)
    ended.save()

    body = api.get("/suggestions").json()

    assert body["hackathons"] == []


def test_text_search_matches_through_the_indexed_document_and_ranks_only_the_newest_matches(api):
    """Ranking every post to keep those above zero read all 200,000 posts' text (7 s): posts
    are matched on their stored vector with @@ (GIN-indexed), jobs on the expression their
    migration indexes, and at most RANK_CANDIDATES matches are ranked."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from apps.community.mentor import CONTENT as POSTS
    from apps.core.mentor import RANK_CANDIDATES
    from apps.jobs.mentor import CONTENT as JOBS

    post = make_post(title="Why I moved to Rust", body="Ownership finally clicked.")
    with CaptureQueriesContext(connection) as posts_sql:
        found = POSTS.search(terms=["rust"], limit=5)
    with CaptureQueriesContext(connection) as jobs_sql:
        JOBS.search(terms=["rust"], limit=5)

    assert [item.pk for item in found] == [post.pk]
    assert '"search_vector" @@' in posts_sql[0]["sql"]
    assert f"LIMIT {RANK_CANDIDATES}" in posts_sql[0]["sql"]
    assert "@@" in jobs_sql[0]["sql"] and "ts_rank(" in jobs_sql[0]["sql"]
