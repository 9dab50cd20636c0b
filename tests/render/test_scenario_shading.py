"""Issue #14: a unit's shade states something true in a what-if scenario. Under a uniform
swing it is the shade of the unit's margin after the swing; a winner set by hand has a
flat style of its own (no margin); changed units are marked, and the legend says so."""

from __future__ import annotations

import numpy as np
import pytest

from tests.render.test_styles import legend_text, png_pixel
from tests.ui.helpers import interior_point
from viewer.core.electoral import BIN_NAMES, margin_bin
from viewer.core.scenario import Scenario, SetUnits
from viewer.core.swing import shown_margins, swung_winners
from viewer.render.export import build_figure, render_bytes
from viewer.render.style import MapStyle

STYLES = [MapStyle(), MapStyle(theme="dark"), MapStyle(palette="colorblind")]
IDS = ["light", "dark", "colorblind"]


def swung(results, points: float) -> Scenario:
    """The scenario the Swing tab makes: every unit set to the swing's winner."""
    s = Scenario(results)
    winners = swung_winners(results, points)
    s.apply(SetUnits(tuple((u, winners[u]) for u in results.units)))
    return s


def face(mf, unit: str) -> np.ndarray:
    return np.array(mf.map.face_color_of(unit)[:3])


def official_shades(mf) -> list[np.ndarray]:
    parties = mf.scenario.base.axis
    return [np.array(mf.palette.shade(p, b)) for p in parties for b in BIN_NAMES]


def test_swung_margin_moves_every_trusted_margin(results_2024):
    shown = shown_margins(results_2024, swung(results_2024, 2.0).winners(), 2.0)
    assert shown.margins["PA"] == pytest.approx(results_2024.margin("PA") + 2.0)
    assert shown.margins["TX"] == pytest.approx(results_2024.margin("TX") + 2.0)
    assert not shown.by_hand


@pytest.mark.parametrize("style", STYLES, ids=IDS)
def test_swing_flips_are_shaded_by_their_new_margin(shapes, results_2024, style):
    harris = results_2024.axis[0]
    _, mf = build_figure(shapes, swung(results_2024, 2.0), (800, 500), style=style, swing=2.0)
    for unit in ("PA", "MI", "WI"):
        assert mf.scenario.winner(unit) == harris
        new_margin = results_2024.margin(unit) + 2.0
        assert 0 < new_margin < 5
        want = np.array(mf.palette.shade(harris, margin_bin(new_margin)))
        assert np.allclose(face(mf, unit), want), unit
        assert not np.allclose(face(mf, unit), mf.palette.shade(harris, "safe")), unit
    # Pennsylvania (R+1.7) is a Harris "<1" after the swing
    assert np.allclose(face(mf, "PA"), mf.palette.shade(harris, "tilt"))
    # every changed unit is marked, none is "set by hand"
    assert set(mf.map.marked) == set(mf.scenario.changed_units()) >= {"PA", "MI", "WI"}
    assert mf.map.by_hand == ()


def test_units_the_swing_keeps_are_shaded_by_their_swung_margin(shapes, results_2024):
    _, mf = build_figure(shapes, swung(results_2024, 2.0), (800, 500), swing=2.0)
    trump = results_2024.axis[1]
    # Texas R+13.7 is "likely" either way; Florida stays Trump's; neither is marked
    for unit in ("TX", "FL", "GA"):
        want = mf.palette.shade(trump, margin_bin(results_2024.margin(unit) + 2.0))
        assert np.allclose(face(mf, unit), want), unit
        assert unit not in mf.map.marked


