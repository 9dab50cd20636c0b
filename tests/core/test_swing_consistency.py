"""Units without usable margins are skipped and named, wherever they are in the file."""

from __future__ import annotations

import pytest

from viewer.core.electoral import tipping_point
from viewer.core.results import parse_results
from viewer.core.swing import swing_to_win, swung_winners, tipping_summary, uniform_swing
from viewer.resources import data_dir

MAIN = (data_dir() / "results_2024.csv").read_text()


def without_votes(*units: str) -> str:
    """The 2024 file with these rows' vote columns emptied (winner kept)."""
    out = []
    for line in MAIN.splitlines():
        code = line.split(",", 1)[0]
        if code in units:
            fields = line.split(",")
            line = ",".join(fields[:4] + [""] * (len(fields) - 4))
        out.append(line)
    return "\n".join(out) + "\n"


@pytest.mark.parametrize("unit", ["AL", "WY", "NE-3", "CA"])
def test_a_unit_without_votes_is_skipped_and_named(unit, results_2024):
    results = parse_results(without_votes(unit), "nv.csv")
    assert results.skipped_units == {unit: "votes not available"}
    s = uniform_swing(results, 2)
    assert s.flipped == ("PA", "MI", "WI") and s.winners[unit] == results[unit].winner
    assert uniform_swing(results, 0).flipped == ()
    assert swing_to_win(results, "DEM") == pytest.approx(swing_to_win(results_2024, "DEM"))


def test_tipping_point_kept_when_the_winner_holds_a_district_without_votes():
    results = parse_results(without_votes("NE-3"), "nv.csv")
    tp = tipping_point(results)
    assert tp is not None and tp.unit == "PA" and tp.skipped == ("NE-3",)
    assert tp.margin == pytest.approx(-1.70, abs=0.005)
    ts = tipping_summary(results)
    assert ts is not None and ts.unit == "PA" and [u for u, _ in ts.next_units] == ["MI", "WI"]


def test_tipping_point_of_a_271_vote_win_like_2000():
    # REP with 271 (MI, WI and GA to DEM): PA, the closest REP unit, delivers the 270th
    # vote wherever NE-3, without votes, would rank (as Florida did in 2000).
    results = parse_results(without_votes("NE-3"), "nv.csv")
    winners = {**results.winners, "MI": "DEM", "WI": "DEM", "GA": "DEM"}
    tp = tipping_point(results, winners)
    assert tp is not None and tp.unit == "PA" and tp.winner == "REP"


def test_tipping_point_left_out_when_it_depends_on_a_unit_without_votes():
    # Texas's 40 votes ranked safest or closest decide whether PA or a safer unit tips.
    results = parse_results(without_votes("TX"), "nv.csv")
    assert tipping_point(results) is None
    assert tipping_summary(results) is None


def test_swing_of_zero_changes_nothing_even_for_undecided_units():
    text = MAIN.replace("PA,Pennsylvania,19,REP,", "PA,Pennsylvania,19,,")
    results = parse_results(text, "u.csv")
    assert results.skipped_units == {"PA": "not decided"}
    assert swung_winners(results, 0) == results.winners
    assert swung_winners(results, 5)["PA"] is None
