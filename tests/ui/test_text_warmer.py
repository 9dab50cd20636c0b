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


@pytest.mark.parametrize("ahead", [True, False], ids=["laid-out-ahead", "not-ahead"])
def test_a_replay_step_finds_the_counts_status_laid_out(qtbot, window, tmp_path,
                                                        monkeypatch, ahead: bool):  # type: ignore[no-untyped-def]
    """The replay moves the count to its next post's time, not to the count's next update:
    those strings are laid out ahead too (without the hint the step lays them out)."""
    from tests.ui.test_time_link import key, open_night_and_blog

    if not ahead:
        monkeypatch.setattr(type(window.canvas), "set_live_ahead", lambda self, times: None)
        window.live_results.ahead_sink = window.canvas.set_live_ahead
    live = open_night_and_blog(qtbot, window, tmp_path)
    canvas = window.canvas
    press_replay = window.replay.replay_action
    press_replay.setChecked(True)
    text_cache.clear()  # what opening the night drew is not counted as laid out ahead
    slider = window.replay.slider
    key(qtbot, slider, Qt.Key.Key_Right)  # 4 Nov 19:16
    status = canvas.map_figure.bar.status
    made = 0
    for k in (Qt.Key.Key_Right, Qt.Key.Key_Right, Qt.Key.Key_Left):  # 6 Nov 12:48, 14:00
        canvas.update_fast_now()
        qtbot.wait(200)
        qtbot.waitUntil(lambda: not canvas.text_warmer.busy, timeout=5000)
        before, shown = text_cache.freetype_layouts, status.get_text()
        key(qtbot, slider, k)
        canvas.update_fast_now()
        assert status.get_text() != shown
        assert f"As of {live.when:%d %b %H:%M} UTC" in status.get_text()
        made += text_cache.freetype_layouts - before
    if ahead:
        assert made == 0
    else:
        assert made >= 3  # each step's "As of … UTC" at least


@pytest.mark.parametrize("ahead", [True, False], ids=["worked-out-ahead", "not-ahead"])
def test_a_forecast_pick_finds_its_forecast_and_strings_ready(qtbot, window, monkeypatch,
                                                              ahead: bool):  # type: ignore[no-untyped-def]
    """While the window waits on the probability map, the next click's forecast of each
    unit is worked out and its odds, electoral votes and title laid out: the click then
    conditions nothing and lays out nothing, and shows the same numbers."""
    from tests.ui.test_forecast_tab import _forecast_mode
    from viewer.ui import forecast_controller

    if not ahead:
        window.canvas.text_warmer.more = None
    _forecast_mode(qtbot, window)
    # Only the map as it stands is laid out before the clicks, nothing drawn on the way
    text_cache.clear()
    window.canvas.draw()
    canvas, fc = window.canvas, window.forecast
    calls: list[dict[str, str]] = []
    real = forecast_controller.condition

    def counted(forecaster, picks, **kw):  # type: ignore[no-untyped-def]
        calls.append(dict(picks))
        return real(forecaster, picks, **kw)

    monkeypatch.setattr(forecast_controller, "condition", counted)
    for unit, party in (("PA", "DEM"), ("GA", "DEM"), ("GA", "REP"), ("MI", "DEM")):
        canvas.update_fast_now()
        qtbot.wait(200)  # a person's pause between two clicks
        qtbot.waitUntil(lambda: not canvas.text_warmer.busy, timeout=10_000)
        before, calls[:] = text_cache.freetype_layouts, []
        click(qtbot, window, unit)  # GA twice: Harris, then Trump
        canvas.update_fast_now()
        made = text_cache.freetype_layouts - before
        assert fc.picks.get(unit) == party and not fc.busy
        assert fc.forecaster is not None
        shown = canvas.map_figure.forecast
        full = fc.forecaster.condition(dict(fc.picks))  # the same numbers either way
        assert shown is not None and full.forecast is not None
        assert shown.win_probability == full.forecast.win_probability
        assert shown.unit_probability == full.forecast.unit_probability
        assert canvas.map_figure.title.get_text().endswith(
            f"{unit} {'Harris' if party == 'DEM' else 'Trump'}")
        if ahead:
            assert (calls, made) == ([], 0)
        else:
            assert calls and made >= 2  # conditioned, and at least the odds laid out
