"""Forecast mode's state kept (issue #17): table edits and error sliders are undo steps,
a scenario file or share code brings the Forecast tab, its picks and its very odds back,
and the next launch shows the probability map again, or says why it cannot."""

from __future__ import annotations

import json
import shutil

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit

from tests.ui.helpers import open_window
from tests.ui.test_forecast_tab import _click, _forecast_mode, _idle
from viewer.cli import main
from viewer.core.forecast.bundled import polls_path
from viewer.core.units import UNIT_CODES
from viewer.render.style import PROBABILITY
from viewer.ui.settings import app_settings

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def _odds(forecast):  # type: ignore[no-untyped-def]
    """Everything the tab and the map show of a forecast, to compare exactly."""
    return (dict(forecast.win_probability), dict(forecast.unit_probability),
            dict(forecast.expected_ev), dict(forecast.tipping_point), dict(forecast.picks))


def _type_in_table(tab, unit: str, column: int, text: str) -> None:  # type: ignore[no-untyped-def]
    """Edit a cell as a user does: open the view's editor (its delegate), type, Enter."""
    index = tab.proxy.mapFromSource(tab.model.index(UNIT_CODES.index(unit), column))
    tab.table.scrollTo(index)
    tab.table.setCurrentIndex(index)
    tab.table.edit(index)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit), editor
    editor.selectAll()
    QTest.keyClicks(editor, text)
    QTest.keyClick(editor, Qt.Key.Key_Return)
    _idle()


def _undo(window, redo: bool = False) -> None:  # type: ignore[no-untyped-def]
    QTest.keyClick(window, Qt.Key.Key_Z, CTRL | SHIFT if redo else CTRL)
    _idle()


def _histogram_win(tab) -> float:  # type: ignore[no-untyped-def]
    """The first candidate's winning bars of the histogram (right of the 270 line)."""
    return float(tab.histogram.histogram.heights(2).sum())


