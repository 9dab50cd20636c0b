"""Paths to 270: exact counts over every outcome of the undecided units.

Counting is dynamic programming over electoral-vote sums (56 units × 539 sums), never
enumeration of the 2^k outcomes; only the short list of smallest winning sets is searched,
with pruning, and it stops after a few.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from viewer.core.results import TO_WIN, TOTAL_ELECTORAL_VOTES, ElectionResults


@dataclass(frozen=True)
class Rules:
    """The year's arithmetic: the majority needed and where an exact tie sits (None
    when the total is odd or other candidates hold votes: no two-way tie is possible)."""

    to_win: int = TO_WIN
    tie_at: int | None = TOTAL_ELECTORAL_VOTES // 2


def outcome_counts(evs: Sequence[int]) -> np.ndarray:
    """counts[s] = number of subsets of the units whose electoral votes add up to s.

    uint64 is exact here: at most 2^56 subsets.
    """
    counts = np.zeros(max(sum(evs), TOTAL_ELECTORAL_VOTES) + 1, dtype=np.uint64)
    counts[0] = 1
    for ev in evs:
        if ev:
            counts[ev:] = counts[ev:] + counts[:-ev].copy()
        else:
            counts = counts * np.uint64(2)
    return counts


@dataclass(frozen=True)
class UnitSplit:
    """How the counts change when one undecided unit is fixed either way."""

    unit: str
    if_first: dict[str, int]  # outcome counts when the first party wins the unit
    if_second: dict[str, int]


@dataclass(frozen=True)
class PathsResult:
    parties: tuple[str, str]
    base: dict[str, int]  # electoral votes already decided, per party
    undecided: tuple[str, ...]
    total: int  # 2^k outcomes
    wins: dict[str, int]  # outcomes giving each party 270 or more
    ties: int  # 269–269 outcomes
    must_win: dict[str, tuple[str, ...]]  # units a party cannot win without
    not_needed: dict[str, tuple[str, ...]]  # units a party never needs
    smallest: dict[str, tuple[tuple[str, ...], ...]]  # fewest-unit minimal winning sets

    def share(self, party: str) -> float:
        return self.wins[party] / self.total if self.total else 0.0

    @property
    def no_majority(self) -> int:
        return self.total - sum(self.wins.values()) - self.ties


def paths_in(results: ElectionResults, winners: Mapping[str, str | None], *,
             smallest_limit: int = 5) -> PathsResult:
    """Paths between the year's two leading candidates, by that year's rules: votes held
    by anyone else stay where they are (Byrd's 15 in 1960, Wallace's 46 in 1968), split
    units count as cast, and units that cast no votes are no path at all."""
    rules, base = _year_rules(results, winners)
    return paths_to_270(results.electoral_votes, winners, results.axis,
                        smallest_limit=smallest_limit, rules=rules, base=base)


def paths_to_270(
    electoral_votes: Mapping[str, int], winners: Mapping[str, str | None],
    parties: tuple[str, str], *, smallest_limit: int = 5, rules: Rules = Rules(),
    base: Mapping[str, int] | None = None,
) -> PathsResult:
    """Every outcome of the units whose winner is None, for the two parties given.

    ``base``: each party's decided votes when the caller counted them (split units);
    by default the votes of the units each one wins."""
    a, b = parties
    decided, undecided = _decided_and_open(electoral_votes, winners, parties)
    base = dict(decided if base is None else base)
    evs = [electoral_votes[u] for u in undecided]
    pool = sum(evs)
    counts = outcome_counts(evs)
    wins_a, wins_b, ties = _tally_counts(counts, base[a], base[b], pool, rules)
    total = 1 << len(undecided)
    must: dict[str, list[str]] = {a: [], b: []}
    unneeded: dict[str, list[str]] = {a: [], b: []}
    # Units with equal electoral votes share the same "every other unit" table.
    by_ev: dict[int, tuple[bool, bool, bool, bool]] = {}
    for i, u in enumerate(undecided):
        ev = evs[i]
        if ev not in by_ev:
            others = outcome_counts(evs[:i] + evs[i + 1:])
            rest = pool - ev
            # Without u: the other party has it.
            wa_without = _tally_counts(others, base[a], base[b] + ev, rest, rules)[0]
            wb_without = _tally_counts(others, base[a] + ev, base[b], rest, rules)[1]
            by_ev[ev] = (wa_without == 0, wb_without == 0,
                         _pivotal(others, base[a], ev, rules.to_win),
                         _pivotal(others, base[b], ev, rules.to_win))
        a_needs, b_needs, a_pivot, b_pivot = by_ev[ev]
        if wins_a and a_needs:
            must[a].append(u)
        if wins_b and b_needs:
            must[b].append(u)
        if not a_pivot:
            unneeded[a].append(u)
        if not b_pivot:
            unneeded[b].append(u)
    smallest = {p: tuple(minimal_winning_sets(undecided, electoral_votes,
                                              rules.to_win - base[p], smallest_limit))
                for p in parties}
    return PathsResult(parties, base, undecided, total, {a: wins_a, b: wins_b}, ties,
                       {p: tuple(v) for p, v in must.items()},
                       {p: tuple(v) for p, v in unneeded.items()}, smallest)


def split_on(electoral_votes: Mapping[str, int], winners: Mapping[str, str | None],
             parties: tuple[str, str], unit: str, *, rules: Rules = Rules(),
             base: Mapping[str, int] | None = None) -> UnitSplit:
    """The counts if the chosen undecided unit went to one party, then to the other."""
    if winners.get(unit, "x") is not None:
        raise ValueError(f"{unit} is not undecided")
    a, b = parties
    out = []
    for party in (a, b):
        fixed = dict(winners)
        fixed[unit] = party
        given = None
        if base is not None:
            given = dict(base)
            given[party] += electoral_votes[unit]
        out.append(_counts_only(electoral_votes, fixed, parties, rules, given))
    return UnitSplit(unit, out[0], out[1])


def split_in(results: ElectionResults, winners: Mapping[str, str | None],
             unit: str) -> UnitSplit:
    """``split_on`` by the year's rules (see ``paths_in``)."""
    rules, base = _year_rules(results, winners)
    return split_on(results.electoral_votes, winners, results.axis, unit, rules=rules,
                    base=base)


