"""One entry point for every format: detect it from the content, parse, and merge."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, date, datetime
from pathlib import Path

from viewer.core.errors import InputError
from viewer.core.events import (
    LiveEvent,
    events_from_document,
    is_events_document,
    sort_newest_first,
)
from viewer.core.importers import notes, text_page
from viewer.core.importers.common import MAX_INPUT_BYTES, Imported
from viewer.core.importers.feeds import parse_feed, parse_html_liveblog, parse_json_feed
from viewer.core.results import ElectionResults
from viewer.core.safe_read import GZIP_MAGIC, decompress_capped, loads_json, read_capped

FORMATS = ("auto", "text", "notes", "rss", "atom", "jsonfeed", "html", "events")

# -- text or binary ----------------------------------------------------------------------
#
# Live blogs are text. Data is refused as "not text" when
#  * it starts with the magic number of a common binary format (images, archives, PDF...),
#  * it has a NUL byte in its first 8 KB, unless it is UTF-16 without a byte-order mark:
#    NULs only in every other byte, at least one byte in eight, and the whole decodes, or
#  * more than 1 in 20 of its first 64K characters, once decoded, are control characters
#    (C0 other than tab, newlines, vertical tab and form feed; DEL; C1) or undecodable.
#    Random bytes read as cp1252 give about 1 in 10; real text, even with stray terminal
#    colour codes, far fewer.
# Gzip data (magic 1f 8b) is decompressed first, under the same size cap.

_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"), (b"GIF89a", "a GIF image"), (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a zip archive (or an Office document)"), (b"PK\x05\x06", "a zip archive"),
    (GZIP_MAGIC, "gzip data"), (b"\xfd7zXZ\x00", "xz data"), (b"(\xb5/\xfd", "zstd data"),
    (b"7z\xbc\xaf'\x1c", "a 7-Zip archive"), (b"\x7fELF", "a program"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office document"),
    (b"SQLite format 3\x00", "an SQLite database"),
)
_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe\x00\x00", "utf-32"),
         (b"\x00\x00\xfe\xff", "utf-32"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd]")
_SAMPLE = 65_536
_MAX_CONTROL_SHARE = 0.05


def _binary_kind(data: bytes) -> str | None:
    return next((kind for magic, kind in _MAGIC if data.startswith(magic)), None)


def to_text(data: bytes, source: str) -> str:
    """The data as text: by byte-order mark, else UTF-8, else cp1252 (copied text from
    older tools). Binary data is refused as not text, naming what it looks like."""
    kind = _binary_kind(data)
    if kind is not None:
        raise InputError(source, "a live blog as text", got=f"not text: {kind}")
    decoded = _decode(data)
    if decoded is None or _mostly_controls(*decoded):
        raise InputError(source, "a live blog as text", got="not text: binary data")
    return decoded[0]


def _decode(data: bytes) -> tuple[str, bool] | None:
    """(text, whether U+FFFD marks undecodable bytes), or None for binary data."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data.decode(codec, errors="replace"), True
    head = data[:8192]
    if b"\x00" in head:
        # Only UTF-16 without a byte-order mark has NULs and is text: the high bytes of
        # ASCII characters, all on one side and many of them.
        even, odd = head[0::2].count(0), head[1::2].count(0)
        if (even and odd) or len(data) % 2 or max(even, odd) < len(head) // 8:
            return None
        try:
            return data.decode("utf-16-be" if even else "utf-16-le"), True
        except UnicodeDecodeError:
            return None
    try:
        return data.decode("utf-8"), True
    except UnicodeDecodeError:
        # cp1252 leaves five bytes undefined: rare in real text, not counted against it.
        return data.decode("cp1252", errors="replace"), False


def _mostly_controls(text: str, count_undecodable: bool) -> bool:
    sample = text[:_SAMPLE]
    bad = len(_CONTROL.findall(sample))
    if not count_undecodable:
        bad -= sample.count("\ufffd")
    return bad > _MAX_CONTROL_SHARE * len(sample)


# -- which format --------------------------------------------------------------------------

_ROOT = re.compile(r"<([A-Za-z_][\w:.-]*)")
_DOCTYPE = re.compile(r"<!doctype\s+([\w:.-]+)", re.IGNORECASE)
_LD_SCRIPT = re.compile(r"<script\b[^>]{0,2000}?application/ld\+json", re.IGNORECASE)
_FEED_ROOTS = ("rss", "feed", "rdf:rdf", "rdf")


def detect_format(data: bytes) -> str:
    """The format the data looks like ("binary" when it is not text at all)."""
    decoded = _decode(data[:2_000_000])
    if _binary_kind(data) or decoded is None or _mostly_controls(*decoded):
        return "binary"
    return _detect_text(decoded[0])


def _detect_text(text: str) -> str:
    head = text[:4096].lstrip("\ufeff \t\r\n").lower()
    if head.startswith(("{", "[")):
        return "jsonfeed" if "jsonfeed.org/version" in text[:20000].lower() else "json"
    doctype, root = _markup_root(text)
    if doctype == "html" or root == "html":  # XHTML too, despite its <?xml declaration
        return "html"
    if root in _FEED_ROOTS or doctype in _FEED_ROOTS:
        return "rss"
    if _LD_SCRIPT.search(text):
        return "html"
    if head.startswith("<?xml") or any(f"<{r}" in head for r in _FEED_ROOTS[:3]):
        return "rss"
    if head.startswith("<") and "<html" in head:
        return "html"
    if text_page.looks_like(text[:2_000_000]):
        return "text"
    if notes.looks_like(text[:2_000_000]):
        return "notes"
    return "text"


