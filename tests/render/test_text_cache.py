"""The text caches and the legend's remembered layout change how fast a frame is drawn,
never what it shows: every pixel equals matplotlib's own drawing."""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.offsetbox import HPacker, TextArea, VPacker
from matplotlib.patheffects import withStroke
from matplotlib.text import Text

from viewer.core.scenario import Scenario, SetUnits
from viewer.render import text_cache
from viewer.render.export import build_figure
from viewer.render.packing import HPack, VPack
from viewer.render.style import MapStyle


def pixels(fig: Figure, dpi: float | None = None) -> np.ndarray:
    if dpi is not None:
        fig.set_dpi(dpi)
    canvas = fig.canvas
    assert isinstance(canvas, FigureCanvasAgg)
    canvas.draw()
    return np.asarray(canvas.buffer_rgba()).copy()


@pytest.fixture
def plain_text():
    """matplotlib's own text drawing for the length of a test, then the caches again."""
    text_cache.uninstall()
    yield
    text_cache.install()


def composed(shapes, results, style: MapStyle) -> Figure:
    scenario = Scenario(results)
    scenario.apply(SetUnits((("PA", "DEM"), ("NE-2", "REP"))))  # ringed, hand-set labels
    fig, _ = build_figure(shapes, scenario, (900, 640), style=style)
    return fig


STYLES = [MapStyle(), MapStyle(theme="dark", palette="colorblind", mode="winner")]


@pytest.mark.parametrize("style", STYLES, ids=["light", "dark-colourblind"])
def test_the_map_is_drawn_exactly_as_without_the_caches(shapes, results_2024, style,
                                                         plain_text):
    expected = pixels(composed(shapes, results_2024, style))
    text_cache.install()
    first = pixels(composed(shapes, results_2024, style))  # fills the caches
    again = composed(shapes, results_2024, style)
    from_cache = pixels(again)
    assert np.array_equal(first, expected)
    assert np.array_equal(from_cache, expected)
    # The same figure at another resolution: nothing laid out for the first one is reused.
    text_cache.uninstall()
    expected_hi = pixels(composed(shapes, results_2024, style), dpi=150)
    text_cache.install()
    assert np.array_equal(pixels(again, dpi=150), expected_hi)


def texts_figure() -> Figure:
    fig = Figure(figsize=(4, 3), dpi=100)
    FigureCanvasAgg(fig)
    fig.text(0.1, 0.8, "PA\n19", ha="center", va="center", fontsize=9)
    fig.text(0.5, 0.5, "Harris 226", rotation=30, ha="right", va="baseline", fontsize=12)
    fig.text(0.5, 0.2, "Harris 226", rotation=30, ha="right", va="baseline", fontsize=13,
             fontweight="bold")  # same string: another size and weight
    fig.text(0.9, 0.9, "two\nlines, right", multialignment="right", ha="right", va="top",
             rotation=90, color="tab:red")
    # haloed labels are drawn as outlines made from the font (a cache of their own)
    halo = [withStroke(linewidth=2.5, foreground="white")]
    fig.text(0.3, 0.4, "NH\n4", ha="center", va="center", fontsize=8, fontweight="bold",
             path_effects=halo)
    fig.text(0.7, 0.7, "NH\n4", ha="center", va="center", fontsize=11, rotation=20,
             path_effects=halo)  # the same string: another size, weight and angle
    fig.text(0.2, 0.1, "", path_effects=halo)
    return fig


def test_texts_rotated_aligned_and_in_other_sizes_are_unchanged(plain_text):
    expected = pixels(texts_figure())
    text_cache.install()
    pixels(texts_figure())
    assert np.array_equal(pixels(texts_figure()), expected)


def test_a_text_changed_after_a_draw_is_drawn_with_its_new_font(plain_text):
    text_cache.install()
    fig = texts_figure()
    pixels(fig)
    label = fig.texts[0]
    label.get_fontproperties().set_size(20)  # the same object, changed in place
    changed = pixels(fig)
    text_cache.uninstall()
    fresh = texts_figure()
    fresh.texts[0].get_fontproperties().set_size(20)
    assert np.array_equal(changed, pixels(fresh))


def column(packer_v: type, packer_h: type, fig: Figure):
    words = [TextArea(w, textprops={"fontsize": s}) for w, s in
             (("Trump", 9), ("Harris", 11), ("Kennedy", 7), ("Other", 9))]
    box = packer_v(children=[packer_h(children=words[:2], align="center", sep=4),
                             packer_h(children=words[2:], align="center", sep=6)],
                   align="left", sep=3)
    box.set_figure(fig)
    return box


def bounds(box, fig: Figure) -> list[tuple[float, ...]]:
    renderer = fig.canvas.get_renderer()
    return [tuple(b.get_bbox(renderer).bounds) for b in (box, *box.get_children())]


def test_remembered_packers_lay_out_as_matplotlibs_at_each_resolution():
    fig = Figure(figsize=(3, 2), dpi=100)
    FigureCanvasAgg(fig)
    remembered = column(VPack, HPack, fig)
    for dpi in (100, 200, 100):
        fig.set_dpi(dpi)
        assert bounds(remembered, fig) == bounds(column(VPacker, HPacker, fig), fig)


@pytest.mark.parametrize("cached", [True, False])
def test_a_texts_window_extent_is_matplotlibs(shapes, results_2024, cached: bool) -> None:
    """The map measures its labels and titles without ``get_window_extent``'s detour (it
    sets the figure's dpi, which invalidates every transform): the boxes are the same to
    the last bit, for every text of a map, at another size and another dpi, with the
    caches or without."""
    if not cached:
        text_cache.uninstall()
    try:
        fig = composed(shapes, results_2024, MapStyle())
        for size, dpi in (((9.0, 6.4), 100.0), ((5.4, 4.6), 100.0), ((5.4, 4.6), 144.0)):
            fig.set_size_inches(*size)
            fig.set_dpi(dpi)
            canvas = fig.canvas
            assert isinstance(canvas, FigureCanvasAgg)
            canvas.draw()
            renderer = canvas.get_renderer()
            texts = fig.findobj(lambda a: isinstance(a, Text))
            assert len(texts) > 100
            for text in texts:
                got = text_cache.window_extent(text, renderer)
                assert tuple(got.extents) == tuple(text.get_window_extent(renderer).extents), \
                    (text.get_text(), size, dpi)
    finally:
        text_cache.install()
