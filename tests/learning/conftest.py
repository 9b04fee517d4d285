from __future__ import annotations

import pytest

from apps.learning.sandbox import sandbox_available


@pytest.fixture
def real_sandbox():
    """The real sandbox; tests that need it are skipped, and say why, where it cannot run."""
    available, why = sandbox_available()
    if not available:
        pytest.skip(f"the sandbox cannot run here: {why}")
    return True
