"""The national picture in one object: electoral votes, the popular vote with shares, the
popular-vote margin, the tipping point and how many votes were cast (with the change since
the previous election). Qt-free, for the Details panel before a unit is clicked."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from viewer.core.electoral import tipping_point
from viewer.core.results import ElectionResults


@dataclass(frozen=True)
class PopularVote:
    party: str
    votes: int
    share: float  # percent of all votes cast


@dataclass(frozen=True)
class NationalSummary:
    electoral: Mapping[str, int]  # party -> electoral votes, candidate order
    undecided_ev: int
    winner: str | None  # a party, TIE, or None while nobody has 270
    popular: tuple[PopularVote, ...]  # most votes first; empty without vote counts
    other_votes: int  # votes for candidates outside ``popular``
    total_votes: int | None  # all votes cast (the turnout in votes); None without counts
    leader: str | None  # the party ahead in the popular vote
    margin_points: float | None  # the leader's lead, points of all votes cast
    margin_votes: int | None
    tipping_unit: str | None
    tipping_margin: float | None  # signed, first party minus second, points
    previous_year: int | None
    previous_total: int | None  # votes cast in the previous election, when known

    @property
    def turnout_change(self) -> float | None:
        """Percent change in votes cast since the previous election."""
        if not self.total_votes or not self.previous_total:
            return None
        return 100.0 * (self.total_votes - self.previous_total) / self.previous_total


def national_summary(results: ElectionResults,
                     winners: Mapping[str, str | None] | None = None) -> NationalSummary:
    """The summary for ``winners`` (default: the official ones). The popular vote, the
    margin and the votes cast are always the counted votes; electoral votes and the
    tipping point follow ``winners``."""
    wins = dict(results.winners if winners is None else winners)
    t = results.tally(wins)
    popular: tuple[PopularVote, ...] = ()
    other = 0
    total: int | None = None
    leader: str | None = None
    margin_points: float | None = None
    margin_votes: int | None = None
    pv = results.popular_vote()
    if pv is not None and pv[1] > 0:
        votes, total = pv
        popular = tuple(sorted((PopularVote(p, v, 100.0 * v / total) for p, v in votes.items()),
                               key=lambda item: -item.votes))
        other = total - sum(votes.values())
        if len(popular) >= 2:
            first, second = popular[0], popular[1]
            leader = first.party if first.votes > second.votes else None
            margin_votes = first.votes - second.votes
            margin_points = first.share - second.share
    tp = tipping_point(results, wins) if len(results.parties) >= 2 else None
    prev = results.previous
    prev_pv = prev.popular_vote() if prev is not None else None
    return NationalSummary(
        electoral=t.totals, undecided_ev=t.undecided,
        winner=t.winner,
        popular=popular, other_votes=other, total_votes=total, leader=leader,
        margin_points=margin_points, margin_votes=margin_votes,
        tipping_unit=tp.unit if tp else None, tipping_margin=tp.margin if tp else None,
        previous_year=prev.year if prev is not None else None,
        previous_total=prev_pv[1] if prev_pv is not None else None)
