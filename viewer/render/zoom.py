"""The map's zoom and pan, as plain arithmetic on the map axes' limits.

A view is a zoom factor (1 is the whole map) and the point at its centre, in map
coordinates. It never leaves the whole map's limits, and it keeps their proportions, so
the map axes keep their size on screen whatever the zoom (only the map moves inside them).
"""

from __future__ import annotations

from dataclasses import dataclass

MIN_ZOOM = 1.0
MAX_ZOOM = 8.0

Limits = tuple[tuple[float, float], tuple[float, float]]  # (x0, x1), (y0, y1)


@dataclass
class MapView:
    home: Limits  # the whole map
    zoom: float = 1.0
    cx: float = 0.0
    cy: float = 0.0

    def __post_init__(self) -> None:
        self._clamp()

    @property
    def zoomed(self) -> bool:
        return self.zoom > MIN_ZOOM + 1e-9

    def limits(self) -> Limits:
        (x0, x1), (y0, y1) = self.home
        half_w, half_h = (x1 - x0) / (2 * self.zoom), (y1 - y0) / (2 * self.zoom)
        return (self.cx - half_w, self.cx + half_w), (self.cy - half_h, self.cy + half_h)

    def reset(self) -> None:
        self.zoom = MIN_ZOOM
        self._clamp()

    def zoom_by(self, factor: float, about: tuple[float, float] | None = None) -> bool:
        """Zoom by ``factor`` keeping the map point ``about`` (the view's centre when None)
        where it is on screen; False when the zoom is already at its limit."""
        new = min(MAX_ZOOM, max(MIN_ZOOM, self.zoom * factor))
        if abs(new - self.zoom) < 1e-9:
            return False
        px, py = about if about is not None else (self.cx, self.cy)
        keep = self.zoom / new  # the point's distance from the centre scales by this
        self.cx, self.cy = px + (self.cx - px) * keep, py + (self.cy - py) * keep
        self.zoom = new
        self._clamp()
        return True

    def pan_by(self, dx: float, dy: float) -> bool:
        """Move the view's centre by (dx, dy) in map units; False when it cannot move."""
        before = (self.cx, self.cy)
        self.cx += dx
        self.cy += dy
        self._clamp()
        return (self.cx, self.cy) != before

    def centre_on(self, x: float, y: float) -> bool:
        """Put the view's centre at (x, y), or as near as the map's limits allow; False
        when the view did not move."""
        return self.pan_by(x - self.cx, y - self.cy)

    def show(self, x: float, y: float, margin: float = 0.1) -> bool:
        """Pan the least needed to bring the map point (x, y) inside the view, ``margin`` of
        the view's size clear of its edges; False when it was already there."""
        (x0, x1), (y0, y1) = self.limits()
        mx, my = margin * (x1 - x0), margin * (y1 - y0)
        dx = min(0.0, x - (x0 + mx)) + max(0.0, x - (x1 - mx))
        dy = min(0.0, y - (y0 + my)) + max(0.0, y - (y1 - my))
        return self.pan_by(dx, dy) if dx or dy else False

    def _clamp(self) -> None:
        (x0, x1), (y0, y1) = self.home
        half_w, half_h = (x1 - x0) / (2 * self.zoom), (y1 - y0) / (2 * self.zoom)
        self.cx = min(max(self.cx, x0 + half_w), x1 - half_w)
        self.cy = min(max(self.cy, y0 + half_h), y1 - half_h)
