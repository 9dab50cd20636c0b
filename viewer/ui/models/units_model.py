"""One row per unit over the document: name, electoral votes, winner, margin, change.

An adapter: it keeps no data of its own and turns document signals into dataChanged.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from viewer.core.units import UNITS
from viewer.ui.details_text import unit_margin_text
from viewer.ui.document import Change, ElectionDocument

Index = QModelIndex | QPersistentModelIndex
UNIT_ROLE = Qt.ItemDataRole.UserRole + 1
CHANGED_ROLE = Qt.ItemDataRole.UserRole + 2
SORT_ROLE = Qt.ItemDataRole.UserRole + 3


class UnitsModel(QAbstractTableModel):
    COLUMNS = ("Code", "State or district", "EV", "Winner", "Official", "Margin", "Votes 1",
               "Votes 2", "Share 1", "Share 2", "Swing", "2020 winner", "Scenario")
    UNIT, NAME, EV, WINNER, OFFICIAL, MARGIN, VOTES_A, VOTES_B, SHARE_A, SHARE_B, SWING, \
        PREVIOUS, STATE = range(13)
    NUMERIC = frozenset({EV, MARGIN, VOTES_A, VOTES_B, SHARE_A, SHARE_B, SWING})

    def __init__(self, document: ElectionDocument) -> None:
        super().__init__(document)
        self.document = document
        self._codes = list(document.results.units)
        document.changed.connect(self._on_changed)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._codes)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        results = self.document.results
        a, b = results.axis
        names = {self.VOTES_A: f"{results.candidate(a).surname} votes",
                 self.VOTES_B: f"{results.candidate(b).surname} votes",
                 self.SHARE_A: f"{results.candidate(a).surname} %",
                 self.SHARE_B: f"{results.candidate(b).surname} %",
                 self.PREVIOUS: f"{results.previous.year} winner"
                 if results.previous and results.previous.year else "Previous winner"}
        return names.get(section, self.COLUMNS[section])

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        unit = self._codes[index.row()]
        if role == UNIT_ROLE:
            return unit
        if role == CHANGED_ROLE:
            return self.document.scenario.is_changed(unit)
        col = index.column()
        if role == SORT_ROLE:
            return self._sort_value(unit, col)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(unit, col)
        if role == Qt.ItemDataRole.TextAlignmentRole and col in self.NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _name(self, party: str | None) -> str:
        return self.document.results.candidate(party).surname if party else "Undecided"

    def _text(self, unit: str, col: int) -> str:
        doc = self.document
        results = doc.results
        r = results.units[unit]
        a, b = results.axis
        if col == self.UNIT:
            return unit
        if col == self.NAME:
            return UNITS[unit].name
        if col == self.EV:
            return str(r.electoral_votes)
        if col == self.WINNER:
            if doc.as_of is not None:  # as the map shows it: the calls by the replay's time
                called = doc.display_winners()[unit]
                return self._name(called) if called else "Not called yet"
            return self._name(doc.scenario.winner(unit))
        if col == self.OFFICIAL:
            return self._name(r.winner)
        if col == self.MARGIN:
            return unit_margin_text(results, unit)
        if col in (self.VOTES_A, self.VOTES_B):
            votes = r.votes.get(a if col == self.VOTES_A else b) if r.votes else None
            return "—" if votes is None else f"{votes:,}"
        if col in (self.SHARE_A, self.SHARE_B):
            share = r.share(a if col == self.SHARE_A else b)
            return "—" if share is None else f"{share:.2f}"
        if col == self.SWING:
            s = results.swing(unit)
            return "—" if s is None else f"{s:+.2f}"
        if col == self.PREVIOUS:
            prev = results.previous_winner(unit)
            flip = " (flip)" if prev and r.winner and prev != r.winner else ""
            return (results.previous.candidate(prev).surname if prev and results.previous
                    else "—") + flip
        if col == self.STATE:
            parts = []
            if doc.scenario.is_changed(unit):
                parts.append("changed")
            if doc.scenario.is_locked(unit):
                parts.append("locked")
            return ", ".join(parts)
        return ""

    def _sort_value(self, unit: str, col: int) -> Any:
        results = self.document.results
        r = results.units[unit]
        a, b = results.axis
        if col == self.EV:
            return r.electoral_votes
        if col == self.MARGIN:
            m = results.margin(unit)
            return -1e9 if m is None else m
        if col in (self.VOTES_A, self.VOTES_B):
            return (r.votes or {}).get(a if col == self.VOTES_A else b, -1)
        if col in (self.SHARE_A, self.SHARE_B):
            s = r.share(a if col == self.SHARE_A else b)
            return -1.0 if s is None else s
        if col == self.SWING:
            s = results.swing(unit)
            return -1e9 if s is None else s
        return self._text(unit, col)

    def _on_changed(self, change: Change) -> None:
        if change.results:  # every row is new: no need to say which cells changed too
            self._on_replaced()
            return
        if change.as_of or (change.events and self.document.as_of is not None):
            # The replay moved: the winners shown are the calls by then.
            self.dataChanged.emit(self.index(0, self.WINNER),
                                  self.index(self.rowCount() - 1, self.WINNER))
        rows = [self._codes.index(u) for u in change.units if u in self._codes]
        if rows:
            self.dataChanged.emit(self.index(min(rows), 0),
                                  self.index(max(rows), self.columnCount() - 1))

    def _on_replaced(self) -> None:
        self.beginResetModel()
        self._codes = list(self.document.results.units)
        self.endResetModel()


class ChangedUnitsProxy(QSortFilterProxyModel):
    """Only the units a scenario changes."""

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        return bool(model.data(model.index(source_row, 0, source_parent), CHANGED_ROLE))
