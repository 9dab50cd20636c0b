"""Swing tab: a uniform-swing slider, the units it flips, the swing the trailing candidate
needs, and the tipping point with the Electoral College bias."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QSlider, QVBoxLayout, QWidget

from viewer.core.outcome import ordinal
from viewer.core.results import ElectionResults
from viewer.core.swing import swing_to_win, tipping_summary
from viewer.core.units import UNITS
from viewer.ui.details_text import margin_text, toward_text
from viewer.ui.document import Change, ElectionDocument
from viewer.ui.when_shown import RefreshWhenShown
from viewer.ui.widgets import plain_label

STEPS_PER_POINT = 10  # the slider moves in tenths of a point
RANGE_POINTS = 15


class SwingTab(RefreshWhenShown, QWidget):
    def __init__(self, document: ElectionDocument) -> None:
        super().__init__()
        self.document = document
        self._needed_for: ElectionResults | None = None  # the results `needed` speaks of
        layout = QVBoxLayout(self)
        self.explain = plain_label()
        layout.addWidget(self.explain)
        row = QHBoxLayout()
        self.left = plain_label()
        self.right = plain_label()
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(-RANGE_POINTS * STEPS_PER_POINT, RANGE_POINTS * STEPS_PER_POINT)
        self.slider.setSingleStep(1)
        self.slider.setPageStep(STEPS_PER_POINT)
        self.slider.setTickInterval(5 * STEPS_PER_POINT)
        self.slider.setTickPosition(QSlider.TickPosition.TicksBelow)
        self.slider.setAccessibleName("Uniform swing in points")
        self.slider.valueChanged.connect(self._on_slider)
        row.addWidget(self.left)
        row.addWidget(self.slider, 1)
        row.addWidget(self.right)
        layout.addLayout(row)
        self.value = plain_label()
        layout.addWidget(self.value)
        self.zero = QPushButton("No swing")
        self.zero.clicked.connect(lambda: self.slider.setValue(0))
        layout.addWidget(self.zero)
        self.flipped = plain_label()
        layout.addWidget(self.flipped)
        self.needed = plain_label()
        layout.addWidget(self.needed)
        self.tipping = plain_label()
        layout.addWidget(self.tipping)
        layout.addStretch(1)
        document.changed.connect(self._on_changed)
        self._on_results()

    @property
    def points(self) -> float:
        return self.slider.value() / STEPS_PER_POINT

    def set_points(self, points: float) -> None:
        self.slider.setValue(round(points * STEPS_PER_POINT))

    def _on_slider(self, value: int) -> None:
        points = value / STEPS_PER_POINT
        if points != self.document.swing_points:
            self.document.swing(points)

    def _on_changed(self, change: Change) -> None:
        if change.results:
            self._on_results()
        elif change.swing:
            self._sync_slider()
            self.refresh_if_shown()
        elif change.units or change.as_of:
            self.refresh_if_shown()

    def _sync_slider(self) -> None:
        # The slider is part of the state (an undo moves it back), so it follows even while
        # the tab is hidden; it does not ask for a swing of its own.
        self.slider.blockSignals(True)
        self.slider.setValue(round(self.document.swing_points * STEPS_PER_POINT))
        self.slider.blockSignals(False)

    def _on_results(self) -> None:
        """What depends on the official results only: worked out once per results file."""
        results = self.document.results
        a, b = results.axis
        ca, cb = results.candidate(a), results.candidate(b)
        has_votes = _has_votes(results)
        self.slider.setEnabled(has_votes)
        self.left.setText(f"◀ {cb.surname}")
        self.right.setText(f"{ca.surname} ▶")
        self.explain.setText("Shift the margin of every state and district by the same "
                             "number of points. Locked ones keep their result."
                             + _skipped_text(results)
                             if has_votes else
                             "Swing needs vote counts; these results have winners only.")
        self._sync_slider()
        self.refresh_if_shown()

    def _fill_needed(self) -> None:
        """The swing the trailing candidate needs and the tipping point: worked out (about
        10 ms) once per results, when the tab is first seen with them, not at each year
        the timeline passes with the tab hidden."""
        results = self.document.results
        if self._needed_for is results:
            return
        self._needed_for = results
        has_votes = _has_votes(results)
        a, b = results.axis
        official = results.tally(results.winners).totals
        trailing = a if official[a] < official[b] else b
        need = swing_to_win(results, trailing) if has_votes else None
        self.needed.setText(
            f"{results.candidate(trailing).name} needs a uniform swing of more than "
            f"{abs(need):.2f} points to reach {results.to_win}." if need else "")
        self.tipping.setText(_tipping_text(results) if has_votes else "")

    def refresh(self, *_args: object) -> None:
        """What a swing step changes: the value and the flipped units."""
        self._fill_needed()
        doc = self.document
        results = doc.results
        a, b = results.axis
        p = doc.swing_points
        toward = results.candidate(a if p >= 0 else b)
        self.value.setText((f"Swing: {abs(p):.1f} points toward {toward.name}" if p else
                            "Swing: none (official margins)")
                           + ("\nThis is the what-if map's swing, not the replay's moment "
                              "shown on the map." if doc.as_of is not None else ""))
        flipped = [u for u in results.units
                   if doc.scenario.winner(u) != results.units[u].winner]
        self.flipped.setText(("Flipped: " + ", ".join(
            f"{UNITS[u].name} ({results.electoral_votes[u]})" for u in flipped))
            if p and flipped else "")


def _has_votes(results: ElectionResults) -> bool:
    """A swing moves something: some unit has the votes it needs."""
    return len(results.skipped_units) < len(results.units)


def _skipped_text(results: ElectionResults) -> str:
    """Names the units a swing leaves alone, and why."""
    by_reason: dict[str, list[str]] = {}
    for unit, why in results.skipped_units.items():
        by_reason.setdefault(why, []).append(unit)
    return "".join(f"\nLeft out, winner kept ({why}): "
                   f"{', '.join(UNITS[u].name for u in units)}."
                   for why, units in by_reason.items())


def _tipping_text(results: ElectionResults) -> str:
    ts = tipping_summary(results)
    if ts is None:
        winner = results.tally(results.winners).winner
        return ("Tipping point: not known (it depends on where the units left out would "
                "rank)." if winner in results.parties and results.skipped_units else "")
    nxt = ", ".join(f"{UNITS[u].name} {margin_text(m, results)}" for u, m in ts.next_units)
    lines = [f"Tipping point: {UNITS[ts.unit].name}, {margin_text(ts.margin, results)}"
             f" (the unit that delivered the winner's {ordinal(results.to_win)} vote, safest"
             " first)."]
    if nxt:
        lines.append(f"Next in line: {nxt}.")
    if ts.bias is not None and ts.national_margin is not None:
        lines.append(f"Electoral College bias: {toward_text(ts.bias, results, 2)} "
                     f"(tipping-point margin {margin_text(ts.margin, results)} against the "
                     f"national {margin_text(ts.national_margin, results)}).")
    return "\n".join(lines)
