"""The matplotlib canvas in the window's centre: hosts the shared MapFigure, turns
mouse moves into tooltips, clicks into unit signals and arrow keys into moves between
neighbouring units, and redraws only on request."""

from __future__ import annotations

from matplotlib.backend_bases import FigureCanvasBase, MouseEvent
from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from matplotlib.transforms import Bbox
from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QCursor, QKeyEvent
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from viewer.core.electoral import format_margin
from viewer.core.shapes import MapShapes
from viewer.core.units import UNITS
from viewer.render.damage import DamageTracker
from viewer.render.map_figure import MapFigure
from viewer.render.style import MapStyle
from viewer.ui.document import ElectionDocument

ARROWS = {Qt.Key.Key_Left: (-1, 0), Qt.Key.Key_Right: (1, 0), Qt.Key.Key_Up: (0, 1),
          Qt.Key.Key_Down: (0, -1)}


def drop_pick_events(canvas: FigureCanvasBase) -> None:
    """Stop the figure's pick pass: on every press and scroll matplotlib walks all its
    artists for pick events, and nothing here listens to them (clicks are hit-tested
    against the shapes)."""
    canvas.mpl_disconnect(canvas.button_pick_id)
    canvas.mpl_disconnect(canvas.scroll_pick_id)


class MapCanvas(FigureCanvasQTAgg):
    unit_clicked = Signal(str)
    unit_hovered = Signal(object)  # unit code or None
    painted = Signal()

    def __init__(self, document: ElectionDocument, shapes: MapShapes,
                 parent: QWidget | None = None) -> None:
        fig = Figure(figsize=(12, 7.5), dpi=100)
        super().__init__(fig)
        drop_pick_events(self)
        self.setParent(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(480, 320)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # arrow keys move the selection
        self.setAccessibleName("Election map")
        self.setAccessibleDescription("Click a unit for its details; arrow keys move to a "
                                      "neighbouring unit; Space flips it in what-if mode.")
        self.document = document
        self.geo_shapes = shapes
        self._tiles: MapShapes | None = None
        self.draw_count = 0  # full redraws
        self.blit_count = 0  # fast updates over the cached frame
        self.map_figure = MapFigure(fig, self.shapes, document.scenario, style=document.style)
        self.map_figure.set_live(True)
        self._damage = self._tracker()
        self.repainted_boxes: list[Bbox] = []
        self._background: object | None = None
        # After a burst of edits, fold the overlay into a fresh full frame while idle.
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(700)
        self._settle.timeout.connect(self._settle_frame)
        # Several changes from one user action (edit + selection) make one repaint.
        self._fast = QTimer(self)
        self._fast.setSingleShot(True)
        self._fast.setInterval(0)
        self._fast.timeout.connect(self._update_fast_now)
        self._hover: str | None = None
        self.mpl_connect("motion_notify_event", self._on_motion)
        self.mpl_connect("button_press_event", self._on_press)
        self.mpl_connect("figure_leave_event", lambda _e: self._set_hover(None, None))
        document.scenario_changed.connect(self._on_scenario_changed)
        document.results_replaced.connect(self._rebuild)
        document.selection_changed.connect(self._on_selection)
        document.highlight_changed.connect(self._on_highlight)
        document.as_of_changed.connect(self._on_as_of)
        document.style_changed.connect(self._on_style)

    @property
    def shapes(self) -> MapShapes:
        """The geometry in use: the geographic map, or the tile map (built on first use)."""
        if self.document.style.layout != "tiles":
            return self.geo_shapes
        if self._tiles is None:
            from viewer.core.tiles import tile_shapes

            self._tiles = tile_shapes()
        return self._tiles

    # -- drawing --------------------------------------------------------------------
    def draw(self) -> None:
        """Full redraw: the static map is cached, then the changing artists go on top."""
        self.map_figure.map.mark_clean()
        self.map_figure.fit()
        super().draw()
        self._background = self.copy_from_bbox(self.figure.bbox)
        self._draw_dynamic()
        self._damage.reset()
        self.draw_count += 1

    def _tracker(self) -> DamageTracker:
        return DamageTracker(self.map_figure.live_parts(), lambda: self.figure.bbox)

    def _draw_dynamic(self) -> None:
        for artist in self.map_figure.dynamic_artists():
            self.figure.draw_artist(artist)  # type: ignore[arg-type]

    def update_fast(self) -> None:
        """Ask for a repaint of what changed, once the current event is handled."""
        self._fast.start()

    def update_fast_now(self) -> None:
        """Repaint what changed now, not once the current event is handled."""
        self._fast.stop()
        self._update_fast_now()

    def _update_fast_now(self) -> None:
        """Repaint what changed over the cached frame; fall back to a full draw."""
        if self._background is None:
            self.draw_idle()
            return
        boxes, parts = self._damage.plan()
        renderer = self.get_renderer()
        height = renderer.height
        for box in boxes:
            # Agg counts rows from the top here; xy is where the saved region (the whole
            # figure) has its corner, so the box comes back in place.
            x0, y0, x1, y1 = box.extents
            renderer.restore_region(self._background, bbox=(x0, height - y1, x1, height - y0),
                                    xy=(0, 0))
        for part in parts:
            for artist in part.artists():
                self.figure.draw_artist(artist)  # type: ignore[arg-type]
        for box in boxes:
            self.blit(box)
        self.blit_count += 1
        self.repainted_boxes = boxes
        if self.map_figure.map.dirty_count:
            self._settle.start()

    def resizeEvent(self, event: object) -> None:
        # The cached frame has the old size: nothing may be restored from it any more.
        self._background = None
        super().resizeEvent(event)  # type: ignore[arg-type]

    def _settle_frame(self) -> None:
        if self.map_figure.map.dirty_count:
            self.draw_idle()

    def paintEvent(self, event: object) -> None:
        super().paintEvent(event)  # type: ignore[arg-type]
        self.painted.emit()

    def _on_scenario_changed(self, units: list[str]) -> None:
        self.map_figure.scenario = self.document.scenario
        if self.document.as_of is not None:
            return  # the replay shows calls, not the scenario; it repaints on leaving
        self.map_figure.update(units)
        self.update_fast()

    def _on_as_of(self, when: object) -> None:
        from viewer.ui.replay_bar import as_of_text

        doc = self.document
        replaying = when is not None
        self.map_figure.shown_winners = doc.display_winners() if replaying else None
        self.map_figure.subtitle = as_of_text(doc.as_of) if replaying else ""
        self.map_figure.update()
        self.update_fast()

    def _rebuild(self) -> None:
        doc = self.document
        fig = self.figure
        fig.clear()
        self._background = None
        self.map_figure = MapFigure(fig, self.shapes, doc.scenario, style=doc.style)
        self.map_figure.set_live(True)
        self._damage = self._tracker()
        if doc.as_of is not None:  # keep showing the replay's calls
            self._on_as_of(doc.as_of)
        self.map_figure.map.set_selection(doc.selected)
        self.map_figure.map.set_highlight(doc.highlighted)
        self._hover = None  # the new figure has no outline under the pointer yet
        self.draw_idle()

    def _on_style(self, _style: MapStyle) -> None:
        self._set_hover(None, None)
        self._rebuild()

    def _on_selection(self, unit: str | None) -> None:
        self.map_figure.map.set_selection(unit)
        self.update_fast()

    def _on_highlight(self, units: tuple[str, ...]) -> None:
        self.map_figure.map.set_highlight(units)
        self.update_fast()

    # -- mouse ----------------------------------------------------------------------
    def unit_at_event(self, event: MouseEvent) -> str | None:
        if event.inaxes is not self.map_figure.map_ax or event.xdata is None:
            return None
        return self.map_figure.map.unit_at(event.xdata, event.ydata)

    def _on_motion(self, event: MouseEvent) -> None:
        self._set_hover(self.unit_at_event(event), event)

    def _set_hover(self, unit: str | None, event: MouseEvent | None) -> None:
        if unit == self._hover:
            return
        self._hover = unit
        self.map_figure.map.set_hover(unit)
        self.update_fast()
        self.unit_hovered.emit(unit)
        if unit is None:
            QToolTip.hideText()
            self.unsetCursor()
            return
        from PySide6.QtCore import Qt

        self.setCursor(Qt.CursorShape.PointingHandCursor)
        QToolTip.showText(QCursor.pos() + QPoint(12, 12), self.tooltip_text(unit), self)

    def tooltip_text(self, unit: str) -> str:
        doc = self.document
        results = doc.results
        name = UNITS[unit].name + (" (at large)" if unit in ("ME", "NE") else "")
        ev = results.electoral_votes[unit]
        winner = (doc.display_winners()[unit] if doc.as_of is not None
                  else doc.scenario.winner(unit))
        who = (results.candidate(winner).name if winner else
               "Not called yet" if doc.as_of is not None else "Undecided")
        lines = [f"{name}", f"{ev} electoral vote{'s' if ev != 1 else ''}", f"Winner: {who}"]
        if doc.scenario.is_changed(unit):
            official = results.units[unit].winner
            lines.append("What-if change (official: "
                         f"{results.candidate(official).name if official else 'undecided'})")
        else:
            lines.append(f"Margin: {format_margin(results.margin(unit), results)}")
        swing, prev = results.swing(unit), results.previous
        if swing is not None and prev is not None and doc.style.mode == "shift":
            toward = results.candidate(results.axis[0 if swing > 0 else 1]).surname
            lines.append(f"Shift since {prev.year}: {abs(swing):.1f} points toward {toward}")
        return "\n".join(lines)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        doc = self.document
        key = Qt.Key(event.key())
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and doc.selected is not None:
            self.unit_clicked.emit(doc.selected)  # as a click: flips it in what-if mode
            event.accept()
            return
        step = ARROWS.get(key)
        if step is None or event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            super().keyPressEvent(event)
            return
        if doc.selected is None:
            target: str | None = "KS"  # start in the middle of the map
        else:
            target = self.shapes.neighbour(doc.selected, *step)
        if target is not None:
            doc.select(target)
            self.unit_hovered.emit(target)  # the status line names where the keys went
        event.accept()

    def _on_press(self, event: MouseEvent) -> None:
        if event.button != 1:
            return
        unit = self.unit_at_event(event)
        if unit is not None:
            self.unit_clicked.emit(unit)
