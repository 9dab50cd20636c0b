"""The history charts of the details panel (issue #16):

- **a state's story**: its lean against the nation in every election it voted in (bars in
  the colour of its winner, Democratic up), its electoral votes over time, its winners in
  order and "voted for the national winner in N of M elections";
- **the national story** (nothing selected): the winner's electoral-vote and popular-vote
  margins over time, the years the popular-vote loser won marked.

Both are linked to the timeline: a click on a year asks for that year
(``year_clicked``), and a line marks the year shown. Figures come from
``viewer.core.history_views`` over the bundled elections.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backend_bases import MouseEvent
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.ticker import FuncFormatter, MaxNLocator
from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QSizePolicy, QVBoxLayout, QWidget

from viewer.core.history_views import (
    NationalYear,
    StateStory,
    national_story,
    popular_loser_years,
    state_story,
)
from viewer.core.parties import PARTIES
from viewer.core.units import UNITS
from viewer.render.history_maps import history_elections
from viewer.render.style import Theme
from viewer.ui.map_canvas import drop_pick_events
from viewer.ui.marked_chart import MarkedChart
from viewer.ui.widgets import bold_label, plain_label

CHART_HEIGHT = 190  # pixels
DRAW_DELAY_MS = 40  # after the click's own repaint (see StateStoryView)
FONT = 7.0
MARGINS_PT = (40.0, 6.0, 14.0, 5.0, 5.0)  # left, right, bottom, top, between two charts
DEM_NAME, REP_NAME = "D", "R"
MUTED_BAR = "#9a9a9a"
MAIN_CODES = {p.code for p in PARTIES}  # a party's main candidate has its code
PV_COLOR = "#2a9d8f"  # the popular-vote line: apart from every party colour
LOSER_COLOR = "#e4572e"


def lean_text(points: float) -> str:
    """'D+12', 'R+3', 'even' (positive: more Democratic than the nation)."""
    if abs(points) < 0.05:
        return "even"
    return f"{DEM_NAME if points > 0 else REP_NAME}+{abs(points):.0f}"


class YearChart(MarkedChart):
    """A small chart over the years; a click asks for the nearest election's year."""

    year_clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        # small at first: the canvas asks for its figure's size, and the dock would widen
        fig = Figure(figsize=(2.0, CHART_HEIGHT / 100), dpi=100)
        super().__init__(fig)
        drop_pick_events(self)
        self.setParent(parent)
        self.setFixedHeight(CHART_HEIGHT)
        self.setMinimumWidth(200)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.years: list[int] = []
        self.markers: list[Line2D] = []  # the shown year's line, one per axes
        self.top = 1.0  # the layout's top, in figure fractions (room for a legend above)
        self.mpl_connect("button_press_event", self._on_press)
        self.mpl_connect("resize_event", lambda _e: self._tight())

    def start_over(self) -> Figure:
        """The figure emptied for a new chart (nothing of the old one is restored)."""
        self.forget_background()
        self.figure.clear()
        return self.figure

    def marks(self) -> list[Artist]:
        return list(self.markers)

    def _tight(self) -> None:
        """Margins in points for the charts' fixed fonts (7 pt ticks and labels: "R+25"
        and a y label on the left), not matplotlib's tight layout, which measures every
        text and cost a third of a second per chart (at each start-up and resize)."""
        w, h = self.figure.get_size_inches() * 72
        left, right, bottom, top, gap = MARGINS_PT
        if w <= left + right + 20 or h <= bottom + top + 20:
            return  # too small to lay out (a collapsed dock): the last layout stays
        t = self.top - top / h
        b = bottom / h
        rows = len(self.figure.axes)
        plot = (t - b) * h
        hspace = gap / ((plot - gap * (rows - 1)) / rows) if rows > 1 else 0.0
        self.figure.subplots_adjust(left=left / w, right=1 - right / w, bottom=b, top=t,
                                    hspace=hspace)

    def nearest(self, x: float) -> int | None:
        if not self.years:
            return None
        return min(self.years, key=lambda y: (abs(y - x), y))

    def _on_press(self, event: MouseEvent) -> None:
        if event.button != 1 or event.inaxes is None or event.xdata is None:
            return
        year = self.nearest(float(event.xdata))
        if year is not None:
            self.year_clicked.emit(year)

    def point_of(self, year: int, y: float = 0.0, axes: int = 0) -> tuple[int, int]:
        """Where ``year`` is in this widget's logical pixels (for tests and clicks)."""
        ax = self.figure.axes[axes]
        x, yy = ax.transData.transform((year, y))
        ratio = self.device_pixel_ratio
        return round(x / ratio), round((self.figure.bbox.height - yy) / ratio)

    def set_shown(self, year: int | None) -> None:
        for line in self.markers:
            line.set_visible(year is not None)
            if year is not None:
                line.set_xdata([year, year])
        self.move_marks()

    def style_axes(self, ax: Axes, theme: Theme) -> None:
        ax.set_facecolor(theme.background)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        for side in ("left", "bottom"):
            ax.spines[side].set_color(theme.muted)
        ax.tick_params(colors=theme.muted, labelsize=FONT, length=2)
        ax.yaxis.label.set_color(theme.text)
        ax.title.set_color(theme.text)


