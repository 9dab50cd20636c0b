"""The built wheel, installed into a new environment, is a working `electoral-map`.

Fast enough for every run (about 25 s): the wheel is built without build isolation, and
the new environment gets the heavy dependencies (Qt, matplotlib, geopandas) through a .pth
line naming this environment's site-packages instead of installing them again. A .pth
line only adds that folder to sys.path: its own .pth files (the editable install of the
checkout) are not run, so `viewer` can only come from the wheel — checked below. Every
command runs from a folder outside the checkout.
"""

from __future__ import annotations

import configparser
import json
import os
import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

import viewer
from viewer.desktop import ICON_SIZES

REPO = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.install


def _run(cmd: list[str], cwd: Path, env: dict[str, str] | None = None,
         timeout: int = 180) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([str(c) for c in cmd], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=timeout)
    assert done.returncode == 0, f"{cmd}\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("wheel")
    src = tmp / "src"  # a copy, so that the build leaves nothing in the work tree
    for name in ("viewer", "assets", "data"):
        shutil.copytree(REPO / name, src / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, src / name)
    _run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
          "-w", tmp / "dist", src], cwd=tmp)
    (built,) = (tmp / "dist").glob("electoral_map-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    env_dir = tmp_path_factory.mktemp("app") / "venv"
    venv.EnvBuilder(with_pip=False, symlinks=os.name != "nt").create(env_dir)
    bindir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    python = bindir / ("python.exe" if os.name == "nt" else "python")
    site = _run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                cwd=env_dir).stdout.strip()
    ours = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (Path(site) / "_electoral_map_test_deps.pth").write_text("\n".join(sorted(ours)) + "\n")
    _run([sys.executable, "-m", "pip", "--python", python, "install", "-q", "--no-deps",
          "--no-index", wheel], cwd=env_dir)
    return bindir


def _outside(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    cwd = tmp_path / "elsewhere"
    cwd.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env.update(QT_QPA_PLATFORM="offscreen", XDG_DATA_HOME=str(tmp_path / "share"))
    return cwd, env


def test_the_wheel_holds_the_data_shapes_icons_and_script(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in ("viewer/data/results_2024.csv", "viewer/data/results_2020.csv",
                 "viewer/data/events_2024.json", "viewer/assets/shapes/units.geojson",
                 "viewer/assets/icons/electoral-map.svg",
                 *(f"viewer/assets/icons/electoral-map-{n}.png" for n in ICON_SIZES)):
        assert name in names
    assert not [n for n in names if n.startswith(("tests/", "tools/"))]
    (entry_points,) = [n for n in names if n.endswith(".dist-info/entry_points.txt")]
    assert "electoral-map = viewer.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()
    assert f"electoral_map-{viewer.__version__}-" in wheel.name


def test_installed_app_runs_outside_the_checkout(installed: Path, tmp_path: Path) -> None:
    cwd, env = _outside(tmp_path)
    app = installed / "electoral-map"
    version = _run([app, "--version"], cwd, env).stdout
    assert version == f"electoral-map {viewer.__version__}\n"

    where = _run([installed / "python", "-c",
                  "import json, viewer, viewer.resources as r; print(json.dumps([viewer.__file__,"
                  " str(r.data_dir()), str(r.shapes_dir()), str(r.icons_dir())]))"],
                 cwd, env).stdout
    env_root = str(installed.parent)
    assert all(p.startswith(env_root) for p in json.loads(where)), where

    summary = _run([app, "summary", "--json"], cwd, env).stdout
    data = json.loads(summary)
    assert data["totals"] == {"DEM": 226, "REP": 312}
    # the previous election (data/results_2020.csv) is bundled too: swing and flips work
    assert "warnings" in data and not data["warnings"]

    out = tmp_path / "map.png"
    _run([app, "render", "-o", out, "--size", "400x300"], cwd, env)
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_installed_app_writes_its_desktop_entry(installed: Path, tmp_path: Path) -> None:
    cwd, env = _outside(tmp_path)
    _run([installed / "electoral-map", "--install-desktop-entry"], cwd, env)
    share = tmp_path / "share"
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(share / "applications" / "electoral-map.desktop")
    assert parser["Desktop Entry"]["Exec"] == f"{installed / 'electoral-map'} --open %f"
    assert (share / "icons/hicolor/256x256/apps/electoral-map.png").is_file()
    _run([installed / "electoral-map", "--uninstall-desktop-entry"], cwd, env)
    assert not (share / "applications" / "electoral-map.desktop").exists()
