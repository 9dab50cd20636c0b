"""Issue #14: one moment, one selection, one election's events, and the words a person reads.

Each test drives the window as a user does (menu actions, shortcuts, key presses, clicks)."""

from __future__ import annotations

import re

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog

from tests.ui.helpers import interior_point, widget_point
from viewer.resources import data_dir


def _numbers(text: str) -> dict[str, int]:
    """'Harris 222 · Trump 247 · not called yet 69' -> {'Harris': 222, 'Trump': 247, …}."""
    return {name.strip(): int(n) for name, n in re.findall(r"([A-Za-z ]+?) (\d+)", text)}


def _hover(qtbot, window, unit: str) -> str:  # type: ignore[no-untyped-def]
    x, y = interior_point(window.canvas.shapes, unit)
    qtbot.mouseMove(window.canvas, QPoint(3, 3))
    qtbot.mouseMove(window.canvas, widget_point(window.canvas, x, y))
    name = {"PA": "Pennsylvania", "TX": "Texas"}[unit]
    qtbot.waitUntil(lambda: name in window.statusBar().currentMessage())
    return window.statusBar().currentMessage()


# -- 1. Replay: every total on screen is the moment shown ---------------------------------
def test_replay_mid_night_every_total_agrees(qtbot, window):
    qtbot.keyClick(window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)  # Replay
    bar = window.replay
    assert bar.replay_action.isChecked()
    doc = window.document
    # A moment in the middle of the night, when no one has 270 yet.
    for value in range(bar.slider.maximum() + 1):
        bar.slider.setValue(value)
        t = doc.display_tally()
        if t.winner is None and sum(t.totals.values()) > 300:
            break
    harris, trump = doc.display_tally().totals["DEM"], doc.display_tally().totals["REP"]
    assert harris + trump < 538 and max(harris, trump) < 270
    mf = window.canvas.map_figure
    assert mf.bar.left_label.get_text() == f"Kamala Harris  {harris}"
    assert mf.bar.right_label.get_text() == f"{trump}  Donald Trump"
    status = window.totals_label.text()
    assert status.startswith(bar.label.text())  # "As of 06 Nov 03:30 UTC: …"
    assert _numbers(status.split(": ", 1)[1])["Harris"] == harris
    assert _numbers(status)["Trump"] == trump
    edit = window.whatif_dock.edit
    assert _numbers(edit.totals.text())["Harris"] == harris
    assert _numbers(edit.totals.text())["Trump"] == trump
    assert "wins" not in edit.outcome.text()
    assert edit.outcome.text().startswith("No majority yet")
    assert "Replaying the night" in edit.hint.text()
    dock = window.whatif_dock
    dock.show_tab(dock.paths)
    paths = dock.paths.summary.text()
    assert f"Kamala Harris: {harris} decided" in paths
    assert f"Donald Trump: {trump} decided" in paths
    assert "(the replay)" in paths
    dock.show_tab(dock.compare)
    assert "not the replay's moment" in dock.compare.summary.text()
    # The table and the details name the units the map leaves grey.
    undecided = [u for u, w in doc.display_winners().items() if w is None]
    row = window.units_model._codes.index(undecided[0])
    winner = window.units_model.index(row, window.units_model.WINNER).data()
    assert winner == "Not called yet"
    doc.select(undecided[0])
    assert "not called yet" in window.details_dock.summary.text()
    # Leaving the replay puts the final figures back everywhere.
    qtbot.keyClick(window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    assert window.totals_label.text() == "Harris 226 · Trump 312"
    dock.show_tab(dock.edit)
    assert edit.outcome.text() == "Donald Trump wins with 312."


# -- 2. Events belong to an election ------------------------------------------------------
def test_opening_2020_results_sets_the_2024_blog_aside_with_a_way_back(qtbot, window,
                                                                      monkeypatch):
    path = str(data_dir() / "results_2020.csv")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (path, ""))
    doc = window.document
    n = len(doc.events)
    window.open_action.trigger()
    assert doc.results.year == 2020
    assert doc.events == [] and window.events_dock.model.rowCount() == 0
    dock = window.events_dock
    assert dock.aside.isVisible()
    assert "The live blog for 2024 is set aside" in dock.aside.text()
    assert "set aside" in window.statusBar().currentMessage()
    assert not window.replay.replay_action.isEnabled()
    # Biden's Pennsylvania lists no 2024 call.
    doc.select("PA")
    details = window.details_dock
    assert "Winner: Joe Biden" in details.summary.text()
    assert "Live-blog events mentioning Pennsylvania: 0" in details.events_title.text()
    assert details.events.count() == 0
    # The way back: the button reopens the 2024 results, and their blog comes back.
    qtbot.mouseClick(dock.aside_button, Qt.MouseButton.LeftButton)
    assert doc.results.year == 2024
    assert len(doc.events) == n and dock.model.rowCount() == n
    assert not dock.aside.isVisible()
    assert details.events.count() > 0  # Pennsylvania's 2024 events again


