"""The whole picture on a plain Figure: title, electoral-vote bar, map, legend, source.

The window's canvas and the headless `render` command both build this class, so what is
exported is what is shown.
"""

from __future__ import annotations

import math
import textwrap
import unicodedata
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import TYPE_CHECKING

from matplotlib.artist import Artist
from matplotlib.backend_bases import RendererBase
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.offsetbox import AnchoredOffsetbox
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from viewer.core.forecast.simulate import Forecast
from viewer.core.next_clicks import after_each_click, after_swing_steps
from viewer.core.results import ElectionResults
from viewer.core.scenario import Scenario
from viewer.core.shapes import MapShapes
from viewer.core.swing import ShownMargins, shown_margins
from viewer.core.tally import Tally
from viewer.core.units import UNITS
from viewer.render.damage import Box, Part
from viewer.render.ev_bar import EVBar
from viewer.render.fonts import text_font, warn_once
from viewer.render.history_maps import shift_values, show_same_since
from viewer.render.legend import draw_legend
from viewer.render.map_layer import MapLayer
from viewer.render.palette import RGB, Palette
from viewer.render.probability import forecast_title, probability_colors, show_forecast
from viewer.render.shift_arrows import shift_arrows
from viewer.render.style import LIVE, PROBABILITY, SAME_SINCE, MapStyle
from viewer.render.text_cache import install as install_text_cache
from viewer.render.text_cache import window_extent

# Every figure of the app (window, export, animation) is composed here: its texts come
# from the layout and glyph caches from now on (the same pixels, drawn in less time).
install_text_cache()

if TYPE_CHECKING:
    from viewer.core.live_count.model import Night

# Where each piece sits, in figure fractions (left, bottom, width, height).
TITLE_Y = 0.975
BAR_BOX = (0.04, 0.82, 0.92, 0.1)
MAP_BOX = (0.01, 0.085, 0.98, 0.73)
LEGEND_BOX = (0.02, 0.025, 0.72, 0.035)
# (font size, two rows) tried in turn until the legend fits the picture's width
LEGEND_FITS = ((7.0, False), (6.5, False), (6.0, False), (7.0, True), (6.0, True), (5.5, True),
               (5.0, True))
LEGEND_FLOW_SIZES = (6.0, 5.0)  # then as many rows as the width needs, at these sizes
LEGEND_FLOOR = 3.0  # pixels kept free under the legend
# Room kept under the map for the legend (points): two rows (the tallest two-row legend of
# any year, what-if marks included, is 40.5 pt), more where the picture is narrower than
# LEGEND_NARROW_PT and a legend flows into three or four rows (56.6 pt at 640×400).
LEGEND_ROOM_PT = 41.0
LEGEND_ROOM_NARROW_PT = 57.0
LEGEND_NARROW_PT = 500.0
# What the what-if marks' entry ("Changed" over "Set by hand") adds to a legend's width at
# most, in points (80.4 pt at the largest legend font, 7 pt, with the gap before it)
LEGEND_MARKS_PT = 84.0
SHAPES_SOURCE = "Shapes: US Census Bureau."  # the bundled geographic shapes (assets/shapes)
TITLE_SIZE = 12.0
# (lines, points) tried in turn until the title fits between the top of the figure and the
# bar's labels ("270 to win", the names): smaller on one line first, then wrapped.
TITLE_FITS = ((1, 12.0), (1, 11.0), (1, 10.0), (2, 12.0), (2, 11.0), (2, 10.0), (2, 9.0),
              (3, 9.0), (2, 8.0), (3, 8.0), (1, 7.0), (2, 7.0), (3, 7.0))
TITLE_MIN = 7.0
TITLE_SIDE = 0.02  # margin left and right of the title, as a fraction of the width
TITLE_GAP = 3.0  # pixels kept free between the title and the bar's labels
TITLE_TOP_PAD = 4.0  # pixels above the title when it moves up into the top margin
SOURCE_SIZES = (6.0, 5.0, 4.5)
SOURCE_X = 0.985  # the source line's right end, as a fraction of the width
SOURCE_GAP = 8.0  # pixels between the legend and the source line
SOURCE_MIN_WIDTH = 80.0  # pixels: with less room, the line is left out, not cut to a stub
CAPTION_SIZE = 6.5  # the line above the legend that names the swing the shades include
CAPTION_GAP = 5.0  # pixels between the legend's frame and that line (repainted apart)


def source_text(results: ElectionResults, style: MapStyle) -> str:
    """What the results file says about where its figures come from; nothing when it says
    nothing (a guessed source would be wrong for any other file)."""
    parts = []
    if results.data_source.strip():
        parts.append(f"Results: {results.data_source.strip().rstrip('.')}.")
    if style.layout == "geo":
        parts.append(SHAPES_SOURCE)
    return " ".join(parts)


