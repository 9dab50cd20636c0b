"""One entry point for every format: detect it from the content, parse, and merge."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime
from pathlib import Path

from viewer.core.errors import InputError
from viewer.core.events import LiveEvent, sort_newest_first
from viewer.core.importers import notes, text_page
from viewer.core.importers.common import MAX_INPUT_BYTES, Imported
from viewer.core.importers.feeds import parse_feed, parse_html_liveblog, parse_json_feed
from viewer.core.results import ElectionResults
from viewer.core.safe_read import loads_json, read_capped

FORMATS = ("auto", "text", "notes", "rss", "atom", "jsonfeed", "html")


def detect_format(data: bytes) -> str:
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"{") or head.startswith(b"["):
        return "jsonfeed" if b"jsonfeed.org/version" in data[:20000].lower() else "json"
    if head.startswith(b"<?xml") or b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head:
        return "rss"
    if b"<html" in head or b"<!doctype html" in head or b"application/ld+json" in data.lower():
        return "html"
    text = data[:2_000_000].decode("utf-8", errors="replace")
    if text_page.looks_like(text):
        return "text"
    if notes.looks_like(text):
        return "notes"
    return "text"


def import_bytes(data: bytes, source: str, results: ElectionResults | None, *,
                 fmt: str = "auto", year: int | None = None, day: date | None = None,
                 fallback_time: datetime | None = None) -> Imported:
    """Parse live-blog input; InputError names the source and the format expected."""
    if len(data) > MAX_INPUT_BYTES:
        raise InputError(source, f"a live blog under {MAX_INPUT_BYTES // 1_000_000} MB",
                         got=f"{len(data):,} bytes")
    if fmt not in FORMATS:
        raise InputError(source, f"a format among {', '.join(FORMATS)}", got=fmt)
    found = detect_format(data)
    chosen = found if fmt == "auto" else fmt
    if fmt != "auto" and not _compatible(fmt, found):
        raise InputError(source, f"{_describe(fmt)} (as --format {fmt} says)",
                         got=f"what looks like {_describe(found)}")
    if chosen in ("rss", "atom"):
        return parse_feed(data, results, source)
    text = _decode(data, source)
    if chosen in ("jsonfeed", "json"):
        doc = loads_json(text, source)
        if not isinstance(doc, dict) or "items" not in doc:
            raise InputError(source, "a JSON Feed (an object with 'version' and 'items')")
        return parse_json_feed(doc, results, source)
    if chosen == "html":
        return parse_html_liveblog(text, results, source)
    if chosen == "notes":
        return notes.parse_notes(text, results, source, day=day)
    when = fallback_time or (datetime(day.year, day.month, day.day, 12, tzinfo=UTC) if day
                             else None)
    return text_page.parse_text_page(text, results, source, year=year, fallback_time=when)


def import_path(path: Path, results: ElectionResults | None, **kw: object) -> Imported:
    data = read_capped(path, MAX_INPUT_BYTES, "live blog")
    try:
        mtime = datetime.fromtimestamp(path.stat().st_mtime, UTC)
    except OSError:
        mtime = datetime.now(UTC)
    kw.setdefault("fallback_time", mtime)
    return import_bytes(data, str(path), results, **kw)  # type: ignore[arg-type]


def merge(shown: Iterable[LiveEvent], incoming: Iterable[LiveEvent]) -> tuple[list[LiveEvent],
                                                                            list[LiveEvent]]:
    """Merge a poll into what is shown: same id (else same headline and time) updates in
    place; events that dropped out of the feed stay. Returns (all events, new ones)."""
    by_id: dict[str, LiveEvent] = {}
    by_key: dict[tuple[str, datetime], str] = {}
    for e in shown:
        by_id[e.id] = e
        by_key[(e.title.casefold(), e.time)] = e.id
    new: list[LiveEvent] = []
    for e in incoming:
        existing = e.id if e.id in by_id else by_key.get((e.title.casefold(), e.time))
        if existing is None:
            new.append(e)
            by_id[e.id] = e
        else:
            by_id[existing] = e if e.id == existing else _with_id(e, existing)
        by_key[(e.title.casefold(), e.time)] = existing or e.id
    return sort_newest_first(by_id.values()), new


def _with_id(e: LiveEvent, eid: str) -> LiveEvent:
    from dataclasses import replace

    return replace(e, id=eid)


def _decode(data: bytes, source: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")  # copied text from older tools


def _compatible(asked: str, found: str) -> bool:
    groups = [{"rss", "atom"}, {"jsonfeed", "json"}, {"html"}, {"text", "notes"}]
    return any(asked in g and found in g for g in groups)


def _describe(fmt: str) -> str:
    return {"rss": "an RSS or Atom feed", "atom": "an RSS or Atom feed",
            "jsonfeed": "a JSON Feed", "json": "JSON", "html": "a saved HTML page",
            "text": "copied live-page text", "notes": "timestamped notes"}.get(fmt, fmt)
