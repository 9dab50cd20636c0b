"""What the history views show, worked out from the bundled elections (issue #16):

- **same since**: how many elections in a row each unit has voted for the party it voted
  for this year (270toWin's "same since" map);
- **shift against any year**: each unit's change in margin between the shown year and a
  chosen year, on the shown year's margin axis;
- **a state's story**: its winner, its lean against the nation and its electoral votes in
  every election it voted in, and how often it voted for the national winner;
- **the national story**: the winner's electoral-vote and popular-vote margins per year,
  and the years the popular-vote loser won.

Rules, the same in the window, its tests and the docs:

* **A run** counts the elections a unit voted for the same party code (``DEM``, ``REP``,
  ``WHIG`` …; a party's other candidates have codes of their own, so 1836's Whigs or 1824's
  four Democratic-Republicans break a run). This year counts as one. Every way of choosing
  electors counts (popular vote, legislature, or no popular vote before 1824): the unit
  took part and has a winner. A year the unit was a state but **did not vote** (1789 New
  York, 1864's seceded states, 1868 Mississippi, Texas, Virginia) is **skipped**: it neither
  counts nor breaks the run. A year the unit **did not exist** (before statehood; DC before
  1964; Maine's districts before 1972, Nebraska's before 1992) **ends** the run: it is where
  the unit's history starts. Districts have their own history from 1972/1992; the at-large
  rows (``ME``, ``NE``) carry the state's.
* **Lean** is the unit's margin minus the nation's, in points of all votes, on the
  Democrat-against-Republican axis wherever both ran for the popular vote (1856–2024 but
  1872), so positive is "more Democratic than the nation". From 1828 to 1852, when no
  Republican ran, it is measured on the year's own axis, the Democrat against the other
  leading candidate (the National Republican, then the Whig). It is left out (None, with
  the reason) where the unit had no popular vote, where the nation's popular vote is not
  known, and where no Democrat was among the two leading candidates (before 1828; 1872,
  when Greeley ran as a Liberal Republican).
* **The national winner** is who became president (``# president:``), so a state that voted
  for Jackson in 1824 did not vote for the winner: the House chose Adams.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from viewer.core.results import POPULAR, ElectionResults, UnitResult
from viewer.core.units import UNITS, districts_of

DEM, REP = "DEM", "REP"


def _by_year(elections: Iterable[ElectionResults]) -> list[ElectionResults]:
    """The elections with a year, oldest first (one per year: the last given wins)."""
    out = {e.year: e for e in elections if e.year is not None}
    return [out[y] for y in sorted(out)]


# -- same since --------------------------------------------------------------------------

@dataclass(frozen=True)
class Run:
    """A unit's run of elections won by one party, ending with the shown year."""

    unit: str
    party: str  # the party code this year
    count: int  # elections in a row, this year included (skipped years not counted)
    since: int  # the first election of the run
    # What ended it: the year before the run and the party the unit voted for then; None
    # when the run goes back to the unit's first election (``first_year``).
    broken_in: int | None = None
    broken_by: str | None = None
    first_year: int | None = None  # the unit's first election, when the run reaches it
    skipped: tuple[int, ...] = ()  # years inside the run the unit did not vote


def same_since(results: ElectionResults, earlier: Iterable[ElectionResults],
               winners: Mapping[str, str | None] | None = None) -> dict[str, Run | None]:
    """Each unit's run for the shown election ``results`` (with ``winners`` instead of
    its official ones, e.g. a what-if map), looking back through ``earlier`` elections
    (any order; those not before the shown year are ignored). None for a unit with no
    winner this year or that did not vote."""
    year = results.year
    past = [e for e in _by_year(earlier) if year is None or (e.year or 0) < year]
    past.reverse()  # newest first
    shown = results.winners if winners is None else winners
    out: dict[str, Run | None] = {}
    for unit, r in results.units.items():
        party = shown.get(unit)
        if party is None or not r.took_part:
            out[unit] = None
            continue
        out[unit] = _run(unit, party, year, past)
    return out


def _run(unit: str, party: str, year: int | None, past: Sequence[ElectionResults]) -> Run:
    count, since = 1, year if year is not None else 0
    skipped: list[int] = []
    for e in past:
        assert e.year is not None
        r = e.units.get(unit)
        if r is None:  # not a state (or district) yet: the unit's history starts after
            return Run(unit, party, count, since, first_year=since, skipped=tuple(skipped))
        if not r.took_part or r.winner is None:
            skipped.append(e.year)  # did not vote: neither counts nor breaks the run
            continue
        if r.winner != party:
            return Run(unit, party, count, since, broken_in=e.year, broken_by=r.winner,
                       skipped=tuple(skipped))
        count, since = count + 1, e.year
    return Run(unit, party, count, since, first_year=since, skipped=tuple(skipped))


