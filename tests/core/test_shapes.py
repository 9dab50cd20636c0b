"""The map asset: every unit clickable, insets placed, borders shared, loader checks."""

from __future__ import annotations

from pathlib import Path

import pyproj
import pytest
import shapely

from viewer.core.shapes import ShapesError, default_shapes_path, load_shapes
from viewer.core.units import UNIT_CODES


def test_every_unit_is_clickable(shapes):
    assert shapes.unit_codes == set(UNIT_CODES)
    states = shapes.frame[shapes.frame["kind"] == "state"]
    assert len(states) == 51
    for unit in UNIT_CODES:
        assert shapes.unit_at(*shapes.label_point(unit)) == unit


def test_real_places_hit_their_state(shapes):
    to_map = pyproj.Transformer.from_crs(4326, 5070, always_xy=True)
    for lon, lat, unit in [(-76.88, 40.27, "PA"), (-97.74, 30.27, "TX"),
                           (-121.49, 38.58, "CA"), (-87.63, 41.88, "IL"),
                           (-72.68, 41.76, "CT")]:
        assert shapes.unit_at(*to_map.transform(lon, lat)) == unit
    # The middle of Lake Michigan and the Atlantic are nobody's.
    assert shapes.unit_at(*to_map.transform(-87.0, 43.5)) is None
    assert shapes.unit_at(*to_map.transform(-65.0, 32.0)) is None


def test_alaska_and_hawaii_are_insets_below_the_southwest(shapes):
    f = shapes.frame
    lower = f[(f["kind"] == "state") & ~f["unit"].isin(["AK", "HI"])]
    lminx, lminy, _, _ = lower.total_bounds
    texas = f[f["unit"] == "TX"].total_bounds
    for unit in ("AK", "HI"):
        minx, _, maxx, maxy = f[f["unit"] == unit].total_bounds
        assert maxx < (texas[0] + texas[2]) / 2  # west of central Texas
        assert maxy < lminy + 0.45 * (f.total_bounds[3] - lminy)  # in the bottom band
        assert minx >= lminx - 1  # inside the map's width
        geom = f[f["unit"] == unit].geometry.iloc[0]
        assert not geom.intersects(lower.geometry.union_all())


def test_neighbours_share_borders_without_gaps(shapes):
    f = shapes.frame
    lower = f[(f["kind"] == "state") & ~f["unit"].isin(["AK", "HI"])]
    assert shapely.coverage_is_valid(lower.geometry.values)
    pa = lower[lower["unit"] == "PA"].geometry.iloc[0]
    oh = lower[lower["unit"] == "OH"].geometry.iloc[0]
    assert pa.intersection(oh).length > 100_000  # a shared border, not a sliver or a gap


def test_boxes_overlap_nothing(shapes):
    f = shapes.frame
    boxes = f[f["kind"] == "box"]
    assert set(boxes["unit"]) == {"VT", "NH", "MA", "RI", "CT", "NJ", "DE", "MD", "DC",
                                  "ME-1", "ME-2", "NE-1", "NE-2", "NE-3"}
    states = f[f["kind"] == "state"].geometry.union_all()
    for i, a in enumerate(boxes.geometry):
        assert not a.intersects(states)
        for b in boxes.geometry.iloc[i + 1:]:
            assert not a.intersects(b)


def test_asset_is_small_and_detailed_enough():
    path = default_shapes_path()
    assert path.stat().st_size < 2_000_000
    frame = load_shapes().frame
    vertices = shapely.get_num_coordinates(frame.geometry.values).sum()
    assert vertices > 5_000  # coastlines still recognisable, not a blocky outline


def test_missing_or_malformed_asset(tmp_path: Path):
    with pytest.raises(ShapesError, match=r"nope\.geojson: the map shapes file is missing"):
        load_shapes(tmp_path / "nope.geojson")
    bad = tmp_path / "bad.geojson"
    bad.write_text('{"type": "FeatureCollection", "features": [{"type": "Feature", '
                   '"properties": {"name": "x"}, "geometry": {"type": "Point", '
                   '"coordinates": [0, 0]}}]}')
    with pytest.raises(ShapesError, match=r"bad\.geojson: expected the columns"):
        load_shapes(bad)
    garbage = tmp_path / "garbage.geojson"
    garbage.write_text("not json at all")
    with pytest.raises(ShapesError, match=r"garbage\.geojson: expected a GeoJSON"):
        load_shapes(garbage)


@pytest.mark.parametrize("text", [
    "[]", '{"features": "x"}', '{"features": [1]}', "null", "\xff\xfe",
    '{"features": [{"type": "Feature", "properties": {}, '
    '"geometry": {"type": "Polygon", "coordinates": "zz"}}]}',
    '{"features": [{"type": "Feature", "properties": {}, '
    '"geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1]]]}}]}',
    '{"features": [{"type": "Feature", "properties": {}, '
    '"geometry": {"type": "Nope", "coordinates": []}}]}',
    '{"features": []}',
])
def test_damaged_asset_is_refused_by_name(tmp_path: Path, text: str):
    bad = tmp_path / "units.geojson"
    bad.write_text(text)
    with pytest.raises(ShapesError, match=r"units\.geojson: expected"):
        load_shapes(bad)
