"""Rebuild assets/shapes/units.geojson from the Census Bureau's state boundaries.

    pip install plotly-geo==1.0.0   # ships cb_2016_us_state_500k (public domain)
    python tools/build_shapes.py

What it does, so that the app does none of it at run time:
- drops territories; projects the lower 48 and DC to EPSG:5070 (CONUS Albers), Alaska to
  EPSG:3338 and Hawaii to a Hawaii Albers, and moves both into insets below the southwest;
- simplifies each region as one coverage, so neighbours keep one shared border;
- adds labelled click boxes for the small states, DC and the ME/NE districts;
- precomputes a label point per feature.
Running it twice writes the same bytes.
"""

from __future__ import annotations

import importlib.util
import json
import sys
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely
from shapely import affinity
from shapely.geometry import MultiPolygon, Polygon, box
from shapely.ops import polylabel

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from viewer.core.units import STATE_CODES, UNIT_CODES, UNITS  # noqa: E402

OUT = ROOT / "assets" / "shapes" / "units.geojson"
HAWAII_ALBERS = ("+proj=aea +lat_1=8 +lat_2=18 +lat_0=13 +lon_0=-157 +x_0=0 +y_0=0 "
                 "+datum=NAD83 +units=m +no_defs")
TOLERANCE = 2500.0  # metres; keeps Chesapeake Bay, Long Island and Cape Cod recognisable
GRID = 100.0  # coordinates rounded to 100 m
MIN_ISLAND_KM2 = 60.0
BOXED = ("VT", "NH", "MA", "RI", "CT", "NJ", "DE", "MD", "DC")
# Label nudges in km for states whose best interior point reads badly.
LABEL_SHIFT_KM = {"FL": (60, -40), "LA": (-60, 20), "MI": (45, -70), "KY": (30, -10),
                  "VA": (40, -20), "ID": (-5, -80), "CA": (-30, 0), "NY": (40, 0),
                  "TN": (0, 0), "OK": (30, 0), "TX": (0, -30), "AK": (0, 0), "HI": (90, 50),
                  "WV": (-10, -10), "MN": (-20, -40), "NC": (30, 0), "SC": (0, 0)}
# Label point fixed in lon/lat where polylabel lands badly (the label sits in the land).
BOX_W, BOX_H, BOX_GAP = 235_000.0, 105_000.0, 28_000.0


def census_file() -> Path:
    spec = importlib.util.find_spec("_plotly_geo")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("plotly-geo is not installed: pip install plotly-geo==1.0.0")
    return Path(spec.submodule_search_locations[0]) / "package_data" / \
        "cb_2016_us_state_500k.shp"


def drop_small_parts(geom: Polygon | MultiPolygon, min_area: float) -> Polygon | MultiPolygon:
    parts = list(getattr(geom, "geoms", [geom]))
    biggest = max(parts, key=lambda p: p.area)
    kept = [p for p in parts if p.area >= min_area or p is biggest]
    return kept[0] if len(kept) == 1 else MultiPolygon(kept)


def simplify_coverage(geoms: np.ndarray, tolerance: float = TOLERANCE) -> np.ndarray:
    simplified = shapely.coverage_simplify(geoms, tolerance)
    rounded = shapely.set_precision(simplified, GRID)
    return shapely.make_valid(rounded)


def inset(frame: gpd.GeoDataFrame, crs: str | int, scale: float,
          target_lower_left: tuple[float, float], min_island_km2: float) -> np.ndarray:
    geoms = frame.to_crs(crs).geometry.values
    geoms = np.array([drop_small_parts(g, min_island_km2 * 1e6) for g in geoms])
    # Simplify at the drawn scale: a shrunken Alaska needs fewer vertices.
    geoms = shapely.coverage_simplify(geoms, TOLERANCE / scale)
    out = [affinity.scale(g, scale, scale, origin=(0, 0)) for g in geoms]
    minx, miny, _, _ = shapely.total_bounds(np.array(out))
    dx, dy = target_lower_left[0] - minx, target_lower_left[1] - miny
    return np.array([shapely.set_precision(affinity.translate(g, dx, dy), GRID) for g in out])


def label_point(code: str, geom: Polygon | MultiPolygon) -> tuple[float, float]:
    parts = list(getattr(geom, "geoms", [geom]))
    main = max(parts, key=lambda p: p.area)
    pt = polylabel(main, tolerance=2000)
    sx, sy = LABEL_SHIFT_KM.get(code, (0, 0))
    x, y = pt.x + sx * 1000, pt.y + sy * 1000
    if not main.contains(shapely.Point(x, y)):
        x, y = pt.x, pt.y
    return round(x, -2), round(y, -2)


