"""Paths to 270: exact counts checked against brute force; minimal sets are minimal."""

from __future__ import annotations

import itertools
import time

import pytest

from viewer.core.paths import minimal_winning_sets, paths_to_270, split_on
from viewer.core.results import TO_WIN

BATTLEGROUNDS = ["AZ", "GA", "MI", "NV", "NC", "PA", "WI"]


def brute(results, winners):
    a, b = results.axis
    und = [u for u, w in winners.items() if w is None]
    base = {a: 0, b: 0}
    for u, w in winners.items():
        if w in base:
            base[w] += results.electoral_votes[u]
    wins = {a: 0, b: 0}
    ties = 0
    sets = {a: [], b: []}
    for mask in itertools.product((a, b), repeat=len(und)):
        tot = dict(base)
        for u, p in zip(und, mask, strict=True):
            tot[p] += results.electoral_votes[u]
        for p in (a, b):
            if tot[p] >= TO_WIN:
                wins[p] += 1
                sets[p].append({u for u, q in zip(und, mask, strict=True) if q == p})
        if tot[a] == tot[b] == 269:
            ties += 1
    return wins, ties, sets


def undecided(results, units):
    w = dict(results.winners)
    for u in units:
        w[u] = None
    return w


@pytest.mark.parametrize("units", [
    BATTLEGROUNDS,
    ["PA", "MI", "WI", "NE-2", "ME-2"],
    ["TX", "FL", "CA", "NY", "PA", "GA", "NC", "OH", "MI", "NE-1", "DC"],
    ["ME", "ME-1", "ME-2", "NE", "NE-1", "NE-2", "NE-3", "NH", "NV"],
])
def test_counts_match_brute_force(results_2024, units):
    winners = undecided(results_2024, units)
    r = paths_to_270(results_2024.electoral_votes, winners, results_2024.axis, smallest_limit=50)
    wins, ties, sets = brute(results_2024, winners)
    assert r.total == 2 ** len(units)
    assert r.wins == wins and r.ties == ties
    for p in results_2024.axis:
        winning = sets[p]
        must = {u for u in units if winning and all(u in s for s in winning)}
        assert set(r.must_win[p]) == must
        minimal = [s for s in winning
                   if all(r.base[p] + sum(results_2024.electoral_votes[x] for x in s - {u})
                          < TO_WIN for u in s)]
        needed = set().union(*minimal) if minimal else set()
        assert set(r.not_needed[p]) == set(units) - needed
        for s in r.smallest[p]:
            assert set(s) in minimal
        # Fewest units first, and none smaller was missed.
        if minimal and r.smallest[p]:
            assert len(r.smallest[p][0]) == min(len(s) for s in minimal)
            sizes = [len(s) for s in r.smallest[p]]
            assert sizes == sorted(sizes)


def test_battlegrounds_2024(results_2024):
    r = paths_to_270(results_2024.electoral_votes, undecided(results_2024, BATTLEGROUNDS),
                     results_2024.axis)
    assert r.base == {"DEM": 226, "REP": 219}
    assert r.total == 128 and r.wins == {"DEM": 71, "REP": 54} and r.ties == 3
    assert r.smallest["REP"][0] == ("PA", "GA", "NC")  # 219 + 51 = 270


def test_all_56_undecided_is_exact_and_quick(results_2024):
    winners = dict.fromkeys(results_2024.winners)
    t0 = time.perf_counter()
    r = paths_to_270(results_2024.electoral_votes, winners, results_2024.axis)
    elapsed = time.perf_counter() - t0
    assert r.total == 2 ** 56
    assert r.wins["DEM"] == r.wins["REP"]  # symmetric with nothing decided
    assert r.wins["DEM"] + r.wins["REP"] + r.ties == 2 ** 56
    assert r.must_win == {"DEM": (), "REP": ()}
    assert elapsed < 5  # generous: a correctness guard against enumeration, not a benchmark
    for s in r.smallest["DEM"]:
        ev = sum(results_2024.electoral_votes[u] for u in s)
        assert ev >= 270 and all(ev - results_2024.electoral_votes[u] < 270 for u in s)


def test_split_on_a_unit(results_2024):
    winners = undecided(results_2024, BATTLEGROUNDS)
    split = split_on(results_2024.electoral_votes, winners, results_2024.axis, "PA")
    assert split.if_first["total"] == split.if_second["total"] == 64
    whole = paths_to_270(results_2024.electoral_votes, winners, results_2024.axis)
    assert split.if_first["DEM"] + split.if_second["DEM"] == whole.wins["DEM"]
    assert split.if_first["DEM"] > split.if_second["DEM"]
    with pytest.raises(ValueError, match="not undecided"):
        split_on(results_2024.electoral_votes, winners, results_2024.axis, "TX")


def test_must_win_when_only_one_path(results_2024):
    # With only PA, MI and WI open and REP at 268 - 0 ... DEM needs all three.
    winners = undecided(results_2024, ["PA", "MI", "WI"])
    r = paths_to_270(results_2024.electoral_votes, winners, results_2024.axis)
    assert r.wins["DEM"] == 1 and set(r.must_win["DEM"]) == {"PA", "MI", "WI"}
    assert minimal_winning_sets(["PA", "MI", "WI"], results_2024.electoral_votes, 44) == \
        [("PA", "MI", "WI")]
