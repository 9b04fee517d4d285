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
