"""The legend is never cut at the picture's edge, never runs off its bottom and never
covers the map: a smaller font, two rows, or as many rows as the width needs (the map then
gives up height at its foot). Animation frames are 800×500 by default; 640×400 is the
smallest size the app offers."""

from __future__ import annotations

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from viewer.core.history import Bundle
from viewer.core.scenario import Scenario, SetUnits
from viewer.render.map_figure import MapFigure
from viewer.render.style import MapStyle
from viewer.resources import data_dir


def _drawn(shapes, year: int, size: tuple[float, float],  # type: ignore[no-untyped-def]
           style: MapStyle, *, live: bool = False) -> tuple[MapFigure, FigureCanvasAgg]:
    """The map of ``year`` laid out and drawn; ``live``: as the window's (its changing
    parts are drawn over a cached frame, and flips come later)."""
    fig = Figure(figsize=size, dpi=100)
    canvas = FigureCanvasAgg(fig)
    figure = MapFigure(fig, shapes, Scenario(Bundle(data_dir()).load(year)), style=style)
    figure.set_live(live)
    figure.fit()
    canvas.draw()
    return figure, canvas


def _boxes(figure: MapFigure, canvas: FigureCanvasAgg) -> tuple[Bbox, Bbox]:
    renderer = canvas.get_renderer()
    return (figure.legend.get_window_extent(renderer),
            figure.map_ax.get_window_extent(renderer))


def _assert_clear(figure: MapFigure, canvas: FigureCanvasAgg) -> None:
    legend, map_box = _boxes(figure, canvas)
    width = figure.fig.bbox.width
    assert legend.x0 >= 0 and legend.x1 <= width, ("cut at a side", legend.x0, legend.x1)
    assert legend.y0 >= 0, ("cut at the bottom", legend.y0)
    assert legend.y1 <= map_box.y0 + 0.5, ("over the map", legend.y1, map_box.y0)


@pytest.mark.parametrize("year", [1872, 1956])
def test_a_colour_blind_legend_fits_an_800_by_500_frame(shapes, year: int) -> None:  # type: ignore[no-untyped-def]
    _assert_clear(*_drawn(shapes, year, (8.0, 5.0), MapStyle(palette="colorblind")))


@pytest.mark.parametrize(("year", "size", "palette"), [
    (1836, (8.0, 5.0), "party"),  # five candidates: wider than 800 px at any one-row size
    (1836, (6.4, 4.0), "colorblind"),
    (1860, (6.4, 4.0), "party"),
    (1872, (6.4, 4.0), "colorblind"),
    (1800, (6.4, 4.0), "party"),
])
def test_a_legend_too_wide_for_two_rows_takes_more_and_the_map_makes_room(  # type: ignore[no-untyped-def]
        shapes, year: int, size: tuple[float, float], palette: str) -> None:
    _assert_clear(*_drawn(shapes, year, size, MapStyle(palette=palette)))


@pytest.mark.parametrize(("year", "size", "palette"), [
    (1836, (8.0, 5.0), "party"), (1836, (12.0, 8.0), "party"), (1836, (16.0, 10.0), "party"),
    (2024, (16.0, 10.0), "party"), (2024, (10.5, 7.0), "colorblind"),
    (2016, (12.0, 8.0), "party"), (1912, (16.0, 10.0), "colorblind"),
    (1860, (10.5, 7.0), "party")])
def test_the_first_flip_moves_nothing_and_the_legend_stays_clear(  # type: ignore[no-untyped-def]
        shapes, year: int, size: tuple[float, float], palette: str) -> None:
    # The what-if marks add entries: room for them was kept when the map was laid out,
    # so the window's cached frame (which holds the map and the source line) stays right.
    figure, canvas = _drawn(shapes, year, size, MapStyle(palette=palette), live=True)
    before = figure.map_ax.get_position().bounds
    figure.scenario = figure.scenario.copy()
    other = next(p for p in figure.scenario.base.parties
                 if p != figure.scenario.base.winners["NY"])
    figure.scenario.apply(SetUnits((("NY", other), ("PA", None))))
    figure.update()
    canvas.draw()
    texts = {t.get_text() for t in figure.legend.findobj(Text)}
    assert {"Changed", "Set by hand"} <= texts
    assert figure.map_ax.get_position().bounds == before
    _assert_clear(figure, canvas)
    renderer = canvas.get_renderer()
    source = figure.source
    assert source is not None
    if size[0] < 10:  # too small for the source line: said, and left out
        return
    assert source.get_text()
    assert not source.get_window_extent(renderer).overlaps(
        figure.legend.get_window_extent(renderer)), "the source line over the legend"


@pytest.mark.parametrize("size", [(6.4, 4.0), (8.0, 5.0), (12.0, 8.0)])
def test_the_map_stands_still_from_year_to_year_whatever_the_legend_needs(  # type: ignore[no-untyped-def]
        shapes, size: tuple[float, float]) -> None:
    # One row in 2024, two in 2016 (faithless electors), several in 1836: the room under
    # the map is the picture size's, so the timeline never makes the map jump (and a frame
    # drawn ahead lines up with the outlines the window draws over it).
    figure, canvas = _drawn(shapes, 2024, size, MapStyle())
    where = figure.map_ax.get_position().bounds
    bundle = Bundle(data_dir())
    for year in (2016, 1836, 1872, 1912):
        figure.set_election(Scenario(bundle.load(year)))
        figure.fit()
        canvas.draw()
        assert figure.map_ax.get_position().bounds == where, year
        _assert_clear(figure, canvas)
