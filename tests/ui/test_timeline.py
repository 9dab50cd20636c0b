"""The timeline under the map, driven as a person drives it: key presses and drags on the
slider, a year typed into the box, Play; and what the map shows for the years it reaches
(pixels read back from the widget)."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from tests.ui.helpers import interior_point, widget_point


def year(window) -> int:  # type: ignore[no-untyped-def]
    return window.document.results.year


def drawn(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """Wait until the map's full draw for the shown year is on the widget."""
    canvas = window.canvas
    before = canvas.draw_count
    qtbot.waitUntil(lambda: canvas.draw_count > before or canvas._background is not None,
                    timeout=5000)
    QApplication.processEvents()


def widget_rgb(window, unit: str, kind: str = "state") -> np.ndarray:  # type: ignore[no-untyped-def]
    """The colour on the canvas widget inside ``unit`` (what the screen shows)."""
    canvas = window.canvas
    point = widget_point(canvas, *interior_point(canvas.shapes, unit, kind))
    color = canvas.grab().toImage().pixelColor(point)
    return np.array([color.redF(), color.greenF(), color.blueF()])


def focus_slider(qtbot, window):  # type: ignore[no-untyped-def]
    slider = window.timeline.slider
    slider.setFocus()
    qtbot.waitUntil(slider.hasFocus, timeout=2000)
    return slider