# -- shift against any year ----------------------------------------------------------------

def margin_on(r: UnitResult, a: str, b: str) -> float | None:
    """``a``'s share minus ``b``'s in points of all votes; None without votes."""
    sa, sb = r.share(a), r.share(b)
    return None if sa is None or sb is None else sa - sb


@dataclass(frozen=True)
class Shift:
    """Each unit's change in margin from ``then`` to the shown year, on the shown year's
    axis (positive: toward its first candidate); None where it cannot be measured."""

    year: int | None
    then: int | None
    axis: tuple[str, str]
    values: Mapping[str, float | None]
    problem: str = ""  # why no unit has a value ("" when some have)


def shift_between(now: ElectionResults, then: ElectionResults) -> Shift:
    """The shift map against any year: ``now``'s margin minus ``then``'s, matched by party
    code. None for a unit missing in either year, without votes in either, or when
    ``then`` lacks one of ``now``'s two axis parties (so no unit has a value)."""
    a, b = now.axis
    missing = [p for p in (a, b) if p not in then.parties]
    if missing:
        names = " and ".join(now.candidate(p).party_name or p for p in missing)
        return Shift(now.year, then.year, (a, b), dict.fromkeys(now.units),
                     f"{then.year} had no {names} candidate to compare with")
    values: dict[str, float | None] = {}
    for unit in now.units:
        old = then.units.get(unit)
        m_now = now.margin(unit)
        m_then = None if old is None else margin_on(old, a, b)
        values[unit] = None if m_now is None or m_then is None else m_now - m_then
    problem = "" if any(v is not None for v in values.values()) else (
        f"no unit has vote counts in both {now.year} and {then.year}")
    return Shift(now.year, then.year, (a, b), values, problem)


# -- a state's story -----------------------------------------------------------------------

@dataclass(frozen=True)
class StoryYear:
    year: int
    winner: str | None  # party code of the unit's winner (None: did not vote)
    winner_name: str
    party_name: str
    color: str
    electoral_votes: int  # allotted to the state (its districts included) that year
    took_part: bool
    margin: float | None  # the unit's margin on ``axis``
    national_margin: float | None
    lean: float | None  # margin minus national margin (+: toward axis[0], the Democrat)
    axis: tuple[str, str] | None  # what the lean is measured on
    lean_note: str  # why there is no lean, or "" when there is one
    national_winner: str | None  # who became president
    with_winner: bool | None  # voted for him (None: did not vote)


@dataclass(frozen=True)
class StateStory:
    unit: str
    years: tuple[StoryYear, ...]  # the elections the unit existed in, oldest first

    @property
    def voted(self) -> tuple[StoryYear, ...]:
        return tuple(y for y in self.years if y.took_part and y.winner is not None)

    @property
    def with_winner(self) -> int:
        return sum(1 for y in self.voted if y.with_winner)

    def summary(self) -> str:
        """'Voted for the national winner in 48 of 59 elections (1789–2024)'."""
        voted = self.voted
        if not voted:
            return "Never voted in a presidential election"
        span = f"{voted[0].year}–{voted[-1].year}" if len(voted) > 1 else str(voted[0].year)
        n = len(voted)
        return (f"Voted for the national winner in {self.with_winner} of {n} "
                f"election{'s' if n != 1 else ''} ({span})")

    def runs(self) -> list[tuple[str, int, int, int]]:
        """The winners in order as runs: (party code, first year, last year, elections);
        years the unit did not vote are left out."""
        out: list[tuple[str, int, int, int]] = []
        for y in self.voted:
            assert y.winner is not None
            if out and out[-1][0] == y.winner:
                party, first, _, n = out[-1]
                out[-1] = (party, first, y.year, n + 1)
            else:
                out.append((y.winner, y.year, y.year, 1))
        return out

    def year(self, year: int) -> StoryYear | None:
        return next((y for y in self.years if y.year == year), None)


def lean_axis(results: ElectionResults) -> tuple[str, str] | None:
    """The axis leans are measured on that year: Democrat–Republican where both ran, else
    the Democrat against the other of the two leading candidates; None without a Democrat
    among them (before 1828, and 1872, when Greeley ran as a Liberal Republican and the
    Democratic code stands for Hendricks's electoral votes only, no popular vote)."""
    if DEM in results.parties and REP in results.parties:
        pv = results.popular_vote()
        if pv is None or (pv[0].get(DEM, 0) > 0 and pv[0].get(REP, 0) > 0):
            return DEM, REP  # both ran for the popular vote
    a, b = results.axis
    if DEM in (a, b):
        return DEM, b if a == DEM else a
    return None


