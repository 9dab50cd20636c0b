"""A results file whose previous election cannot be used: the window opens without swing."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from viewer.resources import data_dir

MAIN = (data_dir() / "results_2024.csv").read_text()


def bad_pair(tmp_path: Path) -> Path:
    (tmp_path / "results_2024.csv").write_text(MAIN)
    (tmp_path / "results_2020.csv").write_text("not,a,results,file\n1,2,3,4\n")
    return tmp_path / "results_2024.csv"


def test_window_opens_on_results_with_a_bad_previous_file(qtbot, tmp_path, shapes):
    from viewer.core.results import load_results
    from viewer.ui.document import ElectionDocument
    from viewer.ui.main_window import MainWindow

    results = load_results(bad_pair(tmp_path))
    window = MainWindow(ElectionDocument(results), shapes)
    qtbot.addWidget(window)
    window.table_dock.show()
    window.show()
    qtbot.waitExposed(window)
    model = window.table_dock.proxy
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(13)]
    assert "Previous winner" in headers
    swing_col = headers.index("Swing")
    assert {model.index(r, swing_col).data() for r in range(56)} == {"—"}
    assert "previous election not used" in window.statusBar().currentMessage()


def test_open_results_with_a_bad_previous_file_says_why(qtbot, window, tmp_path):
    window.table_dock.show()
    window.document.select("PA")
    assert window.open_results(bad_pair(tmp_path))
    message = window.statusBar().currentMessage()
    assert message.startswith("Loaded results_2024.csv: previous election not used: ")
    assert "results_2020.csv" in message
    assert window.document.results.previous is None
    assert "Swing: no previous election" in window.details_dock.margin.text()
