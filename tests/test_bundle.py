"""The standalone bundle (`tools/dev.py bundle`) runs without Python, from any folder.

The tests that build and run it are on demand only:

    ELECTORAL_MAP_BUNDLE_TEST=1 python3.11 tools/dev.py test tests/test_bundle.py

building takes 1.5-2 minutes of both cores and writes about 400 MB, which every CI run
would pay for a path that changes rarely. Every command runs with a clean
environment (`env -i PATH=/usr/bin:/bin HOME=…`: no virtual environment, no PYTHONPATH)
from a folder outside the checkout.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

# The tests that build the bundle; the ones at the end check, in every run, what the frozen
# app relies on, with PyInstaller's run-time attributes faked.
built = pytest.mark.skipif(os.environ.get("ELECTORAL_MAP_BUNDLE_TEST") != "1",
                           reason="builds the standalone bundle (about 2 minutes, 400 MB): "
                                  "run with ELECTORAL_MAP_BUNDLE_TEST=1")


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("bundle")
    done = subprocess.run([sys.executable, str(REPO / "tools" / "dev.py"), "bundle",
                           "--dist", str(tmp / "dist"), "--work", str(tmp / "work")],
                          cwd=REPO, capture_output=True, text=True, timeout=1800)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    exe = tmp / "dist" / "electoral-map" / "electoral-map"
    assert exe.is_file() and os.access(exe, os.X_OK)
    return exe


@pytest.fixture
def clean(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A folder outside the checkout and an environment with nothing of Python's in it."""
    cwd = tmp_path / "elsewhere"
    cwd.mkdir()
    return cwd, {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path / "home")}


def _run(cmd: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, f"{cmd}\n{done.stdout}\n{done.stderr}"
    assert "Traceback" not in done.stderr
    return done


def _files(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")
            if p.is_file() and "__pycache__" not in p.parts}


@pytest.mark.bundle
@built
def test_it_holds_python_qt_and_the_data_but_no_test_tools(bundle: Path) -> None:
    internal = bundle.parent / "_internal"
    for folder in ("data", "assets/shapes", "assets/icons"):  # all of data/, history too
        assert _files(internal / folder) == _files(REPO / folder), folder
    assert (internal / "data" / "history" / "1960.csv").is_file()
    assert list(internal.glob("libpython3*.so*"))
    assert not (internal / "pytest").exists() and not (internal / "hypothesis").exists()


@pytest.mark.bundle
@built
def test_version_and_summary_of_a_bundled_year(bundle: Path, clean) -> None:
    cwd, env = clean
    from viewer import __version__

    assert _run([str(bundle), "--version"], cwd, env).stdout.strip() == \
        f"electoral-map {__version__}"
    summary = json.loads(_run([str(bundle), "summary", "--year", "1960", "--json"], cwd,
                              env).stdout)
    assert summary["year"] == 1960 and summary["winner"] == "DEM"
    assert summary["totals"] == {"DEM": 303, "REP": 219, "UNP": 15}


@pytest.mark.bundle
@built
def test_render_writes_the_map(bundle: Path, clean) -> None:
    cwd, env = clean
    _run([str(bundle), "render", "-o", "x.png", "--size", "800x500"], cwd, env)
    data = (cwd / "x.png").read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000


@pytest.mark.bundle
@built
def test_the_bundle_draws_the_timelines_maps_ahead(bundle: Path, clean) -> None:
    """The window starts the bundle's own executable as the worker (no Python there)."""
    from viewer.render.style import MapStyle
    from viewer.render.year_frames import FrameSpec, read_reply, unpack, write_request

    cwd, env = clean
    spec = FrameSpec(str(bundle.parent / "_internal" / "data"), MapStyle(), (6.0, 4.0), 100.0,
                     ((-2408026.0, 2888426.0), (55074.0, 3217626.0)), False)
    worker = subprocess.Popen([str(bundle), "--frame-worker"], cwd=cwd, env=env,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    assert worker.stdin is not None and worker.stdout is not None
    write_request(worker.stdin, 1, spec, [1960])
    reply = read_reply(worker.stdout)
    assert reply is not None
    key, year, width, height, data, error = reply
    worker.stdin.close()  # the worker ends at the end of its input
    assert worker.wait(timeout=30) == 0
    assert (key, year, error) == (1, 1960, "")
    assert unpack(data, width, height).shape == (400, 600, 4)


@pytest.mark.bundle
@built
def test_the_window_starts_and_takes_a_second_launch(bundle: Path, clean, tmp_path) -> None:
    """The window's event loop runs when a second launch's request is answered."""
    cwd, env = clean
    env = {**env, "QT_QPA_PLATFORM": "offscreen",
           "ELECTORAL_MAP_INSTANCE": str(tmp_path / "instance")}
    window = subprocess.Popen([str(bundle)], cwd=cwd, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while not (tmp_path / "instance").exists() and time.monotonic() < deadline:
            assert window.poll() is None, window.communicate()
            time.sleep(0.2)
        second = _run([str(bundle), "--open"], cwd, env)  # only raises the window
        assert second.returncode == 0
        assert window.poll() is None
    finally:
        window.terminate()
        _out, err = window.communicate(timeout=30)
    assert "Traceback" not in err


@pytest.fixture
def frozen(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run as if from a bundle whose _internal folder is tmp_path."""
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    return tmp_path


def test_frozen_data_come_from_the_bundle_folder(frozen: Path) -> None:
    from viewer import resources

    assert resources.data_dir() == frozen / "data"
    assert resources.shapes_dir() == frozen / "assets" / "shapes"
    assert resources.icons_dir() == frozen / "assets" / "icons"
    assert resources.default_results_path() == frozen / "data" / "results_2024.csv"


def test_unfrozen_data_are_the_checkout_or_the_package(monkeypatch) -> None:
    from viewer import resources

    monkeypatch.delattr(sys, "frozen", raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", "/nowhere", raising=False)  # ignored unless frozen
    assert (resources.data_dir() / "results_2024.csv").is_file()
    assert (resources.shapes_dir() / "units.geojson").is_file()


def test_the_bundle_s_own_qt_libraries_satisfy_the_preflight(frozen: Path, monkeypatch):
    import ctypes.util

    from viewer.ui import launch

    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(ctypes.util, "find_library", lambda name: None)  # none on the system
    env = {"DISPLAY": ":0"}
    assert "libxcb-cursor0" in (launch.preflight(env) or "")
    for lib in launch._XCB_LIBS:
        (frozen / f"lib{lib}.so.0").write_bytes(b"")
    assert launch.preflight(env) is None
