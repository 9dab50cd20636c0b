"""Uniform swing, tipping point, scenario files, share codes, locks and claims."""

from __future__ import annotations

import json

import pytest

from viewer.core.claims import parse_claims
from viewer.core.errors import InputError
from viewer.core.scenario import Scenario, SetLocks, SetUnits, flips, set_units
from viewer.core.scenario_file import (
    scenario_code,
    scenario_from_code,
    scenario_from_json,
    scenario_to_json,
)
from viewer.core.swing import swing_to_win, tipping_summary, uniform_swing


@pytest.mark.parametrize(("points", "dem", "flipped"), [
    (0, 226, ()), (0.85, 226, ()), (0.87, 236, ("WI",)), (1.42, 251, ("MI", "WI")),
    (1.69, 251, ("MI", "WI")), (1.71, 270, ("PA", "MI", "WI")), (2, 270, ("PA", "MI", "WI")),
    (-2.77, 226, ()), (-3, 222, ("NH",)),
])
def test_swing_flips_at_the_margins(results_2024, points, dem, flipped):
    s = uniform_swing(results_2024, points)
    assert s.tally.totals["DEM"] == dem and s.flipped == flipped
    assert s.tally.totals["DEM"] + s.tally.totals["REP"] == 538


def test_swing_leaves_locked_units(results_2024):
    s = uniform_swing(results_2024, 2, locked={"PA"})
    assert "PA" not in s.flipped and s.tally.totals["DEM"] == 251


def test_swing_needed_to_win(results_2024):
    assert swing_to_win(results_2024, "DEM") == pytest.approx(1.704, abs=0.001)
    assert swing_to_win(results_2024, "REP") == 0.0


def test_tipping_point_and_bias(results_2024):
    t = tipping_summary(results_2024)
    assert t.unit == "PA" and t.margin == pytest.approx(-1.70, abs=0.005)
    assert [u for u, _ in t.next_units] == ["MI", "WI"]
    assert t.bias == pytest.approx(-0.23, abs=0.005)


def test_scenario_file_round_trip(results_2024):
    s = Scenario(results_2024, title="Blue wall holds", note="What if PA, MI, WI stayed blue")
    s.apply(flips(results_2024.winners, results_2024.parties, ["PA", "MI", "WI"]))
    s.apply(set_units(["GA"], None))
    s.apply(SetLocks((("TX", True),)))
    again = scenario_from_json(scenario_to_json(s), results_2024, "s.json")
    assert again.overrides == s.overrides and again.locked == {"TX"}
    assert again.title == "Blue wall holds" and again.note.startswith("What if")
    assert again.tally() == s.tally()


@pytest.mark.parametrize(("mutate", "needle"), [
    (lambda d: "{", "expected a JSON scenario file"),
    (lambda d: {**d, "format": "x"}, "field 'format'"),
    (lambda d: {**d, "version": 9}, "field 'version': expected version 1, 2 or 3, got '9'"),
    (lambda d: {**d, "overrides": {"XX": "DEM"}}, "field 'overrides.XX'"),
    (lambda d: {**d, "overrides": {"PA": "GRN"}}, "field 'overrides.PA': expected one of DEM"),
    (lambda d: {**d, "base": {"year": 2020}}, "field 'base.year'"),
    (lambda d: {**d, "locked": ["ZZ"]}, "field 'locked'"),
])
def test_bad_scenario_files_are_refused_clearly(results_2024, mutate, needle):
    good = json.loads(scenario_to_json(Scenario(results_2024)))
    bad = mutate(good)
    text = bad if isinstance(bad, str) else json.dumps(bad)
    with pytest.raises(InputError) as e:
        scenario_from_json(text, results_2024, "bad.json")
    assert "bad.json" in str(e.value) and needle in str(e.value)


