from __future__ import annotations

import pytest


@pytest.fixture
def cohort(db):
    from tests.programs.factories import CohortFactory

    return CohortFactory()


@pytest.fixture
def director(cohort):
    from tests.programs.factories import make_director

    return make_director(cohort.program.organization)


@pytest.fixture
def director_export(django_capture_on_commit_callbacks):
    """Press a CSV button on /director/ as `client`'s member: the export is written by the
    task (huey runs it at once in tests) and downloaded from its status page. Returns the
    CSV's rows, the header first."""
    import csv
    import io

    from django.urls import resolve, reverse

    def rows(client, what: str) -> list[list[str]]:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("programs:director-export", args=[what]))
        assert response.status_code == 302
        pk = resolve(response["Location"]).kwargs["pk"]
        download = client.get(reverse("exports:export-download", kwargs={"pk": pk}))
        assert download.status_code == 200
        return list(csv.reader(io.StringIO(b"".join(download.streaming_content).decode("utf-8-sig"))))

    return rows
