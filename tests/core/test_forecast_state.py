"""Forecast mode's state in scenario files (version 2) and share codes (EM3): it round-trips
exactly, gives the same odds again, leaves old files and codes as they were, and bad
values are refused naming the field."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.core.test_share_codes import accepted_typos
from tests.fuzz.test_parsers_fuzz import json_values
from viewer.core.errors import InputError
from viewer.core.forecast import Forecaster, bundled_inputs, edit_units
from viewer.core.forecast.state import FILE, NONE, RESULTS, ForecastState
from viewer.core.scenario import Scenario
from viewer.core.scenario_file import (
    scenario_code,
    scenario_from_code,
    scenario_from_json,
    scenario_to_json,
)

SAVED = ForecastState(edits={"PA": 1.25, "NE-2": -0.5}, national_sd=2.3, regional_sd=0.0,
                      unit_scale=1.5, draws=20_000, seed=7,
                      picks={"GA": "REP", "PA": "DEM"})
STATES = [
    SAVED,
    ForecastState(picks={"PA": "DEM"}),
    ForecastState(kind=RESULTS, swing=-2.5, seed=0),
    ForecastState(kind=NONE),
    ForecastState(kind=FILE, poll_file="/data/polls.csv", edits={"WI": 0.01}),
]


def _with(results, state: ForecastState) -> Scenario:  # type: ignore[no-untyped-def]
    return Scenario(results, {"AZ": "DEM"}, "Saved", "", {"TX"}, forecast=state)


@pytest.mark.parametrize("state", STATES)
def test_files_keep_the_forecast_exactly(results_2024, state):
    text = scenario_to_json(_with(results_2024, state))
    doc = json.loads(text)
    assert doc["version"] == 2 and "forecast" in doc
    again = scenario_from_json(text, results_2024, "s.json")
    assert again.forecast == state
    assert list(again.forecast.picks) == list(state.picks)  # the picks' order too
    assert (again.overrides, again.locked) == ({"AZ": "DEM"}, {"TX"})


@pytest.mark.parametrize("state", STATES)
def test_codes_keep_the_forecast_exactly_but_no_path(results_2024, state):
    code = scenario_code(_with(results_2024, state))
    assert code.startswith("EM3-2024-")
    again = scenario_from_code(code, results_2024)
    expected = ForecastState(**{**state.__dict__, "poll_file": None})
    assert again.forecast == expected  # a path means nothing on another computer
    assert (again.overrides, again.locked) == ({"AZ": "DEM"}, {"TX"})


def test_the_default_forecast_leaves_files_and_codes_as_they_were(results_2024):
    plain = Scenario(results_2024, {"AZ": "DEM"}, locked={"TX"})
    default = _with(results_2024, ForecastState.default(2024))
    default.title = plain.title = ""
    assert scenario_to_json(default) == scenario_to_json(plain)
    assert json.loads(scenario_to_json(plain))["version"] == 1
    assert scenario_code(default) == scenario_code(plain)
    assert scenario_code(plain).startswith("EM2-")
    assert scenario_from_code(scenario_code(plain), results_2024).forecast is None
    assert scenario_from_json(scenario_to_json(plain), results_2024, "s.json").forecast is None


def test_an_old_file_still_opens(results_2024):
    old = ('{"format": "electoral-map/scenario", "version": 1, "title": "Blue wall", '
           '"base": {"year": 2024}, "overrides": {"MI": "DEM"}, "locked": []}')
    s = scenario_from_json(old, results_2024, "old.json")
    assert s.overrides == {"MI": "DEM"} and s.forecast is None


def test_the_saved_state_gives_the_same_odds(results_2024):
    """What the window and the CLI do with a state: the same numbers after a round trip."""
    def odds(state: ForecastState):  # type: ignore[no-untyped-def]
        inputs = edit_units(bundled_inputs(2024), state.edits)
        fc = Forecaster(inputs, state.errors(), draws=state.draws, seed=state.seed)
        f = fc.condition(state.picks).forecast
        return f.win_probability, f.unit_probability, f.expected_ev

    code = scenario_code(_with(results_2024, SAVED))
    again = scenario_from_code(code, results_2024).forecast
    assert odds(again) == odds(SAVED)
    other = ForecastState(**{**SAVED.__dict__, "seed": 8})
    assert odds(other) != odds(SAVED)  # the seed is part of it


def test_every_one_character_typo_or_swap_of_a_forecast_code_is_refused(results_2024):
    code = scenario_code(_with(results_2024, SAVED))
    assert accepted_typos(code, results_2024) == []


def test_a_forecast_code_read_as_an_older_kind_is_refused(results_2024):
    code = scenario_code(_with(results_2024, SAVED))
    for version in ("EM2", "EM1"):
        with pytest.raises(InputError, match="check character"):
            scenario_from_code(version + code[3:], results_2024)


def _forecast_doc(**changes: object) -> dict:
    doc = {"input": {"kind": "bundled", "year": 2024}, "edits": {"PA": 1.5},
           "errors": {"national_sd": 3.0, "regional_sd": 1.5, "unit_scale": 1.0},
           "draws": 10_000, "seed": 2020, "picks": {"PA": "DEM"}}
    doc.update(changes)
    return doc


@pytest.mark.parametrize(("forecast", "needle"), [
    ([], "field 'forecast': expected an object"),
    (_forecast_doc(input={"kind": "polls"}), "field 'forecast.input.kind': expected one of "
                                             "bundled, file, results, none, got 'polls'"),
    (_forecast_doc(input={"kind": "bundled", "year": 2020}), "field 'forecast.input.year'"),
    (_forecast_doc(input={"kind": "file", "path": ""}), "field 'forecast.input.path'"),
    (_forecast_doc(input={"kind": "results", "swing": 25}), "field 'forecast.input.swing'"),
    (_forecast_doc(input={"kind": "results", "swing": 2.25}), "in tenths, got '2.25'"),
    (_forecast_doc(edits={"XX": 1.0}), "field 'forecast.edits.XX': expected unit codes"),
    (_forecast_doc(edits={"PA": 150}), "field 'forecast.edits.PA': expected a margin"),
    (_forecast_doc(edits={"PA": "lots"}), "field 'forecast.edits.PA'"),
    (_forecast_doc(edits={"PA": 1.234}), "in hundredths, got '1.234'"),
    (_forecast_doc(errors={"national_sd": 9}), "field 'forecast.errors.national_sd': "
                                               "expected a number from 0 to 8 in tenths"),
    (_forecast_doc(errors={"unit_scale": -1}), "field 'forecast.errors.unit_scale'"),
    (_forecast_doc(errors={"regional_sd": True}), "field 'forecast.errors.regional_sd'"),
    (_forecast_doc(draws=5), "field 'forecast.draws': expected a whole number from 10,000"),
    (_forecast_doc(draws=1e4), "field 'forecast.draws'"),
    (_forecast_doc(seed=-1), "field 'forecast.seed'"),
    (_forecast_doc(picks={"XX": "DEM"}), "field 'forecast.picks.XX'"),
    (_forecast_doc(picks={"PA": "GRN"}), "field 'forecast.picks.PA': expected one of DEM or "
                                         "REP, got 'GRN'"),
    (_forecast_doc(input={"kind": "none"}), "field 'forecast.input.kind': expected an input "
                                            "for the edits and picks"),
])
def test_bad_forecast_values_are_refused_naming_the_field(results_2024, forecast, needle):
    doc = json.loads(scenario_to_json(Scenario(results_2024)))
    doc["version"] = 2
    doc["forecast"] = forecast
    with pytest.raises(InputError) as e:
        scenario_from_json(json.dumps(doc), results_2024, "bad.json")
    assert str(e.value).startswith("bad.json, ") and needle in str(e.value)


PLACES = [("input",), ("input", "kind"), ("input", "year"), ("input", "path"),
          ("input", "swing"), ("edits",), ("edits", "PA"), ("errors",),
          ("errors", "unit_scale"), ("draws",), ("seed",), ("picks",), ("picks", "PA")]


@given(st.sampled_from(PLACES), json_values)
def test_any_value_anywhere_in_a_forecast_is_read_or_refused_clearly(results_2024, place,
                                                                     value):
    doc = json.loads(scenario_to_json(Scenario(results_2024)))
    doc["version"] = 2
    forecast = _forecast_doc(input={"kind": "results", "swing": 1.0})
    target = forecast
    for key in place[:-1]:
        target = target[key]
    target[place[-1]] = value
    doc["forecast"] = forecast
    try:
        s = scenario_from_json(json.dumps(doc), results_2024, "fuzz.json")
    except InputError as exc:
        assert str(exc).startswith("fuzz.json, field 'forecast"), str(exc)
    else:
        assert scenario_code(s)  # whatever is read can be shared
