"""Live-blog events: the model, and the bundled events file.

Every event's text is untrusted plain text. Times are timezone-aware and in UTC.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from viewer.core.mentions import find_units
from viewer.core.units import UNITS
from viewer.resources import data_dir

MAX_FILE_BYTES = 10_000_000
MAX_TITLE = 500
MAX_BODY = 50_000


class EventsError(Exception):
    """Bad events input: the message names the file, the event and the field."""


@dataclass(frozen=True)
class Call:
    unit: str
    party: str


@dataclass(frozen=True)
class LiveEvent:
    id: str
    time: datetime  # timezone-aware, UTC
    title: str
    body: str  # plain text, paragraphs separated by a blank line
    units: tuple[str, ...]
    breaking: bool = False
    call: Call | None = None
    concession: bool = False
    author: str = ""
    role: str = ""
    source: str = ""
    time_text: str = ""


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
    return bool(related.intersection(event.units)) or (
        event.call is not None and event.call.unit in related)


def mentions(events: Sequence[LiveEvent], unit: str) -> list[LiveEvent]:
    """Events about a unit, in their order."""
    return [e for e in events if is_about(e, unit)]


def _related(unit: str) -> frozenset[str]:
    return frozenset({unit} | {c for c, u in UNITS.items() if u.state == unit and u.is_district})


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
    if not isinstance(data, dict) or not isinstance(data.get("events"), list):
        raise EventsError(f"{name}: expected an object with an 'events' list")
    source = str(data.get("title") or path.name)
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
    call = None
    if item.get("call") is not None:
        c = item["call"]
        if not (isinstance(c, dict) and c.get("unit") in UNITS
                and isinstance(c.get("party"), str) and c["party"]):
            raise EventsError(f"{where}, field 'call': expected {{'unit': code, "
                              "'party': party code}")
        call = Call(c["unit"], c["party"])
        if call.unit not in units:
            units = (*units, call.unit)
    return LiveEvent(
        id=eid, time=t.astimezone(UTC), title=title, body=body, units=units,
        breaking=bool(item.get("breaking", False)), call=call,
        concession=bool(item.get("concession", False)),
        author=_text(item, "author", where, MAX_TITLE),
        role=_text(item, "role", where, MAX_TITLE), source=source, time_text=time_text,
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