def test_arrow_keys_home_and_end_move_through_the_elections(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    slider = focus_slider(qtbot, window)
    assert year(window) == 2024
    QTest.keyClick(slider, Qt.Key.Key_Left)
    assert year(window) == 2020
    QTest.keyClick(slider, Qt.Key.Key_Left)
    assert year(window) == 2016
    QTest.keyClick(slider, Qt.Key.Key_Right)
    assert year(window) == 2020
    QTest.keyClick(slider, Qt.Key.Key_Home)
    assert year(window) == 1789
    assert window.timeline.year_box.value() == 1789
    assert window.canvas.map_figure.title.get_text().startswith("1789")
    QTest.keyClick(slider, Qt.Key.Key_Right)
    assert year(window) == 1792  # one election per step, whatever the gap in years
    QTest.keyClick(slider, Qt.Key.Key_End)
    assert year(window) == 2024
    QTest.keyClick(slider, Qt.Key.Key_Right)
    assert year(window) == 2024  # nothing after the last election


def test_space_on_the_timeline_plays_and_does_not_flip(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.document.set_whatif(True)
    window.document.select("PA")
    window.timeline.set_pace(10)
    slider = focus_slider(qtbot, window)
    QTest.keyClick(slider, Qt.Key.Key_Left)
    QTest.keyClick(slider, Qt.Key.Key_Left)  # 2016
    QTest.keyClick(slider, Qt.Key.Key_Space)
    assert window.timeline.play_action.isChecked()
    assert not window.document.scenario.overrides  # Space played; it flipped nothing
    qtbot.waitUntil(lambda: not window.timeline.play_action.isChecked(), timeout=10000)
    assert year(window) == 2024  # played to the end, and stopped there


def test_play_advances_at_its_pace_and_stops_at_the_end(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    timeline = window.timeline
    timeline.go_to(2000)
    timeline.set_pace(10)
    seen: list[int] = []
    window.document.results_replaced.connect(lambda: seen.append(year(window)))
    timeline.play_action.trigger()
    assert timeline.play_action.iconText() == "❚❚ Pause"
    qtbot.waitUntil(lambda: not timeline.play_action.isChecked(), timeout=15000)
    assert seen == [2004, 2008, 2012, 2016, 2020, 2024]
    assert timeline.play_action.iconText() == "▶ Play"
    # From the end, Play starts again at the first election.
    timeline.play_action.trigger()
    qtbot.waitUntil(lambda: year(window) >= 1796, timeout=5000)
    timeline.play_action.trigger()  # pause
    stopped = year(window)
    qtbot.wait(400)
    assert year(window) == stopped < 1850


def test_after_a_pause_the_elections_read_are_out_of_the_collectors_reach(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """Left to it, each full collection walks every election read (≈ 150 ms in the middle
    of a scrub); once the user pauses they are frozen like start-up's objects."""
    import gc

    from viewer.ui.main_window import HEAP_SETTLE_MS

    gc.unfreeze()
    window.timeline.go_to(1960)
    window.details_dock.state_story.draw_pending()  # reads every election's results
    assert gc.get_freeze_count() == 0
    qtbot.waitUntil(lambda: gc.get_freeze_count() > 0, timeout=HEAP_SETTLE_MS + 3000)
    assert gc.get_freeze_count() > 100_000  # the window, its figures and 60 elections


def test_dragging_the_slider_changes_the_year(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    timeline = window.timeline
    slider = timeline.slider
    years = timeline.years
    start = QPoint(slider.tick_x(years.index(2024)), slider.height() // 2)
    end = QPoint(slider.tick_x(years.index(1860)), slider.height() // 2)
    QTest.mousePress(slider, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    for x in np.linspace(start.x(), end.x(), 8)[1:]:
        local = QPointF(float(x), float(start.y()))
        QApplication.sendEvent(slider, QMouseEvent(
            QMouseEvent.Type.MouseMove, local, slider.mapToGlobal(local),
            Qt.MouseButton.NoButton, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier))
    QTest.mouseRelease(slider, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)
    assert year(window) == 1860
    assert window.timeline.year_box.value() == 1860
    assert window.canvas.map_figure.bar.to_win_text.get_text() == "152 to win"


def test_typing_a_year_goes_there(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    box = window.timeline.year_box
    box.setFocus()
    box.selectAll()
    QTest.keyClicks(box, "1960")
    assert year(window) == 2024  # not on each digit
    QTest.keyClick(box, Qt.Key.Key_Return)
    assert year(window) == 1960
    assert window.canvas.map_figure.title.get_text().startswith("1960")
    box.selectAll()
    QTest.keyClicks(box, "1963")  # no election that year: the nearest one
    QTest.keyClick(box, Qt.Key.Key_Return)
    assert year(window) == 1964
    QTest.keyClick(box, Qt.Key.Key_Up)  # the arrows step from election to election
    assert year(window) == 1968


# The shade by the winner's lead over the runner-up: no votes (a legislature) is the full
# colour; Roosevelt led Wilson in California by 174 votes, Wallace led in Alabama by 47
# points, Mondale led Reagan in Minnesota by 0.2 points.
@pytest.mark.parametrize("when, unit, party, shade, why", [
    (1860, "SC", "SD", "safe", "Breckinridge; electors chosen by the legislature"),
    (1912, "CA", "PROG", "tilt", "split: Roosevelt won 11 of its 13"),
    (1968, "AL", "AIP", "safe", "Wallace"),
    (1984, "MN", "DEM", "tilt", "Mondale's one state"),
])
def test_the_map_shows_each_years_winner(qtbot, window, when, unit, party, shade, why) -> None:  # type: ignore[no-untyped-def]
    window.timeline.go_to(when)
    drawn(qtbot, window)
    results = window.document.results
    assert results.units[unit].winner == party, why
    mf = window.canvas.map_figure
    want = np.array(mf.palette.shade(party, shade))
    got = widget_rgb(window, unit)
    assert np.abs(got - want).max() < 0.03, (when, unit, got, want)
    # and no other candidate's colour, at any shade
    for other in results.parties:
        if other != party:
            assert np.abs(got - np.array(mf.palette.party(other))).max() > 0.1, other


def test_no_margin_is_full_colour_and_a_174_vote_lead_is_light(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.timeline.go_to(1860)
    drawn(qtbot, window)
    breckinridge = np.array(window.canvas.map_figure.palette.party("SD"))
    assert np.abs(widget_rgb(window, "SC") - breckinridge).max() < 0.03  # no margin to shade
    window.timeline.go_to(1912)
    drawn(qtbot, window)
    roosevelt = np.array(window.canvas.map_figure.palette.party("PROG"))
    ca = widget_rgb(window, "CA")
    assert ca.mean() > roosevelt.mean() + 0.2  # 174 votes: the lightest shade
    assert ca[1] > ca[0] and ca[1] > ca[2]  # still Roosevelt's green


def test_a_unit_without_electors_that_year_cannot_be_selected(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    doc = window.document
    doc.select("NV")
    window.timeline.go_to(1860)
    drawn(qtbot, window)
    assert doc.selected is None  # Nevada was no state in 1860
    canvas = window.canvas
    for unit, kind in (("NM", "state"), ("NV", "state"), ("DC", "box"), ("NE-2", "box")):
        point = widget_point(canvas, *interior_point(canvas.shapes, unit, kind))
        QTest.mouseClick(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                         point)
        assert doc.selected is None, unit
    no_data = np.array(canvas.map_figure.palette.no_data)
    assert np.abs(widget_rgb(window, "NM") - no_data).max() < 0.03  # land without electors
    background = np.array(_rgb(canvas.map_figure.style.colors.background))
    assert np.abs(widget_rgb(window, "DC", "box") - background).max() < 0.03  # box hidden
    labels = {t.get_text().split()[0] for t in canvas.map_figure.map_ax.texts
              if t.get_visible()}
    assert "NM" not in labels and "DC" not in labels and "TX" in labels
    texas = widget_point(canvas, *interior_point(canvas.shapes, "TX"))
    QTest.mouseClick(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, texas)
    assert doc.selected == "TX"


def _rgb(color: str) -> tuple[float, float, float]:
    from matplotlib.colors import to_rgb

    return to_rgb(color)


def test_back_to_2024_is_the_2024_map_of_a_fresh_window(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    canvas = window.canvas
    canvas.draw()
    fresh = canvas.grab().toImage()
    faces = canvas.map_figure.map.collection.get_facecolor().copy()
    slider = focus_slider(qtbot, window)
    for key in (Qt.Key.Key_Home, Qt.Key.Key_PageUp, Qt.Key.Key_End):
        QTest.keyClick(slider, key)
        drawn(qtbot, window)
    assert year(window) == 2024
    canvas.draw()
    again = canvas.grab().toImage()
    assert np.array_equal(canvas.map_figure.map.collection.get_facecolor(), faces)
    assert again.size() == fresh.size()
    a = np.frombuffer(fresh.constBits(), np.uint8).reshape(fresh.height(), -1)
    b = np.frombuffer(again.constBits(), np.uint8).reshape(again.height(), -1)
    assert np.array_equal(a, b)


def test_a_year_change_keeps_the_map_collection(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    canvas = window.canvas
    mf, collection = canvas.map_figure, canvas.map_figure.map.collection
    window.timeline.go_to(1912)
    drawn(qtbot, window)
    assert canvas.map_figure is mf and mf.map.collection is collection
    assert [ax for ax in canvas.figure.axes] == [mf.bar_ax, mf.map_ax, mf.legend_ax]
    legend = " ".join(t.get_text() for t in mf.legend.findobj(
        lambda a: hasattr(a, "get_text") and callable(a.get_text)))
    for name in ("Wilson", "Roosevelt", "Taft"):
        assert name in legend
    assert mf.bar.to_win_text.get_text() == "266 to win"
    assert "1912" in window.windowTitle()


def test_the_replay_works_in_2024_and_says_why_it_does_not_elsewhere(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    replay = window.replay
    window.timeline.go_to(1960)
    assert not replay.replay_action.isEnabled()
    assert "No live-blog events for 1960" in replay.replay_action.toolTip()
    window.timeline.go_to(2024)
    assert replay.replay_action.isEnabled()
    replay.replay_action.trigger()
    assert window.document.as_of is not None
    drawn(qtbot, window)
    assert window.canvas.map_figure.shown_winners is not None  # the night's calls
    replay.replay_action.trigger()
    assert window.document.as_of is None


def test_unsaved_what_if_changes_are_not_dropped_without_asking(qtbot, window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from viewer.ui.scenario_files import ScenarioFiles

    doc = window.document
    doc.set_whatif(True)
    window.on_unit_clicked("PA")
    monkeypatch.setattr(ScenarioFiles, "ask_save_changes",
                        lambda self: QMessageBox.StandardButton.Cancel)
    slider = focus_slider(qtbot, window)
    QTest.keyClick(slider, Qt.Key.Key_Left)
    assert year(window) == 2024 and doc.scenario.is_changed("PA")
    assert slider.value() == len(window.timeline.years) - 1  # back on the year shown
    monkeypatch.setattr(ScenarioFiles, "ask_save_changes",
                        lambda self: QMessageBox.StandardButton.Discard)
    QTest.keyClick(slider, Qt.Key.Key_Left)
    assert year(window) == 2020 and not doc.scenario.overrides