class MapFigure:
    def __init__(self, fig: Figure, shapes: MapShapes, scenario: Scenario,
                 *, title: str | None = None, source_line: bool = True,
                 style: MapStyle | None = None, swing: float = 0.0,
                 forecast: Forecast | None = None, forecast_source: str = "") -> None:
        self.fig = fig
        self.scenario = scenario
        # What the probability map shows (None: the results' year's default forecast), and
        # where its polls come from (for the source line)
        self.forecast = forecast
        self.forecast_source = forecast_source
        # The uniform swing (points toward the first party) the scenario was set with: the
        # shades show margins after it. Set it, then ``update()`` every unit.
        self.swing_points = swing
        self.style = style = style or MapStyle()
        # During a replay the window shows called units only; None: the scenario's winners.
        self.shown_winners: dict[str, str | None] | None = None
        self.subtitle = ""
        # What the live-results map shows (mode LIVE): a night and the time it is shown at.
        self.live_night: Night | None = None
        self.live_time: datetime | None = None
        # Other moments the time cursor may go to next (the replay's neighbouring posts when
        # the replay moves the count): their strings are laid out ahead too.
        self.live_ahead: tuple[datetime, ...] = ()
        self._text_boxes: dict[int, tuple[object, Bbox]] = {}
        self.warnings: list[str] = []  # what could not be drawn as given (fonts, length)
        self._title_text = ""
        self._title_key: object = None
        self._title_floor: tuple[object, float] | None = None
        self._title_y = TITLE_Y  # where the title's top goes unless it needs more room
        self._source_text = ""
        # Zoomed (the window): everything in the map's axes is cut at the map's frame.
        self._zoomed = False
        self._frame: Bbox | None = None  # that frame, in display pixels, while zoomed
        self._clipped_on: list[Text] = []  # texts cut for it (texts are not, by default)
        self._clip_boxes: dict[Artist, Bbox | None] = {}  # and what each was cut at before
        self._live = False
        self._legend_key: tuple[bool, bool, bool] = (False, False, False)
        self._legend_fit = 0  # which of LEGEND_FITS the legend is drawn with
        # The figure size (and dpi) the legend was last fitted to: fitted again only
        # at another size (a year change fits it already; fit() would redo it)
        self._legend_fitted: tuple[float, float, float] | None = None
        self._legend_box: tuple[object, Bbox] | None = None
        # Room kept for the legend with every what-if mark (see _place_legend)
        self._legend_reserved: Bbox | None = None
        self._reserved_width: tuple[object, float] = (None, 0.0)  # (for what, pixels)
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
        # Every feature of the map stays whatever the year (a year change keeps the
        # geometry): side boxes of units without electors that year are hidden.
        self.map = MapLayer(self.map_ax, shapes, _voted(results), theme=theme,
                            shift=style.mode == "shift")
        self.legend = draw_legend(self.legend_ax, results, self.palette,
                                  compare=style.compare)
        self.caption = fig.text(LEGEND_BOX[0], LEGEND_BOX[1] + LEGEND_BOX[3], "", ha="left",
                                va="bottom", fontsize=CAPTION_SIZE, color=theme.muted)
        self.source: Text | None = None
        text = source_text(results, style)
        if source_line and text:
            font = text_font(text, "normal", "source line")
            self._note(font.warning)
            self._source_text = font.text
            self.source = fig.text(SOURCE_X, 0.01, font.text, ha="right", va="bottom",
                                   fontsize=SOURCE_SIZES[0], color=theme.muted,
                                   fontfamily=list(font.families))
        for warning in self.bar.warnings:
            self._note(warning)
        if style.mode == "shift":
            self._draw_shift_arrows()
        self.update(title=title)

    def set_election(self, scenario: Scenario, *, swing: float = 0.0,
                     title: str | None = None) -> None:
        """Show another election on this figure (the window's timeline): the map keeps its
        geometry and is recoloured, its labels say the year's electoral votes (units
        without electors that year have none, their side boxes hidden); the bar, legend,
        title and source line are the year's. Cheaper than a new MapFigure by the cost of
        building the axes and the map's collection."""
        self.scenario = scenario
        self.swing_points = swing
        self.shown_winners = None
        self.subtitle = ""
        results = scenario.base
        style = self.style
        self.palette = Palette.for_results(results, style)
        self.bar.remove()
        self.bar = EVBar(self.bar_ax, results, self.palette)
        for warning in self.bar.warnings:
            self._note(warning)
        self.map.set_units(_voted(results))
        if style.mode == "shift":
            self._draw_shift_arrows()
        if self.source is not None:
            font = text_font(source_text(results, style), "normal", "source line")
            self._note(font.warning)
            self._source_text = font.text
            self.source.set_text(font.text)
            self.source.set_fontfamily(list(font.families))
            self.source.set_fontsize(SOURCE_SIZES[0])
        self._title_key = self._title_floor = None  # the bar's labels are new texts
        self._text_boxes.clear()
        self._legend_box = None
        self._set_legend(*self._legend_key, refit=True)  # the year's candidates
        for artist in self.bar.artists():
            artist.set_animated(self._live)
        self.update(title=title)

    def before_full_draw(self) -> None:
        """What a full draw of the window's frame starts with: nothing is left to draw on
        top, the layout fits the size, the zoomed map's frame is measured."""
        self.map.mark_clean()
        self.fit()
        self.frame_map()

    def fit(self) -> None:
        """Before a full draw at a new size. The map keeps its shape, so a tall window
        leaves spare height: title, bar, map and legend stay together as one block,
        centred, instead of the legend drifting to the bottom. Under the map, room for
        the legend at its tallest (see ``_legend_band``). Side-box labels are fitted to
        their boxes."""
        self.map_ax.set_anchor("N")
        h = self.fig.bbox.height
        top = MAP_BOX[1] + MAP_BOX[3]
        low = (LEGEND_FLOOR + self._legend_band() + CAPTION_GAP) / h if h else 0.0
        y0 = max(MAP_BOX[1], min(low, top - 0.05))  # the map gives up height at its foot
        box = (MAP_BOX[0], y0, MAP_BOX[2], top - y0)
        self.map_ax.set_position(box)
        self.map.fit_box_labels()  # applies the map's aspect: its real height is known
        real = self.map_ax.get_position()
        legend_h = LEGEND_BOX[3]
        spare = max(0.0, real.y0 - box[1])
        shift = spare / 2
        self._title_y = TITLE_Y - shift
        self.bar_ax.set_position((BAR_BOX[0], BAR_BOX[1] - shift, BAR_BOX[2], BAR_BOX[3]))
        self.map_ax.set_position((box[0], box[1] - shift, box[2], box[3]))
        legend_y = max(LEGEND_BOX[1], real.y0 - shift - 0.012 - legend_h)
        self.legend_ax.set_position((LEGEND_BOX[0], legend_y, LEGEND_BOX[2], legend_h))
        gap = CAPTION_GAP / h if h else 0.0
        self.caption.set_position((LEGEND_BOX[0], legend_y + legend_h + gap))
        self._refit_legend()
        self._place_legend((real.y0 - shift) * h)
        self._fit_title()
        self._fit_source()

    # -- text that comes from outside: fitted, never overlapping ----------------------
    def _note(self, warning: str) -> None:
        if warning and warning not in self.warnings:
            self.warnings.append(warning)
            warn_once(warning)

    def _fit_title(self) -> None:
        """Set the title at the largest size (and fewest lines) that keeps it inside the
        figure and clear of the bar's labels, moving it up into the top margin if that
        helps; shorten it with "…" only when nothing fits, and leave it out (saying so)
        when not even that fits."""
        font = text_font(self._title_text, "bold", "title")
        self._note(font.warning)
        title = self.title
        title.set_fontfamily(list(font.families))
        title.set_fontweight(font.weight)
        renderer = self._renderer_or_none()
        fig = self.fig
        key = (font.text, fig.bbox.width, fig.bbox.height, fig.dpi,
               tuple(self.bar_ax.get_position().bounds), self._title_y)
        if key == self._title_key and renderer is not None:
            return
        self._title_key = key
        title.set_y(self._title_y)
        title.set_text(font.text)
        title.set_fontsize(TITLE_SIZE)
        if renderer is None or not font.text.strip():
            return
        h = fig.bbox.height
        width = fig.bbox.width * (1 - 2 * TITLE_SIDE)
        # The bar's labels keep their height whatever they say: measured once per layout.
        layout = key[1:]
        if self._title_floor is None or self._title_floor[0] != layout:
            self._title_floor = (layout, max(window_extent(t, renderer).y1
                                             for t in self.bar.label_texts()) + TITLE_GAP)
        floor = self._title_floor[1]
        highest = max(self._title_y, 1 - TITLE_TOP_PAD / h)
        for wrapped, size in _title_tries(font.text):
            title.set_text(wrapped)
            title.set_fontsize(size)
            for y in dict.fromkeys((self._title_y, highest)):  # up into the margin if need be
                title.set_y(y)
                box = window_extent(title, renderer)
                if box.width <= width and box.y0 >= floor:
                    return
        title.set_fontsize(TITLE_MIN)
        title.set_text("…")
        if window_extent(title, renderer).y0 < floor:
            title.set_text("")
            self._note("the picture is too small for its title, which is left out")
            return
        if _shorten(title, font.text, width, renderer):
            self._note("the title is too long for the picture; it is shortened with …")

    def _fit_source(self) -> None:
        """Keep the source line inside the figure and off the legend: smaller, then
        shortened with "…", and left out (saying so) when there is no room at all."""
        source = self.source
        renderer = self._renderer_or_none()
        if source is None or renderer is None:
            return
        full = self._source_text
        right = self.fig.bbox.width * SOURCE_X
        legend = [a.get_window_extent(renderer) for a in self.legend_ax.artists]
        if self._legend_reserved is not None:  # as large as the marks will make it
            legend.append(self._legend_reserved)
        for size in SOURCE_SIZES:
            source.set_text(full)
            source.set_fontsize(size)
            box = window_extent(source, renderer)
            # beside the legend where they share a row; else the figure's width
            left = max([b.x1 + SOURCE_GAP for b in legend if b.y0 < box.y1 and box.y0 < b.y1]
                       + [self.fig.bbox.width * (1 - SOURCE_X)])
            if box.x0 >= left:
                return
        if right - left < SOURCE_MIN_WIDTH:
            source.set_text("")
            self._note("the picture is too small for the source line, which is left out")
        elif _shorten(source, full, right - left, renderer):
            self._note("the source line is too long for the picture; it is shortened with …")

    def _draw_shift_arrows(self) -> None:
        results = self.scenario.base
        first, second = results.axis
        swings, _since = shift_values(results, self.style.compare)  # against a chosen year
        colors = {u: self.palette.party(first if (s or 0) > 0 else second)
                  for u, s in swings.items()}
        self.map.set_shift_arrows(shift_arrows(self.map.shapes, swings), colors)

    def set_live(self, live: bool = True) -> None:
        """Window mode: the changing artists are animated and drawn over a cached frame."""
        self._live = live
        self.map.set_live(live)
        for artist in (*self.bar.artists(), self.title, self.legend, self.caption):
            artist.set_animated(live)

    def dynamic_artists(self) -> list[Artist]:
        return [*self.map.dynamic_artists(), *self.bar.artists(), self.title, self.legend,
                self.caption]

    def live_parts(self) -> list[Part]:
        """The changing artists in groups that can be repainted on their own, in drawing
        order: the map's live layer, its outlines, the bar, and each text."""
        bar = self.bar
        # The rects and the majority line (0.08–0.78; its square end and antialiasing fall
        # within the damage pad). The outcome line hangs from 0, below: kept apart, so that
        # a flip that keeps the outcome does not draw it again.
        bar_box = Bbox([[0, 0.07], [bar.span, 0.8]])
        parts = [
            Part("map", self.map.overlay_artists, self.map.live_signature,
                 lambda: self._in_frame(self.map.live_extent())),
            Part("outlines", self.map.outlines_drawn, self.map.outline_signature,
                 lambda: self._in_frame(self.map.outline_extent())),
            Part("bar", bar.shapes, bar.shape_signature,
                 lambda: self.bar_ax.transData.transform_bbox(bar_box)),
        ]
        for name, text in (("left", bar.left_label), ("right", bar.right_label),
                           ("status", bar.status), ("title", self.title),
                           ("caption", self.caption)):
            parts.append(self._text_part(name, text))
        # The legend changes when the first unit is changed or the last one set back.
        parts.append(Part("legend", lambda: [self.legend], lambda: self._legend_key,
                          self._legend_extent))
        return parts

    def _legend_extent(self) -> Bbox:
        # Laying the legend out costs milliseconds: remember its box while nothing moves.
        fig = self.fig
        key = (self._legend_key, tuple(self.legend_ax.get_position().bounds), fig.dpi,
               fig.bbox.width, fig.bbox.height)
        if self._legend_box is None or self._legend_box[0] != key:
            self._legend_box = (key, self.legend.get_window_extent(self._renderer()))
        return self._legend_box[1]

    def _in_frame(self, boxes: list[Box]) -> list[Box]:
        """Boxes where the map's live layer draws, cut to the map's frame: a zoomed map's
        units reach past it, and nothing of them is drawn there."""
        f0, g0, f1, g1 = self.map_frame().extents
        out = []
        for x0, y0, x1, y1 in boxes:
            x0, y0, x1, y1 = max(x0, f0), max(y0, g0), min(x1, f1), min(y1, g1)
            if x1 > x0 and y1 > y0:
                out.append((x0, y0, x1, y1))
        return out

    # -- zoom and pan (the window's) ---------------------------------------------------
    def set_map_limits(self, limits: tuple[tuple[float, float], tuple[float, float]],
                       *, zoomed: bool) -> None:
        """Show this part of the map (x and y limits in map units). Only the map's axes
        change: title, bar and legend stay. A ``zoomed`` map fills its frame, so all of it
        (labels too) is cut at the frame, which stops short of the line under the bar."""
        (x0, x1), (y0, y1) = limits
        self.map_ax.set_xlim(x0, x1)
        self.map_ax.set_ylim(y0, y1)
        self._zoomed = zoomed
        self.frame_map()

    def map_frame(self) -> Bbox:
        """Where the map shows, in display pixels (and where it can be clicked)."""
        return self._frame if self._frame is not None else self.map_ax.bbox

    def frame_map(self) -> None:
        """Measure the zoomed map's frame (after a layout: the window calls this before
        each full draw) and cut the map's artists at it. The whole map keeps its axes'
        box: at 1x the space under the bar's line is empty map margin anyway."""
        self._frame = None
        renderer = self._renderer_or_none()
        if self._zoomed:
            self.map_ax.apply_aspect()  # the box the map is drawn in, not the one it is given
            box = self.map_ax.bbox
            top = box.y1
            if renderer is not None:  # the bar's outcome line hangs below the bar
                for artist in self.bar.artists():
                    extent = artist.get_window_extent(renderer)
                    if artist.get_visible() and extent.width > 0 and extent.height > 0:
                        top = min(top, extent.y0 - 2)
            self._frame = Bbox([[box.x0, box.y0], [box.x1, max(box.y0 + 1, top)]])
        self.clip_map()

    def clip_map(self) -> None:
        """Cut the map's artists at the zoomed frame; those added since (labels drawn
        again over flipped units) too. At 1x, put back what they were cut at before."""
        frame = self._frame
        ax = self.map_ax
        if frame is not None:
            self._clipped_on = [t for t in self._clipped_on if t.axes is not None]
            self._clip_boxes = {a: b for a, b in self._clip_boxes.items() if a.axes is not None}
            for artist in (*ax.collections, *ax.texts, *ax.patches, *ax.lines):
                if isinstance(artist, Text) and not artist.get_clip_on():
                    artist.set_clip_on(True)
                    self._clipped_on.append(artist)
                if artist.get_clip_on() and artist.get_clip_box() is not frame:
                    self._clip_boxes.setdefault(artist, artist.get_clip_box())
                    artist.set_clip_box(frame)
            return
        for text in self._clipped_on:
            text.set_clip_on(False)
        for artist, before in self._clip_boxes.items():
            artist.set_clip_box(before)
        self._clipped_on, self._clip_boxes = [], {}

    def _text_part(self, name: str, text: Text) -> Part:
        return Part(name, lambda: [text],
                    lambda: (text.get_text(), text.get_color(), text.get_position()),
                    lambda: self._text_box(text))

    def _text_box(self, text: Text) -> Bbox:
        # Laying a text out costs about as much as drawing it: remember the last box.
        key = (id(text), text.get_text(), text.get_position(), self.fig.dpi,
               self.fig.bbox.width, self.fig.bbox.height)
        box = self._text_boxes.get(id(text))
        if box is None or box[0] != key:
            box = (key, window_extent(text, self._renderer()))
            self._text_boxes[id(text)] = box
        return box[1]

    def _renderer(self) -> RendererBase:
        renderer = self._renderer_or_none()
        if renderer is None:
            raise TypeError("text is measured on an Agg canvas (the window's or an export's)")
        return renderer

    def _renderer_or_none(self) -> RendererBase | None:
        canvas = self.fig.canvas  # Agg and Qt canvases have a renderer to measure text with
        return canvas.get_renderer() if isinstance(canvas, FigureCanvasAgg) else None

    def default_title(self) -> str:
        s = self.scenario
        if self.style.mode == PROBABILITY:  # what is shown is the forecast, not the results
            return forecast_title(self.forecast, s.base)
        if self.style.mode == LIVE:
            from viewer.render.live_map import live_title

            return live_title(self.live_night, s.base)
        return self._scenario_title(len(s.overrides))

    def _scenario_title(self, changed: int) -> str:
        s = self.scenario
        if s.title:
            return s.title
        year = s.base.year
        base = f"{year} results" if year else (s.base.title or "Results")
        return f"What-if: {base} with {changed} changed" if changed else base

    def texts_ahead(self) -> list[tuple[Text, str]]:
        """The strings the next what-if click or swing step can show, with the text that
        would show each (totals, outcome line, title, the swing's caption), or in a night's
        count the time cursor's next step: the window lays them out while it waits. None
        in a replay or a forecast."""
        if self.style.mode == LIVE:  # the time cursor's next step
            from viewer.render.live_map import live_texts_ahead

            return live_texts_ahead(self)
        if self.shown_winners is not None or self.style.mode == PROBABILITY:
            return []
        bar = self.bar
        out: list[tuple[Text, str]] = []

        def shown(tally: Tally, changed: int) -> None:
            left, right, status = bar.texts(tally)
            title = self.with_subtitle(self._scenario_title(changed))
            out.extend([(bar.left_label, left), (bar.right_label, right),
                        (bar.status, status), (self.title, title)])

        for click in after_each_click(self.scenario):
            shown(click.tally, click.changed)
        for step in after_swing_steps(self.scenario, self.swing_points):
            out.append((self.caption, self.swing_caption(step.points)))
            shown(step.tally, step.changed)
        return list(dict.fromkeys(out))

    def with_subtitle(self, title: str) -> str:
        """The title as shown: with the subtitle after a dash, when there is one."""
        return f"{title} — {self.subtitle}" if self.subtitle else title

    def title_ahead(self, title: str) -> Iterator[tuple[Text, str]]:
        """``title`` (with the subtitle) at the sizes ``_fit_title`` tries, each a text in
        the title's font (not the title itself, which keeps what it shows), up to the first
        whose width fits: yielded to be laid out ahead, then measured from that layout."""
        font = text_font(self.with_subtitle(title), "bold", "title")
        renderer = self._renderer_or_none()
        if renderer is None or not font.text.strip():
            return
        width = self.fig.bbox.width * (1 - 2 * TITLE_SIDE)
        for wrapped, size in _title_tries(font.text):
            probe = Text(text=wrapped, fontsize=size, fontweight=font.weight,
                         fontfamily=list(font.families))
            yield probe, wrapped
            prop = probe.get_fontproperties()
            if max(renderer.get_text_width_height_descent(line, prop, False)[0]
                   for line in wrapped.split("\n")) <= width:
                return

    def shown_margins(self) -> ShownMargins:
        """Each unit's margin as the map may state it: after the swing where the swing
        gives the unit its winner; none for a winner set by hand."""
        s = self.scenario
        return shown_margins(s.base, s.winners(), self.swing_points)

    def unit_colors(self, units: Iterable[str] | None = None,
                    shown: ShownMargins | None = None) -> dict[str, RGB]:
        s = self.scenario
        results = s.base
        todo = results.units if units is None else units
        if self.shown_winners is not None:
            called = self.shown_winners
            return {u: self.palette.unit_color(called[u], results.margin(u), False)
                    for u in todo}
        shown = shown or self.shown_margins()
        colors = {u: self.palette.unit_color(s.winner(u), shown.margins[u], u in shown.by_hand)
                  for u in todo}
        for u in colors:  # electors who never voted (1864's seceded states): no colour
            if not results.units[u].took_part:
                colors[u] = self.palette.no_data
        return colors

    def swing_caption(self, points: float | None = None) -> str:
        """What the swing (``points``, or the one shown) does to the picture, or "" when
        none is applied."""
        points = self.swing_points if points is None else points
        if not points or self.shown_winners is not None:
            return ""
        results = self.scenario.base
        a, b = results.axis
        who = results.candidate(a if points > 0 else b).surname
        what = "Shades show margins" if self.style.mode == "margin" else "Winners"
        return f"{what} after a uniform swing of {abs(points):.1f} points toward {who}"

    def _refit_legend(self) -> None:
        """At a new size: the full-size legend stays while it fits (measuring it is cheaper
        than building it again); otherwise the legend is fitted again."""
        renderer = self._renderer_or_none()
        if renderer is not None and self._legend_fitted == self._size_key():
            self._place_caption(renderer)  # fit() moved the legend's axes, not its size
            return
        if (renderer is not None and self._legend_fit == 0
                and self.legend.get_window_extent(renderer).width
                <= self._legend_room()):
            return
        self._set_legend(*self._legend_key, refit=True)

    def _size_key(self) -> tuple[float, float, float]:
        return (self.fig.bbox.width, self.fig.bbox.height, self.fig.dpi)

    def _set_legend(self, changed: bool, by_hand: bool, uncalled: bool = False,
                    *, refit: bool = False) -> None:
        key = (changed, by_hand, uncalled)
        if key == self._legend_key and not refit:
            return
        self._legend_key = key
        renderer = self._renderer_or_none()
        self.legend.remove()
        self._legend_fit, self.legend = self._fitted_legend(key, renderer)
        self.legend.set_animated(self._live)
        self._legend_fitted = self._size_key() if renderer is not None else None
        if renderer is not None:
            self._place_caption(renderer)

    def _fitted_legend(self, key: tuple[bool, bool, bool],
                       renderer: RendererBase | None) -> tuple[int, AnchoredOffsetbox]:
        """(which fit, the legend) for the marks ``key``: one row, smaller if need be,
        else two rows, else as many rows as the width needs (never cut at the edge). Its
        height is made room for by ``fit``."""
        changed, by_hand, uncalled = key
        room = self._legend_room()
        first: tuple[float, float] | None = None  # (font size, width) of the first try
        legend: AnchoredOffsetbox | None = None
        fits = [*((size, wrap, False) for size, wrap in LEGEND_FITS),
                *((size, False, True) for size in LEGEND_FLOW_SIZES)]
        for fit, (size, wrap, flow) in enumerate(fits):
            # A one-row legend narrows less than its font (the swatches keep their size):
            # a size whose text alone would still be too wide is not worth building (2 %
            # spare for glyphs that do not scale exactly).
            if (first is not None and not wrap and not flow
                    and first[1] * size / first[0] > room * 1.02):
                continue
            if legend is not None:
                legend.remove()
            legend = draw_legend(self.legend_ax, self.scenario.base, self.palette,
                                 compare=self.style.compare, font_size=size,
                                 changed=changed, by_hand=by_hand, uncalled=uncalled,
                                 wrap=wrap, flow=(renderer, room) if flow and renderer
                                 else None)
            if renderer is None:
                return fit, legend
            width = legend.get_window_extent(renderer).width
            if width <= room:
                return fit, legend
            first = first or (size, width)
        assert legend is not None
        return len(fits) - 1, legend

    def _legend_room(self) -> float:
        """The width (pixels) a legend may take: the picture's, less a margin each side."""
        return float(self.fig.bbox.width * (1 - 2 * LEGEND_BOX[0]))

    def _legend_band(self) -> float:
        """The height (pixels) kept under the map for the legend at its tallest: two rows,
        or, in a narrow picture, the rows a long legend flows into (1836's five
        candidates). It depends on the picture's size only, never on the year or the
        what-if marks, so that the map stands still while the timeline moves or a first
        flip adds entries (and a frame drawn ahead fits the outlines the window draws
        over it)."""
        dpi = self.fig.dpi
        room = self._legend_room() * 72 / dpi  # in points
        points = LEGEND_ROOM_PT if room >= LEGEND_NARROW_PT else LEGEND_ROOM_NARROW_PT
        return points * dpi / 72

    def _place_legend(self, map_bottom: float) -> None:
        """The legend in its room under the map (``map_bottom`` in pixels), never off the
        picture's bottom edge. In the window the source line keeps clear of the room the
        legend may take once the what-if marks are in it: its band, as wide as the legend
        plus the marks' entry (never wider than the picture's room for a legend: the
        legend is fitted to that)."""
        renderer = self._renderer_or_none()
        self._legend_reserved = None
        if renderer is None:
            return
        h, dpi = self.fig.bbox.height, self.fig.dpi
        band = self._legend_band()
        current = self.legend.get_window_extent(renderer)
        if current.height > band:
            self._note("the legend is taller than the room under the map at this size; "
                       "it covers the map's foot")
        pos = self.legend_ax.get_position()
        centre = min((pos.y0 + pos.height / 2) * h, map_bottom - CAPTION_GAP - band / 2)
        centre = max(centre, LEGEND_FLOOR + max(band, current.height) / 2)
        self.legend_ax.set_position((pos.x0, centre / h - pos.height / 2, pos.width,
                                     pos.height))
        self._place_caption(renderer)
        if not self._live:  # an export: the marks it shows are in its legend already
            return
        room = self._legend_room()
        # Room for the marks' entry unless it is there already (with "Set by hand" in the
        # margin map, the only one that shows it), and never less than was kept for this
        # picture before: kept clear of twice, the source line was left out at the full
        # draw after a first flip (and stayed in its repaint until then).
        changed, by_hand, _ = self._legend_key
        shown = changed and (by_hand or self.style.mode != "margin")
        marks = 0.0 if shown else LEGEND_MARKS_PT * dpi / 72
        width = min(max(room, current.width), current.width + marks)
        kept_for = (self._size_key(), id(self.scenario.base), self.style)
        if self._reserved_width[0] == kept_for:
            width = max(width, self._reserved_width[1])
        self._reserved_width = (kept_for, width)
        self._legend_reserved = Bbox([[current.x0, centre - band / 2],
                                      [current.x0 + width, centre + band / 2]])

    def _place_caption(self, renderer: RendererBase) -> None:
        """The swing's caption stays above the legend, one row or two."""
        if self.fig.bbox.height:
            top = self.legend.get_window_extent(renderer).y1 / self.fig.bbox.height
            gap = CAPTION_GAP / self.fig.bbox.height
            wrapped = top > self.legend_ax.get_position().y1
            # Above a two-row legend the line would meet Hawaii's label: it goes right.
            self.caption.set_horizontalalignment("right" if wrapped else "left")
            self.caption.set_position((1 - LEGEND_BOX[0] if wrapped else LEGEND_BOX[0],
                                       max(self.legend_ax.get_position().y1, top) + gap))

    def winners_shown(self) -> dict[str, str | None]:
        return self.shown_winners if self.shown_winners is not None else self.scenario.winners()

    def update_forecast(self) -> None:
        """The probability map after a new forecast (a pick, an edit): its units recoloured
        (only those whose bin changed are drawn again), the bar, the picks' marks and the
        title; not the scenario's colours first, as ``update`` would."""
        units = self.scenario.base.units
        colors = probability_colors(self.palette, self.forecast, units)
        show_forecast(self, [u for u, c in colors.items()
                             if tuple(self.map.face_color_of(u)[:3]) != tuple(c)], colors)
        text = self.default_title()
        self._title_text = self.with_subtitle(text)
        self._fit_title()

    def update(self, units: Iterable[str] | None = None, *, title: str | None = None) -> None:
        """Recolour the given units (all when None) and refresh the bar, title, legend and
        the swing's caption."""
        if self.shown_winners is None:
            shown = self.shown_margins()
            s = self.scenario
            marked = s.changed_units()
            # hatched in the margin map only: the others state no margin to begin with
            by_hand = ([u for u in marked if u in shown.by_hand]
                       if self.style.mode == "margin" else [])
            self.map.set_scenario_marks(marked, by_hand)
            self._set_legend(bool(marked), bool(by_hand))
            self.map.set_unit_colors(self.unit_colors(units, shown))
        else:  # a replay shows the night's calls, not the scenario
            self.map.set_scenario_marks((), ())
            self._set_legend(False, False, uncalled=True)
            self.map.set_unit_colors(self.unit_colors(units))
        caption = self.swing_caption()
        if caption != self.caption.get_text():
            font = text_font(caption, "normal", "candidate name")
            self._note(font.warning)
            self.caption.set_fontfamily(list(font.families))
            self.caption.set_text(font.text)
        if self.style.hatched:
            winners = self.winners_shown()
            results = self.scenario.base
            # Split between districts (Maine, Nebraska), or between the unit's own
            # electors while it keeps its official winner (1912 California, 1960 Alabama).
            # Before 1804 each elector cast two votes: split when not every elector gave
            # one to the winner (1796 Pennsylvania), not merely for the second votes.
            two = results.votes_per_elector > 1
            split = split_states(winners) + [
                u for u, (official, cast) in results.as_cast.items()
                if winners.get(u) == official and len(cast) > 1
                and (not two or cast.get(official or "", 0)
                     < results.electoral_votes[u] // results.votes_per_elector)]
            self.map.set_hatched([u for u, w in winners.items() if w is None],
                                 list(dict.fromkeys(split)))
        if self.shown_winners is not None:
            results = self.scenario.base
            self.bar.update(results.tally(self.shown_winners))
        else:
            self.bar.update(self.scenario.tally())
        if self.style.mode == PROBABILITY:  # forecast mode's map: probability.py
            show_forecast(self, units)
        elif self.style.mode == SAME_SINCE:  # runs of one party: history_maps.py
            show_same_since(self, units)
        elif self.style.mode == LIVE:  # a night's counts and calls: live_map.py
            from viewer.render.live_map import show_live

            show_live(self, units)
        text = title if title is not None else self.default_title()
        self._title_text = self.with_subtitle(text)
        self._fit_title()


def _voted(results: ElectionResults) -> dict[str, int]:
    """The units with electors, and their numbers. Units whose electors never voted
    (1864's seceded states) are land without a label."""
    return {u: n for u, n in results.electoral_votes.items() if results.units[u].took_part}


def _title_tries(text: str) -> Iterator[tuple[str, float]]:
    """The title's text on its lines and its size, in the order the fit tries them."""
    for lines, size in TITLE_FITS:
        wrapped = wrap_lines(text, lines)
        if wrapped is not None:
            yield wrapped, size


def wrap_lines(text: str, lines: int) -> str | None:
    """``text`` on ``lines`` lines of about equal length (at spaces; text without spaces,
    such as Chinese, anywhere), or None when it cannot be split that way."""
    if lines <= 1:
        return text
    if " " not in text.strip():
        if len(text) < lines or not any(unicodedata.east_asian_width(c) in "WF"
                                        for c in text):
            return None  # one long word of a script that breaks at spaces only
        step = math.ceil(len(text) / lines)
        return "\n".join(text[i:i + step] for i in range(0, len(text), step))
    lo, hi = max(1, math.ceil(len(text) / lines)), len(text)
    while lo < hi:  # the narrowest width that needs no more than ``lines`` lines
        mid = (lo + hi) // 2
        if len(textwrap.wrap(text, mid, break_long_words=False)) <= lines:
            hi = mid
        else:
            lo = mid + 1
    wrapped = textwrap.wrap(text, lo, break_long_words=False)
    return "\n".join(wrapped) if len(wrapped) == lines else None


def _shorten(text: Text, full: str, width: float, renderer: RendererBase) -> bool:
    """``full`` on one line, or its longest start ending in "…", no wider than ``width``;
    True when it had to be shortened."""
    one_line = " ".join(full.split())
    text.set_text(one_line)
    if window_extent(text, renderer).width <= width:
        return False
    lo, hi = 0, len(one_line)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        text.set_text(one_line[:mid].rstrip() + "…")
        if window_extent(text, renderer).width <= width:
            lo = mid
        else:
            hi = mid - 1
    text.set_text(one_line[:lo].rstrip() + "…")
    return True


def split_states(winners: dict[str, str | None]) -> list[str]:
    """States whose electoral votes go to more than one party (Maine, Nebraska)."""
    parties: dict[str, set[str]] = {}
    for unit, winner in winners.items():
        if winner is not None:
            parties.setdefault(UNITS[unit].state, set()).add(winner)
    return [state for state, ps in parties.items() if len(ps) > 1]
