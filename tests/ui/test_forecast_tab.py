"""Forecast mode in the window (issue #17), driven like a user: the probability map chosen
from the View menu, units clicked on the canvas, Ctrl+Z, the Forecast tab read back."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QColor, QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QScrollArea, QWidget

from tests.ui.helpers import interior_point, open_window, widget_point
from tests.ui.test_menu_actions import press
from viewer.render.style import PROBABILITY

LEFT = Qt.MouseButton.LeftButton


def _click(qtbot, window, unit: str) -> None:  # type: ignore[no-untyped-def]
    canvas = window.canvas
    point = widget_point(canvas, *interior_point(canvas.shapes, unit))
    QTest.mouseClick(canvas, LEFT, Qt.KeyboardModifier.NoModifier, point)
    _idle()


def _idle() -> None:
    """The tab follows the map once it has painted (a 0 ms timer): let it."""
    QTest.qWait(20)


def _forecast_mode(qtbot, window):  # type: ignore[no-untyped-def]
    """View ▸ Probability map, and the What-if panel's Forecast tab in front."""
    press(qtbot, window, "View > Probability map")
    assert window.document.style.mode == PROBABILITY
    dock = window.whatif_dock
    dock.show()
    dock.show_tab(dock.forecast)
    window.canvas.draw()
    QGuiApplication.processEvents()
    _idle()
    return dock.forecast


def _pixel(window, unit: str) -> tuple[int, int, int]:  # type: ignore[no-untyped-def]
    canvas = window.canvas
    canvas.draw()
    point = widget_point(canvas, *interior_point(canvas.shapes, unit))
    image = canvas.grab().toImage()
    ratio = canvas.devicePixelRatioF()
    c = QColor(image.pixel(round(point.x() * ratio), round(point.y() * ratio)))
    return c.red(), c.green(), c.blue()


def _rgb(color: tuple[float, ...]) -> tuple[int, int, int]:
    return (round(color[0] * 255), round(color[1] * 255), round(color[2] * 255))


def test_pick_pennsylvania_for_harris_raises_her_odds_and_undo_restores_them(  # type: ignore[no-untyped-def]
        qtbot, window):
    tab = _forecast_mode(qtbot, window)
    fc = window.forecast
    before = fc.forecast
    assert before is not None and window.canvas.forecast is before
    assert "Harris" in tab.odds.text() and "tie" in tab.odds.text()
    harris = before.win_probability["DEM"]

    _click(qtbot, window, "PA")  # first click: Harris wins it
    after = fc.forecast
    assert fc.picks == {"PA": "DEM"}
    assert after.win_probability["DEM"] > harris + 0.15  # 51 % → about 78 %
    assert after.unit_probability["PA"] == 1.0
    assert window.canvas.forecast is after  # the map shows it
    assert window.canvas.map_figure.map.marked == ("PA",)  # marked on the map
    assert "Pennsylvania → Harris" in tab.picks.text()
    assert f"{round(100 * after.win_probability['DEM'])}%" in tab.odds.text()
    assert "given PA Harris" in window.canvas.map_figure.title.get_text()

    _click(qtbot, window, "PA")  # again: Trump wins it
    assert fc.picks == {"PA": "REP"}
    assert fc.forecast.win_probability["DEM"] < harris - 0.15

    QTest.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    _idle()
    assert fc.picks == {}
    restored = fc.forecast
    assert restored.win_probability == before.win_probability  # exactly: same seed, draws
    assert restored.unit_probability == before.unit_probability
    assert window.canvas.map_figure.map.marked == ()
    assert "Harris" in tab.odds.text() and f"{round(100 * harris)}%" in tab.odds.text()

    _click(qtbot, window, "PA")
    _click(qtbot, window, "PA")
    _click(qtbot, window, "PA")  # third click: released
    assert fc.picks == {}
    assert fc.forecast.win_probability == before.win_probability


