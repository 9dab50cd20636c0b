"""The open election: results, the what-if scenario and its undo stack, the events,
and what is selected. Widgets read from here and listen to its signals."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from viewer.core.events import LiveEvent, mentions
from viewer.core.results import ElectionResults
from viewer.core.scenario import Scenario, SetUnits
from viewer.core.units import UNITS
from viewer.ui.commands import ScenarioEditCommand


class ElectionDocument(QObject):
    scenario_changed = Signal(list)  # the units whose outcome may have changed
    results_replaced = Signal()
    selection_changed = Signal(object)  # unit code or None
    highlight_changed = Signal(tuple)  # units to outline (from a selected event)
    whatif_changed = Signal(bool)
    events_changed = Signal()

    def __init__(self, results: ElectionResults, events: Sequence[LiveEvent] = (),
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.results = results
        self.scenario = Scenario(results)
        self.undo_stack = QUndoStack(self)
        self.events: list[LiveEvent] = list(events)
        self.selected: str | None = None
        self.highlighted: tuple[str, ...] = ()
        self.whatif = False

    # -- results and events ---------------------------------------------------------
    def replace_results(self, results: ElectionResults) -> None:
        """Show another election; the scenario and its history start afresh."""
        self.results = results
        self.scenario = Scenario(results)
        self.undo_stack.clear()
        self.results_replaced.emit()
        self.scenario_changed.emit(list(results.units))

    def set_events(self, events: Iterable[LiveEvent]) -> None:
        self.events = list(events)
        self.events_changed.emit()

    def events_for(self, unit: str) -> list[LiveEvent]:
        return mentions(self.events, unit)

    # -- selection ------------------------------------------------------------------
    def select(self, unit: str | None) -> None:
        if unit is not None and unit not in UNITS:
            raise ValueError(f"unknown unit {unit!r}")
        if unit != self.selected:
            self.selected = unit
            self.selection_changed.emit(unit)

    def set_highlight(self, units: Iterable[str]) -> None:
        units = tuple(u for u in units if u in UNITS)
        if units != self.highlighted:
            self.highlighted = units
            self.highlight_changed.emit(units)

    # -- what-if --------------------------------------------------------------------
    def set_whatif(self, on: bool) -> None:
        if on != self.whatif:
            self.whatif = on
            self.whatif_changed.emit(on)

    def edit(self, op: SetUnits) -> None:
        """Apply an edit through the undo stack."""
        if op.changes:
            self.undo_stack.push(ScenarioEditCommand(self, op))

    def cycle(self, unit: str) -> None:
        """What-if click: the unit moves to the next candidate, then undecided."""
        value = self.scenario.cycle_value(unit)
        label = f"Set {UNITS[unit].name} to {self._value_name(value)}"
        self.edit(SetUnits(((unit, value),), label))

    def reset_scenario(self) -> None:
        if self.scenario.overrides:
            self.edit(self.scenario.reset_op("Reset what-if changes"))

    def _value_name(self, value: object) -> str:
        if value is None:
            return "undecided"
        if isinstance(value, str):
            return self.results.candidate(value).name
        return "official result"

    def apply_op(self, op: SetUnits) -> SetUnits:
        """Used by the undo commands only: apply and announce an edit."""
        inverse = self.scenario.apply(op)
        self.scenario_changed.emit(sorted(op.units))
        return inverse
