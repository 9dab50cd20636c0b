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

from viewer.core.electoral import format_margin
from viewer.core.units import UNITS
from viewer.ui.document import ElectionDocument

Index = QModelIndex | QPersistentModelIndex
UNIT_ROLE = Qt.ItemDataRole.UserRole + 1
CHANGED_ROLE = Qt.ItemDataRole.UserRole + 2
SORT_ROLE = Qt.ItemDataRole.UserRole + 3


class UnitsModel(QAbstractTableModel):
    COLUMNS = ("Unit", "Name", "EV", "Winner", "Official", "Margin")

    def __init__(self, document: ElectionDocument) -> None:
        super().__init__(document)
        self.document = document
        self._codes = list(document.results.units)
        document.scenario_changed.connect(self._on_changed)
        document.results_replaced.connect(self._on_replaced)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._codes)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        unit = self._codes[index.row()]
        doc = self.document
        results = doc.results
        col = index.column()
        if role == UNIT_ROLE:
            return unit
        if role == CHANGED_ROLE:
            return doc.scenario.is_changed(unit)
        if role in (Qt.ItemDataRole.DisplayRole, SORT_ROLE):
            if col == 0:
                return unit
            if col == 1:
                return UNITS[unit].name
            if col == 2:
                return results.electoral_votes[unit]
            if col == 3:
                w = doc.scenario.winner(unit)
                return (results.candidate(w).name if w else "Undecided")
            if col == 4:
                w = results.units[unit].winner
                return (results.candidate(w).name if w else "Undecided")
            if col == 5:
                m = results.margin(unit)
                if role == SORT_ROLE:
                    return m if m is not None else 0.0
                return format_margin(m, results)
        if role == Qt.ItemDataRole.TextAlignmentRole and col == 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def row_of(self, unit: str) -> int:
        return self._codes.index(unit)

    def _on_changed(self, units: list[str]) -> None:
        rows = [self._codes.index(u) for u in units if u in self._codes]
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
