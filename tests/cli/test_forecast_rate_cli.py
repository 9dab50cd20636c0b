"""`electoral-map forecast --rate PA=Lean-DEM,…` (issue #17): ratings replace units'
margins as on the window's map and move the odds toward the rated side; bad units, levels
and sides are refused naming the item and listing the levels; a saved scenario's ratings
are made again, and --rate beside it replaces them."""

from __future__ import annotations

import json

import pytest

from viewer.cli import main
from viewer.core.forecast.inputs import RATING_LEVELS
from viewer.core.forecast.state import ForecastState
from viewer.core.scenario import Scenario
from viewer.core.scenario_file import scenario_code


def _json(capsys: pytest.CaptureFixture[str], *args: str) -> dict:
    assert main(["forecast", "--json", *args]) == 0, capsys.readouterr().err
    return json.loads(capsys.readouterr().out)


def _refusal(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(["forecast", *args]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    return captured.err


def _unit(doc: dict, unit: str) -> dict:
    return next(u for u in doc["units"] if u["unit"] == unit)


def test_a_rating_moves_the_unit_and_the_odds_toward_its_side(capsys):
    plain = _json(capsys)
    harris = _json(capsys, "--rate", "PA=Lean-DEM")
    trump = _json(capsys, "--rate", "PA=likely-trump")  # a surname, any case
    pa = _unit(plain, "PA")["probability"]["DEM"]
    assert _unit(harris, "PA")["probability"]["DEM"] > pa + 0.15
    assert _unit(trump, "PA")["probability"]["DEM"] < pa - 0.3
    assert harris["win_probability"]["DEM"] > plain["win_probability"]["DEM"] + 0.03
    assert trump["win_probability"]["DEM"] < plain["win_probability"]["DEM"] - 0.1
    rated = _unit(harris, "PA")
    assert (rated["expected_margin"], rated["spread"], rated["source"], rated["note"]) == \
        (2.5, 3.0, "rating", "Lean DEM")  # the table in docs/forecast.md
    assert "rated PA Lean Harris" in harris["source"]
    toss = _json(capsys, "--rate", "TX=Toss-up")
    assert 0.4 < _unit(toss, "TX")["probability"]["DEM"] < 0.6
    main(["forecast", "--rate", "PA=Lean-DEM,NV=tossup"])
    text = capsys.readouterr().out
    assert "rated Lean Harris" in text and "rated Toss-up" in text


def test_bad_ratings_are_refused_naming_the_unit_and_the_levels(capsys):
    err = _refusal(capsys, "--rate", "PA=Solid-DEM")
    assert "--rate, field 'PA'" in err and "got 'Solid-DEM'" in err
    assert all(level in err for level in RATING_LEVELS)
    err = _refusal(capsys, "--rate", "PA=Lean-GRN")
    assert "--rate, field 'PA'" in err and "DEM (Harris), REP (Trump)" in err
    assert "a side after Lean" in _refusal(capsys, "--rate", "GA=Lean")
    assert "unknown unit 'XX'" in _refusal(capsys, "--rate", "XX=Lean-DEM")
    assert "UNIT=RATING" in _refusal(capsys, "--rate", "PA")
    assert "rated twice" in _refusal(capsys, "--rate", "PA=Lean-DEM,pa=Safe-REP")
    assert "--rate" in _refusal(capsys, "--backtest", "2020", "--rate", "PA=Lean-DEM")


def test_a_saved_scenarios_ratings_are_made_again_and_rate_replaces_them(capsys,
                                                                          results_2024):
    saved = ForecastState(ratings={"PA": ("Safe", "REP")}, edits={"GA": 1.0})
    code = scenario_code(Scenario(results_2024, forecast=saved))
    from_code = _json(capsys, "--code", code)
    same = _json(capsys, "--rate", "PA=Safe-REP")
    assert _unit(from_code, "PA")["probability"] == _unit(same, "PA")["probability"]
    assert _unit(from_code, "GA")["expected_margin"] == 1.0
    replaced = _json(capsys, "--code", code, "--rate", "PA=Safe-DEM")
    assert _unit(replaced, "PA")["probability"]["DEM"] > 0.95
    assert "rated PA Safe Harris" in replaced["source"]


def test_rate_is_refused_on_other_maps(capsys, tmp_path):
    out = tmp_path / "m.png"
    assert main(["render", "--map", "margin", "--rate", "PA=Lean-DEM", "-o", str(out)]) == 2
    assert "--rate: expected --map probability" in capsys.readouterr().err
    assert not out.exists()
