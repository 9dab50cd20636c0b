"""Forecast inputs: poll files (and bad ones), units without polls, ratings, regions."""

from __future__ import annotations

import csv

import pytest

from viewer.core.errors import InputError
from viewer.core.forecast import (
    RATING_LEVELS,
    REGIONS,
    Forecaster,
    apply_ratings,
    bundled_inputs,
    inputs_from_polls,
    inputs_from_results,
    load_poll_averages,
    previous_results,
    region_of,
)
from viewer.core.forecast.bundled import polls_path
from viewer.core.forecast.inputs import parse_poll_averages
from viewer.core.units import STATE_CODES, UNIT_CODES, UNITS


def test_units_without_polls_take_the_previous_result_shifted_and_are_named():
    inputs = bundled_inputs(2024)
    polls = load_poll_averages(polls_path(2024))
    assert len(polls.shares) == 29 and polls.national is not None
    assert len(inputs.unpolled) == 56 - 29
    assert {"AL", "DC", "ME-1", "NE-3"} <= set(inputs.unpolled) and "PA" not in inputs.unpolled
    prev = previous_results(2024)
    change = (48.043 - 46.8135) - prev.national_margin()
    assert inputs.national_change == pytest.approx(change, abs=1e-6)
    assert inputs.units["AL"].margin == pytest.approx(prev.margin("AL") + change)
    assert "no polls" in inputs.units["AL"].note
    assert any("AL" in note and "shifted" in note for note in inputs.notes)
    assert inputs.units["PA"].margin == pytest.approx(47.92745 - 47.70895)
    # the 2024 apportionment, not the previous election's
    assert inputs.electoral_votes["TX"] == 40 and prev.electoral_votes["TX"] == 38
    f = Forecaster(inputs, seed=1).forecast()
    assert f.unpolled == inputs.unpolled


def test_2020_uses_the_bundled_2016_election_for_its_one_unpolled_district():
    inputs = bundled_inputs(2020)
    assert inputs.unpolled == ("NE-3",)
    prev = previous_results(2020)
    assert prev.year == 2016
    assert inputs.units["NE-3"].margin == pytest.approx(prev.margin("NE-3")
                                                        + inputs.national_change)


def test_the_reference_file_reads_the_same_as_the_bundled_one(shared_dir):
    for year in (2020, 2024):
        ref = load_poll_averages(shared_dir / "reference/forecast" / f"poll_averages_{year}.csv")
        ours = load_poll_averages(polls_path(year))
        assert ref.year == ours.year == year
        assert ref.shares == ours.shares and ref.national == ours.national


GOOD = "# year: 2024\nunit,pct_DEM,pct_REP\nPA,48,47\nUS,48,47\n"


@pytest.mark.parametrize(("text", "line", "words"), [
    ("# year: 2024\nunit,pct_DEM,pct_REP\nPA,48,47\nXX,40,50\n", 4, "unit code"),
    ("unit,pct_DEM,pct_REP\nPA,48,47\nPA,48,47\n", 3, "each unit once"),
    ("unit,pct_DEM,pct_REP\nPA,148,47\n", 2, "0 to 100"),
    ("unit,pct_DEM,pct_REP\nPA,-1,47\n", 2, "0 to 100"),
    ("unit,pct_DEM,pct_REP\nPA,60,47\n", 2, "100 or less"),
    ("unit,pct_DEM,pct_REP\nPA,abc,47\n", 2, "percent"),
    ("year,unit,dem_pct,rep_pct\n2024,PA,48,47\n2020,WI,48,47\n", 3, "2024 only"),
    ("unit,pct_DEM\nPA,48\n", 1, "two candidates"),
])
def test_bad_poll_files_are_refused_with_the_line_named(text, line, words):
    with pytest.raises(InputError, match=words) as err:
        parse_poll_averages(text, "polls.csv")
    assert err.value.line == line


def test_polls_of_another_year_or_after_the_previous_election_are_refused(results_2024):
    polls = parse_poll_averages(GOOD, "polls.csv")
    with pytest.raises(InputError, match="poll averages for 2020"):
        inputs_from_polls(polls, previous_results(2024), year=2020)
    with pytest.raises(InputError, match="before 2024"):
        inputs_from_polls(polls, results_2024)  # the 2024 results cannot precede 2024 polls


def test_ratings_give_odds_in_the_bands_their_names_promise(results_2024):
    # units whose region holds no other rated unit, so the ratings do not interact
    units = ("PA", "GA", "AZ", "WA", "MN")
    ratings = {u: (level, None if level == "Toss-up" else "REP")
               for u, level in zip(units, RATING_LEVELS, strict=True)}
    f = Forecaster(apply_ratings(inputs_from_results(results_2024), ratings), seed=5).forecast()
    p = {level: f.unit_win_probability(u, "REP") for u, (level, _) in ratings.items()}
    assert p["Toss-up"] == pytest.approx(0.5, abs=0.02)
    assert 0.53 < p["Tilt"] < 0.6
    assert 0.6 < p["Lean"] < 0.75
    assert 0.75 < p["Likely"] < 0.95
    assert p["Safe"] > 0.95
    with pytest.raises(InputError, match="Toss-up"):
        apply_ratings(inputs_from_results(results_2024), {"PA": ("Solid", "DEM")})


def test_eight_regions_cover_every_unit_once_with_districts_in_their_state():
    assert len(REGIONS) == 8
    listed = [s for states in REGIONS.values() for s in states]
    assert sorted(listed) == sorted(STATE_CODES)
    for unit in UNIT_CODES:
        assert region_of(unit) == region_of(UNITS[unit].state)
    assert region_of("PA") == region_of("NJ") and region_of("WI") == region_of("MI")


def test_the_bundled_polls_are_figures_of_the_reference(shared_dir):
    rows = list(csv.DictReader((shared_dir / "reference/forecast/poll_averages_2020.csv")
                               .open(encoding="utf-8")))
    ours = load_poll_averages(polls_path(2020))
    assert len(rows) == len(ours.shares) + 1
    for row in rows:
        got = ours.national if row["unit"] == "US" else ours.shares[row["unit"]]
        assert got == {"DEM": float(row["dem_pct"]), "REP": float(row["rep_pct"])}
