"""Options before or after the subcommand, empty and out-of-range values, load warnings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from viewer.cli import main
from viewer.core.units import UNITS
from viewer.resources import data_dir

DATA = data_dir()
MAIN = (DATA / "results_2024.csv").read_text()
# PA, MI, WI to DEM and GA undecided, all locked so that a swing of 0 keeps them.
SCENARIO = {"format": "electoral-map/scenario", "version": 1,
            "overrides": {"PA": "DEM", "MI": "DEM", "WI": "DEM", "GA": None},
            "locked": ["PA", "MI", "WI", "GA"]}
EXPECTED_TOTALS = {"DEM": 270, "REP": 252}


@pytest.fixture
def scenario_file(tmp_path: Path) -> Path:
    path = tmp_path / "scenario.json"
    path.write_text(json.dumps(SCENARIO))
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def one_error(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("electoral-map: error: "), err
    assert "Traceback" not in err
    return lines[0]


# -- --scenario and --results before or after the subcommand -----------------------------

COMMANDS = {"summary": ["summary", "--json"], "swing": ["swing", "0", "--json"],
            "paths": ["paths", "--json"]}


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("before", [True, False])
def test_scenario_applies_before_or_after_the_subcommand(capsys, scenario_file, command,
                                                         before):
    opt = ["--scenario", str(scenario_file)]
    argv = opt + COMMANDS[command] if before else COMMANDS[command] + opt
    code, out, err = run(capsys, *argv)
    assert code == 0, err
    data = json.loads(out)
    if command == "paths":
        assert data["undecided"] == ["GA"] and data["base"] == EXPECTED_TOTALS
    else:
        assert data["totals"] == EXPECTED_TOTALS and data["undecided"] == 16


@pytest.mark.parametrize("before", [True, False])
def test_render_takes_the_scenario_before_or_after(capsys, monkeypatch, tmp_path,
                                                   scenario_file, before):
    import viewer.render.export as export

    seen = []
    monkeypatch.setattr(export, "render_bytes",
                        lambda shapes, scenario, *a, **k: seen.append(scenario) or b"x")
    opt = ["--scenario", str(scenario_file)]
    cmd = ["render", "-o", str(tmp_path / "map.png"), "--layout", "tiles"]
    code, _, err = run(capsys, *(opt + cmd if before else cmd + opt))
    assert code == 0, err
    assert seen and seen[0].tally().totals == EXPECTED_TOTALS


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("before", [True, False])
def test_results_applies_before_or_after_the_subcommand(capsys, command, before):
    opt = ["--results", str(DATA / "results_2020.csv")]
    cmd = COMMANDS[command] + (["--undecided", "GA"] if command == "paths" else [])
    code, out, err = run(capsys, *(opt + cmd if before else cmd + opt))
    assert code == 0, err
    data = json.loads(out)
    totals = data["base"] if command == "paths" else data["totals"]
    assert totals["DEM"] in (306, 290)  # 2020 (GA undecided for paths)


@pytest.mark.parametrize("before", [True, False])
def test_code_applies_before_or_after_the_subcommand(capsys, before):
    _, out, _ = run(capsys, "summary", "--json", "--flip", "PA,MI,WI")
    opt = ["--code", json.loads(out)["code"]]
    argv = [*opt, "summary", "--json"] if before else ["summary", "--json", *opt]
    code, out, err = run(capsys, *argv)
    assert code == 0, err
    assert json.loads(out)["totals"] == {"DEM": 270, "REP": 268}


def test_code_for_the_window_is_refused(capsys):
    code, _, err = run(capsys, "--code", "EM1-2024-AAAA-A")
    assert code == 2 and "--code does not apply to the window" in one_error(err)


def test_scenario_before_a_command_that_does_not_take_it_is_refused(capsys, scenario_file):
    code, _, err = run(capsys, "--scenario", str(scenario_file), "claims",
                       str(DATA / "SOURCES.md"))
    assert code == 2
    assert "--scenario does not apply to 'claims'" in one_error(err)


def test_option_given_twice_with_different_values_is_refused(capsys, scenario_file,
                                                             tmp_path):
    other = tmp_path / "other.json"
    other.write_text(json.dumps(SCENARIO))
    code, _, err = run(capsys, "--scenario", str(scenario_file), "summary", "--scenario",
                       str(other))
    assert code == 2 and "--scenario given twice" in one_error(err)


# -- values that used to pass silently --------------------------------------------------

@pytest.mark.parametrize(("argv", "needle"), [
    (["summary", "--flip", ""], "argument --flip: expected unit codes"),
    (["summary", "--flip", "PA,,WI"], "argument --flip: expected unit codes"),
    (["summary", "--undecided", " "], "argument --undecided: expected unit codes"),
    (["summary", "--code", ""], "argument --code: expected a scenario code"),
    (["summary", "--scenario", ""], "argument --scenario: expected a file name"),
    (["--results", "", "summary"], "argument --results: expected a file name"),
    (["events", "x.txt", "--year", "-5"], "argument --year: expected a four-digit year"),
    (["events", "x.txt", "--year", "24"], "argument --year: expected a four-digit year"),
    (["paths", "--undecided", "PA", "--limit", "0"], "argument --limit: expected a whole"),
])
def test_empty_or_impossible_values_are_refused(capsys, argv, needle):
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert needle in one_error(err)


def test_scenario_version_true_is_refused(capsys, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({**SCENARIO, "version": True}))
    code, _, err = run(capsys, "summary", "--scenario", str(bad))
    assert code == 2 and "bad.json, field 'version': expected version 1" in one_error(err)


def test_underscore_in_vote_counts_is_refused(capsys, tmp_path):
    bad = tmp_path / "results.csv"
    bad.write_text(MAIN.replace("AL,Alabama,9,REP,772412,", "AL,Alabama,9,REP,772_412,"))
    code, _, err = run(capsys, "summary", "--results", str(bad))
    assert code == 2
    line = next(i for i, text in enumerate(MAIN.splitlines(), 1) if text.startswith("AL,"))
    assert f"line {line}, field 'votes_DEM': expected a whole number" in one_error(err)


# -- load warnings and skipped units -----------------------------------------------------

def test_bad_previous_file_is_a_warning_on_stderr(capsys, tmp_path):
    (tmp_path / "results_2024.csv").write_text(MAIN)
    (tmp_path / "results_2020.csv").write_text("unit,winner\nAL,REP\n")
    code, out, err = run(capsys, "summary", "--json", "--results",
                         str(tmp_path / "results_2024.csv"))
    assert code == 0
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("warning: previous election not used: ")
    assert "results_2020.csv" in lines[0] and "Traceback" not in err
    assert json.loads(out)["warnings"] == [lines[0].removeprefix("warning: ")]


def _without_votes(tmp_path: Path, unit: str) -> str:
    lines = []
    for line in MAIN.splitlines():
        if line.startswith(f"{unit},"):
            fields = line.split(",")
            line = ",".join(fields[:4] + [""] * (len(fields) - 4))
        lines.append(line)
    path = tmp_path / f"no_{unit}.csv"
    path.write_text("\n".join(lines) + "\n")
    return str(path)


@pytest.mark.parametrize("unit", ["AL", "WY", "NE-3"])
def test_swing_skips_and_names_a_unit_without_votes_wherever_it_is(capsys, tmp_path, unit):
    code, out, err = run(capsys, "swing", "2", "--json", "--results",
                         _without_votes(tmp_path, unit))
    assert code == 0, err
    data = json.loads(out)
    assert data["flipped"] == ["MI", "PA", "WI"]
    assert data["skipped_units"] == [{"unit": unit, "reason": "votes not available"}]
    code, out, _ = run(capsys, "swing", "2", "--results", _without_votes(tmp_path, unit))
    assert code == 0 and f"(votes not available): {UNITS[unit].name}\n" in out
    assert "flipped: Michigan, Pennsylvania, Wisconsin\n" in out


def test_summary_keeps_the_tipping_point_and_names_the_skipped_district(capsys, tmp_path):
    path = _without_votes(tmp_path, "NE-3")
    code, out, err = run(capsys, "summary", "--json", "--results", path)
    assert code == 0, err
    data = json.loads(out)
    assert data["tipping_point"] == {"unit": "PA", "margin": -1.7}
    assert data["skipped_units"] == [{"unit": "NE-3", "reason": "votes not available"}]
    _, out, _ = run(capsys, "summary", "--results", path)
    assert "Tipping point: Pennsylvania (Trump +1.70)" in out
    assert "(votes not available): Nebraska's 3rd district\n" in out


def test_contradicting_winner_warns_and_swing_zero_flips_nothing(capsys, tmp_path):
    path = tmp_path / "w.csv"
    path.write_text(MAIN.replace("PA,Pennsylvania,19,REP,", "PA,Pennsylvania,19,DEM,"))
    code, out, err = run(capsys, "swing", "0", "--json", "--results", str(path))
    assert code == 0
    assert json.loads(out)["flipped"] == []
    assert "warning: " in err and "PA's winner column says DEM but REP has more" in err