def test_reopening_2024_results_through_the_menu_brings_the_blog_back(qtbot, window,
                                                                     monkeypatch):
    files = [str(data_dir() / "results_2020.csv"), str(data_dir() / "results_2024.csv")]
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (files.pop(0), ""))
    n = len(window.document.events)
    window.open_action.trigger()
    assert window.document.events == []
    window.open_action.trigger()
    assert len(window.document.events) == n
    assert window.replay.replay_action.isEnabled()


# -- 3. One selection, everywhere --------------------------------------------------------
def _filtered_to(window, unit):  # type: ignore[no-untyped-def]
    dock = window.events_dock
    return dock.proxy._unit == unit and (dock.chip.isVisible() == (unit is not None))


def test_blog_filter_follows_every_way_of_selecting(qtbot, window):
    doc = window.document
    doc.select("PA")
    assert _filtered_to(window, "PA")
    # Arrow keys on the map.
    window.canvas.setFocus()
    doc.select("KS")
    qtbot.keyClick(window.canvas, Qt.Key.Key_Right)
    assert doc.selected == "MO" and _filtered_to(window, "MO")
    # Arrow keys in the table.
    window.table_dock.toggleViewAction().trigger()
    view = window.table_dock.view
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Down)
    assert doc.selected not in (None, "MO")
    assert _filtered_to(window, doc.selected)
    assert "✕" in window.events_dock.chip.text()
    # The unit picker.
    window.picker.go_to("Georgia")
    assert _filtered_to(window, "GA")
    # Esc clears it.
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert _filtered_to(window, None)


# -- 4. Ctrl+K then Enter ----------------------------------------------------------------
def test_ctrl_k_then_enter_takes_the_first_match(qtbot, window):
    window.activateWindow()
    line = window.picker.combo.lineEdit()
    for typed, unit in (("penn", "PA"), ("PA", "PA"), ("NE2", "NE-2"), ("ME2", "ME-2"),
                        ("Pennsylvania", "PA"), ("georgia", "GA")):
        window.document.select(None)
        qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
        QGuiApplication.processEvents()
        assert window.picker.combo.hasFocus() or line.hasFocus()
        qtbot.keyClicks(line, typed)
        qtbot.keyClick(line, Qt.Key.Key_Return)
        assert window.document.selected == unit, typed


