"""The probability map (forecast mode, issue #17): each unit shaded by the chance that
the first or the second candidate wins it, a legend in probability bins, and the
electoral-vote bar showing the expected electoral votes and the odds.

Bins of the favourite's probability, one shade each per side (the full party colour is
"over 99 %"), and one toss-up colour for units under 55 % either way:

    toss-up  <55 %  |  55–60  |  60–75  |  75–90  |  90–99  |  >99 %

They follow the words forecasters use (docs/forecast.md, the ratings table): a toss-up
is under 60 % for FiveThirtyEight; the 55–60 % edge is the "tilt" that 270toWin and
YAPms show, so it gets the faintest shade rather than the toss-up colour. The toss-up
colour is the theme's grey of an undecided unit (and, in the colour-blind palette, its
hatching): "nobody can say" on every map of the app.

``MapFigure`` calls ``show_forecast`` when its style's mode is ``PROBABILITY``; its
``forecast`` (a ``viewer.core.forecast.Forecast``) is what is shown, and without one the
default forecast of the results' year (the bundled final averages, seeded) is computed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING

from matplotlib.axes import Axes
from matplotlib.offsetbox import (
    AnchoredOffsetbox,
    OffsetBox,
    TextArea,
)

from viewer.core.results import ElectionResults
from viewer.render.fonts import text_font, warn_once
from viewer.render.legend_parts import LegendParts
from viewer.render.palette import RGB, UNDECIDED_HATCH, Palette, mix

if TYPE_CHECKING:
    from matplotlib.text import Text

    from viewer.core.forecast import Forecast
    from viewer.render.ev_bar import EVBar
    from viewer.render.map_figure import MapFigure

TOSS_UP_BELOW = 0.55  # the favourite's probability under which a unit is a toss-up
# (lower edge of the favourite's probability, legend text, share of the party colour)
BINS: tuple[tuple[float, str, float], ...] = (
    (0.55, "55–60", 0.24),
    (0.60, "60–75", 0.40),
    (0.75, "75–90", 0.58),
    (0.90, "90–99", 0.78),
    (0.99, ">99", 1.0),  # strictly over 0.99
)
TOSS_UP_TEXT = "<55"
LEGEND_TITLE = "Chance of winning (%)"
DEFAULT_SEED = 2020  # the default forecast's (the CLI's and docs/forecast.md's)


def probability_bin(q: float) -> int | None:
    """The index in BINS of the favourite's probability ``q`` (0.5–1); None: a toss-up."""
    if q < TOSS_UP_BELOW:
        return None
    if q > BINS[-1][0]:
        return len(BINS) - 1
    for i in range(len(BINS) - 2, -1, -1):
        if q >= BINS[i][0]:
            return i
    return 0


def toss_up_color(palette: Palette) -> RGB:
    return palette.undecided


def bin_color(palette: Palette, party: str, index: int) -> RGB:
    """The shade of bin ``index`` for ``party``'s side."""
    return mix(palette.party(party), BINS[index][2])


def probability_color(palette: Palette, parties: Sequence[str], p: float) -> RGB:
    """The fill of a unit the first of ``parties`` wins with probability ``p``."""
    q = max(p, 1.0 - p)
    i = probability_bin(q)
    if i is None:
        return toss_up_color(palette)
    return bin_color(palette, parties[0] if p > 0.5 else parties[1], i)


def toss_ups(forecast: Forecast) -> list[str]:
    return [u for u, p in forecast.unit_probability.items()
            if probability_bin(max(p, 1.0 - p)) is None]


def probability_colors(palette: Palette, forecast: Forecast | None,
                       units: Iterable[str]) -> dict[str, RGB]:
    """Each unit's fill; units the forecast does not cover (none: every unit) no data."""
    out = {}
    for u in units:
        p = None if forecast is None else forecast.unit_probability.get(u)
        out[u] = palette.no_data if p is None else probability_color(
            palette, forecast.parties if forecast else (), p)
    return out


