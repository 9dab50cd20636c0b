"""The legend is never cut at the picture's edge where a smaller font fits it: an 800×500
animation frame (the default size) of a year with faithless or scattered electors."""

from __future__ import annotations

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from viewer.core.history import Bundle
from viewer.core.scenario import Scenario
from viewer.render.map_figure import MapFigure
from viewer.render.style import MapStyle
from viewer.resources import data_dir


@pytest.mark.parametrize("year", [1872, 1956])
def test_a_colour_blind_legend_fits_an_800_by_500_frame(shapes, year: int) -> None:  # type: ignore[no-untyped-def]
    fig = Figure(figsize=(8.0, 5.0), dpi=100)
    canvas = FigureCanvasAgg(fig)
    results = Bundle(data_dir()).load(year)
    figure = MapFigure(fig, shapes, Scenario(results), style=MapStyle(palette="colorblind"))
    figure.fit()
    canvas.draw()
    box = figure.legend.get_window_extent(canvas.get_renderer())
    assert box.x0 >= 0 and box.x1 <= fig.bbox.width, (box.x0, box.x1)
