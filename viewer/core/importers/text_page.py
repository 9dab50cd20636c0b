"""Text copied from a live results page.

The shape (as in the seed page of 6 November 2024): an optional results header
("X of the Y party has 226 electoral college votes.", "… has 74,332,556 votes (48.3%)",
"0 results to go"), then numbered entries whose headline runs straight into
"published at 19:36 Greenwich Mean Time 6 November", followed by optional "Breaking",
author and role lines, image/media captions (not body text), paragraphs and bullets.
An entry's headline may also stand on its own line above "published at", and same-day
entries may give a time without a date (it is taken from the entries around them, with a
warning). Text with no such entries is read as one article (a page pasted twice, once).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any

from viewer.core.errors import InputError
from viewer.core.importers.common import (
    MAX_EVENTS,
    Imported,
    Snapshot,
    dedupe,
    drop_whole_repeat,
    first_sentence,
    make_event,
    normalise_paragraphs,
)
from viewer.core.importers.timezones import zone_named, zone_names_pattern
from viewer.core.results import ElectionResults

MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august",
     "september", "october", "november", "december"], 1)}
MONTHS.update({k[:3]: v for k, v in list(MONTHS.items())})

ENTRY = re.compile(
    r"^\s*(?:\d{1,4}\.\s+)?(?P<title>.*?)\s*published at\s+(?P<hh>\d{1,2}):(?P<mm>\d{2})\s+"
    rf"(?P<zone>{zone_names_pattern()})(?:\s+(?P<day>\d{{1,2}})\s+(?P<month>[A-Za-z]+)"
    r"(?:\s+(?P<year>\d{4}))?)?\s*$", re.IGNORECASE)
_NUMBER_ONLY = re.compile(r"^\s*\d{1,4}\.?\s*$")
_HEAD_DATE = re.compile(r"\b(?P<day>\d{1,2})\s+(?P<month>[A-Za-z]+)\s+(?P<year>\d{4})\b|"
                        r"\b(?P<month2>[A-Za-z]+)\s+(?P<day2>\d{1,2}),?\s+(?P<year2>\d{4})\b")
_EV = re.compile(r"(?P<name>[A-Z][\w.'’ -]{1,60}?) of the [\w .'-]{1,40}? party has "
                 r"(?P<n>[\d,]+) electoral college votes")
_VOTES = re.compile(r"(?P<name>[A-Z][\w.'’ -]{1,60}?) of the [\w .'-]{1,40}? party has "
                    r"(?P<n>[\d,]+) votes \((?P<pct>[\d.]+)%\)")
_TO_GO = re.compile(r"\b(?P<n>\d+) results? to go\b", re.IGNORECASE)
_YEAR_HINT = re.compile(r"\b(?:election|results?)\s+(?P<y>20\d\d)\b|\b(?P<y2>20\d\d)\s+election",
                        re.IGNORECASE)
_IMAGE_SOURCE = re.compile(r"Image source,\s*[^\n]*$")
_CAPTION_MARKERS = ("Image caption,", "Media caption,")


def looks_like(text: str) -> bool:
    return any(ENTRY.match(line) for line in text.splitlines()[:5000])


def parse_text_page(text: str, results: ElectionResults | None, source: str,
                    year: int | None = None, fallback_time: datetime | None = None,
                    day: date | None = None) -> Imported:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    entries = {i: m for i, line in enumerate(lines) if (m := ENTRY.match(line))}
    heads = list(entries)
    header_end = heads[0] if heads else len(lines)
    if heads and not entries[heads[0]].group("title").strip():
        header_end = _title_line_above(lines, heads[0], 0) or header_end
    header = "\n".join(lines[:header_end])
    snapshot = read_snapshot(header, results, source)
    year = year or _year_hint(header) or (results.year if results else None)
    warnings: list[str] = []
    if not heads:
        return _as_article(text, results, source, snapshot, fallback_time)
    if year is None:
        raise InputError(source, "a year for dates such as '6 November' (give --year)",
                         line=heads[0] + 1)
    heads = heads[:MAX_EVENTS]
    # A headline on its own line above "published at …" belongs to that entry, not to the
    # end of the entry before it.
    titles: list[str] = []
    ends: list[int] = []
    for k, start in enumerate(heads):
        title = entries[start].group("title").strip()
        floor = heads[k - 1] + 1 if k else 0
        if not title:
            i = _title_line_above(lines, start, floor)
            if i is not None:
                title = re.sub(r"^\s*\d{1,4}\.\s+", "", lines[i]).strip()
                if k:
                    ends[k - 1] = min(ends[k - 1], i)
        titles.append(title)
        ends.append(heads[k + 1] if k + 1 < len(heads) else len(lines))
    stamps = _timestamps([entries[i] for i in heads], year,
                         _header_day(header) or day, source, heads, warnings)
    newest_first = _newest_first([t for t in stamps if t is not None])
    ordinals = ordinals_from_oldest(stamps, newest_first)
    events = []
    for k, start in enumerate(heads):
        when = stamps[k]
        if when is None:
            continue
        title = titles[k]
        if not title:
            warnings.append(f"{source}, line {start + 1}: entry without a headline; its first "
                            "sentence is used")
        breaking, author, role, body = _body(lines[start + 1:ends[k]])
        title = title or first_sentence(body) or "(untitled)"
        time_text = lines[start][lines[start].lower().index("published at"):].strip()
        events.append(make_event(prefix="txt", key=f"{when.isoformat()}|{ordinals[k]}",
                                 time=when, title=title, body=body, results=results,
                                 source=source, time_text=time_text, breaking=breaking,
                                 author=author, role=role, warnings=warnings,
                                 where=f"{source}, line {start + 1}"))
    if len(heads) == MAX_EVENTS and len(heads) < sum(1 for line in lines if ENTRY.match(line)):
        warnings.append(f"{source}: only the first {MAX_EVENTS:,} entries were read")
    return Imported(dedupe(events), "text", snapshot, warnings)


def _title_line_above(lines: list[str], start: int, floor: int) -> int | None:
    """The line just above an entry's "published at" line that holds its headline."""
    i = start - 1
    while i >= floor and (not lines[i].strip() or _NUMBER_ONLY.match(lines[i])):
        i -= 1
    if i < floor or len(lines[i].strip()) > 300:
        return None
    return i


