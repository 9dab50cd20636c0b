"""Live results in the window (issue #18): File ▸ Open live results…, the live-results map
mode, its time cursor and the details of the selected unit.

The controller owns the night (``viewer.core.live_count.Night``) and the time it is shown
at; the map (``MapCanvas.show_live_results``) and the details dock follow it. The time
cursor is the controller's own; while the live blog of the same night is replayed, it moves
with the replay's (``document.as_of``, see ``time_link``).
Play runs the cursor at a chosen speed (``live_play``); File ▸ Follow live results…
merges each new snapshot of a feed into the night (``live_follow``). Where the live blog
calls a unit otherwise than the feed, the panel says so (``core.live_count.blog_calls``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction
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
from viewer.core.live_count import MergeReport, Night, read_all
from viewer.core.live_count.blog_calls import blog_call_as_of, disagreement
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
from viewer.ui.lead_chart import LeadChart
from viewer.ui.live_follow import FeedFollower
from viewer.ui.live_play import LivePlay
from viewer.ui.widgets import bold_label, show_warning

if TYPE_CHECKING:
    from viewer.ui.document import Change, ElectionDocument

BUNDLED_2020 = ("live_2020_counts.csv", "calls_2020.csv")
CHART_DELAY_MS = 120


NO_UNIT_TEXT = "Select a state or district on the map for its count."

def time_text(when: datetime | None) -> str:
    """The cursor's time in UTC and in local time."""
    if when is None:
        return "No live results"
    local = when.astimezone()
    return f"{when.astimezone(UTC):%d %b %H:%M} UTC ({local:%d %b %H:%M} local)"


def details_text(night: Night, unit: str, when: datetime, blog_note: str | None = None) -> str:
    """Everything about one unit as of ``when``, in the CLI's words; ``blog_note`` says
    where the live blog's call differs from the feed's."""
    s = night.unit_as_of(unit, when)
    lines = [f"{UNITS[unit].name} — as of {short_time(when)}",
             f"Call: {call_text(s.call, night)}"]
    if blog_note:
        lines.append(blog_note)
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
    return "\n".join(lines)


class LiveBar(QToolBar):
    """The time cursor over ``Night.times()``, with Play and its speed (added by the
    controller: ``add_play``), and a note on how it goes with the live blog's replay."""

    moved = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Live results", parent)
        self.setObjectName("LiveResultsBar")
        self.play: LivePlay | None = None
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setMinimumWidth(320)
        self.slider.setAccessibleName("Live results time")
        self.slider.valueChanged.connect(self.moved.emit)
        self.addWidget(QLabel("Count as of "))
        self.addWidget(self.slider)
        self.label = bold_label(time_text(None), wrap=False)
        self.label.setMinimumWidth(260)
        self.addWidget(self.label)
        self.link = QLabel("")  # with the replay or not, and why (``TimeLink``); after Play
        self.link.setTextFormat(Qt.TextFormat.PlainText)
        self.link.setAccessibleName("Live results and replay")
        self._link_action: QAction | None = None

    def add_play(self, play: LivePlay) -> None:
        self.play = play
        self.addAction(play.action)
        self.addWidget(play.speed)
        self._link_action = self.addWidget(self.link)
        self._link_action.setVisible(bool(self.link.text()))

    def set_link_note(self, text: str, tip: str = "") -> None:
        self.link.setText(text)
        self.link.setToolTip(tip or text)
        if self._link_action is not None:
            self._link_action.setVisible(bool(text))


