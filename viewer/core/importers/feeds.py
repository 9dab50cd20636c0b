"""RSS 2.0 and Atom through feedparser, JSON Feed 1.0/1.1, and schema.org
LiveBlogPosting JSON-LD inside a saved HTML page."""

from __future__ import annotations

import calendar
import json
import re
from datetime import UTC, datetime
from html.parser import HTMLParser
from typing import Any

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

_ENTITY_DECLARATION = re.compile(rb"<!ENTITY", re.IGNORECASE)

def parse_feed(data: bytes, results: ElectionResults | None, source: str) -> Imported:
    import feedparser

    if _ENTITY_DECLARATION.search(data[:200_000]):
        # Feeds have no use for their own entities; declaring them is how XML bombs and
        # external-file tricks start, so such input is refused outright.
        raise InputError(source, "a feed without <!ENTITY declarations", got="an entity "
                         "declaration")
    parsed = feedparser.parse(data, sanitize_html=True, resolve_relative_uris=False)
    if not parsed.get("version") and not parsed.entries:
        problem = parsed.get("bozo_exception")
        raise InputError(source, "an RSS or Atom feed", got=str(problem)[:80] if problem
                         else "no feed")
    fmt = "atom" if str(parsed.get("version", "")).startswith("atom") else "rss"
    events, warnings = [], []
    for n, entry in enumerate(parsed.entries[:MAX_EVENTS], 1):
        try:
            events.append(_feed_entry(entry, results, source))
        except (ValueError, TypeError) as exc:
            warnings.append(f"{source}: item {n} skipped ({exc})")
    return Imported(dedupe(events), fmt, None, warnings)


def _feed_entry(entry: Any, results: ElectionResults | None, source: str) -> LiveEvent:
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
    eid_source = entry.get("id") or entry.get("link") or f"{title}|{when.isoformat()}"
    return make_event(prefix="feed", key=eid_source, time=when, title=title, body=body,
                      results=results, source=source, time_text=time_text,
                      author=entry.get("author", "") or "")


# -- JSON Feed -----------------------------------------------------------------------------

def parse_json_feed(doc: dict[str, Any], results: ElectionResults | None,
                    source: str) -> Imported:
    items = doc.get("items")
    if not isinstance(items, list):
        raise InputError(source, "a JSON Feed with an 'items' list", field="items")
    feed_author = _author_name(doc)
    events, warnings = [], []
    for n, item in enumerate(items[:MAX_EVENTS], 1):
        try:
            events.append(_json_item(item, results, source, feed_author))
        except (ValueError, TypeError, AttributeError) as exc:
            warnings.append(f"{source}: item {n} skipped ({exc})")
    return Imported(dedupe(events), "jsonfeed", None, warnings)


def _json_item(item: dict[str, Any], results: ElectionResults | None, source: str,
               feed_author: str) -> LiveEvent:
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
    title = item.get("title") if isinstance(item.get("title"), str) else ""
    title = html_to_text(title) or first_sentence(body)
    if not title:
        raise ValueError("no title and no text")
    return make_event(prefix="jf", key=str(raw_id), time=when, title=title, body=body,
                      results=results, source=source, time_text=time_text,
                      author=_author_name(item) or feed_author)


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
    return t.astimezone(UTC)


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


def parse_html_liveblog(text: str, results: ElectionResults | None, source: str) -> Imported:
    finder = _JsonLdScripts()
    finder.feed(text)
    warnings = []
    posts = []
    for n, block in enumerate(finder.blocks, 1):
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
    for post in posts:
        updates = post.get("liveBlogUpdate", [])
        if isinstance(updates, dict):
            updates = [updates]
        for n, upd in enumerate(updates[:MAX_EVENTS], 1):
            try:
                events.append(_blog_update(upd, results, source))
            except (ValueError, TypeError, AttributeError) as exc:
                warnings.append(f"{source}: update {n} skipped ({exc})")
    return Imported(dedupe(events), "html", None, warnings)


def _live_blogs(doc: Any) -> list[dict[str, Any]]:
    if isinstance(doc, list):
        return [p for d in doc for p in _live_blogs(d)]
    if not isinstance(doc, dict):
        return []
    if "@graph" in doc:
        return _live_blogs(doc["@graph"])
    types = doc.get("@type")
    types = types if isinstance(types, list) else [types]
    return [doc] if "LiveBlogPosting" in types else []


def _blog_update(upd: dict[str, Any], results: ElectionResults | None, source: str) -> LiveEvent:
    time_text = upd.get("datePublished") or upd.get("dateModified")
    if not isinstance(time_text, str):
        raise ValueError("no datePublished")
    when = _iso(time_text)
    body = html_to_text(str(upd.get("articleBody") or upd.get("text") or ""))
    title = html_to_text(str(upd.get("headline") or "")) or first_sentence(body)
    if not title:
        raise ValueError("no headline and no text")
    key = str(upd.get("@id") or upd.get("url") or f"{title}|{when.isoformat()}")
    author = upd.get("author")
    if isinstance(author, list):
        author = author[0] if author else ""
    name = author.get("name", "") if isinstance(author, dict) else str(author or "")
    return make_event(prefix="ld", key=key, time=when, title=title, body=body,
                      results=results, source=source, time_text=time_text, author=name,
                      breaking=bool(re.search(r"\bbreaking\b", title, re.IGNORECASE)))
