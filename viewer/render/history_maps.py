"""The history map views (issue #16): the "same since" map, and the shift map against any
year.

**Same since**: each unit in the colour of the party it voted for this year, shaded by how
many elections in a row it has voted for that party (``viewer.core.history_views``), the
count in its label: a pale unit just changed sides, a deep one has voted the same way for
a generation. Land that was no state that year (or whose electors did not vote) keeps the
"no electors" grey. Bins of the run length, each a share of the party colour:

    1  |  2  |  3–4  |  5–8  |  9–16  |  17+

**Shift against a year**: ``MapStyle.compare`` names the year the shift map measures
against (None: the previous election, as the results file names it).

``MapFigure`` calls ``show_same_since`` when its style's mode is ``SAME_SINCE``. The
elections looked back on are the bundled ones (``history_elections``), read once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from matplotlib.axes import Axes
from matplotlib.offsetbox import (
    AnchoredOffsetbox,
)

from viewer.core.history_views import Run, same_since, shift_between
from viewer.core.results import ElectionResults
from viewer.render.contrast import readable_on
from viewer.render.legend_parts import LegendParts
from viewer.render.palette import RGB, Palette, mix

if TYPE_CHECKING:
    from viewer.render.map_figure import MapFigure

# (fewest elections in the bin, legend text, share of the party colour)
RUN_BINS: tuple[tuple[int, str, float], ...] = (
    (1, "1", 0.22),
    (2, "2", 0.36),
    (3, "3–4", 0.52),
    (5, "5–8", 0.68),
    (9, "9–16", 0.84),
    (17, "17+", 1.0),
)
LEGEND_TITLE = "Same party since: elections in a row"


def history_elections() -> tuple[ElectionResults, ...]:
    """Every bundled election, oldest first (the core's Bundle parses each file once)."""
    from viewer.core.history import Bundle
    from viewer.resources import data_dir

    return Bundle(data_dir()).all()


def election_of(year: int) -> ElectionResults | None:
    return next((e for e in history_elections() if e.year == year), None)


def run_bin(count: int) -> int:
    """The index in RUN_BINS of a run of ``count`` elections."""
    for i in range(len(RUN_BINS) - 1, -1, -1):
        if count >= RUN_BINS[i][0]:
            return i
    return 0


def run_color(palette: Palette, party: str, count: int) -> RGB:
    return mix(palette.party(party), RUN_BINS[run_bin(count)][2])


def runs_for(results: ElectionResults,
             winners: Mapping[str, str | None] | None = None) -> dict[str, Run | None]:
    """Each unit's run this year, looking back on the bundled elections before it."""
    return same_since(results, history_elections(), winners)


def run_label(run: Run | None) -> str:
    return "–" if run is None else str(run.count)


def show_same_since(figure: MapFigure, units: Iterable[str] | None = None) -> None:
    """Colour ``figure``'s units by this year's winner (the what-if's, when one is shown),
    shaded by the run length, with the count in each label."""
    results = figure.scenario.base
    runs = runs_for(results, figure.winners_shown())
    figure.map.set_label_numbers({u: run_label(r) for u, r in runs.items()})
    todo = list(results.units) if units is None else list(units)
    colors: dict[str, RGB] = {}
    for u in todo:
        run = runs.get(u)
        colors[u] = (figure.palette.no_data if not results.units[u].took_part
                     else figure.palette.undecided if run is None
                     else run_color(figure.palette, run.party, run.count))
    figure.map.set_scenario_marks((), ())
    figure.map.set_unit_colors(colors)


def run_text(run: Run | None, results: ElectionResults) -> str:
    """What the tooltip says: 'Republican 27 elections in a row, since 1856 (Whig in
    1852)'; the run's start explained."""
    if run is None:
        return "Same party since: no winner this year"
    name = results.candidate(run.party).party_name or results.candidate(run.party).name
    n = run.count
    text = (f"{name} {n} election{'s' if n != 1 else ''} in a row"
            + (f", since {run.since}" if n > 1 else " (changed sides this year)"
               if run.broken_in is not None else " (its first election)"))
    if run.broken_in is not None and n > 1:
        before = election_of(run.broken_in)
        who = run.broken_by or ""
        if before is not None and who in before.parties:
            c = before.candidate(who)
            who = c.party_name or c.name
        text += f"; {who} in {run.broken_in}"
    elif run.first_year is not None and n > 1:
        text += " (its first election)"
    if run.skipped:
        text += f"; did not vote in {', '.join(map(str, run.skipped))} (not counted)"
    return text


def same_since_legend(ax: Axes, results: ElectionResults, palette: Palette, *,
                      font_size: float = 7.0, wrap: bool = False) -> AnchoredOffsetbox:
    """The run-length scale, each swatch split between the two leading winners' shades,
    then which colour is whose, and the grey of land without electors."""
    parts = LegendParts(palette, font_size)
    won = [c for c in results.candidates_with_votes
           if any(r.winner == c.party and r.took_part for r in results.units.values())]
    ramp = [c.party for c in won[:2]] or [results.candidates[0].party]
    scale = parts.row([parts.labelled(parts.swatch(*(mix(palette.party(p), s) for p in ramp)),
                                      label) for _, label, s in RUN_BINS], 2)
    names = parts.row([parts.row([parts.swatch(palette.party(c.party)),
                                  parts.text(c.surname, color=readable_on(
                                      palette.party(c.party), palette.theme.background))], 3)
                       for c in won], 8)
    items = parts.titled(LEGEND_TITLE, scale, wrap)
    items.append(names)
    items.append(parts.row([parts.swatch(palette.no_data), parts.text("No electors")]))
    return parts.place(ax, items)


# -- shift against any year ------------------------------------------------------------

def shift_values(results: ElectionResults, compare: int | None
                 ) -> tuple[dict[str, float | None], int | None]:
    """Each unit's shift, and the year it is measured against: ``compare`` when set (and
    a bundled election other than this one), else the previous election."""
    if compare is not None and compare != results.year:
        then = election_of(compare)
        if then is not None:
            return dict(shift_between(results, then).values), compare
    prev = results.previous
    return {u: results.swing(u) for u in results.units}, prev.year if prev else None
