"""The snake chart: every unit in a line ordered by margin, each as long as its electoral
votes, coloured by winner and labelled where the label fits, with the 270 mark, the
tipping point, the selected unit outlined and the unit under the pointer outlined. Shades
say what the margin map says: the margin under the swing, and a winner set by hand in its
flat colour, dotted as on the map."""

from __future__ import annotations

import bisect
from collections.abc import Mapping
from dataclasses import dataclass

from matplotlib.axes import Axes
from matplotlib.backend_bases import RendererBase
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.patches import Rectangle
from matplotlib.patheffects import withStroke
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from viewer.core.electoral import TIE, tipping_point
from viewer.core.results import TOTAL_ELECTORAL_VOTES, ElectionResults
from viewer.core.scenario import Scenario
from viewer.core.swing import shown_margins
from viewer.core.units import UNITS
from viewer.render.contrast import readable_on
from viewer.render.palette import BY_HAND_HATCH, UNDECIDED_HATCH, Palette, set_hatch_color

# Pixels kept above the strip (the tipping point's label) and below it (the 270 label and
# the candidates' names); the strip gets the rest, up to STRIP_MAX.
TOP_PX, BOTTOM_PX, STRIP_MAX = 24.0, 22.0, 64.0
LABEL_PAD = 1.5  # pixels between a label and its segment's ends
SMALL = 0.85  # a code alone may be this much smaller than the other labels


@dataclass(frozen=True)
class Segment:
    unit: str
    start: float  # electoral votes from the left end
    ev: int


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


def margin_phrase(margin: float | None, results: ElectionResults) -> str:
    """'Trump by 1.7 points': the leader by name ('tied', 'votes not available')."""
    if margin is None:
        return "votes not available"
    if abs(margin) < 0.005:
        return "tied"
    a, b = results.axis
    who = results.candidate(a if margin > 0 else b).surname
    points = abs(margin)
    digits = 2 if points < 0.1 else 1
    return f"{who} by {points:.{digits}f} point{'' if points == 1 else 's'}"


def unit_name(unit: str) -> str:
    return UNITS[unit].name + (" (at large)" if unit in ("ME", "NE") else "")


def segment_text(scenario: Scenario, unit: str,
                 shown: Mapping[str, str | None] | None = None, swing: float = 0.0) -> str:
    """What hovering a segment says: 'Pennsylvania · 19 EV · Trump by 1.7 points', and the
    what-if winner when the scenario changed it: set by hand (dotted, as on the map) or
    by the swing, with its margin then (with ``shown``, the replay's calls: 'not called
    yet' until the unit is called)."""
    results = scenario.base
    parts = [unit_name(unit), f"{results.electoral_votes[unit]} EV",
             margin_phrase(results.margin(unit), results)]
    if shown is not None:
        if shown[unit] is None:
            parts.append("not called yet")
    elif scenario.is_changed(unit):
        winner = scenario.winner(unit)
        if winner is None:
            parts.append("what-if: undecided")
        else:
            now = shown_margins(results, scenario.winners(), swing)
            parts.append("what-if: " + (
                f"{results.candidate(winner).surname}, set by hand (dotted)"
                if unit in now.by_hand
                else f"{margin_phrase(now.margins[unit], results)} after the swing"))
    return " · ".join(parts)


