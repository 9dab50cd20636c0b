"""The snake chart: every unit in a line ordered by margin, each as long as its electoral
votes, coloured by winner, with the 270 mark and the tipping point labelled."""

from __future__ import annotations

import bisect

from matplotlib.axes import Axes
from matplotlib.patches import Rectangle

from viewer.core.electoral import TIE, tally, tipping_point
from viewer.core.results import TOTAL_ELECTORAL_VOTES
from viewer.core.scenario import Scenario
from viewer.render.palette import UNDECIDED_HATCH, Palette, set_hatch_color

_Y, _H = 0.35, 0.3


def snake_order(scenario: Scenario) -> list[str]:
    """First party's safest unit on the left to the second party's safest on the right."""
    results = scenario.base
    a, _ = results.axis

    def key(unit: str) -> tuple[float, str]:
        m = results.margin(unit)
        if m is None:  # no vote counts: put it at its winner's end
            w = scenario.winner(unit)
            m = 0.0 if w is None else (100.0 if w == a else -100.0)
        return (-m, unit)

    return sorted(results.units, key=key)


class SnakeChart:
    def __init__(self, ax: Axes, palette: Palette, *, font_size: float = 7.0) -> None:
        self.ax = ax
        self.palette = palette
        self.font_size = font_size
        self.order: list[str] = []
        self._starts: list[float] = []
        self.tipping: str | None = None

    def start_of(self, unit: str) -> float:
        """Where the unit's block begins, in electoral votes from the left end."""
        return self._starts[self.order.index(unit)]

    def update(self, scenario: Scenario, selected: str | None = None) -> None:
        ax = self.ax
        ax.clear()
        ax.set_xlim(0, TOTAL_ELECTORAL_VOTES)
        ax.set_ylim(0, 1)
        ax.set_axis_off()
        results = scenario.base
        winners = scenario.winners()
        self.order = snake_order(scenario)
        self._starts = []
        x = 0.0
        for unit in self.order:
            ev = results.electoral_votes[unit]
            self._starts.append(x)
            w = winners[unit]
            face = self.palette.unit_color(w, results.margin(unit), scenario.is_changed(unit))
            theme = self.palette.theme
            edge, lw = (theme.selection, 1.6) if unit == selected else (theme.border, 0.6)
            patch = ax.add_patch(Rectangle((x, _Y), ev, _H, facecolor=face, edgecolor=edge,
                                           lw=lw))
            if w is None and self.palette.hatched:
                patch.set_hatch(UNDECIDED_HATCH)  # undecided as a pattern too, as on the map
                set_hatch_color(patch, theme.background)
            if ev >= 9:
                ax.text(x + ev / 2, _Y + _H / 2, unit, ha="center", va="center",
                        fontsize=self.font_size * 0.85, color=Palette.text_on(face))
            x += ev
        a, b = results.axis
        # The middle of the line: whoever's colour crosses it has 270.
        mid = TOTAL_ELECTORAL_VOTES / 2
        text_color = self.palette.theme.text
        ax.plot([mid, mid], [_Y - 0.08, _Y + _H + 0.08], color=text_color, lw=1.2)
        ax.text(mid, _Y - 0.1, "270 to win", ha="center", va="top", fontsize=self.font_size,
                color=text_color)
        t = tally(winners, results.electoral_votes, results.parties)
        tp = tipping_point(results, winners) if t.winner not in (None, TIE) else None
        self.tipping = tp.unit if tp else None
        if tp is not None:
            i = self.order.index(tp.unit)
            mid = self._starts[i] + results.electoral_votes[tp.unit] / 2
            from viewer.core.electoral import format_margin

            ax.annotate(f"Tipping point: {tp.unit} {format_margin(tp.margin, results)}",
                        xy=(mid, _Y + _H), xytext=(mid, 0.92), ha="center", va="top",
                        fontsize=self.font_size, color=text_color,
                        arrowprops={"arrowstyle": "-", "lw": 0.8, "color": text_color})
        ax.text(0, 0.02, results.candidate(a).surname + " ←", ha="left", va="bottom",
                fontsize=self.font_size, color=self.palette.party(a))
        ax.text(TOTAL_ELECTORAL_VOTES, 0.02, "→ " + results.candidate(b).surname, ha="right",
                va="bottom", fontsize=self.font_size, color=self.palette.party(b))

    def unit_at(self, x: float, y: float) -> str | None:
        if not self._starts or not (_Y <= y <= _Y + _H) or not 0 <= x < TOTAL_ELECTORAL_VOTES:
            return None
        return self.order[bisect.bisect_right(self._starts, x) - 1]
