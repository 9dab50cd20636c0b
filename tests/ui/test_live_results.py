"""Live results in the window (issue #18): File ▸ Open live results…, the live-results map
(Ctrl+7), its time cursor and the details of the selected unit (pixels read back from the
widget)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog

from tests.ui.test_menu_actions import press
from tests.ui.test_timeline import drawn, widget_rgb

REPO = Path(__file__).resolve().parents[2]
BEFORE = datetime(2020, 11, 6, 12, 48, 5, tzinfo=UTC)  # Trump leads Pennsylvania
AFTER = datetime(2020, 11, 6, 13, 52, 38, tzinfo=UTC)  # Biden leads it (13:52:37Z)


@pytest.fixture
def opened(qtbot, window, monkeypatch):  # type: ignore[no-untyped-def]
    asked: list[str] = []

    def answer(_parent: object, title: str, folder: str, *_a: object) -> tuple[list[str], str]:
        asked.append(folder)
        return [str(REPO / "data" / "live_2020_counts.csv"),
                str(REPO / "data" / "calls_2020.csv")], ""

    monkeypatch.setattr(QFileDialog, "getOpenFileNames", answer)
    press(qtbot, window, "File > Open live results…")
    assert asked and Path(asked[0]).name == "data"  # starts in the bundled data folder
    drawn(qtbot, window)
    return window


def move_to(qtbot, window, when: datetime) -> None:  # type: ignore[no-untyped-def]
    live = window.live_results
    index = max(i for i, t in enumerate(live.times) if t <= when)
    live.bar.slider.setValue(index)  # as a drag or the arrow keys would
    window.canvas.update_fast_now()
    QApplication.processEvents()


def party_rgb(window, party: str) -> np.ndarray:  # type: ignore[no-untyped-def]
    return np.array(window.canvas.map_figure.palette.party(party))


def test_opening_the_2020_night_shows_2020_on_the_live_map(qtbot, opened) -> None:  # type: ignore[no-untyped-def]
    window = opened
    assert window.document.results.year == 2020
    assert window.document.style.mode == "live"
    assert window.live_results.bar.isVisible()
    assert "2020 live results" in window.canvas.map_figure.title.get_text()
    # The docks beside the live map show the final result, and say so.
    assert opened.details_dock.windowTitle() == "Details (final result)"


def test_pennsylvania_turns_from_trump_to_biden_on_6_november(qtbot, opened) -> None:  # type: ignore[no-untyped-def]
    window = opened
    press(qtbot, window, "View > Margin map")
    assert window.document.style.mode == "margin"
    press(qtbot, window, "View > Live results map")  # Ctrl+7
    assert window.document.style.mode == "live"
    drawn(qtbot, window)
    window.document.select("PA")
    rep, dem = party_rgb(window, "REP"), party_rgb(window, "DEM")

    move_to(qtbot, window, BEFORE)
    before = widget_rgb(window, "PA")
    assert "UTC" in window.live_results.bar.label.text()
    text = window.live_results.dock.text.toPlainText()
    assert "Trump leads by" in text
    assert "not called" in text

    move_to(qtbot, window, AFTER)
    after = widget_rgb(window, "PA")
    assert "Biden leads by" in window.live_results.dock.text.toPlainText()

    # A tint (uncalled): the leader's hue, lighter than the party colour.
    white = np.ones(3)
    def toward(c: np.ndarray, party: np.ndarray) -> float:
        d = white - party
        return float(np.dot(white - c, d) / np.dot(d, d))
    assert toward(before, rep) > 0.4 and toward(before, dem) < toward(before, rep)
    assert toward(after, dem) > 0.4 and toward(after, rep) < toward(after, dem)
    assert before[0] > before[2] and after[2] > after[0]  # red, then blue
    assert not np.allclose(before, rep, atol=0.05)  # not called: not the full colour


def test_a_called_unit_is_full_colour_and_the_bar_counts_calls(qtbot, opened) -> None:  # type: ignore[no-untyped-def]
    window = opened
    move_to(qtbot, window, datetime(2020, 11, 8, tzinfo=UTC))  # after the AP's PA call
    assert np.allclose(widget_rgb(window, "PA"), party_rgb(window, "DEM"), atol=0.03)
    bar = window.canvas.map_figure.bar
    assert "called" in bar.left_label.get_text()
    assert "to go" in bar.status.get_text()
    window.document.select("PA")
    assert "called for" in window.live_results.dock.text.toPlainText()


def test_the_bundled_night_in_one_step(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    press(qtbot, window, "File > 2020 count as it came in")
    assert window.document.results.year == 2020
    assert window.document.style.mode == "live"
    assert window.live_results.night is not None
    assert window.live_results.night.units_with_calls()


def test_the_live_map_is_refused_without_live_results(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    press(qtbot, window, "View > Live results map")
    assert window.document.style.mode != "live"


def test_deselecting_clears_the_panel_instead_of_keeping_the_last_count(qtbot, opened) -> None:  # type: ignore[no-untyped-def]
    """The panel describes the selection: with none, no stale count of the state last
    clicked, and no empty chart."""
    window = opened
    dock = window.live_results.dock
    assert not dock.chart.isVisibleTo(dock)  # nothing selected yet
    window.document.select("PA")
    move_to(qtbot, window, AFTER)
    assert "Pennsylvania" in dock.text.toPlainText() and dock.chart.isVisibleTo(dock)
    qtbot.keyClick(window.canvas, Qt.Key.Key_Escape)  # Esc clears the selection
    assert window.document.selected is None
    assert "Pennsylvania" not in dock.text.toPlainText()
    assert "Select a state or district" in dock.text.toPlainText()
    assert not dock.chart.isVisibleTo(dock)
