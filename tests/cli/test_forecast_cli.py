"""`electoral-map forecast` (issue #17): the odds as text and JSON, reproducible with a
seed, conditioning with --given, refusals that name the file, line and field, and the
backtest against the certified results."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from viewer.cli import main
from viewer.core.forecast.bundled import polls_path
from viewer.core.forecast.inputs import load_poll_averages
from viewer.core.results import load_results
from viewer.resources import data_dir


def run(capsys: pytest.CaptureFixture[str], *args: str, status: int = 0) -> str:
    assert main(["forecast", *args]) == status, capsys.readouterr().err
    return capsys.readouterr().out


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict:
    return json.loads(run(capsys, "--json", *args))


def refusal(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(["forecast", *args]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    return captured.err


@pytest.fixture(scope="module")
def plain_2024() -> dict:
    # module-scoped: run once in process, outside capsys
    import contextlib
    import io

    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        assert main(["forecast", "--json", "--year", "2024"]) == 0
    return json.loads(buf.getvalue())


def test_json_has_every_figure(plain_2024):
    d = plain_2024
    assert d["year"] == 2024 and d["draws"] == 10_000 and d["parties"] == ["DEM", "REP"]
    assert d["candidates"]["DEM"] == "Kamala Harris"
    win = d["win_probability"]
    assert sum(win.values()) + d["no_majority_probability"] == pytest.approx(1.0)
    assert d["tie_probability"] <= d["no_majority_probability"] + 1e-12
    assert 0.35 < win["DEM"] < 0.65  # the final averages: a coin flip
    assert sum(d["expected_ev"].values()) == pytest.approx(538)
    for party in ("DEM", "REP"):
        p = [d["ev_percentiles"][party][q] for q in ("5", "25", "50", "75", "95")]
        assert p == sorted(p) and p[0] < p[-1]
    tipping = [t["probability"] for t in d["tipping_point"]]
    assert tipping == sorted(tipping, reverse=True) and d["tipping_point"][0]["unit"] == "PA"
    assert sum(tipping) == pytest.approx(1 - d["no_majority_probability"], abs=1e-9)
    assert len(d["units"]) == 56
    ca = next(u for u in d["units"] if u["unit"] == "CA")
    assert ca["probability"]["DEM"] > 0.99 and ca["electoral_votes"] == 54
    assert 0 < d["split_probability"] < 1 and "DEM" in d["popular_vote_probability"]
    assert len(d["unpolled"]) == 27 and d["given"] is None and d["conditioning"] is None
    assert d["method"] == "simulation"


def test_text_lists_odds_percentiles_tipping_points_and_units(capsys):
    out = run(capsys, "--year", "2020")
    assert "Biden (DEM)" in out and "Tie 269–269" in out
    assert "percentiles 5/25/50/75/95" in out
    assert "Tipping point (top 10):" in out and "  PA    Pennsylvania" in out
    assert "NE-3" in out and "(no polls)" in out
    assert "Electoral College / popular vote split" in out
    # a unit the draws never gave away is "<0.1%"/">99.9%", never a flat 0 or 100 %
    assert ">99.9%" in out and " 100.0%" not in out and " 0.0%" not in out


def test_same_seed_same_numbers_other_seed_other_numbers(capsys, plain_2024):
    again = run_json(capsys, "--year", "2024", "--seed", "2020")
    assert again == plain_2024  # the default seed is 2020
    other = run_json(capsys, "--year", "2024", "--seed", "7")
    assert other["win_probability"] != plain_2024["win_probability"]
    assert abs(other["win_probability"]["DEM"] - plain_2024["win_probability"]["DEM"]) < 0.05


def test_given_moves_the_odds_and_says_how(capsys, plain_2024):
    d = run_json(capsys, "--year", "2024", "--given", "PA=DEM")
    assert d["given"] == {"PA": "DEM"}
    c = d["conditioning"]
    assert c["method"] == "rejection" and c["reliable"] and not c["impossible"]
    assert c["kept"] == pytest.approx(10_000 * next(
        u["probability"]["DEM"] for u in plain_2024["units"] if u["unit"] == "PA"), abs=1)
    assert d["win_probability"]["DEM"] > plain_2024["win_probability"]["DEM"] + 0.2
    wi = {u["unit"]: u["probability"]["DEM"] for u in d["units"]}
    before = {u["unit"]: u["probability"]["DEM"] for u in plain_2024["units"]}
    assert wi["WI"] > before["WI"] + 0.1 and wi["PA"] == 1.0
    # surnames are accepted, any case; the other way lowers the odds
    rep = run_json(capsys, "--year", "2024", "--given", "pa=trump")
    assert rep["given"] == {"PA": "REP"}
    assert rep["win_probability"]["DEM"] < plain_2024["win_probability"]["DEM"] - 0.2


def test_unlikely_picks_fall_back_and_say_so(capsys):
    out = run(capsys, "--year", "2024", "--given", "TX=DEM,FL=DEM")
    assert "Method: importance sampling" in out and "effective draws" in out
    assert "Chance of winning" in out


def test_impossible_picks_say_so_and_give_no_number(capsys):
    out = run(capsys, "--year", "2024", "--given", "WY=DEM,DC=REP", status=1)
    assert "practically impossible" in out
    assert "Chance of winning" not in out
    assert main(["forecast", "--json", "--year", "2024", "--given", "WY=DEM,DC=REP"]) == 1
    d = json.loads(capsys.readouterr().out)
    assert d["forecast"] is None and d["conditioning"]["impossible"]
    err = refusal(capsys, "--given", "PA=DEM,PA=REP")
    assert "PA is given twice" in err and "impossible" in err


def _poll_file(tmp_path: Path, name: str, change) -> Path:  # type: ignore[no-untyped-def]
    lines = polls_path(2024).read_text(encoding="utf-8").splitlines()
    change(lines)
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _line_of(lines: list[str], unit: str) -> int:
    return next(i for i, line in enumerate(lines) if line.startswith(unit + ","))


def test_poll_file_refusals_name_file_line_and_field(capsys, tmp_path):
    def unknown(lines: list[str]) -> None:
        i = _line_of(lines, "GA")
        lines[i] = "ZZ," + lines[i].split(",", 1)[1]

    def outside(lines: list[str]) -> None:
        i = _line_of(lines, "PA")
        lines[i] = "PA,101,48.2"

    def other_year(lines: list[str]) -> None:
        lines[1] = "# year: 2016"

    path = _poll_file(tmp_path, "unknown.csv", unknown)
    ga = _line_of(path.read_text().splitlines(), "ZZ") + 1
    err = refusal(capsys, "--polls", str(path))
    assert f"unknown.csv, line {ga}, field 'unit'" in err and "'ZZ'" in err
    path = _poll_file(tmp_path, "outside.csv", outside)
    pa = _line_of(path.read_text().splitlines(), "PA") + 1
    err = refusal(capsys, "--polls", str(path))
    assert f"outside.csv, line {pa}, field 'pct_DEM'" in err and "0 to 100" in err
    err = refusal(capsys, "--polls", str(_poll_file(tmp_path, "y.csv", other_year)))
    assert "y.csv, line 2, field 'year'" in err and "2020 or 2024" in err
    err = refusal(capsys, "--polls", str(_poll_file(tmp_path, "ok.csv", lambda lines: None)),
                  "--year", "2020")
    assert "ok.csv, field 'year'" in err and "for 2020" in err


def test_argument_refusals(capsys):
    assert "--year: expected a year with bundled results" in refusal(capsys, "--year", "2016")
    err = refusal(capsys, "--given", "PA=GRN")
    assert "--given, field 'PA'" in err and "DEM (Harris)" in err
    assert "unknown unit 'XX'" in refusal(capsys, "--given", "XX=DEM")
    assert "10,000 to 1,000,000" in refusal(capsys, "--draws", "500")
    assert "--backtest" in refusal(capsys, "--backtest", "2016")
    assert "--polls" in refusal(capsys, "--backtest", "2020", "--polls", "x.csv")


# -- the backtest ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def backtests() -> dict[int, dict]:
    import contextlib
    import io

    out = {}
    for year in (2020, 2024):
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            assert main(["forecast", "--backtest", str(year), "--json"]) == 0
        out[year] = json.loads(buf.getvalue())
    return out


def _wrong_leader(year: int) -> set[str]:
    """Units where the final averages (the shifted previous result where there were
    none) had the wrong leader, from the files themselves."""
    from viewer.core.forecast import bundled_inputs

    polls = load_poll_averages(polls_path(year))
    inputs = bundled_inputs(year)
    results = load_results(data_dir() / f"results_{year}.csv", with_previous=False)
    out = set()
    for unit, r in results.units.items():
        margin = polls.margin(unit, ("DEM", "REP"))
        if margin is None:
            margin = inputs.units[unit].margin
        if (margin > 0) != (r.winner == "DEM"):
            out.add(unit)
    return out


def test_backtest_2020_is_sane(backtests):
    b = backtests[2020]
    assert b["in_sample"] and b["defaults_chosen_on"] == 2020
    assert b["actual_ev"] == {"DEM": 306, "REP": 232} and b["actual_winner"] == "DEM"
    assert 0.85 < b["win_probability"]["DEM"] < 0.98
    assert b["expected_ev"]["DEM"] > b["actual_ev"]["DEM"]  # the polls overstated Biden
    assert b["brier_score"] < 0.1
    assert 0 < b["log_loss"] < 0.3
    assert b["units"] == 56
    wrong = {w["unit"] for w in b["called_wrong"]}
    assert wrong == _wrong_leader(2020) == {"FL", "NC", "ME-2"}
    assert all(w["winner"] == "REP" for w in b["called_wrong"])
    cal = b["calibration"]
    assert sum(len(c["units"]) for c in cal) == 56
    assert [c["bin"] for c in cal] == ["50–60 %", "60–75 %", "75–90 %", "90–99 %", "over 99 %"]
    top = cal[-1]
    assert top["favourite_won"] == len(top["units"]) > 20  # over 99 %: never wrong


def test_backtest_2024_is_out_of_sample(backtests, capsys):
    b = backtests[2024]
    assert not b["in_sample"] and b["actual_winner"] == "REP"
    assert {w["unit"] for w in b["called_wrong"]} == _wrong_leader(2024) == {"MI", "PA", "WI"}
    assert b["brier_score"] < 0.1
    # Brier score by hand from the per-unit figures
    brier = sum((b["unit_probability"][u] - (w == "DEM")) ** 2
                for u, w in b["outcomes"].items()) / 56
    assert b["brier_score"] == pytest.approx(brier)
    out = run(capsys, "--backtest", "2024")
    assert "out-of-sample: the defaults were chosen on 2020" in out
    assert "Called wrong (3 of 56 states and districts): Michigan (Harris 60%, won by " \
           "Trump); Pennsylvania" in out
    assert "Brier score over 56 units" in out and "Calibration" in out


def test_forecast_options_refused_on_other_maps(capsys, tmp_path):
    out = tmp_path / "m.png"
    assert main(["render", "--map", "margin", "--seed", "3", "-o", str(out)]) == 2
    assert "--seed: expected --map probability" in capsys.readouterr().err
    assert main(["render", "--map", "probability", "--flip", "PA", "-o", str(out)]) == 2
    assert "--given" in capsys.readouterr().err
    assert main(["render", "--map", "probability", "--year", "2016", "-o", str(out)]) == 2
    assert "2020 or 2024" in capsys.readouterr().err
    assert not out.exists()
