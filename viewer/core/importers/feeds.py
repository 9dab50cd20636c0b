"""RSS 2.0 and Atom through feedparser, JSON Feed 1.0/1.1, and schema.org
LiveBlogPosting JSON-LD inside a saved HTML page."""

from __future__ import annotations

import calendar
import io
import json
import re
import xml.sax.handler
from datetime import UTC, datetime
from html.parser import HTMLParser
from typing import Any

import defusedxml.sax
from defusedxml import EntitiesForbidden, ExternalReferenceForbidden

from viewer.core.errors import InputError
from viewer.core.events import LiveEvent
from viewer.core.importers.common import (
    MAX_EVENTS,
    Imported,
    dedupe,
    first_sentence,
    html_to_text,
    make_event,
)
from viewer.core.results import ElectionResults

# -- RSS / Atom ----------------------------------------------------------------------------


def _entity_pattern(codec: str) -> re.Pattern[bytes]:
    parts = [b"(?:%s|%s)" % (re.escape(c.lower().encode(codec)), re.escape(c.upper().encode(codec)))
             for c in "<!ENTITY"]
    return re.compile(b"".join(parts))


# "<!ENTITY" as ASCII-compatible encodings, UTF-16 and UTF-32 write it, in any case.
_ENTITY_DECLARATION = tuple(_entity_pattern(c) for c in
                            ("latin-1", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"))


def _refuse_entities(data: bytes, source: str) -> None:
    """Feeds have no use for their own entities; declaring them is how XML bombs and
    external-file tricks start, so such input is refused outright. An XML parser that
    forbids them reads the whole document (any length, any encoding it declares); a
    document it cannot parse goes to feedparser's lenient parser, so then any
    "<!ENTITY" anywhere in the bytes is refused."""
    refused = InputError(source, "a feed without <!ENTITY declarations",
                         got="an entity declaration")
    try:
        defusedxml.sax.parseString(data, xml.sax.handler.ContentHandler(),
                                   forbid_dtd=False, forbid_entities=True,
                                   forbid_external=True)
    except EntitiesForbidden:
        raise refused from None
    except (ExternalReferenceForbidden, xml.sax.SAXException, ValueError, LookupError):
        # Malformed (feedparser then reads it leniently), or an external DTD such as RSS
        # 0.91's (never loaded; but the parser stopped there): search the bytes instead.
        if any(p.search(data) for p in _ENTITY_DECLARATION):
            raise refused from None


_WIDE = ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
         (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"),
         (b"<\x00", "utf-16-le"), (b"\x00<", "utf-16-be"))
_DECLARED_ENCODING = re.compile(r"""^(\s*<\?xml\b[^>]{0,200}?)\s+encoding\s*=\s*(["'])[^"'>]*\2""")


def _wide_to_utf8(data: bytes) -> bytes:
    """UTF-16 and UTF-32 feeds as UTF-8: feedparser reads an undeclared UTF-16 feed as
    UTF-8 (ASCII with NULs decodes "fine") and then finds no feed."""
    for mark, codec in _WIDE:
        if data.startswith(mark):
            text = data.decode(codec, errors="replace").removeprefix("\ufeff")
            # The declaration would still say UTF-16: without it, XML means UTF-8.
            return _DECLARED_ENCODING.sub(r"\1", text, count=1).encode("utf-8")
    return data


def parse_feed(data: bytes, results: ElectionResults | None, source: str) -> Imported:
    import feedparser

    data = _wide_to_utf8(data)
    _refuse_entities(data, source)
    # A stream, never bytes: feedparser opens bytes that name a file (b"/etc/passwd").
    parsed = feedparser.parse(io.BytesIO(data), sanitize_html=True,
                              resolve_relative_uris=False)
    if not parsed.get("version") and not parsed.entries:
        problem = parsed.get("bozo_exception")
        raise InputError(source, "an RSS or Atom feed", got=str(problem)[:80] if problem
                         else "no feed")
    fmt = "atom" if str(parsed.get("version", "")).startswith("atom") else "rss"
    events: list[LiveEvent] = []
    warnings: list[str] = []
    same_minute: dict[datetime, int] = {}
    for n, entry in enumerate(parsed.entries[:MAX_EVENTS], 1):
        try:
            events.append(_feed_entry(entry, results, source, warnings, n, same_minute))
        except (ValueError, TypeError, OverflowError, OSError) as exc:  # OSError: bad year
            warnings.append(f"{source}: item {n} skipped ({exc})")
    return Imported(dedupe(events), fmt, None, warnings)


def _feed_entry(entry: Any, results: ElectionResults | None, source: str,
                warnings: list[str], n: int, same_minute: dict[datetime, int]) -> LiveEvent:
    # Ask for the update time only when the item has one: feedparser otherwise falls back
    # to the publication time through a deprecated mapping.
    has_updated = "updated" in entry
    stamp = entry.get("published_parsed") or (entry.get("updated_parsed") if has_updated
                                              else None)
    time_text = entry.get("published") or (entry.get("updated") if has_updated else "") or ""
    if stamp is None:
        raise ValueError(f"no usable date ({time_text[:40] or 'none'})")
    when = datetime.fromtimestamp(calendar.timegm(stamp), UTC)
    content = ""
    if entry.get("content"):
        content = entry["content"][0].get("value", "")
    body = html_to_text(content or entry.get("summary", "") or "")
    title = html_to_text(entry.get("title", "") or "") or first_sentence(body)
    if not title:
        raise ValueError("no title and no text")
    # An Atom entry whose <updated> changes keeps its id: the same event, edited.
    # Without an id or link, the time (and the place among items of that minute) names the
    # item, so that a headline edited between two polls stays the same event.
    eid_source = entry.get("id") or entry.get("link") or _nth_at(when, same_minute)
    return make_event(prefix="feed", key=eid_source, time=when, title=title, body=body,
                      results=results, source=source, time_text=time_text,
                      author=entry.get("author", "") or "", warnings=warnings,
                      where=f"{source}, item {n}")


def _nth_at(when: datetime, seen: dict[datetime, int]) -> str:
    seen[when] = seen.get(when, 0) + 1
    return f"{when.isoformat()}|{seen[when]}"


# -- JSON Feed -----------------------------------------------------------------------------

def parse_json_feed(doc: dict[str, Any], results: ElectionResults | None,
                    source: str) -> Imported:
    items = doc.get("items")
    if not isinstance(items, list):
        raise InputError(source, "a JSON Feed with an 'items' list", field="items")
    feed_author = _author_name(doc)
    events: list[LiveEvent] = []
    warnings: list[str] = []
    for n, item in enumerate(items[:MAX_EVENTS], 1):
        try:
            events.append(_json_item(item, results, source, feed_author, warnings, n))
        except (ValueError, TypeError, AttributeError, OverflowError) as exc:
            warnings.append(f"{source}: item {n} skipped ({exc})")
    return Imported(dedupe(events), "jsonfeed", None, warnings)


def _json_item(item: dict[str, Any], results: ElectionResults | None, source: str,
               feed_author: str, warnings: list[str], n: int) -> LiveEvent:
    raw_id = item.get("id")
    if not isinstance(raw_id, (str, int)) or isinstance(raw_id, bool):
        raise ValueError("no id")
    time_text = item.get("date_published") or item.get("date_modified")
    if not isinstance(time_text, str):
        raise ValueError("no date_published")
    when = _iso(time_text)
    body = ""
    if isinstance(item.get("content_text"), str):
        body = html_to_text(item["content_text"].replace("<", "&lt;"))
    elif isinstance(item.get("content_html"), str):
        body = html_to_text(item["content_html"])
    elif isinstance(item.get("summary"), str):
        body = html_to_text(item["summary"])
    raw_title = item.get("title")
    title = html_to_text(raw_title if isinstance(raw_title, str) else "") or first_sentence(body)
    if not title:
        raise ValueError("no title and no text")
    return make_event(prefix="jf", key=str(raw_id), time=when, title=title, body=body,
                      results=results, source=source, time_text=time_text,
                      author=_author_name(item) or feed_author, warnings=warnings,
                      where=f"{source}, item {n}")


def _author_name(obj: dict[str, Any]) -> str:
    authors = obj.get("authors")
    if isinstance(authors, list) and authors and isinstance(authors[0], dict):
        return str(authors[0].get("name", ""))[:200]
    author = obj.get("author")
    if isinstance(author, dict):
        return str(author.get("name", ""))[:200]
    return ""


def _iso(text: str) -> datetime:
    t = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    if t.tzinfo is None:
        raise ValueError(f"time without a zone ({text[:40]})")
    try:
        return t.astimezone(UTC)
    except OverflowError:  # 0001-01-01T00:30+01:00 is before year 1 in UTC
        raise ValueError(f"date out of range ({text[:40]})") from None


# -- schema.org LiveBlogPosting ----------------------------------------------------------

class _JsonLdScripts(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self._inside = False
        self._buf: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script" and (dict(attrs).get("type") or "").lower() == "application/ld+json":
            self._inside = True
            self._buf = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._inside:
            self._inside = False
            self.blocks.append("".join(self._buf))

    def handle_data(self, data: str) -> None:
        if self._inside:
            self._buf.append(data)


# Old pages hide the JSON from XHTML parsers: //<![CDATA[ ... //]]> or /*<![CDATA[*/ ... /*]]>*/
_CDATA_OPEN = re.compile(r"\s*(?://|/\*)?\s*<!\[CDATA\[\s*(?:\*/)?")
_MAX_NESTING = 8  # @graph, WebPage, mainEntity...: real pages nest two or three deep


def parse_html_liveblog(text: str, results: ElectionResults | None, source: str) -> Imported:
    finder = _JsonLdScripts()
    warnings = []
    try:
        finder.feed(text)
    except (AssertionError, ValueError) as exc:  # html.parser gives up on "<![ x"
        warnings.append(f"{source}: the page's markup could not be read to the end ({exc})")
    posts = []
    for n, block in enumerate(finder.blocks, 1):
        block = _without_cdata(block)
        try:
            doc = json.loads(block)
        except (json.JSONDecodeError, RecursionError) as exc:
            reason = exc.msg if isinstance(exc, json.JSONDecodeError) else "nested too deeply"
            warnings.append(f"{source}: JSON-LD block {n} skipped ({reason})")
            continue
        posts.extend(_live_blogs(doc))
    if not posts:
        raise InputError(source, "a saved page with schema.org LiveBlogPosting JSON-LD")
    events = []
    same_minute: dict[datetime, int] = {}
    unusable = []  # what liveBlogUpdate held where it was neither an object nor a list
    for k, post in enumerate(posts, 1):
        updates = post.get("liveBlogUpdate", [])
        if isinstance(updates, dict):
            updates = [updates]
        elif not isinstance(updates, list):
            unusable.append("null" if updates is None else type(updates).__name__)
            warnings.append(f"{source}: LiveBlogPosting {k} has no updates (liveBlogUpdate "
                            f"is {unusable[-1]})")
            continue
        for n, upd in enumerate(updates[:MAX_EVENTS], 1):
            try:
                events.append(_blog_update(upd, results, source, warnings, n, same_minute))
            except (ValueError, TypeError, AttributeError, OverflowError) as exc:
                warnings.append(f"{source}: update {n} skipped ({exc})")
    if len(unusable) == len(posts):
        raise InputError(source, "a saved page with schema.org LiveBlogPosting JSON-LD",
                         field="liveBlogUpdate", got=unusable[0])
    return Imported(dedupe(events), "html", None, warnings)


def _without_cdata(block: str) -> str:
    opening = _CDATA_OPEN.match(block)
    if opening is None:
        return block
    body = block[opening.end():].rstrip().removesuffix("*/").rstrip()
    if body.endswith("]]>"):
        body = body[:-3].rstrip().removesuffix("//").removesuffix("/*")
    return body


def _live_blogs(doc: Any, depth: int = 0) -> list[dict[str, Any]]:
    """LiveBlogPosting objects: at the top, in lists, in @graph, or as the mainEntity of a
    WebPage (also inside @graph)."""
    if depth > _MAX_NESTING:
        return []
    if isinstance(doc, list):
        return [p for d in doc for p in _live_blogs(d, depth + 1)]
    if not isinstance(doc, dict):
        return []
    types = doc.get("@type")
    types = types if isinstance(types, list) else [types]
    # "LiveBlogPosting", "schema:LiveBlogPosting" or "https://schema.org/LiveBlogPosting"
    if any(isinstance(t, str) and re.split(r"[/:#]", t)[-1] == "LiveBlogPosting"
           for t in types):
        return [doc]
    return [p for key in ("@graph", "mainEntity") if key in doc
            for p in _live_blogs(doc[key], depth + 1)]


def _blog_update(upd: dict[str, Any], results: ElectionResults | None, source: str,
                 warnings: list[str], n: int, same_minute: dict[datetime, int]) -> LiveEvent:
    time_text = upd.get("datePublished") or upd.get("dateModified")
    if not isinstance(time_text, str):
        raise ValueError("no datePublished")
    when = _iso(time_text)
    body = html_to_text(str(upd.get("articleBody") or upd.get("text") or ""))
    title = html_to_text(str(upd.get("headline") or "")) or first_sentence(body)
    if not title:
        raise ValueError("no headline and no text")
    key = str(upd.get("@id") or upd.get("url") or _nth_at(when, same_minute))
    author = upd.get("author")
    if isinstance(author, list):
        author = author[0] if author else ""
    name = author.get("name", "") if isinstance(author, dict) else author
    name = name if isinstance(name, str) else ""
    return make_event(prefix="ld", key=key, time=when, title=title, body=body,
                      results=results, source=source, time_text=time_text, author=name,
                      breaking=bool(re.search(r"\bbreaking\b", title, re.IGNORECASE)),
                      warnings=warnings, where=f"{source}, update {n}")
