"""Live results in the window (issue #18): File ▸ Open live results…, the live-results map
mode, its time cursor and the details of the selected unit.

The controller owns the night (``viewer.core.live_count.Night``) and the time it is shown
at; the map (``MapCanvas.show_live_results``) and the details dock follow it. The time
cursor is the controller's own, apart from the live blog's replay (``document.as_of``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.dates import AutoDateLocator, DateFormatter, date2num
from matplotlib.figure import Figure
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QLabel,
    QPlainTextEdit,
    QSlider,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from viewer.core.errors import InputError
from viewer.core.live_count import Night, read_all
from viewer.core.live_count.summary import (
    call_text,
    expected_text,
    lead_text,
    needed_text,
    short_time,
)
from viewer.core.units import UNITS
from viewer.render.style import LIVE
from viewer.resources import data_dir
from viewer.ui.widgets import show_warning

if TYPE_CHECKING:
    from viewer.ui.document import ElectionDocument

BUNDLED_2020 = ("live_2020_counts.csv", "calls_2020.csv")


def time_text(when: datetime | None) -> str:
    """The cursor's time in UTC and in local time."""
    if when is None:
        return "No live results"
    local = when.astimezone()
    return f"{when.astimezone(UTC):%d %b %H:%M} UTC ({local:%d %b %H:%M} local)"


def details_text(night: Night, unit: str, when: datetime) -> str:
    """Everything about one unit as of ``when``, in the CLI's words."""
    s = night.unit_as_of(unit, when)
    lines = [f"{UNITS[unit].name} — as of {short_time(when)}"]
    if s.count is None or s.lead is None:
        lines.append("No count yet" if night.history(unit) else "No count in the files")
    else:
        votes = ", ".join(f"{night.name_of(p)} {n:,}" for p, n in
                          sorted(s.count.votes.items(), key=lambda kv: -kv[1]))
        lines.append(f"Votes: {votes}, others {s.count.others:,} "
                     f"(count of {short_time(s.count.time)})")
        lines.append(f"Counted: {s.count.total:,}")
        lead = lead_text(s.lead, night)
        lines.append(lead[0].upper() + lead[1:])
        exp = expected_text(s.lead)
        lines.append(exp[0].upper() + exp[1:])
        need = needed_text(s.lead, night)
        lines.append(need[0].upper() + need[1:])
        if s.count.precincts is not None:
            p = s.count.precincts
            lines.append(f"Precincts reporting: {p.reporting:,} of {p.total:,}")
    call = call_text(s.call, night)
    lines.append(f"Call: {call}")
    return "\n".join(lines)


class LiveBar(QToolBar):
    """The time cursor over ``Night.times()``."""

    moved = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Live results", parent)
        self.setObjectName("LiveResultsBar")
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setMinimumWidth(320)
        self.slider.setAccessibleName("Live results time")
        self.slider.valueChanged.connect(self.moved.emit)
        self.addWidget(QLabel("Count as of "))
        self.addWidget(self.slider)
        self.label = QLabel(time_text(None))
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setMinimumWidth(260)
        font = self.label.font()
        font.setBold(True)
        self.label.setFont(font)
        self.addWidget(self.label)


