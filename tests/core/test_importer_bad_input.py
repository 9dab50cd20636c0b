"""Live blogs from real feeds: binary data, compressed bodies, impossible dates, broken
addresses, --format, JSON-LD shapes and XML entities. Every failure is an InputError."""

from __future__ import annotations

import gzip
import io
import json
import random
import tracemalloc
import zipfile
import zlib
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from tests.loopback import serve
from viewer.core.errors import InputError
from viewer.core.importers.detect import detect_format, import_bytes, import_path
from viewer.core.importers.feeds import parse_feed
from viewer.core.importers.fetch import check_url, fetch, is_address

FIX = Path(__file__).resolve().parent.parent / "fixtures" / "liveblog"
NOON = datetime(2024, 11, 6, 12, tzinfo=UTC)
NOTES = b"5 November 2024\n21:05\nOhio projected for Trump\n21:10\nTexas projected for Trump\n"
RSS = ('<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
       "<item><guid>a</guid><title>Ohio projected for Trump</title>"
       "<pubDate>Wed, 06 Nov 2024 01:25:00 EST</pubDate></item></channel></rss>")
UPDATE = {"@id": "#u1", "headline": "Ohio projected for Trump",
          "datePublished": "2024-11-06T01:00:00Z", "articleBody": "Seventeen votes."}


def _imp(data: bytes, source: str = "in.dat", **kw: object):  # type: ignore[no-untyped-def]
    kw.setdefault("fallback_time", NOON)
    return import_bytes(data, source, None, **kw)  # type: ignore[arg-type]


def _page(block: str) -> bytes:
    return (f'<!doctype html><html><head><script type="application/ld+json">{block}'
            "</script></head><body></body></html>").encode()


# -- 1. binary data is not text --------------------------------------------------------------

def _zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("feed.xml", RSS)
    return out.getvalue()


BINARY = {
    "random": random.Random(1).randbytes(4096),
    "random_without_nul": random.Random(2).randbytes(1000).replace(b"\0", b"\1"),
    "png": b"\x89PNG\r\n\x1a\n" + random.Random(3).randbytes(300),
    "zip": _zip(),
    "gzip_of_binary": gzip.compress(random.Random(4).randbytes(3000)),
    "pdf": b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n" * 5,
}


@pytest.mark.parametrize("name", sorted(BINARY))
def test_binary_data_is_refused_as_not_text(name):
    for fmt in ("auto", "text", "notes"):
        with pytest.raises(InputError, match=r"^in\.dat: expected a live blog as text, got "
                                             r"'not text"):
            _imp(BINARY[name], fmt=fmt)
    assert detect_format(BINARY[name]) == "binary"


def test_binary_file_is_refused_naming_the_file(tmp_path):
    f = tmp_path / "photo.png"
    f.write_bytes(BINARY["png"])
    with pytest.raises(InputError, match=r"photo\.png: .*not text: a PNG image"):
        import_path(f, None)


def test_text_with_a_few_control_characters_is_still_text():
    coloured = b"5 November 2024\n21:05\n\x1b[1mOhio\x1b[0m projected for Trump\n" \
               b"21:10\nTexas projected for Trump\n"
    assert len(_imp(coloured).events) == 2


def test_utf16_without_byte_order_mark_is_text():
    imp = _imp(NOTES.decode().encode("utf-16-le"))
    assert imp.format == "notes" and len(imp.events) == 2


# -- 2. gzip and deflate -----------------------------------------------------------------------

def test_gzip_data_is_decompressed_before_detection(tmp_path):
    f = tmp_path / "notes.txt.gz"
    f.write_bytes(gzip.compress(NOTES))
    imp = import_path(f, None)
    assert imp.format == "notes" and imp.events[0].title.startswith("Ohio")