def test_table_edits_and_slider_moves_are_undo_steps(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    tab = _forecast_mode(qtbot, window)
    fc, stack = window.forecast, window.document.undo_stack
    start = _odds(fc.forecast)
    start_text = tab.odds.text()

    _type_in_table(tab, "PA", tab.model.MARGIN, "3.5")  # Harris +3.5 in Pennsylvania
    assert stack.count() == 1 and "Pennsylvania" in stack.undoText()
    edited = _odds(fc.forecast)
    assert edited[1]["PA"] > start[1]["PA"] + 0.2
    assert window.canvas.forecast is fc.forecast  # the map follows
    assert _histogram_win(tab) == pytest.approx(fc.forecast.win_probability["DEM"])

    slider = tab.sliders["national_sd"]
    slider.setFocus()
    for _ in range(5):  # five presses in a run: one new set of draws, one step
        QTest.keyClick(slider, Qt.Key.Key_Left)
    qtbot.waitUntil(lambda: stack.count() == 2, timeout=3000)
    _idle()
    assert fc.model.national_sd == 2.5
    assert "National error: 2.5 pts" in tab.slider_labels["national_sd"].text()
    narrower = _odds(fc.forecast)
    assert narrower[0] != edited[0]

    _undo(window)  # the slider
    assert fc.model.national_sd == 3.0 and slider.value() == 30
    assert _odds(fc.forecast) == edited  # exactly: the same draws again
    _undo(window)  # the table edit
    assert fc.edits == {} and _odds(fc.forecast) == start
    assert tab.odds.text() == start_text
    assert window.canvas.forecast is fc.forecast
    assert _histogram_win(tab) == pytest.approx(start[0]["DEM"])
    _undo(window, redo=True)
    _undo(window, redo=True)
    assert _odds(fc.forecast) == narrower and slider.value() == 25

    # A drag is one step however often it pauses; a drag back to its start is none.
    slider.setSliderDown(True)
    for value in (20, 15, 10):
        slider.setValue(value)
        qtbot.waitUntil(lambda v=value: fc.model.national_sd == v / 10, timeout=3000)
    slider.setSliderDown(False)
    assert stack.count() == 3 and stack.undoText().startswith("Forecast: national error: 1.0")
    _undo(window)
    assert fc.model.national_sd == 2.5 and _odds(fc.forecast) == narrower
    slider.setSliderDown(True)
    slider.setValue(40)
    qtbot.waitUntil(lambda: fc.model.national_sd == 4.0, timeout=3000)
    slider.setValue(25)
    qtbot.waitUntil(lambda: fc.model.national_sd == 2.5, timeout=3000)
    slider.setSliderDown(False)
    assert stack.count() == 2 and stack.index() == 2


def test_a_saved_scenario_and_its_code_bring_the_forecast_back(qtbot, window, tmp_path,  # type: ignore[no-untyped-def]
                                                               capsys) -> None:
    tab = _forecast_mode(qtbot, window)
    fc = window.forecast
    _type_in_table(tab, "WI", tab.model.CHANCE_A, "70")  # a probability, as typed
    tab.sliders["regional_sd"].setValue(30)
    qtbot.waitUntil(lambda: fc.model.regional_sd == 3.0, timeout=3000)
    _click(qtbot, window, "PA")  # picked for Harris
    _click(qtbot, window, "GA")
    _click(qtbot, window, "GA")  # Georgia for Trump
    assert fc.picks == {"PA": "DEM", "GA": "REP"}
    saved = _odds(fc.forecast)
    saved_text = (tab.odds.text(), tab.picks.text(), tab.summary.text())
    path = tmp_path / "forecast.json"
    assert window.files.write(path)
    code = window.whatif_dock.edit.copy_scenario_code()
    assert code.startswith("EM3-2024-")
    for saved_as in (["--scenario", str(path)], ["--code", code]):  # the command line too
        assert main(["forecast", *saved_as, "--json"]) == 0
        printed = json.loads(capsys.readouterr().out)
        assert printed["win_probability"] == saved[0]
        assert printed["expected_ev"] == saved[2]

    window.files.new()  # the year's default forecast again
    _idle()
    assert fc.picks == {} and fc.edits == {} and fc.model.regional_sd == 1.5
    assert tab.sliders["regional_sd"].value() == 15
    default = _odds(fc.forecast)

    assert window.files.open(path)
    _idle()
    assert fc.picks == {"PA": "DEM", "GA": "REP"} and set(fc.edits) == {"WI"}
    assert _odds(fc.forecast) == saved  # the very same odds
    assert (tab.odds.text(), tab.picks.text(), tab.summary.text()) == saved_text
    assert tab.sliders["regional_sd"].value() == 30
    assert window.canvas.forecast is fc.forecast
    assert set(window.canvas.map_figure.map.marked) == {"GA", "PA"}
    _undo(window)  # opening the file is one step, its forecast with it
    assert _odds(fc.forecast) == default

    assert window.whatif_dock.edit.apply_code(code)
    _idle()
    assert _odds(fc.forecast) == saved


def _poll_copy(tmp_path):  # type: ignore[no-untyped-def]
    path = tmp_path / "my_polls_2024.csv"
    shutil.copyfile(polls_path(2024), path)
    return path


def test_the_next_launch_shows_the_probability_map_again(qtbot, window, results_2024, shapes,  # type: ignore[no-untyped-def]
                                                         tmp_path) -> None:
    tab = _forecast_mode(qtbot, window)
    polls = _poll_copy(tmp_path)
    assert tab.open_polls_file(str(polls))
    tab.sliders["unit_scale"].setValue(20)
    qtbot.waitUntil(lambda: window.forecast.model.unit_scale == 2.0, timeout=3000)
    shown = _odds(window.forecast.forecast)
    window.close()

    again = open_window(qtbot, results_2024, shapes)
    _idle()
    fc = again.forecast
    assert again.document.style.mode == PROBABILITY
    assert again.style_actions.mode_actions[PROBABILITY].isChecked()
    assert fc.source == "file" and fc.poll_file == str(polls)
    assert _odds(again.canvas.forecast) == shown  # the map as it was left
    assert again.canvas.map_figure.forecast is fc.forecast
    again.close()

    polls.unlink()  # the poll file is gone: the margin map, and why
    third = open_window(qtbot, results_2024, shapes)
    _idle()
    assert third.document.style.mode == "margin"
    assert third.style_actions.mode_actions["margin"].isChecked()
    message = third.statusBar().currentMessage()
    assert "The probability map could not be restored" in message
    assert polls.name in message and "margin map" in message


def test_damaged_forecast_settings_are_said_and_not_used(qtbot, results_2024, shapes) -> None:  # type: ignore[no-untyped-def]
    s = app_settings()
    s.setValue("view/map_mode", PROBABILITY)
    s.setValue("forecast/inputs", '{"input": {"kind": "file"}, "errors": {"national_sd": 99}}')
    s.sync()
    win = open_window(qtbot, results_2024, shapes)
    _idle()
    assert win.document.style.mode == PROBABILITY  # the bundled averages instead
    assert win.forecast.source == "bundled" and win.canvas.forecast is not None
    message = win.statusBar().currentMessage()
    assert "saved forecast settings were not used" in message
    assert "forecast.input.path" in message