def _year_rules(results: ElectionResults, winners: Mapping[str, str | None],
                ) -> tuple[Rules, dict[str, int]]:
    """The year's majority and tie, and the two leading candidates' decided votes."""
    t = results.tally(winners)
    a, b = results.axis
    fixed = sum(v for p, v in t.totals.items() if p not in (a, b))
    total = results.total_electoral_votes
    tie_at = total // 2 if total % 2 == 0 and fixed == 0 else None
    return Rules(results.to_win, tie_at), {a: t.totals.get(a, 0), b: t.totals.get(b, 0)}


def _counts_only(electoral_votes: Mapping[str, int], winners: Mapping[str, str | None],
                 parties: tuple[str, str], rules: Rules,
                 base: Mapping[str, int] | None) -> dict[str, int]:
    a, b = parties
    decided, undecided = _decided_and_open(electoral_votes, winners, parties)
    given = decided if base is None else base
    evs = [electoral_votes[u] for u in undecided]
    wa, wb, ties = _tally_counts(outcome_counts(evs), given[a], given[b], sum(evs), rules)
    return {a: wa, b: wb, "ties": ties, "total": 1 << len(evs)}


def _decided_and_open(electoral_votes: Mapping[str, int], winners: Mapping[str, str | None],
                      parties: tuple[str, str]) -> tuple[dict[str, int], tuple[str, ...]]:
    """Each party's decided votes, and the undecided units, largest first."""
    base = dict.fromkeys(parties, 0)
    for u, w in winners.items():
        if w in base:
            base[w] += electoral_votes[u]
    # A unit that cast no electoral votes (1864's seceded states) is no outcome at all.
    undecided = tuple(sorted((u for u, w in winners.items()
                              if w is None and electoral_votes.get(u, 0) > 0),
                             key=lambda u: (-electoral_votes[u], u)))
    return base, undecided


def _tally_counts(counts: np.ndarray, base_a: int, base_b: int, pool: int,
                  rules: Rules = Rules()) -> tuple[int, int, int]:
    """Outcomes where a (gets s of the pool) reaches a majority, where b does, and ties."""
    s = np.arange(len(counts))
    valid = s <= pool
    a_total = base_a + s
    b_total = base_b + pool - s
    # Sums stay exact in uint64: they never exceed 2^56 outcomes.
    wins_a = int(counts[valid & (a_total >= rules.to_win)].sum(dtype=np.uint64))
    wins_b = int(counts[valid & (b_total >= rules.to_win)].sum(dtype=np.uint64))
    ties = 0
    if rules.tie_at is not None:
        half = rules.tie_at
        ties = int(counts[valid & (a_total == half) & (b_total == half)].sum(dtype=np.uint64))
    return wins_a, wins_b, ties


def _pivotal(others: np.ndarray, base: int, ev: int, to_win: int = TO_WIN) -> bool:
    """Is there an outcome where this unit's votes are what take the party to a majority?"""
    lo = max(0, to_win - ev - base)
    hi = to_win - 1 - base
    if hi < 0:
        return False  # already at 270 without any undecided unit
    return bool(others[lo:hi + 1].any())


def minimal_winning_sets(units: Sequence[str], electoral_votes: Mapping[str, int],
                         need: int, limit: int = 5,
                         node_budget: int = 200_000) -> list[tuple[str, ...]]:
    """Up to ``limit`` minimal sets reaching ``need`` votes, fewest units first.

    Minimal: dropping any member falls short. Searched by increasing size with pruning
    (largest units first); ``node_budget`` bounds the work for huge undecided lists.
    """
    if need <= 0:
        return [()]
    order = sorted(units, key=lambda u: (-electoral_votes[u], u))
    evs = [electoral_votes[u] for u in order]
    found: list[tuple[str, ...]] = []
    nodes = 0
    for size in range(1, len(order) + 1):
        if sum(evs[:size]) < need:
            continue
        # best[i][j]: the most j units from position i on can add (the j largest left)
        best = [[sum(evs[i:i + j]) for j in range(size + 1)] for i in range(len(evs) + 1)]

        def search(start: int, chosen: list[int], total: int, size: int = size,
                   best: list[list[int]] = best) -> None:
            nonlocal nodes
            if len(found) >= limit or nodes > node_budget:
                return
            left = size - len(chosen)
            if left == 0:
                if total >= need and total - min(evs[i] for i in chosen) < need:
                    found.append(tuple(order[i] for i in chosen))
                return
            for i in range(start, len(order) - left + 1):
                nodes += 1
                if total + best[i][left] < need:
                    break  # sorted descending: later starts can only do worse
                chosen.append(i)
                search(i + 1, chosen, total + evs[i])
                chosen.pop()
                if len(found) >= limit:
                    return

        search(0, [], 0)
        if len(found) >= limit or nodes > node_budget:
            break
    return found