class LiveDetailsDock(QDockWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Live results", parent)
        self.setObjectName("LiveResultsDock")
        body = QWidget(self)
        layout = QVBoxLayout(body)
        self.text = QPlainTextEdit(body)
        self.text.setReadOnly(True)
        self.text.setAccessibleName("Live results details")
        self.text.setPlainText(NO_UNIT_TEXT)
        self.text.setMinimumHeight(150)
        layout.addWidget(self.text)
        self._layout = layout
        self._chart: LeadChart | None = None
        self.setWidget(body)

    @property
    def chart(self) -> LeadChart:
        """Made when first asked for (a figure of its own: ≈ 40 ms of start-up for a panel
        most sessions never open); hidden until a unit is selected."""
        if self._chart is None:
            self._chart = LeadChart(self.widget())
            self._chart.hide()
            self._layout.addWidget(self._chart)
        return self._chart

    def hide_chart(self) -> None:
        if self._chart is not None:
            self._chart.hide()


class LiveResultsController(QObject):
    message = Signal(str, int)
    time_moved = Signal(object)  # the user moved the cursor (slider, Play) to this datetime
    night_shown = Signal()  # another night is shown

    def __init__(self, document: ElectionDocument, parent: QWidget,
                 show_year: Callable[[int], bool],
                 map_sink: Callable[[Night | None, datetime | None], None]) -> None:
        super().__init__(parent)
        self.document = document
        self.window = parent
        self.show_year = show_year
        self.map_sink = map_sink
        self.ahead_sink: Callable[[Sequence[datetime]], None] = lambda _times: None
        self.night: Night | None = None
        self.times: list[datetime] = []
        self.when: datetime | None = None
        self._drawn: tuple[Night, datetime, int] | None = None  # night, time, merges drawn
        self._merges = 0
        self.choose_mode: Callable[[], None] | None = None  # View ▸ Live results map
        self.open_dock: Callable[[], None] = lambda: self.dock.show()  # the window places it
        self.bar = LiveBar(parent)
        self.bar.moved.connect(self._on_slider)
        self.play = LivePlay(lambda: self.when, self._span, self.move_to, self)
        self.bar.add_play(self.play)
        self.dock = LiveDetailsDock(parent)
        # The chart (a whole matplotlib draw) follows a drag or Play a few times a second;
        # the map and the text follow every step.
        self._chart_timer = QTimer(self)
        self._chart_timer.setSingleShot(True)
        self._chart_timer.setInterval(CHART_DELAY_MS)
        self._chart_timer.timeout.connect(self._show_chart)
        self.follower = FeedFollower(self, parent)  # File ▸ Follow live results…
        self.follower.message.connect(self.message)
        document.style_changed.connect(lambda _s: self._show_details())
        document.changed.connect(self._on_document_changed)
        document.events_added.connect(lambda _ids: self._show_details())  # a followed blog

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
        shown = self.show_night(night, ", ".join(p.name for p in paths), formats)
        if shown and self.follower.following:  # the files opened replace the followed night
            self.follower.stop()
        return shown

    def show_night(self, night: Night, names: str, formats: Sequence[str], *,
                   newest: bool = False) -> bool:
        """Show ``night`` instead of the one shown (the year's map first), the cursor at
        its first update (a replay) or its newest (a followed feed); False (and the night
        shown kept) when it cannot be shown."""
        if night.first_time is None:
            show_warning(self.window, "Could not open live results",
                         f"{names} holds no count and no call.")
            return False
        if night.year is not None and night.year != self.document.results.year \
                and not self.show_year(night.year):
            self.message.emit(f"Live results of {night.year} need the {night.year} map; "
                              "it was not shown.", 8000)
            return False
        self.play.stop()
        self.night = night
        self._set_times(night.times())
        self.bar.show()
        self.open_dock()
        warn = f" ({len(night.warnings)} warnings)" if night.warnings else ""
        self.message.emit(f"Live results: {names} ({', '.join(formats)}){warn}", 8000)
        self.set_time(self.times[-1] if newest else self.times[0])
        if self.document.style.mode != LIVE and self.choose_mode is not None:
            self.choose_mode()
        self.night_shown.emit()
        return True

    def merge_night(self, other: Night) -> MergeReport:
        """Merge a new snapshot into the night shown, in time order (an older one never
        replaces a newer one); the cursor stays on the newest update when it was there.
        ValueError when ``other`` is another election's."""
        night = self.night
        if night is None:
            raise ValueError("no live results are shown to merge into")
        at_end = self.when is None or not self.times or self.when >= self.times[-1]
        report = night.merge(other)
        self._merges += 1
        self._set_times(night.times())
        if at_end or self.when is None:
            # Following the newest update is the person's choice: announced like their own
            # move, so that a linked replay follows the count to it (``TimeLink``).
            self.move_to(self.times[-1])
        else:
            self.set_time(self.when)
        return report

    def _set_times(self, times: list[datetime]) -> None:
        self.times = times
        slider = self.bar.slider
        slider.blockSignals(True)
        slider.setRange(0, max(0, len(times) - 1))
        slider.blockSignals(False)

    def _span(self) -> tuple[datetime, datetime] | None:
        return (self.times[0], self.times[-1]) if self.times else None

    # -- the time ---------------------------------------------------------------------------
    def set_time(self, when: datetime, ahead: Sequence[datetime] = ()) -> None:
        """Show the count at ``when``; ``ahead``: where the cursor may be moved next from
        elsewhere (the replay's next post either way), laid out ahead like the slider's."""
        self.when = when
        self.ahead_sink(ahead)
        index = _index_of(self.times, when) if self.times else -1
        if self.times:
            self.bar.slider.blockSignals(True)
            self.bar.slider.setValue(index)
            self.bar.slider.blockSignals(False)
        self.bar.label.setText(time_text(when))
        # Between two updates only the time under the bar changes on the map (update_live
        # recolours the units whose colour changed, none then).
        drawn = (self.night, when, self._merges) if self.night is not None else None
        if drawn is None or drawn != self._drawn:
            self._drawn = drawn
            self.map_sink(self.night, when)
        self._show_details()

    def move_to(self, when: datetime) -> None:
        """The user moves the cursor (the slider, Play): shown, and announced for the
        replay to follow (``set_time``, from elsewhere, announces nothing: no loops)."""
        self.set_time(when)
        self.time_moved.emit(when)

    def _on_slider(self, value: int) -> None:
        if self.times:
            self.move_to(self.times[value])

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
    def _on_document_changed(self, change: Change) -> None:
        # another unit; another live blog (its calls may differ from the feed's)
        if change.selection or change.events:
            self._show_details()

    def _show_details(self) -> None:
        unit = self.document.selected
        night, when = self.night, self.when
        if night is None or when is None:
            return
        if unit is None or unit not in UNITS:  # nothing selected: no stale unit's count
            self.dock.text.setPlainText(NO_UNIT_TEXT)
            self.dock.hide_chart()
            return
        self.dock.chart.show()
        self.dock.text.setPlainText(details_text(night, unit, when,
                                                 self.blog_note(unit, when)))
        if not self._chart_timer.isActive():  # at most one chart draw per CHART_DELAY_MS
            self._chart_timer.start()

    def _show_chart(self) -> None:
        unit = self.document.selected
        night, when = self.night, self.when
        if night is None or when is None or unit is None or unit not in UNITS:
            return
        results = self.document.results
        parties = list(results.axis)
        colors = {c.party: _rgb(c.color) for c in results.candidates if c.color}
        self.dock.chart.show_lead(night, unit, when, parties, colors)

    def blog_note(self, unit: str, when: datetime) -> str | None:
        """Where the live blog shown calls ``unit`` otherwise than the feed, by ``when``
        (the blog's events are those of the shown year: compared only with its night)."""
        night, doc = self.night, self.document
        if night is None or not doc.events or night.year not in (None, doc.events_year):
            return None
        results = doc.results

        def name_of(party: str) -> str:
            named = night.candidates.get(party)
            if named:
                return named
            return results.candidate(party).name if party in results.parties else party

        return disagreement(blog_call_as_of(doc.events, unit, when),
                            night.call_as_of(unit, when), UNITS[unit].name, name_of)


def _index_of(times: Sequence[datetime], when: datetime) -> int:
    import bisect

    return max(0, bisect.bisect_right(times, when) - 1)


def _rgb(color: str) -> tuple[float, float, float]:
    from matplotlib.colors import to_rgb

    r, g, b = to_rgb(color)
    return (r, g, b)
