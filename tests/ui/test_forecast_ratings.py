"""Ratings painted on the probability map (issue #17), driven like a user: the Forecast
tab's "Rate units" brush turned on, Pennsylvania clicked on the canvas, Ctrl+Z and Esc,
the unit table's right-click menu, and the ratings kept in a scenario file and code."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest

from tests.ui.test_forecast_saved import _odds, _type_in_table, _undo
from tests.ui.test_forecast_tab import LEFT, _click, _forecast_mode, _idle, _pixel
from tests.ui.test_menu_actions import press
from viewer.cli import main
from viewer.core.units import UNIT_CODES
from viewer.render.probability import probability_color
from viewer.render.style import PROBABILITY
from viewer.ui.whatif.rating_brush import BRUSH_LEVELS, rating_menu


def _choose(tab, level: str, side: str | None = None) -> None:  # type: ignore[no-untyped-def]
    """Pick the brush's level and side in the box's two combo boxes."""
    box = tab.rating
    box.level.setCurrentIndex(BRUSH_LEVELS.index(level))
    if side is not None:
        box.side.setCurrentIndex(box.side.findData(side))


def _brush_on(tab) -> None:  # type: ignore[no-untyped-def]
    QTest.mouseClick(tab.rating.button, LEFT)
    _idle()


def _input_text(tab, unit: str) -> str:  # type: ignore[no-untyped-def]
    model = tab.model
    return model.index(UNIT_CODES.index(unit), model.INPUT).data()


def _rgb(color: tuple[float, ...]) -> tuple[int, int, int]:
    c = QColor.fromRgbF(*color)
    return c.red(), c.green(), c.blue()


def test_the_brush_rates_pennsylvania_instead_of_picking_it_and_undo_restores_the_odds(  # type: ignore[no-untyped-def]
        qtbot, window):
    tab = _forecast_mode(qtbot, window)
    fc, stack = window.forecast, window.document.undo_stack
    before = _odds(fc.forecast)
    before_text = tab.odds.text()
    pa = before[1]["PA"]

    _choose(tab, "Likely", "DEM")
    _brush_on(tab)
    assert fc.brush == ("Likely", "DEM")
    assert tab.rating.button.isChecked() and tab.rating.button.text() == "Rating: Likely Harris"
    assert "rate them Likely Harris" in window.statusBar().currentMessage()
    assert window.click_text("PA") == "Click to rate Pennsylvania Likely Harris"

    _click(qtbot, window, "PA")
    after = fc.forecast
    assert fc.ratings == {"PA": ("Likely", "DEM")}
    assert fc.picks == {} and window.canvas.map_figure.map.marked == ()  # no pick made
    assert after.unit_probability["PA"] > pa + 0.3  # toward Harris: a coin flip → ~90 %
    assert after.win_probability["DEM"] > before[0]["DEM"] + 0.1
    assert stack.count() == 1 and stack.undoText() == "Rate Pennsylvania Likely Harris"
    assert window.canvas.forecast is after  # the map follows …
    palette = window.canvas.map_figure.palette
    assert _pixel(window, "PA") == _rgb(probability_color(palette, ("DEM", "REP"),
                                                          after.unit_probability["PA"]))
    assert _pixel(window, "PA") != _rgb(palette.undecided)
    assert tab.histogram.histogram.heights(2).sum() == \
        after.win_probability["DEM"]  # … the histogram, the table and the box too
    assert _input_text(tab, "PA") == "rated Likely Harris"
    assert "Rated: Pennsylvania Likely Harris." in tab.rating.rated.text()
    assert window.click_text("PA") == "Pennsylvania is rated Likely Harris (rating brush: " \
                                      "Esc ends it)"

    _undo(window)  # Ctrl+Z: exactly the odds before
    assert fc.ratings == {} and _odds(fc.forecast) == before
    assert tab.odds.text() == before_text and _input_text(tab, "PA") == "polls"
    _undo(window, redo=True)
    assert fc.ratings == {"PA": ("Likely", "DEM")} and _odds(fc.forecast) == _odds(after)

    QTest.keyClick(window, Qt.Key.Key_Escape)  # Esc ends the brush
    assert fc.brush is None and not tab.rating.button.isChecked()
    _click(qtbot, window, "GA")  # and a click picks again
    assert fc.picks == {"GA": "DEM"} and fc.ratings == {"PA": ("Likely", "DEM")}


def test_toss_up_clear_and_the_table_menu_and_a_typed_margin_replace_each_other(  # type: ignore[no-untyped-def]
        qtbot, window):
    tab = _forecast_mode(qtbot, window)
    fc = window.forecast
    start = _odds(fc.forecast)
    _choose(tab, "Toss-up")
    assert not tab.rating.side.isEnabled()  # a toss-up favours nobody
    _brush_on(tab)
    _click(qtbot, window, "TX")
    assert fc.ratings == {"TX": ("Toss-up", None)}
    assert 0.4 < fc.forecast.unit_probability["TX"] < 0.6  # was Trump's by far
    _choose(tab, "Clear rating")
    assert fc.brush == ("Clear rating", None)  # the brush in hand changes with the box
    _click(qtbot, window, "TX")
    assert fc.ratings == {} and _odds(fc.forecast) == start
    tab.rating.button.click()  # unchecked: clicks pick again
    assert fc.brush is None

    menu = rating_menu(fc, "WI", tab.table)  # right-click Wisconsin in the table
    sub = next(a.menu() for a in menu.actions() if a.text() == "Rate Wisconsin for Trump")
    next(a for a in sub.actions() if a.text() == "Safe").trigger()
    _idle()
    assert fc.ratings == {"WI": ("Safe", "REP")} and fc.forecast.unit_probability["WI"] < 0.05
    assert _input_text(tab, "WI") == "rated Safe Trump"
    _type_in_table(tab, "WI", tab.model.MARGIN, "4")  # a typed margin replaces it
    assert fc.ratings == {} and fc.edits == {"WI": 4.0}
    fc.rate("WI", ("Lean", "DEM"))  # and a rating replaces the typed margin
    assert fc.edits == {} and fc.ratings == {"WI": ("Lean", "DEM")}
    _idle()
    tab.rating.clear.click()
    assert fc.ratings == {} and _odds(fc.forecast) == start


def test_the_brush_brings_the_probability_map_and_another_map_ends_it(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    dock = window.whatif_dock
    dock.show()
    dock.show_tab(dock.forecast)
    _idle()
    tab = dock.forecast
    assert window.document.style.mode == "margin"
    _brush_on(tab)
    assert window.document.style.mode == PROBABILITY and window.forecast.brush is not None
    press(qtbot, window, "View > Margin map")
    assert window.forecast.brush is None and not tab.rating.button.isChecked()


def test_ratings_are_saved_in_the_file_and_the_code_with_the_very_same_odds(  # type: ignore[no-untyped-def]
        qtbot, window, tmp_path, capsys):
    tab = _forecast_mode(qtbot, window)
    fc = window.forecast
    default = _odds(fc.forecast)
    _choose(tab, "Lean", "REP")
    _brush_on(tab)
    _click(qtbot, window, "PA")
    _choose(tab, "Tilt", "DEM")
    _click(qtbot, window, "GA")
    QTest.keyClick(window, Qt.Key.Key_Escape)
    _click(qtbot, window, "MI")  # a pick beside the ratings
    assert fc.ratings == {"PA": ("Lean", "REP"), "GA": ("Tilt", "DEM")}
    saved = _odds(fc.forecast)
    path = tmp_path / "rated.json"
    assert window.files.write(path)
    doc = json.loads(path.read_text())
    assert doc["version"] == 3
    assert doc["forecast"]["ratings"] == {"GA": "Tilt DEM", "PA": "Lean REP"}
    code = window.whatif_dock.edit.copy_scenario_code()
    assert code.startswith("EM4-2024-")
    assert main(["forecast", "--code", code, "--json"]) == 0  # the command line agrees
    assert json.loads(capsys.readouterr().out)["win_probability"] == saved[0]

    window.files.new()
    _idle()
    assert fc.ratings == {} and _odds(fc.forecast) == default
    assert window.files.open(path)
    _idle()
    assert fc.ratings == {"PA": ("Lean", "REP"), "GA": ("Tilt", "DEM")}
    assert _odds(fc.forecast) == saved  # the very same odds
    assert _input_text(tab, "GA") == "rated Tilt Harris"
    window.files.new()
    _idle()
    assert window.whatif_dock.edit.apply_code(code)
    _idle()
    assert _odds(fc.forecast) == saved
