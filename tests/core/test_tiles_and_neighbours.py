"""The tile map's geometry and keyboard moves between neighbouring units."""

from __future__ import annotations

from collections import deque

import pytest

from viewer.core.tiles import tile_shapes
from viewer.core.units import UNIT_CODES

ARROWS = ((1, 0), (-1, 0), (0, 1), (0, -1))


@pytest.fixture(scope="module")
def tiles():
    return tile_shapes()


def test_every_unit_is_one_equal_tile(tiles):
    assert sorted(tiles.units) == sorted(UNIT_CODES)
    areas = tiles.frame.geometry.area
    assert areas.max() == pytest.approx(areas.min())
    # no two tiles overlap: the sum of areas equals the area of their union
    assert tiles.frame.geometry.union_all().area == pytest.approx(areas.sum())


def test_tile_hit_test_finds_each_unit_at_its_centre(tiles):
    for unit in UNIT_CODES:
        assert tiles.unit_at(*tiles.place_of(unit)) == unit
    # the gap between tiles is background, not a unit
    x, y = tiles.place_of("TX")
    assert tiles.unit_at(x + 0.5, y) is None


def test_districts_sit_beside_their_state(tiles):
    me = tiles.place_of("ME")
    for d in ("ME-1", "ME-2"):
        x, y = tiles.place_of(d)
        assert abs(x - me[0]) <= 1.01 and abs(y - me[1]) <= 1.01, d


@pytest.mark.parametrize(("unit", "direction", "expected"), [
    ("KS", (1, 0), "MO"), ("KS", (-1, 0), "CO"), ("KS", (0, 1), "NE"), ("KS", (0, -1), "OK"),
    ("PA", (0, 1), "NY"), ("PA", (1, 0), "NJ"), ("ME", (1, 0), "ME-1"), ("CA", (-1, 0), None),
])
def test_arrow_neighbours_on_the_geographic_map(shapes, unit, direction, expected):
    assert shapes.neighbour(unit, *direction) == expected


@pytest.mark.parametrize("layout", ["geo", "tiles"])
def test_every_unit_is_reachable_with_arrow_keys(shapes, tiles, layout):
    """A keyboard user can get from the middle of the map to every one of the 56 units."""
    grid = shapes if layout == "geo" else tiles
    seen, todo = {"KS"}, deque(["KS"])
    while todo:
        unit = todo.popleft()
        for step in ARROWS:
            nxt = grid.neighbour(unit, *step)
            if nxt is not None and nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    assert seen == set(UNIT_CODES)
