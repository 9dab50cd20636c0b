"""Where the shift map's arrows go: one per unit, from where it lies (inside its state, in
its side box, or in its tile), pointing left for a shift toward the first party and right
toward the second, longer for a bigger shift. Geometry only; the map layer draws them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

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


@dataclass(frozen=True)
class Arrow:
    unit: str
    x: float  # tail
    y: float
    dx: float
    dy: float
    small: bool = False  # in a side box: drawn thinner, with a smaller head


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
            length = size * per_point
            x, y = shapes.place_of(unit)
            arrows.append(Arrow(unit, x, y, direction * length, length * RISE))
            continue
        dx, dy = direction * length, length * RISE
        arrows.append(Arrow(unit, cx - dx / 2, cy - dy / 2, dx, dy, small=box is not None))
    return arrows
