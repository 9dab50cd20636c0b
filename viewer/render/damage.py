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

# A box as its corners (x0, y0, x1, y1) in display pixels. The tracker works on plain
# numbers: a forecast step damages dozens of boxes, and Bbox's own overlap, union and
# construction took longer than drawing (≈ 1 ms per ten boxes).
Box = tuple[float, float, float, float]
Extent = Bbox | Box | Sequence[Bbox | Box] | None


@dataclass(frozen=True)
class Part:
    name: str
    artists: Callable[[], Sequence[Artist]]
    signature: Callable[[], Hashable]
    # where it draws: one box or several (None or []: nothing at the moment)
    extent: Callable[[], Extent]


class DamageTracker:
    def __init__(self, parts: Sequence[Part], figure_box: Callable[[], Bbox]) -> None:
        self.parts = list(parts)
        self._figure_box = figure_box
        self._last: dict[str, tuple[Hashable, list[Box]]] = {}

    def reset(self) -> None:
        """After a full draw: what is on screen is every part as it is now."""
        fig = self._figure_extents()
        self._last = {p.name: (p.signature(), self._boxes(p, fig)) for p in self.parts}

    def plan(self) -> tuple[list[Bbox], list[Part]]:
        """The boxes to restore and copy to the screen, and the parts to draw in them."""
        fig = self._figure_extents()
        now = {p.name: (p.signature(), self._boxes(p, fig)) for p in self.parts}
        damage: list[Box] = []
        redraw: set[str] = set()
        for p in self.parts:
            sig, boxes = now[p.name]
            old = self._last.get(p.name)
            if old is not None and old[0] == sig and old[1] == boxes:
                continue
            redraw.add(p.name)
            damage.extend(boxes)
            damage.extend(old[1] if old else [fig])
        # A part that overlaps a restored box is wiped there: draw it again, and restore its
        # whole box so that drawing it never lands on its own old pixels.
        grew = True
        while grew and damage:
            grew = False
            for p in self.parts:
                boxes = now[p.name][1]
                if p.name in redraw or not boxes:
                    continue
                if any(_overlap(b, d) for b in boxes for d in damage):
                    redraw.add(p.name)
                    damage.extend(boxes)
                    grew = True
        self._last = now
        return _merge(damage), [p for p in self.parts if p.name in redraw]

    def _figure_extents(self) -> Box:
        x0, y0, x1, y1 = self._figure_box().extents
        return (x0, y0, x1, y1)

    def _boxes(self, part: Part, fig: Box) -> list[Box]:
        got = part.extent()
        listed = [got] if isinstance(got, Bbox | tuple) else list(got or [])
        out = []
        for box in listed:
            whole = _pixels(box, fig)
            if whole is not None:
                out.append(whole)
        return out


def _pixels(box: Bbox | Box, fig: Box) -> Box | None:
    """The box padded, cut to the figure and rounded outward to whole pixels, so that
    restore and copy cover the same pixels; None when nothing of it is left."""
    if isinstance(box, Bbox):
        x0, y0, x1, y1 = box.extents
    else:
        x0, y0, x1, y1 = box
    if x1 <= x0 or y1 <= y0:
        return None
    x0, y0 = max(fig[0], x0 - PAD), max(fig[1], y0 - PAD)
    x1, y1 = min(fig[2], x1 + PAD), min(fig[3], y1 + PAD)
    if x1 <= x0 or y1 <= y0:
        return None
    return (int(x0), int(y0), int(x1) + 1, int(y1) + 1)


def _overlap(a: Box, b: Box) -> bool:
    # as Bbox.overlaps: boxes that touch count as overlapping
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


def _merge(boxes: list[Box]) -> list[Bbox]:
    """Fold overlapping boxes together; many small copies cost more than one larger one."""
    out: list[Box] = []
    for box in boxes:
        merged = True
        while merged:
            merged = False
            for i, other in enumerate(out):
                if _overlap(box, other):
                    box = (min(box[0], other[0]), min(box[1], other[1]),
                           max(box[2], other[2]), max(box[3], other[3]))
                    del out[i]
                    merged = True
                    break
        out.append(box)
    if len(out) > 16:
        return [Bbox([[min(b[0] for b in out), min(b[1] for b in out)],
                      [max(b[2] for b in out), max(b[3] for b in out)]])]
    return [Bbox([[x0, y0], [x1, y1]]) for x0, y0, x1, y1 in out]