@pytest.mark.parametrize("style", STYLES, ids=IDS)
def test_a_hand_flip_has_its_own_style(shapes, results_2024, style):
    s = Scenario(results_2024)
    harris = results_2024.axis[0]
    s.apply(SetUnits((("TX", harris),)))
    _, mf = build_figure(shapes, s, (800, 500), style=style)
    got = face(mf, "TX")
    assert np.allclose(got, mf.palette.by_hand(harris))
    for shade in official_shades(mf):  # never a margin shade: it has no margin
        assert np.abs(got - shade).max() > 0.04
    assert mf.map.marked == ("TX",) and mf.map.by_hand == ("TX",)
    # unchanged units keep their official shades
    for unit in ("CA", "FL", "PA"):
        want = mf.palette.unit_color(results_2024[unit].winner, results_2024.margin(unit), False)
        assert np.allclose(face(mf, unit), want), unit


def test_a_hand_flip_under_a_swing_is_set_by_hand(shapes, results_2024):
    s = swung(results_2024, 2.0)
    harris = results_2024.axis[0]
    s.apply(SetUnits((("TX", harris),)))
    _, mf = build_figure(shapes, s, (800, 500), swing=2.0)
    assert mf.map.by_hand == ("TX",)
    assert np.allclose(face(mf, "TX"), mf.palette.by_hand(harris))
    assert np.allclose(face(mf, "PA"), mf.palette.shade(harris, "tilt"))


def test_the_legend_gains_and_loses_the_scenario_entries(shapes, results_2024):
    _, mf = build_figure(shapes, Scenario(results_2024), (1600, 1000))
    text = legend_text(mf)
    assert "Changed" not in text and "Set by hand" not in text
    assert "Party colours" not in text  # the palette's name is no category of the map
    assert mf.caption.get_text() == ""

    _, mf = build_figure(shapes, swung(results_2024, 2.0), (1600, 1000), swing=2.0)
    assert "Changed" in legend_text(mf) and "Set by hand" not in legend_text(mf)
    assert mf.caption.get_text() == ("Shades show margins after a uniform swing of 2.0 points "
                                     "toward Harris")

    s = Scenario(results_2024)
    s.apply(SetUnits((("TX", results_2024.axis[0]),)))
    _, mf = build_figure(shapes, s, (1600, 1000))
    assert "Changed" in legend_text(mf) and "Set by hand" in legend_text(mf)
    assert mf.caption.get_text() == ""
    # set back: the entries go again
    s.apply(SetUnits((("TX", results_2024.units["TX"].winner),)))
    mf.update()
    assert "Changed" not in legend_text(mf) and "Set by hand" not in legend_text(mf)


@pytest.mark.parametrize("style", STYLES, ids=IDS)
def test_exports_show_the_swung_shades(shapes, results_2024, style):
    size = (1600, 1000)
    s = swung(results_2024, 2.0)
    fig, mf = build_figure(shapes, s, size, style=style, swing=2.0)
    data = render_bytes(shapes, s, size, "png", style=style, swing=2.0)
    harris = results_2024.axis[0]
    for unit in ("PA", "MI"):
        got = png_pixel(data, fig, mf.map_ax, *interior_point(shapes, unit))
        assert np.abs(got - np.array(mf.palette.shade(harris, "tilt"))).max() < 0.03, unit
        assert np.abs(got - np.array(mf.palette.shade(harris, "safe"))).max() > 0.2, unit


@pytest.mark.parametrize("style", STYLES, ids=IDS)
def test_a_hand_flips_label_is_ringed_over_its_dots(shapes, results_2024, style):
    """The dots of a winner set by hand stop short of the letters (seen running through
    'TX 40' in the dark theme), and the ring goes when the unit is official again."""
    s = Scenario(results_2024)
    _, mf = build_figure(shapes, s, (800, 500), style=style)
    labels = [mf.map._labels[i] for i in mf.map._rows["TX"] if i in mf.map._labels]
    assert labels and all(not t.get_path_effects() for t in labels)
    s.apply(SetUnits((("TX", results_2024.axis[0]),)))
    mf.update(["TX"])
    assert all(t.get_path_effects() for t in labels)
    s.apply(SetUnits((("TX", results_2024["TX"].winner),)))
    mf.update(["TX"])
    assert all(not t.get_path_effects() for t in labels)
