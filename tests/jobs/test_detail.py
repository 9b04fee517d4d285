from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from apps.jobs.models import SavedJob
from apps.jobs.services import skill_tags
from apps.profiles.services import skill_get_or_create
from tests.jobs.factories import JobApplicationFactory, JobFactory

pytestmark = pytest.mark.django_db

XSS = (
    '<script>alert("x")</script>\n\n<img src=x onerror=alert(1)>\n\n'
    "[click](javascript:alert(1))\n\n"
    '<a href="#" hx-get="/evil" style="position:fixed">overlay</a>\n\n**Real** content'
)


def detail(job):
    return reverse("jobs:job-detail", args=[job.pk])


def test_detail_renders_markdown_description_requirements_and_how_to_apply(client):
    job = JobFactory(
        description="We build **payments**.", requirements="- Go\n- SQL", how_to_apply="Email *us*."
    )
    body = client.get(detail(job)).content.decode()
    assert "<strong>payments</strong>" in body
    assert "<li>Go</li>" in body
    assert "<em>us</em>" in body
    assert "Apply now" in body


def test_detail_sanitises_hostile_markdown(client):
    job = JobFactory(description=XSS, requirements=XSS, how_to_apply=XSS)
    body = client.get(detail(job)).content.decode()
    # Raw HTML in Markdown shows as text; no live tag, handler or javascript: link survives.
    assert "<script>alert" not in body
    assert "<img src=x" not in body and "&lt;img src=x onerror=alert(1)&gt;" in body
    assert 'href="javascript:' not in body
    assert '<a href="#" hx-get="/evil"' not in body
    assert "<strong>Real</strong>" in body


def test_title_and_company_are_escaped(client):
    job = JobFactory(title="<b onmouseover=alert(1)>Dev</b>", company="<script>co</script>")
    body = client.get(detail(job)).content.decode()
    assert "<b onmouseover" not in body and "<script>co" not in body
    assert "&lt;b onmouseover=alert(1)&gt;Dev&lt;/b&gt;" in body
    assert "<b onmouseover" not in client.get(reverse("jobs:job-list")).content.decode()


def test_unpublished_job_is_404_for_others_but_previewable_by_its_employer(
    employer_client, employer, other_client
):
    job = JobFactory(posted_by=employer, status="draft")
    assert other_client.get(detail(job)).status_code == 404
    response = employer_client.get(detail(job))
    assert response.status_code == 200 and "Preview" in response.content.decode()


def test_detail_query_count_is_constant(member_client, assert_page_queries):
    job = JobFactory()

    def add_skills_and_applications(n):
        skills = [
            *job.skills.all(),
            *(skill_get_or_create(name=f"Skill {job.skills.count() + i}") for i in range(n)),
        ]
        job.skills.set(skills)
        job.skill_tags = skill_tags(skills)
        job.save(update_fields=["skill_tags"])
        for _ in range(min(n, 5)):
            application = JobApplicationFactory(job=job)
            application.responded_at = application.created_at
            application.save()

    # job with its employer, saved?, my application, median response
    assert_page_queries(member_client, detail(job), add_rows=add_skills_and_applications, expected=4)


def test_save_and_unsave_a_job_with_htmx(member_client):
    job = JobFactory()
    url = reverse("jobs:job-save", args=[job.pk])
    response = member_client.post(url, {"on": "1"}, headers={"HX-Request": "true"})
    assert "★ Saved" in response.content.decode() and 'aria-pressed="true"' in response.content.decode()
    assert 'name="on" value="0"' in response.content.decode()
    assert SavedJob.objects.filter(user=member_client.user, job=job).exists()
    response = member_client.post(url, {"on": "0"}, headers={"HX-Request": "true"})
    assert "Save job" in response.content.decode() and 'name="on" value="1"' in response.content.decode()
    assert not SavedJob.objects.exists()


def test_saving_twice_keeps_the_job_saved(member_client):
    """A double click or a retried request sends the same wanted state: it never undoes itself."""
    job = JobFactory()
    url = reverse("jobs:job-save", args=[job.pk])
    for _ in range(2):
        response = member_client.post(url, {"on": "1"}, headers={"HX-Request": "true"})
        assert "★ Saved" in response.content.decode()
    assert SavedJob.objects.filter(user=member_client.user, job=job).count() == 1
    for _ in range(2):
        member_client.post(url, {"on": "0"})
    assert not SavedJob.objects.exists()


def test_save_without_javascript_redirects_back_safely(member_client):
    job = JobFactory()
    url = reverse("jobs:job-save", args=[job.pk])
    assert member_client.post(url, {"on": "1"})["Location"] == detail(job)
    response = member_client.post(url, {"on": "1", "next": "https://evil.example/"})
    assert response["Location"] == detail(job)
    member_client.post(url, {"on": "1", "next": reverse("jobs:saved-list")})
    assert SavedJob.objects.count() == 1


def test_saved_jobs_page_lists_only_my_saves(member_client, other_client):
    mine = JobFactory(title="Mine")
    theirs = JobFactory(title="Theirs")
    closed = JobFactory(title="Closed since", status="expired")
    back_to_draft = JobFactory(title="Being edited", status="draft")
    for job in (mine, closed, back_to_draft):
        SavedJob.objects.create(user=member_client.user, job=job)
    SavedJob.objects.create(user=other_client.user, job=theirs)
    response = member_client.get(reverse("jobs:saved-list"))
    assert [job.title for job in response.context["page_obj"]] == ["Closed since", "Mine"]
    assert "Closed</span>" in response.content.decode()


def test_saved_jobs_query_count_is_constant(member_client, assert_page_queries):
    def save_jobs(n):
        for _ in range(n):
            SavedJob.objects.create(user=member_client.user, job=JobFactory())

    # count, jobs
    assert_page_queries(member_client, reverse("jobs:saved-list"), add_rows=save_jobs, expected=2)


def test_saving_needs_login_and_an_open_job():
    job = JobFactory(status="draft")
    response = Client().post(reverse("jobs:job-save", args=[job.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
