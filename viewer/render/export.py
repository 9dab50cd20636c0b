"""Write the composed map to PNG, SVG or PDF without any window."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from viewer.core.forecast.simulate import Forecast
from viewer.core.scenario import Scenario
from viewer.core.shapes import MapShapes
from viewer.render.map_figure import MapFigure
from viewer.render.style import MapStyle

if TYPE_CHECKING:
    from viewer.core.live_count.model import Night

FORMATS = {".png": "png", ".svg": "svg", ".pdf": "pdf"}
DPI = 100


def build_figure(shapes: MapShapes, scenario: Scenario, size: tuple[int, int],
                 *, title: str | None = None, style: MapStyle | None = None,
                 swing: float = 0.0, forecast: Forecast | None = None,
                 forecast_source: str = "",
                 live: tuple[Night, datetime] | None = None) -> tuple[Figure, MapFigure]:
    """The composed figure; ``swing`` is the uniform swing the scenario was set with (its
    shades then show margins after it); ``forecast`` is what the probability map shows,
    ``forecast_source`` where its polls come from; ``live`` the night and time the
    live-results map shows."""
    width, height = size
    fig = Figure(figsize=(width / DPI, height / DPI), dpi=DPI)
    FigureCanvasAgg(fig)
    figure = MapFigure(fig, shapes, scenario, title=title, style=style, swing=swing,
                       forecast=forecast, forecast_source=forecast_source)
    if live is not None:
        figure.live_night, figure.live_time = live
        figure.update()
    figure.fit()  # composed for this size, as the window composes itself
    return fig, figure


def render_bytes(shapes: MapShapes, scenario: Scenario, size: tuple[int, int], fmt: str,
                 *, title: str | None = None, scale: float = 1.0,
                 style: MapStyle | None = None, swing: float = 0.0,
                 forecast: Forecast | None = None, forecast_source: str = "",
                 live: tuple[Night, datetime] | None = None) -> bytes:
    """The composed map as file bytes; the caller decides how to write them safely."""
    import io

    import matplotlib

    fig, mf = build_figure(shapes, scenario, size, title=title, style=style, swing=swing,
                           forecast=forecast, forecast_source=forecast_source, live=live)
    if fmt == "svg":  # each unit's shapes marked, for editing the file in a drawing tool
        mf.map.tag_units()
    buf = io.BytesIO()
    # A fixed salt keeps SVG element ids, and so the file, the same from run to run.
    with matplotlib.rc_context({"svg.hashsalt": "electoral-map"}):
        fig.savefig(buf, format=fmt, dpi=DPI * scale, metadata=_metadata(fmt))
    return buf.getvalue()


def format_for(path: Path) -> str:
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise ValueError(f"{path}: expected a file name ending in .png, .svg or .pdf")
    return fmt


def _metadata(fmt: str) -> dict[str, str | None]:
    # Keep exports reproducible: no creation dates or tool versions that change per run.
    if fmt == "png":
        return {"Software": None}
    if fmt == "svg":
        return {"Date": None}
    if fmt == "pdf":
        return {"CreationDate": None}
    return {}
