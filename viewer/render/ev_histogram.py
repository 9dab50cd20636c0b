"""The forecast's electoral-vote histogram (FiveThirtyEight style): the chance of each
count of the first candidate's electoral votes, the bars coloured by who wins with that
count (the first candidate at 270 or more, the second at 268 or less, the 269–269 tie in
the toss-up grey), and the majority line at 270.

Drawn with three filled step outlines, not 539 bars: an update sets their heights
(``EVHistogram.show``) and costs one small redraw. No Qt here; the window's Forecast tab
puts it on a canvas.
"""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import to_rgba
from matplotlib.patches import StepPatch

from viewer.core.forecast.simulate import Forecast
from viewer.core.results import TO_WIN, TOTAL_ELECTORAL_VOTES, ElectionResults
from viewer.render.contrast import readable_on
from viewer.render.palette import UNDECIDED_HATCH, Palette, set_hatch_color

TIE = TOTAL_ELECTORAL_VOTES // 2  # 269


class EVHistogram:
    def __init__(self, ax: Axes, palette: Palette, *, font_size: float = 7.5) -> None:
        self.ax = ax
        self.font_size = font_size
        self.palette = palette
        theme = palette.theme
        edges = np.arange(TOTAL_ELECTORAL_VOTES + 2) - 0.5  # one bar per count, 0..538
        zero = np.zeros(TOTAL_ELECTORAL_VOTES + 1)
        self._edges = edges
        # (the second's wins: 0..268), (the tie: 269), (the first's wins: 270..538)
        self.parts = [StepPatch(zero, edges, fill=True, lw=0, baseline=0) for _ in range(3)]
        for patch in self.parts:
            ax.add_patch(patch)
        self.parts[1].set_facecolor(palette.undecided)
        if palette.hatched:
            self.parts[1].set_hatch(UNDECIDED_HATCH)
            set_hatch_color(self.parts[1], theme.background)
        self.line = ax.axvline(TO_WIN - 0.5, color=theme.text, lw=1.0, zorder=5)
        self.line_text = ax.text(TO_WIN - 0.5, 1.0, f"{TO_WIN} to win", transform=(
            ax.get_xaxis_transform()), ha="center", va="bottom", fontsize=font_size,
            color=theme.text)
        self.left_text = ax.text(0.0, 1.0, "", transform=ax.transAxes, ha="left", va="bottom",
                                 fontsize=font_size, fontweight="bold")
        self.right_text = ax.text(1.0, 1.0, "", transform=ax.transAxes, ha="right",
                                  va="bottom", fontsize=font_size, fontweight="bold")
        ax.set_xlim(0, TOTAL_ELECTORAL_VOTES)
        ax.set_facecolor(theme.background)
        ax.figure.set_facecolor(theme.background)
        for side in ("top", "right", "left"):
            ax.spines[side].set_visible(False)
        ax.spines["bottom"].set_color(theme.muted)
        ax.set_yticks([])
        ax.set_xticks([0, 100, 270, 438, 538])
        ax.tick_params(axis="x", colors=theme.muted, labelsize=font_size, length=2, pad=1)
        ax.set_xlabel("", fontsize=font_size, color=theme.muted, labelpad=1)
        self.message = ax.text(0.5, 0.5, "", transform=ax.transAxes, ha="center",
                               va="center", fontsize=font_size, color=theme.muted)

    def set_live(self, live: bool = True) -> None:
        """The bars are drawn over a cached frame (the window): only they change per pick."""
        for patch in self.parts:
            patch.set_animated(live)

    def texts_key(self) -> tuple[str, ...]:
        """What the static frame says: when it changes, the frame is drawn again."""
        return (self.left_text.get_text(), self.right_text.get_text(),
                self.ax.get_xlabel(), self.message.get_text())

    def show(self, forecast: Forecast | None, results: ElectionResults) -> None:
        """The distribution of ``forecast`` (None: an empty chart saying so)."""
        theme = self.palette.theme
        zero = np.zeros(TOTAL_ELECTORAL_VOTES + 1)
        if forecast is None:
            for patch in self.parts:
                patch.set_data(zero, self._edges)
            self.left_text.set_text("")
            self.right_text.set_text("")
            self.ax.set_xlabel("")
            self.message.set_text("No forecast")
            self.ax.set_ylim(0, 1)
            return
        self.message.set_text("")
        a, b = forecast.parties
        dist = np.asarray(forecast.ev_distribution[a], dtype=float)
        lose, tie, win = zero.copy(), zero.copy(), zero.copy()
        lose[:TIE] = dist[:TIE]
        tie[TIE] = dist[TIE]
        win[TIE + 1:] = dist[TIE + 1:]
        for patch, values in zip(self.parts, (lose, tie, win), strict=True):
            patch.set_data(values, self._edges)
        self.parts[0].set_facecolor(self.palette.party(b))
        self.parts[2].set_facecolor(self.palette.party(a))
        top = float(dist.max()) if dist.size else 0.0
        self.ax.set_ylim(0, top * 1.08 if top > 0 else 1)
        ca, cb = _surname(results, a), _surname(results, b)
        self.left_text.set_text(f"◀ {cb} wins")
        self.left_text.set_color(readable_on(self.palette.party(b), theme.background))
        self.right_text.set_text(f"{ca} wins ▶")
        self.right_text.set_color(readable_on(self.palette.party(a), theme.background))
        self.ax.set_xlabel(f"{ca}'s electoral votes")

    def colors(self) -> tuple[tuple[float, float, float, float], ...]:
        """The fills of the three parts (second's wins, tie, first's wins): for tests."""
        return tuple(to_rgba(p.get_facecolor()) for p in self.parts)


def _surname(results: ElectionResults, party: str) -> str:
    return results.candidate(party).surname if party in results.parties else party
