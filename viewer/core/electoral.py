"""Electoral arithmetic: totals, the winner at 270, ties, margin bins and the tipping point."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from viewer.core.results import TO_WIN, TOTAL_ELECTORAL_VOTES, ElectionResults

TIE = "tie"


@dataclass(frozen=True)
class Tally:
    totals: Mapping[str, int]  # party -> electoral votes, in candidate order
    undecided: int
    to_win: int = TO_WIN

    @property
    def winner(self) -> str | None:
        """The party with a majority, ``TIE`` at 269–269 with nothing left, else None."""
        for party, ev in self.totals.items():
            if ev >= self.to_win:
                return party
        tied = [p for p, ev in self.totals.items() if ev == TOTAL_ELECTORAL_VOTES // 2]
        if len(tied) == 2 and self.undecided == 0:
            return TIE
        return None

    @property
    def is_tie(self) -> bool:
        return self.winner == TIE

    def needed(self, party: str) -> int:
        """Electoral votes the party still needs for a majority; never negative."""
        return max(0, self.to_win - self.totals.get(party, 0))


def tally(
    winners: Mapping[str, str | None], electoral_votes: Mapping[str, int],
    parties: Iterable[str],
) -> Tally:
    totals = dict.fromkeys(parties, 0)
    undecided = 0
    for unit, ev in electoral_votes.items():
        w = winners.get(unit)
        if w is None:
            undecided += ev
        else:
            totals[w] = totals.get(w, 0) + ev
    return Tally(totals, undecided)


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
    t = tally(winners, results.electoral_votes, results.parties)
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
    skipped_ev = sum(results.electoral_votes[u] for u in skipped)
    first = _reaching(ranked, results.electoral_votes, skipped_ev)  # skipped ranked safest
    last = _reaching(ranked, results.electoral_votes, 0)  # skipped ranked closest
    if first is None or first != last:
        return None
    margin = results.margin(first)
    assert margin is not None
    return TippingPoint(first, margin, winner, tuple(skipped))


def _reaching(units: list[str], electoral_votes: Mapping[str, int], start: int) -> str | None:
    """The unit whose votes take the running total, from ``start``, to 270."""
    running = start
    for unit in units:
        running += electoral_votes[unit]
        if running >= TO_WIN:
            return unit
    return None
