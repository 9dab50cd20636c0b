"""The snake chart in a dock: units ordered by margin; hovering a segment names the unit,
its electoral votes and its margin (and how a what-if winner came: by hand, dotted, or by
the swing), clicking it selects the unit."""

from __future__ import annotations

from matplotlib.backend_bases import Event, MouseEvent
from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import QDockWidget, QToolTip, QWidget

from viewer.render.palette import Palette
from viewer.render.snake import SnakeChart, segment_text
from viewer.ui.document import Change, ElectionDocument
from viewer.ui.map_canvas import drop_pick_events
from viewer.ui.when_shown import RefreshWhenShown

MIN_HEIGHT = 110  # pixels: the strip, its labels, the tipping point and the 270 mark


class SnakeDock(RefreshWhenShown, QDockWidget):
    def __init__(self, document: ElectionDocument, parent: QWidget | None = None) -> None:
        super().__init__("Snake chart", parent)
        self.setObjectName("SnakeDock")
        self.document = document
        fig = Figure(figsize=(8, 1.4), dpi=100)  # its size hint: 140 pixels high
        self.canvas = FigureCanvasQTAgg(fig)
        drop_pick_events(self.canvas)  # a press finds its segment itself (unit_at)
        self.canvas.setAccessibleName("Snake chart: units ordered by margin")
        self.canvas.setAccessibleDescription(
            "Hover a segment for its unit, electoral votes and margin; click it to select "
            "the unit.")
        self.canvas.setMinimumHeight(MIN_HEIGHT)
        self.canvas.setMouseTracking(True)
        ax = fig.add_axes((0.01, 0.0, 0.98, 1.0))
        self.chart = SnakeChart(ax, self._palette())
        self.canvas.mpl_connect("button_press_event", self._on_press)
        self.canvas.mpl_connect("motion_notify_event", self._on_motion)
        self.canvas.mpl_connect("figure_leave_event", lambda _e: self._set_hover(None))
        self.canvas.mpl_connect("resize_event", self._on_resize)
        self.setWidget(self.canvas)
        document.changed.connect(self._on_changed)
        self._on_results()

    def _palette(self) -> Palette:
        # The snake is about margins whatever the map shows; theme and colours follow it.
        style = self.document.style.with_(mode="margin")
        self.canvas.figure.set_facecolor(style.colors.background)
        return Palette.for_results(self.document.results, style)

    def _on_changed(self, change: Change) -> None:
        if change.results or change.style:
            self._on_results()
        elif change.units or change.as_of or change.swing:  # a swing moves every shade
            self.refresh_if_shown()
        elif change.selection:  # only the outline moves
            if self.isVisible() and not self.stale:
                self.chart.set_selection(self.document.selected)
                self.canvas.draw_idle()
            else:
                self._stale = True

    def _on_results(self) -> None:
        self.chart.palette = self._palette()
        self.refresh_if_shown()

    def _on_resize(self, _event: Event) -> None:
        # Labels and the strip's height are fitted in pixels: fit them again.
        self.refresh_if_shown()

    def refresh(self, *_args: object) -> None:
        doc = self.document
        self.chart.update(doc.scenario, doc.selected, self._shown(), doc.swing_points)
        self.canvas.draw_idle()

    def _shown(self) -> dict[str, str | None] | None:
        """During the replay, the calls by then (as on the map); else the scenario."""
        doc = self.document
        return doc.display_winners() if doc.as_of is not None else None

    def unit_at_event(self, event: MouseEvent) -> str | None:
        if event.inaxes is not self.chart.ax or event.xdata is None or event.ydata is None:
            return None
        return self.chart.unit_at(event.xdata, event.ydata)

    def hover_text(self, unit: str) -> str:
        doc = self.document
        return segment_text(doc.scenario, unit, self._shown(), doc.swing_points)

    def _on_motion(self, event: MouseEvent) -> None:
        self._set_hover(self.unit_at_event(event))

    def _set_hover(self, unit: str | None) -> None:
        if unit == self.chart.hovered:
            return
        self.chart.set_hover(unit)
        self.canvas.draw_idle()
        if unit is None:
            QToolTip.hideText()
            self.canvas.unsetCursor()
            return
        self.canvas.setCursor(Qt.CursorShape.PointingHandCursor)
        QToolTip.showText(QCursor.pos() + QPoint(12, 12), self.hover_text(unit), self.canvas)

    def _on_press(self, event: MouseEvent) -> None:
        if event.button != 1:
            return
        unit = self.unit_at_event(event)
        if unit is not None:
            self.document.select(unit)