class LeadChart(FigureCanvasQTAgg):
    """The selected unit's lead over time: above the line the first candidate leads."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Figure(figsize=(3.2, 1.8), dpi=100))
        self.setParent(parent)
        self.setAccessibleName("Lead over time")
        self.setMinimumHeight(150)
        self.ax = self.figure.add_axes((0.2, 0.16, 0.76, 0.68))

    def show_lead(self, night: Night, unit: str, when: datetime,
                  parties: Sequence[str], colors: dict[str, tuple[float, float, float]]) -> None:
        ax = self.ax
        ax.clear()
        series = night.lead_series(unit)
        if not series or len(parties) < 2:
            ax.set_axis_off()
            self.draw_idle()
            return
        ax.set_axis_on()
        first = parties[0]
        xs = [float(date2num(t)) for t, _leader, _v in series]
        ys = [0.0 if v is None else (v if leader == first else -v) / 1000.0
              for _t, leader, v in series]
        ax.plot(xs, ys, color="#555555", lw=1)
        ax.fill_between(xs, ys, 0, where=[y >= 0 for y in ys], color=colors.get(first),
                        alpha=0.5, step=None, interpolate=True)
        ax.fill_between(xs, ys, 0, where=[y < 0 for y in ys],
                        color=colors.get(parties[1]), alpha=0.5, interpolate=True)
        ax.axhline(0, color="#888888", lw=0.6)
        ax.axvline(float(date2num(when)), color="#f2a900", lw=1)
        ax.xaxis.set_major_locator(AutoDateLocator(maxticks=4))
        ax.xaxis.set_major_formatter(DateFormatter("%d %b"))
        ax.set_title(f"Lead, thousands of votes ({night.name_of(first)} above)", fontsize=7)
        ax.tick_params(labelsize=6)
        self.draw_idle()


class LiveDetailsDock(QDockWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Live results", parent)
        self.setObjectName("LiveResultsDock")
        body = QWidget(self)
        layout = QVBoxLayout(body)
        self.text = QPlainTextEdit(body)
        self.text.setReadOnly(True)
        self.text.setAccessibleName("Live results details")
        self.text.setPlainText("Select a unit on the map for its count.")
        self.text.setMinimumHeight(150)
        self.chart = LeadChart(body)
        layout.addWidget(self.text)
        layout.addWidget(self.chart)
        self.setWidget(body)


class LiveResultsController(QObject):
    message = Signal(str, int)

    def __init__(self, document: ElectionDocument, parent: QWidget,
                 show_year: Callable[[int], bool],
                 map_sink: Callable[[Night | None, datetime | None], None]) -> None:
        super().__init__(parent)
        self.document = document
        self.window = parent
        self.show_year = show_year
        self.map_sink = map_sink
        self.night: Night | None = None
        self.times: list[datetime] = []
        self.when: datetime | None = None
        self.choose_mode: Callable[[], None] | None = None  # View ▸ Live results map
        self.bar = LiveBar(parent)
        self.bar.moved.connect(self._on_slider)
        self.dock = LiveDetailsDock(parent)
        document.selection_changed.connect(lambda _u: self._show_details())
        document.style_changed.connect(lambda _s: self._show_details())

    # -- opening ----------------------------------------------------------------------------
    def open_dialog(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self.window, "Open live results", str(data_dir()),
            "Live results (*.csv *.json);;All files (*)")
        if paths:
            self.open_files([Path(p) for p in paths])

    def open_bundled_2020(self) -> None:
        self.open_files([data_dir() / name for name in BUNDLED_2020])

    def open_files(self, paths: Sequence[Path]) -> bool:
        try:
            night, formats = read_all(paths)
        except (InputError, OSError) as exc:
            show_warning(self.window, "Could not open live results",
                         f"{exc}\n\nThe live results shown before are kept.")
            return False
        if night.first_time is None:
            show_warning(self.window, "Could not open live results",
                         "The files hold no count and no call.")
            return False
        if night.year is not None and night.year != self.document.results.year \
                and not self.show_year(night.year):
            self.message.emit(f"Live results of {night.year} need the {night.year} map; "
                              "it was not shown.", 8000)
            return False
        self.night = night
        self.times = night.times()
        slider = self.bar.slider
        slider.blockSignals(True)
        slider.setRange(0, len(self.times) - 1)
        slider.setValue(0)
        slider.blockSignals(False)
        self.bar.show()
        self.dock.show()
        names = ", ".join(p.name for p in paths)
        warn = f" ({len(night.warnings)} warnings)" if night.warnings else ""
        self.message.emit(f"Live results: {names} ({', '.join(formats)}){warn}", 8000)
        self.set_time(self.times[0])
        if self.document.style.mode != LIVE and self.choose_mode is not None:
            self.choose_mode()
        return True

    # -- the time ---------------------------------------------------------------------------
    def set_time(self, when: datetime) -> None:
        self.when = when
        if self.times:
            self.bar.slider.blockSignals(True)
            self.bar.slider.setValue(_index_of(self.times, when))
            self.bar.slider.blockSignals(False)
        self.bar.label.setText(time_text(when))
        self.map_sink(self.night, when)
        self._show_details()

    def _on_slider(self, value: int) -> None:
        if self.times:
            self.set_time(self.times[value])

    # -- the map's mode ---------------------------------------------------------------------
    def prepare_map(self, mode: str) -> bool:
        if mode != LIVE:
            return True
        if self.night is None:
            self.message.emit("No live results loaded: File ▸ Open live results… first.",
                              8000)
            return False
        self.map_sink(self.night, self.when)
        return True

    # -- details ----------------------------------------------------------------------------
    def _show_details(self) -> None:
        unit = self.document.selected
        night, when = self.night, self.when
        if night is None or when is None or unit is None or unit not in UNITS:
            return
        self.dock.text.setPlainText(details_text(night, unit, when))
        results = self.document.results
        parties = list(results.axis)
        colors = {c.party: _rgb(c.color) for c in results.candidates if c.color}
        self.dock.chart.show_lead(night, unit, when, parties, colors)


def _index_of(times: Sequence[datetime], when: datetime) -> int:
    import bisect

    return max(0, bisect.bisect_right(list(times), when) - 1)


def _rgb(color: str) -> tuple[float, float, float]:
    from matplotlib.colors import to_rgb

    r, g, b = to_rgb(color)
    return (r, g, b)