def test_share_code_round_trips_exactly(results_2024):
    s = Scenario(results_2024)
    s.apply(flips(results_2024.winners, results_2024.parties, ["PA", "NE-2", "ME-2"]))
    s.apply(set_units(["AZ", "DC"], None))
    s.apply(SetLocks((("TX", True), ("CA", True))))
    code = scenario_code(s)
    assert code.startswith("EM2-2024-") and len(code) < 60
    again = scenario_from_code(code, results_2024)
    assert again.overrides == s.overrides and again.locked == s.locked
    assert scenario_code(Scenario(results_2024)) != code
    assert scenario_from_code(scenario_code(Scenario(results_2024)), results_2024).overrides == {}


def test_mistyped_codes_are_caught(results_2024):
    code = scenario_code(Scenario(results_2024, {"PA": "DEM"}))
    typo = code[:-6] + ("A" if code[-6] != "A" else "B") + code[-5:]
    with pytest.raises(InputError, match="check character"):
        scenario_from_code(typo, results_2024)
    with pytest.raises(InputError, match="EM1-2024"):
        scenario_from_code("hello", results_2024)


def test_locked_units_ignore_edits_but_not_forced_ones(results_2024):
    s = Scenario(results_2024)
    s.apply(SetLocks((("PA", True),)))
    inverse = s.apply(set_units(["PA", "MI"], "DEM"))
    assert s.winner("PA") == "REP" and s.winner("MI") == "DEM"
    s.apply(inverse)
    assert s.overrides == {}
    s.apply(SetUnits((("PA", "DEM"),), force=True))
    assert s.winner("PA") == "DEM"


def test_claims_from_seed_002(results_2024, shared_dir):
    seed = next((shared_dir / "seeds").glob("002_*.txt"))
    c = parse_claims(seed.read_text(), results_2024, seed.name)
    assert dict(c.scenario.tally().totals) == {"DEM": 303, "REP": 235}
    # "Maine"/"Nebraska" claim the at-large votes only: no district contradictions invented
    assert set(c.differing) == {"AZ", "GA", "MI", "NV", "PA", "WI"}
    assert c.not_in_claim == ("DC", "ME-1", "ME-2", "NE-1", "NE-2", "NE-3")
    assert results_2024.winners["PA"] == "REP"  # the claim never touches the results


@pytest.mark.parametrize("text", [
    "Pennsylvania - Kamala Harris\nGeorgia – Harris\nArizona: Democrat\n",
    "| State | Winner |\n|---|---|\n| Pennsylvania | Harris |\n| Georgia | Kamala Harris |\n"
    "| Arizona | DEM |\n",
    "PA: Harris\nGA: Harris\nAZ (11): Democratic\n",
    "* **Pennsylvania** (19): Kamala Harris\n* Georgia\tHarris\n* Arizona => Harris\n",
])
def test_other_claim_styles(results_2024, text):
    c = parse_claims(text, results_2024, "article.txt")
    assert c.claimed == {"AZ": "DEM", "GA": "DEM", "PA": "DEM"}
    assert c.differing == ("AZ", "GA", "PA")
    assert len(c.not_in_claim) == 53


def test_maine_statewide_claim_leaves_unnamed_districts_unclaimed(results_2024):
    c = parse_claims("Maine: Trump\nME-1: Harris\n", results_2024, "a.txt")
    assert c.claimed == {"ME": "REP", "ME-1": "DEM"}
    assert c.differing == ("ME",) and "ME-2" in c.not_in_claim


def test_unknown_candidate_and_conflicts_warn(results_2024):
    c = parse_claims("Ohio: Jill Stein\nTexas: Harris\nTexas: Trump\n", results_2024, "a.txt")
    assert any("Ohio" in w and "none of the loaded candidates" in w for w in c.warnings)
    assert any("Texas claimed again" in w for w in c.warnings)
    assert c.claimed == {"TX": "REP"}


def test_text_without_claims_is_an_error(results_2024):
    with pytest.raises(InputError, match=r"a\.txt: expected lines pairing a state"):
        parse_claims("Nothing to see here.\nJust prose.", results_2024, "a.txt")
