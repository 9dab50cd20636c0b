"""`electoral-map forecast --scenario FILE` / `--code CODE`: the forecast saved with a
scenario, made again with its input, edits, error sizes, draws, seed and picks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from viewer.cli import main
from viewer.core.forecast import Forecaster, bundled_inputs, edit_units
from viewer.core.forecast.bundled import polls_path
from viewer.core.forecast.state import FILE, ForecastState
from viewer.core.scenario import Scenario
from viewer.core.scenario_file import scenario_code, scenario_to_json

SAVED = ForecastState(edits={"PA": 2.5}, national_sd=2.0, draws=12_000, seed=11,
                      picks={"GA": "REP"})


def _run(capsys: pytest.CaptureFixture[str], *args: str, status: int = 0) -> str:
    assert main(["forecast", *args]) == status, capsys.readouterr().err
    return capsys.readouterr().out


def _refusal(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(["forecast", *args]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    return captured.err


def _saved_file(tmp_path: Path, results, state: ForecastState) -> Path:  # type: ignore[no-untyped-def]
    path = tmp_path / "saved.json"
    path.write_text(scenario_to_json(Scenario(results, forecast=state)), encoding="utf-8")
    return path


def test_scenario_and_code_give_the_saved_forecast(capsys, tmp_path, results_2024):
    fc = Forecaster(edit_units(bundled_inputs(2024), SAVED.edits), SAVED.errors(),
                    draws=12_000, seed=11)
    expected = fc.condition({"GA": "REP"}).forecast
    path = _saved_file(tmp_path, results_2024, SAVED)
    doc = json.loads(_run(capsys, "--scenario", str(path), "--json"))
    assert doc["win_probability"] == expected.win_probability
    assert doc["expected_ev"] == expected.expected_ev
    assert (doc["draws"], doc["seed"], doc["given"]) == (12_000, 11, {"GA": "REP"})
    assert "national error sd 2 " in doc["model"]
    assert "margins edited for PA" in doc["source"]
    code = scenario_code(Scenario(results_2024, forecast=SAVED))
    assert json.loads(_run(capsys, "--code", code, "--json")) == doc
    # an option beside it replaces its part: another seed, other numbers
    other = json.loads(_run(capsys, "--scenario", str(path), "--seed", "12", "--json"))
    assert other["seed"] == 12 and other["win_probability"] != doc["win_probability"]
    text = _run(capsys, "--scenario", str(path))
    assert "seed 11" in text and "Given: Georgia for Trump" in text


def test_a_code_cannot_carry_a_poll_file_so_polls_gives_it(capsys, results_2024):
    code = scenario_code(Scenario(results_2024, forecast=ForecastState(
        kind=FILE, poll_file="/gone/polls.csv", picks={"PA": "DEM"})))
    err = _refusal(capsys, "--code", code)
    assert "field 'forecast.input.path'" in err and "--polls FILE" in err
    doc = json.loads(_run(capsys, "--code", code, "--polls", str(polls_path(2024)), "--json"))
    assert doc["given"] == {"PA": "DEM"} and doc["source"] == str(polls_path(2024))


def test_saved_forecasts_that_cannot_be_made_are_refused(capsys, tmp_path, results_2024):
    gone = _saved_file(tmp_path, results_2024, ForecastState(kind=FILE,
                                                             poll_file="/gone/polls.csv"))
    assert "/gone/polls.csv: expected a readable poll-averages file" in \
        _refusal(capsys, "--scenario", str(gone))
    from viewer.core.history import Bundle
    from viewer.resources import data_dir

    old = tmp_path / "1960.json"
    old.write_text(scenario_to_json(Scenario(Bundle(data_dir()).load(1960))))
    assert "field 'base.year'" in _refusal(capsys, "--scenario", str(old))
    assert "--scenario" in _refusal(capsys, "--backtest", "2020", "--scenario", str(old))
    path = _saved_file(tmp_path, results_2024, SAVED)
    assert "--year" in _refusal(capsys, "--scenario", str(path), "--year", "2020")


def test_render_draws_the_saved_forecast(monkeypatch, tmp_path, results_2024):
    """`render --map probability --scenario FILE` shades by the forecast the file saved
    (edits, error sizes, draws, seed, picks), not by the year's default one."""
    import viewer.render.export as export

    drawn: list[object] = []
    real = export.render_bytes

    def spy(*args, **kw):  # type: ignore[no-untyped-def]
        drawn.append(kw["forecast"])
        return real(*args, **kw)

    monkeypatch.setattr(export, "render_bytes", spy)
    path = _saved_file(tmp_path, results_2024, SAVED)
    out = tmp_path / "saved.png"
    assert main(["render", "--map", "probability", "--scenario", str(path), "--size",
                 "400x250", "-o", str(out)]) == 0
    expected = Forecaster(edit_units(bundled_inputs(2024), SAVED.edits), SAVED.errors(),
                          draws=12_000, seed=11).condition({"GA": "REP"}).forecast
    (f,) = drawn
    assert f.picks == {"GA": "REP"} and f.win_probability == expected.win_probability
    assert out.stat().st_size > 0