class StateStoryView(QWidget):
    """A unit's story: the lean chart, its electoral votes, winners in order, N of M."""

    year_clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.title = bold_label()
        self.chart = YearChart(self)
        self.chart.setAccessibleName("Lean against the nation and electoral votes by year")
        self.chart.setToolTip("Bars: how much more Democratic (up) or Republican (down) "
                              "than the nation, in points, coloured by the winner. "
                              "Click a year to show it.")
        self.chart.year_clicked.connect(self.year_clicked)
        self.record = plain_label()  # "Voted for the national winner in N of M elections"
        self.winners = plain_label()
        self.winners.setWordWrap(True)
        for w in (self.title, self.chart, self.record, self.winners):
            layout.addWidget(w)
        self.story: StateStory | None = None
        self._key: tuple[str, Theme] | None = None
        self._parts: _StoryParts | None = None
        # Drawing the chart takes ~100 ms of matplotlib: it waits until the click that
        # selected the unit has repainted the map, and a run of selections (arrow keys)
        # draws once, for the last one.
        self._pending: tuple[StateStory, int | None, Theme] | None = None
        self._draw_timer = QTimer(self)
        self._draw_timer.setSingleShot(True)
        self._draw_timer.setInterval(DRAW_DELAY_MS)
        self._draw_timer.timeout.connect(self.draw_pending)

    def show_unit(self, unit: str, year: int | None, theme: Theme) -> None:
        """The unit's story, the shown ``year`` marked; the same unit again (another year,
        an edit) only moves the mark."""
        if self.story is not None and self._key == (unit, theme):
            self.set_shown(year)
            return
        self._key = (unit, theme)
        story = state_story(unit, history_elections())
        self.story = story
        name = UNITS[unit].name
        self.title.setText(f"{name} in every election")
        self.record.setText(story.summary())
        runs = []
        by_year = {y.year: y for y in story.years}
        for party, first, last, n in story.runs():
            row = by_year[first]
            who = row.party_name or party
            if party not in MAIN_CODES and row.winner_name:  # a party's other man: named
                who = f"{row.winner_name.split()[-1]} ({who})"
            span = str(first) if first == last else f"{first}–{last}"
            runs.append(f"{who} {span}" + (f" ({n})" if n > 1 else ""))
        self.winners.setText("Winners in order: " + " · ".join(runs) if runs else "")
        self._pending = (story, year, theme)
        self._draw_timer.start()

    @property
    def waiting_to_draw(self) -> bool:
        return self._pending is not None

    def draw_pending(self) -> None:
        """Draw the chart asked for last (at once, e.g. before a test reads it)."""
        self._draw_timer.stop()
        if self._pending is not None:
            pending, self._pending = self._pending, None
            self._draw(*pending)

    def _draw(self, story: StateStory, year: int | None, theme: Theme) -> None:
        """The story in the chart's artists, made once per theme: each unit selected only
        changes their data (a new figure per unit left ~5,000 matplotlib objects in
        reference cycles, and the full collections they caused paused the window
        30–90 ms every dozen clicks)."""
        if self._parts is None or self._parts.theme != theme:
            self._parts = _StoryParts(self.chart, theme)
        self._parts.show(story, year)
        self.chart.forget_background()
        self.chart.draw_idle()

    def set_shown(self, year: int | None) -> None:
        if self._pending is not None:  # not drawn yet: it will be, with this year marked
            story, _year, theme = self._pending
            self._pending = (story, year, theme)
            return
        self.chart.set_shown(year)


