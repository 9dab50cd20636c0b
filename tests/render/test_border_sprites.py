"""Recoloured units drawn over the cached frame take their borders from pictures made once
per view (border_sprites.py): what they show is what stroking the borders there shows."""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib.collections import PathCollection

from viewer.core.scenario import Scenario
from viewer.render.export import build_figure
from viewer.render.style import MapStyle

ORANGE, TEAL = (0.93, 0.55, 0.12), (0.1, 0.55, 0.55)
ROUNDING = 2  # levels of 255: measured 0 at the full view, 2 at one pixel zoomed in


def live_map(shapes, results, style: MapStyle):
    """A window-like map: drawn once in full, then every unit recoloured (states, side
    boxes, Maine's and Nebraska's districts) and left to draw over the cached frame."""
    fig, figure = build_figure(shapes, Scenario(results), (900, 640), style=style)
    figure.set_live(True)
    canvas = fig.canvas
    canvas.draw()
    background = canvas.copy_from_bbox(fig.bbox)
    layer = figure.map
    layer.set_unit_colors({u: ORANGE if k % 2 else TEAL
                           for k, u in enumerate(results.electoral_votes)})
    return canvas, background, layer


def redrawn(canvas, background, draw) -> np.ndarray:
    renderer = canvas.get_renderer()
    renderer.restore_region(background)
    draw(renderer)
    return np.asarray(renderer.buffer_rgba()).astype(int)


STYLES = [MapStyle(), MapStyle(theme="dark", palette="colorblind")]


@pytest.mark.parametrize("style", STYLES, ids=["light", "dark-colourblind"])
def test_borders_from_pictures_are_the_borders_stroked(shapes, results_2024, style):
    canvas, background, layer = live_map(shapes, results_2024, style)
    overlay = layer.overlay
    stroked = redrawn(canvas, background, lambda r: PathCollection.draw(overlay, r))
    made = list(layer.borders_ahead())
    # every state's; the side boxes (drawn whole each time, see axis_aligned) need none
    states = int((layer.shapes.frame["kind"] != "box").sum())
    assert len(made) == states == layer.border_sprites.made == 51
    # each a small picture around its state: all together less than the frame itself
    assert 0 < layer.border_sprites.bytes_kept < canvas.get_renderer().buffer_rgba().nbytes
    copied = redrawn(canvas, background, overlay.draw)
    before = np.asarray(background_pixels(canvas, background)).astype(int)
    assert (np.abs(stroked - before).max(axis=2) > 60).sum() > 50_000  # the units recoloured
    # the same pixels, to within Agg's rounding of one blend against another
    assert np.abs(copied - stroked).max() <= ROUNDING


def background_pixels(canvas, background) -> np.ndarray:
    renderer = canvas.get_renderer()
    renderer.restore_region(background)
    return np.asarray(renderer.buffer_rgba()).copy()


def test_a_border_not_made_for_the_view_shown_is_stroked(shapes, results_2024):
    """Pictures made for another view (before a zoom) are never copied: the units are
    stroked, and show what the map shows."""
    canvas, _, layer = live_map(shapes, results_2024, MapStyle())
    list(layer.borders_ahead())
    (x0, x1), (y0, y1) = layer.ax.get_xlim(), layer.ax.get_ylim()
    layer.ax.set_xlim(x0 + (x1 - x0) * 0.4, x1 - (x1 - x0) * 0.3)  # zoomed in on the east
    layer.ax.set_ylim(y0 + (y1 - y0) * 0.2, y1 - (y1 - y0) * 0.3)
    canvas.draw()
    layer.mark_clean()  # as the window after a full draw
    background = canvas.copy_from_bbox(canvas.figure.bbox)
    layer.set_unit_colors({"PA": ORANGE, "OH": TEAL, "VA": ORANGE})
    overlay = layer.overlay
    stroked = redrawn(canvas, background, lambda r: PathCollection.draw(overlay, r))
    made = layer.border_sprites.made
    copied = redrawn(canvas, background, overlay.draw)
    assert layer.border_sprites.made == made  # nothing made while drawing
    assert np.abs(copied - stroked).max() <= ROUNDING
    # made for the zoomed view, the pictures hold what is stroked there
    list(layer.borders_ahead())
    assert np.abs(redrawn(canvas, background, overlay.draw) - stroked).max() <= ROUNDING


def test_the_tile_map_has_no_borders_to_make(results_2024):
    from viewer.core.tiles import tile_shapes

    canvas, background, layer = live_map(tile_shapes(), results_2024,
                                         MapStyle(layout="tiles", theme="dark"))
    overlay = layer.overlay
    stroked = redrawn(canvas, background, lambda r: PathCollection.draw(overlay, r))
    list(layer.borders_ahead())
    assert layer.border_sprites.bytes_kept == 0
    assert np.abs(redrawn(canvas, background, overlay.draw) - stroked).max() <= ROUNDING
