"""Text drawn from caches: the same label is laid out and rasterised once, not per frame.

A map frame draws about 115 texts, and a year switch, a flip or a cursor step draws
them again with mostly the same strings ("PA\\n19", "Harris 226"). matplotlib lays out
each text (`Text._get_layout`) and asks FreeType for its glyph bitmap (`set_text`,
`draw_glyphs_to_bitmap`) on every draw; those two steps were about half of a year
switch. Both results depend only on the string and its font, size, alignment and the
output's resolution, never on where the text stands, so they are kept here.

A string that is new (a total after a flip, the title's count) was still laid out by
FreeType twice: once to measure it, once to draw it (`set_text` ≈ 0.5–1.5 ms each for a
total or the title on a slow machine). Measuring it now keeps the bitmap that the same
laid-out glyphs give, so the draw that follows finds it.

Labels with a halo (a path effect) are drawn as outlines: matplotlib turns the string
into a path from the font at every draw (≈ 1.4 ms a label); the path's points depend on
the string and the font only (never the size: it is scaled afterwards), so they are
kept as well.

The cached results are the very values matplotlib computes (the same layout tuple, the
same FreeType bitmap handed to the same Agg call), so a frame is pixel for pixel what it
was without the cache: `tests/render/test_text_cache.py` checks that. matplotlib is
pinned (requirements.lock); if its private methods change shape, `install` leaves them
alone and drawing is only slower.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from math import cos, isfinite, radians, sin
from typing import Any

import matplotlib as mpl
import numpy as np
from matplotlib import text as mtext
from matplotlib import textpath
from matplotlib.backends import backend_agg
from matplotlib.font_manager import FontProperties
from matplotlib.transforms import Bbox

log = logging.getLogger(__name__)

# Enough for every label, total and legend entry of several years at a few sizes; the
# cache is emptied when full rather than tracking use (a frame's texts fit many times).
LIMIT = 4096

_layouts: dict[tuple[object, ...], Any] = {}
_bitmaps: dict[tuple[object, ...], tuple[np.ndarray, float, float, float]] = {}
_extents: dict[tuple[object, ...], tuple[float, float, float]] = {}
_paths: dict[tuple[object, ...], tuple[np.ndarray, np.ndarray]] = {}
# Strings FreeType laid out because no cache had them (tests and the benchmark read it).
freetype_layouts = 0
# How many times the caches were emptied: what was laid out ahead before is gone.
generation = 0
_installed: dict[str, Callable[..., Any]] = {}
# The classes whose private methods are stood in for (typed loosely: not in the stubs).
_TEXT: Any = mtext.Text
_AGG: Any = backend_agg.RendererAgg
_TO_PATH: Any = textpath.TextToPath


def _store(cache: dict[Any, Any], key: tuple[object, ...], value: object) -> None:
    # Emptied when full rather than tracking use: a frame's texts fit many times over.
    if len(cache) >= LIMIT:
        cache.clear()
    cache[key] = value


def _font_key(prop: FontProperties) -> tuple[object, ...]:
    # FontProperties is mutable: key on its values, never on the object. Read straight
    # from its attributes (what its getters return): a frame asks this about 200 times.
    p: Any = prop
    return (tuple(p._family), p._slant, p._variant, p._weight, p._stretch, p._size,
            p._file, p._math_fontfamily)


def _layout_key(text: mtext.Text, renderer: object) -> tuple[object, ...]:
    figure = text.get_figure(root=True)
    t: Any = text  # private parts of matplotlib's Text (pinned), not in its type stubs
    return (type(renderer), getattr(figure, "dpi", None), t._get_wrapped_text(),
            _font_key(text.get_fontproperties()), text.get_rotation(),
            t._linespacing, t._get_multialignment(),
            text.get_horizontalalignment(), text.get_verticalalignment(),
            text.get_rotation_mode(), text.get_usetex(), text.get_parse_math())


def _cached_layout(original: Callable[..., Any]) -> Callable[..., Any]:
    def _get_layout(self: mtext.Text, renderer: object) -> Any:
        key = _layout_key(self, renderer)
        found = _layouts.get(key)
        if found is None:
            found = original(self, renderer)
            _store(_layouts, key, found)
        bbox, info, descent = found
        # Callers only read the box (they translate copies of it); hand out a copy
        # anyway, so that no caller can change what the next frame gets.
        return bbox.frozen(), list(info), descent

    return _get_layout


def window_extent(text: mtext.Text, renderer: Any) -> Bbox:
    """What ``text.get_window_extent(renderer)`` gives, the same way (its laid-out box
    moved to where it stands) without its detour: it sets the figure's dpi to itself and
    back, and each set invalidates every transform of the figure (≈ 0.05 ms a text; a
    forecast pick measures two dozen labels)."""
    if renderer is None or not text.get_visible() or text.get_text() == "":
        return text.get_window_extent(renderer)
    t: Any = text  # private parts of matplotlib's Text (pinned), not in its type stubs
    bbox: Bbox = t._get_layout(renderer)[0]
    x, y = text.get_transform().transform(text.get_unitless_position())
    return bbox.translated(x, y)


def _keep_bitmap(key: tuple[object, ...], font: Any, antialiased: bool) -> None:
    """Rasterise the string ``font`` has laid out, as RendererAgg.draw_text does, and
    keep the bitmap with its offsets."""
    font.draw_glyphs_to_bitmap(antialiased=antialiased)
    xo, yo = font.get_bitmap_offset()
    _store(_bitmaps, key, (np.array(font.get_image(), copy=True), xo / 64.0, yo / 64.0,
                           font.get_descent() / 64.0))


def _laid_out(renderer: Any, s: str, prop: FontProperties) -> Any:
    """The renderer's font for ``prop`` with ``s`` laid out by FreeType (counted)."""
    global freetype_layouts
    freetype_layouts += 1
    font = renderer._prepare_font(prop)
    font.set_text(s, 0.0, flags=backend_agg.get_hinting_flag())
    return font


