"""The default model on the final poll averages, beside the published forecasts.

Loose on purpose: the model is simpler than FiveThirtyEight's or The Economist's; it
must land in the same place, not on the same decimals (docs/forecast.md has the figures).
"""

from __future__ import annotations

import csv

import pytest

from viewer.core.forecast import Forecaster, bundled_inputs


@pytest.fixture(scope="module")
def forecasts():
    return {year: Forecaster(bundled_inputs(year), seed=2020).forecast()
            for year in (2020, 2024)}


def test_2020_averages_make_biden_a_clear_favourite(forecasts):
    f = forecasts[2020]
    assert 0.85 < f.win_probability["DEM"] < 0.98
    assert 330 < f.expected_ev["DEM"] < 370
    assert f.expected_popular_margin == pytest.approx(8.4, abs=1.0)


def test_2024_averages_make_a_near_toss_up(forecasts):
    f = forecasts[2024]
    assert 0.4 < f.win_probability["DEM"] < 0.6
    assert abs(f.expected_ev["DEM"] - f.expected_ev["REP"]) < 30
    assert max(f.tipping_point, key=f.tipping_point.__getitem__) == "PA"


def test_beside_the_published_forecasts(forecasts, shared_dir):
    rows = list(csv.DictReader((shared_dir / "reference/forecast/published_forecasts.csv")
                               .open(encoding="utf-8")))
    published = {(int(r["year"]), r["forecaster"]): float(r["dem_win_prob_pct"]) / 100
                 for r in rows if r["dem_win_prob_pct"] and r["year"] in ("2020", "2024")}
    ours = {year: forecasts[year].win_probability["DEM"] for year in (2020, 2024)}
    # FiveThirtyEight 89 % (2020) and 50 % (2024); The Economist 97 % and 56 %
    for (year, forecaster), p in published.items():
        assert abs(ours[year] - p) < 0.1, (year, forecaster, ours[year], p)
    ev_538 = next(float(r["dem_ev"]) for r in rows
                  if r["year"] == "2020" and r["forecaster"] == "FiveThirtyEight")
    assert abs(forecasts[2020].expected_ev["DEM"] - ev_538) < 15
