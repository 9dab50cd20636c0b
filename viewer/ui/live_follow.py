"""File ▸ Follow live results…: one followed results feed at a time (a snapshot file or
an http(s) address, ``results_feed.ResultsFeedSource``).

The first read starts the night shown (as File ▸ Open live results does); every later
read is merged into it in time order by the core (``Night.merge``): an older snapshot
never replaces a newer one. A read that cannot be parsed is refused with the file, line
and field named, and the night so far is kept. The live-results controller repaints the
map and the panel, and keeps the time cursor on the newest update when it was there."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QInputDialog, QWidget

from viewer.core.errors import InputError
from viewer.core.importers.fetch import is_address
from viewer.core.live_count import LiveRead, MergeReport
from viewer.core.live_count.summary import short_time
from viewer.ui.details_text import count_text
from viewer.ui.liveblog_controller import polling_interval_s
from viewer.ui.widgets import show_warning

if TYPE_CHECKING:  # QtNetwork is imported once a feed is followed
    from viewer.ui.live_results import LiveResultsController
    from viewer.ui.results_feed import ResultsFeedSource


class FeedFollower(QObject):
    message = Signal(str, int)  # for the status bar: text, timeout in ms (0: until replaced)

    def __init__(self, controller: LiveResultsController, parent: QWidget) -> None:
        super().__init__(parent)
        self.controller = controller
        self._dialog_parent = parent
        self.source: ResultsFeedSource | None = None
        self._first_read = False
        self.follow_action = QAction("Follo&w live results…", self)
        self.follow_action.setStatusTip("Follow a live results file or http(s) address: "
                                        "each new snapshot is merged into the night shown")
        self.follow_action.triggered.connect(self.ask)
        self.stop_action = QAction("Stop followin&g live results", self)
        self.stop_action.setEnabled(False)
        self.stop_action.triggered.connect(self.stop)

    @property
    def following(self) -> bool:
        return self.source is not None

    def name(self) -> str:
        loc = self.source.location if self.source is not None else ""
        return loc if is_address(loc) else Path(loc).name

    # -- starting and stopping ------------------------------------------------------------
    def ask(self) -> None:
        text, ok = QInputDialog.getText(
            self._dialog_parent, "Follow live results",
            "A live results file (its path) or an http(s) address:")
        if ok and text.strip():
            self.follow(text.strip())

    def follow(self, location: str) -> bool:
        """Read ``location`` now and follow it; its first read replaces the night shown."""
        from viewer.ui.results_feed import ResultsFeedSource

        try:
            source = ResultsFeedSource(location, self, interval_s=polling_interval_s())
        except InputError as exc:
            show_warning(self._dialog_parent, "Could not follow live results", str(exc))
            return False
        self.stop(quiet=True)
        self.source = source
        self._first_read = True
        source.imported.connect(self._on_imported)
        source.failed.connect(self._on_failed)
        source.unchanged.connect(lambda: self.message.emit(f"{self.name()}: no new updates",
                                                           4000))
        source.follow(True)
        source.refresh()  # parsed off the GUI thread
        self.stop_action.setEnabled(True)
        how = (f"polling every {source.interval_s:.0f} s" if source.is_url
               else "watching the file")
        self.message.emit(f"Following {self.name()} ({how})…", 0)
        return True

    def stop(self, quiet: bool = False) -> None:
        source, self.source = self.source, None
        self._first_read = False
        self.stop_action.setEnabled(False)
        if source is None:
            return
        source.stop()  # nothing it still reads is delivered
        source.deleteLater()
        if not quiet:
            self.message.emit("Stopped following live results; the night shown is kept.", 5000)

    # -- what the source reports -----------------------------------------------------------
    def _on_imported(self, got: object) -> None:
        assert isinstance(got, LiveRead)
        if self._first_read:
            self._first_read = False
            if not self.controller.show_night(got.night, self.name(), [got.format],
                                              newest=True):
                self.stop(quiet=True)
                return
            how = "polling" if self.source is not None and self.source.is_url else "watching"
            last = got.night.last_time
            self.message.emit(f"Following {self.name()} ({how}, {got.format}): the night as "
                              f"of {short_time(last) if last else 'no update yet'}", 8000)
            return
        try:
            report = self.controller.merge_night(got.night)
        except ValueError as exc:  # another election's snapshot
            self.message.emit(f"{self.name()}: refused, {exc}; the night so far is kept.", 0)
            return
        self.message.emit(f"{self.name()}: {merge_text(report)}", 8000)

    def _on_failed(self, text: str) -> None:
        if self._first_read:
            self.stop(quiet=True)
            show_warning(self._dialog_parent, "Could not follow live results",
                         f"{text}\n\nThe live results shown before are kept.")
            self.message.emit("Not following live results.", 5000)
            return
        self.message.emit(f"Live results refused: {text}. The night so far is kept.", 0)


def merge_text(report: MergeReport) -> str:
    """What a merged snapshot changed, in words."""
    parts = [count_text(report.applied, "new update")]
    if report.stale:
        parts.append(f"{count_text(report.stale, 'older update')} ignored (the night has "
                     "newer figures for those units)")
    if report.conflicts:
        parts.append(f"{count_text(len(report.conflicts), 'conflicting update')} ignored "
                     f"(the first kept): {report.conflicts[0]}")
    return "; ".join(parts)
