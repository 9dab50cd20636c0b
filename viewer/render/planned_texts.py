"""Labels drawn again over the cached frame, each from a plan of its drawing calls.

A forecast pick draws a dozen or two unit labels again over their new fills; drawing a
text works out its layout, its place on the screen and each line's bitmap every time
(≈ 0.05 ms a label here), while the labels drawn again are mostly the ones drawn the
pick before, with the same string, colour and place. Each one's calls are worked out
once (``text_cache.plan``) and kept by all it depends on (the label's string, colour,
font and place, the view, the renderer); drawing is then those calls alone, pixel for
pixel the same.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from matplotlib.artist import Artist
from matplotlib.backend_bases import RendererBase
from matplotlib.text import Text

from viewer.render import text_cache

LIMIT = 512  # plans kept; emptied when full (a view's labels fit many times)


class PlannedTexts(Artist):
    """Draws ``texts()`` in order; ``view()``: what places them on the screen."""

    def __init__(self, texts: Callable[[], Sequence[Text]],
                 view: Callable[[], object]) -> None:
        super().__init__()
        self._texts = texts
        self._view = view
        self._plans: dict[tuple[object, ...], text_cache.Plan | None] = {}
        self.planned = 0  # plans worked out (tests read it)

    def draw(self, renderer: RendererBase) -> None:
        r: Any = renderer  # Agg's size and resolution (not in every renderer's stubs)
        view = (self._view(), text_cache.generation, id(renderer),
                getattr(r, "width", None), getattr(r, "height", None), r.dpi)
        for text in self._texts():
            if not text.get_visible():
                continue
            t: Any = text  # private parts of matplotlib's Text (pinned), as text_cache
            color = t._color if isinstance(t._color, str) else tuple(t._color)
            key = (id(text), view, t._text, color, t._alpha,
                   text_cache._font_key(t._fontproperties), t._x, t._y,
                   t._horizontalalignment, t._verticalalignment, t._rotation,
                   t._linespacing, id(text.get_transform()), bool(t._path_effects))
            # kept by all they depend on: a label comes back in the colours it had before
            # (a unit's bin moves to and fro as picks come and go)
            if key in self._plans:
                planned = self._plans[key]
            else:
                if len(self._plans) >= LIMIT:
                    self._plans.clear()
                planned = self._plans[key] = text_cache.plan(text, renderer)
                self.planned += 1
            if planned is None:
                text.draw(renderer)  # a ringed label, or another renderer: drawn as ever
            else:
                text_cache.draw_planned(text, renderer, planned)
        self.stale = False
