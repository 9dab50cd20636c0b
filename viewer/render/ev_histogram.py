"""The forecast's electoral-vote histogram (FiveThirtyEight style): the chance of each
count of the first candidate's electoral votes, the bars coloured by who wins with that
count (the first candidate at 270 or more, the second at 268 or less, the 269–269 tie in
the toss-up grey), and the majority line at 270.

Drawn with three filled step outlines, not 539 bars, each over its own counts: an update
writes their heights into the outlines' points (``EVHistogram.show``) and costs one small
redraw. No Qt here; the window's Forecast tab puts it on a canvas.
"""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import PathCollection
from matplotlib.path import Path

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
        # (the second's wins: 0..268), (the tie: 269), (the first's wins: 270..538)
        self._counts = (range(0, TIE), range(TIE, TIE + 1),
                        range(TIE + 1, TOTAL_ELECTORAL_VOTES + 1))
        self._outlines = [_step_outline(c) for c in self._counts]
        # the two sides' bars in one artist; the tie's apart (hatched in the colour-blind
        # palette, and a collection has one hatch)
        self.sides = PathCollection([Path(v) for v in self._outlines[::2]], linewidths=0)
        self.tie = PathCollection([Path(self._outlines[1])], linewidths=0,
                                  facecolors=[palette.undecided])
        for bars in (self.sides, self.tie):
            ax.add_collection(bars)
        if palette.hatched:
            self.tie.set_hatch(UNDECIDED_HATCH)
            set_hatch_color(self.tie, theme.background)
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
        self._sides_colors: tuple[object, object] | None = None
        self._texts_shown: tuple[str, str, str] | None = None
        self.message = ax.text(0.5, 0.5, "", transform=ax.transAxes, ha="center",
                               va="center", fontsize=font_size, color=theme.muted)

    def set_live(self, live: bool = True) -> None:
        """The bars are drawn over a cached frame (the window): only they change per pick."""
        for bars in self.bars():
            bars.set_animated(live)

    def bars(self) -> list[PathCollection]:
        """What a new forecast changes: the bars."""
        return [self.sides, self.tie]

    def heights(self, part: int) -> np.ndarray:
        """The chances shown by the bars of ``part`` (0: the second candidate's wins, 1: the
        tie, 2: the first's wins), one per count."""
        return self._outlines[part][1:-1:2, 1].copy()  # each bar's first top corner

    def _set_heights(self, values: np.ndarray) -> None:
        """Each count's chance (0..538) into the bars' outlines."""
        for counts, outline in zip(self._counts, self._outlines, strict=True):
            heights = values[counts.start:counts.stop]
            outline[1:-1:2, 1] = heights  # each bar's top: its two corners
            outline[2:-1:2, 1] = heights
        # the collections keep the outlines' arrays: written in place, they only need
        # to be told to draw again
        self.sides.stale = True
        self.tie.stale = True

    def texts_key(self) -> tuple[str, ...]:
        """What the static frame says: when it changes, the frame is drawn again."""
        return (self.left_text.get_text(), self.right_text.get_text(),
                self.ax.get_xlabel(), self.message.get_text())

    def show(self, forecast: Forecast | None, results: ElectionResults) -> None:
        """The distribution of ``forecast`` (None: an empty chart saying so)."""
        theme = self.palette.theme
        if forecast is None:
            self._set_heights(np.zeros(TOTAL_ELECTORAL_VOTES + 1))
            self.left_text.set_text("")
            self.right_text.set_text("")
            self.ax.set_xlabel("")
            self.message.set_text("No forecast")
            self.ax.set_ylim(0, 1)
            return
        self.message.set_text("")
        a, b = forecast.parties
        dist = np.zeros(TOTAL_ELECTORAL_VOTES + 1)
        given = np.asarray(forecast.ev_distribution[a], dtype=float)[:len(dist)]
        dist[:len(given)] = given
        self._set_heights(dist)
        sides = (self.palette.party(b), self.palette.party(a))
        if self._sides_colors != sides:  # a pick keeps them: not set (and compared) again
            self._sides_colors = sides
            self.sides.set_facecolor(list(sides))
        top = float(dist.max()) if dist.size else 0.0
        self.ax.set_ylim(0, top * 1.08 if top > 0 else 1)
        ca, cb = _surname(results, a), _surname(results, b)
        texts = (f"◀ {cb} wins", f"{ca} wins ▶", f"{ca}'s electoral votes")
        if texts != self._texts_shown:
            self._texts_shown = texts
            self.left_text.set_text(texts[0])
            self.left_text.set_color(readable_on(sides[0], theme.background))
            self.right_text.set_text(texts[1])
            self.right_text.set_color(readable_on(sides[1], theme.background))
            self.ax.set_xlabel(texts[2])

    def colors(self) -> tuple[tuple[float, float, float, float], ...]:
        """The fills of the three parts (second's wins, tie, first's wins): for tests."""
        lose, win = (_rgba(c) for c in np.asarray(self.sides.get_facecolor()))
        return (lose, _rgba(np.asarray(self.tie.get_facecolor())[0]), win)


def _rgba(row: np.ndarray) -> tuple[float, float, float, float]:
    r, g, b, a = (float(v) for v in row)
    return (r, g, b, a)


def _step_outline(counts: range) -> np.ndarray:
    """The outline of the bars of ``counts`` (one a count, each a unit wide, centred on it)
    from the baseline up, as points: along the bars' tops, then back along the baseline.
    The tops' heights are written into it (rows 1 to -2, two per bar)."""
    edges = np.arange(counts.start, counts.stop + 1) - 0.5
    xs = np.concatenate([[edges[0]], np.repeat(edges, 2)[1:-1], [edges[-1]]])
    return np.column_stack([xs, np.zeros(len(xs))])


def _surname(results: ElectionResults, party: str) -> str:
    return results.candidate(party).surname if party in results.parties else party
