"""Map styles in the composed figure: winner/margin/shift, tiles, dark, colour-blind."""

from __future__ import annotations

import io
import re

import numpy as np
import pytest
from matplotlib.colors import to_rgb
from matplotlib.image import imread

from tests.ui.helpers import interior_point
from viewer.cli import main
from viewer.core.scenario import Scenario, SetUnits
from viewer.core.tiles import tile_shapes
from viewer.render.export import build_figure, render_bytes
from viewer.render.map_figure import split_states
from viewer.render.map_layer import HATCH_HALO
from viewer.render.style import MapStyle


def png_pixel(data: bytes, fig, map_ax, x: float, y: float) -> np.ndarray:
    img = imread(io.BytesIO(data))
    fig.canvas.draw()  # the equal aspect is applied at draw time
    dx, dy = map_ax.transData.transform((x, y))
    return img[int(img.shape[0] - dy), int(dx), :3]


def legend_text(mf) -> str:
    texts = []
    for box in mf.legend_ax.artists:
        texts.extend(t.get_text() for t in box.findobj(lambda a: hasattr(a, "get_text")))
    return " ".join(texts)


@pytest.mark.parametrize("palette", ["party", "colorblind"])
@pytest.mark.parametrize("theme", ["light", "dark"])
def test_texas_has_the_expected_colour_in_each_palette(shapes, results_2024, palette, theme):
    style = MapStyle(theme=theme, palette=palette)
    size = (1600, 1000)
    fig, mf = build_figure(shapes, Scenario(results_2024), size, style=style)
    data = render_bytes(shapes, Scenario(results_2024), size, "png", style=style)
    got = png_pixel(data, fig, mf.map_ax, *interior_point(shapes, "TX"))
    want = np.array(mf.palette.unit_color("REP", results_2024.margin("TX"), False))
    assert np.abs(got - want).max() < 0.03
    # Texas reads as red in party colours and as orange (red > green > blue) when safe for
    # colour-blind readers; the background follows the theme.
    if palette == "party":
        assert got[0] > 0.7 and got[1] < 0.6 and got[2] < 0.6
    else:
        assert got[0] > got[1] > got[2] + 0.2
    corner = imread(io.BytesIO(data))[5, 5, :3]
    assert np.allclose(corner, to_rgb(style.colors.background), atol=0.02)
    assert "colours" not in legend_text(mf)  # no palette name in the legend (issue #14)


def test_winner_map_uses_full_colours(shapes, results_2024):
    _, mf = build_figure(shapes, Scenario(results_2024), (800, 500),
                         style=MapStyle(mode="winner"))
    # narrow Pennsylvania and safe Wyoming are the same colour on a winner map
    assert mf.map.face_color_of("PA") == mf.map.face_color_of("WY")
    assert "Winner" in legend_text(mf)


def test_shift_map_draws_an_arrow_per_unit_pointing_the_right_way(shapes, results_2024):
    _, mf = build_figure(shapes, Scenario(results_2024), (1600, 1000),
                         style=MapStyle(mode="shift"))
    arrows = {a.unit: a for a in mf.map.shift_arrows}
    # every unit has a 2020 margin to compare with: 56 arrows, in two quivers (on the map,
    # and finer ones in the side boxes of the small states, DC and the districts)
    assert len(arrows) == 56
    assert sum(q.N for q in mf.map.arrows) == 56
    boxed = ["VT", "NH", "MA", "RI", "CT", "NJ", "DE", "MD", "DC", "ME-1", "ME-2", "NE-1",
             "NE-2", "NE-3"]
    assert sorted(u for u, a in arrows.items() if a.small) == sorted(boxed)
    assert arrows["TX"].dx > 0  # Texas moved toward Trump: the arrow points right
    assert results_2024.swing("NY") < 0 and arrows["NY"].dx > 0
    assert results_2024.swing("NE-1") > 0 and arrows["NE-1"].dx < 0  # toward Harris
    # length follows the size of the shift
    assert abs(arrows["NY"].dx) > abs(arrows["WA"].dx)
    # a boxed unit's arrow stays inside its box
    for unit in ("RI", "NE-2"):
        x0, y0, x1, y1 = shapes.box_of(unit)
        a = arrows[unit]
        for x, y in ((a.x, a.y), (a.x + a.dx, a.y + a.dy)):
            assert x0 < x < x1 and y0 < y < y1, unit
    assert "Shift in margin since 2020" in legend_text(mf)


