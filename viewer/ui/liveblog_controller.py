"""The window's live blog: opening a file or an address, following and polling it, merging
what it brings into the document, and going back to the blog shown before when a newly
opened one cannot be read. The window wires its actions to it and shows what it reports."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QInputDialog, QWidget

from viewer.core.errors import InputError
from viewer.core.importers.fetch import is_address
from viewer.ui.details_text import count_text
from viewer.ui.document import ElectionDocument
from viewer.ui.settings import app_settings
from viewer.ui.widgets import show_warning

if TYPE_CHECKING:  # imported when a live blog is opened: QtNetwork is not needed before
    from viewer.ui.liveblog_source import LiveBlogSource

FILE_FILTER = "Live blogs (*.txt *.md *.xml *.rss *.atom *.json *.html *.htm);;All files (*)"
INTERVAL_KEY = "liveblog/interval_s"
MIN_INTERVAL_S, MAX_INTERVAL_S, DEFAULT_INTERVAL_S = 5, 3600, 30


def polling_interval_s() -> float:
    """Seconds between polls of an address, as set by the user (live blogs and results)."""
    value = app_settings().value(INTERVAL_KEY, DEFAULT_INTERVAL_S)
    try:
        return min(float(MAX_INTERVAL_S), max(float(MIN_INTERVAL_S), float(value)))
    except (TypeError, ValueError):
        return float(DEFAULT_INTERVAL_S)


class LiveBlogController(QObject):
    message = Signal(str, int)  # for the status bar: text, timeout in ms (0: until replaced)
    source_named = Signal(str)  # the location whose events are shown now
    snapshot = Signal(str, list)  # heading, the lines comparing quoted results with ours
    source_changed = Signal(bool)  # a blog is current now; whether it is followed
    source_gone = Signal()  # no blog is current (set aside with another election's events)

    def __init__(self, document: ElectionDocument, parent: QWidget) -> None:
        super().__init__(parent)
        self.document = document
        self._dialog_parent = parent
        self.source: LiveBlogSource | None = None
        # While a newly opened blog has not been read yet: the source whose events are
        # shown, and whether it was followed, to go back to if the new one cannot be read.
        self._previous: tuple[LiveBlogSource, bool] | None = None
        self._first_read = False
        self._aside: dict[int | None, LiveBlogSource] = {}  # by the year of its events

    # -- opening ------------------------------------------------------------------------
    def open_file_dialog(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self._dialog_parent, "Open live blog", "",
                                              FILE_FILTER)
        if name:
            self.open(name)

    def open_address_dialog(self) -> None:
        url, ok = QInputDialog.getText(self._dialog_parent, "Open live blog address",
                                       "Feed or page address (http or https):")
        if ok and url.strip():
            self.open(url.strip())

    def open(self, location: str) -> bool:
        """Read a live blog and show its events instead of the current ones."""
        from viewer.ui.liveblog_source import LiveBlogSource

        try:
            source = LiveBlogSource(location, lambda: self.document.results, self,
                                    interval_s=self.interval_s())
        except InputError as exc:
            show_warning(self._dialog_parent, "Could not open the live blog", str(exc))
            return False
        old = self.source
        if old is not None:
            following = old.following
            old.stop()  # its late results must not land while the new blog is read
            if self._first_read:  # never read: nothing shown came from it
                old.deleteLater()
            else:
                self._previous = (old, following)
        self.source = source
        self._first_read = True
        source.imported.connect(self._on_imported)
        source.failed.connect(self._on_failed)
        source.unchanged.connect(lambda: self.message.emit(
            f"{self.source_name()}: no new updates", 4000))
        self.source_changed.emit(False)
        source.refresh()  # parsed off the GUI thread; the sidebar is renamed once it is read
        return True

    def source_name(self) -> str:
        """The address, or the file's name, of the current blog ("" when there is none)."""
        loc = self.source.location if self.source else ""
        return loc if is_address(loc) else Path(loc).name

    # -- another election ---------------------------------------------------------------
    def set_aside(self, year: int | None) -> None:
        """The blog goes with its events when another year's results are opened: nothing
        it reads (a refresh, a poll) may land among the new election's events."""
        current = self.source
        if current is None:
            return
        current.stop()
        shown = current
        if self._first_read:  # opened but not read yet: the events shown are the previous
            current.deleteLater()  # blog's (if any), and this one never delivers now
            shown = self._previous[0] if self._previous is not None else None
        if shown is not None:
            shown.stop()
            self._aside[year] = shown
        self.source, self._previous, self._first_read = None, None, False
        self.source_gone.emit()

    def bring_back(self, year: int | None) -> None:
        """The events of ``year`` are shown again: so is the blog they came from (not
        followed: the user chooses to follow it again)."""
        source = self._aside.pop(year, None)
        if source is None or self.source is not None:
            return
        self.source = source
        self.source_changed.emit(False)
        self.source_named.emit(source.location)

    # -- following ----------------------------------------------------------------------
    def follow(self, on: bool) -> None:
        if self.source is None:
            return
        self.source.follow(on)
        how = (f"polling every {self.source.interval_s:.0f} s"
               if self.source.is_url else "watching the file")
        self.message.emit(f"Following {self.source_name()} ({how})" if on else
                          "Stopped following the live blog", 5000)

    def refresh(self) -> None:
        if self.source is not None:
            self.source.refresh()

    def interval_s(self) -> float:
        return polling_interval_s()

    def ask_interval(self) -> None:
        value, ok = QInputDialog.getInt(self._dialog_parent, "Polling interval",
                                        "Seconds between polls:", int(self.interval_s()),
                                        MIN_INTERVAL_S, MAX_INTERVAL_S)
        if ok:
            app_settings().setValue(INTERVAL_KEY, value)
            if self.source is not None:
                self.source.interval_s = float(value)

    # -- what the source reports ----------------------------------------------------------
    def _on_imported(self, imported: object) -> None:
        from viewer.core.importers.common import Imported

        assert isinstance(imported, Imported)
        if self._first_read:
            self._first_read = False
            if self._previous is not None:
                self._previous[0].deleteLater()
                self._previous = None
            if self.source is not None:
                self.source_named.emit(self.source.location)
            self.document.set_events(imported.events)
            new = imported.events
        else:
            new = self.document.merge_events(imported.events)
        snap = imported.snapshot
        self.snapshot.emit(f"Results quoted by {self.source_name()}:",
                           snap.compare(self.document.results) if snap else [])
        note = f"{self.source_name()}: {count_text(len(new), 'new event')}, {imported.format}"
        if imported.warnings:
            count = len(imported.warnings)
            note += f"; {count} warning{'s' if count > 1 else ''}: {imported.warnings[0]}"
        self.message.emit(note, 8000)

    def _on_failed(self, message: str) -> None:
        if self._first_read and not (self.source and self.source.following):
            self._restore_previous()
            show_warning(self._dialog_parent, "Could not read the live blog",
                                f"{message}\n\nThe events shown before are kept.")
        self.message.emit(f"Live blog: {message}", 0)

    def _restore_previous(self) -> None:
        """A newly opened blog could not be read: the one whose events are shown is back."""
        if self._previous is None:
            return
        failed = self.source
        self.source, following = self._previous
        self._previous = None
        self._first_read = False
        if failed is not None:
            failed.stop()
            failed.deleteLater()
        self.source_changed.emit(following)
        self.source.follow(following)
