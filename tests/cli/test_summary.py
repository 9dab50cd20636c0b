"""`electoral-map summary` and argument errors, in process and as a real subprocess."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from viewer.cli import main


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict:
    assert main(["summary", "--json", *args]) == 0
    return json.loads(capsys.readouterr().out)


def test_summary_json_2024(capsys):
    data = run_json(capsys)
    assert data["totals"] == {"DEM": 226, "REP": 312}
    assert data["winner"] == "REP" and data["to_win"] == 270
    assert len(data["units"]) == 56
    pa = next(u for u in data["units"] if u["unit"] == "PA")
    assert pa == {**pa, "ev": 19, "winner": "REP", "changed": False}
    assert data["tipping_point"] == {"unit": "PA", "margin": -1.7}


def test_summary_flip(capsys):
    data = run_json(capsys, "--flip", "PA,WI,MI")
    assert data["totals"] == {"DEM": 270, "REP": 268}
    assert data["winner"] == "DEM"
    changed = sorted(u["unit"] for u in data["units"] if u["changed"])
    assert changed == ["MI", "PA", "WI"]


def test_summary_tie_and_undecided(capsys):
    assert run_json(capsys, "--flip", "PA,WI,MI,NE-2")["winner"] == "tie"
    data = run_json(capsys, "--undecided", "PA,GA,NC,MI")
    assert data["winner"] is None and data["undecided"] == 66
    assert data["totals"] == {"DEM": 226, "REP": 246}


def test_summary_text(capsys):
    assert main(["summary"]) == 0
    out = capsys.readouterr().out
    assert "Donald Trump (REP):" in out and "312" in out
    assert "Winner: Donald Trump" in out
    # Sentences name the state and the candidate; the table keeps codes and R+/D+.
    assert "Tipping point: Pennsylvania (Trump +1.70)" in out
    assert "\n  PA   Pennsylvania                   19  REP      R+1.70\n" in out


@pytest.mark.parametrize(("args", "needle"), [
    (["summary", "--flip", "XX"], "unknown unit 'XX'"),
    (["summary", "--results", "/nonexistent/r.csv"], "expected a readable results file"),
    (["summary", "--flip", "PA", "--undecided", "PA"], "both --flip and --undecided"),
    (["render", "-o", "map.gif"], "give its elections with --years"),
    (["render", "-o", "map.tiff"], "expected a file name ending in .png, .svg or .pdf"),
    (["render", "-o", "m.png", "--size", "big"], "WIDTHxHEIGHT"),
    (["frobnicate"], "invalid choice"),
])
def test_bad_arguments_exit_2_with_one_message(capsys, args, needle):
    assert main(args) == 2
    err = capsys.readouterr().err
    assert needle in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_bad_results_file_names_line(tmp_path, capsys):
    from viewer.resources import default_results_path

    text = default_results_path().read_text().replace("AK,Alaska,3", "AK,Alaska,x")
    bad = tmp_path / "bad.csv"
    bad.write_text(text)
    assert main(["summary", "--results", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "bad.csv, line 12, field 'electoral_votes'" in err


def test_real_process_module_entry():
    proc = subprocess.run([sys.executable, "-m", "viewer", "summary", "--json"],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["totals"] == {"DEM": 226, "REP": 312}
    bad = subprocess.run([sys.executable, "-m", "viewer", "summary", "--flip", "ZZ"],
                         capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr


def test_paths_command(capsys):
    assert main(["paths", "--undecided", "AZ,GA,MI,NV,NC,PA,WI", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["outcomes"] == 128 and data["wins"] == {"DEM": 71, "REP": 54}
    assert data["ties"] == 3
    assert data["smallest_winning_sets"]["REP"][0] == ["PA", "GA", "NC"]
    assert main(["paths"]) == 2
    assert "no undecided units" in capsys.readouterr().err


def test_swing_command(capsys):
    assert main(["swing", "2", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["totals"] == {"DEM": 270, "REP": 268} and data["flipped"] == ["MI", "PA", "WI"]
    assert data["swing_to_win"] == {"party": "DEM", "points": 1.7}
    assert main(["swing", "-3", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["flipped"] == ["NH"]
    assert main(["swing", "lots"]) == 2


def test_sentences_name_states_and_candidates_and_json_keeps_codes(capsys, tmp_path):
    """What a person reads says 'Pennsylvania' and 'Trump', not 'PA' and 'R+'."""
    assert main(["paths", "--undecided", "AZ,GA,MI,NV,NC,PA,WI,NE-2"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("8 undecided states and districts (Pennsylvania, Georgia, North "
                          "Carolina, Michigan, Arizona, Wisconsin, Nevada, Nebraska's 2nd "
                          "district): 256 outcomes\n")
    assert "      e.g. Pennsylvania + Georgia + North Carolina = " in out
    assert main(["swing", "-3"]) == 0
    out = capsys.readouterr().out
    assert "Uniform swing of 3 points toward Donald Trump:" in out
    assert "  flipped: New Hampshire\n" in out
    assert main(["swing", "1"]) == 0
    assert "Uniform swing of 1 point toward Kamala Harris:" in capsys.readouterr().out
    assert main(["summary", "--year", "1960"]) == 0
    out = capsys.readouterr().out
    assert "Tipping point: Missouri (Kennedy +0.52)\n" in out
    assert ("(won by Harry F. Byrd, not one of the two leading candidates): Mississippi\n"
            in out)
    article = tmp_path / "article.txt"
    article.write_text("Our 2024 map:\nPennsylvania: Harris\nTexas: Trump\n")
    assert main(["claims", str(article)]) == 0
    out = capsys.readouterr().out
    assert ": 2 states and districts claimed" in out
    assert "Differs from the loaded results in 1 state or district: Pennsylvania (Trump → " \
           "Harris)\n" in out
    assert "(official result kept): Alabama, Alaska," in out
    # --json is for scripts: codes, as before
    assert main(["paths", "--undecided", "PA,NE-2", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["undecided"] == ["PA", "NE-2"]
    assert main(["swing", "-3", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["flipped"] == ["NH"]


def test_claims_command_and_scenario_round_trip(capsys, tmp_path, shared_dir):
    seed = next((shared_dir / "seeds").glob("002_*.txt"))
    saved = tmp_path / "claim.json"
    assert main(["claims", str(seed), "--json", "--save", str(saved)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["totals"] == {"DEM": 303, "REP": 235} and len(data["differing_units"]) == 6
    assert main(["summary", "--scenario", str(saved), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["totals"] == {"DEM": 303, "REP": 235}
    assert main(["summary", "--code", summary["code"], "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["totals"] == {"DEM": 303, "REP": 235}
    out = tmp_path / "claim.svg"
    assert main(["render", "--scenario", str(saved), "-o", str(out)]) == 0
    assert "Claim: " in out.read_text()


def test_bad_scenario_file_exits_2(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "electoral-map/scenario", "version": 1, "overrides": {"PA": 7}}')
    assert main(["summary", "--scenario", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "bad.json, field 'overrides.PA'" in err and "Traceback" not in err
