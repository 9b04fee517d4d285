"""What directors export from programs (apps.exports): the director dashboard's figures per
cohort ("programs.cohorts") and one row per learner ("programs.learners"), for the programs
named in params: {"programs": [<id>, …]}. Who may read them is decided in access.py."""

from __future__ import annotations

from django.urls import reverse

from apps.exports.sources import Source
from apps.programs import access, dashboards
from apps.programs.models import Program


def export_params(programs) -> dict:
    return {"programs": sorted(programs.values_list("pk", flat=True))}


def _programs(params: dict):
    return Program.objects.filter(pk__in=params.get("programs", []))


class DirectorSource(Source):
    def can_read(self, user, params: dict) -> bool:
        return access.can_direct_programs(user, params.get("programs", []))

    def back_url(self, params: dict) -> str:
        return reverse("programs:director")

    def back_label(self, params: dict) -> str:
        return "Programs you run"


class CohortsSource(DirectorSource):
    def title(self, params: dict) -> str:
        return "cohorts"

    def file_stem(self, params: dict) -> str:
        return "cohorts"

    def columns(self, params: dict) -> list[str]:
        return dashboards.COHORT_COLUMNS

    def rows(self, params: dict) -> list[list]:
        return dashboards.director_cohort_rows(_programs(params))

    def count(self, params: dict) -> int:
        return dashboards.director_cohort_count(_programs(params))


class LearnersSource(DirectorSource):
    def title(self, params: dict) -> str:
        return "learners"

    def file_stem(self, params: dict) -> str:
        return "learners"

    def columns(self, params: dict) -> list[str]:
        return dashboards.LEARNER_COLUMNS

    def rows(self, params: dict) -> list[list]:
        return dashboards.director_learner_rows(_programs(params))

    def count(self, params: dict) -> int:
        return dashboards.director_learner_count(_programs(params))


SOURCES = {"programs.cohorts": CohortsSource(), "programs.learners": LearnersSource()}
