"""Headless rendering: the same figure the window shows, written to PNG, SVG and PDF."""

from __future__ import annotations

import io

import numpy as np
import pytest
from matplotlib.image import imread

from tests.ui.helpers import interior_point
from viewer.cli import main
from viewer.core.scenario import Scenario, flips
from viewer.render.export import build_figure


def pixel(fig, map_ax, x: float, y: float) -> np.ndarray:
    fig.canvas.draw()
    buf = np.asarray(fig.canvas.buffer_rgba())
    dx, dy = map_ax.transData.transform((x, y))
    row, col = int(buf.shape[0] - dy), int(dx)
    # the median of a small patch: a unit's pattern (a winner set by hand is dotted) or
    # its label's edge may fall on the very point
    patch = buf[row - 4:row + 5, col - 4:col + 5, :3].reshape(-1, 3)
    return np.median(patch, axis=0) / 255.0


def test_winner_colours_at_known_places(shapes, results_2024):
    fig, mf = build_figure(shapes, Scenario(results_2024), (1600, 1000))
    for unit in ("TX", "CA", "PA", "NY"):
        got = pixel(fig, mf.map_ax, *interior_point(shapes, unit))
        want = mf.palette.unit_color(results_2024[unit].winner, results_2024.margin(unit), False)
        assert np.abs(got - np.array(want)).max() < 0.03, unit
    # Pennsylvania is a narrow Republican win: much lighter than safe Wyoming.
    pa = pixel(fig, mf.map_ax, *interior_point(shapes, "PA"))
    wy = pixel(fig, mf.map_ax, *interior_point(shapes, "WY"))
    assert pa.mean() > wy.mean() + 0.2


def test_flip_recolours_only_that_unit(shapes, results_2024):
    s = Scenario(results_2024)
    fig, mf = build_figure(shapes, s, (1200, 750))
    before = {u: pixel(fig, mf.map_ax, *interior_point(shapes, u)) for u in ("PA", "OH")}
    s.apply(flips(results_2024.winners, results_2024.parties, ["PA"]))
    mf.update(["PA"])
    after = {u: pixel(fig, mf.map_ax, *interior_point(shapes, u)) for u in ("PA", "OH")}
    assert after["PA"][2] > after["PA"][0]  # now blue
    assert np.allclose(before["OH"], after["OH"])
    assert mf.bar.left_label.get_text().endswith("245")
    assert "What-if" in mf.title.get_text()


def test_alaska_and_hawaii_are_drawn(shapes, results_2024):
    fig, mf = build_figure(shapes, Scenario(results_2024), (1600, 1000))
    for unit in ("AK", "HI"):
        got = pixel(fig, mf.map_ax, *interior_point(shapes, unit))
        want = mf.palette.unit_color(results_2024[unit].winner, results_2024.margin(unit), False)
        assert np.abs(got - np.array(want)).max() < 0.03, unit


def test_render_command_writes_png_svg_pdf(tmp_path, capsys):
    png, svg, pdf = tmp_path / "m.png", tmp_path / "m.svg", tmp_path / "m.pdf"
    assert main(["render", "-o", str(png), "--size", "800x500"]) == 0
    img = imread(png)
    assert img.shape[:2] == (500, 800)
    assert main(["render", "-o", str(svg), "--flip", "PA,WI,MI"]) == 0
    text = svg.read_text()
    assert "<svg" in text and "270 to win" in text and "Kamala Harris  270" in text
    assert main(["render", "-o", str(pdf), "--title", "My map"]) == 0
    assert pdf.read_bytes().startswith(b"%PDF")
    assert "wrote" in capsys.readouterr().out


def test_render_to_unwritable_place_fails_cleanly(tmp_path, capsys):
    target = tmp_path / "missing-dir" / "m.png"
    assert main(["render", "-o", str(target)]) == 2
    err = capsys.readouterr().err
    assert "m.png" in err and "Traceback" not in err
    assert not target.exists()


@pytest.mark.parametrize("fmt", ["png", "svg"])
def test_exports_are_reproducible(shapes, results_2024, fmt):
    from viewer.render.export import render_bytes

    a = render_bytes(shapes, Scenario(results_2024), (600, 400), fmt)
    b = render_bytes(shapes, Scenario(results_2024), (600, 400), fmt)
    assert a == b
    if fmt == "png":
        assert imread(io.BytesIO(a)).shape[:2] == (400, 600)