def percent(p: float) -> str:
    """Whole percents, never 0 % or 100 % for what merely did not happen in the draws."""
    if p <= 0:
        return "<1%"
    if p >= 1:
        return ">99%"
    if p < 0.005:
        return "<1%"
    if p > 0.995:
        return ">99%"
    return f"{100 * p:.0f}%"


def default_forecast(results: ElectionResults) -> Forecast | None:
    """The forecast shown when none was set: the bundled final averages of the results'
    year; else the results themselves as expected margins (how sure were they, given
    polling error); None when the results do not cover the 56 units of today's map."""
    from viewer.core.errors import InputError
    from viewer.core.forecast import Forecaster, bundled_inputs, inputs_from_results
    from viewer.core.forecast.bundled import POLL_YEARS

    try:
        inputs = (bundled_inputs(results.year) if results.year in POLL_YEARS
                  else inputs_from_results(results))
    except (InputError, ValueError):
        return None
    if tuple(inputs.parties) != tuple(results.axis):
        return None
    return Forecaster(inputs, seed=DEFAULT_SEED).forecast()


def forecast_title(forecast: Forecast | None, results: ElectionResults) -> str:
    """A title for the probability map, e.g. "2024 forecast: chance of winning each unit"."""
    year = results.year
    head = f"{year} forecast" if year else "Forecast"
    text = f"{head}: chance of winning each unit"
    if forecast is not None and forecast.picks:
        given = ", ".join(f"{u} {_surname(results, p)}" for u, p in forecast.picks.items())
        text += f", given {given}"
    return text


def _surname(results: ElectionResults, party: str) -> str:
    return results.candidate(party).surname if party in results.parties else party


# -- the bar ---------------------------------------------------------------------------

def odds_text(forecast: Forecast) -> str:
    """The line under the bar: what its parts are and the chance of a tie. Each side's
    chance of a majority is over the bar, beside its name, and the picks are in the title:
    the line once said all three and, 100 characters long, was cut off at both ends on a
    map 540 pixels wide (and laying it out again at each pick took 2 ms)."""
    return f"Bar: expected electoral votes · 269–269 tie {percent(forecast.tie_probability)}"


def show_expected_ev(bar: EVBar, forecast: Forecast | None, results: ElectionResults) -> None:
    """The bar with each side's expected electoral votes (first from the left, second
    from the right) and the odds over the names."""
    first, second = results.axis
    if forecast is None:
        bar.show({}, bar.names[0].text, bar.names[1].text, "No forecast for these results")
        return
    left, right, status = expected_ev_strings(bar, forecast, results)
    bar.show({first: forecast.expected_ev.get(first, 0.0),
              second: forecast.expected_ev.get(second, 0.0)}, left, right, status)


def expected_ev_strings(bar: EVBar, forecast: Forecast,
                        results: ElectionResults) -> tuple[str, str, str]:
    """The bar's left and right labels and the line under it for ``forecast``."""
    first, second = results.axis
    n1, n2 = bar.names[0].text, bar.names[1].text
    ev_a = forecast.expected_ev.get(first, 0.0)
    ev_b = forecast.expected_ev.get(second, 0.0)
    w = forecast.win_probability
    return (f"{n1}  {percent(w.get(first, 0.0))} · {ev_a:.0f} EV",
            f"{ev_b:.0f} EV · {percent(w.get(second, 0.0))}  {n2}", odds_text(forecast))


def forecast_texts(figure: MapFigure, forecast: Forecast) -> Iterator[tuple[Text, str]]:
    """The strings the probability map shows with ``forecast`` (the bar's labels, the line
    under it and the title at the sizes its fit tries), with the texts that would show
    them: the window lays out those of the next pick's forecast while it waits."""
    bar, results = figure.bar, figure.scenario.base
    left, right, status = expected_ev_strings(bar, forecast, results)
    yield from ((bar.left_label, left), (bar.right_label, right), (bar.status, status))
    yield from figure.title_ahead(forecast_title(forecast, results))


# -- the map ---------------------------------------------------------------------------

