"""The open election: results, the what-if scenario and its undo stack, the events,
and what is selected. Widgets read from here and listen to its signals."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from viewer.core.events import LiveEvent, calls_as_of, mentions
from viewer.core.results import ElectionResults
from viewer.core.scenario import OFFICIAL, Scenario, SetLocks, SetUnits
from viewer.core.swing import swung_winners
from viewer.core.units import UNITS
from viewer.render.style import MapStyle
from viewer.ui.commands import ScenarioEditCommand, SwingCommand

BATTLEGROUNDS = ("AZ", "GA", "MI", "NV", "NC", "PA", "WI")


class ElectionDocument(QObject):
    scenario_changed = Signal(list)  # the units whose outcome may have changed
    results_replaced = Signal()
    selection_changed = Signal(object)  # unit code or None
    highlight_changed = Signal(tuple)  # units to outline (from a selected event)
    whatif_changed = Signal(bool)
    events_changed = Signal()  # the whole list was replaced
    events_added = Signal(list)  # ids of events new since the last poll
    events_updated = Signal(list)  # ids of events edited in place
    unread_changed = Signal()
    swing_changed = Signal(float)
    as_of_changed = Signal(object)  # datetime, or None for the final map
    time_display_changed = Signal(bool)  # True: times in GMT, False: local time
    scenario_info_changed = Signal()  # title, note or file name
    style_changed = Signal(object)  # MapStyle: how every map view draws

    def __init__(self, results: ElectionResults, events: Sequence[LiveEvent] = (),
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.results = results
        self.scenario = Scenario(results)
        self.undo_stack = QUndoStack(self)
        self.events: list[LiveEvent] = list(events)
        self.unread: set[str] = set()
        self.selected: str | None = None
        self.highlighted: tuple[str, ...] = ()
        self.whatif = False
        self.swing_points = 0.0
        self.scenario_path: str | None = None
        self.as_of: datetime | None = None
        self.show_gmt = False
        self.style = MapStyle()

    # -- results and events ---------------------------------------------------------
    def replace_results(self, results: ElectionResults) -> None:
        """Show another election; the scenario and its history start afresh."""
        self.results = results
        self.scenario = Scenario(results)
        self.undo_stack.clear()
        self.swing_points = 0.0
        self.scenario_path = None
        self.results_replaced.emit()
        self.scenario_info_changed.emit()
        self.scenario_changed.emit(list(results.units))

    def set_events(self, events: Iterable[LiveEvent]) -> None:
        self.events = list(events)
        self.unread.clear()
        self.events_changed.emit()
        self.unread_changed.emit()

    def merge_events(self, incoming: Iterable[LiveEvent]) -> list[LiveEvent]:
        """Fold a poll in: new events are added (unread), edited ones replaced in place,
        and events that dropped out of the source stay. Returns the new events."""
        from viewer.core.importers.detect import merge

        before = {e.id: e for e in self.events}
        merged, new = merge(self.events, incoming)
        updated = [e.id for e in merged if e.id in before and before[e.id] != e]
        self.events = merged
        if new:
            self.unread |= {e.id for e in new}
            self.events_added.emit([e.id for e in new])
            self.unread_changed.emit()
        if updated:
            self.events_updated.emit(updated)
        return new

    def mark_read(self, event_id: str) -> None:
        if event_id in self.unread:
            self.unread.discard(event_id)
            self.unread_changed.emit()

    def events_for(self, unit: str) -> list[LiveEvent]:
        return mentions(self.events, unit)

    # -- replay ("as of") -------------------------------------------------------------
    def set_as_of(self, when: datetime | None) -> None:
        """Show the night as it stood at ``when`` (None: the final map)."""
        if when != self.as_of:
            self.as_of = when
            self.as_of_changed.emit(when)

    def set_show_gmt(self, gmt: bool) -> None:
        if gmt != self.show_gmt:
            self.show_gmt = gmt
            self.time_display_changed.emit(gmt)

    def set_style(self, style: MapStyle) -> None:
        if style != self.style:
            self.style = style
            self.style_changed.emit(style)

    def event_times(self) -> list[datetime]:
        return sorted({e.time for e in self.events})

    def display_winners(self) -> dict[str, str | None]:
        """Winners as shown: the scenario's, or during a replay only the units called by then
        (see ``calls_as_of``)."""
        if self.as_of is None:
            return self.scenario.winners()
        return calls_as_of(self.events, self.as_of, self.results)

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
            self.set_swing_points(0.0)

    def set_undecided(self, units: Sequence[str], label: str) -> None:
        """Mark units undecided (locked ones stay as they are)."""
        self.edit(SetUnits(tuple((u, None) for u in units), label))

    def battlegrounds(self) -> None:
        self.set_undecided(BATTLEGROUNDS, "Mark the battlegrounds undecided")

    def set_locked(self, unit: str, on: bool) -> None:
        if self.scenario.is_locked(unit) != on:
            verb = "Lock" if on else "Unlock"
            self.edit(SetLocks(((unit, on),), f"{verb} {UNITS[unit].name}"))

    def swing(self, points: float) -> None:
        """Uniform swing from the official margins; one drag merges into one undo step."""
        swung = swung_winners(self.results, points, self.scenario.locked)
        changes = tuple((u, swung[u] if u not in self.scenario.locked else OFFICIAL)
                        for u in self.results.units
                        if u not in self.scenario.locked and self.results.margin(u) is not None)
        a, b = self.results.axis
        who = self.results.candidate(a if points >= 0 else b).surname
        label = f"Uniform swing {abs(points):.1f} points toward {who}"
        self.undo_stack.push(SwingCommand(self, SetUnits(changes, label), points,
                                          self.swing_points))

    def set_swing_points(self, points: float) -> None:
        if points != self.swing_points:
            self.swing_points = points
            self.swing_changed.emit(points)

    def load_scenario(self, scenario: Scenario, label: str, path: str | None = None) -> None:
        """Replace the what-if state (one undo step); the official results stay."""
        self.undo_stack.beginMacro(label)
        units = set(self.scenario.overrides) | set(scenario.overrides)
        changes = tuple((u, scenario.overrides.get(u, OFFICIAL))
                        for u in self.results.units if u in units)
        locks = tuple((u, u in scenario.locked) for u in self.results.units
                      if (u in scenario.locked) != (u in self.scenario.locked))
        if changes:
            self.undo_stack.push(ScenarioEditCommand(self, SetUnits(changes, label,
                                                                    force=True)))
        if locks:
            self.undo_stack.push(ScenarioEditCommand(self, SetLocks(locks, label)))
        self.undo_stack.endMacro()
        self.scenario.title = scenario.title
        self.scenario.note = scenario.note
        self.scenario_path = path
        self.set_swing_points(0.0)
        self.scenario_info_changed.emit()
        self.scenario_changed.emit(sorted(units))

    def set_scenario_info(self, *, title: str | None = None, path: str | None = None) -> None:
        if title is not None:
            self.scenario.title = title
        if path is not None:
            self.scenario_path = path
        self.scenario_info_changed.emit()

    def _value_name(self, value: object) -> str:
        if value is None:
            return "undecided"
        if isinstance(value, str):
            return self.results.candidate(value).name
        return "official result"

    def apply_op(self, op: SetUnits | SetLocks) -> SetUnits | SetLocks:
        """Used by the undo commands only: apply and announce an edit."""
        inverse = self.scenario.apply(op)
        self.scenario_changed.emit(sorted(op.units))
        return inverse
