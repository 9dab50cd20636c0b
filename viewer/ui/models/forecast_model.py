"""The Forecast tab's unit table: one row per unit (the 56 of today's map) with its input
margin, where it comes from (a rating painted on the map reads "rated Lean Harris"), each
candidate's chance, the chance it is the tipping point and the pick. The margin and the
first candidate's chance are edited in place.

An adapter over the ForecastController, as UnitsModel is over the document.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from viewer.core.errors import InputError
from viewer.core.forecast.inputs import SOURCE_RATING
from viewer.core.units import UNIT_CODES, UNITS
from viewer.render.probability import percent
from viewer.ui.forecast_controller import ForecastController
from viewer.ui.models.units_model import SORT_ROLE, UNIT_ROLE

Index = QModelIndex | QPersistentModelIndex


class ForecastModel(QAbstractTableModel):
    COLUMNS = ("Code", "State or district", "EV", "Margin", "Chance 1", "Chance 2",
               "Tipping point", "Pick", "Input")
    UNIT, NAME, EV, MARGIN, CHANCE_A, CHANCE_B, TIPPING, PICK, INPUT = range(9)
    NUMERIC = frozenset({EV, MARGIN, CHANCE_A, CHANCE_B, TIPPING})
    EDITABLE = frozenset({MARGIN, CHANCE_A})

    def __init__(self, controller: ForecastController) -> None:
        super().__init__(controller)
        self.controller = controller
        self.error = ""  # the last edit refused, and why
        # the Forecast tab calls ``refresh`` once the map has painted (not on every signal)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(UNIT_CODES)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def _surname(self, i: int) -> str:
        results = self.controller.document.results
        party = self.controller.parties[i]
        return results.candidate(party).surname if party in results.parties else party

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        a, b = self._surname(0), self._surname(1)
        if role == Qt.ItemDataRole.ToolTipRole:
            return {self.MARGIN: f"Expected margin in points, {a} minus {b} (edit it)",
                    self.CHANCE_A: f"{a}'s chance of winning the unit (type a percent to set "
                                   "the margin that gives it)",
                    self.TIPPING: "Chance the unit casts the deciding electoral vote",
                    self.PICK: "Click the unit on the probability map to pick it",
                    self.INPUT: "Where the margin comes from: polls, a shifted result, the "
                                "results, a rating (Rate units, or right-click a unit) or "
                                "an edit"}.get(section)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        names = {self.MARGIN: f"Margin ({a[:1]}−{b[:1]})", self.CHANCE_A: f"{a} %",
                 self.CHANCE_B: f"{b} %"}
        return names.get(section, self.COLUMNS[section])

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and index.column() in self.EDITABLE \
                and self.controller.inputs is not None:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        unit = UNIT_CODES[index.row()]
        col = index.column()
        if role == UNIT_ROLE:
            return unit
        if role == SORT_ROLE:
            return self._sort_value(unit, col)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(unit, col)
        if role == Qt.ItemDataRole.EditRole:
            return self._edit_value(unit, col)
        if role == Qt.ItemDataRole.TextAlignmentRole and col in self.NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and col == self.INPUT:
            inputs = self.controller.inputs
            return inputs.units[unit].note if inputs is not None else None
        return None

    def _text(self, unit: str, col: int) -> str:
        c = self.controller
        inputs = c.inputs
        f = c._shown()
        if col == self.UNIT:
            return unit
        if col == self.NAME:
            return UNITS[unit].name
        if col == self.EV:
            ev = c.document.results.electoral_votes.get(unit)
            return "" if ev is None else str(ev)
        if col == self.MARGIN:
            return "—" if inputs is None else f"{inputs.units[unit].margin:+.1f}"
        if col == self.INPUT:
            if inputs is None:
                return ""
            if unit in c.ratings:
                return f"rated {c.rating_name(c.ratings[unit])}"
            inp = inputs.units[unit]
            # the results' units without votes take a rating of their own (its note)
            return f"rated {inp.note}" if inp.source == SOURCE_RATING else inp.source
        if col == self.PICK:
            party = c.picks.get(unit)
            return "" if party is None else c._surname(party)
        if f is None:
            return "—"
        p = f.unit_probability[unit]
        if col == self.CHANCE_A:
            return percent(p)
        if col == self.CHANCE_B:
            return percent(1.0 - p)
        if col == self.TIPPING:
            t = f.tipping_point.get(unit, 0.0)
            return f"{100 * t:.1f}" if t >= 0.0005 else "—"
        return ""

    def _edit_value(self, unit: str, col: int) -> Any:
        c = self.controller
        if col == self.MARGIN and c.inputs is not None:
            return f"{c.inputs.units[unit].margin:.1f}"
        f = c._shown()
        if col == self.CHANCE_A and f is not None:
            return f"{100 * f.unit_probability[unit]:.0f}"
        return None

    def _sort_value(self, unit: str, col: int) -> Any:
        c = self.controller
        f = c._shown()
        if col == self.EV:
            return c.document.results.electoral_votes.get(unit, 0)
        if col == self.MARGIN:
            return c.inputs.units[unit].margin if c.inputs is not None else 0.0
        if col in (self.CHANCE_A, self.CHANCE_B):
            p = f.unit_probability[unit] if f is not None else 0.5
            return p if col == self.CHANCE_A else 1.0 - p
        if col == self.TIPPING:
            return f.tipping_point.get(unit, 0.0) if f is not None else 0.0
        return self._text(unit, col)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        unit = UNIT_CODES[index.row()]
        col = index.column()
        text = str(value).strip().rstrip("%").strip().replace("−", "-")
        try:
            number = float(text)
        except ValueError:
            self.error = f"{UNITS[unit].name}: expected a number, got {str(value)[:20]!r}"
            self.controller.message.emit(self.error, 6000)
            return False
        try:
            if col == self.MARGIN:
                self.controller.edit_margin(unit, number)
            elif col == self.CHANCE_A:
                self.controller.edit_probability(unit, number / 100.0)
            else:
                return False
        except InputError as exc:
            self.error = str(exc)
            self.controller.message.emit(self.error, 6000)
            return False
        self.error = ""
        return True

    def refresh(self) -> None:
        self.dataChanged.emit(self.index(0, 0),
                              self.index(self.rowCount() - 1, self.columnCount() - 1))
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)
