"""The snake chart in a dock: units ordered by margin; clicking a segment selects it."""

from __future__ import annotations

from matplotlib.backend_bases import MouseEvent
from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from PySide6.QtWidgets import QDockWidget, QWidget

from viewer.render.palette import Palette
from viewer.render.snake import SnakeChart
from viewer.ui.document import Change, ElectionDocument
from viewer.ui.map_canvas import drop_pick_events
from viewer.ui.when_shown import RefreshWhenShown


class SnakeDock(RefreshWhenShown, QDockWidget):
    def __init__(self, document: ElectionDocument, parent: QWidget | None = None) -> None:
        super().__init__("Snake chart", parent)
        self.setObjectName("SnakeDock")
        self.document = document
        fig = Figure(figsize=(8, 1.4), dpi=100)
        self.canvas = FigureCanvasQTAgg(fig)
        drop_pick_events(self.canvas)  # a press finds its segment itself (unit_at)
        self.canvas.setAccessibleName("Snake chart: units ordered by margin")
        self.canvas.setMinimumHeight(110)
        ax = fig.add_axes((0.01, 0.02, 0.98, 0.96))
        self.chart = SnakeChart(ax, self._palette())
        self.canvas.mpl_connect("button_press_event", self._on_press)
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
        elif change.units or change.selection:
            self.refresh_if_shown()

    def _on_results(self) -> None:
        self.chart.palette = self._palette()
        self.refresh_if_shown()

    def refresh(self, *_args: object) -> None:
        self.chart.update(self.document.scenario, self.document.selected)
        self.canvas.draw_idle()

    def _on_press(self, event: MouseEvent) -> None:
        if event.xdata is None or event.ydata is None:
            return
        unit = self.chart.unit_at(event.xdata, event.ydata)
        if unit is not None:
            self.document.select(unit)
