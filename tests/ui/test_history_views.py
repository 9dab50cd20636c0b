"""The history views in the window (issue #16), driven like a user: the "same since" map
from the toolbar, the shift map against a year chosen on the timeline bar, a state's story
and the national story in the details panel, and clicks in their charts moving the
timeline."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QCoreApplication, Qt

from tests.ui.helpers import interior_point, widget_point
from viewer.core.scenario import SetUnits
from viewer.render.history_maps import run_color


def _toolbar_button(window, text: str):  # type: ignore[no-untyped-def]
    bar = window.map_view_bar
    for action in bar.actions():
        if action.text().replace("&", "") == text:
            return bar.widgetForAction(action)
    raise AssertionError(f"no {text!r} on the map view toolbar")


def _pixel(canvas, unit: str, shapes):  # type: ignore[no-untyped-def]
    x, y = interior_point(shapes, unit)
    point = widget_point(canvas, x, y)
    image = canvas.grab().toImage()
    ratio = image.devicePixelRatio()
    c = image.pixelColor(round(point.x() * ratio), round(point.y() * ratio))
    return np.array([c.redF(), c.greenF(), c.blueF()])


def test_same_since_map_from_the_toolbar(qtbot, window, shapes) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(_toolbar_button(window, "Same since map"), Qt.MouseButton.LeftButton)
    doc = window.document
    assert doc.style.mode == "same_since"
    assert window.timeline.go_to(1960)
    canvas = window.canvas
    canvas.draw()
    mf = canvas.map_figure
    palette = mf.palette
    # Vermont: Republican 27 elections in a row (1856–1960), in its side box label
    assert "VT  27" in [t.get_text() for t in mf.map_ax.texts]
    assert "TX\n1" in [t.get_text() for t in mf.map_ax.texts]  # Texas changed sides
    # the pixels: Texas pale (1), Kansas (REP since 1940: 6) deeper
    tx, ks = _pixel(canvas, "TX", shapes), _pixel(canvas, "KS", shapes)
    assert np.allclose(tx, run_color(palette, "DEM", 1), atol=0.02)
    assert np.allclose(ks, run_color(palette, "REP", 6), atol=0.02)
    assert ks.sum() < tx.sum()  # a longer run is a deeper shade
    # Alaska's first election: the tooltip says so
    assert "(its first election)" in canvas.tooltip_text("AK")
    assert "since 1856; Whig in 1852" in canvas.tooltip_text("VT")


def test_land_without_electors_is_explained() -> None:
    from viewer.ui.history_tips import absent_text

    assert absent_text("NV", 1860) == ("Nevada: no electors in 1860, before statehood; "
                                       "first voted in 1864")
    assert absent_text("DC", 1960).endswith("before the 23rd Amendment gave it electors; "
                                            "first voted in 1964")
    assert absent_text("SC", 1864).startswith("South Carolina: did not vote in 1864")


def test_shift_map_against_a_year_chosen_on_the_timeline_bar(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    combo = window.compare_year.combo
    assert combo.isVisible()
    combo.setCurrentIndex(combo.findData(1960))
    combo.activated.emit(combo.currentIndex())  # as a user's choice in the list
    doc = window.document
    assert (doc.style.mode, doc.style.compare) == ("shift", 1960)
    # the View menu and the toolbar say so: Shift map checked, Margin map not
    modes = window.style_actions.mode_actions
    assert modes["shift"].isChecked() and not modes["margin"].isChecked()
    from viewer.render.probability import legend_texts

    assert "Shift in margin since 1960" in legend_texts(window.canvas.map_figure.legend)
    assert "Shift since 1960:" in window.canvas.tooltip_text("TX")
    # the timeline moves; the comparison stays
    assert window.timeline.go_to(2000)
    assert "Shift since 1960:" in window.canvas.tooltip_text("TX")
    combo.setCurrentIndex(0)
    combo.activated.emit(0)
    assert doc.style.compare is None
    assert "Shift since 1996:" in window.canvas.tooltip_text("TX")


def _click_year(qtbot, chart, year: int) -> None:  # type: ignore[no-untyped-def]
    chart.draw()
    x, y = chart.point_of(year)
    from PySide6.QtCore import QPoint

    qtbot.mouseClick(chart, Qt.MouseButton.LeftButton, pos=QPoint(x, y))


@pytest.mark.parametrize("unit", ["OH", "VT"])
def test_a_states_story_and_a_click_on_a_year(qtbot, window, unit: str) -> None:  # type: ignore[no-untyped-def]
    dock = window.details_dock
    dock.show()
    window.document.select(unit)
    story = dock.state_story
    qtbot.waitUntil(story.isVisible)
    assert not dock.national_story.isVisible()
    assert story.record.text().startswith("Voted for the national winner in ")
    assert "Republican 1856–1960 (27)" in story.winners.text() or unit != "VT"
    qtbot.waitUntil(lambda: not story.waiting_to_draw)  # the chart draws after the map
    assert story.chart.years  # drawn: the years it can be clicked at
    _click_year(qtbot, story.chart, 1960)
    assert window.document.results.year == 1960
    assert window.timeline.year_box.value() == 1960
    assert story.chart.markers[0].get_xdata()[0] == 1960  # the shown year marked
    assert window.document.selected == unit  # still the same state's story


def test_another_states_story_replaces_the_chart_and_leaves_no_garbage(window) -> None:  # type: ignore[no-untyped-def]
    """Each selected unit's story was a new figure: ~5,000 matplotlib objects in reference
    cycles per selection, which the full collector had to find (30–90 ms pauses every
    dozen clicks). The chart keeps its artists and shows the new unit's data."""
    import gc

    dock = window.details_dock
    dock.show()
    story = dock.state_story

    def show(unit: str) -> np.ndarray:
        window.document.select(unit)
        story.draw_pending()
        story.chart.draw()
        return np.asarray(story.chart.buffer_rgba())[:, :, :3].astype(int).sum(axis=2)

    def bar_area(year: int, lean: float) -> tuple[slice, slice]:  # rows, columns
        x, y = story.chart.point_of(year, lean)
        _x, zero = story.chart.point_of(year, 0.0)
        top, bottom = sorted((y, zero))
        return slice(top + 4, bottom - 4), slice(x - 1, x + 2)  # off the axis line

    def ink(image: np.ndarray, area: tuple[slice, slice]) -> int:
        return int((765 - image[area]).mean())

    show("OH")
    show("VT")
    gc.collect()
    for unit in ("TX", "ME-2", "OH"):
        show(unit)
    assert gc.collect() < 500
    image = show("OH")
    ohio = max((y for y in story.story.years if y.lean is not None and y.year < 1860),
               key=lambda y: abs(y.lean or 0.0))  # its longest bar before 1860
    assert ohio.lean is not None
    where = bar_area(ohio.year, ohio.lean)
    assert ink(image, where) > 200  # drawn
    image = show("SC")  # its legislature chose the electors until 1860: no bars then
    assert ink(image, where) < 20
    sc = {y.year: y.lean for y in story.story.years if y.lean is not None}
    assert ink(image, bar_area(1964, sc[1964])) > 200


