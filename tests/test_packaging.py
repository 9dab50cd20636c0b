"""A plain (non-editable) install, run from another folder, finds its data and shapes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_installed_copy_finds_bundled_files(tmp_path: Path) -> None:
    # Build from a copy so that the build leaves nothing behind in the work tree.
    src = tmp_path / "src"
    for name in ("viewer", "assets", "data"):
        shutil.copytree(REPO / name, src / name,
                        ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, src / name)
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps",
                    "--no-build-isolation", "--target", str(target), str(src)],
                   check=True, capture_output=True, timeout=300, cwd=tmp_path)
    assert (target / "viewer" / "data" / "results_2024.csv").is_file()
    assert (target / "viewer" / "assets" / "shapes" / "units.geojson").is_file()
    env = dict(os.environ, PYTHONPATH=str(target))
    code = ("import json, viewer.resources as r; from viewer.core.shapes import load_shapes; "
            "print(json.dumps([str(r.data_dir()), len(load_shapes().unit_codes)]))")
    out = subprocess.run([sys.executable, "-c", code], env=env, cwd=tmp_path,
                         capture_output=True, text=True, check=True, timeout=120).stdout
    data_dir, n_units = json.loads(out)
    assert data_dir.startswith(str(target)) and n_units == 56
    summary = subprocess.run([sys.executable, "-m", "viewer", "summary", "--json"], env=env,
                             cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert json.loads(summary.stdout)["totals"] == {"DEM": 226, "REP": 312}
