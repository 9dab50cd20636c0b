"""Which parts of a live figure changed since the last frame, and where.

The window keeps the figure's static layers as a cached image. A flip changes a unit's
colour, two numbers over the bar and the title; redrawing every changing artist over the
whole cached image costs tens of milliseconds, most of it text. Instead each changing part
says what it looks like (a signature) and where it is (a box in display pixels); only parts
whose signature changed, and parts overlapping the boxes they damage, are drawn again, and
only those boxes are restored and copied to the screen.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass

from matplotlib.artist import Artist
from matplotlib.transforms import Bbox

PAD = 3.0  # display pixels around each box: antialiasing and line widths spill over


@dataclass(frozen=True)
class Part:
    name: str
    artists: Callable[[], Sequence[Artist]]
    signature: Callable[[], Hashable]
    # where it draws: one box or several (None or []: nothing at the moment)
    extent: Callable[[], Bbox | Sequence[Bbox] | None]


class DamageTracker:
    def __init__(self, parts: Sequence[Part], figure_box: Callable[[], Bbox]) -> None:
        self.parts = list(parts)
        self._figure_box = figure_box
        self._last: dict[str, tuple[Hashable, list[Bbox]]] = {}

    def reset(self) -> None:
        """After a full draw: what is on screen is every part as it is now."""
        self._last = {p.name: (p.signature(), self._boxes(p)) for p in self.parts}

    def plan(self) -> tuple[list[Bbox], list[Part]]:
        """The boxes to restore and copy to the screen, and the parts to draw in them."""
        now = {p.name: (p.signature(), self._boxes(p)) for p in self.parts}
        damage: list[Bbox] = []
        redraw: set[str] = set()
        for p in self.parts:
            sig, boxes = now[p.name]
            old = self._last.get(p.name)
            if old is not None and old[0] == sig and _same(old[1], boxes):
                continue
            redraw.add(p.name)
            damage.extend(boxes)
            damage.extend(old[1] if old else [self._figure_box()])
        # A part that overlaps a restored box is wiped there: draw it again, and restore its
        # whole box so that drawing it never lands on its own old pixels.
        grew = True
        while grew and damage:
            grew = False
            for p in self.parts:
                boxes = now[p.name][1]
                if p.name in redraw or not boxes:
                    continue
                if any(b.overlaps(d) for b in boxes for d in damage):
                    redraw.add(p.name)
                    damage.extend(boxes)
                    grew = True
        self._last = now
        return _merge(damage), [p for p in self.parts if p.name in redraw]

    def _boxes(self, part: Part) -> list[Bbox]:
        got = part.extent()
        boxes = [got] if isinstance(got, Bbox) else list(got or [])
        return [b for b in map(self._box, boxes) if b is not None]

    def _box(self, box: Bbox) -> Bbox | None:
        if box.width <= 0 or box.height <= 0:
            return None
        fig = self._figure_box()
        x0, y0 = max(fig.x0, box.x0 - PAD), max(fig.y0, box.y0 - PAD)
        x1, y1 = min(fig.x1, box.x1 + PAD), min(fig.y1, box.y1 + PAD)
        if x1 <= x0 or y1 <= y0:
            return None
        # whole pixels, rounded outward, so restore and copy cover the same pixels
        return Bbox([[int(x0), int(y0)], [int(x1) + 1, int(y1) + 1]])


def _same(a: list[Bbox], b: list[Bbox]) -> bool:
    return len(a) == len(b) and all(tuple(x.extents) == tuple(y.extents)
                                    for x, y in zip(a, b, strict=True))


def _merge(boxes: list[Bbox]) -> list[Bbox]:
    """Fold overlapping boxes together; many small copies cost more than one larger one.
    Worked on plain numbers: a forecast step damages dozens of boxes, and Bbox's own
    overlap and union tests took longer than drawing (≈ 1 ms per ten boxes)."""
    out: list[tuple[float, float, float, float]] = []
    for box in boxes:
        x0, y0, x1, y1 = box.extents
        merged = True
        while merged:
            merged = False
            for i, (a0, b0, a1, b1) in enumerate(out):
                # as Bbox.overlaps: boxes that touch count as overlapping
                if x0 <= a1 and a0 <= x1 and y0 <= b1 and b0 <= y1:
                    x0, y0, x1, y1 = min(x0, a0), min(y0, b0), max(x1, a1), max(y1, b1)
                    del out[i]
                    merged = True
                    break
        out.append((x0, y0, x1, y1))
    if len(out) > 16:
        return [Bbox([[min(b[0] for b in out), min(b[1] for b in out)],
                      [max(b[2] for b in out), max(b[3] for b in out)]])]
    return [Bbox([[x0, y0], [x1, y1]]) for x0, y0, x1, y1 in out]
