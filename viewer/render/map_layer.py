"""The map itself: one collection of every feature (states and side boxes, or tiles),
labels, leader lines, outline overlays for selection and highlight, hatching for undecided
and split units, and the shift map's arrows. Built once; a flip only changes face colours."""

from __future__ import annotations

from collections.abc import Container, Iterable, Iterator, Mapping, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np
import shapely
from matplotlib import patheffects
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.colors import to_rgb
from matplotlib.patches import PathPatch
from matplotlib.path import Path
from matplotlib.quiver import Quiver
from matplotlib.text import Text
from matplotlib.transforms import Bbox, ScaledTranslation

from viewer.core.shapes import MapShapes
from viewer.core.units import UNITS, districts_of
from viewer.render.border_sprites import BorderSprites, RedrawnUnits, edge_key
from viewer.render.damage import Box
from viewer.render.palette import (
    BY_HAND_HATCH,
    RGB,
    SPLIT_HATCH,
    UNDECIDED_HATCH,
    Palette,
    set_hatch_color,
)
from viewer.render.planned_texts import PlannedTexts
from viewer.render.shift_arrows import BOX_LABEL_AT, KEY_POINTS, Arrow, key_arrow
from viewer.render.style import LIGHT, Theme
from viewer.render.text_cache import window_extent

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


HALO = 3.0  # points: the ring, in the unit's own colour, around a label on the map
HATCH_HALO = 4.0  # a wider ring where the unit is hatched, so the pattern stops short
SHIFT_LABEL_GAP = 2.0  # points between a shift arrow's tail and its state's code
# A unit the scenario changed: a dashed line just inside its border (half of this width,
# in points; the other half is clipped away, so it never spills onto a neighbour).
MARK_WIDTH = 2.6
MARK_DASHES = (0, (1.6, 1.0))


@lru_cache(maxsize=512)
def _text_on(rgb: RGB) -> str:
    # a map step asks for every unit's: worked out once per fill
    return Palette.text_on(rgb)


def halo(rgb: Sequence[float], width: float = HALO) -> list[patheffects.AbstractPathEffect]:
    """A ring in the unit's colour around its label: a label that reaches past its unit
    (Hawaii's, past its islands onto the sea; a narrow state's, across its neighbours)
    still reads on the colour it was chosen for."""
    return [patheffects.withStroke(linewidth=width, foreground=tuple(rgb[:3]))]