class _StoryParts:
    """The state story chart's axes and artists for one theme, fed a unit's story."""

    def __init__(self, chart: YearChart, theme: Theme) -> None:
        self.chart = chart
        self.theme = theme
        fig = chart.start_over()
        fig.set_facecolor(theme.background)
        grid = fig.add_gridspec(2, 1, height_ratios=(3, 1))
        self.lean_ax = lean_ax = fig.add_subplot(grid[0])
        self.ev_ax = ev_ax = fig.add_subplot(grid[1], sharex=lean_ax)
        self.bars: dict[int, Rectangle] = {}  # one per election year, hidden when unused
        # Years without a lean (no popular vote, no Democrat): the winner's colour on 0.
        self.no_lean = lean_ax.scatter([], [], s=9, marker="s", lw=0, zorder=3)
        self.absent = lean_ax.scatter([], [], s=12, marker="x", c=theme.muted, lw=0.8,
                                      zorder=3)
        lean_ax.axhline(0, color=theme.muted, lw=0.6)
        lean_ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: lean_text(v)))
        lean_ax.set_ylabel("Lean vs nation", fontsize=FONT)
        lean_ax.tick_params(labelbottom=False)
        (self.ev_line,) = ev_ax.step([], [], where="mid", color=theme.text, lw=1.0)
        ev_ax.set_ylabel("EV", fontsize=FONT)
        ev_ax.yaxis.set_major_locator(_few_ticks())
        chart.markers = [ax.axvline(0, color=theme.text, lw=0.9, ls=(0, (3, 2)), zorder=4,
                                    visible=False) for ax in (lean_ax, ev_ax)]
        for ax in (lean_ax, ev_ax):
            chart.style_axes(ax, theme)
        chart._tight()

    def _bar(self, year: int) -> Rectangle:
        bar = self.bars.get(year)
        if bar is None:
            (bar,) = self.lean_ax.bar([year], [0.0], width=3.2, lw=0).patches
            self.bars[year] = bar
        return bar

    def show(self, story: StateStory, year: int | None) -> None:
        rows = story.years
        self.chart.years = [y.year for y in rows if y.took_part]
        leans = {y.year: y for y in rows if y.lean is not None}
        for y in leans.values():
            self._bar(y.year)
        for bar_year, bar in self.bars.items():
            row = leans.get(bar_year)
            bar.set_visible(row is not None)
            if row is not None:
                bar.set_height(row.lean or 0.0)
                bar.set_facecolor(row.color or MUTED_BAR)
        no_lean = [y for y in rows if y.lean is None and y.took_part and y.winner]
        self.no_lean.set_offsets(_points([y.year for y in no_lean]))
        self.no_lean.set_facecolor([y.color or MUTED_BAR for y in no_lean])
        self.absent.set_offsets(_points([y.year for y in rows if not y.took_part]))
        top = max([abs(y.lean or 0.0) for y in leans.values()] + [10.0])
        self.lean_ax.set_ylim(-top * 1.08, top * 1.08)
        self.ev_line.set_data([y.year for y in rows], [y.electoral_votes for y in rows])
        self.ev_ax.set_ylim(0, max([y.electoral_votes for y in rows] + [3]) * 1.2)
        first = rows[0].year if rows else 1789
        self.ev_ax.set_xlim(min(first, 2024) - 4, 2028)
        for line in self.chart.markers:
            line.set_visible(year is not None)
            line.set_xdata([year or 0, year or 0])


def _points(years: Sequence[int]) -> np.ndarray:
    """Scatter offsets on the zero line (an empty (0, 2) array for no years)."""
    out = np.zeros((len(years), 2))
    out[:, 0] = years
    return out


def _few_ticks() -> MaxNLocator:
    return MaxNLocator(nbins=2, integer=True)


