"""`electoral-map live FILE… [--as-of TIME] [--unit PA,GA] [--json]`: the state of a night's
live results as of a time (counts, leads, expected vote counted, calls, results to go);
and `render --feed FILE [--at TIME]`, the live-results map at that time.

Registered by viewer.cli with ``add_parser(sub)`` and ``add_render_options(render)``;
``run(args)`` returns the exit status; ``render_feed(args)`` is what `render` draws.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from viewer.core.errors import InputError

if TYPE_CHECKING:
    from viewer.core.live_count import Night

EXIT_USAGE = 2
# Feed text is untrusted: control characters and bidi overrides are shown escaped.
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _safe(text: str) -> str:
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _as_of(text: str) -> datetime:
    from viewer.core.live_count.common import TIME_EXPECTED, parse_time

    t = parse_time(text)
    if t is None:
        raise argparse.ArgumentTypeError(f"expected {TIME_EXPECTED}, got {text!r}")
    return t


def _units(text: str) -> list[str]:
    from viewer.core.live_count.common import unit_code

    out = []
    for part in text.split(","):
        code = unit_code(part)
        if code is None:
            raise argparse.ArgumentTypeError(
                f"expected unit codes separated by commas, such as PA,GA or ME-2, got {text!r}")
        out.append(code)
    return out


def add_parser(sub: Any) -> argparse.ArgumentParser:
    """Add the `live` command to an argparse subparsers object."""
    p: argparse.ArgumentParser = sub.add_parser(
        "live", aliases=["results-feed"],
        help="the state of a night's live results as of a time (also: results-feed)",
        description="Read live results (count snapshots, count-update series, call lists, "
                    "AP-shaped JSON; the format is detected from the content), merge them in "
                    "time order and print the night as of a time.")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE",
                   help="live results files of one election (e.g. data/live_2020_counts.csv "
                        "data/calls_2020.csv)")
    p.add_argument("--as-of", "--at", dest="as_of", type=_as_of, metavar="TIME",
                   help="a time with its zone, e.g. 2020-11-06T14:00Z (default: the last "
                        "update in the files)")
    p.add_argument("--unit", type=_units, metavar="UNIT,…",
                   help="only these units, with every figure (default: every unit the files "
                        "mention)")
    p.add_argument("--results", type=Path, metavar="FILE",
                   help="results file whose electoral votes are counted (default: the bundled "
                        "results of the night's year, when there are some)")
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    return p


def add_render_options(p: argparse.ArgumentParser) -> None:
    """`render`'s options for the live-results map."""
    p.add_argument("--feed", type=Path, action="append", metavar="FILE",
                   help="draw the live-results map of these live results files (repeat for "
                        "counts and calls, e.g. data/live_2020_counts.csv and "
                        "data/calls_2020.csv); the election is the files' year")
    p.add_argument("--at", dest="feed_at", type=_as_of, metavar="TIME",
                   help="with --feed: the time drawn, e.g. 2020-11-04T18:00Z (default: the "
                        "last update in the files)")


def render_feed(args: argparse.Namespace) -> tuple[Night, datetime] | None:
    """The night and time `render --feed` draws (None without --feed). The map is the
    live-results map, and the election the files' year unless --year or --results says."""
    from viewer.core.live_count import read_all
    from viewer.render.style import LIVE

    feeds = getattr(args, "feed", None)
    if not feeds:
        if getattr(args, "feed_at", None) is not None:
            raise InputError("--at", "--feed FILE (the live results drawn at that time)")
        if args.map_mode == LIVE:
            raise InputError("--map live", "--feed FILE (the live results to draw)")
        return None
    if args.map_mode not in ("margin", LIVE):  # margin: the default, so not asked for
        raise InputError(f"--map {args.map_mode}", "no --map with --feed (it draws the "
                         "live-results map)")
    night, _formats = read_all(feeds)
    when = args.feed_at or night.last_time
    if when is None:
        raise InputError(", ".join(map(str, feeds)), "at least one count or call")
    year = getattr(args, "year", None)
    if year is not None and night.year is not None and year != night.year:
        raise InputError(str(feeds[0]), f"live results of {year} (--year)", field="year",
                         got=str(night.year))
    if year is None and getattr(args, "results", None) is None and night.year is not None:
        args.year = night.year  # the map of the night's election
    args.map_mode = LIVE
    if night.warnings:  # `live FILE` lists them all; a picture needs only the gist
        more = len(night.warnings) - 1
        print(f"warning: {_safe(night.warnings[0])}"
              + (f" (and {more} more: `electoral-map live` lists them)" if more else ""),
              file=sys.stderr)
    return night, when


def run(args: argparse.Namespace) -> int:
    try:
        return _run(args)
    except InputError as exc:
        print(f"electoral-map: error: {exc}", file=sys.stderr)
        return EXIT_USAGE


