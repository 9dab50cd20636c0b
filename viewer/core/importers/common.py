"""What every importer shares: the result bundle, ids, text clean-up, caps, calls."""

from __future__ import annotations

import hashlib
import html
import re
from dataclasses import dataclass, field
from datetime import datetime
from html.parser import HTMLParser

from viewer.core.calls import CallReading, read_call
from viewer.core.events import LiveEvent
from viewer.core.mentions import find_units
from viewer.core.results import ElectionResults

MAX_INPUT_BYTES = 20_000_000
MAX_TITLE = 500
MAX_BODY = 50_000
MAX_EVENTS = 50_000


@dataclass(frozen=True)
class Snapshot:
    """Totals quoted at the top of a copied results page."""

    source: str
    electoral_votes: dict[str, int] = field(default_factory=dict)
    votes: dict[str, int] = field(default_factory=dict)
    shares: dict[str, float] = field(default_factory=dict)
    results_to_go: int | None = None

    def compare(self, results: ElectionResults) -> list[str]:
        """One line per figure: agrees with the loaded results, or by how much it differs."""
        lines = []
        totals = results.tally().totals
        pv = results.popular_vote()
        for party, ev in self.electoral_votes.items():
            name = results.candidate(party).name
            have = totals.get(party, 0)
            lines.append(f"{name}: {ev} electoral votes — " +
                         ("agrees" if ev == have else f"loaded results say {have} "
                          f"({ev - have:+d})"))
        for party, n in self.votes.items():
            name = results.candidate(party).name
            if pv is None:
                lines.append(f"{name}: {n:,} votes — no vote counts loaded to compare")
                continue
            have = pv[0].get(party, 0)
            lines.append(f"{name}: {n:,} votes — " + ("agrees" if n == have else
                         f"loaded results say {have:,} ({n - have:+,})"))
        return lines


@dataclass
class Imported:
    events: list[LiveEvent]
    format: str
    snapshot: Snapshot | None = None
    warnings: list[str] = field(default_factory=list)


def event_id(prefix: str, *parts: str) -> str:
    digest = hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:12]
    return f"{prefix}-{digest}"


def clip(text: str, cap: int) -> str:
    return text if len(text) <= cap else text[: cap - 1] + "…"


def first_sentence(text: str, cap: int = 140) -> str:
    text = " ".join(text.split())
    m = re.match(r"(.+?[.!?])(\s|$)", text)
    return clip(m.group(1) if m else text, cap)


