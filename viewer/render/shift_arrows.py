"""Where the shift map's arrows go: one per unit, from where it lies (inside its state, in
its side box, or in its tile), pointing left for a shift toward the first party and right
toward the second, longer for a bigger shift. Geometry only; the map layer draws them.

On the geographic map an arrow's length is in proportion to the shift (``ARROW_PER_POINT``,
shown by the key arrow), and each arrow is placed on its own state: centred as near its
label point as it can be with both ends on the state. Where even that does not fit (a small
or thin state), the arrow is shortened until it does, never below ``MIN_FIT`` of its
length, and marked ``shortened``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import shapely

from viewer.core.shapes import MapShapes

ARROW_PER_POINT = 1 / 120  # on the geographic map: a share of the map's width per point
RISE = 0.6  # arrows climb at about 30 degrees, as election-night shift maps drew them
MIN_POINTS = 3.0  # shorter shifts are drawn this long, so that the head has a shaft
MIN_SHIFT_SHOWN = 0.1  # points: below this there is nothing to show
FULL_POINTS = 12.0  # in a tile or a box, a shift this big fills the room given to arrows
TILE_ROOM = 0.8  # of a tile's side
BOX_ROOM = 0.4  # of a box's width; the unit's code takes the rest
BOX_ARROW_AT = 0.75  # where in a box (share of its width) the arrow's middle sits
BOX_LABEL_AT = 0.3  # where the code sits in a box on the shift map
ARROW_FIT = 0.85  # an arrow spans at most this share of its state's width (height / RISE)
FIT_SLACK = 0.006  # of the map's width: how far off its shape an arrow's end may reach
FIT_STEPS = (1.0, 0.85, 0.7, 0.55)  # shorter and shorter, until an arrow fits on its state
MIN_FIT = FIT_STEPS[-1]
KEY_POINTS = 10.0  # the key arrow's shift, in points


@dataclass(frozen=True)
class Arrow:
    unit: str
    x: float  # tail
    y: float
    dx: float
    dy: float
    small: bool = False  # in a side box: drawn thinner, with a smaller head
    shortened: bool = False  # shorter than its shift, to stay on a small state


def shift_arrows(shapes: MapShapes, swings: Mapping[str, float | None]) -> list[Arrow]:
    """``swings`` in points, positive toward the first party; None: no figure, no arrow."""
    minx, _, maxx, _ = shapes.bounds
    per_point = (maxx - minx) * ARROW_PER_POINT
    tiles = shapes.is_tiles
    arrows = []
    for unit, swing in swings.items():
        if swing is None or abs(swing) < MIN_SHIFT_SHOWN or not shapes.rows_of(unit):
            continue
        size = max(abs(swing), MIN_POINTS)
        direction = -1.0 if swing > 0 else 1.0
        box = None if tiles else shapes.box_of(unit)
        if tiles:  # centred in the tile's lower half, under the code
            length = min(size / FULL_POINTS, 1.0) * TILE_ROOM
            cx, cy = shapes.place_of(unit)
            cy -= 0.3 - length * RISE / 2
        elif box is not None:  # small states and districts: in the box, beside the code
            x0, y0, x1, y1 = box
            # A box is small: even the shortest arrow takes half the room, to stay legible.
            share = 0.5 + 0.5 * min(size / FULL_POINTS, 1.0)
            length = share * BOX_ROOM * (x1 - x0)
            cx, cy = x0 + BOX_ARROW_AT * (x1 - x0), (y0 + y1) / 2
        else:
            arrows.append(_on_state(shapes, unit, direction, size * per_point,
                                    FIT_SLACK * (maxx - minx)))
            continue
        dx, dy = direction * length, length * RISE
        arrows.append(Arrow(unit, cx - dx / 2, cy - dy / 2, dx, dy, small=box is not None))
    return arrows


def _on_state(shapes: MapShapes, unit: str, direction: float, length: float,
              slack: float) -> Arrow:
    """The arrow of a state on the geographic map, kept on its state: both ends (and the
    points between) within ``slack`` of its shape, centred as near its label point as it
    fits; shortened only when it fits nowhere."""
    kinds = shapes.frame["kind"].to_numpy()
    row = next(r for r in shapes.rows_of(unit) if kinds[r] != "box")
    geom = shapes.frame.geometry.iloc[row]
    x0, y0, x1, y1 = geom.bounds
    lx, ly = shapes.place_of(unit)
    full = length
    length = min(length, ARROW_FIT * max(x1 - x0, slack), ARROW_FIT * (y1 - y0) / RISE)
    # simplified first (fast): moves the outline by slack / 4 at most, so every point of
    # ``area`` is still within slack of the true shape
    area = geom.simplify(slack / 4).buffer(slack * 0.7, quad_segs=2)
    shapely.prepare(area)
    # candidate middles: a grid over the state's bounds, nearest the label point first
    gx, gy = np.meshgrid(np.linspace(x0, x1, 25), np.linspace(y0, y1, 25))
    cx, cy = gx.ravel(), gy.ravel()
    order = np.argsort(np.hypot(cx - lx, cy - ly), kind="stable")
    cx, cy = np.concatenate([[lx], cx[order]]), np.concatenate([[ly], cy[order]])
    for step in FIT_STEPS:
        dx, dy = direction * length * step, length * step * RISE
        ok = np.ones(len(cx), dtype=bool)
        for t in (-0.5, -0.25, 0.0, 0.25, 0.5):
            ok &= shapely.contains_xy(area, cx + t * dx, cy + t * dy)
        hits = np.flatnonzero(ok)
        if len(hits):
            i = hits[0]
            return Arrow(unit, float(cx[i] - dx / 2), float(cy[i] - dy / 2), dx, dy,
                         shortened=length * step < full * 0.999)
    # nowhere on the shape (scattered islands): the shortest, in the middle of its bounds
    dx, dy = direction * length * MIN_FIT, length * MIN_FIT * RISE
    mx, my = (x0 + x1) / 2, (y0 + y1) / 2
    return Arrow(unit, mx - dx / 2, my - dy / 2, dx, dy, shortened=True)


def key_arrow(shapes: MapShapes) -> Arrow | None:
    """The key: an arrow of ``KEY_POINTS`` points' shift at the scale of the arrows on the
    map, in its lower right corner (open sea on the geographic map); None on the tile map,
    whose arrows fill their tiles."""
    if shapes.is_tiles:
        return None
    minx, miny, maxx, maxy = shapes.bounds
    length = KEY_POINTS * (maxx - minx) * ARROW_PER_POINT
    x = maxx - 0.02 * (maxx - minx) - length
    y = miny + 0.1 * (maxy - miny)
    return Arrow("", x, y, length, 0.0)