def test_the_histogram_shows_the_distribution_with_the_majority_line(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    tab = _forecast_mode(qtbot, window)
    hist = tab.histogram.histogram
    assert hist is not None
    qtbot.waitUntil(lambda: tab.histogram.draw_count > 0, timeout=3000)
    f = window.forecast.forecast
    heights = [hist.heights(k) for k in range(3)]
    total = sum(float(h.sum()) for h in heights)
    assert total == pytest.approx(1.0, abs=1e-9)
    # the first candidate's winning counts are her colour, right of the 270 line
    assert float(heights[2].sum()) == pytest.approx(f.win_probability["DEM"])
    assert hist.line.get_xdata()[0] == pytest.approx(269.5)
    palette = window.canvas.map_figure.palette
    assert _rgb(hist.colors()[2]) == _rgb(palette.party("DEM"))
    # and on the screen: bars in her colour right of the line, his left of it, as tall
    # as the chances (the tallest bar reaches near the top of the chart)
    import numpy as np

    image = tab.histogram.grab().toImage()
    ratio = image.devicePixelRatio()
    x0, y0, x1, y1 = (v / ratio for v in hist.ax.bbox.extents)  # the chart, not its texts
    top, bottom = round(image.height() - y1) + 1, round(image.height() - y0) - 1
    pixels = np.array([[image.pixelColor(x, y).getRgb()[:3]
                        for x in range(round(x0), round(x1))] for y in range(top, bottom)])
    line_x = round(hist.ax.transData.transform((269.5, 0))[0] / ratio - x0)
    tallest = []
    for color, side in ((palette.party("DEM"), slice(line_x + 2, None)),
                        (palette.party("REP"), slice(0, line_x - 2))):
        rows = np.nonzero((np.abs(pixels[:, side] - _rgb(color)).max(axis=2) < 8).any(axis=1))[0]
        assert len(rows) > 5, color  # bars several pixels tall
        tallest.append(rows.min())
    assert min(tallest) < 0.2 * len(pixels)  # the tallest bar reaches near the chart's top


def test_over_99_percent_units_are_the_full_party_colour(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    _forecast_mode(qtbot, window)
    f = window.forecast.forecast
    assert f.unit_probability["CA"] > 0.99 and f.unit_probability["WY"] < 0.01
    palette = window.canvas.map_figure.palette
    assert _pixel(window, "CA") == _rgb(palette.party("DEM"))
    assert _pixel(window, "WY") == _rgb(palette.party("REP"))
    # Pennsylvania is a toss-up: the theme's grey, not a party's colour
    assert _pixel(window, "PA") == _rgb(palette.undecided)
    # the colour-blind palette and the dark theme keep it so (Okabe–Ito blue)
    press(qtbot, window, "View > Colour-blind safe colours")
    press(qtbot, window, "View > Appearance > Dark")
    assert window.document.style.mode == PROBABILITY
    assert _pixel(window, "CA") == (0x00, 0x72, 0xB2)
    assert window.canvas.map_figure.palette.theme.background == "#1e1f22"


def test_a_year_without_averages_says_so_and_leaves_the_probability_map(  # type: ignore[no-untyped-def]
        qtbot, window):
    tab = _forecast_mode(qtbot, window)
    old = window.forecast.forecast
    assert window.show_year(2016)
    _idle()
    assert window.document.results.year == 2016
    assert window.document.style.mode == "margin"  # no forecast for 2016: not offered
    assert window.canvas.map_figure.forecast is not old or \
        window.document.style.mode != PROBABILITY
    assert "No poll averages are bundled for 2016" in tab.summary.text()
    assert tab.odds.text() == "No forecast"
    press(qtbot, window, "View > Probability map")  # refused, saying why
    assert window.document.style.mode == "margin"
    assert "No forecast" in window.statusBar().currentMessage()
    # the results plus a swing are offered instead, and then the map is
    keys = [tab.source.itemData(i) for i in range(tab.source.count())]
    assert keys == ["results", "none"]
    tab.source.setCurrentIndex(0)
    tab.source.activated.emit(0)
    _idle()
    assert window.forecast.forecast is not None
    assert "2016 results" in tab.summary.text()


def test_changing_year_in_forecast_mode_shows_that_years_forecast(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    _forecast_mode(qtbot, window)
    _click(qtbot, window, "PA")
    assert window.show_year(2020)
    fc = window.forecast
    assert fc.picks == {}  # picks belong to a year
    shown = window.canvas.map_figure.forecast
    assert shown is fc.forecast
    assert shown.expected_ev["DEM"] == pytest.approx(350.3, abs=1.0)  # Biden, docs/forecast.md
    assert window.canvas.map_figure.title.get_text().startswith("2020 forecast")


def test_rare_picks_are_conditioned_off_the_gui_thread(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    tab = _forecast_mode(qtbot, window)
    fc = window.forecast
    seen = []  # (busy, the bar shown, the picks) at each change of the busy state
    fc.busy_changed.connect(lambda busy: seen.append((busy, tab.busy.isVisibleTo(tab),
                                                      dict(fc.picks))))
    _click(qtbot, window, "TX")  # Harris winning Texas: about 1 draw in 23
    qtbot.waitUntil(lambda: not fc.busy, timeout=10_000)
    # a busy state, not a frozen window; not an undo step until its answer is known
    assert seen == [(True, True, {}), (False, False, {})]
    assert fc.picks == {"TX": "DEM"}
    assert "effective draws" in tab.condition.text()
    assert window.document.undo_stack.count() == 1
    QTest.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert fc.picks == {} and not fc.busy


def test_a_pick_importance_sampling_answers_is_shown_at_once(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """Trump winning New Mexico (about 7 % of the draws, fewer than 1,000): importance
    sampling on the draws made is enough, so the click answers at once with the same
    numbers as the full conditioning; only picks that need more draws wait for the pool
    thread (the map waited for it, about 40 ms, a few clicks in every hundred)."""
    tab = _forecast_mode(qtbot, window)
    fc = window.forecast
    busy: list[bool] = []
    fc.busy_changed.connect(busy.append)
    _click(qtbot, window, "NM")  # Harris: most draws agree
    canvas = window.canvas
    point = widget_point(canvas, *interior_point(canvas.shapes, "NM"))
    QTest.mouseClick(canvas, LEFT, Qt.KeyboardModifier.NoModifier, point)  # Trump
    assert busy == [] and not fc.busy  # answered within the click
    assert fc.picks == {"NM": "REP"}
    assert fc.forecaster is not None
    full = fc.forecaster.condition({"NM": "REP"})
    assert full.method == "importance sampling"  # not rejection: fewer than 1,000 agree
    shown = window.canvas.map_figure.forecast
    assert shown is not None and shown.win_probability == full.forecast.win_probability
    assert shown.unit_probability == full.forecast.unit_probability
    _idle()
    assert "effective draws" in tab.condition.text()


def test_table_edits_a_probability_and_a_margin(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    tab = _forecast_mode(qtbot, window)
    model = tab.model
    from viewer.core.units import UNIT_CODES

    row = UNIT_CODES.index("PA")
    assert model.setData(model.index(row, model.CHANCE_A), "80")
    f = window.forecast.forecast
    assert f.unit_probability["PA"] == pytest.approx(0.80, abs=0.005)
    assert window.forecast.inputs.units["PA"].source == "edited"
    assert not model.setData(model.index(row, model.MARGIN), "lots")
    assert model.setData(model.index(row, model.MARGIN), "-30")
    assert window.forecast.forecast.unit_probability["PA"] < 0.01
    _idle()
    tab.reset_edits.click()
    assert window.forecast.inputs.units["PA"].source == "polls"


def test_error_sliders_change_the_model(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    tab = _forecast_mode(qtbot, window)
    before = window.forecast.forecast
    for name in ("national_sd", "regional_sd", "unit_scale"):
        tab.sliders[name].setValue(0)
    qtbot.waitUntil(lambda: window.forecast.model.is_zero, timeout=3000)
    f = window.forecast.forecast
    assert f is not before
    assert set(f.unit_probability.values()) <= {0.0, 1.0}  # no error: no doubt
    assert "National error: 0.0 pts" in tab.slider_labels["national_sd"].text()


def _in_view(widget: QWidget, area: QScrollArea) -> bool:
    """The whole widget lies inside the scroll area's viewport as it is scrolled now."""
    viewport = area.viewport()
    return viewport.rect().contains(QRect(widget.mapTo(viewport, QPoint(0, 0)),
                                          widget.size()))


def test_rate_units_box_is_in_view_at_1400x900_without_scrolling(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """The default layout leaves the What-if dock about 300 px high at 1400×900: the
    rating brush is where the Forecast tab opens, not below the histogram and texts."""
    assert window.size() == QSize(1400, 900)
    tab = _forecast_mode(qtbot, window)
    box = tab.rating
    area = window.whatif_dock.tabs.currentWidget()
    assert isinstance(area, QScrollArea) and area.widget() is tab
    assert area.verticalScrollBar().value() == 0  # not scrolled
    assert _in_view(box, area)
    assert box.visibleRegion().boundingRect() == box.rect()  # none of it clipped


def test_rating_brush_controls_are_in_view_at_1024x700(qtbot, results_2024, shapes) -> None:  # type: ignore[no-untyped-def]
    """The smallest supported window: the What-if dock is about 200 px high; the brush's
    choices and its button show without scrolling (the list of rated units may not)."""
    window = open_window(qtbot, results_2024, shapes, (1024, 700))
    window.canvas.draw()
    qtbot.waitUntil(window.isActiveWindow)  # the View menu's shortcut goes to it
    tab = _forecast_mode(qtbot, window)
    area = window.whatif_dock.tabs.currentWidget()
    assert area.verticalScrollBar().value() == 0
    for control in (tab.rating.level, tab.rating.side, tab.rating.button):
        assert _in_view(control, area), control.accessibleName()


def test_a_pick_paints_the_map_before_the_events_list_and_the_tab_follow(  # type: ignore[no-untyped-def]
        qtbot, window, monkeypatch):
    """A pick changes no what-if state, so nothing at the end of the document's action
    paints the map: it used to wait for a 0 ms timer, behind the events list's filtering
    and whatever else was queued. Now the click paints it before the list is filtered."""
    _forecast_mode(qtbot, window)
    canvas = window.canvas
    dock = window.events_dock
    seen: list[int] = []
    original = dock.set_unit_filter

    def filtering(unit: str | None) -> None:
        seen.append(canvas.blit_count)
        original(unit)

    _click(qtbot, window, "WI")  # picked for Harris, and selected
    monkeypatch.setattr(dock, "set_unit_filter", filtering)
    blits = canvas.blit_count
    point = widget_point(canvas, *interior_point(canvas.shapes, "WI"))
    # again: for Trump; the selection stays (its change would have painted the map)
    QTest.mousePress(canvas, LEFT, Qt.KeyboardModifier.NoModifier, point)  # no event loop
    assert window.forecast.picks == {"WI": "REP"}
    assert seen and set(seen) == {blits + 1}  # painted when the list was filtered
    assert canvas.forecast is window.forecast.forecast


@pytest.mark.parametrize("unit_clicks", [1, 2], ids=["new-unit", "same-unit"])
def test_a_pick_paints_the_tabs_histogram_with_the_map(  # type: ignore[no-untyped-def]
        qtbot, window, unit_clicks: int):
    """The odds on the map and the tab's histogram change together: when the map first
    paints after the press, the histogram has painted the conditioned distribution too
    (it used to wait for the tab's refresh, a pass later, about 5 ms behind the map). A
    first click on a unit also selects it (its repaint comes when the document's action
    is over); a second click changes the pick only."""
    tab = _forecast_mode(qtbot, window)
    canvas, histogram = window.canvas, tab.histogram
    point = widget_point(canvas, *interior_point(canvas.shapes, "MI"))
    for _ in range(unit_clicks - 1):
        QTest.mouseClick(canvas, LEFT, Qt.KeyboardModifier.NoModifier, point)
        _idle()
    chart = histogram.histogram
    assert chart is not None
    at_map_paint: list[tuple[int, list[float]]] = []
    hist_paints: list[int] = []
    histogram.painted.connect(lambda: hist_paints.append(1))
    canvas.painted.connect(lambda: at_map_paint.append(
        (len(hist_paints), list(chart.heights(2)))))
    QTest.mousePress(canvas, LEFT, Qt.KeyboardModifier.NoModifier, point)  # no event loop
    assert at_map_paint, "the press painted the map"
    painted_before, bars = at_map_paint[0]
    assert painted_before >= 1  # the histogram was painted in the same flush
    shown = window.forecast.forecast
    assert shown is not None
    first = shown.parties[0]
    assert bars == pytest.approx(list(shown.ev_distribution[first][270:]))  # 270 to 538
    QTest.mouseRelease(canvas, LEFT, Qt.KeyboardModifier.NoModifier, point)


def test_the_status_line_follows_each_pick_of_the_unit_under_the_pointer(  # type: ignore[no-untyped-def]
        qtbot, window):
    """The pointer rests on Georgia and clicks: the status line says what Georgia is now
    (picked for Harris, then for Trump, then released) and what the next click does. It
    used to keep the line written when the pointer arrived: "Picked for Harris · Click:
    Georgia for Trump" after Georgia had been picked for Trump."""
    _forecast_mode(qtbot, window)
    canvas, status = window.canvas, window.statusBar()
    point = widget_point(canvas, *interior_point(canvas.shapes, "GA"))
    QTest.mouseMove(canvas, QPoint(2, 2))  # from elsewhere: Qt drops a move to where it is
    QTest.mouseMove(canvas, point)
    qtbot.waitUntil(lambda: canvas.hovered == "GA", timeout=3000)
    qtbot.waitUntil(lambda: status.currentMessage().startswith("Georgia"), timeout=3000)
    assert "Click: Georgia for Harris" in status.currentMessage()
    for picked, nxt in (("Picked for Harris", "Click: Georgia for Trump"),
                        ("Picked for Trump", "Click: release Georgia"),
                        (None, "Click: Georgia for Harris")):
        QTest.mouseClick(canvas, LEFT, Qt.KeyboardModifier.NoModifier, point)
        qtbot.waitUntil(lambda n=nxt: n in status.currentMessage(), timeout=3000)
        assert (picked in status.currentMessage() if picked
                else "Picked" not in status.currentMessage())
    # Ctrl+Z: Georgia picked for Trump again, and the line says so
    QTest.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "Picked for Trump" in status.currentMessage(), timeout=3000)