# -- 5 and 6. What-if hover describes the map and what a click does -------------------------
def test_whatif_hover_describes_the_map_and_the_next_click(qtbot, window):
    from tests.ui.test_window import click_unit

    qtbot.keyClick(window, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    assert window.document.whatif
    msg = _hover(qtbot, window, "PA")
    assert "Click: Pennsylvania to Harris" in msg  # a Trump state: the first click is Harris
    click_unit(qtbot, window, "PA")
    assert window.document.scenario.winner("PA") == "DEM"
    tip = window.canvas.tooltip_text("PA")
    assert "What-if: Kamala Harris" in tip
    assert "Official result: Donald Trump, Trump +1.70" in tip
    assert "Winner: Donald Trump" not in tip
    msg = _hover(qtbot, window, "TX")
    msg = _hover(qtbot, window, "PA")
    assert "What-if: Kamala Harris" in msg and "Click: Pennsylvania to undecided" in msg
    hint = window.whatif_dock.edit.hint.text()
    assert "Harris → Trump" not in hint and "other candidate" in hint


# -- 7. Words -----------------------------------------------------------------------------
def test_names_not_codes_and_one_time_zone(qtbot, window):
    from tests.ui.test_window import click_unit

    click_unit(qtbot, window, "PA")
    details = window.details_dock
    assert "Flipped: won by Joe Biden in 2020" in details.summary.text()
    assert "Margin: Trump +1.70 points" in details.margin.text()
    assert "points toward Trump" in details.margin.text()
    assert "REP" not in details.margin.text() and "R+" not in details.margin.text()
    dock = window.whatif_dock
    dock.show_tab(dock.swing)
    tipping = dock.swing.tipping.text()
    assert "Tipping point: Pennsylvania, Trump +1.70" in tipping
    assert "Electoral College bias: 0.23 points toward Trump" in tipping
    # Times: UTC in the menu, the list, the replay label and a human date in the reader.
    view_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    assert "Times in &UTC" in [a.text() for a in view_menu.actions()]
    window.gmt_action.trigger()
    events = window.events_dock
    assert events.row_index(0).data().split("\n")[0].endswith("UTC")
    events.view.setCurrentIndex(events.row_index(0))
    first_line = events.text.toPlainText().splitlines()[0]
    assert re.match(r"[A-Z][a-z]+day \d{1,2} [A-Z][a-z]+ 2024, \d\d:\d\d UTC", first_line)
    window.replay.replay_action.trigger()
    assert window.replay.label.text().endswith(" UTC")


def test_counts_read_in_the_singular(qtbot, window):
    from viewer.core.scenario import SetUnits

    doc = window.document
    # Harris 267 with Michigan, Wisconsin and Georgia: Pennsylvania alone decides it.
    doc.edit(SetUnits((("MI", "DEM"), ("WI", "DEM"), ("GA", "DEM"), ("PA", None)), "close"))
    dock = window.whatif_dock
    dock.show_tab(dock.paths)
    text = dock.paths.summary.text()
    assert text.startswith("1 state or district undecided: 2 possible outcomes")
    assert "wins 1 outcome (50.0%)" in text
    assert "not a chance of winning" in text
    dock.show_tab(dock.compare)
    assert "differs from the official results in 4 states and districts." in \
        dock.compare.summary.text()


def test_a_set_aside_blog_neither_refreshes_nor_follows_into_another_election(
        qtbot, window, monkeypatch):  # type: ignore[no-untyped-def]
    """F5 after opening the 2020 results must not pour the 2024 blog into 2020; opening
    2024 again brings the blog back, ready to refresh."""
    from pathlib import Path

    repo = Path(__file__).resolve().parents[2]
    feed = repo / "tests" / "fixtures" / "liveblog" / "feed.rss"
    assert window.open_live_blog(str(feed))
    qtbot.waitUntil(lambda: "feed.rss" in window.events_dock.source.text(), timeout=5000)
    answers = [repo / "data" / "results_2020.csv", repo / "data" / "results_2024.csv"]
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        lambda *a, **k: (str(answers.pop(0)), ""))
    qtbot.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    assert window.document.results.year == 2020 and window.document.events == []
    assert not window.refresh_blog_action.isEnabled()
    assert not window.follow_action.isEnabled()
    qtbot.keyClick(window, Qt.Key.Key_F5)
    qtbot.wait(300)
    assert window.document.events == []
    qtbot.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    assert window.document.results.year == 2024 and window.document.events
    assert window.refresh_blog_action.isEnabled()
    assert "feed.rss" in window.events_dock.source.text()