def _timestamps(matches: list[re.Match[str]], year: int, page_day: date | None, source: str,
                heads: list[int], warnings: list[str]) -> list[datetime | None]:
    """Each entry's time in UTC, or None (skipped, with a warning). Entries with a time but
    no date (same-day posts) take the date of the nearest dated entry, else the page's."""
    local: list[tuple[int, int, tzinfo] | None] = []
    dated: list[date | None] = []
    for m, line in zip(matches, heads, strict=True):
        zone = zone_named(m.group("zone"))
        hh, mm = int(m.group("hh")), int(m.group("mm"))
        try:
            if zone is None:
                raise ValueError(f"unknown time zone {m.group('zone')!r}")
            if hh > 23 or mm > 59:
                raise ValueError(f"no such time of day {hh:02d}:{mm:02d}")
            d = None
            if m.group("day"):
                month = MONTHS.get(m.group("month").lower())
                if month is None:
                    raise ValueError(f"unknown month {m.group('month')!r}")
                d = date(int(m.group("year") or year), month, int(m.group("day")))
        except ValueError as exc:
            warnings.append(f"{source}, line {line + 1}: entry skipped, {exc}")
            local.append(None)
            dated.append(None)
            continue
        local.append((hh, mm, zone))
        dated.append(d)
    clocks = {k: t for k, t in enumerate(local) if t is not None}  # every dated entry's too
    known = [(k, d) for k, d in enumerate(dated) if d is not None]
    undated = [k for k in clocks if dated[k] is None]
    if undated:
        # Local wall-clock times order the page well enough to say which way it runs.
        newest_first = _newest_first([datetime(d.year, d.month, d.day, *clocks[k][:2])
                                      for k, d in known])
        for k in undated:
            hh, mm, zone = clocks[k]
            if known:
                j, d = min(known, key=lambda kd: abs(kd[0] - k))
                hj, mj, _ = clocks[j]
                # Keep the page's order: a same-day post above an older entry is later.
                later = (k < j) == newest_first
                if later and (hh, mm) < (hj, mj):
                    d = d + timedelta(days=1)
                elif not later and (hh, mm) > (hj, mj):
                    d = d - timedelta(days=1)
                dated[k] = d
            elif page_day is not None:
                dated[k] = page_day
            else:
                warnings.append(f"{source}, line {heads[k] + 1}: entry skipped, it has a time "
                                "but no date, and no other entry or heading gives one "
                                "(give --date)")
                local[k] = None
        taken = [k for k in undated if local[k] is not None]
        if taken:
            lines_named = ", ".join(str(heads[k] + 1) for k in taken[:5])
            more = f" and {len(taken) - 5} more" if len(taken) > 5 else ""
            one = len(taken) == 1
            warnings.append(f"{source}: {len(taken)} {'entry' if one else 'entries'} had a "
                            f"time but no date (line{'' if one else 's'} {lines_named}{more}); "
                            f"{'its' if one else 'their'} date was taken from the entries "
                            "around or the page's heading")
    out: list[datetime | None] = []
    for k, t in enumerate(local):
        d = dated[k]
        if t is None or d is None:
            out.append(None)
            continue
        try:
            out.append(_at(d, *t))
        except (ValueError, OverflowError):
            warnings.append(f"{source}, line {heads[k] + 1}: entry skipped, its time cannot "
                            "be placed in UTC")
            out.append(None)
    return out


