"""Race-call lists like ``calls_2020.csv`` / ``calls_2024.csv``: one row per call, with who
made it, when (UTC) and where the time was read.

A list names only the races it covers: a unit it does not list has no call information
(not "not called"); a listed unit was not called by that caller before its call time.
"""

from __future__ import annotations

from viewer.core.live_count.common import (
    PARTY_RE,
    TIME_EXPECTED,
    UNIT_EXPECTED,
    LiveInputError,
    LiveRead,
    csv_rows,
    parse_time,
    unit_code,
)
from viewer.core.live_count.model import CallEvent, CallKind, Night

NAME = "race-call list (CSV)"
HEADER = ("unit", "called_for", "call_time_utc", "caller", "source_url",
          "call_time_as_reported", "notes")
_REQUIRED = HEADER[:4]
_MAX_TEXT = 2000


def looks_like(text: str) -> bool:
    first = text.lstrip("\ufeff").split("\n", 1)[0].strip().lower()
    return first.startswith("unit,called_for,call_time_utc")


def read(text: str, source: str) -> LiveRead:
    header, header_line, rows = csv_rows(text, source)
    for i, want in enumerate(_REQUIRED, 1):
        got = header[i - 1] if i <= len(header) else ""
        if got != want:
            raise LiveInputError(source, f"the column '{want}'", line=header_line, column=i,
                                 got=got)
    for i, h in enumerate(header, 1):
        if h not in HEADER:
            raise LiveInputError(source, "the columns " + ",".join(HEADER), line=header_line,
                                 column=i, got=h)
    night = Night()
    calls: list[CallEvent] = []
    seen: dict[tuple[str, str], int] = {}
    for row in rows:
        unit = unit_code(row.get("unit"), nation=True)
        if unit is None:
            raise row.fail("unit", UNIT_EXPECTED + ", or US for the presidency")
        party = row.get("called_for")
        if not PARTY_RE.match(party):
            raise row.fail("called_for", "the party code of the candidate called (DEM, REP…)")
        time = parse_time(row.get("call_time_utc"))
        if time is None:
            raise row.fail("call_time_utc", TIME_EXPECTED)
        caller = row.get("caller")
        if not caller:
            raise row.fail("caller", "who made the call (AP, a network…)")
        for h in ("caller", "source_url", "call_time_as_reported", "notes"):
            if len(row.get(h)) > _MAX_TEXT:
                raise row.fail(h, f"at most {_MAX_TEXT} characters", got="a longer text")
        key = (unit, caller)
        if key in seen:
            # A list gives each caller's call once; a second one is a retraction or a
            # mistake, and a call list cannot say which.
            raise row.fail("unit", f"one call by {caller} for {unit} (also on line {seen[key]})")
        seen[key] = row.line
        note = " ".join(p for p in (_reported(row.get("call_time_as_reported")),
                                    row.get("notes")) if p)
        calls.append(CallEvent(unit, time, CallKind.CALL, caller, party,
                               row.get("source_url"), note, f"{source}, line {row.line}"))
    if calls:
        # Calls come from election night to a few weeks after, in the election's year.
        night.year = min(c.time for c in calls).year
    night.merge_all(calls=calls)
    return LiveRead(night, NAME, [], calls)


def _reported(text: str) -> str:
    return f"Reported as: {text}." if text else ""