def _electoral_votes(args: argparse.Namespace, year: int | None,
                     ) -> tuple[Mapping[str, int] | None, str]:
    from viewer.core.results import load_results
    from viewer.resources import data_dir

    path = args.results
    if path is None:
        if year is None:
            return None, "the files do not say which election they are, so electoral " \
                         "votes are not counted (give --results)"
        path = data_dir() / f"results_{year}.csv"
        if not path.is_file():
            return None, f"no bundled results for {year}, so electoral votes are not " \
                         "counted (give --results)"
    results = load_results(path, with_previous=False)
    if year is not None and results.year is not None and results.year != year:
        raise InputError(str(path), f"results of {year}, the election of the live files",
                         field="year", got=str(results.year))
    return results.electoral_votes, ""


def _run(args: argparse.Namespace) -> int:
    from viewer.core.live_count import read_all
    from viewer.core.live_count.summary import summarise

    night, formats = read_all(args.files)
    when = args.as_of or night.last_time
    if when is None:
        raise InputError(", ".join(str(f) for f in args.files), "at least one count or call")
    ev, ev_note = _electoral_votes(args, night.year)
    summary = summarise(night, when, ev, args.unit)
    if args.json:
        _print_json(night, summary, formats, ev, ev_note)
    else:
        _print_text(night, summary, formats, ev_note, detailed=args.unit is not None)
    for w in night.warnings:
        print(f"warning: {_safe(w)}", file=sys.stderr)
    return 0


def _print_json(night: Any, s: Any, formats: list[str], ev: Mapping[str, int] | None,
                ev_note: str) -> None:
    from viewer.core.live_count.model import iso
    from viewer.core.live_count.summary import call_json, unit_json

    doc = {
        "as_of": iso(s.time), "year": night.year, "formats": formats,
        "sources": list(night.sources),
        "candidates": dict(night.candidates),
        "electoral_votes_called": s.called_ev, "electoral_votes_without_call": s.not_called_ev,
        "electoral_votes_note": ev_note or None,
        "units_called": s.called_units, "units_disputed": s.disputed_units,
        "units_not_called": s.not_called_units,
        "units_without_call_information": s.unknown_units,
        "results_to_go": s.results_to_go, "results_to_go_at_least": s.results_to_go_at_least,
        "presidency": call_json(s.presidency),
        "units": [unit_json(u, ev) for u in s.units],
        "first_update": iso(night.first_time) if night.first_time else None,
        "last_update": iso(night.last_time) if night.last_time else None,
        "warnings": list(night.warnings),
    }
    print(_safe_json(json.dumps(doc, indent=2, ensure_ascii=False)))


def _safe_json(text: str) -> str:
    return re.sub(r"[\x7f-\x9f\u202a-\u202e\u2066-\u2069]",
                  lambda m: f"\\u{ord(m.group()):04x}", text)


def _print_text(night: Any, s: Any, formats: list[str], ev_note: str, *,
                detailed: bool) -> None:
    from viewer.core.live_count.summary import (
        call_text,
        expected_text,
        lead_text,
        needed_text,
        short_time,
        to_go_text,
    )
    from viewer.core.units import UNITS

    print(f"Live results as of {short_time(s.time)} ({', '.join(formats)})")
    if s.called_ev is not None:
        parts = [f"{_safe(night.name_of(p))} {n}" for p, n in
                 sorted(s.called_ev.items(), key=lambda kv: -kv[1])]
        print(f"Electoral votes called: {', '.join(parts) or 'none'}; the other "
              f"{s.not_called_ev} not called or without call information")
    else:
        print(f"Electoral votes: {ev_note}")
    print(f"{to_go_text(s)[0].upper()}{to_go_text(s)[1:]}")
    print(f"Presidency: {_safe(call_text(s.presidency, night))}")
    for u in s.units:
        head = f"{u.unit:<5} {UNITS[u.unit].name}"
        if u.count is None or u.lead is None:
            none = "no count yet" if night.history(u.unit) else "no count in the files"
            print(f"{head}: {none}; {_safe(call_text(u.call, night))}")
            continue
        print(f"{head}: {_safe(lead_text(u.lead, night))}; {u.count.total:,} counted; "
              f"{_safe(call_text(u.call, night))}")
        print(f"      {expected_text(u.lead)}")
        if detailed:
            print(f"      {_safe(needed_text(u.lead, night))}")
            if u.count.precincts is not None:
                p = u.count.precincts
                print(f"      precincts reporting: {p.reporting:,} of {p.total:,}")
            votes = ", ".join(f"{_safe(night.name_of(p))} {n:,}" for p, n in
                              sorted(u.count.votes.items(), key=lambda kv: -kv[1]))
            print(f"      votes: {votes}, others {u.count.others:,} "
                  f"(as of {short_time(u.count.time)})")
    for src in night.sources:
        print(f"Source: {_safe(src)}")
