"""The map's shapes: one feature per state (plus side boxes for small states, DC and the
ME/NE districts), already projected, simplified and laid out by tools/build_shapes.py.

Loading does no geometry work beyond reading; hit-testing uses a spatial index built once.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely

from viewer.core.units import UNIT_CODES
from viewer.resources import shapes_dir

ASSET_NAME = "units.geojson"
COLUMNS = ("unit", "kind", "label", "label_x", "label_y", "label_fits", "anchor_x",
           "anchor_y")
KINDS = ("state", "box")


class ShapesError(Exception):
    """The shapes asset is missing or malformed; the message names the file."""


@dataclass(frozen=True)
class MapShapes:
    frame: gpd.GeoDataFrame
    units: tuple[str, ...] = field(init=False)
    _rows: dict[str, tuple[int, ...]] = field(init=False, repr=False)
    _tree: shapely.STRtree = field(init=False, repr=False)
    _places: dict[str, tuple[float, float]] = field(init=False, repr=False)
    _boxes: dict[str, tuple[float, ...]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        units = tuple(self.frame["unit"])
        rows: dict[str, list[int]] = {}
        for i, u in enumerate(units):
            rows.setdefault(u, []).append(i)
        object.__setattr__(self, "units", units)
        object.__setattr__(self, "_rows", {u: tuple(r) for u, r in rows.items()})
        object.__setattr__(self, "_tree", shapely.STRtree(self.frame.geometry.values))
        # Where each unit lies: inside its own shape rather than its side box.
        kinds = self.frame["kind"].to_numpy()
        xs, ys = self.frame["label_x"].to_numpy(), self.frame["label_y"].to_numpy()
        places = {}
        for unit, unit_rows in rows.items():
            row = next((r for r in unit_rows if kinds[r] != "box"), unit_rows[0])
            places[unit] = (float(xs[row]), float(ys[row]))
        object.__setattr__(self, "_places", places)
        boxes = {u: tuple(float(v) for v in self.frame.geometry.iloc[r].bounds)
                 for u, unit_rows in rows.items() for r in unit_rows if kinds[r] == "box"}
        object.__setattr__(self, "_boxes", boxes)

    def for_units(self, present: Collection[str]) -> MapShapes:
        """The map of a year with only these units: every state's shape stays (a territory
        or a state that did not vote is still land on the map), side boxes go for units
        that had no electors (districts before 1972, DC before 1964)."""
        keep = [(kind != "box" or unit in present)
                for unit, kind in zip(self.frame["unit"], self.frame["kind"], strict=True)]
        if all(keep):
            return self
        return MapShapes(self.frame[keep].reset_index(drop=True))

    @property
    def unit_codes(self) -> set[str]:
        return set(self._rows)

    def rows_of(self, unit: str) -> tuple[int, ...]:
        return self._rows.get(unit, ())

    def unit_at(self, x: float, y: float) -> str | None:
        """The unit under a point in map coordinates, or None over sea and background."""
        hits = self._tree.query(shapely.Point(x, y), predicate="intersects")
        if len(hits) == 0:
            return None
        return self.units[int(np.min(hits))]

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        minx, miny, maxx, maxy = self.frame.total_bounds
        return float(minx), float(miny), float(maxx), float(maxy)

    def label_point(self, unit: str) -> tuple[float, float]:
        """Where the unit's label sits: its box if it has one, else inside the state."""
        rows = self.rows_of(unit)
        if not rows:
            raise KeyError(unit)
        kinds = self.frame["kind"].to_numpy()
        row = next((r for r in rows if kinds[r] == "box"), rows[0])
        return float(self.frame["label_x"].iat[row]), float(self.frame["label_y"].iat[row])

    def place_of(self, unit: str) -> tuple[float, float]:
        """Where the unit lies on the map: inside its own shape (not its side box)."""
        return self._places[unit]

    def box_of(self, unit: str) -> tuple[float, ...] | None:
        """The bounds (minx, miny, maxx, maxy) of the unit's side box, if it has one."""
        return self._boxes.get(unit)

    @property
    def is_tiles(self) -> bool:
        return bool(len(self.frame)) and bool((self.frame["kind"] == "tile").all())

    def neighbour(self, unit: str, dx: float, dy: float) -> str | None:
        """The nearest unit in a direction (dx, dy), for moving the selection by keyboard.

        Candidates lie within 60 degrees of the direction; sideways distance counts double,
        so Right from Kansas goes to Missouri rather than to Arkansas."""
        x0, y0 = self.place_of(unit)
        norm = float(np.hypot(dx, dy))
        ux, uy = dx / norm, dy / norm
        best: tuple[float, str] | None = None
        for other, (x, y) in self._places.items():
            if other == unit:
                continue
            ahead = (x - x0) * ux + (y - y0) * uy
            side = abs((x - x0) * uy - (y - y0) * ux)
            if ahead <= 0 or side > ahead * 1.7320508:  # tan 60°
                continue
            score = ahead + 2.0 * side
            if best is None or score < best[0]:
                best = (score, other)
        return best[1] if best else None


def default_shapes_path() -> Path:
    return shapes_dir() / ASSET_NAME


def _read_geojson(path: Path) -> gpd.GeoDataFrame:
    """Our own asset, already projected: read as plain GeoJSON. (GDAL through pyogrio
    would cost 28 MB and 35 ms at every start for a 170 KB file; tools/build_shapes.py
    uses it to read the Census originals.)"""
    try:
        data = json.loads(path.read_bytes())
        features = data["features"]
        if not isinstance(features, list):
            raise TypeError("'features' is not a list")
        return gpd.GeoDataFrame.from_features(features)
    except (OSError, ValueError, TypeError, KeyError, AttributeError,
            shapely.errors.ShapelyError) as exc:
        # json, shapely and pandas raise many kinds of error for a damaged file
        raise ShapesError(f"{path}: expected a GeoJSON map shapes file ({exc!r})") from None


def load_shapes(path: Path | None = None) -> MapShapes:
    path = Path(path) if path is not None else default_shapes_path()
    if not path.is_file():
        raise ShapesError(f"{path}: the map shapes file is missing (reinstall Electoral Map, "
                          "or rebuild it with tools/build_shapes.py)")
    frame = _read_geojson(path)
    missing = [c for c in COLUMNS if c not in frame.columns]
    if missing:
        raise ShapesError(f"{path}: expected the columns {', '.join(COLUMNS)}; "
                          f"missing {', '.join(missing)}")
    bad_units = sorted(set(frame["unit"]) - set(UNIT_CODES))
    if bad_units:
        raise ShapesError(f"{path}: expected unit codes only, got {', '.join(bad_units[:5])}")
    if not set(frame["kind"]) <= set(KINDS):
        raise ShapesError(f"{path}: expected kind 'state' or 'box' in every feature")
    if frame.geometry.isna().any() or frame.geometry.is_empty.any():
        raise ShapesError(f"{path}: a feature has no geometry")
    frame["label_fits"] = frame["label_fits"].astype(bool)
    for col in ("anchor_x", "anchor_y", "label_x", "label_y"):
        frame[col] = frame[col].astype(float)
    return MapShapes(frame)
