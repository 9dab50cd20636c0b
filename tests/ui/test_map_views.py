"""View ▸ map styles in the window: tile map, shift map, dark mode, colour-blind palette,
arrow-key navigation, persistence, exports that follow the screen, and high DPI."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest
from matplotlib.colors import to_rgb
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from tests.conftest import REPO
from tests.ui.helpers import widget_point


def click_at(qtbot, window, x: float, y: float) -> None:
    qtbot.mouseClick(window.canvas, Qt.MouseButton.LeftButton,
                     pos=widget_point(window.canvas, x, y))


def redraw(window) -> None:
    window.canvas.draw()


def test_tile_map_click_selects_and_flips(qtbot, window):
    window.style_actions.tile_action.trigger()
    assert window.document.style.layout == "tiles"
    redraw(window)
    shapes = window.canvas.shapes
    assert len(shapes.units) == 56 and set(shapes.frame["kind"]) == {"tile"}
    x, y = shapes.place_of("RI")
    click_at(qtbot, window, x - 0.3, y - 0.3)  # off the label, inside the tile
    assert window.document.selected == "RI"
    # what-if clicks on tiles flip units exactly as on the geographic map
    window.whatif_action.setChecked(True)
    x, y = shapes.place_of("TX")
    click_at(qtbot, window, x - 0.3, y - 0.3)
    assert window.document.scenario.winner("TX") == "DEM"
    assert window.whatif_dock.edit.totals.text() == "Harris 266 · Trump 272"
    # and back to the geographic map, keeping the edit
    window.style_actions.tile_action.trigger()
    assert window.canvas.shapes is window.canvas.geo_shapes
    assert window.document.scenario.winner("TX") == "DEM"


def test_arrow_keys_walk_between_neighbours_and_enter_flips(qtbot, window):
    canvas = window.canvas
    canvas.setFocus()
    window.document.select("KS")
    qtbot.keyClick(canvas, Qt.Key.Key_Right)
    assert window.document.selected == "MO"
    qtbot.keyClick(canvas, Qt.Key.Key_Up)
    assert window.document.selected == "IA"
    assert "Iowa" in window.statusBar().currentMessage()
    window.whatif_action.setChecked(True)
    qtbot.keyClick(canvas, Qt.Key.Key_Return)
    assert window.document.scenario.winner("IA") == "DEM"
    assert window.whatif_dock.edit.totals.text() == "Harris 232 · Trump 306"


def test_shift_map_mode_from_the_toolbar(qtbot, window):
    window.style_actions.mode_actions["shift"].trigger()
    assert window.document.style.mode == "shift"
    assert len(window.canvas.map_figure.map.shift_arrows) == 56
    assert "Shift since 2020: 2.9 points toward Trump" in window.canvas.tooltip_text("PA")
    window.style_actions.mode_actions["winner"].trigger()
    assert window.canvas.map_figure.map.arrows == []
    mf = window.canvas.map_figure
    assert mf.map.face_color_of("PA") == mf.map.face_color_of("WY")


def test_dark_mode_paints_map_snake_and_widgets_dark(qtbot, window):
    from PySide6.QtGui import QPalette
    from PySide6.QtWidgets import QApplication

    actions = window.style_actions
    try:
        actions.appearance_actions["dark"].trigger()
        assert window.document.style.theme == "dark"
        redraw(window)
        image = window.canvas.grab().toImage()
        corner = image.pixelColor(4, 4)
        assert max(corner.red(), corner.green(), corner.blue()) < 60
        window.snake_dock.show()
        assert window.snake_dock.canvas.figure.get_facecolor()[:3] == pytest.approx(
            to_rgb(window.document.style.colors.background))
        window_color = QApplication.palette().color(QPalette.ColorRole.Window)
        assert window_color.lightness() < 80
    finally:
        actions.appearance_actions["system"].trigger()
    assert QApplication.palette().color(QPalette.ColorRole.Window).lightness() > 150


def test_colourblind_palette_reaches_the_map_and_the_export(qtbot, window, tmp_path):
    window.style_actions.colorblind_action.trigger()
    mf = window.canvas.map_figure
    assert mf.palette.name == "colorblind"
    assert mf.map.hatched_units("split") == 2
    out = tmp_path / "cb.png"
    assert window.exporter.export(out, size=(800, 500))
    image = QImage(str(out))
    # the bar's left end is the first candidate's colour-blind-safe blue
    c = image.pixelColor(40, 70)
    assert (c.red(), c.green(), c.blue()) == pytest.approx((0x00, 0x72, 0xB2), abs=8)


def test_map_style_is_remembered(qtbot, results_2024, shapes):
    from viewer.ui.document import ElectionDocument
    from viewer.ui.main_window import MainWindow

    first = MainWindow(ElectionDocument(results_2024), shapes)
    qtbot.addWidget(first)
    first.style_actions.mode_actions["shift"].trigger()
    first.style_actions.tile_action.trigger()
    first.style_actions.colorblind_action.trigger()
    first.close()
    second = MainWindow(ElectionDocument(results_2024), shapes)
    qtbot.addWidget(second)
    style = second.document.style
    assert (style.mode, style.layout, style.palette) == ("shift", "tiles", "colorblind")
    assert second.style_actions.tile_action.isChecked()
    assert second.canvas.shapes is not second.canvas.geo_shapes


def test_widgets_have_accessible_names(window):
    """Screen readers name every list, table, text, input and chart in the window."""
    from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
    from PySide6.QtWidgets import (
        QAbstractItemView,
        QAbstractSlider,
        QComboBox,
        QHeaderView,
        QLineEdit,
        QPlainTextEdit,
        QScrollBar,
        QTextEdit,
        QWidget,
    )

    def _inside_combo(widget: QWidget) -> bool:
        parent = widget.parent()
        while parent is not None:
            if isinstance(parent, QComboBox):
                return True
            parent = parent.parent()
        return False

    window.snake_dock.show()
    kinds = (QAbstractItemView, QLineEdit, QTextEdit, QPlainTextEdit, QAbstractSlider,
             QComboBox, FigureCanvasQTAgg)
    unnamed = []
    for widget in window.findChildren(QWidget):
        if not isinstance(widget, kinds) or isinstance(widget, QHeaderView):
            continue
        if isinstance(widget, QScrollBar) or _inside_combo(widget):
            continue  # scroll bars, and a combo box's own editor and popup, are named by Qt
        if not widget.accessibleName():
            unnamed.append(type(widget).__name__)
    assert unnamed == []
    assert window.canvas.accessibleName() == "Election map"
    for action in window.style_actions.mode_actions.values():
        assert action.shortcut().toString()  # each view has a key


@pytest.mark.skipif(sys.platform != "linux", reason="offscreen Qt platform")
def test_crisp_at_200_percent_scaling(tmp_path):
    """At 200% the canvas renders twice the pixels rather than scaling up a 1x image."""
    script = textwrap.dedent(f"""
        import sys
        from PySide6.QtCore import QSettings
        from PySide6.QtWidgets import QApplication
        app = QApplication([])
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                          {str(tmp_path)!r})
        from viewer.core.results import load_results
        from viewer.core.shapes import load_shapes
        from viewer.resources import default_results_path
        from viewer.ui.document import ElectionDocument
        from viewer.ui.main_window import MainWindow
        w = MainWindow(ElectionDocument(load_results(default_results_path())), load_shapes())
        w.resize(1000, 700)
        w.show()
        for _ in range(5):
            app.processEvents()
        c = w.canvas
        c.draw()
        buf = c.buffer_rgba()
        img = c.grab().toImage()
        # a flip repainted in boxes at 2x must match a full redraw at 2x
        import numpy as np
        doc = w.document
        doc.set_whatif(True)
        for unit in ("PA", "TX", "RI"):
            doc.cycle(unit)
            doc.select(unit)
            c.update_fast_now()
        fast = np.asarray(c.buffer_rgba()).astype(int)
        c.draw()
        full = np.asarray(c.buffer_rgba()).astype(int)
        differs = (np.abs(fast - full).max(axis=2) > 60).sum()
        print(c.devicePixelRatioF(), c.width(), c.height(), buf.shape[1], buf.shape[0],
              img.width(), img.height(), differs)
    """)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QT_SCALE_FACTOR": "2"}
    out = subprocess.run([sys.executable, "-c", script], cwd=REPO, env=env,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    ratio, w, h, buf_w, buf_h, img_w, img_h, differs = map(float, out.stdout.split()[-8:])
    assert ratio == 2.0
    assert (buf_w, buf_h) == (2 * w, 2 * h)  # matplotlib drew at device resolution
    assert (img_w, img_h) == (2 * w, 2 * h)
    # partial repaints land in the right place at 2x too: measured 0 pixels differ (of
    # 960 x 1258); 944 when the flipped units' labels are left out
    assert differs <= 20


def test_saved_view_builds_the_map_once(qtbot, results_2024, shapes):
    from viewer.ui.document import ElectionDocument
    from viewer.ui.main_window import MainWindow
    from viewer.ui.settings import app_settings

    s = app_settings()
    s.setValue("view/layout", "tiles")
    s.setValue("view/map_mode", "shift")
    s.sync()
    win = MainWindow(ElectionDocument(results_2024), shapes)
    qtbot.addWidget(win)
    figure = win.canvas.map_figure
    assert figure.style.layout == "tiles" and figure.style.mode == "shift"
    win.show()
    qtbot.waitExposed(win)
    assert win.canvas.map_figure is figure  # not rebuilt after the window came up


def test_box_labels_fit_their_boxes_in_a_narrow_window(qtbot, window):
    from matplotlib.transforms import Bbox

    window.resize(1200, 800)  # with both side docks open: the map gets about 500 px
    qtbot.wait(50)
    canvas = window.canvas
    canvas.draw()
    layer = canvas.map_figure.map
    renderer = canvas.get_renderer()
    frame = layer.shapes.frame
    checked = 0
    for i, label in layer.box_labels().items():
        text = label.get_window_extent(renderer)
        box = layer.ax.transData.transform_bbox(
            Bbox.from_extents(*frame.geometry.iloc[i].bounds))
        assert text.width <= box.width + 1, frame["unit"].iloc[i]
        checked += 1
    assert checked == 14  # nine small states and DC, and five districts


def test_hover_repaints_only_where_the_outline_moves(qtbot, window):
    """After flips (recoloured units drawn over the cached frame until the idle full
    redraw), moving the pointer from Ohio to Washington repaints those two units, not
    Texas and Florida as well."""
    from tests.ui.helpers import interior_point

    canvas = window.canvas
    canvas.draw()
    window.whatif_action.setChecked(True)
    for unit in ("TX", "FL"):
        window.document.cycle(unit)
    canvas.update_fast_now()
    assert canvas.map_figure.map.dirty_count == 2
    layer = canvas.map_figure.map
    far = [canvas.map_figure.map_ax.transData.transform_bbox(box)
           for u in ("TX", "FL") for box in layer._unit_bounds(u)]
    for unit in ("OH", "WA"):
        blits = canvas.blit_count
        qtbot.mouseMove(canvas, widget_point(canvas, *interior_point(canvas.shapes, unit)))
        qtbot.waitUntil(lambda u=unit, b=blits: layer.hovered == u and canvas.blit_count > b)
    assert canvas.map_figure.map.dirty_count == 2  # still drawn over the cached frame
    assert canvas.repainted_boxes
    assert not any(box.overlaps(f) for box in canvas.repainted_boxes for f in far)


def test_hover_outlines_the_unit_under_the_pointer(qtbot, window):
    from PySide6.QtCore import QPoint

    from tests.ui.helpers import interior_point

    canvas = window.canvas
    canvas.draw()
    qtbot.mouseMove(canvas, QPoint(3, 3))
    qtbot.wait(20)
    blits = canvas.blit_count
    qtbot.mouseMove(canvas, widget_point(canvas, *interior_point(canvas.shapes, "KS")))
    qtbot.waitUntil(lambda: canvas.map_figure.map.hovered == "KS"
                    and canvas.blit_count > blits)
    area = sum(b.width * b.height for b in canvas.repainted_boxes)
    assert 0 < area < 0.1 * canvas.figure.bbox.width * canvas.figure.bbox.height
    qtbot.mouseMove(canvas, QPoint(3, 3))  # off the map: the outline goes
    qtbot.waitUntil(lambda: canvas.map_figure.map.hovered is None)


def test_the_axes_under_the_pointer_are_found_as_matplotlib_finds_them(qtbot, window):
    """The canvas finds the axes under each mouse event from their boxes (matplotlib's own
    test costs ≈ 0.4 ms an event): the same axes at every point of the figure, its
    edges included."""
    from matplotlib.backend_bases import FigureCanvasBase

    canvas = window.canvas
    canvas.draw()
    box = canvas.figure.bbox
    xs = [box.x0 + box.width * i / 60 for i in range(61)]
    ys = [box.y0 + box.height * j / 40 for j in range(41)]
    edges = [(a.bbox.x0, a.bbox.y0) for a in canvas.figure.get_axes()]
    points = [(x, y) for x in xs for y in ys] + edges
    found = {canvas.inaxes(p) for p in points}
    assert {canvas.map_figure.map_ax, canvas.map_figure.bar_ax} <= found
    assert all(canvas.inaxes(p) is FigureCanvasBase.inaxes(canvas, p) for p in points)
