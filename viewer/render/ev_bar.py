"""The electoral-vote bar: first candidate from the left, second from the right,
undecided in the middle, and the line at 270."""

from __future__ import annotations

from collections.abc import Mapping
from math import nan

from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.patches import Rectangle
from matplotlib.text import Text

from viewer.core.electoral import TIE, Tally
from viewer.core.results import ElectionResults
from viewer.render.contrast import readable_on
from viewer.render.fonts import TextFont, text_font
from viewer.render.palette import UNDECIDED_HATCH, Palette, set_hatch_color


class EVBar:
    def __init__(self, ax: Axes, results: ElectionResults, palette: Palette,
                 *, font_size: float = 9.0) -> None:
        self.ax = ax
        self.results = results
        self.palette = palette
        self.parties = results.parties
        # The whole bar is every vote the year's electors could cast (two each before
        # 1804); the line in the middle is the majority.
        self.span = results.total_electoral_votes * results.votes_per_elector
        ax.set_xlim(0, self.span)
        ax.set_ylim(0, 1)
        ax.set_axis_off()
        self._rects: dict[str, Rectangle] = {}
        for party in self.parties:
            self._rects[party] = Rectangle((0, 0.18), 0, 0.5, facecolor=palette.party(party),
                                           lw=0)
            ax.add_patch(self._rects[party])
        theme = palette.theme
        # the undecided votes' part of the bar
        self.undecided = Rectangle((0, 0.18), 0, 0.5, facecolor=palette.undecided, lw=0)
        ax.add_patch(self.undecided)
        if palette.hatched:  # undecided reads as a pattern, not only as grey
            self.undecided.set_hatch(UNDECIDED_HATCH)
            set_hatch_color(self.undecided, theme.background)
        mid = self.span / 2
        if results.votes_per_elector > 1:
            # Two votes per elector (before 1804): a majority is more than half of the
            # electors, not of the votes; the line stands at that count from each end, so
            # a bar that reaches it has a majority (1789: Washington's 69 passes 37).
            marks = [results.to_win, self.span - results.to_win]
            xs, ys = [marks[0], marks[0], nan, marks[1], marks[1]], [0.08, 0.78, nan, 0.08, 0.78]
            label = f"{results.to_win} of {results.total_electoral_votes} electors to win " \
                    f"(each cast {results.votes_per_elector} votes)"
        else:
            xs, ys, label = [mid, mid], [0.08, 0.78], f"{results.to_win} to win"
        (self._mid_line,) = ax.plot(xs, ys, color=theme.text, lw=1.4, zorder=5)
        self.to_win_text = ax.text(mid, 0.86, label, ha="center", va="bottom",
                                   fontsize=font_size * 0.85, color=theme.text)
        first, second = results.candidates[0], results.candidates[1]
        # Names are data: drawn with a font that has their glyphs, or marked (fonts.py)
        self.names: tuple[TextFont, TextFont] = (
            text_font(first.name, "bold", "candidate name"),
            text_font(second.name, "bold", "candidate name"))
        self.warnings = tuple(n.warning for n in self.names if n.warning)
        # "Name  total" of the first candidate, over the bar's left end; the second's right.
        # In the party's colour, lightened or darkened to read on the background (4.5:1).
        bg = theme.background
        self.left_label = ax.text(0, 0.86, "", ha="left", va="bottom", fontsize=font_size,
                                  fontweight=self.names[0].weight,
                                  color=readable_on(palette.party(first.party), bg),
                                  fontfamily=list(self.names[0].families))
        self.right_label = ax.text(self.span, 0.86, "", ha="right", va="bottom",
                                   fontsize=font_size, fontweight=self.names[1].weight,
                                   color=readable_on(palette.party(second.party), bg),
                                   fontfamily=list(self.names[1].families))
        self.status = ax.text(mid, -0.02, "", ha="center", va="top", fontsize=font_size * 0.85,
                              color=theme.text)
        self.tally: Tally | None = None

    def artists(self) -> list[Artist]:
        """What changes with the totals (drawn on top of the cached frame in the window)."""
        return [*self._rects.values(), self.undecided, self._mid_line, self.left_label,
                self.right_label, self.status]

    def remove(self) -> None:
        """Take the bar off its axes (another year's bar takes its place)."""
        for artist in (*self.artists(), self.to_win_text):
            artist.remove()

    def label_texts(self) -> list[Text]:
        """The texts above the bar, which the title must stay clear of."""
        return [self.to_win_text, self.left_label, self.right_label]

    def shapes(self) -> list[Artist]:
        return [*self._rects.values(), self.undecided, self._mid_line]

    def shape_signature(self) -> tuple[tuple[float, float], ...]:
        return tuple((r.get_x(), r.get_width()) for r in (*self._rects.values(),
                                                            self.undecided))

    def update(self, tally: Tally) -> None:
        self.tally = tally
        left, right, status = self.texts(tally)
        self.show(tally.totals, left, right, status, undecided=tally.undecided)

    def texts(self, tally: Tally) -> tuple[str, str, str]:
        """The two totals and the outcome line the bar shows for ``tally``."""
        first, second = self.parties[0], self.parties[1]
        a, b = tally.totals.get(first, 0), tally.totals.get(second, 0)
        return (f"{self.names[0].text}  {a}", f"{b}  {self.names[1].text}",
                outcome_text(tally, self.results))

    def show(self, values: Mapping[str, float], left: str, right: str, status: str, *,
             undecided: float | None = None) -> None:
        """Lay the bar out for ``values`` (electoral votes per party, counted, called or
        expected): the first party from the left, third parties after it, the second from
        the right, and grey between (``undecided``, or else all that is left)."""
        first, second, *others = self.parties
        x = 0.0
        for party in (first, *others):
            w = values.get(party, 0)
            self._rects[party].set_x(x)
            self._rects[party].set_width(w)
            x += w
        w2 = values.get(second, 0)
        self._rects[second].set_x(self.span - w2)
        self._rects[second].set_width(w2)
        self.undecided.set_x(x)
        self.undecided.set_width(max(0.0, self.span - x - w2) if undecided is None
                                 else undecided)
        self.left_label.set_text(left)
        self.right_label.set_text(right)
        font = text_font(status, "normal", "candidate name")
        self.status.set_fontfamily(list(font.families))
        self.status.set_text(font.text)


def outcome_text(tally: Tally, results: ElectionResults) -> str:
    w = tally.winner
    if w == TIE:
        top = max(tally.totals.values())
        return f"Tie at {top}: the House of Representatives decides"
    if w is not None:
        return f"{results.candidate(w).name} wins"  # the totals are beside the bar
    if tally.no_majority:
        return f"No majority ({tally.to_win} needed): the House of Representatives decides"
    return f"No majority yet: {tally.to_win} needed"  # the undecided: the grey bar
