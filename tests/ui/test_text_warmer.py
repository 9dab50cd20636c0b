"""A what-if click draws no string FreeType has not laid out yet: the new totals and the
title's count were laid out while the window waited (a third of a click's time on a slow
machine). What the click shows is unchanged; only when its strings were made."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.ui.helpers import interior_point, open_window, widget_point
from viewer.render import text_cache


def click(qtbot, window, unit: str) -> None:
    pos = widget_point(window.canvas, *interior_point(window.canvas.shapes, unit))
    qtbot.mouseClick(window.canvas, Qt.MouseButton.LeftButton, pos=pos)


@pytest.mark.parametrize("ahead", [True, False], ids=["laid-out-ahead", "not-ahead"])
def test_a_click_finds_its_totals_and_title_laid_out(qtbot, results_2024, shapes,
                                                     monkeypatch, ahead: bool):
    from viewer.ui.text_warmer import TextWarmer

    if not ahead:  # the check below sees the layouts a click makes without the warmer
        monkeypatch.setattr(TextWarmer, "schedule", lambda self: None)
    text_cache.clear()  # no string from an earlier test in this process
    window = open_window(qtbot, results_2024, shapes)
    canvas = window.canvas
    canvas.draw()
    window.whatif_action.setChecked(True)
    warmer = canvas.text_warmer
    click(qtbot, window, "PA")
    qtbot.wait(200)  # a person's pause between two clicks
    qtbot.waitUntil(lambda: not warmer.busy, timeout=5000)
    bar = canvas.map_figure.bar
    assert bar.left_label.get_text().endswith("  245")  # Harris 226 + Pennsylvania 19
    before, blits = text_cache.freetype_layouts, canvas.blit_count
    click(qtbot, window, "GA")  # 16 more: strings never drawn in this window
    assert canvas.blit_count == blits + 1  # the click's repaint is done
    assert bar.left_label.get_text().endswith("  261")
    assert bar.right_label.get_text().startswith("277  ")
    assert canvas.map_figure.title.get_text().endswith("with 2 changed")
    made = text_cache.freetype_layouts - before
    if ahead:
        assert made == 0
        assert warmer.laid_out > 0
    else:
        assert made >= 3  # the two totals and the title


def test_a_swing_step_finds_its_caption_laid_out(qtbot, results_2024, shapes):
    text_cache.clear()
    window = open_window(qtbot, results_2024, shapes)
    canvas = window.canvas
    canvas.draw()
    window.whatif_dock.show()
    window.whatif_dock.tabs.setCurrentIndex(2)  # the Swing tab
    slider = window.whatif_dock.swing.slider
    slider.setFocus()
    qtbot.keyClick(slider, Qt.Key.Key_PageUp)  # a point toward Harris
    qtbot.wait(200)
    qtbot.waitUntil(lambda: not canvas.text_warmer.busy, timeout=5000)
    for key, points in ((Qt.Key.Key_Right, "1.1"), (Qt.Key.Key_PageDown, "0.1")):
        before = text_cache.freetype_layouts
        qtbot.keyClick(slider, key)
        assert canvas.map_figure.caption.get_text().endswith(
            f"swing of {points} points toward Harris")
        assert text_cache.freetype_layouts == before
        qtbot.wait(200)
        qtbot.waitUntil(lambda: not canvas.text_warmer.busy, timeout=5000)


def test_a_live_time_step_finds_its_status_laid_out(qtbot, window):  # type: ignore[no-untyped-def]
    from tests.ui.test_menu_actions import press

    text_cache.clear()
    press(qtbot, window, "File > 2020 count as it came in")
    canvas, live = window.canvas, window.live_results
    slider = live.bar.slider
    slider.setFocus()
    qtbot.wait(200)
    qtbot.waitUntil(lambda: not canvas.text_warmer.busy, timeout=5000)
    status = canvas.map_figure.bar.status
    for key in (Qt.Key.Key_Right, Qt.Key.Key_Right, Qt.Key.Key_Left):
        before, shown = text_cache.freetype_layouts, status.get_text()
        qtbot.keyClick(slider, key)
        canvas.update_fast_now()
        assert status.get_text() != shown  # "As of 04 Nov 10:21 UTC: N results to go"
        assert text_cache.freetype_layouts == before
        qtbot.wait(200)
        qtbot.waitUntil(lambda: not canvas.text_warmer.busy, timeout=5000)


def test_moving_the_pointer_while_strings_are_laid_out_does_not_lose_them(
        qtbot, results_2024, shapes, monkeypatch):
    """A person moves the mouse right after a click: each hover repaint starts the
    warmer's wait again, and the strings not laid out yet are still laid out after it."""
    from viewer.ui import text_warmer

    monkeypatch.setattr(text_warmer, "SLICE_S", 0.0005)  # about a string per turn
    text_cache.clear()
    window = open_window(qtbot, results_2024, shapes)
    canvas = window.canvas
    canvas.draw()
    window.whatif_action.setChecked(True)
    warmer = canvas.text_warmer
    click(qtbot, window, "PA")
    qtbot.waitUntil(lambda: warmer.laid_out > 0 and warmer.busy, timeout=5000)
    qtbot.mouseMove(canvas, widget_point(canvas, *interior_point(canvas.shapes, "OH")))
    qtbot.waitUntil(lambda: canvas.map_figure.map.hovered == "OH", timeout=5000)
    qtbot.wait(200)
    qtbot.waitUntil(lambda: not warmer.busy, timeout=10000)
    before = text_cache.freetype_layouts
    click(qtbot, window, "GA")
    assert canvas.map_figure.bar.left_label.get_text().endswith("  261")
    assert text_cache.freetype_layouts == before
