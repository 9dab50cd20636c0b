"""Time zones as live blogs write them in words ("Greenwich Mean Time", "ET", "BST")."""

from __future__ import annotations

from datetime import UTC, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

_FIXED = {
    "gmt": 0, "greenwich mean time": 0, "utc": 0, "z": 0, "coordinated universal time": 0,
    "bst": 1, "british summer time": 1, "cet": 1, "central european time": 1,
    "cest": 2, "central european summer time": 2,
    "est": -5, "eastern standard time": -5, "edt": -4, "eastern daylight time": -4,
    "cst": -6, "central standard time": -6, "cdt": -5, "central daylight time": -5,
    "mst": -7, "mountain standard time": -7, "mdt": -6, "mountain daylight time": -6,
    "pst": -8, "pacific standard time": -8, "pdt": -7, "pacific daylight time": -7,
}
# Zones named without standard/daylight: the date decides, so use the region's rules.
_REGIONS = {
    "et": "America/New_York", "eastern time": "America/New_York", "eastern": "America/New_York",
    "ct": "America/Chicago", "central time": "America/Chicago",
    "mt": "America/Denver", "mountain time": "America/Denver",
    "pt": "America/Los_Angeles", "pacific time": "America/Los_Angeles",
    "uk time": "Europe/London", "london time": "Europe/London",
}


def zone_named(name: str) -> tzinfo | None:
    key = " ".join(name.lower().replace(".", "").split())
    if key in _FIXED:
        hours = _FIXED[key]
        return UTC if hours == 0 else timezone(timedelta(hours=hours), name.upper())
    if key in _REGIONS:
        return ZoneInfo(_REGIONS[key])
    return None


def zone_names_pattern() -> str:
    names = sorted({*_FIXED, *_REGIONS}, key=len, reverse=True)
    return "|".join(n.replace(" ", r"\s+") for n in names)
