"""Electoral arithmetic: margin bins and the tipping point (counting is in ``tally``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from viewer.core.results import ElectionResults
from viewer.core.tally import TIE, Tally, tally

__all__ = [
    "TIE",
    "Tally",
    "TippingPoint",
    "format_margin",
    "margin_bin",
    "margin_words",
    "tally",
    "tipping_point",
]


# Rating bins by the size of the margin, in points, as the familiar maps use them.
MARGIN_BINS: tuple[tuple[float, str], ...] = ((1.0, "tilt"), (5.0, "lean"), (15.0, "likely"))
SAFE = "safe"
BIN_NAMES: tuple[str, ...] = (*[name for _, name in MARGIN_BINS], SAFE)


def margin_bin(margin: float | None) -> str | None:
    """'tilt' under 1 point, 'lean' under 5, 'likely' under 15, else 'safe'; None if unknown."""
    if margin is None:
        return None
    m = abs(margin)
    for limit, name in MARGIN_BINS:
        if m < limit:
            return name
    return SAFE


def format_margin(margin: float | None, results: ElectionResults) -> str:
    """'R+1.7' style text, letters from the party codes (first letter)."""
    if margin is None:
        return "votes not available"
    a, b = results.axis
    if abs(margin) < 0.005:
        return "even"
    party = a if margin > 0 else b
    return f"{party[:1]}+{abs(margin):.2f}"


def margin_words(margin: float | None, results: ElectionResults) -> str:
    """'Trump +1.70': the leader by name, for sentences ('even', 'votes not available');
    ``format_margin``'s party letters are for tables."""
    if margin is None:
        return "votes not available"
    if abs(margin) < 0.005:
        return "even"
    a, b = results.axis
    return f"{results.candidate(a if margin > 0 else b).surname} +{abs(margin):.2f}"


@dataclass(frozen=True)
class TippingPoint:
    unit: str
    margin: float  # signed, first party minus second, points
    winner: str
    skipped: tuple[str, ...] = ()  # the winner's units left out of the order (no margin)


def tipping_point(
    results: ElectionResults, winners: Mapping[str, str | None] | None = None,
) -> TippingPoint | None:
    """The unit that gives the winner its 270th vote, the winner's units ordered by margin.

    Units are taken most comfortable first; ME/NE at-large and districts are separate
    units, so no vote is counted twice. A winner's unit whose margin cannot be ranked
    (``results.skipped_units``) could sit anywhere in the order: the answer is given only
    when it is the same with those units first and with them last, i.e. wherever they
    rank. None when there is no winner, or when the answer depends on them.
    """
    winners = dict(results.winners if winners is None else winners)
    t = results.tally(winners)
    winner = t.winner
    if winner is None or winner == TIE:
        return None
    a, _ = results.axis
    sign = 1.0 if winner == a else -1.0
    ordered: list[tuple[float, str]] = []
    skipped: list[str] = []
    for unit, w in winners.items():
        if w != winner:
            continue
        m = results.trusted_margin(unit)
        if m is None:
            skipped.append(unit)
        else:
            ordered.append((sign * m, unit))
    ordered.sort(key=lambda item: (-item[0], item[1]))
    ranked = [u for _, u in ordered]
    # Votes the winner holds outside its own units' full count: split units count as cast
    # (1960 Alabama gave Kennedy 5 of 11), so the running total starts from the difference.
    ev = _winner_votes(results, winners, winner)
    offset = t.totals.get(winner, 0) - sum(ev[u] for u in ranked) - sum(ev[u] for u in skipped)
    first = _reaching(ranked, ev, offset + sum(ev[u] for u in skipped), t.to_win)
    last = _reaching(ranked, ev, offset, t.to_win)  # skipped ranked closest
    if first is None or first != last:
        return None
    margin = results.margin(first)
    assert margin is not None
    return TippingPoint(first, margin, winner, tuple(skipped))


def _winner_votes(results: ElectionResults, winners: Mapping[str, str | None],
                  winner: str) -> dict[str, int]:
    """What each of the winner's units gives the winner (as cast where it keeps its result)."""
    out = {}
    for u, w in winners.items():
        if w != winner:
            continue
        cast = results.as_cast.get(u)
        out[u] = cast[1].get(winner, 0) if cast and cast[0] == w else results.electoral_votes[u]
    return out


def _reaching(units: list[str], electoral_votes: Mapping[str, int], start: int,
              to_win: int) -> str | None:
    """The unit whose votes take the running total, from ``start``, to a majority."""
    running = start
    for unit in units:
        running += electoral_votes[unit]
        if running >= to_win:
            return unit
    return None