class _TextOnly(HTMLParser):
    """Keeps text, turns block elements into paragraphs and table cells into " | "-separated
    columns of their row, drops scripts and styles. Nothing is ever loaded."""

    _BLOCK = frozenset({
        "p", "div", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6",
        "blockquote", "tr", "table", "thead", "tbody", "tfoot", "caption", "section",
        "article", "aside", "header", "footer", "figure", "figcaption", "pre", "address",
        "hr", "main", "nav", "details", "summary"})
    _CELL = frozenset({"td", "th"})
    _SKIP = frozenset({"script", "style", "noscript", "template"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0
        self._cells = 0  # cells so far in the current row

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self._skip += 1
        elif tag == "br":
            self.parts.append("\n")
        elif tag in self._CELL:
            if self._cells:
                self.parts.append(" | ")
            self._cells += 1
        elif tag in self._BLOCK:
            self.parts.append("\n\n")
            if tag == "tr":
                self._cells = 0

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self._skip = max(0, self._skip - 1)
        elif tag in self._BLOCK:
            self.parts.append("\n\n")
            if tag == "tr":
                self._cells = 0
        elif tag in self._CELL:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_to_text(markup: str) -> str:
    """Plain text of an HTML fragment: tags, scripts and images are gone, never loaded."""
    if "<" not in markup and "&" not in markup:
        return normalise_paragraphs(markup)
    parser = _TextOnly()
    try:
        parser.feed(markup)
        parser.close()
    except Exception:  # a broken fragment: fall back to removing anything tag-like
        return normalise_paragraphs(html.unescape(re.sub(r"<[^>]*>", " ", markup)))
    return normalise_paragraphs("".join(parser.parts))


def normalise_paragraphs(text: str) -> str:
    """Paragraphs separated by one blank line, white space folded inside each. Every
    paragraph is kept, repeats too ("Arizona / Trump / Georgia / Trump" is a list)."""
    paragraphs = (" ".join(block.split())
                  for block in re.split(r"\n\s*\n", text.replace("\r\n", "\n")))
    return "\n\n".join(p for p in paragraphs if p)


def drop_whole_repeat(paragraphs: list[str]) -> list[str]:
    """A text pasted twice (or more) as a whole, once; anything else unchanged."""
    n = len(paragraphs)
    for times in range(n, 1, -1):
        if n % times == 0:
            size = n // times
            if paragraphs == paragraphs[:size] * times:
                return paragraphs[:size]
    return paragraphs


def candidate_names(results: ElectionResults | None) -> dict[str, str]:
    """Name forms (full name, surname) -> party, from the loaded results only."""
    names: dict[str, str] = {}
    if results is None:
        return names
    for c in results.candidates:
        for n in (c.name, c.surname):
            if n:
                names[n.lower()] = c.party
    return names


def detect_call(title: str, results: ElectionResults | None) -> CallReading:
    """The race calls a headline makes, for the loaded results' candidates and year."""
    if results is None:
        return CallReading()
    return read_call(title, candidate_names(results), results.year)


# ANSI escape sequences and control characters other than newline and tab: never text.
_CONTROL = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|"
                      r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def strip_controls(text: str) -> str:
    return _CONTROL.sub("", text)


def make_event(*, prefix: str, key: str, time: datetime, title: str, body: str,
               results: ElectionResults | None, source: str, time_text: str = "",
               breaking: bool = False, author: str = "", role: str = "",
               eid: str | None = None, warnings: list[str] | None = None,
               where: str = "") -> LiveEvent:
    """An event from an entry's parts. A body over the cap is cut with a warning (into
    ``warnings``) naming ``where`` the entry is and how much was kept."""
    title = clip(" ".join(strip_controls(title).split()), MAX_TITLE)
    body = strip_controls(body)
    if len(body) > MAX_BODY:
        if warnings is not None:
            warnings.append(f"{where or source}: text of {title[:60]!r} cut at "
                            f"{MAX_BODY:,} of {len(body):,} characters (after "
                            f"{body[MAX_BODY - 41:MAX_BODY - 1]!r})")
        body = clip(body, MAX_BODY)
    reading = detect_call(title, results)
    units = find_units(f"{title}\n{body}")
    extra = [c.unit for c in reading.calls] + list(reading.retracts)
    units = (*[u for u in dict.fromkeys(extra) if u not in units], *units)
    concession = bool(re.search(r"\bconced", f"{title} {body[:300]}", re.IGNORECASE))
    return LiveEvent(
        id=eid or event_id(prefix, key), time=time, title=title, body=body, units=units,
        breaking=breaking, calls=reading.calls, concession=concession,
        author=clip(strip_controls(author), 200), role=clip(strip_controls(role), 200),
        source=source, time_text=strip_controls(time_text), retracts=reading.retracts,
        call_note=reading.reason,
    )


def dedupe(events: list[LiveEvent]) -> list[LiveEvent]:
    """Drop repeated entries (same id, or same title at the same time), keeping the first."""
    seen_ids: set[str] = set()
    seen_keys: set[tuple[str, datetime]] = set()
    out = []
    for e in events:
        key = (e.title.casefold(), e.time)
        if e.id in seen_ids or key in seen_keys:
            continue
        seen_ids.add(e.id)
        seen_keys.add(key)
        out.append(e)
    return out
