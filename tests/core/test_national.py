"""The national summary: electoral votes, popular vote, margin, tipping point, votes cast."""

from __future__ import annotations

import pytest

from viewer.core.national import national_summary


def test_national_summary_2024(results_2024):
    s = national_summary(results_2024)
    assert dict(s.electoral) == {"DEM": 226, "REP": 312} and s.undecided_ev == 0
    assert s.winner == "REP" and s.leader == "REP"
    assert [p.party for p in s.popular] == ["REP", "DEM"]  # most votes first
    pv, total = results_2024.popular_vote()
    assert s.total_votes == total and s.popular[0].votes == pv["REP"]
    assert s.other_votes == total - pv["REP"] - pv["DEM"]
    assert s.popular[0].share == pytest.approx(100 * pv["REP"] / total)
    assert s.margin_votes == pv["REP"] - pv["DEM"]
    assert s.margin_points == pytest.approx(-results_2024.national_margin())
    assert s.tipping_unit == "PA" and s.tipping_margin == pytest.approx(
        results_2024.margin("PA"))
    assert s.previous_year == 2020 and s.previous_total is not None
    assert s.turnout_change == pytest.approx(
        100 * (total - s.previous_total) / s.previous_total)


def test_national_summary_follows_the_winners(results_2024):
    winners = dict(results_2024.winners)
    winners.update(PA="DEM", MI="DEM", WI="DEM")
    s = national_summary(results_2024, winners)
    assert dict(s.electoral) == {"DEM": 270, "REP": 268} and s.winner == "DEM"
    assert s.leader == "REP"  # the counted votes do not change with a what-if map
    winners["PA"] = None
    s = national_summary(results_2024, winners)
    assert s.undecided_ev == 19 and s.winner is None and s.tipping_unit is None
