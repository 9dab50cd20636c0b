"""Fuzz every parser: the only exceptions that may escape are the project's own error
types, and their messages name the source."""

from __future__ import annotations

import contextlib
import gzip
import io
import json

from hypothesis import given
from hypothesis import strategies as st

from viewer.cli import main
from viewer.core.claims import parse_claims
from viewer.core.errors import InputError
from viewer.core.importers.detect import FORMATS, import_bytes
from viewer.core.results import parse_results
from viewer.core.scenario_file import scenario_from_code, scenario_from_json
from viewer.resources import default_results_path

BUNDLED = default_results_path().read_text()
LINES = BUNDLED.splitlines()


@st.composite
def mutated_csv(draw: st.DrawFn) -> str:
    lines = list(LINES)
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["drop", "dup", "edit", "swap"]))
        if action == "drop":
            lines.pop(i)
        elif action == "dup":
            lines.insert(i, lines[i])
        elif action == "edit":
            line = lines[i]
            j = draw(st.integers(0, max(0, len(line) - 1)))
            lines[i] = line[:j] + draw(st.text(max_size=6)) + line[j + 1:]
        else:
            k = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[k] = lines[k], lines[i]
    return "\n".join(lines)


@given(mutated_csv())
def test_results_csv(text: str) -> None:
    try:
        parse_results(text, "fuzz.csv")
    except InputError as exc:
        assert str(exc).startswith("fuzz.csv")


@given(st.text(max_size=400))
def test_results_csv_any_text(text: str) -> None:
    try:
        parse_results(text, "fuzz.csv")
    except InputError as exc:
        assert str(exc).startswith("fuzz.csv")


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                 max_size=4),
    max_leaves=20)


@st.composite
def scenario_docs(draw: st.DrawFn) -> str | bytes:
    base = {"format": "electoral-map/scenario", "version": 1, "overrides": {"PA": "DEM"}}
    choice = draw(st.integers(0, 2))
    if choice == 0:
        base[draw(st.sampled_from(["format", "version", "base", "title", "overrides",
                                   "locked", "note"]))] = draw(json_values)
        return json.dumps(base)
    if choice == 1:
        return draw(st.binary(max_size=200))
    return json.dumps(draw(json_values))


@given(scenario_docs())
def test_scenario_files(results_2024, data: str | bytes) -> None:
    try:
        scenario_from_json(data, results_2024, "fuzz.json")
    except InputError as exc:
        assert str(exc).startswith("fuzz.json")


@given(st.text(max_size=60))
def test_scenario_codes(results_2024, code: str) -> None:
    with contextlib.suppress(InputError):
        scenario_from_code(code, results_2024)


FEED_SNIPPETS = [b"<rss version='2.0'><channel><item><title>", b"</title><pubDate>",
                 b"Wed, 06 Nov 2024 01:25:00 EST", b"</pubDate></item></channel></rss>",
                 b'{"version": "https://jsonfeed.org/version/1.1", "items": [',
                 b'{"id": 1, "date_published": "2024-11-06T01:00:00Z", "title": "Ohio"}', b"]}",
                 b"<html><script type='application/ld+json'>", b'{"@type": "LiveBlogPosting"',
                 b"</script>", b"published at 19:36 Greenwich Mean Time 6 November\n",
                 b"21:05\n", b"Ohio projected for Trump", b"\n\n", b"<!ENTITY x 'y'>"]


# How feeds arrive: as they are, compressed, or in UTF-16 (with or without a byte-order mark).
WRAPPINGS = {"plain": lambda b: b, "gzip": gzip.compress,
             "utf-16": lambda b: b.decode("latin-1").encode("utf-16"),
             "utf-16-le": lambda b: b.decode("latin-1").encode("utf-16-le")}


def _check_import(results, data: bytes, fmt: str = "auto") -> None:  # type: ignore[no-untyped-def]
    try:
        imported = import_bytes(data, "fuzz.feed", results, fmt=fmt, year=2024)
    except InputError as exc:
        assert str(exc).startswith("fuzz.feed")
        return
    for e in imported.events:
        assert e.time.tzinfo is not None and len(e.title) <= 500


@given(st.lists(st.sampled_from(FEED_SNIPPETS) | st.binary(max_size=20), max_size=12),
       st.sampled_from(FORMATS), st.sampled_from(sorted(WRAPPINGS)))
def test_live_blog_formats(results_2024, parts: list[bytes], fmt: str, wrap: str) -> None:
    _check_import(results_2024, WRAPPINGS[wrap](b"".join(parts)), fmt)


