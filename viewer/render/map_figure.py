"""The whole picture on a plain Figure: title, electoral-vote bar, map, legend, source.

The window's canvas and the headless `render` command both build this class, so what is
exported is what is shown.
"""

from __future__ import annotations

from collections.abc import Iterable

from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from viewer.core.electoral import tally
from viewer.core.results import TOTAL_ELECTORAL_VOTES
from viewer.core.scenario import Scenario
from viewer.core.shapes import MapShapes
from viewer.core.units import UNITS
from viewer.render.damage import Part
from viewer.render.ev_bar import EVBar
from viewer.render.legend import draw_legend
from viewer.render.map_layer import MapLayer
from viewer.render.palette import RGB, Palette
from viewer.render.shift_arrows import shift_arrows
from viewer.render.style import MapStyle

# Where each piece sits, in figure fractions (left, bottom, width, height).
TITLE_Y = 0.975
BAR_BOX = (0.04, 0.82, 0.92, 0.1)
MAP_BOX = (0.01, 0.085, 0.98, 0.73)
LEGEND_BOX = (0.02, 0.025, 0.72, 0.035)
SOURCE_LINE = "Results: FEC certified results, state canvasses. Shapes: US Census Bureau."


class MapFigure:
    def __init__(self, fig: Figure, shapes: MapShapes, scenario: Scenario,
                 *, title: str | None = None, source_line: bool = True,
                 style: MapStyle | None = None) -> None:
        self.fig = fig
        self.scenario = scenario
        self.style = style = style or MapStyle()
        # During a replay the window shows called units only; None: the scenario's winners.
        self.shown_winners: dict[str, str | None] | None = None
        self.subtitle = ""
        self._text_boxes: dict[int, tuple[object, Bbox]] = {}
        results = scenario.base
        self.palette = Palette.for_results(results, style)
        theme = style.colors
        fig.set_facecolor(theme.background)
        self.title = fig.text(0.5, TITLE_Y, "", ha="center", va="top", fontsize=12,
                              fontweight="bold", color=theme.text)
        self.bar_ax = fig.add_axes(BAR_BOX)
        self.map_ax = fig.add_axes(MAP_BOX)
        self.legend_ax = fig.add_axes(LEGEND_BOX)
        self.bar = EVBar(self.bar_ax, results, self.palette)
        self.map = MapLayer(self.map_ax, shapes, results.electoral_votes, theme=theme,
                            shift=style.mode == "shift")
        draw_legend(self.legend_ax, results, self.palette)
        if source_line:
            fig.text(0.985, 0.01, SOURCE_LINE, ha="right", va="bottom", fontsize=6,
                     color=theme.muted)
        if style.mode == "shift":
            self._draw_shift_arrows()
        self.update(title=title)

    def fit(self) -> None:
        """Before a full draw at a new size. The map keeps its shape, so a tall window
        leaves spare height: title, bar, map and legend stay together as one block,
        centred, instead of the legend drifting to the bottom. Side-box labels are fitted
        to their boxes."""
        self.map_ax.set_anchor("N")
        self.map_ax.set_position(MAP_BOX)
        self.map.fit_box_labels()  # applies the map's aspect: its real height is known
        real = self.map_ax.get_position()
        legend_h = LEGEND_BOX[3]
        spare = max(0.0, real.y0 - MAP_BOX[1])
        shift = spare / 2
        self.title.set_y(TITLE_Y - shift)
        self.bar_ax.set_position((BAR_BOX[0], BAR_BOX[1] - shift, BAR_BOX[2], BAR_BOX[3]))
        self.map_ax.set_position((MAP_BOX[0], MAP_BOX[1] - shift, MAP_BOX[2], MAP_BOX[3]))
        legend_y = max(LEGEND_BOX[1], real.y0 - shift - 0.012 - legend_h)
        self.legend_ax.set_position((LEGEND_BOX[0], legend_y, LEGEND_BOX[2], legend_h))

    def _draw_shift_arrows(self) -> None:
        results = self.scenario.base
        first, second = results.axis
        swings = {u: results.swing(u) for u in results.units}
        colors = {u: self.palette.party(first if (s or 0) > 0 else second)
                  for u, s in swings.items()}
        self.map.set_shift_arrows(shift_arrows(self.map.shapes, swings), colors)

    def set_live(self, live: bool = True) -> None:
        """Window mode: the changing artists are animated and drawn over a cached frame."""
        self.map.set_live(live)
        for artist in (*self.bar.artists(), self.title):
            artist.set_animated(live)  # type: ignore[attr-defined]

    def dynamic_artists(self) -> list[object]:
        return [*self.map.dynamic_artists(), *self.bar.artists(), self.title]

    def live_parts(self) -> list[Part]:
        """The changing artists in groups that can be repainted on their own, in drawing
        order: the map's live layer, the bar, and each text."""
        bar = self.bar
        bar_box = Bbox([[0, 0.05], [TOTAL_ELECTORAL_VOTES, 0.8]])  # rects and the 270 line
        parts = [
            Part("map", self.map.dynamic_artists, self.map.live_signature, self.map.live_extent),
            Part("bar", bar.shapes, bar.shape_signature,
                 lambda: self.bar_ax.transData.transform_bbox(bar_box)),
        ]
        for name, text in (("left", bar._left), ("right", bar._right),
                           ("status", bar.status), ("title", self.title)):
            parts.append(Part(name, lambda t=text: [t],
                              lambda t=text: (t.get_text(), t.get_color()),
                              lambda t=text: self._text_box(t)))
        return parts

    def _text_box(self, text: Text) -> Bbox:
        # Laying a text out costs about as much as drawing it: remember the last box.
        key = (id(text), text.get_text(), text.get_position(), self.fig.dpi,
               self.fig.bbox.width, self.fig.bbox.height)
        box = self._text_boxes.get(id(text))
        if box is None or box[0] != key:
            box = (key, text.get_window_extent(self._renderer()))
            self._text_boxes[id(text)] = box
        return box[1]

    def _renderer(self) -> object:
        return self.fig.canvas.get_renderer()  # type: ignore[attr-defined]

    def default_title(self) -> str:
        s = self.scenario
        if s.title:
            return s.title
        year = s.base.year
        base = f"{year} results" if year else (s.base.title or "Results")
        return f"What-if: {base} with {len(s.overrides)} changed" if s.overrides else base

    def unit_colors(self, units: Iterable[str] | None = None) -> dict[str, RGB]:
        s = self.scenario
        results = s.base
        todo = results.units if units is None else units
        if self.shown_winners is not None:
            shown = self.shown_winners
            return {u: self.palette.unit_color(shown[u], results.margin(u), False) for u in todo}
        return {u: self.palette.unit_color(s.winner(u), results.margin(u), s.is_changed(u))
                for u in todo}

    def winners_shown(self) -> dict[str, str | None]:
        return self.shown_winners if self.shown_winners is not None else self.scenario.winners()

    def update(self, units: Iterable[str] | None = None, *, title: str | None = None) -> None:
        """Recolour the given units (all when None) and refresh the bar and title."""
        self.map.set_unit_colors(self.unit_colors(units))
        if self.style.hatched:
            winners = self.winners_shown()
            self.map.set_hatched([u for u, w in winners.items() if w is None],
                                 split_states(winners))
        if self.shown_winners is not None:
            results = self.scenario.base
            self.bar.update(tally(self.shown_winners, results.electoral_votes, results.parties))
        else:
            self.bar.update(self.scenario.tally())
        text = title if title is not None else self.default_title()
        self.title.set_text(f"{text} — {self.subtitle}" if self.subtitle else text)


def split_states(winners: dict[str, str | None]) -> list[str]:
    """States whose electoral votes go to more than one party (Maine, Nebraska)."""
    parties: dict[str, set[str]] = {}
    for unit, winner in winners.items():
        if winner is not None:
            parties.setdefault(UNITS[unit].state, set()).add(winner)
    return [state for state, ps in parties.items() if len(ps) > 1]