def _bomb(decompressed: int, wbits: int = 31) -> bytes:
    """Gzip (or zlib) data of `decompressed` zero bytes, built without holding them."""
    packer = zlib.compressobj(1, zlib.DEFLATED, wbits)
    chunk = b"\0" * 1_000_000
    parts = [packer.compress(chunk) for _ in range(decompressed // len(chunk))]
    return b"".join([*parts, packer.flush()])


def test_gzip_bomb_is_refused_without_inflating_it():
    bomb = _bomb(200_000_000)  # 200 MB of zeros in under 1 MB
    tracemalloc.start()
    try:
        with pytest.raises(InputError, match=r"bomb\.gz: expected gzip data under 20 MB when "
                                             r"decompressed"):
            import_bytes(bomb, "bomb.gz", None)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 60_000_000  # the 20 MB cap, once as it grows and once as bytes


def test_cut_short_gzip_is_an_input_error():
    with pytest.raises(InputError, match="complete gzip data"):
        _imp(gzip.compress(NOTES)[:-12])


def _raw_deflate(data: bytes) -> bytes:
    packer = zlib.compressobj(wbits=-15)
    return packer.compress(data) + packer.flush()


@pytest.mark.parametrize(("encoding", "encode"), [
    ("gzip", gzip.compress), ("x-gzip", gzip.compress), ("deflate", zlib.compress),
    ("deflate", _raw_deflate), ("identity, gzip", gzip.compress)])
def test_fetch_decodes_content_encoding(encoding: str, encode: Callable[[bytes], bytes]):
    seen: list[dict[str, str]] = []
    with serve(encode(RSS.encode()), {"Content-Encoding": encoding}, seen) as url:
        got = fetch(url)
    assert got.data == RSS.encode()
    assert "gzip" in seen[0].get("Accept-Encoding", "")


def test_fetch_caps_the_decoded_size():
    seen: list[dict[str, str]] = []
    with serve(_bomb(5_000_000), {"Content-Encoding": "gzip"}, seen) as url, \
            pytest.raises(InputError, match=r"expected gzip data under 1 MB when decompressed"):
        fetch(url, max_bytes=1_000_000)


def test_fetch_refuses_an_unknown_content_encoding():
    seen: list[dict[str, str]] = []
    with serve(b"xx", {"Content-Encoding": "br"}, seen) as url, \
            pytest.raises(InputError, match=r"field 'Content-Encoding'.*got 'br'"):
        fetch(url)


# -- 3. impossible dates and broken addresses ------------------------------------------------

def test_liveblogupdate_null_is_an_input_error():
    with pytest.raises(InputError, match=r"^in\.dat, field 'liveBlogUpdate': expected a "
                                         r"saved page .* got 'null'"):
        _imp(_page(json.dumps({"@type": "LiveBlogPosting", "liveBlogUpdate": None})))


def test_liveblogupdate_not_a_list_is_skipped_with_a_warning_beside_a_good_post():
    doc = [{"@type": "LiveBlogPosting", "liveBlogUpdate": "soon"},
           {"@type": "LiveBlogPosting", "liveBlogUpdate": [UPDATE]}]
    imp = _imp(_page(json.dumps(doc)))
    assert len(imp.events) == 1
    assert any("liveBlogUpdate is str" in w for w in imp.warnings)


def test_31_november_in_copied_page_text_skips_the_entry():
    imp = _imp(b"Ohio projected for Trump published at 19:36 GMT 31 November\nText.\n"
               b"Texas projected for Trump published at 19:40 GMT 6 November\nText.\n",
               year=2024)
    assert [e.title for e in imp.events] == ["Texas projected for Trump"]
    assert any("line 1" in w for w in imp.warnings)


@pytest.mark.parametrize(("notes", "message"), [
    (b"01:10 GMT 31 November 2024\nOhio\n01:20 GMT 6 November 2024\nTexas\n",
     r"^in\.dat, line 1: expected a real date, got '01:10 GMT 31 November 2024'"),
    (b"Results, 31 November 2024\n01:10\nOhio\n01:20\nTexas\n",
     r"^in\.dat: expected a real date in the heading"),
    (b"00:10 BST 1 January 0001\nOhio\n00:20 BST 1 January 0001\nTexas\n",
     r"^in\.dat, line 1: expected a date between years 1 and 9999"),
])
def test_impossible_dates_in_notes(notes: bytes, message: str):
    with pytest.raises(InputError, match=message):
        _imp(notes)


def test_year_1_in_json_feed_and_json_ld_skips_the_item():
    feed = {"version": "https://jsonfeed.org/version/1.1", "items": [
        {"id": 1, "date_published": "0001-01-01T00:30:00+01:00", "title": "Ohio"},
        {"id": 2, "date_published": "2024-11-06T01:00:00Z", "title": "Texas"}]}
    imp = _imp(json.dumps(feed).encode())
    assert [e.title for e in imp.events] == ["Texas"]
    assert any("item 1 skipped (date out of range" in w for w in imp.warnings)
    page = _page(json.dumps({"@type": "LiveBlogPosting", "liveBlogUpdate": [
        {**UPDATE, "datePublished": "0001-01-01T00:30:00+01:00"}, {**UPDATE, "@id": "#2"}]}))
    imp = _imp(page)
    assert len(imp.events) == 1 and any("update 1 skipped" in w for w in imp.warnings)


@pytest.mark.parametrize("url", ["http://[::1", "http://[zz]/", "http://example.test:99999/",
                                 "http://example.test:port/"])
def test_malformed_addresses_are_input_errors(url: str):
    with pytest.raises(InputError, match="well-formed"):
        check_url(url)
    with pytest.raises(InputError, match="well-formed"):
        fetch(url, timeout=1)


def test_addresses_are_told_from_paths():
    assert is_address("https://example.test/feed") and is_address("file:///etc/passwd")
    assert not is_address("notes/blog.txt") and not is_address("C:\\blog.txt")


def test_address_with_control_characters_is_an_input_error():
    with pytest.raises(InputError, match="well-formed"):
        fetch("http://127.0.0.1:1/a b", timeout=1)


def test_markup_the_html_parser_gives_up_on():
    block = json.dumps({"@type": "LiveBlogPosting", "liveBlogUpdate": [UPDATE]})
    page = (f'<html><script type="application/ld+json">{block}</script><![ x').encode()
    imp = _imp(page)
    assert len(imp.events) == 1 and any("could not be read" in w for w in imp.warnings)


def test_feed_bytes_naming_a_file_are_not_opened(tmp_path):
    secret = tmp_path / "secret.xml"
    secret.write_text(RSS.replace("Ohio projected", "SECRET"))
    with pytest.raises(InputError) as info:
        parse_feed(str(secret).encode(), None, "in.dat")
    assert "SECRET" not in str(info.value)


# -- 4. --format and detection ----------------------------------------------------------------

def test_explicit_format_is_used_as_asked():
    imp = _imp(RSS.encode(), fmt="text")
    assert imp.format == "text" and len(imp.events) == 1  # read as one article
    imp = _imp(NOTES, fmt="text")
    assert imp.format == "text"


def test_explicit_format_that_cannot_parse_says_what_it_expected():
    with pytest.raises(InputError, match=r"expected a saved HTML page \(as --format html says; "
                                         r"a saved page with schema.org LiveBlogPosting JSON-LD\)"
                                         r", got 'what looks like timestamped notes'"):
        _imp(NOTES, fmt="html")


XHTML = ('<?xml version="1.0" encoding="UTF-8"?>\n'
         '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" '
         '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\n'
         '<html xmlns="http://www.w3.org/1999/xhtml"><head>'
         '<script type="application/ld+json">'
         + json.dumps({"@type": "LiveBlogPosting", "liveBlogUpdate": [UPDATE]})
         + "</script></head><body/></html>")


def test_xhtml_page_is_html():
    assert detect_format(XHTML.encode()) == "html"
    assert len(_imp(XHTML.encode()).events) == 1


def test_notes_that_mention_json_ld_are_notes():
    data = NOTES + b"21:20\nThe page embeds application/ld+json for search engines\n"
    assert detect_format(data) == "notes"
    assert len(_imp(data).events) == 3


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-32"])
@pytest.mark.parametrize("declared", ["", ' encoding="UTF-16"'])
def test_wide_encoded_rss_is_detected_and_parsed(codec: str, declared: str):
    text = RSS.replace('<?xml version="1.0"?>', f'<?xml version="1.0"{declared}?>')
    data = text.encode(codec)
    if codec == "utf-16-be":
        data = b"\xfe\xff" + data
    assert detect_format(data) == "rss"
    imp = _imp(data)
    assert imp.format == "rss" and [e.title for e in imp.events] == ["Ohio projected for Trump"]


# -- 5. JSON-LD shapes ----------------------------------------------------------------------------

POST = {"@type": "LiveBlogPosting", "liveBlogUpdate": [UPDATE]}


@pytest.mark.parametrize("block", [
    json.dumps({"@type": "WebPage", "mainEntity": POST}),
    json.dumps({"@context": "https://schema.org",
                "@graph": [{"@type": "WebPage", "mainEntity": POST}]}),
    json.dumps({**POST, "@type": "https://schema.org/LiveBlogPosting"}),
    "//<![CDATA[\n" + json.dumps(POST) + "\n//]]>",
    "<![CDATA[ " + json.dumps(POST) + " ]]>",
    "/*<![CDATA[*/" + json.dumps(POST) + "/*]]>*/",
])
def test_json_ld_shapes_are_read(block: str):
    imp = _imp(_page(block))
    assert [e.title for e in imp.events] == ["Ohio projected for Trump"]


# -- 6. XML entity declarations --------------------------------------------------------------

def _with_entity(prolog_padding: str = "", lead: str = "") -> str:
    return (f'{lead}<?xml version="1.0"?>{prolog_padding}<!DOCTYPE rss [<!ENTITY a "aaaa">]>'
            + RSS.removeprefix('<?xml version="1.0"?>').replace("Ohio", "&a; Ohio"))


@pytest.mark.parametrize(("name", "data"), [
    ("after 300 KB of comment", _with_entity(f"<!-- {'x' * 300_000} -->").encode()),
    ("UTF-16", _with_entity().encode("utf-16")),
    ("UTF-16 after 300 KB", _with_entity(f"<!-- {'x' * 300_000} -->").encode("utf-16")),
    ("malformed, late", _with_entity(f"<!-- {'x' * 300_000} -->", lead="junk ").encode()),
    ("malformed UTF-16", _with_entity(lead=" ").encode("utf-16-le")),
])
def test_entity_declarations_are_refused_anywhere(name: str, data: bytes):
    with pytest.raises(InputError, match="without <!ENTITY declarations"):
        parse_feed(data, None, "in.dat")
    with pytest.raises(InputError, match="without <!ENTITY declarations"):
        _imp(data, fmt="rss")


def test_entity_text_inside_well_formed_cdata_is_not_a_declaration():
    data = RSS.replace("</title>", "</title><description><![CDATA[About <!ENTITY x>]]>"
                       "</description>", 1).encode()
    assert len(_imp(data).events) == 1


def test_malformed_feed_without_entities_still_reaches_feedparser():
    data = RSS.replace("Ohio projected", "Ohio & Texas projected").encode()  # bare &
    assert [e.title for e in _imp(data).events] == ["Ohio & Texas projected for Trump"]


def test_feed_with_an_external_dtd_is_read_without_fetching_it():
    data = RSS.replace('<?xml version="1.0"?>', '<?xml version="1.0"?><!DOCTYPE rss PUBLIC '
                       '"-//Netscape Communications//DTD RSS 0.91//EN" '
                       '"http://127.0.0.1:1/rss-0.91.dtd">').encode()
    assert len(_imp(data).events) == 1


def test_notes_still_need_a_date():
    # Guard: the binary test must not turn ordinary errors into "not text".
    with pytest.raises(InputError, match="expected a date"):
        _imp(b"21:05\nOhio\n21:10\nTexas\n", fallback_time=None)
    imp = _imp(b"21:05\nOhio\n21:10\nTexas\n", day=date(2024, 11, 5))
    assert len(imp.events) == 2
