"""The eight regions whose polling errors move together in the forecast.

Each region gets one shared error per simulated election (on top of the national error),
so neighbouring states with similar electorates miss in the same direction (in 2020 the
final averages of the Plains missed by about 4 points more than the national miss, those
of the Mid-Atlantic by about 1 point less; docs/forecast.md). The grouping follows the
Census divisions, merged or split where the states' electorates differ: the Interior
South is kept apart from the fast-growing South Atlantic, Texas sits with the Hispanic
Southwest. Districts are in their state's region.
"""

from __future__ import annotations

from viewer.core.units import UNIT_CODES, UNITS

REGIONS: dict[str, tuple[str, ...]] = {
    "New England": ("CT", "MA", "ME", "NH", "RI", "VT"),
    "Mid-Atlantic": ("DC", "DE", "MD", "NJ", "NY", "PA"),
    "Great Lakes": ("IL", "IN", "MI", "MN", "OH", "WI"),
    "Plains": ("IA", "KS", "MO", "ND", "NE", "OK", "SD"),
    "South Atlantic": ("FL", "GA", "NC", "SC", "VA"),
    "Interior South": ("AL", "AR", "KY", "LA", "MS", "TN", "WV"),
    "Mountain and Southwest": ("AZ", "CO", "ID", "MT", "NM", "NV", "TX", "UT", "WY"),
    "Pacific": ("AK", "CA", "HI", "OR", "WA"),
}
"""Region name -> its states (a state's districts belong to the same region)."""

REGION_NAMES: tuple[str, ...] = tuple(REGIONS)

_STATE_REGION = {state: name for name, states in REGIONS.items() for state in states}


def region_of(unit: str) -> str:
    """The region of a unit; a district is in its state's region."""
    return _STATE_REGION[UNITS[unit].state]


def region_units(region: str) -> tuple[str, ...]:
    """Every unit of a region, districts included, in the usual unit order."""
    return tuple(u for u in UNIT_CODES if region_of(u) == region)


def region_index() -> tuple[int, ...]:
    """For each unit in UNIT_CODES order, the position of its region in REGION_NAMES."""
    return tuple(REGION_NAMES.index(region_of(u)) for u in UNIT_CODES)
