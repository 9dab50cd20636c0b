"""Processes killed with SIGKILL while saving and while editing lose nothing."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")

SAVER = """
import sys
from viewer.storage import write_text
path, a, b = sys.argv[1], open(sys.argv[2]).read(), open(sys.argv[3]).read()
print("ready", flush=True)
n = 0
while True:
    write_text(path, a if n % 2 else b)
    n += 1
"""


def test_killed_while_saving_leaves_old_or_new(tmp_path: Path) -> None:
    a = '{"version": "A", "pad": "' + "a" * 3_000_000 + '"}\n'
    b = '{"version": "B", "pad": "' + "b" * 2_000_000 + '"}\n'
    (tmp_path / "a").write_text(a)
    (tmp_path / "b").write_text(b)
    target = tmp_path / "scenario.json"
    target.write_text(a)
    rng = random.Random(7)
    for _ in range(8):
        proc = subprocess.Popen([sys.executable, "-c", SAVER, str(target), str(tmp_path / "a"),
                                 str(tmp_path / "b")], cwd=REPO, stdout=subprocess.PIPE,
                                text=True)
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.01, 0.25))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
        assert target.read_text() in (a, b)  # never a torn mixture


EDITOR = """
import os, sys, time
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, sys.argv[1])
from viewer.core.results import load_results
from viewer.core.shapes import load_shapes
from viewer.resources import default_results_path
from viewer.ui.document import ElectionDocument
from viewer.ui.main_window import MainWindow
app = QApplication([])
w = MainWindow(ElectionDocument(load_results(default_results_path())), load_shapes())
w.show()
for unit in ("PA", "WI", "MI"):
    w.document.cycle(unit)
deadline = time.time() + 20
while not w.files.autosave_path().is_file() and time.time() < deadline:
    app.processEvents()
    time.sleep(0.05)
print("autosaved", flush=True)
while True:
    app.processEvents()
    time.sleep(0.05)
"""


def test_killed_while_editing_offers_the_edits_back(qtbot, tmp_path: Path, results_2024,
                                                    shapes) -> None:
    from PySide6.QtCore import QSettings

    settings = tmp_path / "settings"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.Popen([sys.executable, "-c", EDITOR, str(settings)], cwd=REPO, env=env,
                            stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "autosaved"
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(settings))
    from viewer.ui.document import ElectionDocument
    from viewer.ui.main_window import MainWindow

    again = MainWindow(ElectionDocument(results_2024), shapes)
    qtbot.addWidget(again)
    assert again.files.offer_recovery()
    again.show()  # the what-if panel fills in once it is on screen
    assert again.whatif_dock.edit.totals.text() == "Harris 270 · Trump 268"