def test_tile_map_in_the_figure(results_2024):
    tiles = tile_shapes()
    fig, mf = build_figure(tiles, Scenario(results_2024), (1200, 800),
                           style=MapStyle(layout="tiles"))
    fig.canvas.draw()
    for unit in ("RI", "TX", "NE-2"):
        x, y = tiles.place_of(unit)
        got = np.asarray(fig.canvas.buffer_rgba())
        dx, dy = mf.map_ax.transData.transform((x - 0.3, y - 0.3))
        pixel = got[int(got.shape[0] - dy), int(dx), :3] / 255
        want = mf.palette.unit_color(results_2024[unit].winner, results_2024.margin(unit),
                                     False)
        assert np.abs(pixel - np.array(want)).max() < 0.03, unit


def test_colourblind_palette_hatches_undecided_and_split(shapes, results_2024):
    s = Scenario(results_2024)
    _, mf = build_figure(shapes, s, (800, 500), style=MapStyle(palette="colorblind"))
    assert sorted(split_states(s.winners())) == ["ME", "NE"]
    assert mf.map.hatched_units("split") == 2
    assert mf.map.hatched_units("undecided") == 0
    s.apply(SetUnits((("PA", None), ("GA", None))))
    mf.update(["PA", "GA"])
    assert mf.map.hatched_units("undecided") == 2
    assert mf.bar.undecided.get_hatch() == "///"
    # a hatched unit's label is ringed in its colour; decided again, the ring goes (a label
    # inside its state needs none; one reaching past it, Hawaii's, keeps a narrower one)
    pa_label = next(t for t in mf.map_ax.texts if t.get_text().startswith("PA\n"))
    (effect,) = pa_label.get_path_effects()
    assert effect._gc["linewidth"] == HATCH_HALO
    assert to_rgb(effect._gc["foreground"]) == pytest.approx(mf.map.face_color_of("PA")[:3])
    s.apply(SetUnits((("PA", "REP"),)))
    mf.update(["PA"])
    assert mf.map.hatched_units("undecided") == 1
    assert not pa_label.get_path_effects()


def test_svg_export_has_one_named_shape_group_per_unit(shapes, results_2024):
    svg = render_bytes(shapes, Scenario(results_2024), (800, 500), "svg").decode()
    units = re.findall(r'xlink:href="#([A-Z]{2}(?:-\d)?)"', svg)
    assert sorted(set(units)) == sorted(results_2024.units)
    assert len(units) == len(shapes.units)  # states plus their side boxes


def test_render_command_styles(tmp_path):
    out = tmp_path / "tiles.png"
    assert main(["render", "-o", str(out), "--size", "800x500", "--layout", "tiles",
                 "--theme", "dark", "--palette", "colorblind", "--map", "winner",
                 "--scale", "2"]) == 0
    img = imread(out)
    assert img.shape[:2] == (1000, 1600)
    assert img[4, 4, :3].mean() < 0.2  # dark background


@pytest.mark.parametrize("mode", ["margin", "winner", "shift"])
@pytest.mark.parametrize("layout", ["geo", "tiles"])
def test_every_style_renders_with_edits_and_undecided(shapes, results_2024, mode, layout):
    """All 24 combinations draw, in both themes and palettes, with a flip and an undecided
    unit; the legend always names the palette."""
    grid = tile_shapes() if layout == "tiles" else shapes
    for theme in ("light", "dark"):
        for palette in ("party", "colorblind"):
            s = Scenario(results_2024)
            s.apply(SetUnits((("PA", "DEM"), ("GA", None))))
            style = MapStyle(mode=mode, layout=layout, theme=theme, palette=palette)
            data = render_bytes(grid, s, (640, 400), "png", style=style)
            img = imread(io.BytesIO(data))
            assert img.shape[:2] == (400, 640)
            corner = img[2, 2, :3]
            assert np.allclose(corner, to_rgb(style.colors.background), atol=0.02)
            _, mf = build_figure(grid, s, (640, 400), style=style)
            assert "colours" not in legend_text(mf)  # no palette name in the legend (issue #14)
