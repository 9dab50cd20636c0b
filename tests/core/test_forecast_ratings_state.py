"""Ratings painted on the map, saved with the forecast (issue #17): scenario files (version
3, only with ratings) and share codes (EM4) keep them exactly and give the same odds
again; files and codes made before them still read; typos and bad ratings are refused,
naming the field."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.core.test_share_codes import accepted_typos
from tests.fuzz.test_parsers_fuzz import json_values
from viewer.core.errors import InputError
from viewer.core.forecast import Forecaster, bundled_inputs
from viewer.core.forecast.inputs import RATING_LEVELS, parse_rating
from viewer.core.forecast.state import RESULTS, ForecastState
from viewer.core.scenario import Scenario
from viewer.core.scenario_file import (
    scenario_code,
    scenario_from_code,
    scenario_from_json,
    scenario_to_json,
)

RATED = ForecastState(ratings={"PA": ("Lean", "DEM"), "NV": ("Toss-up", None),
                               "NE-2": ("Safe", "REP"), "GA": ("Tilt", "REP")},
                      edits={"WI": -1.25}, picks={"MI": "DEM"}, seed=11)
# Made by the app before ratings existed (git HEAD of 884d368): still read as they were.
OLD_EM3 = "EM3-2024-EAAAAAAAAAACBB6B3EZ5ANMA-LX"


def _with(results, state: ForecastState) -> Scenario:  # type: ignore[no-untyped-def]
    return Scenario(results, {"AZ": "DEM"}, "Rated", "", {"TX"}, forecast=state)


def _odds(state: ForecastState):  # type: ignore[no-untyped-def]
    fc = Forecaster(state.adjust(bundled_inputs(2024)), state.errors(), draws=state.draws,
                    seed=state.seed)
    f = fc.condition(state.picks).forecast
    return f.win_probability, f.unit_probability, f.expected_ev


@pytest.mark.parametrize("state", [RATED, ForecastState(kind=RESULTS, swing=1.5,
                                                        ratings={"TX": ("Likely", "DEM")})])
def test_files_and_codes_keep_the_ratings_and_the_odds_exactly(results_2024, state):
    text = scenario_to_json(_with(results_2024, state))
    doc = json.loads(text)
    assert doc["version"] == 3  # older versions refuse it rather than drop the ratings
    assert set(doc["forecast"]["ratings"]) == set(state.ratings)
    from_file = scenario_from_json(text, results_2024, "rated.json").forecast
    code = scenario_code(_with(results_2024, state))
    assert code.startswith("EM4-2024-")
    from_code = scenario_from_code(code, results_2024).forecast
    assert from_file == state and from_code == state
    if state.kind != RESULTS:
        assert _odds(from_code) == _odds(state)


def test_ratings_move_the_rated_units_toward_their_side(results_2024):
    plain = _odds(ForecastState())
    rated = _odds(ForecastState(ratings={"PA": ("Likely", "REP")}))
    assert rated[1]["PA"] < plain[1]["PA"] - 0.3
    assert rated[0]["DEM"] < plain[0]["DEM"] - 0.1


def test_files_and_codes_made_before_ratings_still_read(results_2024):
    old = scenario_from_code(OLD_EM3, results_2024)
    assert old.forecast == ForecastState(edits={"WI": -1.5}, picks={"PA": "DEM"}, seed=7)
    assert old.overrides == {"AZ": "DEM"}
    assert scenario_code(old) == OLD_EM3  # and a forecast without ratings stays EM3
    v2 = scenario_to_json(_with(results_2024, ForecastState(picks={"PA": "DEM"})))
    assert json.loads(v2)["version"] == 2 and "ratings" not in v2
    assert scenario_from_json(v2, results_2024, "v2.json").forecast.ratings == {}


def test_every_one_character_typo_or_swap_of_a_rated_code_is_refused(results_2024):
    code = scenario_code(_with(results_2024, RATED))
    assert accepted_typos(code, results_2024) == []
    for version in ("EM3", "EM2"):  # read as an older kind: the check fails
        with pytest.raises(InputError, match="check character"):
            scenario_from_code(version + code[3:], results_2024)


def _doc(ratings: object, **forecast: object) -> str:
    return json.dumps({"format": "electoral-map/scenario", "version": 3,
                       "base": {"year": 2024},
                       "forecast": {"input": {"kind": "bundled", "year": 2024},
                                    "ratings": ratings, **forecast}})


@pytest.mark.parametrize(("ratings", "extra", "needle"), [
    ([], {}, "field 'forecast.ratings': expected an object of unit: rating"),
    ({"XX": "Lean DEM"}, {}, "field 'forecast.ratings.XX': expected unit codes"),
    ({"PA": "Solid DEM"}, {}, "field 'forecast.ratings.PA': expected a rating: Toss-up, "
                              "or Tilt, Lean, Likely or Safe and a side (DEM or REP)"),
    ({"PA": "Lean GRN"}, {}, "got 'Lean GRN'"),
    ({"PA": "Lean"}, {}, "field 'forecast.ratings.PA'"),
    ({"PA": "Toss-up DEM"}, {}, "field 'forecast.ratings.PA'"),
    ({"PA": 3}, {}, "field 'forecast.ratings.PA'"),
    ({"PA": "Lean DEM"}, {"edits": {"PA": 1.0}}, "rated or edited, not both"),
    ({"PA": "Lean DEM"}, {"input": {"kind": "none"}}, "field 'forecast.input.kind'"),
])
def test_bad_ratings_are_refused_naming_the_field(results_2024, ratings, extra, needle):
    with pytest.raises(InputError) as e:
        scenario_from_json(_doc(ratings, **extra), results_2024, "bad.json")
    assert str(e.value).startswith("bad.json, ") and needle in str(e.value)


@given(st.sampled_from([(), ("PA",)]), json_values)
def test_any_value_for_ratings_is_read_or_refused_clearly(results_2024, place, value):
    ratings: object = value if not place else {"PA": value}
    try:
        s = scenario_from_json(_doc(ratings), results_2024, "fuzz.json")
    except InputError as exc:
        assert str(exc).startswith("fuzz.json, field 'forecast.ratings"), str(exc)
    else:
        again = scenario_from_code(scenario_code(s), results_2024).forecast
        assert (again or ForecastState.default(2024)) == s.forecast  # whatever is read is shared


def test_the_settings_keep_no_ratings():
    assert RATED.settings_part().ratings == {}


@pytest.mark.parametrize(("text", "rating"), [
    ("Lean-DEM", ("Lean", "DEM")), ("lean harris", ("Lean", "DEM")),
    ("SAFE_trump", ("Safe", "REP")), ("Tilt-rep", ("Tilt", "REP")),
    ("toss-up", ("Toss-up", None)), ("Tossup", ("Toss-up", None)),
])
def test_ratings_are_typed_as_a_level_and_a_side(text, rating):
    names = {"DEM": "Harris", "REP": "Trump"}
    assert parse_rating(text, ("DEM", "REP"), names) == rating


def test_a_bad_typed_rating_names_the_valid_levels():
    with pytest.raises(InputError) as e:
        parse_rating("Solid-DEM", ("DEM", "REP"), source="--rate", field="PA")
    message = str(e.value)
    assert message.startswith("--rate, field 'PA'")
    assert all(level in message for level in RATING_LEVELS)