class SnakeChart:
    def __init__(self, ax: Axes, palette: Palette, *, font_size: float = 7.0) -> None:
        self.ax = ax
        self.palette = palette
        self.font_size = font_size
        self.order: list[str] = []
        self.segments: list[Segment] = []
        self._starts: list[float] = []
        self.tipping: str | None = None
        self.marker_x: float | None = None  # the majority mark, in electoral votes from the left
        self.total = float(TOTAL_ELECTORAL_VOTES)  # the strip's length: the year's electors
        self.labels: dict[str, Text] = {}  # unit -> its label, for the segments wide enough
        self.selected: str | None = None
        self.hovered: str | None = None
        self.by_hand: frozenset[str] = frozenset()  # winners set by hand: dotted segments
        self._strip = (0.35, 0.3)  # bottom and height, in axes fractions
        self._selection: Rectangle | None = None
        self._hover: Rectangle | None = None

    def start_of(self, unit: str) -> float:
        """Where the unit's block begins, in electoral votes from the left end."""
        return self._starts[self.order.index(unit)]

    def update(self, scenario: Scenario, selected: str | None = None,
               shown: Mapping[str, str | None] | None = None, swing: float = 0.0) -> None:
        """Draw the scenario under the uniform ``swing`` (points toward the first party),
        or, with ``shown``, those winners as they are (the replay's calls: a unit not
        called yet is undecided, and none is a what-if change)."""
        ax = self.ax
        ax.clear()
        results = scenario.base
        self.order = snake_order(scenario)
        # The year's electors end to end (294 in 1836, 538 since 1964)
        self.total = float(sum(results.electoral_votes[u] for u in self.order)) or 1.0
        ax.set_xlim(0, self.total)
        ax.set_ylim(0, 1)
        ax.set_axis_off()
        if shown is not None:
            winners = dict(shown)
            margins = {u: results.margin(u) for u in results.units}
            self.by_hand = frozenset()
        else:  # the margin map's shades: margins under the swing, none for a hand-set winner
            winners = scenario.winners()
            now = shown_margins(results, winners, swing)
            margins, self.by_hand = now.margins, now.by_hand
        theme = self.palette.theme
        text_color = theme.text
        height = max(1.0, ax.bbox.height)
        strip_h = min(STRIP_MAX, max(12.0, height - TOP_PX - BOTTOM_PX))
        room = height - TOP_PX - BOTTOM_PX
        y0 = (BOTTOM_PX + max(0.0, room - strip_h) / 2) / height
        h = strip_h / height
        self._strip = (y0, h)
        self.segments = []
        self._starts = []
        self.labels = {}
        faces = {}
        x = 0.0
        for unit in self.order:
            ev = results.electoral_votes[unit]
            self._starts.append(x)
            self.segments.append(Segment(unit, x, ev))
            w = winners[unit]
            face = self.palette.unit_color(w, margins[unit], unit in self.by_hand)
            faces[unit] = face
            patch = ax.add_patch(Rectangle((x, y0), ev, h, facecolor=face,
                                           edgecolor=theme.border, lw=0.6))
            hatch = (BY_HAND_HATCH if unit in self.by_hand  # dotted in every palette
                     else UNDECIDED_HATCH if w is None and self.palette.hatched else None)
            if hatch is not None:  # as on the map
                patch.set_hatch(hatch)
                set_hatch_color(patch, theme.background)
            x += ev
        self._label_segments(faces, hatched={u for u in self.order if u in self.by_hand or (
            winners[u] is None and self.palette.hatched)})
        a, b = results.axis
        t = results.tally(winners)
        # The majority mark (270 since 1964, 148 in 1836), counted from the end of the
        # candidate who wins (or leads): all the line from that end up to it is a majority.
        ahead = t.winner if t.winner in (a, b) else (
            a if t.totals.get(a, 0) >= t.totals.get(b, 0) else b)
        to_win = results.to_win
        self.marker_x = float(to_win if ahead == a else self.total - to_win)
        mx = self.marker_x
        ax.plot([mx, mx], [y0 - 4 / height, y0 + h + 4 / height], color=text_color, lw=1.4,
                solid_capstyle="butt", zorder=6)
        ax.text(mx, y0 - 5 / height, f"{to_win} for {results.candidate(ahead).surname}",
                ha="center", va="top", fontsize=self.font_size, color=text_color, zorder=6)
        tp = tipping_point(results, winners) if t.winner not in (None, TIE) else None
        self.tipping = tp.unit if tp else None
        if tp is not None:
            i = self.order.index(tp.unit)
            mid = self._starts[i] + results.electoral_votes[tp.unit] / 2
            ax.annotate(f"Tipping point: {unit_name(tp.unit)}, "
                        f"{margin_phrase(tp.margin, results)}",
                        xy=(mid, y0 + h), xytext=(mid, 1 - 3 / height), ha="center",
                        va="top", fontsize=self.font_size, color=text_color,
                        arrowprops={"arrowstyle": "-", "lw": 0.8, "color": text_color})
        for party, x_at, ha, fmt in ((a, 0.0, "left", "← {} {}"),
                                     (b, self.total, "right", "{} {} →")):
            ax.text(x_at, 2 / height, fmt.format(results.candidate(party).surname,
                                                 t.totals.get(party, 0)),
                    ha=ha, va="bottom", fontsize=self.font_size, fontweight="bold",
                    color=readable_on(self.palette.party(party), theme.background))
        self._selection = Rectangle((0, y0), 0, h, fill=False, edgecolor=theme.selection,
                                    lw=2.2, zorder=5, visible=False)
        self._hover = Rectangle((0, y0), 0, h, fill=False, edgecolor=text_color, lw=1.2,
                                zorder=4, visible=False)
        ax.add_patch(self._selection)
        ax.add_patch(self._hover)
        self.set_selection(selected)
        self.set_hover(self.hovered if self.hovered in results.units else None)

    def _label_segments(self, faces: dict[str, tuple[float, float, float]],
                        hatched: set[str]) -> None:
        """Each segment's code, with its electoral votes under it (or beside it) where that
        fits, else the code alone (smaller if need be) where that fits, else nothing;
        measured, so a label never reaches past its own segment and no two overlap."""
        ax = self.ax
        renderer = self._renderer()
        px_per_ev = ax.bbox.width / self.total
        y0, h = self._strip
        strip_px = h * ax.bbox.height
        evs = {s.unit: s.ev for s in self.segments}
        for seg in self.segments:
            room = seg.ev * px_per_ev - 2 * LABEL_PAD
            if room < 8:  # not even one narrow character
                continue
            unit, ev = seg.unit, evs[seg.unit]
            text = ax.text(seg.start + ev / 2, y0 + h / 2, unit, ha="center", va="center",
                           fontsize=self.font_size, fontweight="bold", linespacing=1.0,
                           color=Palette.text_on(faces[unit]), zorder=3)
            if unit in hatched:
                text.set_path_effects([withStroke(linewidth=3, foreground=faces[unit])])
            full = self.font_size
            for candidate, size in ((f"{unit}\n{ev}", full), (f"{unit} {ev}", full),
                                    (unit, full), (unit, full * SMALL)):
                text.set_text(candidate)
                text.set_fontsize(size)
                if renderer is None:  # no canvas to measure on: about 0.75 em a character
                    em = size * ax.figure.dpi / 72
                    width = 0.75 * em * max(len(line) for line in candidate.split("\n"))
                    tall = 1.2 * em * (candidate.count("\n") + 1)
                else:
                    box = text.get_window_extent(renderer)
                    width, tall = box.width, box.height
                if width <= room and tall <= strip_px - 2:
                    self.labels[unit] = text
                    break
            else:
                text.remove()

    def _renderer(self) -> RendererBase | None:
        canvas = self.ax.figure.canvas
        return canvas.get_renderer() if isinstance(canvas, FigureCanvasAgg) else None

    # -- the selected unit and the one under the pointer --------------------------------
    def set_selection(self, unit: str | None) -> None:
        self.selected = unit
        self._outline(self._selection, unit)

    def set_hover(self, unit: str | None) -> None:
        self.hovered = unit
        self._outline(self._hover, unit)

    def _outline(self, patch: Rectangle | None, unit: str | None) -> None:
        if patch is None:
            return
        if unit is None or unit not in self.order:
            patch.set_visible(False)
            return
        i = self.order.index(unit)
        patch.set_x(self._starts[i])
        patch.set_width(self.segments[i].ev)
        patch.set_visible(True)

    def segment_box(self, unit: str) -> Bbox:
        """The unit's segment on screen, in display pixels."""
        i = self.order.index(unit)
        y0, h = self._strip
        return self.ax.transData.transform_bbox(
            Bbox([[self._starts[i], y0], [self._starts[i] + self.segments[i].ev, y0 + h]]))

    def unit_at(self, x: float, y: float) -> str | None:
        y0, h = self._strip
        if not self._starts or not (y0 <= y <= y0 + h) or not 0 <= x < self.total:
            return None
        return self.order[bisect.bisect_right(self._starts, x) - 1]