def _cached_extent(original: Callable[..., Any]) -> Callable[..., Any]:
    def get_text_width_height_descent(self: Any, s: str, prop: FontProperties,
                                      ismath: Any) -> tuple[float, float, float]:
        if ismath:
            measured: tuple[float, float, float] = original(self, s, prop, ismath)
            return measured
        font_key = _font_key(prop)
        key = (s, font_key, self.dpi)
        found = _extents.get(key)
        if found is None:
            # What RendererAgg.get_text_width_height_descent does ...
            font = _laid_out(self, s, prop)
            w, h = font.get_width_height()
            found = (w / 64.0, h / 64.0, font.get_descent() / 64.0)
            _store(_extents, key, found)
            # ... and, with the glyphs laid out, the bitmap a draw of the string needs
            # (texts are antialiased as rcParams say unless set otherwise).
            antialiased = bool(mpl.rcParams["text.antialiased"])
            bitmap_key = (s, font_key, self.dpi, antialiased)
            if bitmap_key not in _bitmaps:
                _keep_bitmap(bitmap_key, font, antialiased)
        return found

    return get_text_width_height_descent


def _cached_draw_text(original: Callable[..., Any]) -> Callable[..., Any]:
    def draw_text(self: Any, gc: Any, x: float, y: float, s: str, prop: FontProperties,
                  angle: float, ismath: Any = False, mtext: Any = None) -> None:
        if ismath:
            original(self, gc, x, y, s, prop, angle, ismath, mtext)
            return
        image, ix, iy = _placed_bitmap(self, s, prop, bool(gc.get_antialiased()), x, y,
                                       angle)
        self._renderer.draw_text_image(image, ix, iy, angle, gc)
        return None

    return draw_text


def _placed_bitmap(renderer: Any, s: str, prop: FontProperties, antialiased: bool,
                   x: float, y: float, angle: float) -> tuple[np.ndarray, int, int]:
    """The bitmap of ``s`` (kept, or rasterised now) and the pixel where Agg's
    ``draw_text_image`` puts it for a text at ``x``, ``y``, as RendererAgg.draw_text
    works them out."""
    key = (s, _font_key(prop), renderer.dpi, antialiased)
    found = _bitmaps.get(key)
    if found is None:
        _keep_bitmap(key, _laid_out(renderer, s, prop), antialiased)
        found = _bitmaps[key]
    image, xo, yo, d = found
    xd = d * sin(radians(angle))
    yd = d * cos(radians(angle))
    return image, round(x + xo + xd), round(y + yo + yd) + 1


def _cached_text_path(original: Callable[..., Any]) -> Callable[..., Any]:
    def get_text_path(self: Any, prop: FontProperties, s: str,
                      ismath: Any = False) -> tuple[Any, Any]:
        if ismath:
            made: tuple[Any, Any] = original(self, prop, s, ismath)
            return made
        key = (s, _font_key(prop), self.FONT_SCALE, self.DPI)
        found = _paths.get(key)
        if found is None:
            verts, codes = original(self, prop, s, ismath)
            points = np.array(verts, dtype=float).reshape(-1, 2)
            kinds = np.array(codes, dtype=np.uint8)
            points.flags.writeable = kinds.flags.writeable = False  # shared: never changed
            found = (points, kinds)
            _store(_paths, key, found)
        return found

    return get_text_path


