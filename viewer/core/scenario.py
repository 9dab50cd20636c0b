"""A what-if scenario: the official results plus per-unit overrides.

The results are never modified; an override sets a unit to a party or to undecided.
Edits are ``SetUnits`` operations whose ``apply`` returns the inverse operation, so an
undo stack (Qt's or any other) only has to keep what ``apply`` gave back.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Final

from viewer.core.results import ElectionResults
from viewer.core.tally import Tally
from viewer.core.units import UNITS

if TYPE_CHECKING:  # the forecast's modules (numpy) load only where a forecast is used
    from viewer.core.forecast.state import ForecastState


class _Official:
    """Marker value: no override, the unit shows its official result."""

    _instance: _Official | None = None

    def __new__(cls) -> _Official:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "OFFICIAL"


OFFICIAL: Final = _Official()
NOT_EDITABLE: Final = ("each elector cast two votes before 1804: flips, swing and paths "
                       "are not offered for 1789–1800")
UNDECIDED: Final = None

Value = str | None | _Official  # a party code, UNDECIDED (None) or OFFICIAL


@dataclass(frozen=True)
class SetUnits:
    """Set each unit to a value; ``label`` describes the edit for an undo menu.

    Locked units are left alone unless ``force`` (undo, reset and loading use it).
    """

    changes: tuple[tuple[str, Value], ...]
    label: str = ""
    force: bool = False

    @property
    def units(self) -> frozenset[str]:
        return frozenset(u for u, _ in self.changes)


@dataclass(frozen=True)
class SetLocks:
    """Lock or unlock units (a locked unit ignores clicks, swing and presets)."""

    changes: tuple[tuple[str, bool], ...]
    label: str = ""

    @property
    def units(self) -> frozenset[str]:
        return frozenset(u for u, _ in self.changes)


Edit = SetUnits | SetLocks


@dataclass
class Scenario:
    base: ElectionResults
    overrides: dict[str, str | None] = field(default_factory=dict)
    title: str = ""
    note: str = ""
    locked: set[str] = field(default_factory=set)
    # Forecast mode's state saved with the scenario (None: the year's default forecast)
    forecast: ForecastState | None = None

    def __post_init__(self) -> None:
        for unit, value in list(self.overrides.items()):
            self._check(unit, value)
        for unit in self.locked:
            self._check(unit, OFFICIAL)

    # -- reading --------------------------------------------------------------------
    def winner(self, unit: str) -> str | None:
        if unit in self.overrides:
            return self.overrides[unit]
        return self.base.units[unit].winner

    def winners(self) -> dict[str, str | None]:
        return {u: self.winner(u) for u in self.base.units}

    def tally(self) -> Tally:
        return self.base.tally(self.winners())

    def value(self, unit: str) -> Value:
        return self.overrides.get(unit, OFFICIAL)

    def is_changed(self, unit: str) -> bool:
        return unit in self.overrides

    def changed_units(self) -> list[str]:
        return [u for u in self.base.units if u in self.overrides]

    def cycle_value(self, unit: str) -> Value:
        """Next value when a unit is clicked: the other candidate(s), undecided, then back.

        The cycle starts at the official winner, so the first click is a flip.
        """
        official = self.base.units[unit].winner
        parties = list(self.base.contenders)
        if official in parties:
            parties.remove(official)
            parties.insert(0, official)
        order: list[str | None] = [*parties, UNDECIDED]
        current = self.winner(unit)
        nxt = order[(order.index(current) + 1) % len(order)] if current in order else order[0]
        return self._normalise(unit, nxt)

    # -- editing --------------------------------------------------------------------
    def is_locked(self, unit: str) -> bool:
        return unit in self.locked

    def apply(self, op: Edit) -> Edit:
        """Apply an edit and return the edit that undoes it."""
        if isinstance(op, SetLocks):
            return self._apply_locks(op)
        changes = [(u, v) for u, v in op.changes if op.force or u not in self.locked]
        for unit, value in changes:
            self._check(unit, value)
        inverse = tuple((u, self.value(u)) for u, _ in changes)
        for unit, value in changes:
            value = self._normalise(unit, value)
            if isinstance(value, _Official):  # OFFICIAL, the one instance
                self.overrides.pop(unit, None)
            else:
                self.overrides[unit] = value
        return SetUnits(tuple(reversed(inverse)), op.label, force=True)

    def _apply_locks(self, op: SetLocks) -> SetLocks:
        for unit, _ in op.changes:
            self._check(unit, OFFICIAL)
        inverse = tuple((u, u in self.locked) for u, _ in op.changes)
        for unit, on in op.changes:
            if on:
                self.locked.add(unit)
            else:
                self.locked.discard(unit)
        return SetLocks(tuple(reversed(inverse)), op.label)

    def reset_op(self, label: str = "Reset scenario") -> SetUnits:
        return SetUnits(tuple((u, OFFICIAL) for u in self.changed_units()), label, force=True)

    def copy(self) -> Scenario:
        return Scenario(self.base, dict(self.overrides), self.title, self.note, set(self.locked),
                        self.forecast)

    def _normalise(self, unit: str, value: Value) -> Value:
        # Setting a unit to its official winner is no override at all.
        if value is not OFFICIAL and value == self.base.units[unit].winner:
            return OFFICIAL
        return value

    def _check(self, unit: str, value: Value) -> None:
        if unit not in UNITS:
            raise ValueError(f"unknown unit {unit!r}")
        if value is not OFFICIAL and value is not None and value not in self.base.parties:
            raise ValueError(f"unknown party {value!r} for {unit}")
        if value is OFFICIAL:
            return
        if not self.base.editable:
            raise ValueError(NOT_EDITABLE)
        if unit not in self.base.units:
            raise ValueError(f"{unit} had no electors in {self.base.year}")
        if value is not None and value not in self.base.contenders:
            raise ValueError(f"{value} won no state in {self.base.year}: a unit can go to "
                             f"{', '.join(self.base.contenders)}")


def set_units(units: Iterable[str], value: Value, label: str = "") -> SetUnits:
    return SetUnits(tuple((u, value) for u in units), label)


def flips(base: Mapping[str, str | None], parties: tuple[str, ...],
          units: Iterable[str]) -> SetUnits:
    """The edit that gives each unit to the other of two parties (for --flip)."""
    a, b = parties[0], parties[1]
    changes = []
    for u in units:
        w = base[u]
        changes.append((u, b if w == a else a))
    return SetUnits(tuple(changes), "Flip " + ", ".join(units))
