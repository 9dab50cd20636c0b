"""The snake chart of any year: the strip is that year's electors end to end and the mark
stands at that year's majority (148 of 294 in 1836), not at 270 of 538."""

from __future__ import annotations

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from viewer.core.history import Bundle
from viewer.core.scenario import Scenario
from viewer.render.palette import Palette
from viewer.render.snake import SnakeChart
from viewer.render.style import MapStyle
from viewer.resources import data_dir


@pytest.mark.parametrize(("year", "electors", "to_win"), [(1836, 294, 148), (1860, 303, 152),
                                                          (2024, 538, 270)])
def test_the_strip_and_its_mark_are_the_years(year: int, electors: int, to_win: int) -> None:
    results = Bundle(data_dir()).load(year)
    fig = Figure(figsize=(8, 1.6), dpi=100)
    FigureCanvasAgg(fig)
    chart = SnakeChart(fig.add_axes((0, 0, 1, 1)), Palette.for_results(results, MapStyle()))
    chart.update(Scenario(results))
    assert chart.ax.get_xlim() == (0.0, float(electors))
    last = chart.segments[-1]
    assert last.start + last.ev == electors  # the strip fills the chart's width
    assert chart.marker_x in (to_win, electors - to_win)
    texts = [t.get_text() for t in chart.ax.texts]
    assert any(t.startswith(f"{to_win} for ") for t in texts), texts
