"""Text drawn from caches: the same label is laid out and rasterised once, not per frame.

A map frame draws about 115 texts, and a year switch, a flip or a cursor step draws
them again with mostly the same strings ("PA\\n19", "Harris 226"). matplotlib lays out
each text (`Text._get_layout`) and asks FreeType for its glyph bitmap (`set_text`,
`draw_glyphs_to_bitmap`) on every draw; those two steps were about half of a year
switch. Both results depend only on the string and its font, size, alignment and the
output's resolution, never on where the text stands, so they are kept here.

The cached results are the very values matplotlib computes (the same layout tuple, the
same FreeType bitmap handed to the same Agg call), so a frame is pixel for pixel what it
was without the cache: `tests/render/test_text_cache.py` checks that. matplotlib is
pinned (requirements.lock); if its private methods change shape, `install` leaves them
alone and drawing is only slower.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from math import cos, radians, sin
from typing import Any

import numpy as np
from matplotlib import text as mtext
from matplotlib.backends import backend_agg
from matplotlib.font_manager import FontProperties

log = logging.getLogger(__name__)

# Enough for every label, total and legend entry of several years at a few sizes; the
# cache is emptied when full rather than tracking use (a frame's texts fit many times).
LIMIT = 4096

_layouts: dict[tuple[object, ...], Any] = {}
_bitmaps: dict[tuple[object, ...], tuple[np.ndarray, float, float, float]] = {}
_installed: dict[str, Callable[..., Any]] = {}
# The classes whose private methods are stood in for (typed loosely: not in the stubs).
_TEXT: Any = mtext.Text
_AGG: Any = backend_agg.RendererAgg


def _font_key(prop: FontProperties) -> tuple[object, ...]:
    # FontProperties is mutable: key on its values, never on the object.
    return (tuple(prop.get_family()), prop.get_style(), prop.get_variant(),
            prop.get_weight(), prop.get_stretch(), prop.get_size_in_points(),
            prop.get_file(), prop.get_math_fontfamily())


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
            if len(_layouts) >= LIMIT:
                _layouts.clear()
            _layouts[key] = found
        bbox, info, descent = found
        # Callers only read the box (they translate copies of it); hand out a copy
        # anyway, so that no caller can change what the next frame gets.
        return bbox.frozen(), list(info), descent

    return _get_layout


def _cached_draw_text(original: Callable[..., Any]) -> Callable[..., Any]:
    def draw_text(self: Any, gc: Any, x: float, y: float, s: str, prop: FontProperties,
                  angle: float, ismath: Any = False, mtext: Any = None) -> None:
        if ismath:
            original(self, gc, x, y, s, prop, angle, ismath, mtext)
            return
        key = (s, _font_key(prop), self.dpi, bool(gc.get_antialiased()))
        found = _bitmaps.get(key)
        if found is None:
            # What RendererAgg.draw_text does, keeping the bitmap and its offsets.
            font = self._prepare_font(prop)
            font.set_text(s, 0, flags=backend_agg.get_hinting_flag())
            font.draw_glyphs_to_bitmap(antialiased=gc.get_antialiased())
            xo, yo = font.get_bitmap_offset()
            found = (np.array(font.get_image(), copy=True), xo / 64.0, yo / 64.0,
                     font.get_descent() / 64.0)
            if len(_bitmaps) >= LIMIT:
                _bitmaps.clear()
            _bitmaps[key] = found
        image, xo, yo, d = found
        xd = d * sin(radians(angle))
        yd = d * cos(radians(angle))
        self._renderer.draw_text_image(image, round(x + xo + xd), round(y + yo + yd) + 1,
                                       angle, gc)
        return None

    return draw_text


def install() -> bool:
    """Draw texts from the caches from now on (once per process); False when this
    matplotlib lacks the methods the caches stand in for."""
    if _installed:
        return True
    layout = getattr(_TEXT, "_get_layout", None)
    draw = getattr(_AGG, "draw_text", None)
    if layout is None or draw is None or not hasattr(backend_agg, "get_hinting_flag"):
        log.info("text caches not installed: matplotlib's text methods differ")
        return False
    _installed["layout"], _installed["draw_text"] = layout, draw
    _TEXT._get_layout = _cached_layout(layout)
    _AGG.draw_text = _cached_draw_text(draw)
    return True


def uninstall() -> None:
    """matplotlib's own text drawing again (tests compare the two)."""
    if not _installed:
        return
    _TEXT._get_layout = _installed.pop("layout")
    _AGG.draw_text = _installed.pop("draw_text")
    clear()


def clear() -> None:
    _layouts.clear()
    _bitmaps.clear()
