"""The snake chart dock: hover text, clicks, the selection outline, labels and the 270 mark."""

from __future__ import annotations

import itertools

import pytest
from matplotlib.colors import to_rgb
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QToolTip


@pytest.fixture
def snake(qtbot, window):
    dock = window.snake_dock
    dock.show()
    qtbot.waitUntil(dock.canvas.isVisible)
    dock.canvas.draw()
    return dock


def segment_point(dock, unit: str) -> QPoint:
    """The middle of the unit's segment, in the canvas widget's logical pixels."""
    box = dock.chart.segment_box(unit)
    canvas = dock.canvas
    ratio = canvas.device_pixel_ratio
    return QPoint(round((box.x0 + box.x1) / 2 / ratio),
                  round((canvas.figure.bbox.height - (box.y0 + box.y1) / 2) / ratio))


def hover(canvas, pos: QPoint) -> None:
    local = QPointF(pos)
    QApplication.sendEvent(canvas, QMouseEvent(
        QMouseEvent.Type.MouseMove, local, QPointF(canvas.mapToGlobal(pos)),
        Qt.MouseButton.NoButton, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier))


def luminance(rgb) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_the_dock_has_room_for_its_labels(snake):
    assert snake.canvas.minimumHeight() >= 110
    assert 110 <= snake.canvas.sizeHint().height() <= 160


def test_hover_names_unit_votes_and_margin(qtbot, snake):
    canvas = snake.canvas
    hover(canvas, QPoint(2, 2))  # off the strip: nothing
    assert snake.chart.hovered is None
    hover(canvas, segment_point(snake, "PA"))
    assert snake.chart.hovered == "PA"
    assert snake.hover_text("PA") == "Pennsylvania · 19 EV · Trump by 1.7 points"
    qtbot.waitUntil(lambda: QToolTip.text() == "Pennsylvania · 19 EV · Trump by 1.7 points")
    assert snake.hover_text("CA") == "California · 54 EV · Harris by 20.1 points"
    assert snake.hover_text("NE") == "Nebraska (at large) · 2 EV · Trump by 20.5 points"
    window = snake.parent()
    window.whatif_action.setChecked(True)
    window.document.cycle("PA")
    assert snake.hover_text("PA").endswith(
        "Trump by 1.7 points · what-if: Harris, set by hand (dotted)")
    hover(canvas, QPoint(2, 2))
    assert snake.chart.hovered is None


def test_clicking_a_segment_selects_its_unit(qtbot, snake):
    qtbot.mouseClick(snake.canvas, Qt.MouseButton.LeftButton, pos=segment_point(snake, "PA"))
    assert snake.parent().document.selected == "PA"
    qtbot.mouseClick(snake.canvas, Qt.MouseButton.LeftButton, pos=segment_point(snake, "TX"))
    assert snake.parent().document.selected == "TX"


def test_the_selection_outline_follows_the_document(qtbot, snake):
    chart = snake.chart
    document = snake.parent().document
    outline = chart._selection
    assert not outline.get_visible()
    for unit in ("PA", "CA", "NE-2"):
        document.select(unit)
        assert chart.selected == unit and outline.get_visible()
        assert outline.get_x() == chart.start_of(unit)
        assert outline.get_width() == document.results.electoral_votes[unit]
        assert outline.get_zorder() > max(p.get_zorder() for p in chart.ax.patches
                                          if p is not outline and p.get_fill())
    document.select(None)
    assert not outline.get_visible()
    # Drawn: the outline's colour shows at the top edge of the selected segment.
    document.select("TX")
    snake.canvas.draw()
    box = chart.segment_box("TX")
    image = snake.canvas.grab().toImage()
    ratio = image.devicePixelRatio()
    c = image.pixelColor(round((box.x0 + box.x1) / 2), round(image.height() - box.y1 - 0.5))
    want = to_rgb(chart.palette.theme.selection)
    assert abs(c.redF() - want[0]) + abs(c.greenF() - want[1]) + abs(c.blueF() - want[2]) < 0.3
    assert ratio == 1.0


