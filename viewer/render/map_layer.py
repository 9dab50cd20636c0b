"""The map itself: one collection of every feature (states and side boxes), labels,
leader lines and outline overlays for selection and highlight. Built once; a flip only
changes face colours."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.path import Path
from matplotlib.text import Text

from viewer.core.shapes import MapShapes
from viewer.core.units import UNITS
from viewer.render.palette import BORDER, HIGHLIGHT, NO_DATA_RGB, RGB, SELECTION, Palette


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
                 *, font_size: float = 7.0) -> None:
        self.ax = ax
        self.shapes = shapes
        frame = shapes.frame
        self._paths = [geometry_path(g) for g in frame.geometry]
        self._rows = {u: list(shapes.rows_of(u)) for u in set(shapes.units)}
        kinds = list(frame["kind"])
        self._is_box = np.array([k == "box" for k in kinds])
        n = len(self._paths)
        self.collection = PathCollection(
            self._paths, facecolors=[NO_DATA_RGB] * n,
            edgecolors=[("#6b6b6b" if b else BORDER) for b in self._is_box],
            linewidths=[0.7 if b else 0.55 for b in self._is_box], zorder=2,
        )
        ax.add_collection(self.collection)
        self._add_leaders(frame)
        self._labels: dict[int, Text] = {}
        self._add_labels(frame, electoral_votes, font_size)
        self._selection = PathCollection([], facecolors="none", edgecolors=SELECTION,
                                         linewidths=2.2, zorder=5)
        self._highlight = PathCollection([], facecolors="none", edgecolors=HIGHLIGHT,
                                         linewidths=2.4, zorder=4)
        ax.add_collection(self._highlight)
        ax.add_collection(self._selection)
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
    def _add_leaders(self, frame: object) -> None:
        segs = []
        for row in frame.itertuples():  # type: ignore[attr-defined]
            if row.kind != "box" or not np.isfinite(row.anchor_x):
                continue
            if UNITS[row.unit].is_district:
                continue  # district boxes sit beside their state; no line needed
            bx0, by0, _, by1 = row.geometry.bounds
            start = (bx0, (by0 + by1) / 2)
            segs.append([(row.anchor_x, row.anchor_y), start])
        self.leaders = LineCollection(segs, colors="#8a8a8a", linewidths=0.6, zorder=3)
        self.ax.add_collection(self.leaders)

    def _add_labels(self, frame: object, evs: Mapping[str, int], font_size: float) -> None:
        for i, row in enumerate(frame.itertuples()):  # type: ignore[attr-defined]
            unit = row.unit
            if row.kind == "box":
                text = f"{row.label}  {evs.get(unit, 0)}"
                size = font_size * 0.95
            else:
                if not row.label_fits:
                    continue
                ev = evs.get(unit, 0) + sum(evs.get(d, 0) for d in _districts(unit))
                text = f"{unit}\n{ev}"
                size = font_size
            self._labels[i] = self.ax.text(
                row.label_x, row.label_y, text, ha="center", va="center", fontsize=size,
                fontweight="bold", zorder=6, linespacing=0.95,
            )

    # -- live mode --------------------------------------------------------------------
    def set_live(self, live: bool) -> None:
        self._live = live
        for artist in (self.overlay, self._highlight, self._selection):
            artist.set_animated(live)

    def dynamic_artists(self) -> list[object]:
        return [self.overlay, *self.overlay_texts, self._highlight, self._selection]

    def mark_clean(self) -> None:
        """The last full draw shows every current colour: nothing needs drawing on top."""
        self._dirty.clear()
        self.overlay.set_paths([])
        for t in self.overlay_texts:
            t.remove()
        self.overlay_texts = []

    def _rebuild_overlay(self) -> None:
        rows = [i for u in self._dirty for i in self._rows.get(u, ())]
        face = self.collection.get_facecolors()
        edge = self.collection.get_edgecolors()
        widths = self.collection.get_linewidths()
        self.overlay.set_paths([self._paths[i] for i in rows])
        self.overlay.set_facecolor(face[rows] if rows else [])
        self.overlay.set_edgecolor(edge[rows] if rows else [])
        self.overlay.set_linewidth([widths[i % len(widths)] for i in rows] or [0.5])
        for t in self.overlay_texts:
            t.remove()
        self.overlay_texts = []
        for i in rows:
            label = self._labels.get(i)
            if label is None:
                continue
            x, y = label.get_position()
            copy = self.ax.text(x, y, label.get_text(), ha="center", va="center",
                                fontsize=label.get_fontsize(), fontweight="bold",
                                color=label.get_color(), zorder=6, linespacing=0.95,
                                animated=True)
            self.overlay_texts.append(copy)

    # -- updates ----------------------------------------------------------------------
    def set_unit_colors(self, colors: Mapping[str, RGB]) -> None:
        face = np.array(self.collection.get_facecolors())
        if len(face) != len(self._paths):
            face = np.tile(np.array([*NO_DATA_RGB, 1.0]), (len(self._paths), 1))
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
        self.collection.set_facecolor(face)
        if changed:
            self._rebuild_overlay()

    @property
    def dirty_count(self) -> int:
        return len(self._dirty)

    def set_selection(self, unit: str | None) -> None:
        self.selected = unit
        self._selection.set_paths(self._paths_of([unit] if unit else []))

    def set_highlight(self, units: Iterable[str]) -> None:
        self.highlighted = tuple(units)
        expanded = [*self.highlighted]
        for u in self.highlighted:  # a state's events light up its district boxes too
            expanded.extend(_districts(u))
        self._highlight.set_paths(self._paths_of(expanded))

    def _paths_of(self, units: Iterable[str]) -> list[Path]:
        return [self._paths[i] for u in units for i in self._rows.get(u, ())]

    def face_color_of(self, unit: str) -> tuple[float, ...]:
        i = self._rows[unit][0]
        return tuple(self.collection.get_facecolors()[i])

    def unit_at(self, x: float, y: float) -> str | None:
        return self.shapes.unit_at(x, y)


def _districts(unit: str) -> list[str]:
    return [c for c, u in UNITS.items() if u.state == unit and u.is_district]
