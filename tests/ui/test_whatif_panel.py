"""The what-if panel: paths, swing, tipping point, scenario files, locks, codes, claims."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt

from tests.ui.test_window import click_unit


def test_battlegrounds_paths(qtbot, window):
    window.battlegrounds_action.trigger()
    tab = window.whatif_dock.paths
    window.whatif_dock.tabs.setCurrentWidget(tab)  # a hidden tab waits until it is shown
    text = tab.summary.text()
    assert "7 states and districts undecided: 128 possible outcomes" in text
    assert "Kamala Harris: 226 decided; wins 71 outcomes (55.5%)." in text
    assert "Donald Trump: 219 decided; wins 54 outcomes (42.2%)." in text
    assert "Pennsylvania + Georgia + North Carolina" in text and "269–269 ties: 3." in text
    assert tab.tree.topLevelItemCount() == 2  # PA (largest) first: to Harris / to Trump
    assert tab.tree.topLevelItem(0).text(0) == "Pennsylvania → Harris"
    tab.split_unit.setCurrentIndex(0)
    assert "…to Harris: Harris wins" in tab.split.text()
    assert window.whatif_dock.edit.totals.text() == "Harris 226 · Trump 219 · undecided 93"
    window.undo_action.trigger()
    assert "No state or district is undecided" in tab.summary.text()


def test_paths_tab_names_states_and_districts_never_codes(qtbot, window):
    """After a what-if with undecided states and districts, what the Paths tab lists says
    'Pennsylvania → Harris' and "Maine's 2nd district", never 'PA' or 'ME-2'."""
    import re

    from PySide6.QtWidgets import QTreeWidgetItemIterator

    from viewer.core.units import UNITS

    window.battlegrounds_action.trigger()  # seven states undecided
    window.whatif_action.setChecked(True)
    for unit in ("ME-2", "NE-2"):  # two clicks each: the other candidate, then undecided
        click_unit(qtbot, window, unit, kind="box")
        click_unit(qtbot, window, unit, kind="box")
    undecided = [u for u, w in window.document.scenario.winners().items() if w is None]
    assert sorted(undecided) == sorted(["AZ", "GA", "MI", "NV", "NC", "PA", "WI", "ME-2",
                                        "NE-2"])
    tab = window.whatif_dock.paths
    window.whatif_dock.show_tab(tab)
    tab.tree.expandAll()
    branches = []
    it = QTreeWidgetItemIterator(tab.tree)
    while it.value():
        branches.append(it.value().text(0))
        it += 1
    choices = [tab.split_unit.itemText(i) for i in range(tab.split_unit.count())]
    names = "|".join(re.escape(UNITS[u].name) for u in undecided)
    assert branches and all(re.fullmatch(f"({names}) → (Harris|Trump)", b) for b in branches)
    assert branches[0] == "Pennsylvania → Harris"
    assert "Maine's 2nd district (1) goes…" in choices
    assert "Nebraska's 2nd district (1) goes…" in choices
    assert "Maine's 2nd district → Trump" in branches
    assert "Nebraska's 2nd district → Harris" in branches
    summary = tab.summary.text()
    assert "Smallest ways to 270: Pennsylvania + Georgia + North Carolina;" in summary
    shown = "\n".join([summary, tab.split.text(), tab.tree_title.text(), *choices, *branches])
    alternatives = "|".join(re.escape(u) for u in undecided)
    codes = re.findall(rf"\b(?:{alternatives})\b", shown)
    assert codes == [], codes


def test_paths_on_1960_use_its_majority_and_names(qtbot, window):
    from viewer.core.history import Bundle
    from viewer.resources import data_dir

    window.open_results(Bundle(data_dir()).path(1960))
    window.document.set_undecided(["IL", "TX", "MO", "NJ", "CA"], "Close states")
    tab = window.whatif_dock.paths
    window.whatif_dock.tabs.setCurrentWidget(tab)
    text = tab.summary.text()
    assert "John F. Kennedy: 223 decided; wins 20 outcomes" in text
    assert "Smallest ways to 269: California + Illinois" in text
    assert "ties" not in text and "No majority: 6." in text  # Byrd's 15: no 2-way tie


def test_every_unit_undecided_stays_exact(qtbot, window):
    window.document.set_undecided(list(window.document.results.units), "All undecided")
    window.whatif_dock.tabs.setCurrentWidget(window.whatif_dock.paths)
    text = window.whatif_dock.paths.summary.text()
    assert "56 states and districts undecided: 72,057,594,037,927,936 possible outcomes" \
        in text
    assert "tree of paths is drawn for up to 9" in window.whatif_dock.paths.tree_title.text()


def test_swing_slider_and_tipping_point(qtbot, window):
    tab = window.whatif_dock.swing
    window.whatif_dock.show_tab(tab)
    assert "Tipping point: Pennsylvania, Trump +1.70" in tab.tipping.text()
    assert "Electoral College bias: 0.23 points toward Trump" in tab.tipping.text()
    assert "Kamala Harris needs a uniform swing of more than 1.70 points" in tab.needed.text()
    dock = window.whatif_dock  # the slider is dragged on the tab in front
    for step in range(1, 21):  # drag to +2.0 points in tenths
        tab.slider.setValue(step)
    assert "Pennsylvania (19)" in tab.flipped.text() and "Wisconsin (10)" in tab.flipped.text()
    assert window.document.undo_stack.count() == 1  # one drag, one undo step
    dock.show_tab(dock.edit)  # hidden during the drag, it catches up when shown
    assert dock.edit.totals.text() == "Harris 270 · Trump 268"
    window.undo_action.trigger()
    assert dock.edit.totals.text() == "Harris 226 · Trump 312"
    assert tab.slider.value() == 0  # the hidden slider follows the undo
    tab.set_points(-3)
    assert dock.edit.totals.text() == "Harris 222 · Trump 316"


def test_the_swing_needed_is_worked_out_when_the_tab_is_seen(qtbot, window, monkeypatch):
    """Years passed on the timeline with the Swing tab hidden cost no swing search; the
    tab shows the year in front when it is opened."""
    from viewer.ui.whatif import swing_tab

    searched: list[int | None] = []
    real = swing_tab.swing_to_win
    monkeypatch.setattr(swing_tab, "swing_to_win",
                        lambda results, party: searched.append(results.year)
                        or real(results, party))
    tab = window.whatif_dock.swing
    assert not tab.isVisible()
    for year in (2016, 2008, 2020):
        assert window.show_year(year)
    assert searched == []
    window.whatif_dock.show_tab(tab)
    assert searched == [2020]
    assert "Donald Trump needs a uniform swing of more than" in tab.needed.text()
    assert "Tipping point: Wisconsin" in tab.tipping.text()


def test_locked_unit_ignores_clicks_and_swing(qtbot, window):
    click_unit(qtbot, window, "PA")
    window.lock_action.trigger()
    assert window.document.scenario.is_locked("PA")
    window.whatif_action.setChecked(True)
    click_unit(qtbot, window, "PA")
    assert window.document.scenario.winner("PA") == "REP"
    window.whatif_dock.swing.set_points(3)
    assert window.document.scenario.winner("PA") == "REP"
    assert window.document.scenario.winner("MI") == "DEM"


def test_save_and_open_scenario(qtbot, window, tmp_path):
    window.whatif_action.setChecked(True)
    for unit in ("PA", "WI", "MI"):
        click_unit(qtbot, window, unit)
    assert window.isWindowModified()
    path = tmp_path / "blue-wall.json"
    assert window.files.write(path)
    assert not window.isWindowModified()
    assert window.windowTitle().startswith("blue-wall.json — ")
    saved = json.loads(path.read_text())
    assert saved["overrides"] == {"MI": "DEM", "PA": "DEM", "WI": "DEM"}
    window.files.new()
    assert window.whatif_dock.edit.totals.text() == "Harris 226 · Trump 312"
    assert window.files.open(path)
    assert window.whatif_dock.edit.totals.text() == "Harris 270 · Trump 268"
    assert str(path) in window.files.recent()
    assert not window.isWindowModified()


def test_corrupt_scenario_is_refused_and_nothing_lost(qtbot, window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    window.whatif_action.setChecked(True)
    click_unit(qtbot, window, "GA")
    bad = tmp_path / "torn.json"
    bad.write_text('{"format": "electoral-map/scenario", "version": 1, "overrides": {"PA": ')
    assert not window.files.open(bad)
    assert "torn.json" in shown[0] and "JSON" in shown[0]
    assert window.document.scenario.winner("GA") == "DEM"


def test_autosave_is_offered_back(qtbot, window, results_2024, shapes):
    from viewer.ui.document import ElectionDocument
    from viewer.ui.main_window import MainWindow

    window.whatif_action.setChecked(True)
    click_unit(qtbot, window, "NC")
    window.files.autosave_now()
    assert window.files.autosave_path().is_file()
    # A second window (as after a crash and a restart) finds the edits.
    again = MainWindow(ElectionDocument(results_2024), shapes)
    qtbot.addWidget(again)
    assert again.files.offer_recovery()
    assert again.document.scenario.winner("NC") == "DEM"
    assert again.isWindowModified()


def test_closing_with_unsaved_changes_asks(qtbot, window, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from viewer.ui.scenario_files import ScenarioFiles

    window.whatif_action.setChecked(True)
    click_unit(qtbot, window, "AZ")
    monkeypatch.setattr(ScenarioFiles, "ask_save_changes",
                        lambda self: QMessageBox.StandardButton.Cancel)
    assert not window.close()
    assert window.isVisible()
    # Answer "Discard" now, so the window really closes and covers no later test.
    monkeypatch.setattr(ScenarioFiles, "ask_save_changes",
                        lambda self: QMessageBox.StandardButton.Discard)
    assert window.close()


def test_scenario_code_round_trip(qtbot, window, results_2024, shapes):
    from viewer.ui.document import ElectionDocument
    from viewer.ui.main_window import MainWindow

    window.whatif_action.setChecked(True)
    for unit in ("PA", "NE-2"):
        click_unit(qtbot, window, unit, kind="box" if unit == "NE-2" else "state")
    code = window.whatif_dock.edit.copy_scenario_code()
    other = MainWindow(ElectionDocument(results_2024), shapes)
    qtbot.addWidget(other)
    assert other.whatif_dock.edit.apply_code(code)
    assert other.document.scenario.overrides == window.document.scenario.overrides


def test_import_claims_shows_the_comparison(qtbot, window, shared_dir):
    seed = next((shared_dir / "seeds").glob("002_*.txt"))
    assert window.files.import_claims(seed)
    assert window.whatif_dock.edit.totals.text() == "Harris 303 · Trump 235"
    compare = window.whatif_dock.compare
    assert window.whatif_dock.tabs.currentWidget().widget() is compare
    assert compare.table.rowCount() == 6  # no district contradictions the seed never made
    assert "differs from the official results in 6 states and districts" in compare.summary.text()
    assert window.document.results.winners["AZ"] == "REP"


def test_snake_chart_click_selects(qtbot, window):
    window.snake_dock.show()
    chart = window.snake_dock.chart
    assert chart.tipping == "PA"
    assert chart.order[0] == "DC" and chart.order[-1] == "NE-3"  # safest D .. safest R (+53.6)
    canvas = window.snake_dock.canvas
    canvas.draw()
    x = chart.start_of("TX") + 20
    dx, dy = chart.ax.transData.transform((x, 0.5))
    ratio = canvas.device_pixel_ratio
    from PySide6.QtCore import QPoint

    pos = QPoint(round(dx / ratio), round((canvas.figure.bbox.height - dy) / ratio))
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=pos)
    assert window.document.selected == "TX"


def test_hidden_tabs_catch_up_when_shown(qtbot, window):
    """Paths and Compare skip work while hidden, and are current the moment they show."""
    dock = window.whatif_dock
    dock.tabs.setCurrentIndex(0)  # Edit in front; Paths and Compare hidden
    window.whatif_action.setChecked(True)
    for unit in ("PA", "GA"):
        window.on_unit_clicked(unit)  # flipped to Harris
    window.document.set_undecided(["NV", "AZ"], "Two undecided")
    assert dock.paths.stale and dock.compare.stale
    dock.tabs.setCurrentWidget(dock.paths)
    assert "2 states and districts undecided: 4 possible outcomes" in dock.paths.summary.text()
    dock.tabs.setCurrentIndex(3)
    assert dock.compare.table.rowCount() == 4
    assert not dock.compare.stale


def test_edit_tab_fits_its_dock_whatever_is_selected(qtbot, window):
    """A long unit name must not widen the panel past its dock (no sideways scrolling)."""
    from viewer.core.units import UNITS

    edit = window.whatif_dock.edit
    window.whatif_action.setChecked(True)
    for unit in ("NE-2", "DC", "MA"):
        window.on_unit_clicked(unit)  # selected and flipped: the undo text names it
        assert edit.lock.text() == f"Lock {UNITS[unit].name}"
        assert edit.minimumSizeHint().width() <= 340, unit
    assert "Massachusetts" in window.undo_action.text()
    assert "Massachusetts" in edit.lock.toolTip()
