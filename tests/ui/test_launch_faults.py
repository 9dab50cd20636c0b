"""Starting the window with a broken installation: one clear message and a clean exit,
never a traceback or a half-built window."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO

SCRIPT = """
import sys
import viewer.core.shapes as shapes
from pathlib import Path
shapes.default_shapes_path = lambda: Path(sys.argv[1])
from viewer.ui.launch import launch
sys.exit(launch(Path(sys.argv[2]) if len(sys.argv) > 2 else None))
"""


def _start(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([sys.executable, "-c", SCRIPT, *args], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=120)


def _one_clear_line(proc: subprocess.CompletedProcess[str], *words: str) -> None:
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    for word in words:
        assert word in lines[0]


def test_corrupt_shapes_asset(tmp_path: Path):
    bad = tmp_path / "units.geojson"
    bad.write_bytes(b'{"type": "FeatureCollection", "features": [{"type": "Feat')
    _one_clear_line(_start(str(bad)), str(bad), "expected a GeoJSON map shapes file")


def test_shapes_asset_with_wrong_columns(tmp_path: Path):
    bad = tmp_path / "units.geojson"
    bad.write_text('{"type": "FeatureCollection", "features": [{"type": "Feature", '
                   '"properties": {"name": "x"}, "geometry": {"type": "Point", '
                   '"coordinates": [0, 0]}}]}')
    _one_clear_line(_start(str(bad)), str(bad), "expected the columns")


def test_missing_shapes_asset(tmp_path: Path):
    missing = tmp_path / "nowhere" / "units.geojson"
    _one_clear_line(_start(str(missing)), "missing", "reinstall")


def test_missing_results_file(tmp_path: Path):
    real = REPO / "assets" / "shapes" / "units.geojson"
    missing = tmp_path / "results_2024.csv"
    _one_clear_line(_start(str(real), str(missing)), str(missing))
