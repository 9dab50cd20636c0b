"""One refresh per action: a click, an undo, loading a scenario and a swing step rebuild each
view on screen at most once, and a hidden view not at all until it is shown. Counted by
wrapping each view's rebuild before the window is made (its signals bind to the wrappers)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable

import pytest
from matplotlib.figure import Figure
from PySide6.QtCore import Qt

from tests.ui.helpers import interior_point, open_window, widget_point

HIDDEN_AT_START = ("swing", "paths", "compare", "snake")  # tabs behind Edit; closed dock


@pytest.fixture
def counted(qtbot, monkeypatch, results_2024, shapes):
    from viewer.ui.docks.details_dock import DetailsDock
    from viewer.ui.docks.snake_dock import SnakeDock
    from viewer.ui.map_canvas import MapCanvas
    from viewer.ui.models.events_model import EventsFilterProxy
    from viewer.ui.whatif.compare_tab import CompareTab
    from viewer.ui.whatif.edit_tab import EditTab
    from viewer.ui.whatif.paths_tab import PathsTab
    from viewer.ui.whatif.swing_tab import SwingTab

    counts: Counter[str] = Counter()

    def count(cls: type, name: str, key: str) -> None:
        original = getattr(cls, name)

        def counting(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            counts[key] += 1
            return original(self, *args, **kwargs)

        monkeypatch.setattr(cls, name, counting)

    count(DetailsDock, "show_unit", "details")
    for cls, key in ((EditTab, "edit"), (SwingTab, "swing"), (PathsTab, "paths"),
                     (CompareTab, "compare"), (SnakeDock, "snake")):
        count(cls, "refresh", key)
    count(MapCanvas, "_update_fast_now", "map repaint")
    count(EventsFilterProxy, "beginFilterChange", "events filter")
    count(Figure, "pick", "figure pick")
    window = open_window(qtbot, results_2024, shapes)
    document = window.document
    window.canvas.draw()
    document.scenario_changed.connect(lambda _units: counts.update(["scenario_changed"]))
    assert window.details_dock.isVisible() and window.whatif_dock.edit.isVisible()
    return window, counts


def act(qtbot, counts: Counter[str], action: Callable[[], object]) -> Counter[str]:
    """The counts of one action, with the repaint it asked for done."""
    counts.clear()
    action()
    qtbot.wait(20)  # the idle redraw waits 700 ms
    return Counter(counts)


def click(qtbot, window, unit: str) -> None:
    pos = widget_point(window.canvas, *interior_point(window.canvas.shapes, unit))
    qtbot.mouseClick(window.canvas, Qt.MouseButton.LeftButton, pos=pos)


def scenario_file(tmp_path, overrides: dict[str, str], locked: list[str]) -> object:
    path = tmp_path / "scenario.json"
    path.write_text(json.dumps({"format": "electoral-map/scenario", "version": 1,
                                "title": "Counted", "overrides": overrides,
                                "locked": locked}))
    return path


def assert_hidden_untouched(counts: Counter[str], hidden: tuple[str, ...]) -> None:
    assert {key: counts[key] for key in hidden} == dict.fromkeys(hidden, 0)


def test_a_whatif_click_refreshes_each_view_once(qtbot, counted):
    window, counts = counted
    window.whatif_action.setChecked(True)
    first = act(qtbot, counts, lambda: click(qtbot, window, "PA"))  # flips and selects
    assert window.document.scenario.winner("PA") == "DEM"
    assert first["details"] == first["edit"] == first["scenario_changed"] == 1
    assert first["map repaint"] <= 1
    assert first["events filter"] == 1  # the list now follows Pennsylvania
    assert first["figure pick"] == 0  # no walk over every artist for pick events
    assert_hidden_untouched(first, HIDDEN_AT_START)
    again = act(qtbot, counts, lambda: click(qtbot, window, "PA"))  # same unit: a flip only
    assert window.document.scenario.winner("PA") is None
    assert again["details"] == again["edit"] == again["scenario_changed"] == 1
    assert again["events filter"] == 0  # the unit did not change
    assert_hidden_untouched(again, HIDDEN_AT_START)


def test_loading_and_undoing_a_scenario_refresh_each_view_once(qtbot, counted, tmp_path):
    window, counts = counted
    window.document.select("PA")  # the details show a unit the file changes
    path = scenario_file(tmp_path, {"PA": "DEM", "WI": "DEM"}, ["TX"])
    loaded = act(qtbot, counts, lambda: window.files.open(path))
    assert window.whatif_dock.edit.totals.text() == "Harris 255 · Trump 283"
    assert loaded["details"] == loaded["edit"] == loaded["scenario_changed"] == 1
    assert loaded["map repaint"] <= 1
    assert_hidden_untouched(loaded, HIDDEN_AT_START)
    undone = act(qtbot, counts, lambda: qtbot.keyClick(window, Qt.Key.Key_Z,
                                                       Qt.KeyboardModifier.ControlModifier))
    assert window.whatif_dock.edit.totals.text() == "Harris 226 · Trump 312"
    assert not window.document.scenario.locked
    assert undone["details"] == undone["edit"] == undone["scenario_changed"] == 1
    assert undone["map repaint"] <= 1
    assert_hidden_untouched(undone, HIDDEN_AT_START)


def test_a_swing_step_refreshes_the_swing_tab_only_once(qtbot, counted):
    window, counts = counted
    dock = window.whatif_dock
    window.document.select("PA")
    dock.show_tab(dock.swing)
    counts.clear()
    hidden = ("edit", "paths", "compare", "snake")
    # Tenths of a point toward Harris: nothing flips, then Wisconsin, then Pennsylvania.
    for value, flips in ((1, False), (2, False), (9, True), (18, True)):
        step = act(qtbot, counts, lambda v=value: dock.swing.slider.setValue(v))
        assert step["swing"] == 1
        assert step["scenario_changed"] == flips
        assert step["details"] == (value == 18)  # PA's page: when PA flips
        assert step["map repaint"] <= 1
        assert_hidden_untouched(step, hidden)
    shown = act(qtbot, counts, lambda: dock.show_tab(dock.edit))
    assert shown["edit"] == 1 and shown["swing"] == 0  # caught up once, when shown
    assert dock.edit.totals.text() == "Harris 270 · Trump 268"


def test_a_click_paints_the_map_before_the_panels_update(qtbot, counted):
    """The map is where a click is looked for: its repaint is on the widget before the
    panels (details, edit tab, table) hear of the action and lay out their widgets, which
    Qt would otherwise paint first, in the same repaint."""
    window, _counts = counted
    canvas = window.canvas
    window.whatif_action.setChecked(True)
    qtbot.wait(20)
    blits_when_told: list[int] = []
    window.document.changed.connect(lambda _c: blits_when_told.append(canvas.blit_count))
    before = canvas.blit_count
    click(qtbot, window, "PA")  # no event loop turn in between
    assert window.document.scenario.winner("PA") == "DEM"
    assert blits_when_told and blits_when_told[0] == before + 1
    assert window.details_dock.heading.text().startswith("Pennsylvania")  # told at once
