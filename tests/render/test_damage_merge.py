"""The boxes a repaint restores and copies: overlapping ones are folded together, none of
the damage is left out, and boxes that stay apart never overlap (a pixel copied twice)."""

from __future__ import annotations

import random

from matplotlib.transforms import Bbox

from viewer.render.damage import Box, _merge


def random_boxes(rng: random.Random, n: int) -> list[Box]:
    out = []
    for _ in range(n):
        x, y = rng.randint(0, 800), rng.randint(0, 900)
        out.append((x, y, x + rng.randint(1, 120), y + rng.randint(1, 120)))
    return out


def covers(boxes: list[Bbox], box: Box) -> bool:
    return any(b.x0 <= box[0] and b.y0 <= box[1] and b.x1 >= box[2] and b.y1 >= box[3]
               for b in boxes)


def test_merged_boxes_cover_the_damage_and_stay_apart():
    rng = random.Random(2024)
    for _ in range(500):
        boxes = random_boxes(rng, rng.randint(0, 30))
        merged = _merge(boxes)
        assert all(covers(merged, b) for b in boxes)
        assert len(merged) <= 16
        for i, a in enumerate(merged):
            for b in merged[i + 1:]:
                assert not a.overlaps(b)


def test_boxes_that_touch_are_one_copy_and_far_ones_two():
    touching = _merge([(0, 0, 10, 10), (10, 0, 20, 10)])
    assert [tuple(b.extents) for b in touching] == [(0, 0, 20, 10)]
    apart = _merge([(0, 0, 10, 10), (50, 50, 60, 60)])
    assert len(apart) == 2
