"""The director dashboard's CSVs go through exports (apps/programs/exports.py): a button
starts one, the task writes exactly the dashboard's rows, and only the directors of every
program in it (or verified staff) may see its status, download it or watch its progress."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from apps.core.live.channels import allowed_channels
from apps.exports.models import Export
from apps.programs import access, dashboards
from tests.accounts.factories import UserFactory
from tests.programs.factories import CohortFactory, enrol, make_director

pytestmark = pytest.mark.django_db


def start(client, what: str, capture=None):
    """POST the dashboard's button; with `capture`, the task runs at once."""
    url = reverse("programs:director-export", args=[what])
    if capture is None:
        return client.post(url)
    with capture(execute=True):
        return client.post(url)


def status_url(export) -> str:
    return reverse("exports:export-status", kwargs={"pk": export.pk})


def download_url(export) -> str:
    return reverse("exports:export-download", kwargs={"pk": export.pk})


@pytest.fixture
def directed(cohort, director, client):
    """A director with two programs in their organization, learners in both."""
    second = CohortFactory(program__organization=cohort.program.organization, name="Autumn")
    for each in (cohort, cohort, second):
        enrol(each)
    client.force_login(director)
    return client


def test_the_dashboard_buttons_post_with_a_csrf_token(directed):
    html = directed.get(reverse("programs:director")).content.decode()

    for what in ("cohorts", "learners"):
        form = f'<form method="post" action="{reverse("programs:director-export", args=[what])}">'
        assert form in html
    assert html.count('name="csrfmiddlewaretoken"') >= 2


@pytest.mark.parametrize(
    ("what", "columns", "rows"),
    [
        ("cohorts", dashboards.COHORT_COLUMNS, dashboards.director_cohort_rows),
        ("learners", dashboards.LEARNER_COLUMNS, dashboards.director_learner_rows),
    ],
)
def test_a_director_export_holds_exactly_the_dashboards_rows(
    directed, director, director_export, what, columns, rows
):
    programs = access.programs_directed(director)

    written = director_export(directed, what)

    expected = [columns, *rows(programs)]
    assert written == [["" if v is None else str(v) for v in row] for row in expected]
    assert len(written) == (3 if what == "cohorts" else 4)
    export = Export.objects.get()
    assert (export.source, export.format, export.total, export.done) == (
        f"programs.{what}",
        "csv",
        len(written) - 1,
        len(written) - 1,
    )
    assert export.params == {"programs": sorted(programs.values_list("pk", flat=True))}
    assert export.created_by == director


def test_the_status_page_shows_progress_then_the_download(directed, django_capture_on_commit_callbacks):
    response = start(directed, "learners")  # the task waits for the commit: still pending
    export = Export.objects.get()

    assert response["Location"] == status_url(export)
    waiting = directed.get(status_url(export)).content.decode()
    assert "Waiting" in waiting and 'value="0"' in waiting and 'data-hx-trigger="every 1s"' in waiting
    assert f'href="{reverse("programs:director")}">← Programs you run</a>' in waiting
    assert "Export of learners (CSV)" in waiting

    Export.objects.filter(pk=export.pk).update(state=Export.State.RUNNING, total=4, done=1)
    partial = directed.get(status_url(export), headers={"HX-Request": "true"}).content.decode()
    assert partial.lstrip().startswith('<div id="export-progress"') and 'value="25"' in partial
    assert "1 of 4 rows" in partial

    start(directed, "cohorts", django_capture_on_commit_callbacks)
    done = Export.objects.latest("pk")
    html = directed.get(status_url(done)).content.decode()
    assert 'value="100"' in html and f'href="{download_url(done)}"' in html
    assert "Download cohorts-" in html and "every 1s" not in html


def test_a_director_of_another_organization_never_sees_the_export(
    directed, client, django_capture_on_commit_callbacks
):
    start(directed, "cohorts", django_capture_on_commit_callbacks)
    export = Export.objects.get()
    other = make_director(CohortFactory().program.organization)
    client.force_login(other)

    assert client.get(status_url(export)).status_code == 404
    assert client.get(download_url(export)).status_code == 404
    assert client.get(status_url(export), headers={"HX-Request": "true"}).status_code == 404
    assert allowed_channels(other, [f"export:{export.pk}"]) == []


def test_a_director_who_runs_only_some_of_the_programs_is_refused(directed, director, cohort):
    start(directed, "cohorts")
    export = Export.objects.get()
    partly = make_director(cohort.program.organization)
    Export.objects.filter(pk=export.pk).update(
        params={"programs": [*export.params["programs"], CohortFactory().program_id]}
    )

    directed.force_login(partly)
    assert directed.get(status_url(export)).status_code == 404


def test_the_director_may_watch_the_progress_and_verified_staff_may_read_it(
    directed, director, staff_client, django_capture_on_commit_callbacks
):
    start(directed, "learners", django_capture_on_commit_callbacks)
    export = Export.objects.get()

    assert allowed_channels(director, [f"export:{export.pk}"]) == [f"export:{export.pk}"]
    assert staff_client.get(status_url(export)).status_code == 200
    assert staff_client.get(download_url(export)).status_code == 200


def test_members_and_visitors_cannot_start_or_read_one(directed, client, django_capture_on_commit_callbacks):
    start(directed, "cohorts", django_capture_on_commit_callbacks)
    export = Export.objects.get()
    client.logout()

    assert allowed_channels(AnonymousUser(), [f"export:{export.pk}"]) == []
    for response in (
        start(client, "cohorts"),
        client.get(status_url(export)),
        client.get(download_url(export)),
    ):
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    member = UserFactory()
    client.force_login(member)
    assert start(client, "cohorts").status_code == 404
    assert client.get(status_url(export)).status_code == 404
    assert client.get(download_url(export)).status_code == 404
    assert allowed_channels(member, [f"export:{export.pk}"]) == []
    assert Export.objects.count() == 1


def test_only_the_two_exports_can_be_started_and_only_by_post(directed):
    assert start(directed, "everything").status_code == 404
    assert directed.get(reverse("programs:director-export", args=["cohorts"])).status_code == 405
    assert not Export.objects.exists()


def test_starting_exports_is_rate_limited(directed, settings):
    settings.PROGRAMS_WRITE_RATE = "1/h"

    assert start(directed, "cohorts").status_code == 302
    assert start(directed, "learners").status_code == 429
    assert Export.objects.count() == 1