def test_wide_segments_are_labelled_and_no_labels_overlap(snake):
    chart = snake.chart
    renderer = snake.canvas.get_renderer()
    results = snake.parent().document.results
    for unit in ("CA", "TX", "FL", "NY", "PA"):  # wide enough for code and votes
        assert chart.labels[unit].get_text() == f"{unit}\n{results.electoral_votes[unit]}"
    assert "ME-1" not in chart.labels and "DC" not in chart.labels  # 1 and 3 votes: no room
    boxes = {u: t.get_window_extent(renderer) for u, t in chart.labels.items()}
    for unit, box in boxes.items():
        seg = chart.segment_box(unit)
        assert seg.x0 <= box.x0 and box.x1 <= seg.x1, unit  # inside its own segment
        assert seg.y0 <= box.y0 and box.y1 <= seg.y1, unit
    for (a, box_a), (b, box_b) in itertools.combinations(boxes.items(), 2):
        assert not box_a.overlaps(box_b), (a, b)
    # Each label's colour reads on its fill.
    for unit, text in chart.labels.items():
        face = chart.ax.patches[chart.order.index(unit)].get_facecolor()[:3]
        assert contrast(to_rgb(text.get_color()), face) >= 4.5, unit


def test_labels_fit_again_when_the_dock_narrows(qtbot, snake):
    before = len(snake.chart.labels)
    snake.setFloating(True)
    snake.resize(500, 140)
    qtbot.waitUntil(lambda: snake.canvas.width() <= 500)
    qtbot.waitUntil(lambda: len(snake.chart.labels) < before)
    renderer = snake.canvas.get_renderer()
    for unit, text in snake.chart.labels.items():
        box, seg = text.get_window_extent(renderer), snake.chart.segment_box(unit)
        assert seg.x0 <= box.x0 and box.x1 <= seg.x1, unit


def test_the_270_mark_is_where_the_270th_vote_lies(qtbot, snake):
    chart = snake.chart
    window = snake.parent()
    results = window.document.results
    # Trump wins: counted from his end (the right), the mark is 270 votes in.
    assert chart.marker_x == 538 - 270
    from_right = 0
    for unit in reversed(chart.order):  # the unit holding his 270th vote is the tipping point
        from_right += results.electoral_votes[unit]
        if from_right >= 270:
            break
    assert unit == chart.tipping == "PA"
    start = chart.start_of("PA")
    assert start <= chart.marker_x < start + results.electoral_votes["PA"]
    mark = [t for t in chart.ax.texts if t.get_text().startswith("270")]
    assert [t.get_text() for t in mark] == ["270 for Trump"]
    assert mark[0].get_position()[0] == chart.marker_x
    lines = [line for line in chart.ax.lines if list(line.get_xdata()) == [268.0, 268.0]]
    assert lines  # the mark's line
    # Give Harris the Blue Wall: she wins, and the mark counts from her end (the left).
    window.whatif_action.setChecked(True)
    for unit in ("PA", "MI", "WI"):
        window.document.cycle(unit)
    assert chart.marker_x == 270
    assert [t.get_text() for t in chart.ax.texts if t.get_text().startswith("270")] == [
        "270 for Harris"]
    assert chart.tipping == "PA"
    start = chart.start_of("PA")
    assert start < chart.marker_x <= start + results.electoral_votes["PA"]