def show_forecast(figure: MapFigure, units: Iterable[str] | None = None,
                  colors: Mapping[str, RGB] | None = None) -> None:
    """Colour ``figure``'s units (all when None) by their win probability, hatch the
    toss-ups in the colour-blind palette, and show the expected electoral votes and the
    odds in the bar. The scenario's marks (changed units) mean nothing here: the
    forecast's picks (the units it is conditioned on) take their dashed outline instead.
    ``colors``: the units' fills for the figure's forecast, when the caller has them."""
    results = figure.scenario.base
    made = figure.forecast is None
    if made:
        figure.forecast = default_forecast(results)
        figure.forecast_source = bundled_poll_source(results.year)
    f = figure.forecast
    if figure.forecast_source and figure.source is not None:
        _set_source_line(figure, figure.forecast_source)
    todo = list(results.units) if units is None else list(units)
    figure.map.set_scenario_marks([u for u in f.picks if u in results.units]
                                  if f is not None else (), ())
    if colors is None or made:  # (``colors``: worked out by the caller, for this forecast)
        colors = probability_colors(figure.palette, f, todo)
    figure.map.set_unit_colors({u: colors[u] for u in todo})
    if figure.style.hatched:
        figure.map.set_hatched(toss_ups(f) if f is not None else [], [])
    show_expected_ev(figure.bar, f, results)


def bundled_poll_source(year: int | None) -> str:
    """The '# source:' line of the bundled final averages of ``year`` ("" for none)."""
    from viewer.core.forecast.bundled import POLL_YEARS, polls_path
    from viewer.core.forecast.inputs import load_poll_averages

    if year not in POLL_YEARS:
        return ""
    return load_poll_averages(polls_path(year)).data_source


def _set_source_line(figure: MapFigure, poll_source: str) -> None:
    """The picture's source line names the polls (their licence asks for it) and the
    shapes; the results file's own source is left out: no result is shown."""
    from viewer.render.map_figure import SHAPES_SOURCE

    parts = [f"Polls: {poll_source.strip().rstrip('.')}."]
    if figure.style.layout == "geo":
        parts.append(SHAPES_SOURCE)
    font = text_font(" ".join(parts), "normal", "source line")
    warn_once(font.warning)
    figure._source_text = font.text  # what _fit_source fits
    if figure.source is not None:
        figure.source.set_text(font.text)
        figure.source.set_fontfamily(list(font.families))


# -- the legend ------------------------------------------------------------------------

def probability_legend(ax: Axes, results: ElectionResults, palette: Palette, *,
                       font_size: float = 7.0, wrap: bool = False) -> AnchoredOffsetbox:
    """One diverging scale: the first candidate's shades from >99 % down to 55–60 %, the
    toss-up, then the second's up to >99 %; the title beside it (above it with ``wrap``)."""
    parts = LegendParts(palette, font_size)
    first, second = results.candidates[0], results.candidates[1]

    def step(color: RGB, label: str, hatch: str | None = None) -> OffsetBox:
        return parts.labelled(parts.swatch(color, hatch=hatch), label)

    n = len(BINS)
    scale: list[OffsetBox] = [parts.name(first.party, first.surname)]
    scale += [step(bin_color(palette, first.party, i), BINS[i][1])
              for i in range(n - 1, -1, -1)]
    scale.append(step(toss_up_color(palette), f"toss-up {TOSS_UP_TEXT}",
                      UNDECIDED_HATCH if palette.hatched else None))
    scale += [step(bin_color(palette, second.party, i), BINS[i][1]) for i in range(n)]
    scale.append(parts.name(second.party, second.surname))
    items = parts.titled(LEGEND_TITLE, parts.row(scale, 2), wrap)
    if any(not r.took_part for r in results.units.values()):
        items.append(parts.row([parts.swatch(palette.no_data), parts.text("No electors")]))
    return parts.place(ax, items)


def legend_texts(box: OffsetBox) -> list[str]:
    """Every text in a legend box (for tests and accessibility checks)."""
    out: list[str] = []

    def walk(b: OffsetBox) -> None:
        if isinstance(b, TextArea):
            out.append(b.get_text())
        for child in b.get_children():
            if isinstance(child, OffsetBox):
                walk(child)

    walk(box)
    return out

