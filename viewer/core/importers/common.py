"""What every importer shares: the result bundle, ids, text clean-up, caps, calls."""

from __future__ import annotations

import hashlib
import html
import re
from dataclasses import dataclass, field
from datetime import datetime
from html.parser import HTMLParser

from viewer.core.electoral import tally
from viewer.core.events import Call, LiveEvent
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
        totals = tally(results.winners, results.electoral_votes, results.parties).totals
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
    """Keeps text, turns block ends into paragraph breaks, drops scripts and styles."""

    _BLOCK = frozenset({"p", "div", "br", "li", "h1", "h2", "h3", "h4", "blockquote", "tr",
                        "section"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "noscript"):
            self._skip += 1
        elif tag == "br":
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "noscript"):
            self._skip = max(0, self._skip - 1)
        elif tag in self._BLOCK:
            self.parts.append("\n\n")

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
    """Paragraphs separated by one blank line; a paragraph repeated later is dropped."""
    paragraphs = []
    seen: set[str] = set()
    for block in re.split(r"\n\s*\n", text.replace("\r\n", "\n")):
        para = " ".join(block.split())
        if para and para not in seen:
            seen.add(para)
            paragraphs.append(para)
    return "\n\n".join(paragraphs)


_CALL_VERBS = re.compile(r"\b(projected|projects|called|calls|wins|won|takes|took|carries|"
                         r"carried|flips|holds|forecast)\b|:", re.IGNORECASE)
_DOWN_BALLOT = re.compile(r"\b(senate|house|governor|seat|mayor|referendum|ballot measure)\b",
                          re.IGNORECASE)


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


def detect_call(title: str, results: ElectionResults | None) -> Call | None:
    """A race call in a headline: "Michigan projected for Trump", "Trump wins Georgia",
    "Harris: New York". Candidates map to parties through the loaded results."""
    names = candidate_names(results)
    if not names or _DOWN_BALLOT.search(title) or not _CALL_VERBS.search(title):
        return None
    lowered = title.lower()
    parties = {party for name, party in names.items()
               if re.search(rf"(?<![\w']){re.escape(name)}(?!['’]s)\b", lowered)}
    units = find_units(title)
    if len(parties) != 1 or len(units) != 1:
        return None
    return Call(units[0], parties.pop())


def make_event(*, prefix: str, key: str, time: datetime, title: str, body: str,
               results: ElectionResults | None, source: str, time_text: str = "",
               breaking: bool = False, author: str = "", role: str = "",
               eid: str | None = None) -> LiveEvent:
    title = clip(" ".join(title.split()), MAX_TITLE)
    body = clip(body, MAX_BODY)
    call = detect_call(title, results)
    units = find_units(f"{title}\n{body}")
    if call is not None and call.unit not in units:
        units = (call.unit, *units)
    concession = bool(re.search(r"\bconced", f"{title} {body[:300]}", re.IGNORECASE))
    return LiveEvent(
        id=eid or event_id(prefix, key), time=time, title=title, body=body, units=units,
        breaking=breaking, call=call, concession=concession, author=clip(author, 200),
        role=clip(role, 200), source=source, time_text=time_text,
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