# Dates as feeds write them, including impossible days and the ends of the calendar.
MONTH_NAMES = st.sampled_from(["January", "November", "Nov", "February", "Smarch"])
ZONES = st.sampled_from(["GMT", "BST", "ET", "PST", "CEST"])
YEARS = st.sampled_from([1, 2024, 9999, 0, 2, 1969])
DAYS = st.sampled_from([31, 6, 30, 0, 29, 32, 1])
EDGE_DATES = ["0001-01-01T00:30:00+01:00", "9999-12-31T23:30:00-14:00", "2024-11-31T01:00:00Z",
              "2024-02-30T00:00:00Z", "2024-11-06T24:00:00Z", "0000-01-01T00:00:00Z"]
iso_dates = st.sampled_from(EDGE_DATES) | st.builds(
    lambda y, m, d, hh, off: f"{y:04d}-{m:02d}-{d:02d}T{hh:02d}:30:00{off}",
    YEARS, st.sampled_from([1, 11, 12, 2, 0, 13]), DAYS, st.sampled_from([0, 23, 24]),
    st.sampled_from(["+01:00", "Z", "-14:00", "+23:59", ""])) | st.text(max_size=12)
worded_dates = st.builds(lambda hh, zone, d, month, y: f"{hh}:05 {zone} {d} {month} {y:04d}",
                         st.integers(0, 25), ZONES, DAYS, MONTH_NAMES, YEARS)


@given(st.lists(worded_dates, min_size=1, max_size=4))
def test_notes_and_page_dates(results_2024, stamps: list[str]) -> None:
    notes = "\n".join(f"{s}\nOhio projected for Trump" for s in stamps)
    _check_import(results_2024, notes.encode())
    page = "\n".join(f"Ohio projected for Trump published at {s}\nText." for s in stamps)
    _check_import(results_2024, page.encode())


@given(st.lists(iso_dates, min_size=1, max_size=3))
def test_json_feed_dates(results_2024, stamps: list[str]) -> None:
    items = [{"id": n, "date_published": s, "title": "Ohio"} for n, s in enumerate(stamps)]
    feed = {"version": "https://jsonfeed.org/version/1.1", "items": items}
    _check_import(results_2024, json.dumps(feed).encode())


updates = st.fixed_dictionaries({"datePublished": iso_dates},
                                optional={"headline": json_values, "articleBody": json_values,
                                          "author": json_values, "@id": json_values})
json_ld = st.recursive(
    st.fixed_dictionaries({"@type": st.sampled_from(["LiveBlogPosting", "BlogPosting",
                                                     "schema:LiveBlogPosting", "WebPage"])},
                          optional={"liveBlogUpdate": st.none() | updates
                                    | st.lists(updates | json_values, max_size=3)
                                    | json_values}),
    lambda inner: st.fixed_dictionaries({"@type": st.just("WebPage")},
                                        optional={"mainEntity": inner | json_values})
    | st.fixed_dictionaries({"@graph": st.lists(inner | json_values, max_size=3)})
    | st.lists(inner, max_size=3),
    max_leaves=8)


@given(json_ld, st.sampled_from(["{}", "//<![CDATA[\n{}\n//]]>", "<![CDATA[{}]]>",
                                 "/*<![CDATA[*/{}/*]]>*/"]))
def test_json_ld_structures(results_2024, doc: object, wrapper: str) -> None:
    block = wrapper.format(json.dumps(doc))
    page = f'<html><script type="application/ld+json">{block}</script></html>'
    _check_import(results_2024, page.encode())


@given(st.lists(st.sampled_from(["Pennsylvania: Harris", "**Ohio** - Trump", "| GA | DEM |",
                                 "ME-2: Kamala Harris", "Texas", ":", "\t", "Maine: Trump"])
                | st.text(max_size=30), max_size=10))
def test_claims(results_2024, lines: list[str]) -> None:
    try:
        claim = parse_claims("\n".join(lines), results_2024, "fuzz.txt")
    except InputError as exc:
        assert str(exc).startswith("fuzz.txt")
        return
    assert sum(claim.scenario.tally().totals.values()) + claim.scenario.tally().undecided == 538


TOKENS = ["summary", "paths", "swing", "render", "claims", "events", "--json", "--flip",
          "--undecided", "PA,WI", "XX", "3", "-3", "abc", "--results", "/nonexistent",
          "--code", "EM1-2024-A-A", "--size", "10x10", "-o", "/nonexistent/x.png",
          "--scenario", "--format", "rss", "--year", "--date", "2024-13-40"]


@given(st.sampled_from(["summary", "paths", "swing", "claims", "events"]),
       st.lists(st.sampled_from(TOKENS), max_size=6))
def test_command_line(command: str, rest: list[str]) -> None:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([command, *rest])
    assert code in (0, 2)
    assert "Traceback" not in err.getvalue()
    if code == 2:
        assert err.getvalue().startswith("electoral-map: error:")