def test_the_national_story_and_a_click_on_a_year(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    dock = window.details_dock
    dock.show()
    window.document.select(None)
    national = dock.national_story
    qtbot.waitUntil(lambda: national.isVisible() and bool(national.story))
    assert "1824 (House of Representatives), 1876 (Electoral Commission), 1888, 2000, " \
           "2016" in national.note.text()
    _click_year(qtbot, national.chart, 1876)
    assert window.document.results.year == 1876
    assert window.timeline.slider.value() == window.timeline.years.index(1876)


def test_the_map_is_on_screen_before_every_election_is_read(qtbot, results_2024, shapes,
                                                          monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Start-up: the national story parses every election (≈ 150 ms); the window paints the
    map first, then reads them, and the chart appears without anything else to do."""
    from tests.ui.helpers import open_window
    from viewer.ui.docks import story_charts

    seen: list[str] = []
    real = story_charts.history_elections
    monkeypatch.setattr(story_charts, "history_elections",
                        lambda: (seen.append("history"), real())[1])
    win = open_window(qtbot, results_2024, shapes, painted=seen.append)
    story = win.details_dock.national_story
    qtbot.waitUntil(lambda: bool(story.story))
    assert seen[0] == "painted" and "history" in seen
    assert "1888, 2000, 2016" in story.note.text()


def test_the_year_marker_moves_without_drawing_the_chart_again(qtbot, window, monkeypatch):
    """The timeline moves the national chart's marker at every year: the marker alone is
    drawn again over the saved chart (a whole draw of the chart took about 30 ms)."""
    import numpy as np

    story = window.details_dock.national_story
    qtbot.waitUntil(lambda: bool(story.story))  # read once the map is up
    QCoreApplication.processEvents()  # its first draw, asked for when it was read
    chart = story.chart
    assert chart.isVisible()
    assert window.show_year(2000)
    chart.draw()
    draws = []
    real = type(chart).draw
    monkeypatch.setattr(type(chart), "draw", lambda self: (draws.append(1), real(self)))

    def darkest(year: int) -> int:  # the darkest pixel down the year's column, near the top
        x, top = chart.point_of(year, 95)
        img = np.asarray(chart.buffer_rgba())[:, :, :3].astype(int).sum(axis=2)
        return int(img[top:top + 12, x].min())

    background = darkest(1790)  # no marker, no bar up there
    assert darkest(2000) < background - 200
    assert window.show_year(1960)
    qtbot.wait(50)
    assert draws == []
    assert darkest(1960) < background - 200 and darkest(2000) >= background - 30


def test_the_what_if_panel_counts_to_the_majority_of_the_year_shown(window) -> None:  # type: ignore[no-untyped-def]
    # 1836: 294 electors, 148 to win. Harrison given Van Buren's New York leaves nobody
    # with a majority and nothing undecided: the House decides (the panel said "270
    # needed; 0 undecided").
    assert window.timeline.go_to(1836)
    window.whatif_action.setChecked(True)
    window.document.cycle("NY")
    tab = window.whatif_dock.edit
    tab.refresh()
    assert tab.outcome.text().startswith("No majority (148 needed): the House of "
                                         "Representatives chooses"), tab.outcome.text()
    window.document.edit(SetUnits((("NY", None),)))  # undecided now
    tab.refresh()
    assert tab.outcome.text() == "No majority yet: 148 needed; 42 undecided."


def test_the_swing_tab_counts_to_the_majority_of_the_year_shown(window) -> None:  # type: ignore[no-untyped-def]
    assert window.timeline.go_to(1860)  # 303 electors, 152 to win
    swing = window.whatif_dock.swing
    swing.refresh()
    assert swing.needed.text().endswith("points to reach 152."), swing.needed.text()
    assert "the winner's 152nd vote" in swing.tipping.text(), swing.tipping.text()


def test_the_paths_tab_is_named_after_the_years_majority(window) -> None:  # type: ignore[no-untyped-def]
    tabs = window.whatif_dock.tabs
    index = tabs.indexOf(window.whatif_dock.paths)
    assert tabs.tabText(index) == "Paths to 270"
    assert window.timeline.go_to(1836)
    assert tabs.tabText(index) == "Paths to 148"
