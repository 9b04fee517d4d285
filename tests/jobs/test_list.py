from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apps.core.fragments import fragments_clear
from apps.jobs.models import Job
from apps.jobs.selectors import job_list_latest
from tests.jobs.factories import JobFactory

pytestmark = pytest.mark.django_db
URL = reverse("jobs:job-list")


def titles(response) -> list[str]:
    return [job.title for job in response.context["page_obj"]]


def test_list_shows_open_jobs_with_salary_type_location_and_skills(client):
    JobFactory(
        title="Django Developer", company="Andela", location_type="remote", skills=["Python", "Django"]
    )
    response = client.get(URL)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Django Developer" in body and "Andela" in body
    assert "₦6,000,000\u2013₦9,000,000 a year" in body
    assert "Remote" in body and "Full-time" in body
    assert "Python" in body and "Django" in body


def test_drafts_submitted_rejected_and_expired_jobs_are_not_listed(client):
    JobFactory(title="Open")
    JobFactory(title="Draft", status=Job.Status.DRAFT)
    JobFactory(title="Submitted", status=Job.Status.SUBMITTED)
    JobFactory(title="Rejected", status=Job.Status.REJECTED)
    JobFactory(title="Expired", status=Job.Status.EXPIRED)
    JobFactory(title="Past expiry", expires_at=timezone.now() - timedelta(minutes=1))
    assert titles(client.get(URL)) == ["Open"]


def test_filter_by_job_type_and_location_type(client):
    JobFactory(title="Remote contract", job_type="contract", location_type="remote")
    JobFactory(title="Onsite contract", job_type="contract", location_type="on-site")
    JobFactory(title="Remote full", job_type="full-time", location_type="remote")
    assert titles(client.get(URL, {"type": "contract", "location": "remote"})) == ["Remote contract"]
    assert set(titles(client.get(URL, {"location": "remote"}))) == {"Remote contract", "Remote full"}


def test_filter_by_skills_requires_every_chosen_skill(client):
    JobFactory(title="Both", skills=["Python", "Django"])
    JobFactory(title="Python only", skills=["Python"])
    JobFactory(title="Neither", skills=["Go"])
    assert set(titles(client.get(URL, {"skill": "python"}))) == {"Both", "Python only"}
    assert titles(client.get(URL, {"skill": ["python", "django"]})) == ["Both"]


def test_text_search_covers_title_company_and_description(client):
    JobFactory(title="Rust Engineer", company="Flutterwave", description="Payments at scale.")
    JobFactory(title="Designer", company="Kuda", description="Figma and rust-coloured palettes.")
    JobFactory(title="Analyst", company="Moniepoint", description="SQL.")
    assert set(titles(client.get(URL, {"q": "rust"}))) == {"Rust Engineer", "Designer"}
    assert titles(client.get(URL, {"q": "flutterwave"})) == ["Rust Engineer"]
    assert titles(client.get(URL, {"q": "moniepoint sql"})) == ["Analyst"]


def test_minimum_salary_compares_across_currencies_and_periods(client):
    # 1,500 NGN = 1 USD in JOBS_USD_RATES.
    JobFactory(
        title="Naira monthly", salary_min=500_000, salary_max=900_000, salary_period="month"
    )  # $7,200/yr
    JobFactory(title="Dollar yearly", salary_min=40_000, salary_max=60_000, salary_currency="USD")
    JobFactory(title="Naira low", salary_min=1_000_000, salary_max=2_000_000)  # $1,333/yr
    assert set(titles(client.get(URL, {"min_salary": 5000, "currency": "USD"}))) == {
        "Naira monthly",
        "Dollar yearly",
    }
    assert titles(client.get(URL, {"min_salary": 50_000_000, "currency": "NGN"})) == ["Dollar yearly"]


def test_sort_newest_by_default_and_by_salary(client):
    now = timezone.now()
    JobFactory(
        title="Old rich",
        salary_max=90_000,
        salary_min=80_000,
        salary_currency="USD",
        published_at=now - timedelta(days=3),
    )
    JobFactory(title="New modest", published_at=now)
    assert titles(client.get(URL)) == ["New modest", "Old rich"]
    assert titles(client.get(URL, {"sort": "salary"})) == ["Old rich", "New modest"]


