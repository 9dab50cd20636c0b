"""The timeline's maps drawn ahead in another process (ui/frames_ahead.py): a year change
shows its frame at once, the frame is the window's own drawing to the pixel, the map
works at once after it (a click flips the unit of the year shown), and a frame that ever
differs from the window's drawing is not used again."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tests.ui.helpers import interior_point, widget_point

LEFT = Qt.Key.Key_Left


@pytest.fixture
def ahead(window):  # type: ignore[no-untyped-def]
    """The window with a worker drawing maps ahead, as the app runs (the suite's windows
    have none), after one year change (2024 → 2020, drawn by the window) and with the
    frames of the next two years to the left drawn."""
    from viewer.ui.frames_ahead import FramesAhead

    frames = FramesAhead()
    window.canvas.frames = frames
    yield window
    frames.close()


def first_step(qtbot, window, wanted: set[int], start: int = 2020) -> None:  # type: ignore[no-untyped-def]
    """A year change drawn by the window (to ``start``), then the frames of ``wanted``."""
    slider = window.timeline.slider
    slider.setFocus()
    if start == 2020:
        QTest.keyClick(slider, LEFT)
    else:
        window.timeline.go_to(start)
    assert window.document.results.year == start
    qtbot.waitUntil(lambda: wanted <= set(window.canvas.years_drawn_ahead()), timeout=90_000)
    assert window.canvas.frames.errors == []


def pixels(canvas) -> np.ndarray:  # type: ignore[no-untyped-def]
    image = canvas.grab().toImage().convertToFormat(canvas.grab().toImage().Format.Format_RGB32)
    data = np.frombuffer(image.constBits(), np.uint8, image.sizeInBytes())
    return data.reshape(image.height(), image.bytesPerLine())[:, :image.width() * 4].copy()


def step_ahead_and_compare(qtbot, window, year: int) -> None:  # type: ignore[no-untyped-def]
    """← shows ``year`` from its frame; once the figure catches up, the window's own
    drawing is the same to the pixel."""
    canvas = window.canvas
    draws, shown_ahead = canvas.draw_count, canvas.ahead_count
    QTest.keyClick(window.timeline.slider, LEFT)
    assert window.document.results.year == year
    assert canvas.ahead_count == shown_ahead + 1  # painted from the frame, in the key event
    assert canvas.draw_count == draws  # no drawing of the map
    frame = pixels(canvas)
    qtbot.waitUntil(lambda: canvas.draw_count > draws, timeout=5_000)  # the figure caught up
    assert canvas.map_figure.scenario.base.year == year
    drawn = pixels(canvas)
    assert (frame != drawn).any(axis=1).sum() == 0  # every row the same
    assert canvas.frames.errors == []  # the window found its frame equal to its drawing


def test_a_year_drawn_ahead_shows_at_once_and_is_the_windows_own_drawing(qtbot, ahead) -> None:  # type: ignore[no-untyped-def]
    window = ahead
    window.document.select("PA")  # its outline goes over the frames
    first_step(qtbot, window, {2016, 2012})
    step_ahead_and_compare(qtbot, window, 2016)
    # Another state and an event's units outlined: the same frames serve, no new ones
    window.document.select("MI")
    window.document.set_highlight(("GA", "NE"))  # Nebraska: its district boxes too
    step_ahead_and_compare(qtbot, window, 2012)


def test_a_click_right_after_a_frame_flips_the_unit_of_the_year_shown(qtbot, ahead, shapes) -> None:  # type: ignore[no-untyped-def]
    window, canvas = ahead, ahead.canvas
    point = widget_point(canvas, *interior_point(shapes, "TX"))  # the same place every year
    window.whatif_action.setChecked(True)
    # 2012 to 2008: Texas had 34 electoral votes, not 38 (another apportionment), so a
    # figure still on 2012 would draw other numbers
    first_step(qtbot, window, {2008}, start=2012)
    shown_ahead = canvas.ahead_count
    QTest.keyClick(window.timeline.slider, LEFT)
    assert canvas.ahead_count == shown_ahead + 1
    draws = canvas.draw_count
    QTest.mouseClick(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
    scenario = window.document.scenario
    assert scenario.base.year == 2008 and scenario.base.units["TX"].winner == "REP"
    assert scenario.winner("TX") == "DEM"  # flipped, in 2008
    qtbot.waitUntil(lambda: canvas.draw_count > draws, timeout=5_000)  # the click's repaint
    after_click = pixels(canvas)
    colour = canvas.grab().toImage().pixelColor(point)
    assert colour.blue() > colour.red() + 40, colour.name()  # Texas blue on the widget
    qtbot.wait(500)  # longer than the pause after which a figure behind catches up
    assert (after_click != pixels(canvas)).any(axis=1).sum() == 0  # it was not behind


def test_a_frame_that_differs_from_the_windows_drawing_is_not_used_again(  # type: ignore[no-untyped-def]
        qtbot, ahead, monkeypatch) -> None:
    window, canvas = ahead, ahead.canvas
    first_step(qtbot, window, {2016, 2012})
    frames = canvas.frames
    real = frames.frame

    def wrong(spec, year):  # type: ignore[no-untyped-def]
        frame = real(spec, year)
        if frame is not None:
            frame = frame.copy()
            frame[:40, :40, :3] = 0  # a black corner the window never draws
        return frame

    monkeypatch.setattr(frames, "frame", wrong)
    draws, shown_ahead = canvas.draw_count, canvas.ahead_count
    QTest.keyClick(window.timeline.slider, LEFT)
    assert canvas.ahead_count == shown_ahead + 1
    qtbot.waitUntil(lambda: canvas.draw_count > draws, timeout=5_000)
    assert any("differs" in e for e in frames.errors), frames.errors
    assert pixels(canvas)[5, 5:40].max() > 0  # the window's own drawing is shown
    monkeypatch.setattr(frames, "frame", real)
    QTest.keyClick(window.timeline.slider, LEFT)
    assert window.document.results.year == 2012
    assert canvas.ahead_count == shown_ahead + 1  # drawn by the window, not from a frame


def test_maps_of_a_moment_are_never_drawn_ahead(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """The live count's and the forecast's maps depend on more than the year: none of
    them is asked for, so no worker starts for them."""
    from viewer.render.style import LIVE, PROBABILITY
    from viewer.ui.frames_ahead import FramesAhead

    frames = FramesAhead(["false"])  # a worker that would die at once if started
    window.canvas.frames = frames
    for mode in (LIVE, PROBABILITY):
        window.document.set_style(window.document.style.with_(mode=mode))
        assert window.canvas.years_drawn_ahead() == []
    window.timeline.slider.setFocus()
    QTest.keyClick(window.timeline.slider, LEFT)
    qtbot.wait(700)  # longer than the wait before frames are asked for
    assert not frames.errors and not frames.dead