def box_features(states: dict[str, Polygon | MultiPolygon],
                 labels: dict[str, tuple[float, float]], map_maxx: float,
                 top: float) -> list[dict]:
    """Small states in one column east of the coast; the districts in a second column."""
    feats = []
    x0 = map_maxx + 70_000
    x1 = x0 + BOX_W + 40_000
    y = top
    for code in BOXED:
        feats.append(_box(code, code, x0, y, labels[code]))
        y -= BOX_H + BOX_GAP
    y = top
    for code in ("ME-1", "ME-2"):
        feats.append(_box(code, code, x1, y, labels["ME"]))
        y -= BOX_H + BOX_GAP
    y -= BOX_H  # a gap between the two states' districts
    for code in ("NE-1", "NE-2", "NE-3"):
        feats.append(_box(code, code, x1, y, labels["NE"]))
        y -= BOX_H + BOX_GAP
    return feats


def _box(unit: str, label: str, x: float, top: float,
         anchor: tuple[float, float]) -> dict:
    geom = box(x, top - BOX_H, x + BOX_W, top)
    return {"unit": unit, "kind": "box", "label": label, "label_x": x + BOX_W / 2,
            "label_y": top - BOX_H / 2, "label_fits": True, "anchor_x": anchor[0],
            "anchor_y": anchor[1], "geometry": geom}


def build() -> gpd.GeoDataFrame:
    raw = gpd.read_file(census_file(), engine="pyogrio").set_crs(4269, allow_override=True)
    by_fips = {u.fips: c for c, u in UNITS.items() if not u.is_district}
    raw = raw[raw["STATEFP"].isin(by_fips)].copy()
    raw["unit"] = raw["STATEFP"].map(by_fips)
    lower = raw[~raw["unit"].isin(["AK", "HI"])].sort_values("unit")
    lower_geoms = lower.to_crs(5070).geometry.values
    lower_geoms = np.array([drop_small_parts(g, MIN_ISLAND_KM2 * 1e6) for g in lower_geoms])
    lower_geoms = simplify_coverage(lower_geoms)
    states = dict(zip(lower["unit"], lower_geoms, strict=True))
    minx, miny, maxx, maxy = shapely.total_bounds(lower_geoms)

    # Alaska: keep the Aleutians east of the antimeridian (the rest wraps around the map).
    ak = raw[raw["unit"] == "AK"].copy()
    ak["geometry"] = ak.geometry.clip_by_rect(-180, 50, -129, 72)
    states["AK"] = inset(ak, 3338, 0.36, (minx + 20_000, miny - 170_000), 150.0)[0]
    hi = raw[raw["unit"] == "HI"].copy()
    hi["geometry"] = hi.geometry.clip_by_rect(-161, 18, -154, 23)  # main islands only
    states["HI"] = inset(hi, HAWAII_ALBERS, 1.0, (minx + 1_250_000, miny - 120_000), 10.0)[0]

    labels = {c: label_point(c, g) for c, g in states.items()}
    rows = []
    for code in STATE_CODES:
        g = states[code]
        lx, ly = labels[code]
        rows.append({"unit": code, "kind": "state", "label": code, "label_x": lx,
                     "label_y": ly, "label_fits": code not in BOXED, "anchor_x": np.nan,
                     "anchor_y": np.nan, "geometry": g})
    rows.extend(box_features(states, labels, maxx, maxy - 420_000))
    frame = gpd.GeoDataFrame(rows, geometry="geometry", crs=5070)
    assert set(frame["unit"]) == set(UNIT_CODES)
    return frame


def write(frame: gpd.GeoDataFrame) -> None:
    # Written by hand rather than through GDAL so that the bytes are stable and compact.
    features = []
    for row in frame.itertuples():
        geom = shapely.geometry.mapping(row.geometry)
        props = {"unit": row.unit, "kind": row.kind, "label": row.label,
                 "label_x": row.label_x, "label_y": row.label_y,
                 "label_fits": bool(row.label_fits),
                 "anchor_x": None if np.isnan(row.anchor_x) else row.anchor_x,
                 "anchor_y": None if np.isnan(row.anchor_y) else row.anchor_y}
        features.append({"type": "Feature", "properties": props,
                          "geometry": _int_coords(geom)})
    doc = {"type": "FeatureCollection", "name": "electoral_map_units",
           "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::5070"}},
           "features": features}
    OUT.write_text(json.dumps(doc, separators=(",", ":")) + "\n", encoding="utf-8")


def _int_coords(obj: object) -> object:
    if isinstance(obj, dict):
        return {k: _int_coords(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        if obj and isinstance(obj[0], float | int) and not isinstance(obj[0], bool):
            return [round(v) for v in obj]
        return [_int_coords(v) for v in obj]
    return obj


def main() -> None:
    frame = build()
    lower = frame[(frame["kind"] == "state") & ~frame["unit"].isin(["AK", "HI"])]
    assert shapely.coverage_is_valid(lower.geometry.values), "gaps or overlaps between states"
    write(frame)
    t0 = time.perf_counter()
    gpd.read_file(OUT, engine="pyogrio")
    load_ms = (time.perf_counter() - t0) * 1000
    vertices = int(shapely.get_num_coordinates(frame.geometry.values).sum())
    print(f"wrote {OUT.relative_to(ROOT)}: {len(frame)} features, {vertices} vertices, "
          f"{OUT.stat().st_size / 1024:.0f} KiB, loads in {load_ms:.0f} ms")


if __name__ == "__main__":
    main()