def test_bad_filter_values_are_ignored_not_an_error(client):
    JobFactory(title="Any")
    response = client.get(
        URL, {"type": "pirate", "min_salary": "lots", "sort": "'; drop", "skill": "nope", "page": "x"}
    )
    assert response.status_code == 200
    assert titles(response) == ["Any"]


def test_pagination_splits_results_and_keeps_filters_in_links(client):
    for n in range(25):
        JobFactory(title=f"Remote {n}", location_type="remote")
    response = client.get(URL, {"location": "remote"})
    assert len(titles(response)) == 20
    assert "location=remote&amp;page=2" in response.content.decode()
    assert len(titles(client.get(URL, {"location": "remote", "page": 2}))) == 5


def test_htmx_request_gets_only_the_results_partial(client):
    JobFactory(title="Partial job")
    response = client.get(URL, {"q": "partial"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert 'id="job-results"' in body
    assert "Partial job" in body
    assert "<html" not in body and 'role="search"' not in body
    assert "HX-Request" in response["Vary"]


def test_full_page_has_a_get_form_that_works_without_javascript(client):
    body = client.get(URL).content.decode()
    assert 'method="get"' in body and 'data-hx-get="/jobs/"' in body and 'data-hx-push-url="true"' in body
    assert 'type="submit"' in body


def test_list_query_count_is_constant(member_client, assert_page_queries):
    # No card drawn yet: count, the page's card rows with the saved flag annotated, the full
    # rows to draw (the skill choices are cached by the first request; the permissions
    # behind the employer link come with the cached member)
    def add_jobs(n):
        return JobFactory.create_batch(n, skills=["Python", "Django"])

    assert_page_queries(member_client, URL, add_rows=add_jobs, before_each=fragments_clear, expected=3)


def test_list_with_every_card_drawn_reads_no_full_rows_and_keeps_the_saved_mark(member_client):
    jobs = JobFactory.create_batch(3, skills=["Python"])
    jobs[1].saves.create(user=member_client.user)
    first = member_client.get(URL)
    with CaptureQueriesContext(connection) as warm:
        again = member_client.get(URL)
    assert len(warm.captured_queries) == 2  # count, card rows
    saved_mark = b">Saved</span>"
    assert again.content.count(saved_mark) == first.content.count(saved_mark) == 1
    assert [j.is_saved for j in again.context["page_obj"]] == [j.is_saved for j in first.context["page_obj"]]


def test_list_partial_query_count_is_constant(member_client, assert_page_queries):
    member_client.get(URL)

    # count, card rows, the full rows of the cards to draw
    def add_jobs(n):
        return JobFactory.create_batch(n, skills=["Python"])

    htmx = {"HX-Request": "true"}
    assert_page_queries(
        member_client,
        URL,
        add_rows=add_jobs,
        data={"skill": "python"},
        headers=htmx,
        before_each=fragments_clear,
        expected=3,
    )


def test_saved_flag_shows_on_cards_for_the_member_who_saved(member_client, other_client):
    job = JobFactory(title="Keep me")
    job.saves.create(user=member_client.user)
    assert [j.is_saved for j in member_client.get(URL).context["page_obj"]] == [True]
    assert [j.is_saved for j in other_client.get(URL).context["page_obj"]] == [False]
    assert [j.is_saved for j in Client().get(URL).context["page_obj"]] == [False]


def test_home_selector_returns_latest_open_jobs(django_assert_num_queries):
    now = timezone.now()
    for n in range(5):
        JobFactory(title=f"J{n}", published_at=now - timedelta(hours=n))
    JobFactory(title="Draft", status=Job.Status.DRAFT)
    with django_assert_num_queries(1):
        jobs = job_list_latest(limit=3)
    assert [j.title for j in jobs] == ["J0", "J1", "J2"]
    with django_assert_num_queries(0):  # the home page can show them with the list's card
        html = render_to_string("jobs/_job_cards.html", {"jobs": jobs})
    assert "J2" in html and "Closed" not in html


def test_feed_lists_open_jobs_filtered_by_the_query_string(client):
    JobFactory(title="Remote Go role", location_type="remote", description="<script>x</script> Go")
    JobFactory(title="Office role", location_type="on-site")
    JobFactory(title="Draft role", status=Job.Status.DRAFT, location_type="remote")
    rss = client.get(reverse("jobs:feed"), {"location": "remote"})
    body = rss.content.decode()
    assert rss["Content-Type"].startswith("application/rss+xml")
    assert "Remote Go role" in body and "Office role" not in body and "Draft role" not in body
    assert "&lt;script&gt;" not in body.replace("&amp;lt;script&amp;gt;", "")  # sanitised before escaping
    atom = client.get(reverse("jobs:feed-atom"))
    assert atom["Content-Type"].startswith("application/atom+xml")
    assert "Office role" in atom.content.decode()


def test_result_count_stops_at_the_cap_and_pages_end_there(client, monkeypatch):
    """A common word can match thousands of jobs: the list counts through a LIMIT (cheap) and
    says there are more than the cap instead of counting them all."""
    from apps.core.pagination import CappedPaginator

    monkeypatch.setattr(CappedPaginator, "cap", 3)
    for n in range(5):
        JobFactory(title=f"Python developer {n}")
    JobFactory(title="Gardener")
    response = client.get(URL, {"q": "python", "page": "99"})
    body = response.content.decode()
    assert "More than 3 jobs: add a filter to narrow them down" in body
    page = response.context["page_obj"]
    assert page.paginator.num_pages == 1  # 3 results at 20 a page; the 4th and 5th are past the cap
    assert len(page.object_list) == 3
    # Under the cap the exact count shows.
    response = client.get(URL, {"q": "gardener"})
    assert "1 job</p>" in response.content.decode()
    assert not response.context["page_obj"].paginator.is_capped


def test_a_job_published_moments_ago_says_just_now_not_0_minutes(client):
    JobFactory(title="Fresh", published_at=timezone.now())
    JobFactory(title="Older", published_at=timezone.now() - timedelta(days=3))
    body = client.get(URL).content.decode()
    assert "just now" in body and "0\xa0minutes ago" not in body and "0 minutes ago" not in body
    assert "3\xa0days ago" in body


def test_skill_filter_offers_each_skill_of_published_jobs_once_by_name(client):
    JobFactory(skills=["Python", "Django"])
    JobFactory(skills=["Python", "Go"])
    JobFactory(skills=["Rust"], status=Job.Status.DRAFT)
    JobFactory(skills=["Elixir"], status=Job.Status.SUBMITTED)
    assert client.get(URL).context["form"].fields["skill"].choices == [
        ("django", "Django"),
        ("go", "Go"),
        ("python", "Python"),
    ]


def test_skill_choices_follow_listings_being_approved_and_closed(client, django_capture_on_commit_callbacks):
    from apps.jobs import services

    JobFactory(skills=["Python"])
    pending = JobFactory(skills=["Rust"], status=Job.Status.SUBMITTED)
    assert client.get(URL).context["form"].fields["skill"].choices == [("python", "Python")]

    with django_capture_on_commit_callbacks(execute=True):
        services.job_approve(job=pending, reviewer=None)
    assert ("rust", "Rust") in client.get(URL).context["form"].fields["skill"].choices

    with django_capture_on_commit_callbacks(execute=True):
        services.job_close(job=pending)
    assert client.get(URL).context["form"].fields["skill"].choices == [("python", "Python")]


@pytest.mark.usefixtures("page_cache")
def test_expired_listings_leave_the_cached_board_and_its_skill_filter(
    client, django_capture_on_commit_callbacks
):
    from apps.jobs import services

    JobFactory(title="Evergreen role", skills=["Python"])
    JobFactory(title="Stale role", skills=["Rust"], expires_at=timezone.now() + timedelta(hours=1))
    before = client.get(URL).content.decode()
    assert "Stale role" in before and 'value="rust"' in before

    with django_capture_on_commit_callbacks(execute=True):
        assert services.job_expire_due(now=timezone.now() + timedelta(hours=2)) == 1

    after = client.get(URL).content.decode()
    assert "Evergreen role" in after
    assert "Stale role" not in after and 'value="rust"' not in after


def test_feeds_name_themselves_with_the_search_they_follow(client):
    """A feed reader subscribes to the rel="self" address: without the query string it would
    follow every job instead of the search."""
    JobFactory(location_type="remote")
    atom = client.get(reverse("jobs:feed-atom"), {"location": "remote", "q": "go"}).content.decode()
    assert '/jobs/feed/atom/?location=remote&amp;q=go" rel="self"' in atom
    rss = client.get(reverse("jobs:feed"), {"location": "remote"}).content.decode()
    assert '/jobs/feed/?location=remote" rel="self"' in rss
    plain = client.get(reverse("jobs:feed")).content.decode()
    assert '/jobs/feed/" rel="self"' in plain
