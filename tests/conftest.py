"""Shared fixtures. GUI tests run offscreen and never touch the user's settings."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Windows started by tests (and their subprocesses) never hand their files to a real
# Electoral Map window of the user, nor to another test run (ui/single_instance.py).
os.environ["ELECTORAL_MAP_INSTANCE"] = f"electoral-map-test-{os.getpid()}"

# Windows of the suite draw every year themselves: a worker process drawing maps ahead
# (ui/frames_ahead.py) is started only by the tests of that feature, which ask for it.
os.environ["ELECTORAL_MAP_FRAMES_AHEAD"] = "0"

# The normal suite runs a bounded number of fuzz examples; `tools/dev.py fuzz` many more.
settings.register_profile("ci", max_examples=60, deadline=None, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("fuzz", max_examples=3000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """../shared beside the repository; tests that need it skip cleanly where it is absent."""
    if not SHARED.is_dir():
        pytest.skip("../shared is not present beside the repository")
    return SHARED


@pytest.fixture(scope="session")
def results_2024():
    from viewer.core.results import load_results
    from viewer.resources import default_results_path

    return load_results(default_results_path())


@pytest.fixture(scope="session")
def shapes():
    from viewer.core.shapes import load_shapes

    return load_shapes()


@pytest.fixture(autouse=True, scope="session")
def _isolated_settings(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Point QSettings at a temporary folder (only when Qt is used at all)."""
    os.environ["XDG_CONFIG_HOME"] = str(tmp_path_factory.mktemp("config"))
