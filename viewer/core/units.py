"""The 56 units that cast electoral votes: 50 states, DC, and the congressional
districts of Maine and Nebraska (whose at-large votes stay with the state code)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Unit:
    code: str
    name: str
    fips: str  # the Census state FIPS code of the state (districts share it)
    state: str  # the state code; equal to ``code`` except for districts

    @property
    def is_district(self) -> bool:
        return self.code != self.state


_STATES: tuple[tuple[str, str, str], ...] = (
    ("AL", "Alabama", "01"), ("AK", "Alaska", "02"), ("AZ", "Arizona", "04"),
    ("AR", "Arkansas", "05"), ("CA", "California", "06"), ("CO", "Colorado", "08"),
    ("CT", "Connecticut", "09"), ("DE", "Delaware", "10"),
    ("DC", "District of Columbia", "11"), ("FL", "Florida", "12"),
    ("GA", "Georgia", "13"), ("HI", "Hawaii", "15"), ("ID", "Idaho", "16"),
    ("IL", "Illinois", "17"), ("IN", "Indiana", "18"), ("IA", "Iowa", "19"),
    ("KS", "Kansas", "20"), ("KY", "Kentucky", "21"), ("LA", "Louisiana", "22"),
    ("ME", "Maine", "23"), ("MD", "Maryland", "24"), ("MA", "Massachusetts", "25"),
    ("MI", "Michigan", "26"), ("MN", "Minnesota", "27"), ("MS", "Mississippi", "28"),
    ("MO", "Missouri", "29"), ("MT", "Montana", "30"), ("NE", "Nebraska", "31"),
    ("NV", "Nevada", "32"), ("NH", "New Hampshire", "33"), ("NJ", "New Jersey", "34"),
    ("NM", "New Mexico", "35"), ("NY", "New York", "36"),
    ("NC", "North Carolina", "37"), ("ND", "North Dakota", "38"), ("OH", "Ohio", "39"),
    ("OK", "Oklahoma", "40"), ("OR", "Oregon", "41"), ("PA", "Pennsylvania", "42"),
    ("RI", "Rhode Island", "44"), ("SC", "South Carolina", "45"),
    ("SD", "South Dakota", "46"), ("TN", "Tennessee", "47"), ("TX", "Texas", "48"),
    ("UT", "Utah", "49"), ("VT", "Vermont", "50"), ("VA", "Virginia", "51"),
    ("WA", "Washington", "53"), ("WV", "West Virginia", "54"), ("WI", "Wisconsin", "55"),
    ("WY", "Wyoming", "56"),
)

_DISTRICT_COUNTS = {"ME": 2, "NE": 3}
_ORDINALS = {1: "1st", 2: "2nd", 3: "3rd"}


def _build() -> dict[str, Unit]:
    units: dict[str, Unit] = {}
    for code, name, fips in _STATES:
        units[code] = Unit(code, name, fips, code)
        for n in range(1, _DISTRICT_COUNTS.get(code, 0) + 1):
            dcode = f"{code}-{n}"
            units[dcode] = Unit(dcode, f"{name}'s {_ORDINALS[n]} district", fips, code)
    return units


UNITS: dict[str, Unit] = _build()
"""Every unit by code, states in alphabetical order of name with districts after their state."""

UNIT_CODES: tuple[str, ...] = tuple(UNITS)
STATE_CODES: tuple[str, ...] = tuple(c for c, u in UNITS.items() if not u.is_district)
DISTRICT_CODES: tuple[str, ...] = tuple(c for c, u in UNITS.items() if u.is_district)


def districts_of(state: str) -> tuple[str, ...]:
    """The congressional districts that vote separately in a state (none for most)."""
    return tuple(c for c, u in UNITS.items() if u.state == state and u.is_district)
