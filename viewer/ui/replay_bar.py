"""Replay the night: one time cursor drives the map (units appear as they were called),
the electoral-vote bar and the live-blog sidebar; a play button runs through the events."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QSlider, QToolBar, QWidget

from viewer.ui.document import ElectionDocument
from viewer.ui.widgets import bold_label

STEP_MS = 350  # one event per step while playing


def as_of_text(when: datetime | None) -> str:
    if when is None:
        return "Final results"
    return f"As of {when.astimezone(UTC):%d %b %H:%M} UTC"


class ReplayBar(QToolBar):
    def __init__(self, document: ElectionDocument, parent: QWidget | None = None) -> None:
        super().__init__("Replay", parent)
        self.setObjectName("ReplayBar")
        self.document = document
        self.times: list[datetime] = []
        self.replay_action = QAction("&Replay the night", self)
        self.replay_action.setCheckable(True)
        self.replay_action.setShortcut(QKeySequence("Ctrl+T"))
        self.replay_action.setStatusTip("Show the map as the live blog's calls came in")
        self.replay_action.toggled.connect(self.set_replaying)
        self.play_action = QAction("▶ Play", self)
        self.play_action.setCheckable(True)
        self.play_action.setShortcut(QKeySequence("Ctrl+Shift+P"))
        self.play_action.toggled.connect(self._on_play)
        self.addAction(self.replay_action)
        self.addAction(self.play_action)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setMinimumWidth(320)
        self.slider.setAccessibleName("Replay time")
        self.slider.valueChanged.connect(self._on_slider)
        self.addWidget(self.slider)
        self.label = bold_label(as_of_text(None), wrap=False)
        self.label.setMinimumWidth(190)
        self.addWidget(self.label)
        self._timer = QTimer(self)
        self._timer.setInterval(STEP_MS)
        self._timer.timeout.connect(self._step)
        document.events_changed.connect(self._reload_times)
        document.events_added.connect(self._reload_times)
        document.as_of_changed.connect(self._follow_document)
        self._reload_times()
        self._sync_enabled()

    def _reload_times(self, *_args: object) -> None:
        current = self.document.as_of
        at_live_edge = bool(self.times) and self.slider.value() >= self.slider.maximum()
        self.times = self.document.event_times()
        self.slider.blockSignals(True)
        self.slider.setRange(0, max(0, len(self.times) - 1))
        if current is not None and self.times:
            self.slider.setValue(self._index_of(current))
        self.slider.blockSignals(False)
        self.replay_action.setEnabled(bool(self.times))
        self._explain()
        if not self.times and self.replay_action.isChecked():
            self.replay_action.setChecked(False)  # no events left (set aside): no replay
        if at_live_edge and self.replay_action.isChecked() and self.times:
            # On the newest event while following: new calls show on the map as they come.
            self.slider.setValue(self.slider.maximum())
            self._on_slider(self.slider.maximum())

    def _explain(self) -> None:
        """Say why the replay is greyed out: no events of the shown election (the bundled
        live blog is 2024's)."""
        if self.times:
            tip = "Show the map as the live blog's calls came in (Ctrl+T)"
        else:
            year = self.document.results.year
            tip = (f"No live-blog events for {year or 'these results'}: the replay needs an "
                   "election night's events (the bundled ones are 2024's; open a live blog "
                   "for another year)")
        self.replay_action.setToolTip(tip)
        self.slider.setToolTip(tip)
        self.label.setToolTip(tip)

    def _index_of(self, when: datetime) -> int:
        index = 0
        for i, t in enumerate(self.times):
            if t <= when:
                index = i
        return index

    def set_replaying(self, on: bool) -> None:
        if not self.times:
            on = False
        if on:
            self.document.set_as_of(self.times[self.slider.value()])
        else:
            self.play_action.setChecked(False)
            self.document.set_as_of(None)
        self._sync_enabled()
        self.label.setText(as_of_text(self.document.as_of))

    def _follow_document(self, when: object) -> None:
        """The moment may be set elsewhere (an event, a loaded file): the bar shows it."""
        replaying = isinstance(when, datetime)
        if self.replay_action.isChecked() != replaying:
            self.replay_action.blockSignals(True)
            self.replay_action.setChecked(replaying)
            self.replay_action.blockSignals(False)
            if not replaying:
                self.play_action.setChecked(False)
        if isinstance(when, datetime) and self.times:
            self.slider.blockSignals(True)
            self.slider.setValue(self._index_of(when))
            self.slider.blockSignals(False)
        self._sync_enabled()
        self.label.setText(as_of_text(when if isinstance(when, datetime) else None))

    def _sync_enabled(self) -> None:
        on = self.replay_action.isChecked()
        self.slider.setEnabled(on)
        self.play_action.setEnabled(on)

    def _on_slider(self, value: int) -> None:
        if self.replay_action.isChecked() and self.times:
            self.document.set_as_of(self.times[value])  # the label follows (_follow_document)

    def _on_play(self, on: bool) -> None:
        self.play_action.setText("❚❚ Pause" if on else "▶ Play")
        if on:
            if self.slider.value() >= self.slider.maximum():
                self.slider.setValue(0)
            self._timer.start()
        else:
            self._timer.stop()

    def _step(self) -> None:
        if self.slider.value() >= self.slider.maximum():
            self.play_action.setChecked(False)
            return
        self.slider.setValue(self.slider.value() + 1)
