"""The probability map (issue #17): units shaded by their win probability in bins, the
toss-up colour, the legend in probability bins, the colour-blind palette, and the bar
with the expected electoral votes and the odds."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from tests.render.test_styles import legend_text, png_pixel
from tests.ui.helpers import interior_point
from viewer.core.forecast import Forecaster, bundled_inputs
from viewer.core.scenario import Scenario
from viewer.render import probability
from viewer.render.export import build_figure, render_bytes
from viewer.render.probability import (
    BINS,
    bin_color,
    probability_bin,
    probability_color,
    toss_up_color,
)
from viewer.render.style import MapStyle

SIZE = (1000, 640)
# Set by hand so that each probe tests one bin, whatever the polls say.
PROBES = {"CA": 0.999, "TX": 0.52, "MT": 0.0, "PA": 0.70, "GA": 0.46, "NC": 0.43}


@pytest.fixture(scope="module")
def forecast():
    f = Forecaster(bundled_inputs(2024), seed=1).forecast()
    return dataclasses.replace(f, unit_probability={**f.unit_probability, **PROBES})


def render(shapes, results, forecast, style):  # type: ignore[no-untyped-def]
    scenario = Scenario(results)
    fig, mf = build_figure(shapes, scenario, SIZE, style=style, forecast=forecast)
    data = render_bytes(shapes, scenario, SIZE, "png", style=style, forecast=forecast)
    return fig, mf, data


def pixel(shapes, fig, mf, data, unit):  # type: ignore[no-untyped-def]
    return png_pixel(data, fig, mf.map_ax, *interior_point(shapes, unit))


def test_bins():
    assert probability_bin(0.5) is None and probability_bin(0.549) is None
    assert [probability_bin(q) for q in (0.55, 0.6, 0.75, 0.9, 0.99, 0.991, 1.0)] == [
        0, 1, 2, 3, 3, 4, 4]
    assert [b[1] for b in BINS] == ["55–60", "60–75", "75–90", "90–99", ">99"]
    strengths = [b[2] for b in BINS]
    assert strengths == sorted(strengths) and strengths[-1] == 1.0


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_units_have_the_shade_of_their_bin(shapes, results_2024, forecast, theme):
    fig, mf, data = render(shapes, results_2024, forecast, MapStyle(mode="probability",
                                                                   theme=theme))
    pal = mf.palette
    dem, rep = results_2024.axis
    darkest_dem, darkest_rep = np.array(pal.party(dem)), np.array(pal.party(rep))
    # over 99 %: the darkest shade of its side, the party colour itself
    assert np.abs(pixel(shapes, fig, mf, data, "CA") - darkest_dem).max() < 0.03
    assert np.abs(pixel(shapes, fig, mf, data, "MT") - darkest_rep).max() < 0.03
    # 52 % for Harris and 54 % for Trump are toss-ups; 57 % for Trump is not
    tossup = np.array(toss_up_color(pal))
    assert np.abs(pixel(shapes, fig, mf, data, "TX") - tossup).max() < 0.03
    assert np.abs(pixel(shapes, fig, mf, data, "GA") - tossup).max() < 0.03
    nc = pixel(shapes, fig, mf, data, "NC")
    assert np.abs(nc - np.array(bin_color(pal, rep, 0))).max() < 0.03
    assert np.abs(nc - tossup).max() > 0.05
    # 70 %: the 60–75 shade, lighter than the darkest
    pa = pixel(shapes, fig, mf, data, "PA")
    assert np.abs(pa - np.array(bin_color(pal, dem, 1))).max() < 0.03
    assert np.abs(pa - darkest_dem).max() > 0.2
    # the face colours the map was given agree (every unit, not only the probes)
    for unit, p in forecast.unit_probability.items():
        want = probability_color(pal, (dem, rep), p)
        assert np.allclose(mf.map.face_color_of(unit)[:3], want, atol=1e-6), unit


def test_legend_lists_the_bins_and_the_bar_the_odds(shapes, results_2024, forecast):
    _, mf = build_figure(shapes, Scenario(results_2024), SIZE,
                         style=MapStyle(mode="probability"), forecast=forecast,
                         forecast_source="FiveThirtyEight, final averages, CC BY 4.0")
    text = legend_text(mf)
    for label in ("Chance of winning (%)", "55–60", "60–75", "75–90", "90–99", ">99",
                  "toss-up <55", "Harris", "Trump"):
        assert label in text, label
    assert "Margin" not in text and "Undecided" not in text
    texts = probability.legend_texts(mf.legend)
    assert texts.count("75–90") == 2 and texts.count(">99") == 2  # one scale per side
    w = forecast.win_probability
    left = mf.bar.left_label.get_text()
    assert left.startswith("Kamala Harris") and f"{forecast.expected_ev['DEM']:.0f} EV" in left
    assert f"{100 * w['DEM']:.0f}%" in left
    tie = mf.bar.status.get_text()
    assert tie.startswith("Bar: expected electoral votes") and tie.endswith(
        f"269–269 tie {probability.percent(forecast.tie_probability)}")
    # the bar's parts are the expected electoral votes
    rects = mf.bar._rects
    assert rects["DEM"].get_width() == pytest.approx(forecast.expected_ev["DEM"])
    assert rects["REP"].get_width() == pytest.approx(forecast.expected_ev["REP"])
    # the source line names the polls (their licence asks for it), not the results file
    assert mf.source is not None
    assert mf.source.get_text().startswith("Polls: FiveThirtyEight, final averages, CC BY 4.0.")
    assert "FEC" not in mf.source.get_text()


def test_colour_blind_palette_differs_and_hatches_toss_ups(shapes, results_2024, forecast):
    party = MapStyle(mode="probability")
    blind = MapStyle(mode="probability", palette="colorblind")
    fig_p, mf_p, data_p = render(shapes, results_2024, forecast, party)
    fig_b, mf_b, data_b = render(shapes, results_2024, forecast, blind)
    for unit, by in (("CA", 0.1), ("MT", 0.3), ("PA", 0.03)):
        a = pixel(shapes, fig_p, mf_p, data_p, unit)
        b = pixel(shapes, fig_b, mf_b, data_b, unit)
        assert np.abs(a - b).max() > by, unit
    # Montana over 99 % Trump reads orange (red > green > blue) in the colour-blind palette
    mt = pixel(shapes, fig_b, mf_b, data_b, "MT")
    assert mt[0] > mt[1] > mt[2] + 0.2
    # toss-ups carry the undecided hatching as a second channel; other units none
    assert mf_b.map.hatched_units("undecided") > 0 and mf_p.map.hatched_units("undecided") == 0
    assert set(probability.toss_ups(forecast)) >= {"TX", "GA"}


def test_without_a_forecast_the_years_default_is_shown(shapes, results_2024):
    _, mf = build_figure(shapes, Scenario(results_2024), SIZE,
                         style=MapStyle(mode="probability"))
    assert mf.forecast is not None
    assert 0.35 < mf.forecast.win_probability["DEM"] < 0.65
    assert "FiveThirtyEight" in mf.forecast_source
    assert mf.source is not None and mf.source.get_text().startswith("Polls: FiveThirtyEight")


def test_the_line_under_the_bar_fits_a_small_window(shapes, results_2024):
    """At 900×600 the map is about 540 pixels wide: the line under the bar ran past both
    edges ("Expected electoral votes; chance of a majority: Harris 9%, … (given 1 pick)")."""
    f = Forecaster(bundled_inputs(2024), seed=1).condition({"NM": "REP", "PA": "DEM"}).forecast
    fig, mf = build_figure(shapes, Scenario(results_2024), (540, 460),
                           style=MapStyle(mode="probability"), forecast=f)
    fig.canvas.draw()
    box = mf.bar.status.get_window_extent()
    assert box.x0 >= 0 and box.x1 <= fig.bbox.width, (box, mf.bar.status.get_text())
