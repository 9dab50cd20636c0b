"""Table view, keyboard access and exports."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage

from viewer.ui.models.units_model import UNIT_ROLE, UnitsModel


def test_table_sorts_filters_and_links_selection(qtbot, window):
    window.table_dock.show()
    dock = window.table_dock
    assert dock.proxy.rowCount() == 56
    dock.view.sortByColumn(UnitsModel.MARGIN, Qt.SortOrder.AscendingOrder)
    first = dock.proxy.index(0, 0).data(UNIT_ROLE)
    assert first == "NE-3"  # the largest Republican margin
    dock.view.sortByColumn(UnitsModel.EV, Qt.SortOrder.DescendingOrder)
    assert dock.proxy.index(0, 0).data(UNIT_ROLE) == "CA"
    qtbot.keyClicks(dock.filter, "penn")
    assert dock.proxy.rowCount() == 1
    dock.view.setCurrentIndex(dock.proxy.index(0, 0))
    assert window.document.selected == "PA"
    assert window.canvas.map_figure.map.selected == "PA"
    dock.filter.clear()
    window.document.select("TX")  # a click on the map selects the row
    assert dock.view.currentIndex().data(UNIT_ROLE) == "TX"
    row = {dock.proxy.headerData(c, Qt.Orientation.Horizontal):
           dock.proxy.index(dock.view.currentIndex().row(), c).data() for c in range(13)}
    assert row["EV"] == "40" and row["Winner"] == "Trump" and row["Margin"].startswith("Trump +13")
    assert row["Trump votes"] == "6,393,597" and row["2020 winner"] == "Trump"


def test_keyboard_only_flip(qtbot, window):
    window.picker.focus_action.trigger()
    assert window.picker.go_to("wiscon") == "WI"
    assert window.document.selected == "WI"
    window.canvas.setFocus()
    window.whatif_action.setChecked(True)
    qtbot.keyClick(window.canvas, Qt.Key.Key_Space)
    assert window.document.scenario.winner("WI") == "DEM"
    assert window.whatif_dock.edit.totals.text() == "Harris 236 · Trump 302"


def test_export_at_2x_and_copy(qtbot, window, tmp_path):
    one, two = tmp_path / "1x.png", tmp_path / "2x.png"
    assert window.exporter.export(one, size=(800, 500))
    assert window.exporter.export(two, size=(800, 500), scale=2.0)
    assert QImage(str(one)).size().width() == 800
    assert QImage(str(two)).size().width() == 1600
    image = window.exporter.copy(size=(800, 500))
    assert not image.isNull()
    assert QGuiApplication.clipboard().image().width() == 800


def test_export_menu_item_writes_the_map_at_its_size(qtbot, window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    out = tmp_path / "menu"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    window.export_action.trigger()  # its `checked` argument is not taken for a scale
    assert QImage(str(out.with_suffix(".png"))).size().width() == 1600
    assert window.statusBar().currentMessage().startswith("Exported")


def test_shortcut_sheet_and_about(qtbot, window):
    from viewer.ui.shortcuts_dialog import ShortcutsDialog, shortcut_rows

    rows = shortcut_rows(window.menuBar())
    actions = {action: keys for _menu, action, keys in rows}
    assert actions["What-if mode"] == "Ctrl+M" and actions["Replay the night"] == "Ctrl+T"
    assert "Ctrl+Z" in actions["Undo"] and actions["Go to state…"] == "Ctrl+K"
    dialog = ShortcutsDialog(window.menuBar(), window)
    qtbot.addWidget(dialog)
    keys = [dialog.table.item(r, 2).text() for r in range(dialog.table.rowCount())]
    # every menu shortcut, then the map's own keys (Space flips, Shift+arrows pan)
    assert keys[:len(rows)] == [k for _m, _a, k in rows]
    assert "Space" in keys and "Shift+Arrow keys" in keys
    about = window.about_text()
    assert "PySide6 6.11.3" in about and "Census Bureau" in about and "2024" in about


def test_dark_theme_check_boxes_can_be_seen(qtbot, window):
    """An empty check box in the dark theme drew its outline darker than the window:
    'Lock Pennsylvania' read as a bare label. Its box must reach 3:1 (WCAG, non-text)."""
    from PySide6.QtWidgets import QStyle, QStyleOptionButton

    from viewer.render.contrast import contrast_ratio

    window.style_actions.appearance_actions["dark"].trigger()
    box = window.whatif_dock.edit.lock
    window.whatif_dock.show_tab(window.whatif_dock.edit)
    window.document.select("PA")
    qtbot.waitUntil(box.isVisible)
    assert box.isEnabled() and not box.isChecked()
    option = QStyleOptionButton()
    box.initStyleOption(option)
    rect = box.style().subElementRect(QStyle.SubElement.SE_CheckBoxIndicator, option, box)
    image = box.grab().toImage()
    ratio = image.devicePixelRatio()
    background = box.palette().window().color()
    back = (background.redF(), background.greenF(), background.blueF())
    best = 0.0
    for x in range(int(rect.left() * ratio), int((rect.right() + 1) * ratio)):
        for y in range(int(rect.top() * ratio), int((rect.bottom() + 1) * ratio)):
            c = image.pixelColor(x, y)
            best = max(best, contrast_ratio((c.redF(), c.greenF(), c.blueF()), back))
    assert best >= 3.0, best