def _at(d: date, hh: int, mm: int, zone: tzinfo) -> datetime:
    return datetime(d.year, d.month, d.day, hh, mm, tzinfo=zone).astimezone(UTC)


def rises_and_falls(values: Sequence[Any]) -> tuple[int, int]:
    """How often a value is greater, and how often smaller, than the one before it: which
    way a page or notes run in time."""
    pairs = list(itertools.pairwise(values))
    return sum(1 for a, b in pairs if b > a), sum(1 for a, b in pairs if b < a)


def _newest_first(times: list[datetime]) -> bool:
    """Live pages list the newest entry first; an oldest-first page says so by its times."""
    ups, downs = rises_and_falls(times)
    return downs >= ups


def ordinals_from_oldest(stamps: Sequence[datetime | None], newest_first: bool) -> list[int]:
    """Which entry at the same minute this is, counted from the oldest end of the page, so
    that an id survives a headline edit and entries added at the newest end."""
    order = range(len(stamps) - 1, -1, -1) if newest_first else range(len(stamps))
    seen: dict[datetime, int] = {}
    out = [0] * len(stamps)
    for k in order:
        t = stamps[k]
        if t is not None:
            seen[t] = seen.get(t, 0) + 1
            out[k] = seen[t]
    return out


def _header_day(header: str) -> date | None:
    for m in _HEAD_DATE.finditer(header):
        month = MONTHS.get((m.group("month") or m.group("month2")).lower())
        if month is None:
            continue
        try:
            return date(int(m.group("year") or m.group("year2")), month,
                        int(m.group("day") or m.group("day2")))
        except ValueError:
            continue
    return None


_NOT_A_NAME = frozenset({
    "the", "what", "how", "why", "key", "latest", "live", "update", "analysis", "watch",
    "more", "read", "breaking", "results", "here", "this", "our", "in", "on", "at", "a", "an",
    "who", "where", "when", "election", "vote", "votes", "state", "states"})


def _body(lines: list[str]) -> tuple[bool, str, str, str]:
    """(breaking, author, role, body) from the lines under a headline. Every line is kept,
    in order, but for picture furniture: "<alt text>Image source, Agency" lines, the
    "Image caption," / "Media caption," markers, and a picture's alt-text line right above
    an "Image caption," marker. Captions themselves are text and stay."""
    content: list[str] = []
    previous = ""  # what the previous non-blank line was: "text", "picture" or "marker"
    adjacent = False  # no blank line between the previous non-blank line and this one
    for raw in lines:
        line = raw.strip()
        if not line:
            adjacent = False
            continue
        if line in _CAPTION_MARKERS:
            if (line.startswith("Image") and previous == "text" and adjacent and content
                    and not content[-1].endswith((".", "!", "?", '"', "”", ":"))):
                content.pop()  # the picture's description, written for screen readers
            previous, adjacent = "marker", True
            continue
        if _IMAGE_SOURCE.search(line):
            previous, adjacent = "picture", True
            continue  # "<alt text>Image source, Agency": a picture, not body text
        content.append(line)
        previous, adjacent = "text", True
    breaking = bool(content) and content[0].lower() == "breaking"
    if breaking:
        content = content[1:]
    author = role = ""
    # A byline is a name with a role under it ("Sarah Fowler" / "Live reporter"); a short
    # title-case line without one is a subheading and stays in the text.
    if len(content) > 2 and _is_name(content[0]) and _is_role(content[1]):
        author, role = content[0], content[1]
        content = content[2:]
    body = normalise_paragraphs("\n\n".join(content))
    return breaking, author, role, body


