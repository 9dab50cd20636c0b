"""Where a unit is on screen, for clicking and for pixel probes."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPoint

from viewer.core.shapes import MapShapes


def interior_point(shapes: MapShapes, unit: str, kind: str = "state") -> tuple[float, float]:
    """A map point well inside the unit's feature and away from its label text."""
    frame = shapes.frame
    rows = frame[(frame["unit"] == unit) & (frame["kind"] == kind)]
    geom = rows.geometry.iloc[0]
    if kind == "box":
        b = geom.bounds
        return ((b[0] + b[2]) / 2, (b[1] + b[3]) / 2)
    label = np.array([rows["label_x"].iloc[0], rows["label_y"].iloc[0]])
    # Largest polygon, shrunk so the probe is clear of borders.
    polys = sorted(getattr(geom, "geoms", [geom]), key=lambda p: p.area)
    core = polys[-1].buffer(-0.12 * np.sqrt(polys[-1].area))
    if core.is_empty:
        core = polys[-1]
    minx, miny, maxx, maxy = core.bounds
    best, best_d = None, -1.0
    import shapely

    for x in np.linspace(minx, maxx, 25):
        for y in np.linspace(miny, maxy, 25):
            if core.contains(shapely.Point(x, y)):
                d = float(np.hypot(*(np.array([x, y]) - label)))
                # far enough from the label, but not hugging the edge of the shrunk core
                if d > best_d:
                    best, best_d = (float(x), float(y)), d
    assert best is not None, unit
    return best


def widget_point(canvas, x: float, y: float) -> QPoint:  # type: ignore[no-untyped-def]
    """Map coordinates to a point in the canvas widget (logical pixels)."""
    ax = canvas.map_figure.map_ax
    dx, dy = ax.transData.transform((x, y))
    ratio = canvas.device_pixel_ratio
    height = canvas.figure.bbox.height
    return QPoint(round(dx / ratio), round((height - dy) / ratio))


def open_window(qtbot, results, shapes, size: tuple[int, int] = (1400, 900),  # type: ignore[no-untyped-def]
                painted=None):
    """The main window on ``results`` with the bundled live blog, at ``size``, shown and
    exposed (the map's first full draw is the caller's to ask for). ``painted`` is called
    with "painted" at each paint of the map."""
    from viewer.core.events import bundled_events_path, load_events
    from viewer.ui.document import ElectionDocument
    from viewer.ui.main_window import MainWindow

    win = MainWindow(ElectionDocument(results, load_events(bundled_events_path())), shapes)
    if painted is not None:
        win.canvas.painted.connect(lambda: painted("painted"))
    qtbot.addWidget(win)
    win.resize(*size)
    win.show()
    qtbot.waitExposed(win)
    return win
