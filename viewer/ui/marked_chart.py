"""A small chart whose marks (the shown year's line, the time cursor) move over a saved
picture of the rest: the timeline and the time cursor move them at every step, and a
whole draw of such a chart takes about 30 ms; a move repaints the marks alone."""

from __future__ import annotations

from matplotlib.artist import Artist
from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg


class MarkedChart(FigureCanvasQTAgg):
    _background: object | None = None  # the chart without its marks (None: none saved)

    def marks(self) -> list[Artist]:
        """The artists drawn over the saved chart rather than in it."""
        raise NotImplementedError

    def draw(self) -> None:
        for mark in self.marks():
            mark.set_animated(True)  # left out of the saved picture
        super().draw()
        self._background = self.copy_from_bbox(self.figure.bbox)
        self._draw_marks()

    def move_marks(self) -> None:
        """The marks at their new place over the saved chart (a whole draw when there is
        no saved chart yet)."""
        if self._background is None:
            self.draw_idle()
            return
        self.restore_region(self._background)  # type: ignore[arg-type]
        self._draw_marks()
        self.blit(self.figure.bbox)

    def forget_background(self) -> None:
        """The chart is about to change: nothing may be restored from the saved one."""
        self._background = None

    def _draw_marks(self) -> None:
        for mark in self.marks():
            if mark.get_visible() and mark.axes is not None:
                mark.axes.draw_artist(mark)

    def resizeEvent(self, event: object) -> None:
        self._background = None  # the saved chart has the old size
        super().resizeEvent(event)  # type: ignore[arg-type]
