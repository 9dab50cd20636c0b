"""Totals, winner, ties, flips and the tipping point."""

from __future__ import annotations

import pytest

from viewer.core.electoral import TIE, format_margin, margin_bin, tally, tipping_point
from viewer.core.scenario import OFFICIAL, Scenario, SetUnits, flips, set_units


def test_official_totals(results_2024):
    t = Scenario(results_2024).tally()
    assert dict(t.totals) == {"DEM": 226, "REP": 312}
    assert t.winner == "REP" and t.undecided == 0


def test_flipping_pa_wi_mi_gives_270_268(results_2024):
    s = Scenario(results_2024)
    inverse = s.apply(flips(results_2024.winners, results_2024.parties, ["PA", "WI", "MI"]))
    assert dict(s.tally().totals) == {"DEM": 270, "REP": 268}
    assert s.tally().winner == "DEM"
    assert s.changed_units() == ["MI", "PA", "WI"]
    s.apply(inverse)
    assert dict(s.tally().totals) == {"DEM": 226, "REP": 312}
    assert s.overrides == {}
    assert results_2024.winners["PA"] == "REP"  # the official results never change


def test_269_269_is_a_tie(results_2024):
    s = Scenario(results_2024)
    # 226 + PA 19 + MI 15 + WI 10 = 270; giving NE-2 back to REP makes 269–269.
    s.apply(flips(results_2024.winners, results_2024.parties, ["PA", "MI", "WI", "NE-2"]))
    t = s.tally()
    assert dict(t.totals) == {"DEM": 269, "REP": 269}
    assert t.winner == TIE and t.is_tie


def test_no_majority_with_undecided(results_2024):
    s = Scenario(results_2024)
    s.apply(set_units(["TX", "FL"], None))
    t = s.tally()
    assert t.undecided == 70 and t.totals["REP"] == 242
    assert t.winner is None
    assert t.needed("REP") == 28 and t.needed("DEM") == 44


def test_269_with_undecided_is_not_a_tie():
    t = tally({"A": "X", "B": "Y", "C": None}, {"A": 269, "B": 268, "C": 1}, ("X", "Y"))
    assert t.winner is None


def test_needed_never_negative(results_2024):
    assert Scenario(results_2024).tally().needed("REP") == 0


def test_cycle_flips_first_then_undecided_then_back(results_2024):
    s = Scenario(results_2024)
    seen = []
    for _ in range(3):
        value = s.cycle_value("PA")
        s.apply(SetUnits((("PA", value),)))
        seen.append(s.winner("PA"))
    assert seen == ["DEM", None, "REP"]  # PA was won by REP: first click flips it
    assert s.value("PA") is OFFICIAL  # back to the official result: no override left
    s.apply(SetUnits((("CA", s.cycle_value("CA")),)))
    assert s.winner("CA") == "REP"


def test_unknown_party_or_unit_rejected(results_2024):
    s = Scenario(results_2024)
    with pytest.raises(ValueError, match="unknown party"):
        s.apply(SetUnits((("PA", "GRN"),)))
    with pytest.raises(ValueError, match="unknown unit"):
        s.apply(SetUnits((("XX", "DEM"),)))
    assert s.overrides == {}


def test_tipping_point_2024_is_pennsylvania(results_2024):
    tp = tipping_point(results_2024)
    assert tp is not None and tp.unit == "PA" and tp.winner == "REP"
    assert tp.margin == pytest.approx(-1.70, abs=0.005)


def test_margin_bins_and_text(results_2024):
    assert margin_bin(0.5) == "tilt" and margin_bin(-3) == "lean"
    assert margin_bin(10) == "likely" and margin_bin(-40) == "safe" and margin_bin(None) is None
    assert format_margin(results_2024.margin("PA"), results_2024) == "R+1.70"
    assert format_margin(results_2024.margin("NH"), results_2024) == "D+2.78"
