"""Zoom and pan of the map, driven by real input events: wheel, drag, keys, double-click."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent, QWheelEvent
from PySide6.QtWidgets import QApplication

from tests.ui.helpers import interior_point, widget_point

LEFT = Qt.MouseButton.LeftButton
NO_MOD = Qt.KeyboardModifier.NoModifier


def wheel(canvas, pos: QPoint, notches: int = 1) -> None:
    for _ in range(abs(notches)):
        event = QWheelEvent(QPointF(pos), QPointF(canvas.mapToGlobal(pos)), QPoint(0, 0),
                            QPoint(0, 120 if notches > 0 else -120), Qt.MouseButton.NoButton,
                            NO_MOD, Qt.ScrollPhase.NoScrollPhase, False)
        QApplication.sendEvent(canvas, event)


def move(canvas, pos: QPoint, buttons=LEFT) -> None:
    """A mouse move as the window system sends it, with the button held."""
    local = QPointF(pos)
    QApplication.sendEvent(canvas, QMouseEvent(
        QMouseEvent.Type.MouseMove, local, QPointF(canvas.mapToGlobal(pos)),
        Qt.MouseButton.NoButton, buttons, NO_MOD))


def drawn(qtbot, canvas) -> None:
    """Wait for the full draw a zoom or pan asks for (it is done when idle)."""
    draws = canvas.draw_count
    qtbot.waitUntil(lambda: canvas.draw_count > draws and canvas._background is not None)


def point_of(canvas, unit: str, kind: str = "state") -> QPoint:
    return widget_point(canvas, *interior_point(canvas.shapes, unit, kind))


def pixel(canvas, pos: QPoint) -> np.ndarray:
    """The median colour of a small patch of what the widget shows (patterns such as the
    what-if hatching average out)."""
    image = canvas.grab().toImage()
    ratio = image.devicePixelRatio()
    x, y = round(pos.x() * ratio), round(pos.y() * ratio)
    colors = [image.pixelColor(x + dx, y + dy) for dx in range(-4, 5) for dy in range(-4, 5)]
    return np.median([[c.redF(), c.greenF(), c.blueF()] for c in colors], axis=0)


def flat(limits) -> list[float]:
    return [v for pair in limits for v in pair]


def zoom_on(qtbot, canvas, unit: str, notches: int = 6) -> None:
    wheel(canvas, point_of(canvas, unit), notches)
    drawn(qtbot, canvas)


def test_wheel_zooms_about_the_pointer_and_a_click_selects(qtbot, window):
    canvas = window.canvas
    before = point_of(canvas, "PA")
    ax = canvas.map_figure.map_ax
    under = ax.transData.inverted().transform(  # the map point under the pointer
        (before.x(), canvas.figure.bbox.height - before.y()))
    bar_position = canvas.map_figure.bar_ax.get_position().bounds
    map_box = ax.bbox.bounds
    zoom_on(qtbot, canvas, "PA")
    assert canvas.view.zoom == pytest.approx(1.25 ** 6)
    # the point under the pointer stays there; only the map's limits changed
    still = widget_point(canvas, *under)
    assert abs(still.x() - before.x()) <= 1 and abs(still.y() - before.y()) <= 1
    after = point_of(canvas, "PA")
    # (to rounding: the fit's arithmetic depends on the canvas's height)
    assert canvas.map_figure.bar_ax.get_position().bounds == pytest.approx(bar_position)
    assert canvas.map_figure.map_ax.bbox.bounds == pytest.approx(map_box)
    qtbot.mouseClick(canvas, LEFT, pos=after)
    assert window.document.selected == "PA"
    # A unit the zoom moved on screen is hit where it is now drawn.
    qtbot.mouseClick(canvas, LEFT, pos=point_of(canvas, "OH"))
    assert window.document.selected == "OH"
    wheel(canvas, after, -20)  # back out, no further than the whole map
    assert canvas.view.zoom == 1.0 and not canvas.view.zoomed


def test_only_the_map_zooms_title_bar_and_legend_stay(qtbot, window):
    canvas = window.canvas
    canvas.draw()
    top = round(canvas.height() - canvas.map_figure.map_ax.bbox.y1) - 4  # above the map
    before = canvas.grab().toImage()
    zoom_on(qtbot, canvas, "KS")
    after = canvas.grab().toImage()
    ratio = before.devicePixelRatio()
    rows = range(0, round(top * ratio), 3)
    cols = range(0, before.width(), 3)
    changed = sum(before.pixel(x, y) != after.pixel(x, y) for y in rows for x in cols)
    assert changed == 0  # title and bar untouched; map labels are cut at the map's frame
    labels = canvas.map_figure.map_ax.texts
    assert labels and all(t.get_clip_on() for t in labels)
    # The zoomed map stops short of the line under the bar, and is not clickable there.
    frame, axes = canvas.map_figure.map_frame(), canvas.map_figure.map_ax.bbox
    status = canvas.map_figure.bar.status.get_window_extent(canvas.get_renderer())
    assert frame.y1 < status.y0 and frame.y1 < axes.y1
    band = QPoint(round(status.x0 + status.width / 2), round(canvas.height() - status.y0 - 3))
    qtbot.mouseClick(canvas, LEFT, pos=band)
    assert window.document.selected is None
    window.canvas.reset_zoom_action.trigger()
    assert not any(t.get_clip_on() for t in canvas.map_figure.map_ax.texts)


def test_drag_pans_the_zoomed_map_without_clicking(qtbot, window):
    canvas = window.canvas
    window.whatif_action.setChecked(True)
    zoom_on(qtbot, canvas, "KS", 4)
    start = point_of(canvas, "KS")
    cx, cy = canvas.view.cx, canvas.view.cy
    qtbot.mousePress(canvas, LEFT, NO_MOD, start)
    for step in range(1, 7):  # 120 px right and 60 px down, in steps as a hand moves
        move(canvas, start + QPoint(20 * step, 10 * step))
    qtbot.mouseRelease(canvas, LEFT, NO_MOD, start + QPoint(120, 60))
    drawn(qtbot, canvas)
    assert canvas.view.cx < cx and canvas.view.cy > cy  # the map followed the pointer
    moved = point_of(canvas, "KS")
    assert abs(moved.x() - (start.x() + 120)) <= 2 and abs(moved.y() - (start.y() + 60)) <= 2
    assert window.document.selected is None  # a drag is not a click
    assert not window.document.scenario.overrides  # and flipped nothing
    # Dragging the whole map at 1x does nothing but what a click does.
    canvas.reset_zoom_action.trigger()
    assert canvas.view.cx == pytest.approx(sum(canvas.view.home[0]) / 2)


def test_a_click_after_zoom_selects_the_unit_under_it(qtbot, window):
    canvas = window.canvas
    window.whatif_action.setChecked(True)
    zoom_on(qtbot, canvas, "OH", 5)
    for unit in ("OH", "PA", "KY", "WV"):
        qtbot.mouseClick(canvas, LEFT, pos=point_of(canvas, unit))
        assert window.document.selected == unit
        assert window.document.scenario.is_changed(unit)  # flipped, once
        assert window.document.scenario.winner(unit) == "DEM"
    # A hand that moves a pixel or two while clicking still clicks.
    p = point_of(canvas, "IN")
    qtbot.mousePress(canvas, LEFT, NO_MOD, p)
    move(canvas, p + QPoint(2, 1))
    qtbot.mouseRelease(canvas, LEFT, NO_MOD, p + QPoint(2, 1))
    assert window.document.selected == "IN"
    assert canvas.view.zoom == pytest.approx(1.25 ** 5)  # and did not pan


def test_insets_and_side_boxes_zoom_with_the_map(qtbot, window):
    canvas = window.canvas
    wheel(canvas, point_of(canvas, "ME-2", "box"), 4)  # the boxes right of New England
    drawn(qtbot, canvas)
    qtbot.mouseClick(canvas, LEFT, pos=point_of(canvas, "ME-2", "box"))
    assert window.document.selected == "ME-2"
    qtbot.mouseClick(canvas, LEFT, pos=point_of(canvas, "NE-2", "box"))
    assert window.document.selected == "NE-2"
    canvas.reset_zoom_action.trigger()
    drawn(qtbot, canvas)
    zoom_on(qtbot, canvas, "AK", 3)
    qtbot.mouseClick(canvas, LEFT, pos=point_of(canvas, "AK"))
    assert window.document.selected == "AK"


def test_keys_zoom_and_reset_and_shift_arrows_pan(qtbot, window):
    canvas = window.canvas
    canvas.setFocus()
    view_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    texts = [a.text() for a in view_menu.actions()]
    assert {"Zoom in", "Zoom out", "Reset zoom"} <= set(texts)
    assert not canvas.reset_zoom_action.isEnabled()
    qtbot.keyClick(canvas, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert canvas.view.zoom == pytest.approx(1.5)
    qtbot.keyClick(canvas, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert canvas.view.zoom == pytest.approx(2.25)
    qtbot.keyClick(canvas, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert canvas.view.zoom == pytest.approx(1.5)
    for _ in range(8):
        qtbot.keyClick(canvas, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert canvas.view.zoom == 8.0 and not canvas.zoom_in_action.isEnabled()
    cx, cy = canvas.view.cx, canvas.view.cy
    qtbot.keyClick(canvas, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert canvas.view.cx > cx and canvas.view.cy == cy
    qtbot.keyClick(canvas, Qt.Key.Key_Up, Qt.KeyboardModifier.ShiftModifier)
    assert canvas.view.cy > cy
    assert window.document.selected is None  # Shift+arrows pan, they do not select
    qtbot.keyClick(canvas, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert not canvas.view.zoomed
    assert canvas.map_figure.map_ax.get_xlim() == pytest.approx(canvas.view.home[0])
    assert canvas.map_figure.map_ax.get_ylim() == pytest.approx(canvas.view.home[1])
    # Not zoomed, Shift+arrows change nothing.
    qtbot.keyClick(canvas, Qt.Key.Key_Left, Qt.KeyboardModifier.ShiftModifier)
    assert flat(canvas.view.limits()) == pytest.approx(flat(canvas.view.home))


def test_arrow_keys_still_move_the_selection_and_the_zoomed_map_follows(qtbot, window):
    canvas = window.canvas
    canvas.setFocus()
    zoom_on(qtbot, canvas, "KS", 8)  # about 2.3x: Kansas and its neighbours
    qtbot.keyClick(canvas, Qt.Key.Key_Right)  # no selection yet: starts in Kansas
    assert window.document.selected == "KS"
    qtbot.keyClick(canvas, Qt.Key.Key_Right)
    assert window.document.selected == "MO"  # as at 1x
    for _ in range(6):  # on east, past the view's edge: the view follows
        qtbot.keyClick(canvas, Qt.Key.Key_Right)
    unit = window.document.selected
    x, y = canvas.shapes.place_of(unit)
    (x0, x1), (y0, y1) = canvas.view.limits()
    assert x0 < x < x1 and y0 < y < y1, unit


def test_double_click_resets_the_zoom(qtbot, window):
    canvas = window.canvas
    window.whatif_action.setChecked(True)
    zoom_on(qtbot, canvas, "TX", 4)
    p = point_of(canvas, "TX")
    qtbot.mouseDClick(canvas, LEFT, pos=p)
    assert not canvas.view.zoomed
    drawn(qtbot, canvas)
    assert canvas.map_figure.map_ax.get_xlim() == pytest.approx(canvas.view.home[0])
    # the double-click itself is no extra click: at most the first press counted
    assert window.document.selected in (None, "TX")


def test_a_flip_at_a_zoomed_view_repaints_only_the_unit(qtbot, window):
    canvas = window.canvas
    zoom_on(qtbot, canvas, "PA", 5)
    window.whatif_action.setChecked(True)
    qtbot.wait(10)
    draws, blits = canvas.draw_count, canvas.blit_count
    p = point_of(canvas, "PA")
    red = pixel(canvas, p)
    assert red[0] > red[2] + 0.2  # Trump's before
    qtbot.mouseClick(canvas, LEFT, pos=p)
    qtbot.waitUntil(lambda: canvas.blit_count > blits)
    assert canvas.draw_count == draws  # repainted over the cached frame of the zoomed view
    blue = pixel(canvas, p)
    assert blue[2] > blue[0] + 0.2  # Harris's now, as shown on screen
    # Only the unit (cut at the map's frame), the bar and the title were repainted.
    frame = canvas.map_figure.map_ax.bbox
    area = sum(b.width * b.height for b in canvas.repainted_boxes)
    assert area < 0.5 * frame.width * frame.height
    fast = np.asarray(canvas.buffer_rgba()).astype(int).copy()
    canvas.draw()
    full = np.asarray(canvas.buffer_rgba()).astype(int)
    assert (np.abs(fast - full).max(axis=2) > 60).sum() <= 10  # what a full redraw shows
    assert np.abs(pixel(canvas, p) - blue).max() < 0.02
    # A neighbour never redrawn is still right on screen.
    q = point_of(canvas, "OH")
    assert pixel(canvas, q)[0] > pixel(canvas, q)[2]


def test_a_flip_after_a_pan_uses_the_new_frame(qtbot, window):
    """The cached frame is rebuilt after a pan: restoring from the old one would paint the
    old view back into the unit's box."""
    canvas = window.canvas
    zoom_on(qtbot, canvas, "PA", 5)
    canvas.setFocus()
    qtbot.keyClick(canvas, Qt.Key.Key_Left, Qt.KeyboardModifier.ShiftModifier)
    drawn(qtbot, canvas)
    window.whatif_action.setChecked(True)
    blits = canvas.blit_count
    qtbot.mouseClick(canvas, LEFT, pos=point_of(canvas, "OH"))
    qtbot.waitUntil(lambda: canvas.blit_count > blits)
    fast = np.asarray(canvas.buffer_rgba()).astype(int).copy()
    canvas.draw()
    full = np.asarray(canvas.buffer_rgba()).astype(int)
    assert (np.abs(fast - full).max(axis=2) > 60).sum() <= 10


def test_style_change_keeps_the_view_and_tiles_start_whole(qtbot, window):
    canvas = window.canvas
    zoom_on(qtbot, canvas, "PA", 4)
    limits = canvas.view.limits()
    doc = window.document
    doc.set_style(doc.style.with_(mode="winner"))
    assert flat(canvas.view.limits()) == pytest.approx(flat(limits))
    assert canvas.map_figure.map_ax.get_xlim() == pytest.approx(limits[0])
    doc.set_style(doc.style.with_(layout="tiles"))
    assert not canvas.view.zoomed
