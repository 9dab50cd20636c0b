"""Conditioning on picks: correlated neighbours move, too few draws never give a number."""

from __future__ import annotations

import numpy as np
import pytest

from viewer.core.errors import InputError
from viewer.core.forecast import (
    FLOOR_EFFECTIVE_DRAWS,
    MIN_EFFECTIVE_DRAWS,
    ZERO_ERROR,
    Forecaster,
    bundled_inputs,
    inputs_from_results,
)
from viewer.core.forecast.simulate import draw_errors
from viewer.core.units import UNIT_CODES

TX_FL = [UNIT_CODES.index("TX"), UNIT_CODES.index("FL")]


@pytest.fixture(scope="module")
def forecaster_2024():
    return Forecaster(bundled_inputs(2024), seed=1)


def test_winning_pennsylvania_lifts_its_neighbours_more_than_distant_states(forecaster_2024):
    before = forecaster_2024.forecast()
    c = forecaster_2024.condition({"PA": "DEM"})
    assert c.method == "rejection" and c.reliable
    assert c.kept == round(before.unit_probability["PA"] * forecaster_2024.draws)
    after = c.forecast
    assert after is not None and after.unit_probability["PA"] == 1.0
    for neighbour in ("MI", "WI"):  # same region: national and regional errors shared
        assert after.unit_probability[neighbour] > before.unit_probability[neighbour] + 0.08
    # a state of another region moves only through the national error: less
    lift_az = after.unit_probability["AZ"] - before.unit_probability["AZ"]
    lift_wi = after.unit_probability["WI"] - before.unit_probability["WI"]
    assert 0 < lift_az < lift_wi
    assert after.win_probability["DEM"] > before.win_probability["DEM"] + 0.2
    assert "agree with the picks" in c.message


def test_unlikely_picks_fall_back_to_importance_sampling_with_enough_effective_draws(
        forecaster_2024):
    c = forecaster_2024.condition({"TX": "DEM", "FL": "DEM"})
    assert c.kept < forecaster_2024.draws  # kept counts every draw used, after the shift
    plain = np.count_nonzero((forecaster_2024.margins[:, TX_FL] > 0).all(axis=1))
    assert plain < MIN_EFFECTIVE_DRAWS  # so plain rejection was not enough
    assert c.method.startswith("importance sampling")
    assert c.national_shift > 0  # toward DEM
    assert c.effective_draws >= MIN_EFFECTIVE_DRAWS and c.reliable
    assert c.forecast is not None and c.forecast.unit_probability["TX"] == pytest.approx(1.0)
    # The weighted estimate of how rare the picks are agrees with brute force over
    # 200,000 plain draws (same model, other streams).
    fc = forecaster_2024
    hits = sum(int(np.count_nonzero((fc.margins_for(draw_errors(fc.model, 10_000, 99,
                                                                 stream=s))[:, TX_FL] > 0)
                                    .all(axis=1))) for s in range(20))
    assert c.pick_probability == pytest.approx(hits / 200_000, rel=0.25)


def test_never_a_confident_number_from_a_few_draws():
    fc = Forecaster(bundled_inputs(2020), seed=3)
    c = fc.condition({"CA": "REP", "NY": "REP", "WY": "DEM"})
    if c.forecast is None:
        assert c.effective_draws < FLOOR_EFFECTIVE_DRAWS
        assert "none is given" in c.message or "impossible" in c.message
    else:
        assert c.effective_draws >= FLOOR_EFFECTIVE_DRAWS
    assert not c.reliable
    assert c.draws > fc.draws  # it tried more draws before giving up


def test_an_impossible_combination_says_so(results_2024):
    fc = Forecaster(inputs_from_results(results_2024), ZERO_ERROR, seed=1)
    c = fc.condition({"CA": "REP"})
    assert c.impossible and c.forecast is None
    assert "practically impossible" in c.message


def test_conditioning_is_reproducible_and_refuses_bad_picks(forecaster_2024):
    one = forecaster_2024.condition({"AZ": "DEM", "GA": "DEM"})
    two = forecaster_2024.condition({"AZ": "DEM", "GA": "DEM"})
    assert one.forecast is not None and two.forecast is not None
    assert one.forecast.win_probability == two.forecast.win_probability
    with pytest.raises(InputError, match="unit code"):
        forecaster_2024.condition({"XX": "DEM"})
    with pytest.raises(InputError, match="DEM or REP"):
        forecaster_2024.condition({"PA": "GRN"})


def test_a_pick_summarises_the_draws_it_keeps(forecaster_2024):
    """Rejection reuses what each draw came to (no second count of the kept draws): the
    same numbers as counting the kept draws afresh, and as counting them by hand."""
    from viewer.core.forecast.simulate import summarise

    fc = forecaster_2024
    picks = {"PA": "DEM", "GA": "REP"}
    c = fc.condition(picks)
    assert c.method == "rejection" and c.forecast is not None
    margins = fc.margins
    pa, ga = UNIT_CODES.index("PA"), UNIT_CODES.index("GA")
    kept = margins[(margins[:, pa] > 0) & (margins[:, ga] < 0)]
    assert c.kept == len(kept)
    fresh = summarise(fc, kept, None, method="rejection", draws=fc.draws, kept=len(kept),
                      picks=picks, pick_probability=len(kept) / fc.draws)
    got = c.forecast
    assert got.win_probability == fresh.win_probability
    assert got.unit_probability == fresh.unit_probability
    assert got.tipping_point == fresh.tipping_point
    assert got.expected_ev == fresh.expected_ev
    for party in got.parties:
        assert np.array_equal(got.ev_distribution[party], fresh.ev_distribution[party])
    assert got.expected_popular_margin == pytest.approx(fresh.expected_popular_margin,
                                                        rel=1e-9)
    # by hand: each kept draw's electoral votes for the first party
    ev_dem = (kept > 0).astype(np.int64) @ fc.ev.astype(np.int64)
    assert got.win_probability["DEM"] == np.count_nonzero(ev_dem >= 270) / len(kept)
    assert got.expected_ev["DEM"] == ev_dem.sum() / len(kept)
    assert got.unit_probability["PA"] == 1.0 and got.unit_probability["GA"] == 0.0
    assert sum(got.tipping_point.values()) == pytest.approx(
        np.count_nonzero((ev_dem >= 270) | (((kept < 0).astype(np.int64)
                                              @ fc.ev.astype(np.int64)) >= 270)) / len(kept))
