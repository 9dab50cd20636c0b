"""Lay out, while the window waits for the user, the strings the next what-if click, swing
step, live time step or forecast pick can show.

A click that changes the totals draws strings never drawn before ("Kamala Harris  232",
"What-if: 2024 results with 3 changed"); FreeType lays each out in 0.5–1.5 ms on a slow
machine, a third of a click's time. The outcomes of clicking each unit are known
(``after_each_click``): their strings are laid out in the pause after an action, a few
milliseconds at a time, so the event loop stays free for the user. The next click then
finds them in the text caches. What is drawn is the same either way. Strings that cost
work to find (a forecast pick's odds need the conditioned forecast) come from ``more``, a
generator worked through a slice at a time like the rest.

Before the strings, once per view, the map's border pictures (render/border_sprites.py):
units recoloured over the cached frame take their borders from them instead of stroking.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from itertools import chain
from time import perf_counter

from matplotlib.backend_bases import RendererBase
from matplotlib.text import Text
from PySide6.QtCore import QObject, QTimer

from viewer.render import text_cache
from viewer.render.map_figure import MapFigure
from viewer.render.text_cache import warm

START_MS = 80  # after the action's own work (panels, the state's chart) has had its turn
SLICE_S = 0.004  # the longest the event loop waits on this at a time
DONE = object()


class TextWarmer(QObject):
    def __init__(self, figure: Callable[[], MapFigure | None],
                 renderer: Callable[[], RendererBase],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._figure = figure
        self._renderer = renderer
        # More strings for the figure, worked out as they are asked for (None: none)
        self.more: Callable[[MapFigure], Iterable[tuple[Text, str]]] | None = None
        self._pending: Iterator[tuple[Text, str] | None] | None = None
        # What the strings laid out so far were worked out for, once all were laid out;
        # work cut short (the pointer moved on) is worked out again.
        self._done_for: object = None
        self._working_for: object = None
        self.laid_out = 0  # strings laid out ahead (tests and the benchmark read it)
        self._start = QTimer(self)
        self._start.setSingleShot(True)
        self._start.setInterval(START_MS)
        self._start.timeout.connect(self._begin)
        self._step = QTimer(self)
        self._step.setSingleShot(True)
        self._step.setInterval(0)
        self._step.timeout.connect(self._work)

    def schedule(self) -> None:
        """The picture changed: work out the next click's strings once the user pauses."""
        self._step.stop()
        self._pending = None
        self._start.start()

    @property
    def busy(self) -> bool:
        return self._start.isActive() or self._pending is not None

    def _begin(self) -> None:
        figure = self._figure()
        if figure is None:  # the figure is not the one shown (a year drawn ahead)
            return
        s = figure.scenario
        # What the outcomes depend on: nothing to do again after a hover or a selection.
        key = (id(figure), id(s), tuple(s.overrides.items()), frozenset(s.locked),
               figure.swing_points, figure.subtitle, figure.style.mode,
               figure.shown_winners is None, id(figure.live_night), figure.live_time,
               figure.live_ahead, id(figure.forecast), text_cache.generation)
        # The map's border pictures first (made once per view; the next recoloured units
        # take their borders from them), then the strings if the outcomes are new.
        borders = figure.map.borders_ahead()
        if key == self._done_for:
            self._pending = borders
        else:
            self._working_for = key
            more = self.more(figure) if self.more is not None else ()
            self._pending = chain(borders, figure.texts_ahead(), more)
        self._work()

    def _work(self) -> None:
        if self._figure() is None:  # no longer shown (a closed window): not worked out
            self._pending = None
            return
        renderer = self._renderer()
        end = perf_counter() + SLICE_S
        while self._pending is not None and perf_counter() < end:
            found = next(self._pending, DONE)
            if found is DONE:
                self._pending = None
            elif found is not None and warm(renderer, *found):  # None: a border made
                self.laid_out += 1
        if self._pending is not None:
            self._step.start()
        else:
            self._done_for = self._working_for
