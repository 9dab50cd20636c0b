"""Forecast mode's simulation: statistics a user would notice, reproducibility, speed-free."""

from __future__ import annotations

import numpy as np
import pytest

from viewer.core.electoral import tipping_point
from viewer.core.forecast import (
    ZERO_ERROR,
    ErrorModel,
    Forecaster,
    bundled_inputs,
    edit_units,
    inputs_from_results,
)
from viewer.core.forecast.tdist import draw_t, t_quantile
from viewer.core.units import UNIT_CODES


@pytest.fixture(scope="module")
def inputs_2024(results_2024):
    return inputs_from_results(results_2024)


def test_the_same_seed_gives_the_same_forecast_and_another_seed_nearly_the_same():
    inputs = bundled_inputs(2024)
    one, two = (Forecaster(inputs, seed=7).forecast() for _ in range(2))
    assert one.win_probability == two.win_probability
    assert one.unit_probability == two.unit_probability
    assert one.tipping_point == two.tipping_point
    assert np.array_equal(one.ev_distribution["DEM"], two.ev_distribution["DEM"])
    other = Forecaster(inputs, seed=8).forecast()
    assert other.win_probability != one.win_probability
    # 10,000 draws: the sampling error of a probability is at most 0.5 points
    assert abs(other.win_probability["DEM"] - one.win_probability["DEM"]) < 0.03


def test_with_zero_error_the_forecast_is_the_deterministic_result(results_2024, inputs_2024):
    f = Forecaster(inputs_2024, ZERO_ERROR, seed=1).forecast()
    assert f.win_probability == {"DEM": 0.0, "REP": 1.0}
    assert f.expected_ev == {"DEM": 226.0, "REP": 312.0}
    assert f.ev_distribution["REP"][312] == 1.0
    for unit in UNIT_CODES:
        assert f.unit_win_probability(unit, results_2024[unit].winner) == 1.0, unit
    assert f.expected_popular_margin == pytest.approx(results_2024.national_margin(), abs=1e-4)
    assert f.split_probability == 0.0 and f.tie_probability == 0.0
    tp = tipping_point(results_2024)
    assert tp is not None and f.tipping_point == {tp.unit: 1.0}


def test_a_unit_thirty_points_ahead_is_always_won_and_a_tied_one_half_the_time(inputs_2024):
    edited = edit_units(inputs_2024, {"PA": 30.0, "WI": 0.0})
    f = Forecaster(edited, seed=3).forecast()
    assert f.unit_probability["PA"] > 0.999
    no_shared_error = ErrorModel(national_sd=0.0, regional_sd=0.0)
    f = Forecaster(edited, no_shared_error, seed=3).forecast()
    assert f.unit_probability["WI"] == pytest.approx(0.5, abs=0.02)


def test_the_national_error_alone_moves_every_unit_together(inputs_2024):
    fc = Forecaster(inputs_2024, ErrorModel(regional_sd=0.0, unit_scale=0.0), seed=2)
    m = fc.margins.astype(np.float64)
    assert np.corrcoef(m[:, UNIT_CODES.index("CA")], m[:, UNIT_CODES.index("WY")])[0, 1] \
        == pytest.approx(1.0, abs=1e-6)
    # with only unit errors, far-apart units are unrelated
    fc = Forecaster(inputs_2024, ErrorModel(national_sd=0.0, regional_sd=0.0), seed=2)
    m = fc.margins.astype(np.float64)
    assert abs(np.corrcoef(m[:, UNIT_CODES.index("CA")], m[:, UNIT_CODES.index("WY")])[0, 1]) \
        < 0.05


def test_regional_errors_tie_a_region_together_more_than_distant_units(inputs_2024):
    fc = Forecaster(inputs_2024, ErrorModel(national_sd=0.0), seed=4)
    m = fc.margins.astype(np.float64)

    def corr(u: str, v: str) -> float:
        return float(np.corrcoef(m[:, UNIT_CODES.index(u)], m[:, UNIT_CODES.index(v)])[0, 1])

    # same region: 1.5² / (1.5² + 3²) = 0.2 shared; different regions: nothing shared
    assert corr("MI", "WI") == pytest.approx(0.2, abs=0.04)
    assert abs(corr("MI", "AZ")) < 0.04


def test_the_outputs_add_up():
    f = Forecaster(bundled_inputs(2020), seed=5).forecast()
    for party in f.parties:
        dist = f.ev_distribution[party]
        assert dist.sum() == pytest.approx(1.0)
        assert dist[270:].sum() == pytest.approx(f.win_probability[party])
        assert (np.arange(539) @ dist) == pytest.approx(f.expected_ev[party])
    assert sum(f.win_probability.values()) + f.tie_probability <= 1.0 + 1e-9
    decided = sum(f.win_probability.values())
    assert sum(f.tipping_point.values()) == pytest.approx(decided)
    assert list(f.tipping_point.values()) == sorted(f.tipping_point.values(), reverse=True)
    lo, mid, hi = (f.ev_percentile("DEM", q) for q in (0.1, 0.5, 0.9))
    assert lo < mid < hi
    assert 0.0 <= f.split_probability < 0.2


def test_student_t_draws_have_the_tabulated_quantiles_and_the_asked_sd():
    # tabulated two-sided 95 % and 99 % points
    assert t_quantile(np.array([0.975]), 5)[0] == pytest.approx(2.5706, abs=1e-4)
    assert t_quantile(np.array([0.995]), 3)[0] == pytest.approx(5.8409, abs=1e-4)
    assert t_quantile(np.array([0.975]), 7)[0] == pytest.approx(2.3646, abs=1e-4)
    rng = np.random.default_rng(0)
    x = draw_t(rng, 5, 3.0, (400_000,)).astype(np.float64)
    assert x.std() == pytest.approx(3.0, rel=0.03)
    scale = 3.0 * np.sqrt(3 / 5)
    assert np.mean(x > 2.5706 * scale) == pytest.approx(0.025, abs=0.002)
    # fatter tails than a normal of the same sd: beyond 3 sd happens ~4x as often
    assert np.mean(np.abs(x) > 9.0) > 2 * 0.0027


def test_bad_settings_are_refused(inputs_2024):
    with pytest.raises(ValueError, match="whole number from 3"):
        ErrorModel(national_df=2)
    with pytest.raises(ValueError, match="0 or more"):
        ErrorModel(regional_sd=-1.0)
    with pytest.raises(ValueError, match="draws"):
        Forecaster(inputs_2024, draws=40)
    with pytest.raises(ValueError, match="seed"):
        Forecaster(inputs_2024, seed=-1)


def test_an_edit_reuses_the_draws_and_a_probability_becomes_a_margin(inputs_2024):
    fc = Forecaster(inputs_2024, seed=11)
    margin = fc.margin_for_probability("GA", 0.8)
    again = fc.with_inputs(edit_units(inputs_2024, {"GA": margin}))
    assert again.errors is fc.errors
    assert again.forecast().unit_probability["GA"] == pytest.approx(0.8, abs=0.001)
