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

from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC
from typing import TYPE_CHECKING

from matplotlib.axes import Axes
from matplotlib.offsetbox import (
    AnchoredOffsetbox,
    DrawingArea,
    HPacker,
    OffsetBox,
    TextArea,
    VPacker,
)
from matplotlib.patches import Rectangle

from viewer.core.live_count.model import CallState, NightState
from viewer.core.live_count.summary import summarise, to_go_text
from viewer.core.results import ElectionResults
from viewer.render.contrast import readable_on
from viewer.render.fonts import text_font, warn_once
from viewer.render.palette import RGB, Palette, mix

if TYPE_CHECKING:
    from viewer.core.live_count.model import Night
    from viewer.render.ev_bar import EVBar
    from viewer.render.map_figure import MapFigure

MIN_TINT = 0.15  # the leader's tint with nothing counted yet
MAX_TINT = 0.65  # ... and with all the expected vote counted (a call is the full colour)
LEGEND_STEPS = (10, 50, 90)  # percent counted shown in the legend's swatches
_SW, _SH = 20.0, 9.0


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
    first, second = results.axis
    rects = bar._rects  # the bar's own parts, laid out here for this map
    for rect in rects.values():
        rect.set_width(0)
    called = called or {}
    a, b = called.get(first, 0), called.get(second, 0)
    rects[first].set_x(0)
    rects[first].set_width(a)
    rects[second].set_x(bar.span - b)
    rects[second].set_width(b)
    x = a
    for party in results.parties:  # third parties' called votes after the first's
        if party in (first, second) or party not in rects:
            continue
        rects[party].set_x(x)
        rects[party].set_width(called.get(party, 0))
        x += called.get(party, 0)
    bar.undecided.set_x(x)
    bar.undecided.set_width(max(0.0, bar.span - x - b))
    n1, n2 = bar.names[0].text, bar.names[1].text
    bar.left_label.set_text(f"{n1}  {a} called")
    bar.right_label.set_text(f"{b} called  {n2}")
    font = text_font(status, "normal", "candidate name")
    bar.status.set_fontfamily(list(font.families))
    bar.status.set_text(font.text)


def show_live(figure: MapFigure, units: Iterable[str] | None = None) -> None:
    """Colour ``figure``'s units by the night as of ``figure.live_time`` and show the
    called electoral votes and the results to go in the bar."""
    results = figure.scenario.base
    night, when = figure.live_night, figure.live_time
    todo = list(results.units) if units is None else list(units)
    figure.map.set_scenario_marks((), ())
    if night is None or when is None:
        figure.map.set_unit_colors(live_colors(figure.palette, None, todo))
        show_called_ev(figure.bar, None, results, "No live results loaded")
        return
    state = night.as_of(when)
    figure.map.set_unit_colors(live_colors(figure.palette, state, todo))
    ev = results.electoral_votes if night.year in (None, results.year) else None
    summary = summarise(night, when, ev)
    to_go = to_go_text(summary)
    status = f"As of {when.astimezone(UTC):%d %b %H:%M} UTC: {to_go}"
    if ev is None:
        status += f" (electoral votes of {results.year} do not fit this {night.year} night)"
    show_called_ev(figure.bar, summary.called_ev, results, status)


# -- the legend ------------------------------------------------------------------------

def live_legend(ax: Axes, results: ElectionResults, palette: Palette, *,
                font_size: float = 7.0, wrap: bool = False) -> AnchoredOffsetbox:
    """Called (full colour), leading by share of the expected vote counted, and grey for
    no count or share unknown."""
    ax.set_axis_off()
    theme = palette.theme
    first, second = results.candidates[0], results.candidates[1]

    def text(s: str, **props: object) -> TextArea:
        font = text_font(s, str(props.get("fontweight", "normal")), "candidate name")
        warn_once(font.warning)
        return TextArea(font.text, textprops={"fontsize": font_size, "color": theme.text,
                                              "fontfamily": list(font.families), **props})

    def swatch(color: RGB, label: str) -> VPacker:
        area = DrawingArea(_SW, _SH)
        area.add_artist(Rectangle((0, 0), _SW, _SH, facecolor=color, edgecolor=theme.muted,
                                  lw=0.3))
        return VPacker(children=[area, text(label, fontsize=font_size * 0.8,
                                            color=theme.muted)],
                       align="center", pad=0, sep=1)

    def row(children: Sequence[OffsetBox], sep: float = 4) -> HPacker:
        return HPacker(children=list(children), align="center", pad=0, sep=sep)

    def name(party: str, surname: str) -> TextArea:
        return text(surname, fontweight="bold",
                    color=readable_on(palette.party(party), theme.background))

    scale: list[OffsetBox] = [name(first.party, first.surname),
                              swatch(palette.party(first.party), "called")]
    scale += [swatch(mix(palette.party(first.party), tint_strength(p)), f"{p}%")
              for p in reversed(LEGEND_STEPS)]
    scale += [swatch(mix(palette.party(second.party), tint_strength(p)), f"{p}%")
              for p in LEGEND_STEPS]
    scale += [swatch(palette.party(second.party), "called"), name(second.party, second.surname)]
    title = text("Called, or leading by % of expected vote counted")
    unknown = row([swatch(unknown_color(palette), ""),
                   text("No count, or share counted unknown")])
    disputed = row([swatch(palette.undecided, ""), text("Disputed")])
    items: list[OffsetBox] = []
    if wrap:
        items.append(VPacker(children=[title, row(scale, 2)], align="left", pad=0, sep=3))
        items.append(VPacker(children=[unknown, disputed], align="left", pad=0, sep=3))
    else:
        items += [title, row(scale, 2), unknown, disputed]
    box = AnchoredOffsetbox(loc="center left", child=row(items, 12), frameon=False,
                            bbox_to_anchor=(0, 0.5), bbox_transform=ax.transAxes,
                            borderpad=0, pad=0)
    ax.add_artist(box)
    return box