def test_during_the_replay_the_snake_shows_the_same_moment(qtbot, snake):
    """Mid-replay the map says 'Harris 223 · Trump 276'; the snake must not say 226–312."""
    window = snake.parent()
    doc = window.document
    times = doc.event_times()
    doc.set_as_of(times[len(times) // 2])
    qtbot.waitUntil(lambda: not snake.stale)
    shown = doc.display_winners()
    uncalled = [u for u, w in shown.items() if w is None]
    assert uncalled, "mid-night, some units are not called yet"
    texts = [t.get_text() for t in snake.chart.ax.texts]
    harris = sum(doc.results.electoral_votes[u] for u, w in shown.items() if w == "DEM")
    trump = sum(doc.results.electoral_votes[u] for u, w in shown.items() if w == "REP")
    assert f"← Harris {harris}" in texts and f"Trump {trump} →" in texts, texts
    undecided = snake.chart.palette.undecided
    for unit in uncalled:
        seg = snake.chart.segments[snake.chart.order.index(unit)]
        patch = next(p for p in snake.chart.ax.patches
                     if abs(p.get_x() - seg.start) < 1e-9 and p.get_width() == seg.ev)
        assert to_rgb(patch.get_facecolor()) == pytest.approx(to_rgb(undecided), abs=0.01)
    assert snake.hover_text(uncalled[0]).endswith("not called yet")
    doc.set_as_of(None)
    qtbot.waitUntil(lambda: not snake.stale)
    texts = [t.get_text() for t in snake.chart.ax.texts]
    assert "← Harris 226" in texts and "Trump 312 →" in texts


def _segment(chart, unit: str):  # type: ignore[no-untyped-def]
    seg = chart.segments[chart.order.index(unit)]
    return next(p for p in chart.ax.patches
                if abs(p.get_x() - seg.start) < 1e-9 and p.get_width() == seg.ev and p.get_fill())


def _background_dots(snake, unit: str) -> int:
    """Pixels of the background colour in the top band of the unit's segment, above its
    label: the dots of a winner set by hand (a plain segment has none)."""
    snake.canvas.draw()
    box = snake.chart.segment_box(unit)
    image = snake.canvas.grab().toImage()
    back = to_rgb(snake.chart.palette.theme.background)
    dots = 0
    for y in range(round(image.height() - box.y1) + 2, round(image.height() - box.y1) + 12):
        for x in range(round(box.x0) + 2, round(box.x1) - 2):
            c = image.pixelColor(x, y)
            if abs(c.redF() - back[0]) + abs(c.greenF() - back[1]) + abs(c.blueF() - back[2]) \
                    < 0.15:
                dots += 1
    return dots


def test_a_winner_set_by_hand_is_dotted_as_on_the_map(qtbot, snake):
    """On the margin map a winner set by hand is dotted ('Set by hand' in the legend); the
    snake marks the same segments, and only those: a unit the swing flipped keeps the
    shade of its new margin."""
    from tests.ui.test_window import click_unit
    from viewer.render.palette import BY_HAND_HATCH

    window = snake.parent()
    doc, chart = window.document, snake.chart
    doc.swing(1.0)  # Wisconsin (Trump +0.86) goes to Harris by the swing
    window.whatif_action.setChecked(True)
    click_unit(qtbot, window, "PA")  # Pennsylvania (Trump +1.70) to Harris, by hand
    assert doc.scenario.winner("PA") == doc.scenario.winner("WI") == "DEM"
    qtbot.waitUntil(lambda: not snake.stale)
    assert window.canvas.map_figure.map.by_hand == ("PA",)  # what the map dots
    palette = chart.palette
    pa, wi, ga = (_segment(chart, u) for u in ("PA", "WI", "GA"))
    assert pa.get_hatch() == BY_HAND_HATCH
    assert to_rgb(pa.get_facecolor()) == pytest.approx(palette.by_hand("DEM"), abs=0.01)
    assert wi.get_hatch() is None and ga.get_hatch() is None
    assert to_rgb(wi.get_facecolor()) == pytest.approx(palette.shade("DEM", "tilt"), abs=0.01)
    # Drawn: dots in Pennsylvania's segment, none in Wisconsin's plain flip.
    assert _background_dots(snake, "PA") > 10
    assert _background_dots(snake, "WI") == 0
    assert snake.hover_text("PA").endswith("what-if: Harris, set by hand (dotted)")
    assert snake.hover_text("WI").endswith("what-if: Harris by 0.1 points after the swing")
    assert chart.by_hand == {"PA"}
    window.undo_action.trigger()  # the click undone: no dots left
    qtbot.waitUntil(lambda: not snake.stale)
    assert _segment(chart, "PA").get_hatch() is None and chart.by_hand == frozenset()
