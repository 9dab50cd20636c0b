"""Fuzz every parser: the only exceptions that may escape are the project's own error
types, and their messages name the source."""

from __future__ import annotations

import contextlib
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


@given(st.lists(st.sampled_from(FEED_SNIPPETS) | st.binary(max_size=20), max_size=12),
       st.sampled_from(FORMATS))
def test_live_blog_formats(results_2024, parts: list[bytes], fmt: str) -> None:
    try:
        imported = import_bytes(b"".join(parts), "fuzz.feed", results_2024, fmt=fmt,
                                year=2024)
    except InputError as exc:
        assert str(exc).startswith("fuzz.feed")
        return
    for e in imported.events:
        assert e.time.tzinfo is not None and len(e.title) <= 500


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
