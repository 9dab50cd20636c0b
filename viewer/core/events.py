"""Live-blog events: the model, and the bundled events file.

Every event's text is untrusted plain text. Times are timezone-aware and in UTC.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from viewer.core.calls import Call
from viewer.core.errors import InputError
from viewer.core.mentions import find_units
from viewer.core.results import ElectionResults
from viewer.core.units import UNITS, districts_of
from viewer.resources import data_dir

MAX_FILE_BYTES = 10_000_000
MAX_TITLE = 500
MAX_BODY = 50_000


class EventsError(InputError):
    """Bad events input: the message names the file, the event and the field. An
    InputError, so that whoever reads live blogs reports it like any other bad input."""

    def __init__(self, message: str) -> None:
        Exception.__init__(self, message)
        source, _, rest = message.partition(": ")
        self.source, self.expected = source, rest
        self.line = self.field = self.got = None


__all__ = ["Call", "EventsError", "LiveEvent"]


@dataclass(frozen=True)
class LiveEvent:
    id: str
    time: datetime  # timezone-aware, UTC
    title: str
    body: str  # plain text, paragraphs separated by a blank line
    units: tuple[str, ...]
    breaking: bool = False
    calls: tuple[Call, ...] = ()  # race calls the headline makes
    concession: bool = False
    author: str = ""
    role: str = ""
    source: str = ""
    time_text: str = ""
    retracts: tuple[str, ...] = ()  # units whose earlier call this event withdraws
    call_note: str = ""  # why no call, when the headline names a candidate and a unit

    @property
    def call(self) -> Call | None:
        """The one call of a single-call event (most are); None otherwise."""
        return self.calls[0] if len(self.calls) == 1 else None


def bundled_events_path() -> Path:
    return data_dir() / "events_2024.json"


def sort_newest_first(events: Iterable[LiveEvent]) -> list[LiveEvent]:
    """Newest first; events at the same time keep their source order (sorted is stable)."""
    return sorted(events, key=lambda e: e.time, reverse=True)


def events_until(events: Iterable[LiveEvent], t: datetime) -> list[LiveEvent]:
    return [e for e in events if e.time <= t]


def is_about(event: LiveEvent, unit: str) -> bool:
    """Does the event name the unit, call it, or (for ME/NE) name one of its districts?"""
    related = _related(unit)
    return bool(related.intersection(event.units)) or any(
        c.unit in related for c in event.calls) or bool(related.intersection(event.retracts))


def mentions(events: Sequence[LiveEvent], unit: str) -> list[LiveEvent]:
    """Events about a unit, in their order."""
    return [e for e in events if is_about(e, unit)]


def calls_as_of(events: Iterable[LiveEvent], t: datetime,
                results: ElectionResults) -> dict[str, str | None]:
    """Each unit's call as the live blog stood at ``t``: a later call of a unit replaces an
    earlier one, and a retraction or correction takes the unit back to uncalled until a
    new call. Parties the results do not know are ignored."""
    called: dict[str, str | None] = dict.fromkeys(results.units)
    for e in sorted(events, key=lambda ev: ev.time):
        if e.time > t:
            break
        for unit in e.retracts:
            if unit in called:
                called[unit] = None
        for c in e.calls:
            if c.unit in called and c.party in results.parties:
                called[c.unit] = c.party
    return called


@lru_cache(maxsize=128)
def _related(unit: str) -> frozenset[str]:
    return frozenset({unit, *districts_of(unit)})


def load_events(path: Path) -> list[LiveEvent]:
    name = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise EventsError(f"{name}: expected an events file under 10 MB, got {size:,} bytes")
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise EventsError(f"{name}: expected a readable events file ({exc.strerror})") from None
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise EventsError(f"{name}: expected JSON ({type(exc).__name__})") from None
    return events_from_document(data, name, path.name)


def is_events_document(data: Any) -> bool:
    """Is this parsed JSON our own events file (``data/events_2024.json``'s format)?"""
    return (isinstance(data, dict) and isinstance(data.get("events"), list)
            and "schema" in data)


def events_from_document(data: Any, name: str, fallback_title: str) -> list[LiveEvent]:
    if not isinstance(data, dict) or not isinstance(data.get("events"), list):
        raise EventsError(f"{name}: expected an object with an 'events' list")
    if data.get("schema", 1) != 1:
        raise EventsError(f"{name}, field 'schema': expected 1, got {data.get('schema')!r:.20}")
    source = str(data.get("title") or fallback_title)
    return [_event(item, i, name, source) for i, item in enumerate(data["events"])]


def _event(item: Any, index: int, name: str, source: str) -> LiveEvent:
    where = f"{name}: event {index + 1}"
    if not isinstance(item, dict):
        raise EventsError(f"{where}: expected an object")
    eid = item.get("id")
    if not isinstance(eid, str) or not eid:
        raise EventsError(f"{where}, field 'id': expected a non-empty string")
    where = f"{name}: event {eid!r}"
    title = _text(item, "title", where, MAX_TITLE, required=True)
    body = _text(item, "body", where, MAX_BODY)
    time_text = item.get("time")
    if not isinstance(time_text, str):
        raise EventsError(f"{where}, field 'time': expected an ISO 8601 time with a zone")
    try:
        t = datetime.fromisoformat(time_text)
    except ValueError:
        raise EventsError(f"{where}, field 'time': expected an ISO 8601 time, "
                          f"got {time_text[:40]!r}") from None
    if t.tzinfo is None:
        raise EventsError(f"{where}, field 'time': expected a time zone (e.g. +00:00)")
    units_raw = item.get("units")
    if units_raw is None:
        units = find_units(f"{title}\n{body}")
    else:
        if not isinstance(units_raw, list) or not all(isinstance(u, str) for u in units_raw):
            raise EventsError(f"{where}, field 'units': expected a list of unit codes")
        for u in units_raw:
            if u not in UNITS:
                raise EventsError(f"{where}, field 'units': unknown unit code {u[:10]!r}")
        units = tuple(dict.fromkeys(units_raw))
    raw_calls = item.get("calls")
    if raw_calls is None:
        raw_calls = [] if item.get("call") is None else [item["call"]]
        field = "call"
    else:
        field = "calls"
    if not isinstance(raw_calls, list):
        raise EventsError(f"{where}, field 'calls': expected a list of calls")
    calls = []
    for c in raw_calls:
        if not (isinstance(c, dict) and c.get("unit") in UNITS
                and isinstance(c.get("party"), str) and c["party"]):
            raise EventsError(f"{where}, field '{field}': expected {{'unit': code, "
                              "'party': party code}")
        calls.append(Call(c["unit"], c["party"]))
    retracts = item.get("retracts", [])
    if not isinstance(retracts, list) or not all(u in UNITS for u in retracts):
        raise EventsError(f"{where}, field 'retracts': expected a list of unit codes")
    for u in [c.unit for c in calls] + retracts:
        if u not in units:
            units = (*units, u)
    try:
        when = t.astimezone(UTC)
    except OverflowError:
        raise EventsError(f"{where}, field 'time': expected a time after the year 1") from None
    return LiveEvent(
        id=eid, time=when, title=title, body=body, units=units,
        breaking=bool(item.get("breaking", False)), calls=tuple(calls),
        concession=bool(item.get("concession", False)),
        author=_text(item, "author", where, MAX_TITLE),
        role=_text(item, "role", where, MAX_TITLE), source=source, time_text=time_text,
        retracts=tuple(retracts), call_note=_text(item, "call_note", where, MAX_TITLE),
    )


def _text(item: dict[str, Any], key: str, where: str, cap: int,
          *, required: bool = False) -> str:
    value = item.get(key, "")
    if value is None:
        value = ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise EventsError(f"{where}, field '{key}': expected "
                          f"{'a non-empty' if required else 'a'} string")
    if len(value) > cap:
        raise EventsError(f"{where}, field '{key}': expected at most {cap:,} characters, "
                          f"got {len(value):,}")
    return value