def _plain_draw(original: Callable[..., Any]) -> Callable[..., Any]:
    """``Text.draw`` for the texts a map frame draws (no ring, box, wrap or TeX, on Agg):
    the same drawing calls, without the steps that change nothing for them. matplotlib's
    own sets the text to itself and back around the draw (two full property updates,
    each marking the figure stale), checks for masked and non-finite positions and opens
    a group the Agg renderer ignores: about half of a label's draw. Every other text is
    drawn by matplotlib's own."""

    def draw(self: Any, renderer: Any) -> None:
        x, y = self._x, self._y
        if not _drawn_plainly(self, renderer):
            original(self, renderer)
            return
        self._renderer = renderer
        if not self._visible or self._text == "":
            return
        _, info, _ = self._get_layout(renderer)
        posx, posy = self.get_transform().transform_point((x, y))
        if not (isfinite(posx) and isfinite(posy)):
            original(self, renderer)  # matplotlib's own says why it draws nothing
            return
        height = renderer.height
        gc = renderer.new_gc()
        gc.set_foreground(self._color)
        gc.set_alpha(self._alpha)
        gc.set_url(self._url)
        gc.set_antialiased(self._antialiased)
        self._set_gc_clip(gc)
        angle = self.get_rotation()
        one = len(info) == 1
        for line, _, lx, ly in info:
            shown, ismath = self._preprocess_math(line)
            renderer.draw_text(gc, lx + posx, height - (ly + posy), shown,
                               self._fontproperties, angle, ismath=ismath,
                               mtext=self if one else None)
        gc.restore()
        self.stale = False

    # as matplotlib marks its own draw (set_rasterized checks it); functions have no such
    # attribute in the stubs
    draw._supports_rasterization = True  # type: ignore[attr-defined]
    return draw


_PLAIN = (float, int, np.float64)


def _drawn_plainly(text: mtext.Text, renderer: Any) -> bool:
    """Whether the plain draw stands in for matplotlib's (no ring, box, wrap or TeX, on
    Agg, at a plain position)."""
    t: Any = text  # private parts of matplotlib's Text (pinned), not in its type stubs
    return not (type(renderer) is not _AGG or t._path_effects or t._bbox_patch
                or t._wrap or t._usetex or t._rasterized or t._agg_filter is not None
                or getattr(renderer, "_rasterizing", True)
                or type(t._x) not in _PLAIN or type(t._y) not in _PLAIN)

# A text's drawing calls worked out once (see ``plan``): its colour, alpha, url and
# antialiasing, and each line's bitmap with where Agg puts it.
Plan = tuple[Any, Any, Any, bool, list[tuple[np.ndarray, int, int, float]]]


def plan(text: mtext.Text, renderer: Any) -> Plan | None:
    """The calls the plain draw makes for ``text`` on ``renderer``, worked out without
    drawing (layout, position, each line's bitmap and its place): ``draw_planned`` then
    makes exactly those calls. None for a text the plain draw leaves to matplotlib (a
    ring, a box, maths), or one that draws nothing."""
    t: Any = text  # private parts of matplotlib's Text (pinned), not in its type stubs
    x, y = t._x, t._y
    if (not _installed or not _drawn_plainly(text, renderer) or not t._visible
            or t._text == ""):
        return None
    _, info, _ = t._get_layout(renderer)
    posx, posy = text.get_transform().transform_point((x, y))
    if not (isfinite(posx) and isfinite(posy)):
        return None
    height = renderer.height
    angle = text.get_rotation()
    antialiased = bool(t._antialiased)  # as the plain draw's gc takes it
    lines = []
    for line, _, lx, ly in info:
        shown, ismath = t._preprocess_math(line)
        if ismath:
            return None
        # what the cached draw_text does with the plain draw's arguments
        image, ix, iy = _placed_bitmap(renderer, shown, t._fontproperties, antialiased,
                                       lx + posx, height - (ly + posy), angle)
        lines.append((image, ix, iy, angle))
    return (t._color, t._alpha, t._url, antialiased, lines)


