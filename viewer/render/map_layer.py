"""The map itself: one collection of every feature (states and side boxes, or tiles),
labels, leader lines, outline overlays for selection and highlight, hatching for undecided
and split units, and the shift map's arrows. Built once; a flip only changes face colours."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np
from matplotlib import patheffects
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.colors import to_rgb
from matplotlib.path import Path
from matplotlib.quiver import Quiver
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from viewer.core.shapes import MapShapes
from viewer.core.units import UNITS, districts_of
from viewer.render.palette import (
    RGB,
    SPLIT_HATCH,
    UNDECIDED_HATCH,
    Palette,
    set_hatch_color,
)
from viewer.render.shift_arrows import BOX_LABEL_AT, Arrow
from viewer.render.style import LIGHT, Theme

if TYPE_CHECKING:
    from geopandas import GeoDataFrame


def geometry_path(geom: object) -> Path:
    """A compound matplotlib Path for a shapely Polygon or MultiPolygon (holes kept)."""
    polygons = getattr(geom, "geoms", [geom])
    verts: list[np.ndarray] = []
    codes: list[np.ndarray] = []
    for poly in polygons:
        for ring in (poly.exterior, *poly.interiors):
            xy = np.asarray(ring.coords, dtype=float)
            c = np.full(len(xy), Path.LINETO, dtype=Path.code_type)
            c[0] = Path.MOVETO
            c[-1] = Path.CLOSEPOLY
            verts.append(xy)
            codes.append(c)
    return Path(np.concatenate(verts), np.concatenate(codes))


class MapLayer:
    def __init__(self, ax: Axes, shapes: MapShapes, electoral_votes: Mapping[str, int],
                 *, font_size: float = 7.0, theme: Theme = LIGHT, shift: bool = False) -> None:
        self.ax = ax
        self.shapes = shapes
        self.theme = theme
        self.shift = shift
        frame = shapes.frame
        self._paths = [geometry_path(g) for g in frame.geometry]
        self._rows = {u: list(shapes.rows_of(u)) for u in set(shapes.units)}
        kinds = list(frame["kind"])
        self._is_box = np.array([k == "box" for k in kinds])
        self._is_tile = shapes.is_tiles
        n = len(self._paths)
        self._no_data = to_rgb(theme.no_data)
        self.collection = PathCollection(
            self._paths, facecolors=[self._no_data] * n,
            edgecolors=[(theme.box_edge if b else theme.border) for b in self._is_box],
            linewidths=[0.7 if b else (0.0 if self._is_tile else 0.55) for b in self._is_box],
            zorder=2,
        )
        ax.add_collection(self.collection)
        self._add_leaders(frame)
        self._labels: dict[int, Text] = {}
        self._box_labels: dict[int, tuple[float, float]] = {}  # row -> (size, box width)
        self._add_labels(frame, electoral_votes, font_size)
        self._selection = PathCollection([], facecolors="none", edgecolors=theme.selection,
                                         linewidths=2.2, zorder=5)
        self._highlight = PathCollection([], facecolors="none", edgecolors=theme.highlight,
                                         linewidths=2.4, zorder=4)
        # Under the pointer: a thin outline, so a click's target is never in doubt.
        self._hover = PathCollection([], facecolors="none", edgecolors=theme.text,
                                     linewidths=1.2, zorder=4.5)
        ax.add_collection(self._highlight)
        ax.add_collection(self._hover)
        ax.add_collection(self._selection)
        self.hovered: str | None = None
        # Patterns as a second channel (colour-blind palette): undecided and split units.
        self._hatches = {
            kind: PathCollection([], facecolors="none", edgecolors="none", linewidths=0,
                                 hatch=pattern, zorder=3)
            for kind, pattern in (("undecided", UNDECIDED_HATCH), ("split", SPLIT_HATCH))
        }
        for hatch in self._hatches.values():
            set_hatch_color(hatch, theme.background)  # reads over any fill
            ax.add_collection(hatch)
        self.arrows: list[Quiver] = []  # the shift map's, as drawn
        self.shift_arrows: list[Arrow] = []  # and where they go
        self.hatch_texts: list[Text] = []
        self._haloed: set[int] = set()  # labels ringed for the hatching
        self._hatch_key: tuple[tuple[str, ...], tuple[str, ...]] = ((), ())
        self._hatch_units: list[str] = []
        self._hatch_look: tuple[tuple[float, ...], ...] = ()
        self._bounds_cache: dict[str, list[Bbox]] = {}
        # Live mode (the window): units recoloured since the last full draw are drawn again
        # on top of the cached frame, so a flip never redraws the whole map.
        self._live = False
        self._dirty: dict[str, None] = {}
        self.overlay = PathCollection([], zorder=2.5)
        ax.add_collection(self.overlay)
        self.overlay_texts: list[Text] = []
        minx, miny, maxx, maxy = shapes.bounds
        pad = 0.01 * (maxx - minx)
        ax.set_xlim(minx - pad, maxx + pad)
        ax.set_ylim(miny - pad, maxy + pad)
        ax.set_aspect("equal")
        ax.set_axis_off()
        self.selected: str | None = None
        self.highlighted: tuple[str, ...] = ()

    # -- construction -----------------------------------------------------------------
    def _add_leaders(self, frame: GeoDataFrame) -> None:
        segs = []
        for row in frame.itertuples():
            if row.kind != "box" or not np.isfinite(row.anchor_x):
                continue
            if UNITS[row.unit].is_district:
                continue  # district boxes sit beside their state; no line needed
            bx0, by0, _, by1 = row.geometry.bounds
            start = (bx0, (by0 + by1) / 2)
            segs.append([(row.anchor_x, row.anchor_y), start])
        self.leaders = LineCollection(segs, colors=self.theme.leader, linewidths=0.6, zorder=3)
        self.ax.add_collection(self.leaders)

    def _add_labels(self, frame: GeoDataFrame, evs: Mapping[str, int],
                    font_size: float) -> None:
        for i, row in enumerate(frame.itertuples()):
            unit = row.unit
            x, y = row.label_x, row.label_y
            if row.kind == "box":
                size = font_size * 0.95
                text = f"{row.label}  {evs.get(unit, 0)}"
                if self.shift:  # the code on the left, the arrow on the right
                    x0, _, x1, _ = row.geometry.bounds
                    text, x = row.label, x0 + BOX_LABEL_AT * (x1 - x0)
            elif row.kind == "tile":
                # In the shift map the tile's lower half holds the arrow.
                text = row.label if self.shift else f"{row.label}\n{evs.get(unit, 0)}"
                size = font_size * 1.1
                y += 0.27 if self.shift else 0.0
            elif self.shift:
                continue  # the arrows are the content; box labels still name small states
            else:
                if not row.label_fits:
                    continue
                ev = evs.get(unit, 0) + sum(evs.get(d, 0) for d in districts_of(unit))
                text = f"{unit}\n{ev}"
                size = font_size
            self._labels[i] = self.ax.text(
                x, y, text, ha="center", va="center", fontsize=size,
                fontweight="bold", zorder=6, linespacing=0.95,
            )
            if row.kind == "box":
                x0, _, x1, _ = row.geometry.bounds
                room = (x1 - x0) * (2 * BOX_LABEL_AT if self.shift else 1.0)
                self._box_labels[i] = (size, room)

    def box_labels(self) -> dict[int, Text]:
        """The side boxes' labels, by the row of their box in the shapes' frame."""
        return {i: self._labels[i] for i in self._box_labels}

    def fit_box_labels(self) -> None:
        """Shrink the side boxes' labels to fit their boxes when the map is drawn small
        (a narrow window): text keeps its size in points while the boxes scale."""
        ax = self.ax
        ax.apply_aspect()
        (x0, _), (x1, _) = ax.transData.transform([(0.0, 0.0), (1.0, 0.0)])
        px_per_unit = abs(x1 - x0)
        px_per_point = ax.figure.dpi / 72.0
        for i, (size, width) in self._box_labels.items():
            label = self._labels[i]
            # bold DejaVu Sans is about 0.66 em per character
            need = 0.66 * len(label.get_text()) * size * px_per_point
            room = 0.92 * width * px_per_unit
            label.set_fontsize(max(4.0, min(size, size * room / need)) if need else size)

    # -- live mode --------------------------------------------------------------------
    def set_live(self, live: bool) -> None:
        self._live = live
        for artist in (self.overlay, self._highlight, self._hover, self._selection,
                       *self._hatches.values()):
            artist.set_animated(live)
        for quiver in self.arrows:
            quiver.set_animated(live)
        self._label_hatched()  # in the window, the labels are drawn again over the hatching

    def dynamic_artists(self) -> list[Artist]:
        # Hatching and arrows go over the redrawn units, so they are drawn on top each time.
        return [self.overlay, *self.overlay_texts, *self._hatches.values(),
                *self.hatch_texts, *self.arrows, self._highlight, self._hover,
                self._selection]

    def mark_clean(self) -> None:
        """The last full draw shows every current colour: nothing needs drawing on top."""
        self._dirty.clear()
        self.overlay.set_paths([])
        for t in self.overlay_texts:
            t.remove()
        self.overlay_texts = []

    def _rebuild_overlay(self) -> None:
        rows = [i for u in self._dirty for i in self._rows.get(u, ())]
        face = self._faces()
        edge = np.asarray(self.collection.get_edgecolor())
        widths = np.asarray(self.collection.get_linewidth())
        self.overlay.set_paths([self._paths[i] for i in rows])
        self.overlay.set_facecolor(face[rows].tolist())  # the few units recoloured
        self.overlay.set_edgecolor(edge[rows].tolist())
        self.overlay.set_linewidth([widths[i % len(widths)] for i in rows] or [0.5])
        for t in self.overlay_texts:
            t.remove()
        self.overlay_texts = []
        for i in rows:
            label = self._labels.get(i)
            if label is None:
                continue
            self.overlay_texts.append(self._copy_label(label))

    # -- updates ----------------------------------------------------------------------
    def set_unit_colors(self, colors: Mapping[str, RGB]) -> None:
        face = np.array(self._faces())
        if len(face) != len(self._paths):
            face = np.tile(np.array([*self._no_data, 1.0]), (len(self._paths), 1))
        changed = False
        for unit, rgb in colors.items():
            for i in self._rows.get(unit, ()):
                if self._live and not np.allclose(face[i, :3], rgb):
                    self._dirty[unit] = None
                    changed = True
                face[i, :3] = rgb
                face[i, 3] = 1.0
                label = self._labels.get(i)
                if label is not None:
                    label.set_color(Palette.text_on(rgb))
        # an (N, 4) array is what it takes, and keeps; matplotlib's stubs name only sequences
        self.collection.set_facecolor(face)  # type: ignore[arg-type]
        if changed:
            self._rebuild_overlay()

    # -- what the live window needs to repaint only what changed ------------------------
    def live_signature(self) -> tuple[object, ...]:
        face = self._faces()
        dirty = tuple((u, tuple(np.round(face[self._rows[u][0]], 4))) for u in self._dirty)
        return (dirty, self.selected, self.hovered, self.highlighted, self._hatch_key,
                len(self.shift_arrows))

    def live_extent(self) -> list[Bbox]:
        """Where the live layer draws, in display pixels: a box per unit it draws."""
        if self.arrows:
            return [self.ax.bbox.frozen()]  # arrows reach across neighbours: the whole map
        units = [*self._dirty, *self._hatch_units]
        units.extend(u for u in (self.selected, self.hovered) if u)
        for u in self.highlighted:
            units.extend([u, *districts_of(u)])
        to_display = self.ax.transData.transform_bbox
        return [to_display(box) for u in dict.fromkeys(units) for box in self._unit_bounds(u)]

    def _unit_bounds(self, unit: str) -> list[Bbox]:
        """A box per feature: a state and its side box are far apart."""
        boxes = self._bounds_cache.get(unit)
        if boxes is None:
            boxes = [self._paths[i].get_extents() for i in self._rows.get(unit, ())]
            self._bounds_cache[unit] = boxes
        return boxes

    @property
    def dirty_count(self) -> int:
        return len(self._dirty)

    def set_selection(self, unit: str | None) -> None:
        self.selected = unit
        self._selection.set_paths(self._paths_of([unit] if unit else []))

    def set_hover(self, unit: str | None) -> None:
        self.hovered = unit
        self._hover.set_paths(self._paths_of([unit] if unit else []))

    def set_highlight(self, units: Iterable[str]) -> None:
        self.highlighted = tuple(units)
        expanded = [*self.highlighted]
        for u in self.highlighted:  # a state's events light up its district boxes too
            expanded.extend(districts_of(u))
        self._highlight.set_paths(self._paths_of(expanded))

    def tag_units(self) -> None:
        """Name every feature by its unit code (in SVG each becomes a link '#TX')."""
        self.collection.set_urls([f"#{u}" for u in self.shapes.units])

    def set_hatched(self, undecided: Iterable[str], split: Iterable[str]) -> None:
        undecided, split = tuple(undecided), tuple(split)
        # Called on every edit: when neither the hatched units nor their colours changed,
        # the patterns and ringed labels in place are still right.
        face = self._faces()
        look = tuple(tuple(face[i]) for u in (*undecided, *split) for i in self._rows.get(u, ()))
        if (undecided, split) == self._hatch_key and look == self._hatch_look:
            return
        self._hatch_look = look
        self._hatch_key = (undecided, split)
        self._hatch_units = [*undecided, *split]
        self._hatches["undecided"].set_paths(self._paths_of(undecided))
        self._hatches["split"].set_paths(self._paths_of(split, kinds=("state",)))
        self._label_hatched()

    def _label_hatched(self) -> None:
        """Labels go over the hatching, ringed in the unit's own colour so the pattern
        stops short of the letters. In the window the hatching is drawn over the cached
        frame, so the labels are drawn again after it."""
        for t in self.hatch_texts:
            t.remove()
        self.hatch_texts = []
        was_haloed = self._haloed
        for i in was_haloed:  # units no longer hatched lose their ring
            self._labels[i].set_path_effects([])
        self._haloed = set()
        face = self._faces()
        kept = {i for u in self._hatch_units for i in self._rows.get(u, ())}
        lost = [u for u, rows in self._rows.items()
                if any(i in was_haloed and i not in kept for i in rows)]
        if self._live and lost:
            # The cached frame still shows their ring: draw them again without it.
            for unit in lost:
                self._dirty[unit] = None
            self._rebuild_overlay()
        for unit in dict.fromkeys(self._hatch_units):
            for i in self._rows.get(unit, ()):
                label = self._labels.get(i)
                if label is None:
                    continue
                label.set_path_effects([patheffects.withStroke(linewidth=4,
                                                               foreground=face[i][:3])])
                self._haloed.add(i)
                if self._live:
                    self.hatch_texts.append(self._copy_label(label))

    def _copy_label(self, label: Text) -> Text:
        """The label again, as an artist drawn over the cached frame."""
        x, y = label.get_position()
        return self.ax.text(x, y, label.get_text(), ha="center", va="center",
                            fontsize=label.get_fontsize(), fontweight="bold",
                            color=label.get_color(), zorder=6, linespacing=0.95,
                            animated=True, path_effects=label.get_path_effects())

    def hatched_units(self, kind: str) -> int:
        return len(self._hatches[kind].get_paths())

    def set_shift_arrows(self, arrows: Sequence[Arrow], colors: Mapping[str, RGB]) -> None:
        """Draw the shift map's arrows: one quiver for those on the map, a finer one for
        those in the small side boxes."""
        for quiver in self.arrows:
            quiver.remove()
        self.arrows = []
        self.shift_arrows = list(arrows)
        for small in (False, True):
            group = [a for a in arrows if a.small == small]
            if not group:
                continue
            self.arrows.append(self.ax.quiver(
                [a.x for a in group], [a.y for a in group], [a.dx for a in group],
                [a.dy for a in group], color=[colors[a.unit] for a in group], angles="xy",
                scale_units="xy", scale=1, pivot="tail", width=0.0018 if small else 0.0032,
                headwidth=3.4, headlength=3.6, headaxislength=3.2, zorder=4.5,
                edgecolor=self.theme.background, linewidth=0.3 if small else 0.4,
                animated=self._live))

    def _paths_of(self, units: Iterable[str],
                  kinds: tuple[str, ...] | None = None) -> list[Path]:
        if kinds is not None:
            frame_kinds = self.shapes.frame["kind"].to_numpy()
            return [self._paths[i] for u in units for i in self._rows.get(u, ())
                    if frame_kinds[i] in kinds or self._is_tile]
        return [self._paths[i] for u in units for i in self._rows.get(u, ())]

    def face_color_of(self, unit: str) -> tuple[float, ...]:
        i = self._rows[unit][0]
        return tuple(self._faces()[i])

    def _faces(self) -> np.ndarray:
        """Every feature's face colour: matplotlib's own (N, 4) RGBA array, not a copy."""
        return np.asarray(self.collection.get_facecolor())

    def unit_at(self, x: float, y: float) -> str | None:
        return self.shapes.unit_at(x, y)
