"""The open election: results, the what-if scenario and its undo stack, the events,
and what is selected. Widgets read from here and listen to its signals."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from viewer.core.electoral import Tally
from viewer.core.events import LiveEvent, calls_as_of, mentions
from viewer.core.results import ElectionResults
from viewer.core.scenario import OFFICIAL, Edit, Scenario, SetLocks, SetUnits
from viewer.core.swing import swing_changes
from viewer.core.units import UNITS
from viewer.render.style import MapStyle
from viewer.ui.commands import ScenarioEditCommand, SwingCommand

if TYPE_CHECKING:
    from viewer.core.forecast.state import ForecastState

BATTLEGROUNDS = ("AZ", "GA", "MI", "NV", "NC", "PA", "WI")
INFO_FIELDS = ("title", "note", "path")  # what ``scenario_info_changed`` is about


@dataclass(frozen=True)
class Change:
    """What one action changed. ``ElectionDocument.changed`` sends it once the action is
    over, after the specific signals, so a view that shows several of these refreshes once
    (a what-if click both flips and selects a unit)."""

    units: frozenset[str] = frozenset()  # units whose winner or lock may have changed
    results: bool = False
    selection: bool = False
    whatif: bool = False
    swing: bool = False
    info: bool = False  # title, note or file name
    events: bool = False  # the whole list was replaced
    time_display: bool = False
    style: bool = False
    as_of: bool = False  # the replay moved (or started, or ended)


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
    # The signals above are sent; views paint now (see ``_flush``).
    action_over = Signal()
    changed = Signal(object)  # Change: once per action, after the signals above

    def __init__(self, results: ElectionResults, events: Sequence[LiveEvent] = (),
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.results = results
        self.scenario = Scenario(results)
        self.undo_stack = QUndoStack(self)
        self.events: list[LiveEvent] = list(events)
        # Events belong to an election: loading another year's results sets them aside
        # (by the year they were shown with, with that results file), and loading that
        # year's results again brings them back.
        self.events_year: int | None = results.year
        self.set_aside: dict[int | None, tuple[list[LiveEvent], str]] = {}
        self.unread: set[str] = set()
        self.selected: str | None = None
        self.highlighted: tuple[str, ...] = ()
        self.whatif = False
        self.swing_points = 0.0
        self.scenario_path: str | None = None
        self.as_of: datetime | None = None
        self.show_gmt = False
        self.style = MapStyle()
        # Forecast mode's state is saved with the scenario: the ForecastController gives
        # it, and the command that restores a scenario's own (part of opening it).
        self.forecast_state: Callable[[], ForecastState | None] = lambda: None
        self.forecast_loader: Callable[[ForecastState | None], QUndoCommand | None] | None = \
            None
        # Signals wait until the outermost action is over (see ``action``).
        self._depth = 0
        self._pending_units: set[str] = set()
        self._pending_flags: set[str] = set()

    # -- announcing changes -----------------------------------------------------------
    @contextmanager
    def action(self) -> Iterator[None]:
        """Group the changes of one user action: each signal, and ``changed``, is sent
        once when the outermost action is over, with everything that changed in it."""
        self._depth += 1
        try:
            yield
        finally:
            self._depth -= 1
            if self._depth == 0:
                self._flush()

    def _changed(self, *flags: str, units: Iterable[str] = ()) -> None:
        self._pending_units.update(units)
        self._pending_flags.update(flags)
        if self._depth == 0:
            self._flush()

    def _flush(self) -> None:
        # What the listeners change in turn is announced after them, not in between.
        changes: list[Change] = []
        while self._pending_units or self._pending_flags:
            units, flags = self._pending_units, self._pending_flags
            self._pending_units, self._pending_flags = set(), set()
            self._depth += 1
            try:
                self._emit(units, flags)
            finally:
                self._depth -= 1
            changes.append(Change(frozenset(units), **dict.fromkeys(flags, True)))
        if not changes:
            return
        # The map paints (``action_over``) before the panels hear of the action
        # (``changed``): a click is looked for on the map, and the panels' widgets would
        # otherwise be laid out and painted in the same repaint, before its pixels.
        self.action_over.emit()
        self._depth += 1
        try:
            for change in changes:
                self.changed.emit(change)
        finally:
            self._depth -= 1
        self._flush()  # what the panels changed in turn

    def _emit(self, units: set[str], flags: set[str]) -> None:
        if "results" in flags:
            self.results_replaced.emit()
        if "info" in flags:
            self.scenario_info_changed.emit()
        if "swing" in flags:
            self.swing_changed.emit(self.swing_points)
        if units:
            self.scenario_changed.emit(sorted(units))
        if "whatif" in flags:
            self.whatif_changed.emit(self.whatif)
        if "selection" in flags:
            self.selection_changed.emit(self.selected)
        if "events" in flags:
            self.events_changed.emit()
        if "time_display" in flags:
            self.time_display_changed.emit(self.show_gmt)
        if "style" in flags:
            self.style_changed.emit(self.style)
        if "as_of" in flags:
            self.as_of_changed.emit(self.as_of)

    # -- results and events ---------------------------------------------------------
    def replace_results(self, results: ElectionResults) -> None:
        """Show another election; the scenario and its history start afresh."""
        swung = self.swing_points != 0.0
        old = self.results
        self.results = results
        self.scenario = Scenario(results)
        self.undo_stack.clear()
        self.swing_points = 0.0
        self.scenario_path = None
        gone = self.selected is not None and self.selected not in results.units
        if gone:
            self.selected = None  # e.g. Nevada, opening 1860: nothing to show for it
        with self.action():
            if results.year != self.events_year:
                self._swap_events_for(results.year, old.source)
            self._changed("results", "info", *(("swing",) if swung else ()),
                          *(("selection",) if gone else ()), units=results.units)

    def _swap_events_for(self, year: int | None, old_source: str) -> None:
        """Set the shown events aside under their year; bring back those of ``year``."""
        if self.events:
            self.set_aside[self.events_year] = (self.events, old_source)
        back = self.set_aside.pop(year, None)
        self.events = list(back[0]) if back else []
        self.events_year = year
        self.unread.clear()
        self._changed("events")
        self.unread_changed.emit()

    def set_aside_blog(self) -> tuple[int | None, str] | None:
        """The year of the live blog set aside, and the results file it goes with, while no
        events of the shown year are loaded (None otherwise, or when nothing is set aside)."""
        if self.events or not self.set_aside:
            return None
        year = max(self.set_aside, key=lambda y: -1 if y is None else y)
        return year, self.set_aside[year][1]

    def set_events(self, events: Iterable[LiveEvent]) -> None:
        self.events = list(events)
        self.events_year = self.results.year  # a blog opened now is about these results
        self.unread.clear()
        self._changed("events")
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
            self._changed("as_of")

    def set_show_gmt(self, gmt: bool) -> None:
        if gmt != self.show_gmt:
            self.show_gmt = gmt
            self._changed("time_display")

    def set_style(self, style: MapStyle) -> None:
        if style != self.style:
            self.style = style
            self._changed("style")

    def event_times(self) -> list[datetime]:
        return sorted({e.time for e in self.events})

    def display_winners(self) -> dict[str, str | None]:
        """Winners as shown: the scenario's, or during a replay only the units called by then
        (see ``calls_as_of``)."""
        if self.as_of is None:
            return self.scenario.winners()
        return calls_as_of(self.events, self.as_of, self.results)

    def display_tally(self) -> Tally:
        """The totals of the winners shown (``display_winners``): every total on screen."""
        if self.as_of is None:
            return self.scenario.tally()
        r = self.results
        return r.tally(self.display_winners())

    # -- selection ------------------------------------------------------------------
    def select(self, unit: str | None) -> None:
        if unit is not None and unit not in UNITS:
            raise ValueError(f"unknown unit {unit!r}")
        if unit is not None and unit not in self.results.units:
            unit = None  # no unit that year (not yet a state, no districts before 1972)
        if unit != self.selected:
            self.selected = unit
            self._changed("selection")

    def set_highlight(self, units: Iterable[str]) -> None:
        units = tuple(u for u in units if u in UNITS)
        if units != self.highlighted:
            self.highlighted = units
            self.highlight_changed.emit(units)

    # -- what-if --------------------------------------------------------------------
    # Every change of the scenario (units, locks, swing, title, note) is an undo step.
    def set_whatif(self, on: bool) -> None:
        if on and not self.results.editable:
            on = False  # 1789–1800: each elector cast two votes (scenario.NOT_EDITABLE)
        if on != self.whatif:
            self.whatif = on
            self._changed("whatif")

    def edit(self, op: SetUnits | SetLocks) -> None:
        """Apply an edit through the undo stack; one that changes nothing is no step."""
        if not self.results.editable and isinstance(op, SetUnits):
            return  # nothing to edit in a year of two votes per elector
        # Presets name today's units (battlegrounds): only the year's own units take part.
        kept = tuple(c for c in op.changes if c[0] in self.results.units)
        if len(kept) != len(op.changes):
            op = replace(op, changes=kept)  # type: ignore[arg-type]
        if self._changes_anything(op):
            self._push(ScenarioEditCommand(self, op))

    def cycle(self, unit: str) -> None:
        """What-if click: the unit moves to the next candidate, then undecided."""
        value = self.scenario.cycle_value(unit)
        label = f"Set {UNITS[unit].name} to {self._value_name(value)}"
        self.edit(SetUnits(((unit, value),), label))

    def reset_scenario(self) -> None:
        """Back to the official results and no swing (locks stay): one undo step."""
        op = self.scenario.reset_op("Reset what-if changes")
        if op.changes or self.swing_points:
            self._push(ScenarioEditCommand(self, op, swing=0.0))

    def set_undecided(self, units: Sequence[str], label: str) -> None:
        """Mark units undecided (locked ones stay as they are)."""
        self.edit(SetUnits(tuple((u, None) for u in units), label))

    def battlegrounds(self) -> None:
        self.set_undecided(BATTLEGROUNDS, "Mark the battlegrounds undecided")

    def set_locked(self, unit: str, on: bool) -> None:
        verb = "Lock" if on else "Unlock"
        self.edit(SetLocks(((unit, on),), f"{verb} {UNITS[unit].name}"))

    def swing(self, points: float) -> None:
        """Uniform swing from the official margins; one drag merges into one undo step."""
        changes = swing_changes(self.results, points, self.scenario.locked)
        a, b = self.results.axis
        who = self.results.candidate(a if points >= 0 else b).surname
        label = f"Uniform swing {abs(points):.1f} points toward {who}"
        op = SetUnits(changes, label)
        if points != self.swing_points or self._changes_anything(op):
            self._push(SwingCommand(self, op, points))

    def saved_scenario(self) -> Scenario:
        """The scenario as files, share codes and the autosave keep it: with the forecast."""
        saved = self.scenario.copy()
        saved.forecast = self.forecast_state()
        return saved

    def load_scenario(self, scenario: Scenario, label: str, path: str | None = None, *,
                      forecast: bool = True) -> None:
        """Replace the what-if state, title and note (one undo step, which also puts the
        swing back to none) and, unless ``forecast`` is False, the forecast's state (the
        scenario's, or the year's default); the official results stay."""
        units = set(self.scenario.overrides) | set(scenario.overrides)
        changes = tuple((u, scenario.overrides.get(u, OFFICIAL))
                        for u in self.results.units if u in units)
        locks = tuple((u, u in scenario.locked) for u in self.results.units
                      if (u in scenario.locked) != (u in self.scenario.locked))
        info = {"title": scenario.title, "note": scenario.note, "path": path}
        ops = (SetUnits(changes, label, force=True), SetLocks(locks, label))
        restore = None
        if forecast and self.forecast_loader is not None:
            restore = self.forecast_loader(scenario.forecast)  # None: it stays the same
        if (any(self._changes_anything(op) for op in ops) or self.swing_points
                or info != self.scenario_info(INFO_FIELDS) or restore is not None):
            self._push(ScenarioEditCommand(self, ops, label, swing=0.0, info=info,
                                           then=[restore] if restore else []))

    def set_scenario_info(self, *, title: str | None = None, note: str | None = None,
                          path: str | None = None) -> None:
        """A new title or note is an undo step; the file the scenario is saved in is not
        (saving is no edit)."""
        fields = {k: v for k, v in (("title", title), ("note", note))
                  if v is not None and v != self.scenario_info((k,))[k]}
        if fields:
            label = f"Change the scenario's {' and '.join(fields)}"
            self._push(ScenarioEditCommand(self, (), label, info=fields))
        if path is not None and path != self.scenario_path:
            self.scenario_path = path
            self._changed("info")

    def scenario_info(self, fields: Iterable[str] = INFO_FIELDS) -> dict[str, str | None]:
        values = {"title": self.scenario.title, "note": self.scenario.note,
                  "path": self.scenario_path}
        return {k: values[k] for k in fields}

    def _push(self, command: ScenarioEditCommand) -> None:
        with self.action():  # the command's signals go out once it is on the stack
            self.undo_stack.push(command)

    def _changes_anything(self, op: Edit) -> bool:
        s = self.scenario
        if isinstance(op, SetLocks):
            return any(s.is_locked(u) != on for u, on in op.changes)
        for unit, value in op.changes:
            if unit in s.locked and not op.force:
                continue
            # Setting a unit to its official winner is no override (as Scenario has it).
            if value is not OFFICIAL and value == self.results.units[unit].winner:
                value = OFFICIAL
            if value != s.value(unit):
                return True
        return False

    def _value_name(self, value: object) -> str:
        if value is None:
            return "undecided"
        if isinstance(value, str):
            return self.results.candidate(value).name
        return "official result"

    # -- used by the undo commands only ----------------------------------------------
    def apply_op(self, op: Edit) -> Edit:
        """Apply an edit and announce the units it changed; returns the edit that undoes it."""
        s = self.scenario
        before = {u: (s.value(u), s.is_locked(u)) for u in op.units}
        inverse = s.apply(op)
        # A swing step moves every unit's margin but flips few: only those are news.
        self._changed(units=[u for u, was in before.items()
                             if was != (s.value(u), s.is_locked(u))])
        return inverse

    def apply_swing(self, points: float) -> float:
        """Set the swing shown; returns the one it replaces."""
        before = self.swing_points
        if points != before:
            self.swing_points = points
            self._changed("swing")
        return before

    def apply_info(self, fields: Mapping[str, str | None]) -> dict[str, str | None]:
        """Set the title, note and/or file name; returns the values they replace."""
        before = self.scenario_info(fields)
        for key, value in fields.items():
            if key == "path":
                self.scenario_path = value
            else:
                setattr(self.scenario, key, value or "")
        if before != dict(fields):
            self._changed("info")
        return before
