"""Plain timestamped notes: a line that is just a time ("21:05", "9:40 pm ET",
"01:10 GMT 6 November 2024") starts an entry; the lines under it are its text.

The day and zone come from the time line, else from a heading above the entries
("… 5 November 2024 (all times GMT)"), else from the date given by the caller. Times that
go past midnight roll over to the next day (or back, for newest-first notes).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, tzinfo

from viewer.core.errors import InputError
from viewer.core.events import LiveEvent
from viewer.core.importers.common import Imported, dedupe, first_sentence, make_event
from viewer.core.importers.text_page import MONTHS, ordinals_from_oldest, rises_and_falls
from viewer.core.importers.timezones import zone_named, zone_names_pattern
from viewer.core.results import ElectionResults

_ZONES = zone_names_pattern()
TIME_LINE = re.compile(
    r"^\s*(?P<hh>\d{1,2})[:.](?P<mm>\d{2})\s*(?P<ampm>[ap]\.?m\.?)?"
    rf"(?:\s*\(?(?P<zone>{_ZONES})\)?)?"
    r"(?:\s*,?\s*(?P<day>\d{1,2})\s+(?P<month>[A-Za-z]+)(?:\s+(?P<year>\d{4}))?)?"
    # "21:05 – Trump wins Georgia": the note's headline may follow on the same line.
    r"\s*(?:[-–—:|]\s*(?P<inline>\S.*?))?\s*$",
    re.IGNORECASE)
_HEAD_DATE = re.compile(r"\b(?P<day>\d{1,2})\s+(?P<month>[A-Za-z]+)\s+(?P<year>\d{4})\b")
_HEAD_ZONE = re.compile(rf"\b(?:all\s+times?|times?\s+(?:are|in))\s+(?:in\s+)?(?P<zone>{_ZONES})\b",
                        re.IGNORECASE)


def looks_like(text: str) -> bool:
    return sum(1 for line in text.splitlines()[:2000] if TIME_LINE.match(line)) >= 2


def parse_notes(text: str, results: ElectionResults | None, source: str,
                day: date | None = None) -> Imported:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    starts = [i for i, line in enumerate(lines) if TIME_LINE.match(line)]
    if not starts:
        raise InputError(source, "lines that are just a time (e.g. '21:05') starting each note")
    heading = "\n".join(lines[:starts[0]])
    try:
        head_day = _heading_day(heading)
    except ValueError as exc:  # "31 November 2024"
        raise InputError(source, "a real date in the heading", got=str(exc)) from None
    hz = _HEAD_ZONE.search(heading)
    head_zone = zone_named(hz.group("zone")) if hz else None
    base_day = head_day or day
    stamps: list[tuple[int, int, tzinfo, date | None, str]] = []
    inline: list[str] = []
    # A zone written on one time line holds for the lines after it, until another is named.
    zone_in_force: tzinfo = head_zone or UTC
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
        if m.group("zone"):
            zone_in_force = zone_named(m.group("zone")) or zone_in_force
        zone = zone_in_force
        own_day = None
        if m.group("day"):
            month = MONTHS.get(m.group("month").lower())
            if month is None:
                raise InputError(source, "a month name", line=i + 1, got=m.group("month"))
            year = int(m.group("year") or (base_day.year if base_day else 0) or 0)
            if not year:
                raise InputError(source, "a year (in the heading, the line or --date)",
                                 line=i + 1)
            try:
                own_day = date(year, month, int(m.group("day")))
            except ValueError:  # "31 November 2024"
                raise InputError(source, "a real date", line=i + 1,
                                 got=lines[i].strip()) from None
        inline.append(m.group("inline") or "")
        time_text = lines[i].strip()
        if inline[-1]:
            time_text = time_text[:m.start("inline")].rstrip(" -–—:|")
        stamps.append((hh, mm, zone, own_day, time_text))
    current = stamps[0][3] or base_day
    if current is None:
        raise InputError(source, "a date: in a heading above the notes ('5 November 2024'), "
                         "on the time lines, or with --date", line=starts[0] + 1)
    ascending = _ascending([(h, m) for h, m, *_ in stamps])
    times: list[datetime] = []
    prev: tuple[int, int] | None = None
    for k, (hh, mm, zone, own_day, time_text) in enumerate(stamps):
        try:  # year 1 or 9999 can leave the calendar in UTC or past midnight
            if own_day is not None:
                current = own_day
            elif prev is not None:
                if ascending and (hh, mm) < prev:
                    current = current + timedelta(days=1)  # past midnight
                elif not ascending and (hh, mm) > prev:
                    current = current - timedelta(days=1)
            prev = (hh, mm)
            when = datetime(current.year, current.month, current.day, hh, mm,
                            tzinfo=zone).astimezone(UTC)
        except OverflowError:
            raise InputError(source, "a date between years 1 and 9999",
                             line=starts[k] + 1, got=time_text) from None
        times.append(when)
    ordinals = ordinals_from_oldest(times, newest_first=not ascending)
    events: list[LiveEvent] = []
    warnings: list[str] = []
    for k, when in enumerate(times):
        end = starts[k + 1] if k + 1 < len(starts) else len(lines)
        block = "\n".join([inline[k], *lines[starts[k] + 1:end]]).strip()
        if not block:
            continue
        first, _, rest = block.partition("\n")
        title = first.strip() if len(first) <= 140 else first_sentence(first)
        body = rest.strip() if len(first) <= 140 else block
        events.append(make_event(prefix="note", key=f"{when.isoformat()}|{ordinals[k]}",
                                 time=when, title=title, body=body,
                                 results=results, source=source, time_text=stamps[k][4],
                                 warnings=warnings, where=f"{source}, line {starts[k] + 1}"))
    return Imported(dedupe(events), "notes", None, warnings)


def _heading_day(heading: str) -> date | None:
    m = _HEAD_DATE.search(heading)
    if not m:
        return None
    month = MONTHS.get(m.group("month").lower())
    return date(int(m.group("year")), month, int(m.group("day"))) if month else None


def _ascending(times: list[tuple[int, int]]) -> bool:
    ups, downs = rises_and_falls(times)
    return ups >= downs
