"""The path a Linux user takes: the real `electoral-map` process in a real X window."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

HERE = Path(__file__).resolve().parent


@pytest.mark.xvfb
@pytest.mark.skipif(shutil.which("xvfb-run") is None, reason="xvfb-run is not installed")
def test_real_window_under_xvfb(tmp_path: Path) -> None:
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
    # The window fills most of the screen with a map in both parties' colours.
    assert "Traceback" not in proc.stderr


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
