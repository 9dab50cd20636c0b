"""Plain timestamped notes: a line that is just a time ("21:05", "9:40 pm ET",
"01:10 GMT 6 November 2024") starts an entry; the lines under it are its text.

The day and zone come from the time line, else from a heading above the entries
("… 5 November 2024 (all times GMT)"), else from the date given by the caller. Times that
go past midnight roll over to the next day (or back, for newest-first notes).
"""

from __future__ import annotations

import itertools
import re
from datetime import UTC, date, datetime, timedelta, tzinfo

from viewer.core.errors import InputError
from viewer.core.importers.common import Imported, dedupe, first_sentence, make_event
from viewer.core.importers.text_page import MONTHS
from viewer.core.importers.timezones import zone_named, zone_names_pattern
from viewer.core.results import ElectionResults

_ZONES = zone_names_pattern()
TIME_LINE = re.compile(
    r"^\s*(?P<hh>\d{1,2})[:.](?P<mm>\d{2})\s*(?P<ampm>[ap]\.?m\.?)?"
    rf"(?:\s*\(?(?P<zone>{_ZONES})\)?)?"
    r"(?:\s*,?\s*(?P<day>\d{1,2})\s+(?P<month>[A-Za-z]+)(?:\s+(?P<year>\d{4}))?)?\s*[-–:]?\s*$",
    re.IGNORECASE)
_HEAD_DATE = re.compile(r"\b(?P<day>\d{1,2})\s+(?P<month>[A-Za-z]+)\s+(?P<year>\d{4})\b")
_HEAD_ZONE = re.compile(rf"\b(?:all\s+times?|times?\s+(?:are|in))\s+(?:in\s+)?(?P<zone>{_ZONES})\b",
                        re.IGNORECASE)


def looks_like(text: str) -> bool:
    return sum(1 for line in text.splitlines()[:2000] if TIME_LINE.match(line)) >= 2


def parse_notes(text: str, results: ElectionResults | None, source: str,
                day: date | None = None) -> Imported:
    lines = text.replace("\r\n", "\n").split("\n")
    starts = [i for i, line in enumerate(lines) if TIME_LINE.match(line)]
    if not starts:
        raise InputError(source, "lines that are just a time (e.g. '21:05') starting each note")
    heading = "\n".join(lines[:starts[0]])
    head_day = _heading_day(heading)
    hz = _HEAD_ZONE.search(heading)
    head_zone = zone_named(hz.group("zone")) if hz else None
    base_day = head_day or day
    stamps: list[tuple[int, int, tzinfo, date | None, str]] = []
    for i in starts:
        m = TIME_LINE.match(lines[i])
        assert m is not None
        hh, mm = int(m.group("hh")), int(m.group("mm"))
        ampm = (m.group("ampm") or "").lower().replace(".", "")
        if ampm == "pm" and hh < 12:
            hh += 12
        elif ampm == "am" and hh == 12:
            hh = 0
        if hh > 23 or mm > 59:
            raise InputError(source, "a time of day", line=i + 1, got=lines[i].strip())
        zone = zone_named(m.group("zone")) if m.group("zone") else (head_zone or UTC)
        own_day = None
        if m.group("day"):
            month = MONTHS.get(m.group("month").lower())
            if month is None:
                raise InputError(source, "a month name", line=i + 1, got=m.group("month"))
            year = int(m.group("year") or (base_day.year if base_day else 0) or 0)
            if not year:
                raise InputError(source, "a year (in the heading, the line or --date)",
                                 line=i + 1)
            own_day = date(year, month, int(m.group("day")))
        stamps.append((hh, mm, zone, own_day, lines[i].strip()))
    if base_day is None and stamps[0][3] is None:
        raise InputError(source, "a date: in a heading above the notes ('5 November 2024'), "
                         "on the time lines, or with --date", line=starts[0] + 1)
    ascending = _ascending([(h, m) for h, m, *_ in stamps])
    events = []
    current = stamps[0][3] or base_day
    prev: tuple[int, int] | None = None
    for k, (hh, mm, zone, own_day, time_text) in enumerate(stamps):
        if own_day is not None:
            current = own_day
        elif prev is not None:
            if ascending and (hh, mm) < prev:
                current = current + timedelta(days=1)  # past midnight
            elif not ascending and (hh, mm) > prev:
                current = current - timedelta(days=1)
        prev = (hh, mm)
        assert current is not None
        when = datetime(current.year, current.month, current.day, hh, mm,
                        tzinfo=zone).astimezone(UTC)
        end = starts[k + 1] if k + 1 < len(starts) else len(lines)
        block = "\n".join(lines[starts[k] + 1:end]).strip()
        if not block:
            continue
        first, _, rest = block.partition("\n")
        title = first.strip() if len(first) <= 140 else first_sentence(first)
        body = rest.strip() if len(first) <= 140 else block
        events.append(make_event(prefix="note", key=f"{when.isoformat()}|{title}", time=when,
                                 title=title, body=body, results=results, source=source,
                                 time_text=time_text))
    return Imported(dedupe(events), "notes")


def _heading_day(heading: str) -> date | None:
    m = _HEAD_DATE.search(heading)
    if not m:
        return None
    month = MONTHS.get(m.group("month").lower())
    return date(int(m.group("year")), month, int(m.group("day"))) if month else None


def _ascending(times: list[tuple[int, int]]) -> bool:
    ups = sum(1 for a, b in itertools.pairwise(times) if b > a)
    downs = sum(1 for a, b in itertools.pairwise(times) if b < a)
    return ups >= downs
