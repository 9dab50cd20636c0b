"""The live-results map (issue #18): a night of counting as of one time.

- A called unit: its party's full colour.
- A unit not called (or with no call information): tinted by the candidate leading its
  count, stronger as more of the expected vote is counted (``tint_strength``). Where the
  share counted is unknown (no expected vote in the data) or there is no count yet, the
  unit is a neutral light grey: a leader is never shaded as if the count were known.
- A disputed unit (callers project different winners): the theme's undecided grey.
- The bar counts called electoral votes only; the rest is grey. Under it, "N results to
  go" in the words of ``viewer.core.live_count.summary`` (a lower bound when units have no
  call information).

``MapFigure`` calls ``show_live`` when its style's mode is ``LIVE``; its ``live_night``
and ``live_time`` say what is shown (none: every unit grey, "No live results loaded").
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from matplotlib.axes import Axes
from matplotlib.offsetbox import (
    AnchoredOffsetbox,
    OffsetBox,
)
from matplotlib.text import Text

from viewer.core.live_count.model import CallState, NightState
from viewer.core.live_count.summary import summarise, to_go_text
from viewer.core.results import ElectionResults
from viewer.render.legend_parts import LegendParts
from viewer.render.packing import VPack
from viewer.render.palette import RGB, Palette, mix

if TYPE_CHECKING:
    from viewer.core.live_count.model import Night
    from viewer.render.ev_bar import EVBar
    from viewer.render.map_figure import MapFigure

MIN_TINT = 0.15  # the leader's tint with nothing counted yet
MAX_TINT = 0.65  # ... and with all the expected vote counted (a call is the full colour)
LEGEND_STEPS = (10, 50, 90)  # percent counted shown in the legend's swatches


def tint_strength(expected_counted: float) -> float:
    """The share of the party colour for a leader with ``expected_counted`` % counted."""
    frac = min(max(expected_counted, 0.0), 100.0) / 100.0
    return MIN_TINT + (MAX_TINT - MIN_TINT) * frac


def unknown_color(palette: Palette) -> RGB:
    """No count, or the share of the expected vote counted is unknown."""
    return palette.no_data


def live_colors(palette: Palette, state: NightState | None,
                units: Iterable[str]) -> dict[str, RGB]:
    out: dict[str, RGB] = {}
    for u in units:
        s = None if state is None else state.units.get(u)
        if s is None:
            out[u] = unknown_color(palette)
        elif s.call.state is CallState.CALLED and s.call.party is not None:
            out[u] = palette.party(s.call.party)
        elif s.call.state is CallState.DISPUTED:
            out[u] = palette.undecided
        elif s.lead is None or s.lead.leader is None or s.lead.expected_counted is None:
            out[u] = unknown_color(palette)
        else:
            out[u] = mix(palette.party(s.lead.leader), tint_strength(s.lead.expected_counted))
    return out


def live_title(night: Night | None, results: ElectionResults) -> str:
    if night is None:
        return "Live results: none loaded (File ▸ Open live results…)"
    year = night.year or results.year
    return f"{year} live results" if year else "Live results"


def show_called_ev(bar: EVBar, called: Mapping[str, int] | None, results: ElectionResults,
                   status: str) -> None:
    """The bar with the called electoral votes of each side and the rest grey."""
    bar.show(called or {}, *called_texts(bar, called, results), status)


def called_texts(bar: EVBar, called: Mapping[str, int] | None,
                 results: ElectionResults) -> tuple[str, str]:
    """The bar's two totals: each side's called electoral votes."""
    first, second = results.axis
    called = called or {}
    n1, n2 = bar.names[0].text, bar.names[1].text
    return (f"{n1}  {called.get(first, 0)} called", f"{called.get(second, 0)} called  {n2}")


def show_live(figure: MapFigure, units: Iterable[str] | None = None,
              state: NightState | None = None) -> None:
    """Colour ``figure``'s units by the night as of ``figure.live_time`` and show the
    called electoral votes and the results to go in the bar (``state``: the night as of
    that time, when the caller has it)."""
    results = figure.scenario.base
    night, when = figure.live_night, figure.live_time
    todo = list(results.units) if units is None else list(units)
    figure.map.set_scenario_marks((), ())
    if night is None or when is None:
        figure.map.set_unit_colors(live_colors(figure.palette, None, todo))
        show_called_ev(figure.bar, None, results, "No live results loaded")
        return
    state = state if state is not None else night.as_of(when)
    figure.map.set_unit_colors(live_colors(figure.palette, state, todo))
    called, status = _bar_as_of(results, night, when, state)
    show_called_ev(figure.bar, called, results, status)


def _bar_as_of(results: ElectionResults, night: Night, when: datetime,
               state: NightState) -> tuple[Mapping[str, int] | None, str]:
    """The called electoral votes and the line under the bar, as of ``when``."""
    ev = results.electoral_votes if night.year in (None, results.year) else None
    summary = summarise(night, when, ev, state=state)
    status = f"As of {when.astimezone(UTC):%d %b %H:%M} UTC: {to_go_text(summary)}"
    if ev is None:
        status += f" (electoral votes of {results.year} do not fit this {night.year} night)"
    return summary.called_ev, status


def live_texts_ahead(figure: MapFigure) -> list[tuple[Text, str]]:
    """The bar's strings at the night's times just before and after the one shown (the
    time cursor's next step either way) and at ``figure.live_ahead`` (where the replay's
    next step either way puts the count), with the texts that would show them."""
    night, when = figure.live_night, figure.live_time
    if night is None or when is None:
        return []
    times = night.times()
    at = bisect_left(times, when)
    nearby = [times[i] for i in (at + 1, at - 1) if 0 <= i < len(times)]
    results, bar = figure.scenario.base, figure.bar
    out: list[tuple[Text, str]] = []
    for t in dict.fromkeys([*nearby, *figure.live_ahead]):
        if t != when:
            called, status = _bar_as_of(results, night, t, night.as_of(t))
            left, right = called_texts(bar, called, results)
            out += [(bar.left_label, left), (bar.right_label, right), (bar.status, status)]
    return out


def update_live(figure: MapFigure) -> None:
    """The live map after its time moved or its night grew: only the units whose colour
    changed are recoloured (and so repainted), then the bar. The title and legend stay:
    they change with another night, which takes ``figure.update()``."""
    night, when = figure.live_night, figure.live_time
    state = None if night is None or when is None else night.as_of(when)
    colors = live_colors(figure.palette, state, figure.scenario.base.units)
    show_live(figure, [u for u, c in colors.items()
                       if tuple(figure.map.face_color_of(u)[:3]) != tuple(c)], state)


# -- the legend ------------------------------------------------------------------------

def live_legend(ax: Axes, results: ElectionResults, palette: Palette, *,
                font_size: float = 7.0, wrap: bool = False) -> AnchoredOffsetbox:
    """Called (full colour), leading by share of the expected vote counted, and grey for
    no count or share unknown."""
    parts = LegendParts(palette, font_size)
    first, second = results.candidates[0], results.candidates[1]

    def step(color: RGB, label: str) -> OffsetBox:
        return parts.labelled(parts.swatch(color), label)

    scale: list[OffsetBox] = [parts.name(first.party, first.surname),
                              step(palette.party(first.party), "called")]
    scale += [step(mix(palette.party(first.party), tint_strength(p)), f"{p}%")
              for p in reversed(LEGEND_STEPS)]
    scale += [step(mix(palette.party(second.party), tint_strength(p)), f"{p}%")
              for p in LEGEND_STEPS]
    scale += [step(palette.party(second.party), "called"),
              parts.name(second.party, second.surname)]
    unknown = parts.row([parts.swatch(unknown_color(palette)),
                         parts.text("No count, or share counted unknown")])
    disputed = parts.row([parts.swatch(palette.undecided), parts.text("Disputed")])
    items = parts.titled("Called, or leading by % of expected vote counted",
                         parts.row(scale, 2), wrap)
    if wrap:
        items.append(VPack(children=[unknown, disputed], align="left", pad=0, sep=3))
    else:
        items += [unknown, disputed]
    return parts.place(ax, items, 12)
