"""Play on the live-results bar: the time cursor runs through the night at a chosen speed,
from one minute of the night per second to one day per second, and stops at the end.

The cursor moves by the real time elapsed between ticks times the speed, so a slow
repaint makes fewer, longer steps rather than a slower night. ``clock`` is replaceable
(tests drive the play with a fake clock)."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime, timedelta

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QComboBox

# Seconds of the night per second of play, and how the choice reads.
SPEEDS = ((60, "1 min/s"), (600, "10 min/s"), (3600, "1 h/s"), (6 * 3600, "6 h/s"),
          (86400, "1 day/s"))
DEFAULT_SPEED = 3600
TICK_MS = 50  # up to 20 steps a second; each repaints only when a count or call changed


class LivePlay(QObject):
    """``current()`` is the cursor's time, ``span()`` the night's first and last times (None:
    nothing loaded), ``go(when)`` moves the cursor."""

    def __init__(self, current: Callable[[], datetime | None],
                 span: Callable[[], tuple[datetime, datetime] | None],
                 go: Callable[[datetime], None], parent: QObject | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(parent)
        self._current, self._span, self._go = current, span, go
        self.clock = clock
        self._last_tick = 0.0
        self.action = QAction("▶ Play", self)
        self.action.setCheckable(True)
        self.action.setToolTip("Play the count at the chosen speed (stops at the end)")
        self.action.toggled.connect(self._on_toggled)
        self.speed = QComboBox()
        for seconds, label in SPEEDS:
            self.speed.addItem(label, seconds)
        self.speed.setCurrentIndex([s for s, _ in SPEEDS].index(DEFAULT_SPEED))
        self.speed.setToolTip("Time of the night per second of play")
        self.speed.setAccessibleName("Play speed")
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self.tick)

    @property
    def seconds_per_second(self) -> int:
        return int(self.speed.currentData() or DEFAULT_SPEED)

    def set_speed(self, seconds_per_second: int) -> None:
        self.speed.setCurrentIndex([s for s, _ in SPEEDS].index(seconds_per_second))

    def stop(self) -> None:
        self.action.setChecked(False)

    def _on_toggled(self, on: bool) -> None:
        self.action.setText("❚❚ Pause" if on else "▶ Play")
        if not on:
            self._timer.stop()
            return
        span, now = self._span(), self._current()
        if span is None:
            self.action.setChecked(False)
            return
        if now is None or now >= span[1]:
            self._go(span[0])  # from the start again
        self._last_tick = self.clock()
        self._timer.start()

    def tick(self) -> None:
        """One step: the cursor moves by the time elapsed since the last step × the speed."""
        now = self.clock()
        elapsed, self._last_tick = max(0.0, now - self._last_tick), now
        span, when = self._span(), self._current()
        if span is None or when is None:
            self.stop()
            return
        target = when + timedelta(seconds=elapsed * self.seconds_per_second)
        if target >= span[1]:
            self._go(span[1])
            self.stop()  # the end of the night
            return
        self._go(target)