class NationalStoryView(QWidget):
    """Every election's winning margins, electoral and popular, the years the popular-vote
    loser won marked."""

    year_clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.title = bold_label("Every election: the winner's margins")
        self.chart = YearChart(self)
        self.chart.setAccessibleName("The winner's electoral and popular-vote margins by year")
        self.chart.setToolTip("The president's lead over the runner-up: in electoral votes "
                              "(% of all cast) and in the popular vote (points). Ringed: "
                              "the popular-vote loser won. Click a year to show it.")
        self.chart.year_clicked.connect(self.year_clicked)
        self.note = plain_label()
        self.note.setWordWrap(True)
        for w in (self.title, self.chart, self.note):
            layout.addWidget(w)
        self.story: tuple[NationalYear, ...] = ()
        self._theme: Theme | None = None
        self._held = False
        self._wanted: tuple[int | None, Theme] | None = None

    def hold(self) -> None:
        """Read no elections until ``release``: at start-up the map is painted first (every
        election is parsed for this chart, ≈ 150 ms)."""
        self._held = True

    def release(self) -> None:
        self._held = False
        if self._wanted is not None:
            self.show_story(*self._wanted)

    def show_story(self, year: int | None, theme: Theme) -> None:
        self._wanted = (year, theme)
        if not self.story:
            if self._held:
                self.note.setText("Reading every election since 1789…")
                return
            self.story = national_story(history_elections())
        if theme != self._theme:
            self._theme = theme
            self._draw(self.story, theme)
        self.chart.set_shown(year)
        losers = popular_loser_years(self.story)
        special = {n.year: n for n in self.story}
        parts = [f"{y} ({special[y].how_chosen})" if special[y].no_majority
                 or special[y].how_chosen != "electoral majority" else str(y) for y in losers]
        self.note.setText("The popular-vote loser became president in " + ", ".join(parts)
                          + ". 1824: nobody had a majority of the electors.")

    def _draw(self, story: Sequence[NationalYear], theme: Theme) -> None:
        chart = self.chart
        fig = chart.start_over()
        fig.set_facecolor(theme.background)
        ax = fig.add_subplot()
        chart.years = [n.year for n in story]
        years = [n.year for n in story]
        ax.bar(years, [n.ev_margin_share for n in story], width=3.0, color=theme.muted,
               alpha=0.45, lw=0, label="EV margin (% of EVs)")
        pv = [n for n in story if n.popular_margin is not None]
        ax.plot([n.year for n in pv], [n.popular_margin or 0.0 for n in pv],
                color=PV_COLOR, lw=1.1, marker="o", ms=2.0, label="PV margin (pts)")
        losers = [n for n in story if n.popular_loser_won]
        ax.scatter([n.year for n in losers], [n.popular_margin or 0.0 for n in losers],
                   s=40, facecolors="none", edgecolors=LOSER_COLOR, lw=1.3, zorder=4,
                   label="PV loser won")
        for n in losers:
            ax.annotate(str(n.year), (n.year, n.popular_margin or 0.0), fontsize=FONT - 1,
                        color=theme.text, xytext=(0, -9), textcoords="offset points",
                        ha="center", va="top")
        ax.axhline(0, color=theme.muted, lw=0.6)
        ax.set_ylabel("Winner's margin", fontsize=FONT)
        ax.set_xlim(years[0] - 4 if years else 1785, 2028)
        ax.set_ylim(-20, 100)
        ax.yaxis.set_major_locator(MaxNLocator(nbins=4))
        chart.markers = [ax.axvline(0, color=theme.text, lw=0.9, ls=(0, (3, 2)), zorder=1,
                                    visible=False)]
        # above the plot, so it never covers a year; left out of the layout, which would
        # otherwise narrow the plot to the legend's width
        legend = fig.legend(fontsize=FONT - 0.5, frameon=False, loc="upper center", ncol=3,
                            labelcolor=theme.text, handlelength=1.0, columnspacing=0.8,
                            borderaxespad=0.1, handletextpad=0.3)
        legend.set_in_layout(False)
        chart.top = 0.86
        chart.style_axes(ax, theme)
        chart._tight()
        chart.draw_idle()
