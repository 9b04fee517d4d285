from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from apps.core.pagination import CappedPaginator
from apps.jobs import selectors
from apps.jobs.models import Job
from apps.jobs.selectors import JobFilters, job_list_open, job_page
from tests.jobs.factories import JobFactory

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="trigram indexes are PostgreSQL's"
)

WORDS = ["python", "kotlin", "golang", "rust", "elixir", "scala"]


@pytest.fixture
def jobs():
    employer = JobFactory().posted_by
    return [
        JobFactory(
            posted_by=employer,
            title=f"{WORDS[i % 6].capitalize()} developer {i}",
            company="Acme" if i % 4 else "Pythonistas Ltd",
            description=f"We write {WORDS[(i + 1) % 6]} every day.",
        )
        for i in range(36)
    ]


def _old_page(q: str, page: str = "1"):
    return CappedPaginator(job_list_open(filters=JobFilters(q=q)), 20).get_page(page)


@pytest.mark.parametrize(
    "q", ["python", "PYTHON developer", "acme", "kotlin acme", "nothing-like-it", "elixir 3"]
)
def test_text_search_pages_and_counts_are_what_the_plain_filter_gives(jobs, q):
    for number in ("1", "2"):
        page = job_page(filters=JobFilters(q=q), page=number)
        old = _old_page(q, number)
        assert [job.pk for job in page.object_list] == [job.pk for job in old.object_list]
        assert page.paginator.count == old.paginator.count
        assert page.paginator.is_capped is False


def test_text_search_count_stops_at_the_cap(jobs, monkeypatch):
    monkeypatch.setattr(selectors, "RESULTS_CAP", 5)
    monkeypatch.setattr(CappedPaginator, "cap", 5)
    page = job_page(filters=JobFilters(q="developer"), page="1")
    assert page.paginator.is_capped and page.paginator.count == 5
    assert len(page.object_list) == 5


def test_job_list_text_search_shows_the_matches(client, jobs):
    body = client.get("/jobs/", {"q": "golang"}).content.decode()
    assert "Golang developer 2" in body and "Kotlin developer 1<" in body and "Rust developer 3" not in body
    assert "12 jobs" in body  # 6 titles and 6 descriptions say golang


@postgres_only
def test_text_search_count_reads_through_the_trigram_indexes(jobs):
    # Enough rows for the planner to weigh the indexes as it does on real data.
    employer = jobs[0].posted_by
    Job.objects.bulk_create(
        JobFactory.build(posted_by=employer, title=f"Accountant {i}", description=f"Ledgers and audits, {i}.")
        for i in range(3000)
    )
    with connection.cursor() as cursor:
        # As autovacuum would: move the new rows out of the indexes' pending lists.
        for column in ("title", "company", "description"):
            cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [f"jobs_job_{column}_trgm"])
        cursor.execute("ANALYZE jobs_job")
    with CaptureQueriesContext(connection) as ctx:
        job_page(filters=JobFilters(q="python"), page="1")
    statements = [q["sql"] for q in ctx.captured_queries]
    count_sql = next(sql for sql in statements if "LIMIT 1001" in sql)
    # The very expression migration 0002 indexes, for each column.
    for column in ("title", "company", "description"):
        assert f'UPPER("jobs_job"."{column}"::text) LIKE UPPER(' in count_sql
    assert "SET LOCAL enable_seqscan = off" in statements[statements.index(count_sql) - 1]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + count_sql)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    for column in ("title", "company", "description"):
        assert f"Bitmap Index Scan on jobs_job_{column}_trgm" in plan
    assert "Seq Scan" not in plan


@postgres_only
def test_planner_settings_do_not_leak_past_the_count(jobs):
    job_page(filters=JobFilters(q="python"), page="1")
    with connection.cursor() as cursor:
        cursor.execute("SHOW enable_seqscan")
        assert cursor.fetchone()[0] == "on"
