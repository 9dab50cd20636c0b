"""Python's garbage collection while the user pauses, not in the middle of a click.

Python collects its youngest objects every 700 new ones: a third of the forecast picks
(about 230 new objects each, up to 1,700) paid 0.1-0.8 ms for it, and a full collection
(about 60 ms with the forecast loaded) could fall into any click. Here the young
generations are collected once the map has been still for a moment, with the automatic
threshold raised well above what one action makes, and a full collection, when Python's
counts say one is due, after a longer pause. Objects freed by reference counting (most
of them) go at once as before; only cycles wait for the pause.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

YOUNG_THRESHOLD = 20_000  # new objects before Python collects by itself (its default: 700)
YOUNG_MS = 250  # the map still this long: the young generations are collected
FULL_MS = 3000  # and this long: a full collection, if one is due


class IdleCollector(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        _, middle, old = gc.get_threshold()
        gc.set_threshold(YOUNG_THRESHOLD, middle, old)
        self.collected: list[int] = []  # the generations collected here (tests read it)
        self._young = QTimer(self)
        self._young.setSingleShot(True)
        self._young.setInterval(YOUNG_MS)
        self._young.timeout.connect(self._collect_young)
        self._full = QTimer(self)
        self._full.setSingleShot(True)
        self._full.setInterval(FULL_MS)
        self._full.timeout.connect(self._collect_full)

    def activity(self) -> None:
        """Something was shown: the pause starts again."""
        self._young.start()
        self._full.start()

    def _collect_young(self) -> None:
        if not gc.isenabled():
            return
        count, threshold = gc.get_count(), gc.get_threshold()
        # As Python would choose: the middle generation too once its count is due.
        generation = 1 if count[1] >= threshold[1] else 0
        gc.collect(generation)
        self.collected.append(generation)

    def _collect_full(self) -> None:
        if gc.isenabled() and gc.get_count()[2] >= gc.get_threshold()[2]:
            gc.collect()
            self.collected.append(2)
