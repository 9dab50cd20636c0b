"""Live-blog events as a list model (newest first) and a proxy that filters by text and unit."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from viewer.core.events import LiveEvent, is_about, sort_newest_first
from viewer.core.units import UNITS
from viewer.ui.document import ElectionDocument

Index = QModelIndex | QPersistentModelIndex
EVENT_ROLE = Qt.ItemDataRole.UserRole + 1
UNITS_ROLE = Qt.ItemDataRole.UserRole + 2
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 3


def time_text(t: datetime, gmt: bool) -> str:
    """'06 Nov 18:05 UTC', or the same moment in the computer's own zone."""
    if gmt:
        return t.astimezone(UTC).strftime("%d %b %H:%M UTC")
    local = t.astimezone()
    return local.strftime("%d %b %H:%M ") + _zone_name(local)


def long_time_text(t: datetime, gmt: bool) -> str:
    """'Wednesday 6 November 2024, 19:45 UTC' (or in the computer's own zone): for reading."""
    shown = t.astimezone(UTC) if gmt else t.astimezone()
    zone = "UTC" if gmt else _zone_name(shown)
    return f"{shown:%A} {shown.day} {shown:%B %Y, %H:%M} {zone}"


def _zone_name(local: datetime) -> str:
    name = local.tzname() or "local time"
    return "UTC" if name in ("GMT", "UTC") and not local.utcoffset() else name


def search_text(ev: LiveEvent) -> str:
    """What the search box looks in: the title, the text and the units' names."""
    names = " ".join(UNITS[u].name for u in ev.units)
    return f"{ev.title}\n{ev.body}\n{names}".casefold()


class EventsModel(QAbstractListModel):
    def __init__(self, document: ElectionDocument) -> None:
        super().__init__(document)
        self.document = document
        self._events: list[LiveEvent] = sort_newest_first(document.events)
        # The unread marks the rows show: a new blog resets the list with none, and the
        # "unread changed" that follows then changes no row.
        self._unread_shown = frozenset(document.unread)
        document.events_changed.connect(self._on_events_changed)
        document.events_added.connect(self._on_events_added)
        document.events_updated.connect(self._on_events_updated)
        document.unread_changed.connect(self._on_unread)
        document.time_display_changed.connect(self._every_row_changed)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._events)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._events):
            return None
        ev = self._events[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            # Plain text only: the default delegate never interprets it as markup.
            flags = " · BREAKING" if ev.breaking else ""
            new = "● NEW · " if ev.id in self.document.unread else ""
            return f"{new}{time_text(ev.time, self.document.show_gmt)}{flags}\n{ev.title}"
        if role == Qt.ItemDataRole.FontRole and ev.id in self.document.unread:
            from PySide6.QtGui import QFont

            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            return None  # tooltips would treat text as rich text; the details show it
        if role == EVENT_ROLE:
            return ev
        if role == UNITS_ROLE:
            return ev.units
        if role == SEARCH_ROLE:
            return search_text(ev)
        return None

    def newest_first(self) -> list[LiveEvent]:
        """The events as the rows list them."""
        return self._events

    def _on_events_changed(self) -> None:
        self.beginResetModel()
        self._events = sort_newest_first(self.document.events)
        self._unread_shown = frozenset(self.document.unread)
        self.endResetModel()

    def _on_events_added(self, ids: list[str]) -> None:
        # Insert the new events at their sorted places, one block per run of adjacent new
        # rows (usually one run at the top): views keep selection and scroll, and 10,000
        # new events cost one insertion, not 10,000.
        wanted = set(ids) - {e.id for e in self._events}
        target = sort_newest_first(self.document.events)
        row = 0
        while row < len(target):
            if target[row].id not in wanted:
                row += 1
                continue
            end = row
            while end < len(target) and target[end].id in wanted:
                end += 1
            self.beginInsertRows(QModelIndex(), row, end - 1)
            self._events[row:row] = target[row:end]
            self.endInsertRows()
            row = end

    def _on_events_updated(self, ids: list[str]) -> None:
        wanted = set(ids)
        current = {e.id: e for e in self.document.events if e.id in wanted}
        for row, ev in enumerate(self._events):
            if ev.id in current:
                self._events[row] = current[ev.id]
                self.dataChanged.emit(self.index(row), self.index(row))

    def _on_unread(self) -> None:
        unread = frozenset(self.document.unread)
        if unread == self._unread_shown:
            return
        self._unread_shown = unread
        self._every_row_changed()

    def _every_row_changed(self) -> None:
        if self._events:
            self.dataChanged.emit(self.index(0), self.index(len(self._events) - 1),
                                  [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.FontRole])


class EventsFilterProxy(QSortFilterProxyModel):
    """Keeps events whose text contains every search word and that mention the unit filter."""

    def __init__(self, document: ElectionDocument) -> None:
        super().__init__(document)
        self.document = document
        self._words: list[str] = []
        self._unit: str | None = None
        self._until: datetime | None = None

    def set_search(self, text: str) -> None:
        self.beginFilterChange()
        self._words = text.casefold().split()
        self.endFilterChange()

    def set_until(self, when: datetime | None) -> None:
        """During a replay only the events published by then are listed."""
        self.beginFilterChange()
        self._until = when
        self.endFilterChange()

    def set_unit_filter(self, unit: str | None) -> None:
        if unit == self._unit:
            return  # the same unit again (a second click): the list is already filtered
        self.beginFilterChange()
        self._unit = unit
        self.endFilterChange()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if self._until is None and self._unit is None and not self._words:
            return True  # nothing to filter by: no need to look at the row
        model = self.sourceModel()
        return self.accepts(model.data(model.index(source_row, 0, source_parent), EVENT_ROLE),
                            self._until)

    def accepts(self, ev: LiveEvent, until: datetime | None) -> bool:
        """Whether the list shows ``ev`` with the replay at ``until`` (and this search and
        unit filter)."""
        if until is not None and ev.time > until:
            return False
        if self._unit is not None and not is_about(ev, self._unit):
            return False
        if self._words:
            haystack = search_text(ev)
            return all(w in haystack for w in self._words)
        return True

    def newest_by(self, when: datetime) -> LiveEvent | None:
        """The event the list will show first once filtered to ``when`` (newest first)."""
        model = self.sourceModel()
        assert isinstance(model, EventsModel)
        return next((ev for ev in model.newest_first() if self.accepts(ev, when)), None)
