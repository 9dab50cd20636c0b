"""The legend under the map: what the colours (or arrows) and the what-if marks mean.

Laid out with offset boxes in points, so it reads the same in a narrow window and in a wide
export."""

from __future__ import annotations

from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backend_bases import RendererBase
from matplotlib.offsetbox import (
    AnchoredOffsetbox,
    DrawingArea,
    OffsetBox,
)
from matplotlib.patches import FancyArrow, Rectangle

from viewer.core.electoral import BIN_NAMES
from viewer.core.results import ElectionResults
from viewer.core.units import STATE_CODES
from viewer.render.legend_parts import SWATCH_H, SWATCH_W, LegendParts
from viewer.render.map_layer import MARK_DASHES, MARK_WIDTH
from viewer.render.packing import HPack, VPack
from viewer.render.palette import (
    BY_HAND_HATCH,
    SPLIT_HATCH,
    UNDECIDED_HATCH,
    Palette,
    set_hatch_color,
)
from viewer.render.probability import probability_legend
from viewer.render.style import LIVE, PROBABILITY, SAME_SINCE

ROW_SEP = 14.0  # points between a legend's entries in a row
ROWS_SEP = 4.0  # points between its rows
BIN_TEXT = {"tilt": "<1", "lean": "1–5", "likely": "5–15", "safe": "15+"}


