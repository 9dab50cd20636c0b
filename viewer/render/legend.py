"""The margin legend under the map: each party's shades by rating bin, and undecided."""

from __future__ import annotations

from matplotlib.axes import Axes
from matplotlib.patches import Rectangle

from viewer.core.electoral import BIN_NAMES
from viewer.core.results import ElectionResults
from viewer.render.palette import UNDECIDED_RGB, Palette

BIN_TEXT = {"tilt": "<1", "lean": "1–5", "likely": "5–15", "safe": "15+"}


def draw_legend(ax: Axes, results: ElectionResults, palette: Palette,
                *, font_size: float = 7.0) -> None:
    ax.set_xlim(0, 100)
    ax.set_ylim(0, 1)
    ax.set_axis_off()
    x = 0.0
    sw = 4.2  # swatch width in axes units
    ax.text(x, 0.5, "Margin (pts)", va="center", ha="left", fontsize=font_size)
    x += 13
    for cand in results.candidates[:2]:
        ax.text(x, 0.5, cand.surname, va="center", ha="left", fontsize=font_size,
                fontweight="bold", color=palette.party(cand.party))
        x += 1.3 * len(cand.surname) + 2
        for bin_name in BIN_NAMES:
            ax.add_patch(Rectangle((x, 0.2), sw, 0.6, facecolor=palette.shade(cand.party,
                                                                                bin_name),
                                   edgecolor="#888888", lw=0.3))
            ax.text(x + sw / 2, -0.05, BIN_TEXT[bin_name], va="top", ha="center",
                    fontsize=font_size * 0.8, color="#444444")
            x += sw + 0.4
        x += 3
    ax.add_patch(Rectangle((x, 0.2), sw, 0.6, facecolor=UNDECIDED_RGB, edgecolor="#888888",
                           lw=0.3))
    ax.text(x + sw + 0.8, 0.5, "Undecided", va="center", ha="left", fontsize=font_size)
