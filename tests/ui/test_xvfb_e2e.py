"""The path a Linux user takes: the real `electoral-map` process in a real X window."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from tests.ui.grab_screen import map_on_screen

HERE = Path(__file__).resolve().parent
# .ci/run sets this: there the test must run, so what it lacks is a failure, not a skip.
REQUIRED = os.environ.get("ELECTORAL_MAP_REQUIRE_XVFB") == "1"
_PROBE = "from PySide6.QtWidgets import QApplication; QApplication([]); print('qt-ok')"


def x11_problem() -> str | None:
    """Why Qt's X11 (xcb) platform cannot start under xvfb-run here, or None.

    Qt aborts the whole process when a library its xcb plugin needs is missing, so a tiny
    QApplication is started in a subprocess first.
    """
    if shutil.which("xvfb-run") is None:
        return "xvfb-run is not installed"
    env = {k: v for k, v in os.environ.items() if k != "DISPLAY"}
    env["QT_QPA_PLATFORM"] = "xcb"
    try:
        proc = subprocess.run(["xvfb-run", "-a", "-s", "-screen 0 640x480x24", sys.executable,
                               "-c", _PROBE], env=env, capture_output=True, text=True,
                              timeout=60)
    except subprocess.TimeoutExpired:
        return "a QApplication under xvfb-run did not start within 60 s"
    if proc.returncode == 0 and "qt-ok" in proc.stdout:
        return None
    said = [line for line in proc.stderr.splitlines() if line.strip()]
    return ("Qt's X11 platform cannot start under xvfb-run (install Qt's X11 libraries, "
            "as .ci/run does): " + (said[0] if said else f"exit status {proc.returncode}"))


@pytest.mark.xvfb
def test_real_window_under_xvfb(tmp_path: Path) -> None:
    problem = x11_problem()
    if problem:
        if REQUIRED:
            pytest.fail(problem)
        pytest.skip(problem)
    shot = tmp_path / "screen.png"
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY")}
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    exe = shutil.which("electoral-map", path=str(Path(sys.executable).parent)) or ""
    app_cmd = f"'{exe}'" if exe else f"'{sys.executable}' -m viewer"
    script = (f"{app_cmd} & app=$!; "
              f"'{sys.executable}' '{HERE / 'grab_screen.py'}' '{shot}' 90; rc=$?; "
              "kill $app 2>/dev/null; wait $app 2>/dev/null; exit $rc")
    proc = subprocess.run(
        ["xvfb-run", "-a", "-s", "-screen 0 1600x1000x24", "bash", "-c", script],
        env=env, capture_output=True, text=True, timeout=180,
    )
    assert proc.returncode == 0, f"no map on screen\n{proc.stdout}\n{proc.stderr}"
    image = QImage(str(shot))
    assert image.width() == 1600 and image.height() == 1000
    assert map_on_screen(image)  # states in both parties' colours, not only the EV bar
    assert "Traceback" not in proc.stderr


def test_screen_check_fails_when_the_map_is_hidden(qtbot, window) -> None:
    """The bar alone is in both colours too: the check must see the map itself."""
    window.resize(1600, 1000)
    window.canvas.draw()
    assert map_on_screen(window.grab().toImage())
    window.canvas.map_figure.map_ax.set_visible(False)
    window.canvas.draw()
    assert not map_on_screen(window.grab().toImage())


def test_no_display_gives_one_sentence(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items()
           if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")}
    proc = subprocess.run([sys.executable, "-m", "viewer"], env=env, capture_output=True,
                          text=True, timeout=60)
    if not sys.platform.startswith("linux"):
        pytest.skip("display detection is Linux-specific")
    assert proc.returncode == 1
    assert "needs a graphical display" in proc.stderr
    assert "electoral-map summary" in proc.stderr
    assert "Traceback" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
