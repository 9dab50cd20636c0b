"""Counting electoral votes: each candidate's total, what is undecided, and who has a majority.

Kept apart from ``electoral`` so that ``results`` can count its own units without a cycle.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

TIE = "tie"


@dataclass(frozen=True)
class Tally:
    totals: Mapping[str, int]  # candidate code -> electoral votes, in candidate order
    undecided: int
    to_win: int = 270
    # 2 from 1789 to 1800: each elector cast two votes, and the majority needed was of the
    # electors (so two candidates could both pass it); 1 since the 12th Amendment.
    votes_per_elector: int = 1

    @property
    def winner(self) -> str | None:
        """The candidate with a majority; ``TIE`` for an exact tie with nothing undecided
        and no majority (269–269), or, before 1804, two majorities tied at the top (1800);
        None otherwise (votes undecided, or no majority: see ``no_majority``)."""
        ranked = sorted(self.totals.items(), key=lambda kv: -kv[1])
        if not ranked:
            return None
        top = ranked[0][1]
        tied = [p for p, ev in ranked if ev == top]
        if top >= self.to_win:
            if len(tied) == 1:
                return ranked[0][0]
            return TIE if self.undecided == 0 else None
        if self.undecided == 0 and len(tied) == 2 and self.votes_per_elector == 1 \
                and top + 1 == self.to_win and sum(self.totals.values()) == 2 * top:
            return TIE
        return None

    @property
    def is_tie(self) -> bool:
        return self.winner == TIE

    @property
    def no_majority(self) -> bool:
        """Every vote decided and nobody reached a majority (the House chooses: 1824)."""
        return self.undecided == 0 and self.winner is None

    def needed(self, party: str) -> int:
        """Electoral votes the candidate still needs for a majority; never negative."""
        return max(0, self.to_win - self.totals.get(party, 0))


def tally(
    winners: Mapping[str, str | None], electoral_votes: Mapping[str, int],
    parties: Iterable[str], *, to_win: int = 270,
    as_cast: Mapping[str, tuple[str | None, Mapping[str, int]]] | None = None,
    votes_per_elector: int = 1,
) -> Tally:
    """Count each unit's votes for its winner (or as undecided).

    ``as_cast`` maps a unit to (its official winner, the votes as its electors cast them):
    while the unit shows its official winner its votes count as cast, split, faithless
    or for a third candidate; given to anyone else, all of them go to that candidate.
    """
    totals = dict.fromkeys(parties, 0)
    undecided = 0
    for unit, ev in electoral_votes.items():
        w = winners.get(unit)
        cast = as_cast.get(unit) if as_cast else None
        if cast is not None and w == cast[0]:
            for p, n in cast[1].items():
                totals[p] = totals.get(p, 0) + n
        elif w is None:
            undecided += ev
        else:
            totals[w] = totals.get(w, 0) + ev
    return Tally(totals, undecided, to_win, votes_per_elector)
