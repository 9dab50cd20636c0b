"""Text copied from a live results page.

The shape (as in the seed page of 6 November 2024): an optional results header
("X of the Y party has 226 electoral college votes.", "… has 74,332,556 votes (48.3%)",
"0 results to go"), then numbered entries whose headline runs straight into
"published at 19:36 Greenwich Mean Time 6 November", followed by optional "Breaking",
author and role lines, image/media captions (not body text), paragraphs and bullets.
Text with no such entries is read as one article (its repeated paragraphs dropped).
"""

from __future__ import annotations

import re
from datetime import date, datetime

from viewer.core.errors import InputError
from viewer.core.importers.common import (
    MAX_EVENTS,
    Imported,
    Snapshot,
    dedupe,
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
    rf"(?P<zone>{zone_names_pattern()})\s+(?P<day>\d{{1,2}})\s+(?P<month>[A-Za-z]+)"
    r"(?:\s+(?P<year>\d{4}))?\s*$", re.IGNORECASE)
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
                    ) -> Imported:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    heads = [i for i, line in enumerate(lines) if ENTRY.match(line)]
    header_end = heads[0] if heads else len(lines)
    snapshot = read_snapshot("\n".join(lines[:header_end]), results, source)
    year = year or _year_hint("\n".join(lines[:header_end])) or (results.year if results
                                                                 else None)
    warnings: list[str] = []
    if not heads:
        return _as_article(text, results, source, snapshot, fallback_time)
    if year is None:
        raise InputError(source, "a year for dates such as '6 November' (give --year)",
                         line=heads[0] + 1)
    events = []
    for k, start in enumerate(heads[:MAX_EVENTS]):
        end = heads[k + 1] if k + 1 < len(heads) else len(lines)
        m = ENTRY.match(lines[start])
        assert m is not None
        try:
            when = _timestamp(m, year)
        except ValueError as exc:
            warnings.append(f"{source}, line {start + 1}: entry skipped, {exc}")
            continue
        title = m.group("title").strip() or "(untitled)"
        breaking, author, role, body = _body(lines[start + 1:end])
        time_text = lines[start][lines[start].lower().index("published at"):].strip()
        events.append(make_event(prefix="txt", key=f"{when.isoformat()}|{title}", time=when,
                                 title=title, body=body, results=results, source=source,
                                 time_text=time_text, breaking=breaking, author=author,
                                 role=role))
    if len(heads) > MAX_EVENTS:
        warnings.append(f"{source}: only the first {MAX_EVENTS:,} entries were read")
    return Imported(dedupe(events), "text", snapshot, warnings)


def _timestamp(m: re.Match[str], year: int) -> datetime:
    month = MONTHS.get(m.group("month").lower())
    if month is None:
        raise ValueError(f"unknown month {m.group('month')!r}")
    zone = zone_named(m.group("zone"))
    if zone is None:
        raise ValueError(f"unknown time zone {m.group('zone')!r}")
    y = int(m.group("year")) if m.group("year") else year
    d = date(y, month, int(m.group("day")))
    local = datetime(d.year, d.month, d.day, int(m.group("hh")), int(m.group("mm")), tzinfo=zone)
    from datetime import UTC

    return local.astimezone(UTC)


def _body(lines: list[str]) -> tuple[bool, str, str, str]:
    """(breaking, author, role, body) from the lines under a headline."""
    cleaned: list[str] = []
    skip_next = False
    for raw in lines:
        line = raw.strip()
        if not line:
            cleaned.append("")
            continue
        if skip_next:
            skip_next = False
            continue
        if line in _CAPTION_MARKERS:
            # The line above is the picture's description, the next one its caption.
            while cleaned and cleaned[-1] == "":
                cleaned.pop()
            if cleaned:
                cleaned.pop()
            skip_next = True
            continue
        if _IMAGE_SOURCE.search(line):
            continue  # "<alt text>Image source, Agency": a picture, not body text
        cleaned.append(line)
    # Drop the blank lines the captions left behind, keep paragraph breaks.
    content = [line for line in cleaned if line]
    breaking = bool(content) and content[0].lower() == "breaking"
    if breaking:
        content = content[1:]
    author = role = ""
    if content and _is_name(content[0]) and len(content) > 1:
        author = content.pop(0)
        if content and _is_role(content[0]) and len(content) > 1:
            role = content.pop(0)
    body = normalise_paragraphs("\n\n".join(content))
    return breaking, author, role, body


def _is_name(line: str) -> bool:
    words = line.split()
    return (1 < len(words) <= 4 and not line.endswith((".", ":", "?", "!", '"'))
            and all(w[:1].isupper() for w in words) and not any(c.isdigit() for c in line))


def _is_role(line: str) -> bool:
    words = line.split()
    return 0 < len(words) <= 6 and not line.endswith((".", ":", "?", "!", '"'))


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
    body = normalise_paragraphs(_split_long_paragraphs("\n\n".join(lines)))
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