def national_margin_on(results: ElectionResults, a: str, b: str) -> float | None:
    pv = results.popular_vote()
    if pv is None or not pv[1]:
        return None
    votes, total = pv
    return 100.0 * (votes.get(a, 0) - votes.get(b, 0)) / total


def _state_ev(results: ElectionResults, unit: str) -> int:
    """The electors allotted to a state (its districts with it); a district's own."""
    if UNITS[unit].is_district:
        return results.units[unit].electoral_votes
    return sum(results.units[u].electoral_votes for u in (unit, *districts_of(unit))
               if u in results.units)


def state_story(unit: str, elections: Iterable[ElectionResults]) -> StateStory:
    """``unit``'s story over ``elections`` (the bundled ones): one row per election the
    unit existed in."""
    rows = []
    for e in _by_year(elections):
        r = e.units.get(unit)
        if r is None:
            continue
        assert e.year is not None
        winner = r.winner if r.took_part else None
        cand = e.candidate(winner) if winner else None
        axis = lean_axis(e)
        margin = national = lean = None
        note = ""
        if not r.took_part:
            note = "did not vote"
        elif axis is None:
            note = "no Democratic candidate among the two leading"
        elif r.electors != POPULAR or not r.has_votes:
            note = "no popular vote" if r.electors != POPULAR else "votes not available"
        else:
            margin = margin_on(r, *axis)
            national = national_margin_on(e, *axis)
            if national is None:
                note = "national popular vote not known"
            elif margin is not None:
                lean = margin - national
        if lean is None and not note:
            note = "votes not available"
        president = e.president or e.tally().winner
        rows.append(StoryYear(
            year=e.year, winner=winner, winner_name=cand.name if cand else "",
            party_name=(cand.party_name or cand.name) if cand else "",
            color=cand.color if cand else "", electoral_votes=_state_ev(e, unit),
            took_part=r.took_part, margin=margin, national_margin=national, lean=lean,
            axis=axis if lean is not None else None, lean_note="" if lean is not None else note,
            national_winner=president,
            with_winner=None if winner is None else winner == president))
    return StateStory(unit, tuple(rows))


# -- the national story --------------------------------------------------------------------

@dataclass(frozen=True)
class NationalYear:
    year: int
    winner: str  # who became president (party code)
    winner_name: str
    how_chosen: str
    electoral_votes: int  # the winner's, as counted
    runner_up: str | None  # most electoral votes of the others
    runner_up_votes: int
    electors: int  # allotted to the states that took part
    votes_per_elector: int
    ev_margin: int  # winner's electoral votes minus the runner-up's (negative: 1824)
    popular_margin: float | None  # winner's share minus the best other's, in points
    popular_leader: str | None  # who had most popular votes (None: not known)
    no_majority: bool  # nobody had a majority of the electors (1800's tie, 1824)

    @property
    def ev_margin_share(self) -> float:
        """The electoral-vote margin in points of all electoral votes cast (each elector
        cast two before 1804)."""
        return 100.0 * self.ev_margin / max(1, self.electors * self.votes_per_elector)

    @property
    def popular_loser_won(self) -> bool:
        """The president was not the popular-vote leader (1824, 1876, 1888, 2000, 2016)."""
        return self.popular_leader is not None and self.popular_leader != self.winner


def national_year(results: ElectionResults) -> NationalYear | None:
    """The national row of one election; None when the file names no winner."""
    tally = results.tally()
    winner = results.president or tally.winner
    if results.year is None or winner is None or winner not in results.parties:
        return None
    totals = tally.totals
    others = sorted(((n, p) for p, n in totals.items() if p != winner), reverse=True)
    runner_n, runner = others[0] if others else (0, None)
    popular_margin = leader = None
    pv = results.popular_vote()
    if pv is not None and pv[1]:
        votes, total = pv
        leader = max(votes, key=lambda p: votes[p])
        best_other = max((v for p, v in votes.items() if p != winner), default=0)
        popular_margin = 100.0 * (votes.get(winner, 0) - best_other) / total
    return NationalYear(
        year=results.year, winner=winner, winner_name=results.candidate(winner).name,
        how_chosen=results.how_chosen, electoral_votes=totals.get(winner, 0),
        runner_up=runner, runner_up_votes=runner_n, electors=results.total_electoral_votes,
        votes_per_elector=results.votes_per_elector,
        ev_margin=totals.get(winner, 0) - runner_n, popular_margin=popular_margin,
        popular_leader=leader, no_majority=tally.winner != winner)


def national_story(elections: Iterable[ElectionResults]) -> tuple[NationalYear, ...]:
    """The national row of every election, oldest first."""
    return tuple(n for e in _by_year(elections) if (n := national_year(e)) is not None)


def popular_loser_years(story: Iterable[NationalYear]) -> list[int]:
    return [n.year for n in story if n.popular_loser_won]