def _markup_root(text: str) -> tuple[str | None, str | None]:
    """(doctype name, first element name), lower case, skipping the XML declaration,
    processing instructions, comments and the doctype; None where the text is not markup."""
    pos, doctype = 0, None
    n = len(text)
    while pos < n:
        while pos < n and text[pos] in "\ufeff \t\r\n":
            pos += 1
        if text.startswith("<?", pos):
            end = text.find("?>", pos)
        elif text.startswith("<!--", pos):
            end = text.find("-->", pos)
        elif m := _DOCTYPE.match(text, pos):
            doctype = m.group(1).lower()
            # An internal subset [...] may hold ">" inside it.
            bracket, close = text.find("[", pos), text.find(">", pos)
            if bracket != -1 and bracket < close:
                end = text.find("]", bracket)
                end = -1 if end == -1 else text.find(">", end)
            else:
                end = close
        else:
            m = _ROOT.match(text, pos)
            return doctype, (m.group(1).lower() if m else None)
        if end == -1:
            return doctype, None
        pos = end + 1
    return doctype, None


# -- import ------------------------------------------------------------------------------

def import_bytes(data: bytes, source: str, results: ElectionResults | None, *,
                 fmt: str = "auto", year: int | None = None, day: date | None = None,
                 fallback_time: datetime | None = None) -> Imported:
    """Parse live-blog input; InputError names the source and the format expected.

    An explicit ``fmt`` is used as asked, whatever the content looks like; when the
    content then cannot be read that way, the error says what that format expected."""
    if len(data) > MAX_INPUT_BYTES:
        raise InputError(source, f"a live blog under {MAX_INPUT_BYTES // 1_000_000} MB",
                         got=f"{len(data):,} bytes")
    if fmt not in FORMATS:
        raise InputError(source, f"a format among {', '.join(FORMATS)}", got=fmt)
    if data.startswith(GZIP_MAGIC):
        # A .gz file, or a compressed body that reached us undecoded.
        data = decompress_capped(data, "gzip", MAX_INPUT_BYTES, source)
    text = to_text(data, source)
    found = _detect_text(text)
    if fmt == "auto":
        return _parse(found, data, text, source, results, year, day, fallback_time)
    try:
        return _parse(fmt, data, text, source, results, year, day, fallback_time)
    except InputError as exc:
        if _compatible(fmt, found):
            raise  # the parser's own message says what the format needs
        detail = "" if exc.expected == _describe(fmt) else f"; {exc.expected}"
        raise InputError(source, f"{_describe(fmt)} (as --format {fmt} says{detail})",
                         line=exc.line, field=exc.field,
                         got=f"what looks like {_describe(found)}") from None


def _parse(fmt: str, data: bytes, text: str, source: str, results: ElectionResults | None,
           year: int | None, day: date | None, fallback_time: datetime | None) -> Imported:
    if fmt in ("rss", "atom"):
        return parse_feed(data, results, source)
    if fmt in ("jsonfeed", "json", "events"):
        doc = loads_json(text, source)
        if is_events_document(doc):  # our own data/events_2024.json
            return Imported(events_from_document(doc, source, Path(source).name), "events")
        if not isinstance(doc, dict) or "items" not in doc:
            raise InputError(source, "a JSON Feed (an object with 'version' and 'items')")
        return parse_json_feed(doc, results, source)
    if fmt == "html":
        return parse_html_liveblog(text, results, source)
    if fmt == "notes":
        return notes.parse_notes(text, results, source, day=day)
    when = fallback_time or (datetime(day.year, day.month, day.day, 12, tzinfo=UTC) if day
                             else None)
    return text_page.parse_text_page(text, results, source, year=year, fallback_time=when)


def import_path(path: Path, results: ElectionResults | None, *, fmt: str = "auto",
                year: int | None = None, day: date | None = None,
                fallback_time: datetime | None = None) -> Imported:
    """import_bytes on a file's contents; by default, undated entries take the file's time."""
    data = read_capped(path, MAX_INPUT_BYTES, "live blog")
    if fallback_time is None:
        try:
            fallback_time = datetime.fromtimestamp(path.stat().st_mtime, UTC)
        except OSError:
            fallback_time = datetime.now(UTC)
    return import_bytes(data, str(path), results, fmt=fmt, year=year, day=day,
                        fallback_time=fallback_time)


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


def _compatible(asked: str, found: str) -> bool:
    groups = [{"rss", "atom"}, {"jsonfeed", "json", "events"}, {"html"}, {"text", "notes"}]
    return any(asked in g and found in g for g in groups)


def _describe(fmt: str) -> str:
    return {"rss": "an RSS or Atom feed", "atom": "an RSS or Atom feed",
            "jsonfeed": "a JSON Feed", "json": "JSON", "html": "a saved HTML page",
            "events": "an Electoral Map events file",
            "text": "copied live-page text", "notes": "timestamped notes"}.get(fmt, fmt)