def draw_planned(text: mtext.Text, renderer: Any, planned: Plan) -> None:
    """Draw ``text`` as ``planned`` (the plain draw's calls, with its clip now)."""
    color, alpha, url, antialiased, lines = planned
    gc = renderer.new_gc()
    gc.set_foreground(color)
    gc.set_alpha(alpha)
    gc.set_url(url)
    gc.set_antialiased(antialiased)
    t: Any = text  # Artist's clip setting, not in matplotlib's stubs
    t._set_gc_clip(gc)
    agg = renderer._renderer
    for image, x, y, angle in lines:
        agg.draw_text_image(image, x, y, angle, gc)
    gc.restore()
    text.stale = False


def warm(renderer: object, text: mtext.Text, string: str) -> bool:
    """Lay ``string`` out (and rasterise it) as ``text`` would show it, ahead of time, so
    that showing it later costs no FreeType work; False when it was laid out already or
    cannot be laid out ahead (math, or another renderer than Agg's)."""
    if not _installed or not isinstance(renderer, backend_agg.RendererAgg):
        return False
    t: Any = text  # private parts of matplotlib's Text (pinned), not in its type stubs
    shown, ismath = t._preprocess_math(string)
    if ismath:
        return False
    prop = text.get_fontproperties()
    font_key = _font_key(prop)
    dpi = renderer.dpi
    new = False
    for line in [*shown.split("\n"), "lp"]:  # "lp": the descent every layout measures
        if (line, font_key, dpi) not in _extents:
            renderer.get_text_width_height_descent(line, prop, False)
            new = True
    return new


def install() -> bool:
    """Draw texts from the caches from now on (once per process); False when this
    matplotlib lacks the methods the caches stand in for."""
    if _installed:
        return True
    layout = getattr(_TEXT, "_get_layout", None)
    draw = getattr(_AGG, "draw_text", None)
    extent = getattr(_AGG, "get_text_width_height_descent", None)
    to_path = getattr(_TO_PATH, "get_text_path", None)
    text_draw = _TEXT.__dict__.get("draw")
    if (layout is None or draw is None or extent is None or to_path is None
            or text_draw is None or not _has_attributes()
            or not hasattr(backend_agg, "get_hinting_flag")):
        log.info("text caches not installed: matplotlib's text methods differ")
        return False
    _installed["layout"], _installed["draw_text"] = layout, draw
    _installed["extent"], _installed["to_path"] = extent, to_path
    _installed["text_draw"] = text_draw
    _TEXT._get_layout = _cached_layout(layout)
    _TEXT.draw = _plain_draw(text_draw)
    _AGG.draw_text = _cached_draw_text(draw)
    _AGG.get_text_width_height_descent = _cached_extent(extent)
    _TO_PATH.get_text_path = _cached_text_path(to_path)
    return True


def uninstall() -> None:
    """matplotlib's own text drawing again (tests compare the two)."""
    if not _installed:
        return
    _TEXT._get_layout = _installed.pop("layout")
    _AGG.draw_text = _installed.pop("draw_text")
    _AGG.get_text_width_height_descent = _installed.pop("extent")
    _TO_PATH.get_text_path = _installed.pop("to_path")
    _TEXT.draw = _installed.pop("text_draw")
    clear()


# What _font_key and the plain draw read of matplotlib's objects (pinned; checked so that
# another version leaves drawing to matplotlib rather than failing).
_FONT_ATTRS = ("_family", "_slant", "_variant", "_weight", "_stretch", "_size", "_file",
               "_math_fontfamily")
_TEXT_ATTRS = ("_x", "_y", "_path_effects", "_bbox_patch", "_wrap", "_usetex", "_rasterized",
               "_agg_filter", "_visible", "_text", "_color", "_alpha", "_url", "_antialiased",
               "_fontproperties")


def _has_attributes() -> bool:
    probe = mtext.Text(0.0, 0.0, "x")
    return (all(hasattr(probe.get_fontproperties(), a) for a in _FONT_ATTRS)
            and all(hasattr(probe, a) for a in _TEXT_ATTRS))


def clear() -> None:
    """Forget every string laid out, matplotlib's own measurements too: after this, a
    string shown is laid out by FreeType again (and counted). matplotlib's cache keys on
    the renderer by weak reference, and a later renderer can find an earlier one's."""
    global generation
    generation += 1
    _layouts.clear()
    metrics: Any = getattr(mtext, "_get_text_metrics_with_cache_impl", None)
    if metrics is not None:
        metrics.cache_clear()
    _bitmaps.clear()
    _extents.clear()
    _paths.clear()
