"""The tile map: every unit one equal square, placed roughly where it lies, so that Rhode
Island is as easy to click as Texas. Built from a small grid table; it has the same columns
as the geographic asset, so drawing and hit-testing need nothing new."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
from shapely.geometry import box

from viewer.core.shapes import MapShapes
from viewer.core.units import UNIT_CODES

TILE = 1.0
GAP = 0.1  # the space between tiles, in tile sides

# (row, column) with row 0 at the top. The states follow the common square-tile layout;
# Maine's districts sit beside Maine, Nebraska's in a row under the plains.
GRID: dict[str, tuple[int, int]] = {
    "AK": (0, 0), "ME": (0, 11), "ME-1": (0, 12), "ME-2": (1, 12),
    "VT": (1, 10), "NH": (1, 11),
    "WA": (2, 1), "ID": (2, 2), "MT": (2, 3), "ND": (2, 4), "MN": (2, 5), "IL": (2, 6),
    "WI": (2, 7), "MI": (2, 8), "NY": (2, 9), "RI": (2, 10), "MA": (2, 11),
    "OR": (3, 1), "NV": (3, 2), "WY": (3, 3), "SD": (3, 4), "IA": (3, 5), "IN": (3, 6),
    "OH": (3, 7), "PA": (3, 8), "NJ": (3, 9), "CT": (3, 10),
    "CA": (4, 1), "UT": (4, 2), "CO": (4, 3), "NE": (4, 4), "MO": (4, 5), "KY": (4, 6),
    "WV": (4, 7), "VA": (4, 8), "MD": (4, 9), "DE": (4, 10),
    "AZ": (5, 2), "NM": (5, 3), "KS": (5, 4), "AR": (5, 5), "TN": (5, 6), "NC": (5, 7),
    "SC": (5, 8), "DC": (5, 9),
    "OK": (6, 4), "LA": (6, 5), "MS": (6, 6), "AL": (6, 7), "GA": (6, 8),
    "HI": (7, 0), "TX": (7, 4), "FL": (7, 9),
    "NE-1": (8, 3), "NE-2": (8, 4), "NE-3": (8, 5),
}


def tile_label(unit: str) -> str:
    return unit.replace("-", "")


def tile_shapes() -> MapShapes:
    """The tile layout as map shapes (unit, kind 'tile', label point at the tile centre)."""
    missing = set(UNIT_CODES) - set(GRID)
    if missing:  # the table is code: a gap is a bug, not bad input
        raise AssertionError(f"tile grid lacks {sorted(missing)}")
    rows = []
    inner = TILE - GAP
    for unit in UNIT_CODES:
        r, c = GRID[unit]
        x0, y0 = c * TILE, -r * TILE
        rows.append({
            "unit": unit, "kind": "tile", "label": tile_label(unit),
            "label_x": x0 + inner / 2, "label_y": y0 + inner / 2, "label_fits": True,
            "anchor_x": np.nan, "anchor_y": np.nan,
            "geometry": box(x0, y0, x0 + inner, y0 + inner),
        })
    return MapShapes(gpd.GeoDataFrame(rows, geometry="geometry"))