class MapLayer:
    def __init__(self, ax: Axes, shapes: MapShapes, electoral_votes: Mapping[str, int],
                 *, font_size: float = 7.0, theme: Theme = LIGHT, shift: bool = False) -> None:
        self.ax = ax
        self.shapes = shapes
        self._present = set(electoral_votes)  # the year's units; other land has no label
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
        # Every feature's edge colour while its unit has electors (a side box of a unit
        # without any that year is hidden: no fill, no edge).
        self._edges = np.array([(*to_rgb(theme.box_edge if b else theme.border), 1.0)
                                for b in self._is_box]).reshape(n, 4)
        self.collection = PathCollection(
            self._paths, facecolors=[self._no_data] * n, edgecolors=self._edges.copy(),
            linewidths=[0.7 if b else (0.0 if self._is_tile else 0.55) for b in self._is_box],
            zorder=2,
        )
        ax.add_collection(self.collection)
        self._add_leaders(frame)
        self._records = list(frame.itertuples())
        self._font_size = font_size
        self._full_redraw = False  # set_units: the next full draw shows every unit anew
        self._labels: dict[int, Text] = {}
        self._on_map: set[int] = set()  # labels on the map itself (not in boxes or tiles)
        self._ringed: set[int] = set()  # those reaching past their unit: ringed in its colour
        self._hand_rows: set[int] = set()  # those of winners set by hand (dotted): ringed
        self._ring_key: object = None
        self._ring_cache: tuple[object, dict[tuple[object, ...], Bbox | None]] = (None, {})
        self._ring_boxes: dict[int, Bbox] = {}  # the ringed labels' boxes, in map units
        self.key_texts: list[Text] = []  # the shift map's key arrow says what length means
        self.key_arrows: list[Quiver] = []
        self._box_labels: dict[int, tuple[float, float]] = {}  # row -> (size, box width)
        # What the labels say under the code instead of the electoral votes (the "same
        # since" map's run lengths), by unit; None: the electoral votes.
        self.label_numbers: Mapping[str, str] | None = None
        self._evs: Mapping[str, int] = electoral_votes
        self._add_labels(electoral_votes)
        self._show_present()
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
        # In display pixels, by view (_display_key): every feature's box, and texts' boxes
        # by the text (id) with what they showed.
        self._shown_boxes: tuple[object, list[Box]] = (None, [])
        self._text_boxes: dict[int, tuple[object, Box]] = {}
        # Live mode (the window): units recoloured since the last full draw are drawn again
        # on top of the cached frame, so a flip never redraws the whole map.
        self._live = False
        self._dirty: dict[str, None] = {}
        self.border_sprites = BorderSprites(self._paths)
        self.overlay = RedrawnUnits(self.border_sprites, self._sprite_view, zorder=2.5)
        ax.add_collection(self.overlay)
        self.overlay_texts: list[Text] = []
        # drawn together, each from a plan of its calls (planned_texts.py)
        self.label_batch = PlannedTexts(lambda: self.overlay_texts, self._display_key)
        self._overlay_pool: dict[int, Text] = {}  # label row -> its copy (_overlay_copy)
        # What the scenario changed, in every palette: winners set by hand are hatched, and
        # every changed unit has a dashed line inside its border. Both are in the cached
        # frame; a recoloured unit gets its own drawn again over it (see _rebuild_overlay).
        self._by_hand, self.overlay_hatch = (
            PathCollection([], facecolors="none", edgecolors="none", linewidths=0,
                           hatch=BY_HAND_HATCH, zorder=z) for z in (2.1, 2.55))
        for hatch in (self._by_hand, self.overlay_hatch):
            set_hatch_color(hatch, theme.background)
            ax.add_collection(hatch)
        self._mark_patches: dict[str, list[PathPatch]] = {}
        self.overlay_marks: list[PathPatch] = []
        # Each mark made once per (row, drawn over the cached frame or not), then shown and
        # hidden: a PathPatch with its clip path costs ≈ 1 ms to make, at every flip.
        self._mark_pool: dict[tuple[int, bool], PathPatch] = {}
        self.marked: tuple[str, ...] = ()  # units the scenario changed
        self.by_hand: tuple[str, ...] = ()  # of which winners set by hand (hatched)
        self._overlay_stale = False
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
        self._leader_rows: list[int] = []  # the feature (side box) of each leader line
        for i, row in enumerate(frame.itertuples()):
            if row.kind != "box" or not np.isfinite(row.anchor_x):
                continue
            if UNITS[row.unit].is_district:
                continue  # district boxes sit beside their state; no line needed
            bx0, by0, _, by1 = row.geometry.bounds
            start = (bx0, (by0 + by1) / 2)
            segs.append([(row.anchor_x, row.anchor_y), start])
            self._leader_rows.append(i)
        self.leaders = LineCollection(segs, colors=self.theme.leader, linewidths=0.6, zorder=3)
        self.ax.add_collection(self.leaders)
        self._leader_segs = np.array(segs, dtype=float).reshape(-1, 2, 2)
        # each line's box (x, y lows; x, y highs), to find the lines a redrawn unit meets
        self._leader_lows = self._leader_segs.min(axis=1)
        self._leader_highs = self._leader_segs.max(axis=1)
        self._geometries = np.asarray(frame.geometry.values, dtype=object)
        self._data_bounds = np.asarray(frame.geometry.bounds, dtype=float)  # x0, y0, x1, y1
        self._leader_pieces: dict[tuple[int, int], list[np.ndarray]] = {}
        # Over the cached frame: the lines crossing recoloured units, drawn again within
        # them (their fill covers the frame's lines there).
        self.overlay_leaders = LineCollection([], linewidths=0.6, zorder=3)
        self.ax.add_collection(self.overlay_leaders)

    def _label_spec(self, i: int, evs: Mapping[str, int]
                    ) -> tuple[float, float, str, float] | None:
        """Where feature ``i``'s label goes, what it says and its size; None: no label."""
        row = self._records[i]
        unit = row.unit
        if unit not in evs:
            return None  # not a state yet (or no electors): land without a label
        font_size = self._font_size
        x, y = row.label_x, row.label_y
        numbers = self.label_numbers

        def number(u: str) -> str:  # the unit's own figure under its code
            return numbers.get(u, "") if numbers is not None else str(evs.get(u, 0))

        if row.kind == "box":
            size = font_size * 0.95
            text = f"{row.label}  {number(unit)}"
            if self.shift:  # the code on the left, the arrow on the right
                x0, _, x1, _ = row.geometry.bounds
                text, x = row.label, x0 + BOX_LABEL_AT * (x1 - x0)
        elif row.kind == "tile":
            # In the shift map the tile's lower half holds the arrow.
            text = row.label if self.shift else f"{row.label}\n{number(unit)}"
            size = font_size * 1.1
            y += 0.27 if self.shift else 0.0
        elif self.shift:  # the code only, small: beside the arrow (set_shift_arrows)
            if not row.label_fits:
                return None  # named in its side box
            text = unit
            size = font_size * 0.85
        else:
            if not row.label_fits:
                return None
            ev = evs.get(unit, 0) + sum(evs.get(d, 0) for d in districts_of(unit))
            text = f"{unit}\n{number(unit) if numbers is not None else ev}"
            size = font_size
        return x, y, text, size

    def _add_labels(self, evs: Mapping[str, int]) -> None:
        """A label for each feature of the year's units; an existing one (another year's)
        is given this year's text, and those of units without electors go."""
        for i, row in enumerate(self._records):
            spec = self._label_spec(i, evs)
            label = self._labels.get(i)
            if spec is None:
                if label is not None:
                    label.remove()
                    del self._labels[i]
                self._on_map.discard(i)
                self._box_labels.pop(i, None)
                continue
            x, y, text, size = spec
            if label is None:
                self._labels[i] = self.ax.text(
                    x, y, text, ha="center", va="center", fontsize=size,
                    fontweight="bold", zorder=6, linespacing=0.95,
                )
            else:  # as new: the shift map moves its codes beside the arrows
                label.set_position((x, y))
                label.set_text(text)
                label.set_fontsize(size)
                label.set_horizontalalignment("center")
                label.set_transform(self.ax.transData)
            if row.kind == "state":
                self._on_map.add(i)
            if row.kind == "box":
                x0, _, x1, _ = row.geometry.bounds
                room = (x1 - x0) * (2 * BOX_LABEL_AT if self.shift else 1.0)
                self._box_labels[i] = (size, room)

    def _show_present(self) -> None:
        """Side boxes and leader lines of units without electors that year are hidden."""
        present = self._present
        units = self.shapes.units
        shown = np.array([u in present for u in units], dtype=bool)
        edges = self._edges.copy()
        edges[~shown & self._is_box, 3] = 0.0
        # matplotlib's stubs take colours, not an array of RGBA rows: they are the same
        self.collection.set_edgecolor(edges)  # type: ignore[arg-type]
        face = np.array(self._faces())
        if len(face) != len(self._paths):
            face = np.tile(np.array([*self._no_data, 1.0]), (len(self._paths), 1))
        face[~shown] = (*self._no_data, 1.0)  # land that had no electors
        face[~shown & self._is_box, 3] = 0.0
        self.collection.set_facecolor(face)  # type: ignore[arg-type]  # RGBA rows, as above
        leader = to_rgb(self.theme.leader)
        self.leaders.set_color([(*leader, 1.0 if shown[i] else 0.0)
                                for i in self._leader_rows] or [leader])

    def set_units(self, electoral_votes: Mapping[str, int]) -> None:
        """Another year's units on the same geometry (a year change in the window): labels
        say this year's electoral votes, land without electors has no label and its side
        box is hidden. Colours follow with ``set_unit_colors``; the whole map is drawn
        again (``mark_clean`` after the full draw)."""
        self._present = set(electoral_votes)
        self._evs = electoral_votes
        self._add_labels(electoral_votes)
        self._haloed &= set(self._labels)
        self._ringed &= set(self._labels)
        self._hand_rows &= set(self._labels)
        self._ring_boxes = {i: b for i, b in self._ring_boxes.items() if i in self._labels}
        self._ring_key = None  # other texts: which reach past their unit is measured again
        self._bounds_cache.clear()
        self._text_boxes.clear()
        self._show_present()
        self._full_redraw = self._live
        self._dirty.clear()
        self._overlay_stale = False

    def set_label_numbers(self, numbers: Mapping[str, str] | None) -> None:
        """Labels say ``numbers`` (by unit) under the code instead of the electoral votes;
        None gives them back. Only the texts change (a recoloured unit's label is drawn
        again over the cached frame with it)."""
        if numbers == self.label_numbers:
            return
        self.label_numbers = None if numbers is None else dict(numbers)
        self._add_labels(self._evs)
        self._ring_key = None  # other texts: which reach past their unit is measured again

    def box_labels(self) -> dict[int, Text]:
        """The side boxes' labels, by the row of their box in the shapes' frame."""
        return {i: self._labels[i] for i in self._box_labels}

    def fit_box_labels(self) -> None:
        """Shrink the side boxes' labels to fit their boxes when the map is drawn small
        (a narrow window): text keeps its size in points while the boxes scale. Then ring
        the labels that reach past their unit at this size."""
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
        self._ring_labels_off_their_units()

    def _ring_labels_off_their_units(self) -> None:
        """Ring, in the unit's colour, each label on the map that reaches past its unit's
        outline (Hawaii's past its islands onto the sea, a narrow state's across its
        neighbours, the shift map's codes beside their arrows): there the text would sit on
        a colour it was not chosen for. Labels wholly inside their unit need no ring, and
        are spared it (a ringed text is drawn as paths, several times slower)."""
        canvas = self.ax.figure.canvas
        if not isinstance(canvas, FigureCanvasAgg):
            return
        ax = self.ax
        key = (tuple(ax.bbox.bounds), ax.get_xlim(), ax.get_ylim(), ax.figure.dpi)
        if key == self._ring_key:
            return
        self._ring_key = key
        if self._ring_cache[0] != key:
            self._ring_cache = (key, {})
        known = self._ring_cache[1]  # by label text and size: years repeat most of them
        renderer = canvas.get_renderer()
        to_data = ax.transData.inverted()
        geometry = self.shapes.frame.geometry
        self._ring_boxes = {}
        for i in self._on_map:
            label = self._labels[i]
            which = (i, label.get_text(), label.get_fontsize(), label.get_position())
            if which not in known:
                box = to_data.transform_bbox(label.get_window_extent(renderer))
                inside = geometry.iloc[i].contains(shapely.box(*box.extents))
                known[which] = None if inside else box
            out = known[which]
            if out is not None:
                self._ring_boxes[i] = out
        self._ringed = ringed = set(self._ring_boxes)
        face = self._faces()
        for i in self._on_map - self._haloed:  # hatched units' labels keep their wide ring
            self._labels[i].set_path_effects(halo(face[i]) if i in ringed else [])

    # -- live mode --------------------------------------------------------------------
    def set_live(self, live: bool) -> None:
        self._live = live
        for artist in (self.overlay, self.overlay_hatch, self.overlay_leaders,
                       self._highlight, self._hover,
                       self._selection, *self._hatches.values()):
            artist.set_animated(live)
        for quiver in self.arrows:
            quiver.set_animated(live)
        self._label_hatched()  # in the window, the labels are drawn again over the hatching

    def dynamic_artists(self) -> list[Artist]:
        return [*self.overlay_artists(), *self.outlines_drawn()]

    def overlay_artists(self) -> list[Artist]:
        """What ``dynamic_artists`` draws under the outlines."""
        # Hatching and arrows go over the redrawn units, so they are drawn on top each time.
        # Empty collections (no overlay, no hatching) draw nothing, at ≈ 0.3 ms of
        # matplotlib's preparation each: left out.
        labels = [self.label_batch] if self.overlay_texts else []
        drawn = [self.overlay, self.overlay_hatch, *self.overlay_marks, self.overlay_leaders,
                 *labels,
                 *self._hatches.values(), *self.hatch_texts, *self.arrows]
        return [a for a in drawn if not (isinstance(a, (PathCollection, LineCollection))
                                         and not a.get_paths())]

    def outlines(self) -> list[PathCollection]:
        """The outlines, in the order ``dynamic_artists`` draws them, after all else."""
        return [self._highlight, self._hover, self._selection]

    def outlines_drawn(self) -> list[Artist]:
        """The outlines that draw something (an empty one costs ≈ 0.3 ms for nothing)."""
        return [a for a in self.outlines() if a.get_paths()]

    def mark_clean(self) -> None:
        """The last full draw shows every current colour: nothing needs drawing on top."""
        self._full_redraw = False
        self._dirty.clear()
        self.overlay.set_rows([], [], [], [], [])
        self.overlay_leaders.set_segments([])
        self.overlay_hatch.set_paths([])
        for patch in self.overlay_marks:
            patch.set_visible(False)
        self.overlay_marks = []
        self._hide_overlay_texts()

    def _rebuild_overlay(self) -> None:
        rows = [i for u in self._dirty for i in self._rows.get(u, ())]
        face = self._faces()
        edge = np.asarray(self.collection.get_edgecolor())
        widths = np.asarray(self.collection.get_linewidth())
        self.overlay.set_rows(rows, [self._paths[i] for i in rows],  # the few recoloured
                              face[rows].tolist(), edge[rows].tolist(),
                              [float(widths[i % len(widths)]) for i in rows])
        self._overlay_stale = False
        hand, marked = set(self.by_hand), set(self.marked)
        self.overlay_hatch.set_paths(self._paths_of(u for u in self._dirty if u in hand))
        self._redraw_leaders(rows)
        for patch in self.overlay_marks:
            patch.set_visible(False)
        self.overlay_marks = [self._mark_patch(i, animated=True)
                              for u in self._dirty if u in marked for i in self._rows.get(u, ())]
        self._hide_overlay_texts()
        self.overlay_texts = [self._overlay_copy(i) for i in rows if i in self._labels]
        # Other units' labels that reach over the redrawn ones (the shift map's codes beside
        # their arrows, Hawaii's): drawn again on top, where a full draw has them.
        redrawn = [box for u in self._dirty for box in self._unit_bounds(u)]
        for i, box in self._ring_boxes.items():
            if i not in rows and any(box.overlaps(b) for b in redrawn):
                self.overlay_texts.append(self._overlay_copy(i))

    def _redraw_leaders(self, rows: Sequence[int]) -> None:
        """The parts of leader lines within these redrawn features, to be drawn again over
        their new fill (elsewhere the frame's lines are still there)."""
        lows, highs = self._leader_lows, self._leader_highs
        bounds = self._data_bounds[list(rows)].reshape(-1, 4)  # x0, y0, x1, y1 a row
        # which leader's box meets which feature's (rows by leaders)
        meets = ((lows[None, :, 0] <= bounds[:, None, 2])
                 & (bounds[:, None, 0] <= highs[None, :, 0])
                 & (lows[None, :, 1] <= bounds[:, None, 3])
                 & (bounds[:, None, 1] <= highs[None, :, 1]))
        colors = np.asarray(self.leaders.get_color())
        pieces, piece_colors = [], []
        for r, k in zip(*np.nonzero(meets), strict=True):
            for piece in self._leader_within(int(k), rows[r]):
                pieces.append(piece)
                piece_colors.append(colors[k % len(colors)])
        self.overlay_leaders.set_segments(pieces)
        if pieces:
            self.overlay_leaders.set_color(piece_colors)

    def _leader_within(self, k: int, row: int) -> list[np.ndarray]:
        """The pieces of leader ``k`` within feature ``row``'s shape (worked out once)."""
        found = self._leader_pieces.get((k, row))
        if found is None:
            cut = shapely.intersection(shapely.LineString(self._leader_segs[k]),
                                       self._geometries[row])
            found = [np.asarray(line.coords) for line in getattr(cut, "geoms", [cut])
                     if isinstance(line, shapely.LineString) and not line.is_empty]
            self._leader_pieces[(k, row)] = found
        return found

    # -- updates ----------------------------------------------------------------------
    def set_unit_colors(self, colors: Mapping[str, RGB]) -> None:
        was = np.array(self._faces())
        if len(was) != len(self._paths):
            was = np.tile(np.array([*self._no_data, 1.0]), (len(self._paths), 1))
        face = was.copy()
        rows_of = self._rows
        for unit, rgb in colors.items():
            for i in rows_of.get(unit, ()):
                face[i, :3] = rgb
                face[i, 3] = 1.0
                label = self._labels.get(i)
                if label is not None:
                    self._style_label(i, label, rgb)
        changed = False
        if self._live and not self._full_redraw:
            # the units whose colour moved (as np.allclose would find, row by row)
            moved = ~np.isclose(was[:, :3], face[:, :3]).all(axis=1)
            for unit in colors:
                if any(moved[i] for i in rows_of.get(unit, ())):
                    self._dirty[unit] = None
                    changed = True
        # an (N, 4) array is what it takes, and keeps; matplotlib's stubs name only sequences
        self.collection.set_facecolor(face)  # type: ignore[arg-type]
        if changed or self._overlay_stale:
            self._rebuild_overlay()

    def _style_label(self, i: int, label: Text, rgb: RGB) -> None:
        """A label's colour and ring for its unit's fill."""
        color = _text_on((rgb[0], rgb[1], rgb[2]))
        if label.get_color() != color:
            label.set_color(color)
        if i in self._haloed:
            pass  # ringed for the colour-blind hatching (see _label_hatched)
        elif i in self._hand_rows:  # dotted: the dots stop short of the letters
            label.set_path_effects(halo(rgb, HATCH_HALO))
        elif i in self._ringed:
            label.set_path_effects(halo(rgb))
        elif label.get_path_effects():
            label.set_path_effects([])

    def set_scenario_marks(self, marked: Iterable[str], by_hand: Iterable[str]) -> None:
        """Mark the units the scenario changed (a dashed line inside the border) and hatch
        the winners set by hand. On screen with the next ``set_unit_colors``."""
        marked, by_hand = tuple(marked), tuple(by_hand)
        if (marked, by_hand) == (self.marked, self.by_hand):
            return
        was_marked, was_hand = set(self.marked), set(self.by_hand)
        self.marked, self.by_hand = marked, by_hand
        now_marked = set(marked)
        for unit in was_marked - now_marked:
            for patch in self._mark_patches.pop(unit, []):
                patch.set_visible(False)
        for unit in marked:
            if unit not in was_marked:
                self._mark_patches[unit] = [self._mark_patch(i, animated=False)
                                            for i in self._rows.get(unit, ())]
        self._by_hand.set_paths(self._paths_of(by_hand))
        self._hand_rows = {i for u in by_hand for i in self._rows.get(u, ())}
        moved = (was_marked ^ now_marked) | (was_hand ^ set(by_hand))
        if self._live and moved:  # the cached frame shows them as they were
            for unit in moved:
                self._dirty[unit] = None
            self._overlay_stale = True

    def _mark_patch(self, row: int, *, animated: bool) -> PathPatch:
        patch = self._mark_pool.get((row, animated))
        if patch is not None:
            patch.set_visible(True)
            return patch
        path = self._paths[row]
        patch = PathPatch(path, facecolor="none", edgecolor=self.theme.text,
                          linewidth=MARK_WIDTH, linestyle=MARK_DASHES, zorder=2.2,
                          animated=animated)
        self.ax.add_artist(patch)
        patch.set_clip_box(self.ax.bbox)
        patch.set_clip_path(path, self.ax.transData)  # inside the unit only
        self._mark_pool[(row, animated)] = patch
        return patch

    # -- what the live window needs to repaint only what changed ------------------------
    def live_signature(self) -> tuple[object, ...]:
        face = self._faces()
        dirty = tuple((u, tuple(np.round(face[self._rows[u][0]], 4))) for u in self._dirty)
        return (dirty, self._hatch_key, self.marked, self.by_hand, len(self.shift_arrows))

    def live_extent(self) -> list[Box]:
        """Where the live layer draws under the outlines, in display pixels: a box per
        unit it draws."""
        if self.arrows:
            x0, y0, x1, y1 = self.ax.bbox.extents  # arrows reach across neighbours
            return [(x0, y0, x1, y1)]
        return self._units_extent([*self._dirty, *self._hatch_units]) \
            + self._overlay_text_boxes()

    # The outlines (hover, selection, highlight) are a part of their own: moving the
    # pointer to another unit repaints the two units' boxes, not every recoloured or
    # hatched unit as well (unless they overlap).
    def outline_signature(self) -> tuple[object, ...]:
        return (self.selected, self.hovered, self.highlighted)

    def outline_extent(self) -> list[Box]:
        units = [u for u in (self.selected, self.hovered) if u]
        for u in self.highlighted:
            units.extend([u, *districts_of(u)])
        return self._units_extent(units)

    def _units_extent(self, units: Iterable[str]) -> list[Box]:
        units = list(dict.fromkeys(units))
        shown = self._feature_boxes()
        return [*(shown[i] for u in units for i in self._rows.get(u, ())),
                *self._label_boxes(units)]

    def _sprite_view(self) -> tuple[object, ...]:
        """What the border pictures are made for: the view, on a figure of this size."""
        return (*self._display_key(), tuple(self.ax.figure.bbox.size))

    def borders_ahead(self) -> Iterator[None]:
        """Make the pictures of the features' borders for the view shown, one per step
        (the window works through them while it waits; see border_sprites.py)."""
        canvas = self.ax.figure.canvas
        if not isinstance(canvas, FigureCanvasAgg):
            return iter(())
        renderer = canvas.get_renderer()
        edges = np.asarray(self.collection.get_edgecolor())
        widths = np.asarray(self.collection.get_linewidth())
        return self.border_sprites.ahead(
            self._sprite_view, self.ax.transData,  # the view is checked at each step
            (int(renderer.width), int(renderer.height)), renderer.dpi,
            lambda row: edge_key(edges[row % len(edges)], widths[row % len(widths)]))

    def _display_key(self) -> tuple[object, ...]:
        """What places map units on the screen: the axes' box, its limits, the dpi."""
        ax = self.ax
        return (tuple(ax.bbox.bounds), tuple(ax.viewLim.bounds), ax.figure.dpi)

    def _feature_boxes(self) -> list[Box]:
        """Every feature's box in display pixels, worked out together once per view (a
        forecast step asks for two dozen; each through matplotlib's transforms cost
        ≈ 0.03 ms)."""
        key = self._display_key()
        if self._shown_boxes[0] != key:
            data = np.array([p.get_extents().extents for p in self._paths]).reshape(-1, 4)
            to_display = self.ax.transData.transform
            low, high = to_display(data[:, :2]), to_display(data[:, 2:])
            corners = np.hstack([np.minimum(low, high), np.maximum(low, high)])
            self._shown_boxes = (key, [(x0, y0, x1, y1) for x0, y0, x1, y1 in corners.tolist()])
        return self._shown_boxes[1]

    def _overlay_text_boxes(self) -> list[Box]:
        """The labels drawn again on top, other units' among them (Hawaii's reaches over
        Texas): each is restored whole before it is drawn, never drawn over itself."""
        return self._ring_extents(self.overlay_texts)

    def _label_boxes(self, units: Iterable[str]) -> list[Box]:
        """The ringed labels of these units, in display pixels: a label can reach past its
        unit's bounds (Hawaii's, past its islands), and its ring with it."""
        return self._ring_extents([
            self._labels[i] for u in units for i in self._rows.get(u, ())
            if i in self._labels
            and (i in self._ringed or i in self._haloed or i in self._hand_rows)])

    def _ring_extents(self, texts: Sequence[Text]) -> list[Box]:
        """Where these texts draw, in display pixels, with room for a ring around them;
        each remembered while its string, size, place and the view stay."""
        canvas = self.ax.figure.canvas
        if not isinstance(canvas, FigureCanvasAgg) or not texts:
            return []
        view = self._display_key()
        renderer = canvas.get_renderer()
        pad = HATCH_HALO / 2 * self.ax.figure.dpi / 72 + 1
        out = []
        for t in texts:
            key = (view, t.get_text(), t.get_fontsize(), t.get_position(),
                   t.get_horizontalalignment(), t.get_verticalalignment(), t.get_visible())
            known = self._text_boxes.get(id(t))
            if known is None or known[0] != key:
                if len(self._text_boxes) > 1024:  # hatching's label copies come and go
                    self._text_boxes.clear()
                x0, y0, x1, y1 = window_extent(t, renderer).padded(pad).extents
                known = (key, (x0, y0, x1, y1))
                self._text_boxes[id(t)] = known
            out.append(known[1])
        return out

    def _unit_bounds(self, unit: str) -> list[Bbox]:
        """A box per feature, in map units: a state and its side box are far apart."""
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

    def set_outlines(self, selected: str | None, highlighted: Iterable[str],
                     units: Container[str]) -> None:
        """The selected unit and an event's units outlined, those of ``units`` (the
        year's: a unit without electors that year has nothing to outline)."""
        self.set_selection(selected)
        self.set_highlight(u for u in highlighted if u in units)

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
        face = self._faces()
        for i in was_haloed:  # units no longer hatched lose their wide ring
            self._labels[i].set_path_effects(halo(face[i]) if i in self._ringed else [])
        self._haloed = set()
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
                label.set_path_effects(halo(face[i], HATCH_HALO))
                self._haloed.add(i)
                if self._live:
                    self.hatch_texts.append(self._copy_label(label))

    def _hide_overlay_texts(self) -> None:
        # The copies stay in the pool, hidden, until a label is drawn again on top.
        for copy in self.overlay_texts:
            copy.set_visible(False)
        self.overlay_texts = []

    def _overlay_copy(self, i: int) -> Text:
        """Label ``i`` again over the cached frame: one copy per label, kept and brought up
        to date (making a Text costs about as much as drawing it; a forecast step redraws
        a dozen labels)."""
        label = self._labels[i]
        copy = self._overlay_pool.get(i)
        if copy is None:
            copy = self._overlay_pool[i] = self._copy_label(label)
            return copy
        # Only what differs is set: each setter tells the figure it changed (a forecast
        # step brings a dozen copies up to date, most of them already are).
        for prop in ("text", "position", "horizontalalignment", "fontsize", "color",
                     "path_effects"):
            value = getattr(label, f"get_{prop}")()
            if getattr(copy, f"get_{prop}")() != value:
                getattr(copy, f"set_{prop}")(value)
        if copy.get_transform() is not label.get_transform():
            copy.set_transform(label.get_transform())
        copy.set_visible(True)
        return copy

    def _copy_label(self, label: Text) -> Text:
        """The label again, as an artist drawn over the cached frame."""
        x, y = label.get_position()
        return self.ax.text(x, y, label.get_text(), ha=label.get_horizontalalignment(),
                            va="center", transform=label.get_transform(),
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
        self._label_arrows(arrows)
        self._draw_key()
        self._ring_key = None  # the codes moved: which reach past their state is measured again

    def _label_arrows(self, arrows: Sequence[Arrow]) -> None:
        """Each state's code beside its arrow's tail, on the side away from the head."""
        fig = self.ax.figure
        for a in arrows:
            for i in self._rows.get(a.unit, ()):
                label = self._labels.get(i)
                if a.small or label is None or i not in self._on_map:
                    continue
                side = -1.0 if a.dx > 0 else 1.0
                offset = ScaledTranslation(side * SHIFT_LABEL_GAP / 72, 0,
                                           fig.dpi_scale_trans)
                label.set_position((a.x, a.y))
                label.set_horizontalalignment("right" if side < 0 else "left")
                label.set_transform(self.ax.transData + offset)

    def _draw_key(self) -> None:
        """What an arrow's length means: one of KEY_POINTS points, in a corner of the map."""
        for artist in (*self.key_arrows, *self.key_texts):
            artist.remove()
        self.key_arrows, self.key_texts = [], []
        key = key_arrow(self.shapes)
        if key is None:
            return
        theme = self.theme
        self.key_arrows.append(self.ax.quiver(
            [key.x], [key.y], [key.dx], [key.dy], color=theme.muted, angles="xy",
            scale_units="xy", scale=1, pivot="tail", width=0.0032, headwidth=3.4,
            headlength=3.6, headaxislength=3.2, zorder=4.5, linewidth=0))
        offset = ScaledTranslation(-SHIFT_LABEL_GAP * 2 / 72, 0, self.ax.figure.dpi_scale_trans)
        self.key_texts.append(self.ax.text(
            key.x, key.y, f"{KEY_POINTS:g} pts", ha="right", va="center", fontsize=7,
            color=theme.text, transform=self.ax.transData + offset, zorder=6))

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
        """The unit under a point; None over land that had no electors that year."""
        unit = self.shapes.unit_at(x, y)
        return unit if unit in self._present else None
