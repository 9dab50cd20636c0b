"""The command line on any bundled year: --year, `years`, and summary's JSON."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from tests.ui.helpers import interior_point
from viewer.cli import main
from viewer.core.history import Bundle
from viewer.core.scenario import Scenario
from viewer.render.export import build_figure
from viewer.resources import data_dir


def run_json(capsys, *argv: str) -> object:
    assert main([*argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_summary_1960_gives_every_candidates_votes_and_the_years_majority(capsys):
    data = run_json(capsys, "summary", "--year", "1960")
    assert data["totals"] == {"DEM": 303, "REP": 219, "UNP": 15}
    assert data["to_win"] == 269 and data["total"] == 537
    assert data["candidates"]["UNP"]["name"] == "Harry F. Byrd"
    assert data["winner"] == data["president"] == "DEM"
    assert data["chosen_by"] == "electoral majority"
    al = next(u for u in data["units"] if u["unit"] == "AL")
    assert al["ev_cast"] == {"DEM": 5, "UNP": 6}


def test_year_before_the_subcommand_and_2024_codes_keep_working(capsys):
    data = run_json(capsys, "--year", "2016", "summary")
    assert data["totals"]["POWELL"] == 3 and data["totals"]["REP"] == 304
    assert data["candidates"]["POWELL"]["party"] == "Republican"
    default = run_json(capsys, "summary")
    assert default["totals"] == {"DEM": 226, "REP": 312}


@pytest.mark.parametrize("year, winner, how", [
    (1800, "tie", "House of Representatives"),
    (1824, None, "House of Representatives"),
    (1876, "REP", "Electoral Commission"),
])
def test_how_the_president_was_chosen(capsys, year, winner, how):
    data = run_json(capsys, "summary", "--year", str(year))
    assert data["winner"] == winner and data["chosen_by"] == how
    assert main(["summary", "--year", str(year)]) == 0
    text = capsys.readouterr().out
    assert f"chosen by the {how}" in text


def test_a_scenario_without_a_majority_says_the_house_would_choose(capsys):
    data = run_json(capsys, "summary", "--year", "1968", "--flip", "CA")
    assert data["winner"] is None and data["undecided"] == 0
    assert data["chosen_by"].startswith("no majority")


def test_years_lists_every_election(capsys):
    rows = run_json(capsys, "years")
    assert [r["year"] for r in rows][:3] == [1789, 1792, 1796] and len(rows) == 60
    by_year = {r["year"]: r for r in rows}
    assert by_year[2000]["name"] == "George W. Bush"
    assert by_year[2000]["popular_vote_margin"]["leader"] == "DEM"  # Gore led it
    assert by_year[1800]["popular_vote_margin"] is None
    assert by_year[1912]["electoral_votes"] == {"DEM": 435, "PROG": 88, "REP": 8}
    assert main(["years"]) == 0
    assert "1824  John Quincy Adams" in capsys.readouterr().out


def test_bad_years_and_both_sources_are_refused(capsys, tmp_path):
    assert main(["summary", "--year", "1790"]) == 2
    assert "a year with a presidential election" in capsys.readouterr().err
    assert main(["summary", "--year", "1960", "--results",
                 str(data_dir() / "results_2024.csv")]) == 0  # one year: --year is moot
    capsys.readouterr()


def test_results_in_other_formats_are_read_from_their_content(capsys, tmp_path):
    fixtures = Path(__file__).resolve().parents[1] / "fixtures" / "results"
    assert main(["summary", "--results", str(fixtures / "medsl_excerpt.csv")]) == 2
    assert "--year" in capsys.readouterr().err  # two years in the file: which one?
    data = run_json(capsys, "summary", "--results", str(fixtures / "medsl_excerpt.csv"),
                    "--year", "2020")
    assert data["year"] == 2020


def test_paths_and_swing_use_the_years_rules(capsys):
    data = run_json(capsys, "paths", "--year", "1960", "--undecided", "IL,TX,MO,NJ,CA")
    assert data["base"] == {"DEM": 223, "REP": 187} and data["no_majority"] == 6
    swing = run_json(capsys, "swing", "--year", "1968", "0")
    assert swing["flipped"] == [] and swing["totals"]["AIP"] == 46


def test_render_1860_draws_non_states_grey_and_names_every_candidate(tmp_path):
    shapes_year = Bundle(data_dir()).load(1860)
    from viewer.core.shapes import load_shapes

    shapes = load_shapes()
    fig, mf = build_figure(shapes, Scenario(shapes_year), (1400, 900))
    legend_text = " ".join(t.get_text() for t in mf.legend.findobj(
        lambda a: hasattr(a, "get_text") and callable(a.get_text)))
    for name in ("Douglas", "Lincoln", "Breckinridge", "Bell", "No electors"):
        assert name in legend_text
    assert mf.bar.to_win_text.get_text() == "152 to win"
    fig.canvas.draw()
    buf = np.asarray(fig.canvas.buffer_rgba())

    def at(unit: str) -> np.ndarray:
        x, y = mf.map_ax.transData.transform(interior_point(shapes, unit))
        return buf[int(buf.shape[0] - y), int(x), :3] / 255.0

    no_data = np.array(mf.palette.no_data)
    assert np.abs(at("NM") - no_data).max() < 0.03  # a territory in 1860
    tx = mf.palette.party("SD")
    assert np.abs(at("TX") - np.array(tx)).max() < 0.03  # Breckinridge, 75%: full colour
    assert mf.map.unit_at(*interior_point(shapes, "NM")) is None  # no unit to click
    labels = {t.get_text().split("\n")[0] for t in mf.map_ax.texts}
    assert "NM" not in labels and "TX" in labels


def test_a_share_code_opens_its_own_year_and_edits_are_checked(capsys):
    code = run_json(capsys, "summary", "--year", "1960", "--flip", "TX")["code"]
    data = run_json(capsys, "summary", "--code", code)  # no --year: the code says 1960
    assert data["year"] == 1960 and data["totals"]["REP"] == 219 + 24
    assert main(["summary", "--year", "1800", "--flip", "VA"]) == 2
    assert "two votes before 1804" in capsys.readouterr().err
    assert main(["summary", "--year", "1860", "--flip", "NV"]) == 2
    assert "NV had no electors in 1860" in capsys.readouterr().err


def test_a_state_split_between_its_own_electors_is_hatched_in_the_colour_blind_map():
    from viewer.core.shapes import load_shapes
    from viewer.render.style import MapStyle

    _, mf = build_figure(load_shapes(), Scenario(Bundle(data_dir()).load(1912)), (1200, 760),
                           style=MapStyle(palette="colorblind"))
    assert mf.map.hatched_units("split") >= 1  # California: 11 Roosevelt, 2 Wilson
    _, mf = build_figure(load_shapes(), Scenario(Bundle(data_dir()).load(1920)), (1200, 760),
                           style=MapStyle(palette="colorblind"))
    assert mf.map.hatched_units("split") == 0  # no split state in 1920
