"""Uniform swing: shift every unit's margin by the same number of points.

Points are positive toward the first party (the margin is first minus second). A unit
whose margin cannot be ranked (no votes, not decided, a winner the votes contradict: see
``ElectionResults.skipped_units``) keeps its winner; a unit exactly at zero keeps its
winner too, so no swing of 0 changes anything.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from viewer.core.electoral import Tally, tipping_point
from viewer.core.results import ElectionResults


@dataclass(frozen=True)
class SwingResult:
    points: float
    winners: dict[str, str | None]
    flipped: tuple[str, ...]  # units whose winner changed, largest first
    tally: Tally


def swung_margins(results: ElectionResults, points: float,
                  locked: Iterable[str] = ()) -> dict[str, float]:
    """Each unit's margin after a uniform swing: its official margin moved by ``points``,
    for the units a swing moves (a trusted margin, not locked); the others are left out."""
    frozen = set(locked)
    return {unit: m + points for unit, m in results.trusted_margins.items()
            if m is not None and unit not in frozen}


def swung_winners(results: ElectionResults, points: float,
                  locked: Iterable[str] = (), base: dict[str, str | None] | None = None,
                  ) -> dict[str, str | None]:
    a, b = results.axis
    winners = dict(results.winners if base is None else base)
    for unit, shifted in swung_margins(results, points, locked).items():
        if shifted > 0:
            winners[unit] = a
        elif shifted < 0:
            winners[unit] = b
    return winners


def swing_changes(results: ElectionResults, points: float,
                  locked: Iterable[str] = ()) -> tuple[tuple[str, str | None], ...]:
    """The what-if edit a uniform swing of ``points`` makes: every unit with a margin and
    not locked gets the winner the swing gives it (its official one included)."""
    frozen = set(locked)
    swung = swung_winners(results, points, frozen)
    return tuple((u, swung[u]) for u in results.units
                 if u not in frozen and results.margin(u) is not None)


@dataclass(frozen=True)
class ShownMargins:
    """What a map may say about each unit's margin in a scenario under a uniform swing."""

    margins: dict[str, float | None]  # the margin behind the unit's winner; None: unknown
    by_hand: frozenset[str]  # winners neither the results nor the swing give: no margin


def shown_margins(results: ElectionResults, winners: Mapping[str, str | None],
                  points: float = 0.0) -> ShownMargins:
    """The margin each unit's shown winner has: after the swing for a winner the swing
    gives (whether or not the unit is locked since), the official margin for the official
    winner the swing would not give (set back by hand, or left out of swings), and none
    for a winner set by hand (``by_hand``) or an undecided unit."""
    swung = swung_margins(results, points)
    by_swing = swung_winners(results, points)
    margins: dict[str, float | None] = {}
    by_hand = []
    for unit in results.units:
        winner = winners.get(unit)
        if winner is None:
            margins[unit] = None
        elif not points and winner == results.units[unit].winner:
            # No swing: the official winner's own lead over the runner-up, whoever that
            # is (a third-party winner is never shaded by the other two's margin).
            margins[unit] = results.lead(unit)
        elif unit in swung and winner == by_swing[unit]:
            margins[unit] = swung[unit]
        elif winner == results.units[unit].winner:
            margins[unit] = results.margin(unit)
        else:
            margins[unit] = None
            by_hand.append(unit)
    return ShownMargins(margins, frozenset(by_hand))


def uniform_swing(results: ElectionResults, points: float,
                  locked: Iterable[str] = ()) -> SwingResult:
    winners = swung_winners(results, points, locked)
    flipped = sorted((u for u in results.units if winners[u] != results.units[u].winner),
                     key=lambda u: (-results.electoral_votes[u], u))
    return SwingResult(points, winners, tuple(flipped), results.tally(winners))


def swing_to_win(results: ElectionResults, party: str) -> float | None:
    """Smallest uniform swing (points, signed toward the first party) giving ``party`` 270.

    The party wins once the swing passes the margin of its 270th vote's unit; the value
    returned is that margin (the swing must exceed it). 0.0 if it already wins; None if
    no swing is enough (e.g. no vote counts).
    """
    a, b = results.axis
    if party not in (a, b):
        return None
    if results.tally().totals.get(party, 0) >= results.to_win:
        return 0.0
    sign = 1.0 if party == a else -1.0
    # The party takes units in order of how far behind it is in them; the votes it holds
    # elsewhere (units left out of swings, split units counted as cast) come with the tally.
    gaps = sorted({-sign * m for u in results.units
                   if (m := results.trusted_margin(u)) is not None})
    for gap in gaps:
        past = sign * (gap + 1e-9)  # just beyond the unit's margin, which it must exceed
        if results.tally(swung_winners(results, past)).totals.get(party, 0) >= results.to_win:
            return sign * max(gap, 0.0)
    return None


@dataclass(frozen=True)
class TippingSummary:
    unit: str
    margin: float
    winner: str
    next_units: tuple[tuple[str, float], ...]  # the units next in line, with margins
    national_margin: float | None
    bias: float | None  # tipping-point margin minus national margin, points


def tipping_summary(results: ElectionResults, next_count: int = 3) -> TippingSummary | None:
    tp = tipping_point(results)
    if tp is None:
        return None
    a, _ = results.axis
    sign = 1.0 if tp.winner == a else -1.0
    ranked = [(sign * m, u) for u, w in results.winners.items()
              if w == tp.winner and (m := results.trusted_margin(u)) is not None]
    units = [u for _, u in sorted(ranked, key=lambda item: (-item[0], item[1]))]
    i = units.index(tp.unit)
    nxt = tuple((u, results.margin(u) or 0.0) for u in units[i + 1:i + 1 + next_count])
    national = results.national_margin()
    bias = None if national is None else tp.margin - national
    return TippingSummary(tp.unit, tp.margin, tp.winner, nxt, national, bias)