def draw_legend(ax: Axes, results: ElectionResults, palette: Palette,
                *, font_size: float = 7.0, changed: bool = False,
                by_hand: bool = False, uncalled: bool = False,
                wrap: bool = False, compare: int | None = None,
                flow: tuple[RendererBase, float] | None = None) -> AnchoredOffsetbox:
    """The legend; with ``changed``, an entry for the mark on units the scenario changed,
    and with ``by_hand`` (margin map), one for winners set by hand (no margin); with
    ``uncalled`` (the replay), grey means "not called yet", not "undecided". With ``wrap``,
    two rows: the colours, then the other entries (for a narrow picture). With ``flow``
    (a renderer and a width in its pixels), as many rows as that width needs, each filled
    in turn (1836's five candidates in a small picture; the winner, margin and shift
    maps)."""
    if palette.mode == PROBABILITY:  # forecast mode's map: bins of win probability
        return probability_legend(ax, results, palette, font_size=font_size, wrap=wrap)
    if palette.mode == LIVE:  # live results: called, leading by share counted (live_map.py)
        from viewer.render.live_map import live_legend

        return live_legend(ax, results, palette, font_size=font_size, wrap=wrap)
    if palette.mode == SAME_SINCE:  # runs of one party (history_maps.py)
        from viewer.render.history_maps import same_since_legend

        return same_since_legend(ax, results, palette, font_size=font_size, wrap=wrap)
    ax.set_axis_off()
    theme = palette.theme
    first, second = results.candidates[0], results.candidates[1]

    parts = LegendParts(palette, font_size)
    text, swatch, row = parts.text, parts.swatch, parts.row

    def marked(*colors: object, hatch: str | None = None) -> DrawingArea:
        """Swatches side by side with the changed units' mark: a dashed line inside."""
        w = SWATCH_W / len(colors)
        area = DrawingArea(SWATCH_W, SWATCH_H)
        inset = MARK_WIDTH / 4  # half the mark shows, inside the border
        for i, color in enumerate(colors):
            patch = Rectangle((i * w, 0), w, SWATCH_H, facecolor=color, lw=0)
            if hatch:
                patch.set_hatch(hatch)
                set_hatch_color(patch, theme.background)
            area.add_artist(patch)
        area.add_artist(Rectangle((inset, inset), SWATCH_W - 2 * inset, SWATCH_H - 2 * inset,
                                  facecolor="none", edgecolor=theme.text, lw=MARK_WIDTH / 2,
                                  linestyle=MARK_DASHES))
        return area

    def arrow(color: object, direction: int) -> DrawingArea:
        area = DrawingArea(22, SWATCH_H)
        start = 21.0 if direction < 0 else 1.0
        area.add_artist(FancyArrow(start, SWATCH_H / 2, 20.0 * direction, 0, width=1.6,
                                   head_width=6.5, head_length=6.0,
                                   length_includes_head=True, color=color, lw=0))
        return area

    # Every candidate who won a unit gets colours; those whose electoral votes came only
    # from single electors (faithless, split) are named after them.
    won = {r.winner for r in results.units.values() if r.winner and r.counted}
    shown = [first, second, *(c for c in results.candidates_with_votes
                              if c not in (first, second) and c.party in won)]
    totals = results.tally().totals
    elsewhere = [c for c in results.candidates_with_votes
                 if c not in shown and totals.get(c.party, 0)]
    items: list[OffsetBox] = []
    # Without popular votes (before 1824) a unit has a winner and no margin to shade.
    margins = any(r.has_votes for r in results.units.values())
    if palette.mode == "margin" and margins:
        items.append(text("Margin (pts)"))
        for cand in shown:
            bins = [parts.labelled(swatch(palette.shade(cand.party, b)), BIN_TEXT[b])
                    for b in BIN_NAMES]
            items.append(row([parts.name(cand.party, cand.surname), row(bins, 2)]))
    elif palette.mode in ("winner", "margin"):
        items.append(text("Winner" if margins else "Winner (no popular vote)"))
        for cand in shown:
            items.append(row([swatch(palette.party(cand.party)), text(cand.surname)]))
    else:
        prev = results.previous
        since = f" since {prev.year}" if prev is not None and prev.year else ""
        if compare is not None and compare != results.year:  # the year chosen to compare
            since = (f" since {compare}" if compare < (results.year or 0)
                     else f" compared with {compare}")
        items.append(text(f"Shift in margin{since}"))
        for cand, direction in ((first, -1), (second, 1)):
            items.append(row([arrow(palette.party(cand.party), direction),
                              text(f"toward {cand.surname}")]))
        items.append(text("(longer: bigger shift)", color=theme.muted))
    also: OffsetBox | None = None
    if elsewhere:
        also = text("Also: " + ", ".join(
            f"{c.surname} {totals[c.party]}" for c in elsewhere), color=theme.muted)
        items.append(also)
    hatched = palette.hatched
    items.append(row([swatch(palette.undecided, hatch=UNDECIDED_HATCH if hatched else None),
                      text("Not called yet" if uncalled else "Undecided")]))
    if (any(s not in results.units for s in STATE_CODES)
            or any(not r.took_part for r in results.units.values())):
        items.append(row([swatch(palette.no_data),
                          text("No electors (not a state, or did not vote)")]))
    if hatched:
        items.append(row([swatch(theme.muted, hatch=SPLIT_HATCH), text("Split state")]))
    # What the scenario changed, one entry above the other to keep the row short. The
    # palette's name is no category of the map: it is not in the legend.
    marks: list[HPack] = []
    if changed:
        marks.append(row([marked(theme.background), text("Changed")]))
    if by_hand and palette.mode == "margin":
        marks.append(row([marked(palette.by_hand(first.party), palette.by_hand(second.party),
                                 hatch=BY_HAND_HATCH), text("Set by hand")]))
    if marks:
        items.append(VPack(children=list[Artist](marks), align="left", pad=0, sep=2))
    child: OffsetBox
    if flow is not None:
        child = flow_rows(ax, items, *flow)
    elif wrap and also is not None:
        # The electoral votes cast elsewhere (1789's ten names) make a row of their own.
        rest = [i for i in items if i is not also]
        child = VPack(children=[row(rest, ROW_SEP), row([also], ROW_SEP)], align="left",
                      pad=0, sep=ROWS_SEP)
    elif wrap:
        split = 3 if palette.mode in ("margin", "winner") else 4
        child = VPack(children=[row(items[:split], ROW_SEP), row(items[split:], ROW_SEP)],
                      align="left", pad=0, sep=ROWS_SEP)
    else:
        child = row(items, ROW_SEP)
    return parts.anchor(ax, child)


def flow_rows(ax: Axes, items: list[OffsetBox], renderer: RendererBase,
              room: float) -> OffsetBox:
    """``items`` in rows no wider than ``room`` pixels, each row filled in order before
    the next begins; an entry wider than the room has a row of its own."""
    figure = ax.get_figure(root=True)
    assert figure is not None, "the legend's axes are on a figure"
    for item in items:
        item.set_figure(figure)  # measured before they are placed
    sep = ROW_SEP * figure.dpi / 72  # as the renderer turns points into pixels
    rows: list[list[Artist]] = []
    width = 0.0
    for item in items:
        w = float(item.get_bbox(renderer).width)
        if rows and rows[-1] and width + sep + w <= room:
            rows[-1].append(item)
            width += sep + w
        else:
            rows.append([item])
            width = w
    return VPack(children=[HPack(children=r, align="center", pad=0, sep=ROW_SEP) for r in rows],
                 align="left", pad=0, sep=ROWS_SEP)
