"""The Live results panel's chart: the selected unit's lead over time (above the line the
first candidate leads), with the time cursor as a vertical line.

Its artists are made once and given new data (clearing the axes makes every tick again);
the cursor is drawn over a saved picture of the rest, so a time step (a drag, Play)
repaints one line rather than the chart."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from matplotlib.artist import Artist
from matplotlib.collections import PolyCollection
from matplotlib.dates import AutoDateLocator, DateFormatter, date2num
from matplotlib.figure import Figure
from PySide6.QtWidgets import QWidget

from viewer.core.live_count import Night
from viewer.ui.marked_chart import MarkedChart

RGB = tuple[float, float, float]
HOUR = 1 / 24  # in matplotlib's date units (days)


class LeadChart(MarkedChart):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Figure(figsize=(3.2, 1.8), dpi=100))
        self.setParent(parent)
        self.setAccessibleName("Lead over time")
        self.setMinimumHeight(150)
        ax = self.ax = self.figure.add_axes((0.2, 0.16, 0.76, 0.68))
        (self._line,) = ax.plot([], [], color="#555555", lw=1, ms=3)
        ax.axhline(0, color="#888888", lw=0.6)
        self._cursor = ax.axvline(0, color="#f2a900", lw=1, animated=True)
        self._fills: list[PolyCollection] = []
        ax.xaxis.set_major_locator(AutoDateLocator(minticks=2, maxticks=4))
        ax.tick_params(labelsize=6)
        ax.set_title("", fontsize=7)
        ax.set_axis_off()
        self._shown: object = None  # what the chart shows, but for the cursor

    def show_lead(self, night: Night, unit: str, when: datetime,
                  parties: Sequence[str], colors: dict[str, RGB]) -> None:
        history = night.history(unit)  # the series changes only with the unit's counts
        shown = (id(night), unit, len(history), history[-1] if history else None,
                 tuple(parties), tuple(sorted(colors.items())))
        x = float(date2num(when))
        self._cursor.set_xdata([x, x])
        if shown == self._shown:
            self.move_marks()  # only the time moved
            return
        self._shown = shown
        self._set_series(night, unit, parties, colors)
        self.draw_idle()

    def _set_series(self, night: Night, unit: str, parties: Sequence[str],
                    colors: dict[str, RGB]) -> None:
        ax = self.ax
        for fill in self._fills:
            fill.remove()
        self._fills = []
        series = night.lead_series(unit)
        if not series or len(parties) < 2:
            self._line.set_data([], [])
            ax.set_axis_off()
            return
        first = parties[0]
        xs = [float(x) for x in date2num([t for t, _leader, _v in series])]
        ys = [0.0 if v is None else (v if leader == first else -v) / 1000.0
              for _t, leader, v in series]
        self._line.set_data(xs, ys)
        self._line.set_marker("o" if len(xs) == 1 else "None")
        self._fills = [
            ax.fill_between(xs, ys, 0, where=[y >= 0 for y in ys], color=colors.get(first),
                            alpha=0.5, interpolate=True),
            ax.fill_between(xs, ys, 0, where=[y < 0 for y in ys],
                            color=colors.get(parties[1]), alpha=0.5, interpolate=True)]
        span = max(xs) - min(xs)  # days
        pad = HOUR if span < HOUR else span * 0.02  # one count: an hour either side
        ax.set_xlim(min(xs) - pad, max(xs) + pad)
        low, high = min(0.0, *ys), max(0.0, *ys)
        margin = (high - low) * 0.08 or 1.0
        ax.set_ylim(low - margin, high + margin)
        ax.xaxis.set_major_formatter(DateFormatter(  # days; hours within one day (UTC)
            "%d %b" if span > 3 else "%d %b %H:%M" if span > 1 else "%H:%M"))
        ax.set_title(f"Lead, thousands of votes ({night.name_of(first)} above)", fontsize=7)
        ax.set_axis_on()

    def marks(self) -> list[Artist]:
        """The time cursor, over a chart with a series (an empty chart has no axes)."""
        return [self._cursor] if self.ax.axison else []
