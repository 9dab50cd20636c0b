"""Each map unit's border as a small picture of its own, drawn once per view, so that a
unit recoloured over the cached frame is filled and then given its border by copying
pixels, not by stroking its outline again.

Agg strokes the map's thin borders at about 0.07 ms a unit, three times the cost of the
fill: a forecast pick recolours two dozen units, a replay step a dozen. A border drawn
alone onto a clear canvas, at the place the map draws it, holds for each pixel the
border's colour and its coverage; blended over the fill it gives what stroking there
gives (the same blend, to within one level of 255). The pictures are made while the
window waits (``ahead``); a unit without one is stroked as before.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

import numpy as np
from matplotlib.backend_bases import RendererBase
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.collections import PathCollection
from matplotlib.path import Path
from matplotlib.transforms import Transform

# Where a border is drawn: its left and bottom pixel on the figure and its pixels, rows
# from the bottom up (as Agg's draw_image takes them). None: nothing of it shows.
Sprite = tuple[int, int, np.ndarray] | None
EdgeKey = tuple[float, float, float, float, float]  # the border's RGBA and width (points)


def axis_aligned(path: Path) -> bool:
    """Whether Agg snaps ``path`` to the pixel grid when it draws it (its automatic choice:
    every straight segment horizontal or vertical, at most 1024 points). It snaps the
    fill with the border's width in mind, so such a path (a side box) is filled and
    bordered in one call, as the map draws it, not filled alone and given a picture."""
    xy = np.asarray(path.vertices)
    codes = None if path.codes is None else np.asarray(path.codes)
    if len(xy) > 1024:
        return False
    steps = np.diff(xy, axis=0)
    drawn = np.ones(len(steps), dtype=bool) if codes is None else codes[1:] == Path.LINETO
    if codes is not None and np.isin(codes, (Path.CURVE3, Path.CURVE4)).any():
        return False
    moves = np.abs(steps[drawn])
    return bool(((moves[:, 0] < 1e-4) | (moves[:, 1] < 1e-4)).all())


def edge_key(rgba: Sequence[float], width: float) -> EdgeKey:
    r, g, b, a = (float(v) for v in rgba)
    return (r, g, b, a, float(width))


class BorderSprites:
    """The borders of a map's features (``paths``, in data units), by row, for one view
    (a view key: what places the features on the figure's pixels)."""

    def __init__(self, paths: Sequence[Path]) -> None:
        self._paths = paths
        self.aligned = [axis_aligned(p) for p in paths]
        self._view: object = None
        self._sprites: dict[int, tuple[EdgeKey, Sprite]] = {}
        self._scratch: RendererAgg | None = None
        self.made = 0  # pictures made, and borders drawn from them (tests read these)
        self.copied = 0

    @property
    def bytes_kept(self) -> int:
        """The memory the pictures hold."""
        return sum(s[1][2].nbytes for s in self._sprites.values() if s[1] is not None)

    def get(self, view: object, row: int, key: EdgeKey) -> tuple[bool, Sprite]:
        """(known, sprite): whether ``row``'s border with this colour and width is made
        for ``view``, and the picture (None: none of it shows)."""
        if view != self._view:
            return False, None
        found = self._sprites.get(row)
        if found is None or found[0] != key:
            return False, None
        return True, found[1]

    def ahead(self, view: Callable[[], object], transform: Transform,
              size: tuple[int, int], dpi: float,
              edges: Callable[[int], EdgeKey]) -> Iterator[None]:
        """Make the missing pictures for the view now shown, one per step; stops early when
        the view changes (another full draw starts again)."""
        shown = view()
        if shown != self._view:
            self._view, self._sprites = shown, {}
        for row in range(len(self._paths)):
            if view() != shown:
                return
            key = edges(row)
            if self.aligned[row]:
                continue  # drawn whole each time (see axis_aligned)
            found = self._sprites.get(row)
            if found is not None and found[0] == key:
                continue
            self._sprites[row] = (key, self._make(row, key, transform, size, dpi))
            self.made += 1
            yield None
        self._scratch = None  # all made: the figure-sized canvas is not kept

    def _make(self, row: int, key: EdgeKey, transform: Transform,
              size: tuple[int, int], dpi: float) -> Sprite:
        width, height = size
        r, g, b, a, points = key
        if points <= 0 or a <= 0:
            return None
        scratch = self._scratch
        if scratch is None or (scratch.width, scratch.height, scratch.dpi) != (*size, dpi):
            scratch = self._scratch = RendererAgg(width, height, dpi)
        path = self._paths[row]
        # The same stroke at the same place as the map's: on a canvas of the figure's size,
        # so that Agg puts every fraction of a pixel where the map has it.
        gc = scratch.new_gc()
        gc.set_linewidth(points)
        gc.set_foreground((r, g, b, a), isRGBA=True)
        gc.set_antialiased(True)
        scratch.draw_path(gc, path, transform, None)
        gc.restore()
        pad = scratch.points_to_pixels(points) / 2 + 2
        (x0, y0), (x1, y1) = path.get_extents(transform).get_points()
        left, right = max(int(np.floor(x0 - pad)), 0), min(int(np.ceil(x1 + pad)), width)
        bottom, top = max(int(np.floor(y0 - pad)), 0), min(int(np.ceil(y1 + pad)), height)
        if left >= right or bottom >= top:
            return None  # off the figure (a zoomed map)
        pixels = np.asarray(scratch.buffer_rgba())
        rows = slice(height - top, height - bottom)  # the buffer's rows go top down
        sprite = pixels[rows, left:right][::-1].copy()
        pixels[rows, left:right] = 0  # clear again for the next border
        return (left, bottom, sprite)


class RedrawnUnits(PathCollection):
    """The units recoloured since the last full draw, drawn again over the cached frame
    as the map draws them (each filled, then bordered, in the map's order), their borders
    copied from ``sprites`` where made. ``view``: the key the sprites are made for."""

    def __init__(self, sprites: BorderSprites, view: Callable[[], object],
                 **kwargs: object) -> None:
        # matplotlib's stubs type each keyword; these are PathCollection's own
        super().__init__([], **kwargs)  # type: ignore[arg-type]
        self.sprites = sprites
        self.view = view
        self._rows: list[tuple[int, tuple[float, ...], EdgeKey]] = []

    def set_rows(self, rows: Sequence[int], paths: Sequence[Path],
                 faces: Sequence[Sequence[float]], edges: Sequence[Sequence[float]],
                 widths: Sequence[float]) -> None:
        """Draw these features (rows of the map's) with these fills, borders and widths."""
        self.set_paths(list(paths))
        self.set_facecolor([(f[0], f[1], f[2], f[3]) for f in faces] or "none")
        self.set_edgecolor([(e[0], e[1], e[2], e[3]) for e in edges] or "none")
        self.set_linewidth(list(widths) or [0.5])
        # each row's as plain tuples: what the draw reads two dozen times a pick
        self._rows = [(row, tuple(float(v) for v in face), edge_key(edge, width))
                      for row, face, edge, width in zip(rows, faces, edges, widths,
                                                              strict=True)]

    def draw(self, renderer: RendererBase) -> None:
        transform = self.get_transform()
        paths = self.get_paths()
        if (not isinstance(renderer, RendererAgg) or not self.get_visible()
                or self.get_hatch() or self.get_path_effects() or not transform.is_affine
                or len(self._rows) != len(paths)):
            super().draw(renderer)  # what the fast path does not stand in for
            return
        view = self.view()
        affine = transform.frozen()  # worked out once, not for each path
        fill = renderer.new_gc()
        # Artist's own clip setting (the map's frame when zoomed): not in matplotlib's stubs
        self._set_gc_clip(fill)  # type: ignore[attr-defined]
        fill.set_snap(self.get_snap())
        fill.set_linewidth(0)
        fill.set_antialiased(True)
        stroke = None
        sprites = self.sprites
        aligned = sprites.aligned
        for (row, face, key), path in zip(self._rows, paths, strict=True):
            bordered = key[4] > 0 and key[3] > 0
            known, sprite = sprites.get(view, row, key) if bordered else (True, None)
            if known or not aligned[row]:
                renderer.draw_path(fill, path, affine, face)
            if known:
                if sprite is not None:
                    renderer.draw_image(fill, *sprite)
                    sprites.copied += 1
                continue
            if stroke is None:  # no picture: bordered as the map borders it
                stroke = renderer.new_gc()
                # as for the fill above: Artist's clip setting, not in the stubs
                self._set_gc_clip(stroke)  # type: ignore[attr-defined]
                stroke.set_snap(self.get_snap())
                stroke.set_antialiased(True)
            stroke.set_linewidth(key[4])
            stroke.set_foreground((key[0], key[1], key[2], key[3]), isRGBA=True)
            # a path Agg snaps: filled and bordered in one call, as the map's own draw
            renderer.draw_path(stroke, path, affine, face if aligned[row] else None)
        fill.restore()
        if stroke is not None:
            stroke.restore()
        self.stale = False