def _is_name(line: str) -> bool:
    words = line.split()
    return (1 < len(words) <= 4 and not line.endswith((".", ":", "?", "!", '"', "”"))
            and all(w[:1].isupper() for w in words) and not any(c.isdigit() for c in line)
            and words[0].lower() not in _NOT_A_NAME)


def _is_role(line: str) -> bool:
    words = line.split()
    return (0 < len(words) <= 6 and not line.endswith((".", ":", "?", "!", '"', "”"))
            and line[:1].isupper() and not any(c.isdigit() for c in line))


def _year_hint(text: str) -> int | None:
    m = _YEAR_HINT.search(text)
    if not m:
        return None
    return int(m.group("y") or m.group("y2"))


def read_snapshot(text: str, results: ElectionResults | None, source: str) -> Snapshot | None:
    """The totals a results page quotes above its entries, mapped to parties by name."""
    names = {}
    if results is not None:
        for c in results.candidates:
            names[c.name.lower()] = c.party
            names[c.surname.lower()] = c.party

    def party_of(name: str) -> str | None:
        key = " ".join(name.split()).lower()
        if key in names:
            return names[key]
        parts = key.split()
        return names.get(parts[-1]) if parts else None

    evs: dict[str, int] = {}
    votes: dict[str, int] = {}
    shares: dict[str, float] = {}
    for m in _EV.finditer(text):
        p = party_of(m.group("name"))
        if p:
            evs[p] = int(m.group("n").replace(",", ""))
    for m in _VOTES.finditer(text):
        p = party_of(m.group("name"))
        if p:
            votes[p] = int(m.group("n").replace(",", ""))
            shares[p] = float(m.group("pct"))
    to_go = _TO_GO.search(text)
    if not (evs or votes):
        return None
    return Snapshot(source, evs, votes, shares, int(to_go.group("n")) if to_go else None)


def _as_article(text: str, results: ElectionResults | None, source: str,
                snapshot: Snapshot | None, when: datetime | None) -> Imported:
    if snapshot is not None:
        # The quoted totals are the snapshot, not the article's first sentence.
        text = _EV.sub("", _VOTES.sub("", text))
    # In copied text every line is a paragraph; very long ones are split at sentence ends
    # so that a page pasted twice shows its text once.
    lines = [line for line in text.splitlines() if line.strip()]
    paragraphs = normalise_paragraphs(_split_long_paragraphs("\n\n".join(lines)))
    body = "\n\n".join(drop_whole_repeat(paragraphs.split("\n\n"))) if paragraphs else ""
    if not body:
        raise InputError(source, "live-blog entries ('… published at HH:MM GMT 6 November') "
                         "or article text", got="no text")
    if when is None:
        raise InputError(source, "a time for an article without entries (give --date)")
    title = first_sentence(body)
    event = make_event(prefix="art", key=body[:2000], time=when, title=title, body=body,
                       results=results, source=source)
    return Imported([event], "text", snapshot, [f"{source}: no timed entries found; read as "
                                                 "one article"])


def _split_long_paragraphs(text: str) -> str:
    """A page pasted twice on one line: split at sentence ends so the repeat is found."""
    out = []
    for block in re.split(r"\n\s*\n", text):
        block = " ".join(block.split())
        if len(block) > 1500:
            sentences = re.split(r"(?<=[.!?'’\"])\s+(?=[A-Z])", block)
            out.append("\n\n".join(sentences))
        else:
            out.append(block)
    return "\n\n".join(out)
