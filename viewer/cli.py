"""`electoral-map`: the window with no subcommand; headless commands for scripts.

Heavy modules (Qt, matplotlib, geopandas) are imported only by the command that needs them.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from viewer import __version__
from viewer.core.errors import InputError
from viewer.render.style import LAYOUTS, MAP_MODES, PALETTES, THEMES

EXIT_USAGE = 2


class UsageError(Exception):
    """Bad arguments or input: one message, exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see '{self.prog} --help')")


def _size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected WIDTHxHEIGHT in pixels, got {text!r}") from None
    if not (200 <= w <= 10000 and 150 <= h <= 10000):
        raise argparse.ArgumentTypeError(f"expected a size between 200x150 and 10000x10000, "
                                         f"got {text!r}")
    return w, h


def _day(text: str):  # -> date
    from datetime import date

    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, got {text!r}") from None


def _points(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of points, got {text!r}") from None
    if not -100 <= value <= 100:
        raise argparse.ArgumentTypeError(f"expected points between -100 and 100, got {text}")
    return value


def _unit_list(text: str) -> list[str]:
    from viewer.core.units import UNITS

    units = [u.strip().upper() for u in text.split(",")]
    if not any(units):
        raise argparse.ArgumentTypeError(
            f"expected unit codes separated by commas, such as PA,WI, got {text!r}")
    if not all(units):
        raise argparse.ArgumentTypeError(
            f"expected unit codes separated by single commas, got {text!r}")
    for u in units:
        if u not in UNITS:
            raise argparse.ArgumentTypeError(
                f"unknown unit {u!r}: expected postal codes such as PA, DC or ME-2")
    return units


def _file(text: str) -> Path:
    if not text.strip():
        raise argparse.ArgumentTypeError("expected a file name, got ''")
    return Path(text)


def _code(text: str) -> str:
    if not text.strip():
        raise argparse.ArgumentTypeError("expected a scenario code such as "
                                         "EM1-2024-AAQABAAACABAJGAAAAAAAAAEAA-W, got ''")
    return text


def _four_digit_year(text: str) -> int:
    if not (text.isascii() and text.isdigit() and len(text) == 4):
        raise argparse.ArgumentTypeError(f"expected a four-digit year, got {text!r}")
    return int(text)


def _limit(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 1 <= value <= 50:
        raise argparse.ArgumentTypeError(f"expected a whole number from 1 to 50, got {text!r}")
    return value


# Options also accepted before the subcommand, and the commands each one applies to
# (None: the window). Given there, they are parsed under these names and merged.
_TOP_LEVEL = {"results": (None, "summary", "render", "paths", "swing", "claims", "events"),
              "year": (None, "summary", "render", "paths", "swing"),
              "scenario": (None, "summary", "render", "paths", "swing"),
              "code": ("summary", "render", "paths", "swing")}


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="electoral-map",
                description="US presidential election results: map, live blog, what-if.")
    p.add_argument("--results", dest="top_results", type=_file,
                   help="results CSV (default: bundled 2024 results)")
    p.add_argument("--year", dest="top_year", type=_four_digit_year,
                   help="a bundled election, 1789 to 2024 (instead of --results)")
    p.add_argument("--scenario", dest="top_scenario", type=_file,
                   help="open this saved scenario (the window, summary, render, paths, swing)")
    p.add_argument("--code", dest="top_code", type=_code,
                   help="a scenario code copied from the app (summary, render, paths, swing)")
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    p.add_argument("--open", dest="open_file", nargs="?", type=_file, metavar="FILE",
                   help="the window, with FILE (a saved scenario) open if one is given: "
                        "what the desktop entry runs")
    desktop = p.add_mutually_exclusive_group()
    desktop.add_argument("--install-desktop-entry", action="store_true",
                         help="add Electoral Map to the desktop's applications menu (a "
                              ".desktop entry, icons and the scenario file type, under "
                              "$XDG_DATA_HOME or ~/.local/share)")
    desktop.add_argument("--uninstall-desktop-entry", action="store_true",
                         help="remove what --install-desktop-entry wrote")
    sub = p.add_subparsers(dest="command", parser_class=_Parser)

    def scenario_args(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("--results", type=_file, default=argparse.SUPPRESS,
                        help="results CSV (default: bundled 2024 results)")
        sp.add_argument("--year", type=_four_digit_year, default=argparse.SUPPRESS,
                        help="a bundled election, 1789 to 2024 (instead of --results)")
        sp.add_argument("--scenario", type=_file, default=argparse.SUPPRESS,
                        help="a saved scenario file (.json)")
        sp.add_argument("--code", type=_code, default=argparse.SUPPRESS,
                        help="a scenario code copied from the app")
        sp.add_argument("--flip", type=_unit_list, default=[], metavar="UNIT,…",
                        help="give these units to the other candidate")
        sp.add_argument("--undecided", type=_unit_list, default=[], metavar="UNIT,…",
                        help="mark these units undecided")

    y = sub.add_parser("years", help="list the bundled elections, 1789 to 2024")
    y.add_argument("--json", action="store_true", help="print JSON instead of text")

    s = sub.add_parser("summary", help="print totals, winner and units")
    scenario_args(s)
    s.add_argument("--json", action="store_true", help="print JSON instead of text")

    pa = sub.add_parser("paths", help="count every outcome of the undecided units")
    scenario_args(pa)
    pa.add_argument("--json", action="store_true", help="print JSON instead of text")
    pa.add_argument("--limit", type=_limit, default=5,
                    help="smallest winning sets to list (1 to 50)")

    sw = sub.add_parser("swing", help="apply a uniform swing (points toward the first party)")
    scenario_args(sw)
    sw.add_argument("points", type=_points, help="e.g. 2 or -3 (positive: toward the first "
                    "candidate of the results file)")
    sw.add_argument("--json", action="store_true", help="print JSON instead of text")

    cl = sub.add_parser("claims", help="import an article's state-by-state claims")
    cl.add_argument("file", type=Path, help="text with lines like 'Pennsylvania: Name'")
    cl.add_argument("--results", type=_file, default=argparse.SUPPRESS,
                    help="results CSV (default: bundled 2024 results)")
    cl.add_argument("--json", action="store_true", help="print JSON instead of text")
    cl.add_argument("--save", type=Path, help="also save the claim as a scenario file")

    ev = sub.add_parser("events", help="import a live blog and print its events")
    ev.add_argument("source", help="a file or an http(s) address")
    ev.add_argument("--format", default="auto",
                    choices=("auto", "text", "notes", "rss", "atom", "jsonfeed", "html",
                             "events"))
    ev.add_argument("--year", type=_four_digit_year,
                    help="year for dates written without one")
    ev.add_argument("--date", type=_day, help="day (YYYY-MM-DD) for notes without a date")
    ev.add_argument("--results", type=_file, default=argparse.SUPPRESS,
                    help="results CSV used to map candidate names to parties")
    ev.add_argument("--json", action="store_true", help="print JSON instead of text")

    r = sub.add_parser("render", help="write the map to PNG, SVG or PDF, or the elections "
                       "over the years (--years) to GIF or MP4")
    scenario_args(r)
    r.add_argument("-o", "--output", type=_file, required=True,
                   help="file.png, .svg or .pdf (.gif or .mp4 with --years)")
    r.add_argument("--size", type=_size, default=(1600, 1000), metavar="WxH",
                   help="size in pixels (default 1600x1000)")
    r.add_argument("--title", help="title above the map")
    r.add_argument("--scale", type=float, default=1.0, choices=(1.0, 2.0),
                   help="2 doubles the pixels (PNG), for sharp images on high-DPI screens")
    r.add_argument("--map", dest="map_mode", choices=MAP_MODES, default="margin",
                   help="colour by margin (default), by winner only, draw shift arrows, or "
                        "shade by the forecast's win probability (--polls, --draws, --seed, "
                        "--given; --year picks the bundled averages)")
    r.add_argument("--layout", choices=LAYOUTS, default="geo",
                   help="geographic map (default) or equal tiles")
    r.add_argument("--theme", choices=THEMES, default="light", help="light (default) or dark")
    r.add_argument("--palette", choices=PALETTES, default="party",
                   help="party colours (default) or colour-blind safe blue/orange with "
                        "hatching")
    from viewer import cli_animation, cli_forecast, cli_live

    cli_forecast.add_render_options(r)
    cli_live.add_render_options(r)
    cli_animation.add_render_options(r)
    cli_live.add_parser(sub)
    cli_forecast.add_parser(sub)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = _merge_top_level(build_parser().parse_args(argv))
        if args.install_desktop_entry or args.uninstall_desktop_entry:
            return _desktop_entry(args)
        if args.command is None:
            return _run_gui(args)
        if args.command == "summary":
            return _summary(args)
        if args.command == "years":
            return _years(args)
        if args.command == "render":
            return _render(args)
        if args.command == "paths":
            return _paths(args)
        if args.command == "swing":
            return _swing(args)
        if args.command == "claims":
            return _claims(args)
        if args.command == "events":
            return _events(args)
        if args.command in ("live", "results-feed"):
            from viewer import cli_live

            return cli_live.run(args)
        if args.command == "forecast":
            from viewer import cli_forecast

            return cli_forecast.run(args)
        raise UsageError(f"unknown command {args.command!r}")
    except (UsageError, InputError) as exc:
        print(f"electoral-map: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        return 0  # the reader (e.g. `| head`) stopped early: nothing to report
    except OSError as exc:
        print(f"electoral-map: error: {exc}", file=sys.stderr)
        return EXIT_USAGE


# -- shared --------------------------------------------------------------------------

def _merge_top_level(args: argparse.Namespace) -> argparse.Namespace:
    """`--results`, `--scenario`, `--code` before the subcommand count as if given after it."""
    for name, commands in _TOP_LEVEL.items():
        top = getattr(args, f"top_{name}")
        delattr(args, f"top_{name}")
        after = getattr(args, name, None)
        if top is None:
            continue
        if args.command not in commands:
            where = f"'{args.command}'" if args.command else "the window"
            raise UsageError(f"--{name} does not apply to {where}")
        if after is not None and after != top:
            raise UsageError(f"--{name} given twice ({top} and {after}): give it once")
        setattr(args, name, top)
    open_file = args.open_file
    del args.open_file
    if open_file is not None:
        if args.command is not None:
            raise UsageError(f"--open does not apply to '{args.command}' (it opens the window)")
        if getattr(args, "scenario", None) is not None:
            raise UsageError("give either --open or --scenario, not both")
        args.scenario = open_file
    return args


def _warn(results) -> None:  # type: ignore[no-untyped-def]
    """Load warnings (figures left out, and why) go to stderr, never into the output."""
    for w in results.warnings:
        print(f"warning: {w}", file=sys.stderr)


def _load(args: argparse.Namespace):  # -> Scenario
    from viewer.core.scenario import Scenario, flips, set_units

    results = _results(args)
    _warn(results)
    scenario = Scenario(results)
    if getattr(args, "scenario", None) and getattr(args, "code", None):
        raise UsageError("give either --scenario or --code, not both")
    if getattr(args, "scenario", None):
        from viewer.core.safe_read import read_capped
        from viewer.core.scenario_file import scenario_from_json

        path = args.scenario
        scenario = scenario_from_json(read_capped(path, 2_000_000, "scenario file"),
                                      results, str(path))
    elif getattr(args, "code", None):
        from viewer.core.scenario_file import scenario_from_code

        scenario = scenario_from_code(args.code, results)
    if (getattr(args, "flip", None) or getattr(args, "undecided", None)) \
            and not results.editable:
        from viewer.core.scenario import NOT_EDITABLE

        raise UsageError(NOT_EDITABLE)
    absent = [u for u in (*getattr(args, "flip", []), *getattr(args, "undecided", []))
              if u not in results.units]
    if absent:
        raise UsageError(f"{', '.join(absent)} had no electors in {results.year}")
    both = set(getattr(args, "flip", [])) & set(getattr(args, "undecided", []))
    if both:
        raise UsageError(f"{', '.join(sorted(both))} given to both --flip and --undecided")
    if getattr(args, "flip", None):
        scenario.apply(flips(results.winners, results.parties, args.flip))
    if getattr(args, "undecided", None):
        scenario.apply(set_units(args.undecided, None))
    return scenario


def _results(args: argparse.Namespace):  # -> ElectionResults
    """The results a command works on: --results (with --year choosing among several
    years), --year's bundled election, or 2024."""
    from viewer.core.history import results_for
    from viewer.resources import data_dir

    year = getattr(args, "year", None)
    code = getattr(args, "code", None)
    if code and year is None and getattr(args, "results", None) is None:
        from viewer.core.scenario_file import year_of_code

        year = year_of_code(code)  # a share code names its election: open that one
    return results_for(getattr(args, "results", None), year, data_dir())


def _bundle():  # -> viewer.core.history.Bundle
    from viewer.core.history import Bundle
    from viewer.resources import data_dir

    return Bundle(data_dir())


# -- years ---------------------------------------------------------------------------

def years_data() -> list[dict]:
    """Every bundled election: winner, electoral votes, popular-vote margin, how chosen."""
    from viewer.core.national import national_summary

    bundle = _bundle()
    rows = []
    for year in bundle.years():
        r = bundle.load(year)
        t = r.tally()
        president = r.president or (t.winner if t.winner in r.parties else None)
        ns = national_summary(r)
        pv = (None if ns.margin_points is None or ns.leader is None else
              {"leader": ns.leader, "points": round(ns.margin_points, 2),
               "votes": ns.margin_votes})
        rows.append({
            "year": year,
            "president": president,
            "name": r.candidate(president).name if president else None,
            "how_chosen": r.how_chosen or None,
            "electoral_votes": {c.party: t.totals[c.party] for c in r.candidates_with_votes},
            "to_win": r.to_win,
            "total": r.total_electoral_votes,
            "popular_vote_margin": pv,
        })
    return rows


def _years(args: argparse.Namespace) -> int:
    rows = years_data()
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    print(f"{'Year':<6}{'President':<28}{'Electoral votes':<34}{'Popular vote':<22}Chosen by")
    for row in rows:
        evs = ", ".join(f"{p} {n}" for p, n in list(row["electoral_votes"].items())[:3])
        more = len(row["electoral_votes"]) - 3
        evs += f" +{more} more" if more > 0 else ""
        pv = row["popular_vote_margin"]
        pv_text = (f"{pv['leader']} +{pv['points']:.1f}" if pv else "no popular vote")
        print(f"{row['year']:<6}{(row['name'] or '—')[:27]:<28}{evs[:33]:<34}{pv_text:<22}"
              f"{row['how_chosen'] or ''}")
    return 0


# -- summary -------------------------------------------------------------------------

def summary_data(scenario) -> dict:  # type: ignore[no-untyped-def]
    from viewer.core.electoral import tipping_point
    from viewer.core.units import UNITS

    results = scenario.base
    t = scenario.tally()
    winners = scenario.winners()
    tp = tipping_point(results, winners)
    pv = results.popular_vote()
    from viewer.core.scenario_file import scenario_code

    return {
        "title": scenario.title or results.title,
        "code": scenario_code(scenario),
        "year": results.year,
        "to_win": results.to_win,
        "total": results.total_electoral_votes,
        "votes_per_elector": results.votes_per_elector,
        "candidates": {c.party: {"name": c.name, "party": c.party_name, "color": c.color}
                       for c in results.candidates},
        # Every candidate with electoral votes, and the two leading ones always.
        "totals": {p: n for p, n in t.totals.items() if n or p in results.axis},
        "axis": list(results.axis),
        "undecided": t.undecided,
        "winner": t.winner,
        **_chosen(scenario, t),
        "tipping_point": ({"unit": tp.unit, "margin": round(tp.margin, 2)}
                          if tp and not scenario.overrides else None),
        "popular_vote": ({"votes": pv[0], "total": pv[1]} if pv else None),
        "skipped_units": skipped_json(results),
        "warnings": list(results.warnings),
        "units": [
            {
                "unit": u,
                "name": UNITS[u].name,
                "ev": results.electoral_votes[u],
                "electors": results.units[u].electors or "popular vote",
                **({"ev_cast": dict(results.as_cast[u][1])} if u in results.as_cast
                   and not scenario.is_changed(u) else {}),
                "winner": winners[u],
                "official_winner": results.units[u].winner,
                "changed": scenario.is_changed(u),
                "margin": (None if (m := results.margin(u)) is None else round(m, 2)),
                "lead": (None if (ld := results.lead(u)) is None else round(ld, 2)),
            }
            for u in results.units
        ],
    }


def _chosen(scenario, t) -> dict:  # type: ignore[no-untyped-def]
    """Who became president and how: as recorded for the official results; for a
    scenario, the majority winner, or nobody when the House would have to choose."""
    from viewer.core.electoral import TIE

    results = scenario.base
    if not scenario.overrides and results.president:
        return {"president": results.president, "chosen_by": results.how_chosen}
    if t.winner and t.winner != TIE:
        return {"president": t.winner, "chosen_by": "electoral majority"}
    if t.undecided:
        return {"president": None, "chosen_by": None}
    return {"president": None, "chosen_by": "no majority: the House of Representatives "
            "would choose"}


def skipped_json(results) -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    """Units whose margin swing and the tipping point leave out, with the reason."""
    return [{"unit": u, "reason": why} for u, why in results.skipped_units.items()]


def _print_skipped(results) -> None:  # type: ignore[no-untyped-def]
    if not any(r.has_votes for r in results.units.values()):
        print("No popular votes in this election: swing and the tipping point need them")
        return
    by_reason: dict[str, list[str]] = {}
    for unit, why in results.skipped_units.items():
        by_reason.setdefault(why, []).append(unit)
    for why, units in by_reason.items():
        winner = results.units[units[0]].winner
        if why.startswith("won by ") and winner in results.parties:  # a third candidate
            why = (f"won by {results.candidate(winner).name}, not one of the two leading "
                   "candidates")
        print(f"Left out of swing and tipping point, winner kept ({why}): {names(units)}")


def names(units) -> str:  # type: ignore[no-untyped-def]
    """Units by name for sentences ('Pennsylvania, Maine's 2nd district'); tables and
    --json keep the codes."""
    from viewer.core.units import UNITS

    return ", ".join(UNITS[u].name for u in units)


def _count(n: int, adjective: str = "") -> str:
    """'1 state or district', '7 undecided states and districts'."""
    return f"{n} {adjective}{'state or district' if n == 1 else 'states and districts'}"


def _who(results, party: str | None) -> str:  # type: ignore[no-untyped-def]
    """A candidate's surname for sentences; 'undecided' for no winner."""
    if party is None:
        return "undecided"
    return results.candidate(party).surname if party in results.parties else party


def _unit_margin_text(results, unit: str, winner: str | None) -> str:  # type: ignore[no-untyped-def]
    """The axis margin ('R+1.70') for a unit its official winner on the axis holds; the
    winner's own lead over the runner-up for a third-party winner (never the other two's
    margin); the reason when there are no votes."""
    from viewer.core.electoral import format_margin

    r = results.units[unit]
    if r.electors in ("legislature", "did not vote", "no popular vote"):
        return {"legislature": "electors chosen by the legislature",
                "did not vote": "did not vote", "no popular vote": "no popular vote"}[r.electors]
    if r.winner is not None and r.winner not in results.axis and winner == r.winner:
        lead = results.lead(unit)
        return f"{r.winner} +{lead:.2f}" if lead is not None else "votes not available"
    return format_margin(results.margin(unit), results)


def outcome_lines(scenario, data: dict) -> list[str]:  # type: ignore[no-untyped-def]
    """Who won and how, in words: a majority, a tie or no majority, and, for the official
    results of 1800, 1824 and 1876, how the president was actually chosen."""
    from viewer.core.electoral import TIE

    results = scenario.base
    w, need, total = data["winner"], data["to_win"], data["total"]
    lines = []
    if results.votes_per_elector == 2:
        lines.append(f"Each of the {total} electors cast two votes; a majority of the "
                     f"electors ({need}) was needed, the most votes made the president.")
    if w == TIE:
        lines.append(f"Outcome: tie at {data['totals'][results.axis[0]]}, no majority "
                     "(the House of Representatives decides)")
    elif w:
        lines.append(f"Winner: {results.candidate(w).name} ({w}), {need} of {total} to win")
    elif data["undecided"]:
        lines.append(f"No majority yet: {need} of {total} to win")
    else:
        lines.append(f"No majority: nobody reached {need} of {total} "
                     "(the House of Representatives decides)")
    pres, how = data.get("president"), data.get("chosen_by")
    if pres and how and how != "electoral majority":
        lines.append(f"President: {results.candidate(pres).name}, chosen by the {how}")
    return lines


def _summary(args: argparse.Namespace) -> int:
    from viewer.core.electoral import TIE, margin_words
    from viewer.core.units import UNITS

    scenario = _load(args)
    data = summary_data(scenario)
    w = data["winner"]
    if args.json:
        print(json.dumps(data, indent=2))
        return 0
    results = scenario.base
    print(data["title"] or "Results")
    for c in results.candidates:
        if c.party in data["totals"]:
            print(f"  {c.name} ({c.party}):".ljust(40) + f"{data['totals'][c.party]:>4}")
    if data["undecided"]:
        print("  Undecided:".ljust(40) + f"{data['undecided']:>4}")
    for line in outcome_lines(scenario, data):
        print(line)
    if data["tipping_point"]:
        tp = data["tipping_point"]
        print(f"Tipping point: {UNITS[tp['unit']].name} "
              f"({margin_words(tp['margin'], results)})")
    elif w and w != TIE and not scenario.overrides:
        print("Tipping point: not known (it depends on where units left out would rank)")
    _print_skipped(results)
    print("Units:")
    for u in data["units"]:
        mark = " *" if u["changed"] else ""
        print(f"  {u['unit']:<5}{u['name']:<30}{u['ev']:>3}  {u['winner'] or 'undecided':<9}"
              f"{_unit_margin_text(results, u['unit'], u['winner'])}{mark}")
    if scenario.overrides:
        print("* changed from the official result in this scenario")
    return 0


# -- paths, swing, claims --------------------------------------------------------------

def _paths(args: argparse.Namespace) -> int:
    from viewer.core.paths import paths_in
    from viewer.core.units import UNITS

    scenario = _load(args)
    results = scenario.base
    winners = scenario.winners()
    undecided = [u for u, w in winners.items() if w is None]
    if not undecided:
        raise UsageError("no undecided units: mark some with --undecided (e.g. "
                         "--undecided AZ,GA,MI,NV,NC,PA,WI)")
    if len(results.parties) < 2:
        raise UsageError("paths need two candidates")
    r = paths_in(results, winners, smallest_limit=max(1, min(args.limit, 50)))
    data = {
        "undecided": list(r.undecided), "outcomes": r.total, "base": r.base,
        "wins": r.wins, "ties": r.ties, "no_majority": r.no_majority,
        "share": {p: round(r.share(p), 6) for p in r.parties},
        "must_win": {p: list(v) for p, v in r.must_win.items()},
        "not_needed": {p: list(v) for p, v in r.not_needed.items()},
        "smallest_winning_sets": {p: [list(s) for s in v] for p, v in r.smallest.items()},
    }
    if args.json:
        print(json.dumps(data, indent=2))
        return 0
    print(f"{_count(len(r.undecided), 'undecided ')} ({names(r.undecided)}): "
          f"{r.total:,} outcomes")
    for p in r.parties:
        c = results.candidate(p)
        print(f"  {c.name} ({p}) has {r.base[p]}, wins {r.wins[p]:,} outcomes "
              f"({100 * r.share(p):.1f}%)")
        for s in r.smallest[p]:
            ev = sum(results.electoral_votes[u] for u in s)
            combo = " + ".join(UNITS[u].name for u in s) or f"(already {results.to_win})"
            print(f"      e.g. {combo} = "
                  f"{r.base[p] + ev}")
        if r.must_win[p]:
            print(f"      must win: {names(r.must_win[p])}")
    if results.total_electoral_votes % 2 == 0:
        half = results.total_electoral_votes // 2
        print(f"  {half}–{half} ties: {r.ties:,}")
    if r.no_majority:
        print(f"  no majority for either (the House decides): {r.no_majority:,}")
    return 0


def _swing(args: argparse.Namespace) -> int:
    from viewer.core.scenario import SetUnits
    from viewer.core.swing import swing_to_win, swung_winners

    scenario = _load(args)
    results = scenario.base
    if not any(results.units[u].has_votes for u in results.units):
        raise UsageError("a swing needs vote counts; these results have winners only")
    if len(results.skipped_units) == len(results.units):
        raise UsageError("a swing needs units whose votes agree with their winner; "
                         "none here do")
    swung = swung_winners(results, args.points, scenario.locked, scenario.winners())
    applied = scenario.copy()
    applied.apply(SetUnits(tuple(swung.items())))
    t = applied.tally()
    flipped = [u for u in results.units if swung[u] != scenario.winner(u)]
    a, b = results.axis
    before = scenario.tally()  # who trails before any swing
    trailing = a if before.totals.get(a, 0) < before.totals.get(b, 0) else b
    need = swing_to_win(results, trailing)
    data = {"points": args.points, "toward": a if args.points >= 0 else b,
            "totals": dict(t.totals), "undecided": t.undecided, "winner": t.winner,
            "flipped": flipped,
            "swing_to_win": None if need is None else {"party": trailing,
                                                       "points": round(need, 2)},
            "skipped_units": skipped_json(results), "warnings": list(results.warnings)}
    if args.json:
        print(json.dumps(data, indent=2))
        return 0
    toward = results.candidate(data["toward"]).name
    points = abs(args.points)
    print(f"Uniform swing of {points:g} point{'' if points == 1 else 's'} toward {toward}:")
    for p, ev in t.totals.items():
        if ev or p in results.axis:
            print(f"  {results.candidate(p).name}: {ev}")
    print(f"  flipped: {names(flipped) or 'none'}")
    if need:
        print(f"{results.candidate(trailing).name} reaches {results.to_win} with a swing of "
              "more than "
              f"{abs(need):.2f} points.")
    _print_skipped(results)
    return 0


def _claims(args: argparse.Namespace) -> int:
    from viewer.core.claims import parse_claims
    from viewer.core.results import load_results
    from viewer.core.scenario_file import scenario_to_json
    from viewer.core.units import UNITS
    from viewer.resources import default_results_path

    results = load_results(getattr(args, "results", None) or default_results_path())
    from viewer.core.safe_read import read_capped

    text = read_capped(args.file, 2_000_000, "text file").decode("utf-8-sig",
                                                                  errors="replace")
    claim = parse_claims(text, results, str(args.file))
    t = claim.scenario.tally()
    if args.save:
        from viewer.storage import write_text

        write_text(args.save, scenario_to_json(claim.scenario))
    # "year": the election the article names for its list (null: it names none), so a
    # reader sees when a 2020 list is being set against 2024 results.
    data = {"year": claim.year, "results_year": results.year, "claimed": claim.claimed,
            "overrides": dict(claim.scenario.overrides), "totals": dict(t.totals),
            "winner": t.winner, "differing_units": list(claim.differing),
            "not_in_claim": list(claim.not_in_claim), "warnings": list(claim.warnings)}
    if args.json:
        print(json.dumps(data, indent=2))
        return 0
    named = f", for the {claim.year} election" if claim.year is not None else ""
    # parse_claims puts the year warning first; it is shown before the figures it affects
    mismatch = None not in (claim.year, results.year) and claim.year != results.year
    warnings = [_terminal_safe(w) for w in claim.warnings]  # they quote the article
    print(f"Claim from {args.file}{named}: {_count(len(claim.claimed))} claimed "
          f"(a claim, not a result), compared with the {results.year or 'loaded'} results")
    if mismatch:
        print(f"warning: {warnings[0]}")
    for p, ev in t.totals.items():
        print(f"  {results.candidate(p).name}: {ev}")
    differing = ", ".join(f"{UNITS[u].name} ({_who(results, results.units[u].winner)} → "
                          f"{_who(results, claim.claimed[u])})" for u in claim.differing)
    print(f"Differs from the loaded results in {_count(len(claim.differing))}: "
          f"{differing or 'none'}")
    if claim.not_in_claim:
        print(f"Not in the claim (official result kept): {names(claim.not_in_claim)}")
    for w in warnings[1 if mismatch else 0:]:
        print(f"warning: {w}")
    return 0


# -- events ----------------------------------------------------------------------------

def event_json(e) -> dict:  # type: ignore[no-untyped-def]
    return {"id": e.id, "time": e.time.isoformat().replace("+00:00", "Z"), "title": e.title,
            "body": e.body, "breaking": e.breaking, "concession": e.concession,
            "units": list(e.units), "author": e.author, "role": e.role,
            "time_text": e.time_text,
            "call": {"unit": e.call.unit, "party": e.call.party} if e.call else None,
            "calls": [{"unit": c.unit, "party": c.party} for c in e.calls],
            "retracts": list(e.retracts), "call_note": e.call_note or None}


# Feed text is untrusted: a title with ESC [ ... could recolour, move or clear the reader's
# terminal, and bidi overrides reorder what is shown. Text output shows them as \x1b, \u202e.
_UNSAFE_IN_TERMINAL = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# JSON escapes C0 itself; with ensure_ascii=False it leaves DEL and C1 (0x9b is a one-byte
# CSI to some terminals) raw, so those are escaped too (still the same JSON value).
_UNSAFE_IN_JSON = re.compile(r"[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _terminal_safe(text: str) -> str:
    def visible(m: re.Match[str]) -> str:
        c = ord(m.group())
        return f"\\x{c:02x}" if c <= 0xFF else f"\\u{c:04x}"

    return _UNSAFE_IN_TERMINAL.sub(visible, text)


def _events(args: argparse.Namespace) -> int:
    from viewer.core.events import sort_newest_first
    from viewer.core.importers.detect import import_bytes, import_path
    from viewer.core.importers.fetch import fetch, is_address
    from viewer.core.results import load_results
    from viewer.resources import default_results_path

    results = load_results(getattr(args, "results", None) or default_results_path())
    kw = {"fmt": args.format, "year": args.year, "day": args.date}
    if is_address(args.source):
        got = fetch(args.source)
        imported = import_bytes(got.data, args.source, results, **kw)
    else:
        imported = import_path(Path(args.source), results, **kw)
    events = sort_newest_first(imported.events)
    snap = imported.snapshot
    if args.json:
        text = json.dumps({
            "format": imported.format,
            "events": [event_json(e) for e in events],
            "snapshot": None if snap is None else {
                "electoral_votes": snap.electoral_votes, "votes": snap.votes,
                "shares": snap.shares, "results_to_go": snap.results_to_go,
                "compared": snap.compare(results)},
            "warnings": imported.warnings}, indent=2, ensure_ascii=False)
        print(_UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text))
        return 0
    safe = _terminal_safe
    if snap is not None:
        print(f"Results quoted by {safe(Path(args.source).name)}:")
        for line in snap.compare(results):
            print(f"  {safe(line)}")
    print(f"{len(events)} events ({imported.format}), newest first:")
    for e in events:
        flags = "".join([" BREAKING" if e.breaking else "",
                         *(f" CALL {c.unit}={c.party}" for c in e.calls),
                         *(f" RETRACTS {u}" for u in e.retracts)])
        units = f" [{', '.join(e.units)}]" if e.units else ""
        print(f"  {e.time:%Y-%m-%d %H:%M}Z{safe(flags)} {safe(e.title)}{safe(units)}")
    for w in imported.warnings:
        print(f"warning: {safe(w)}", file=sys.stderr)
    return 0


# -- render --------------------------------------------------------------------------

def _render(args: argparse.Namespace) -> int:
    from viewer import cli_animation

    if cli_animation.wanted(args):  # --years: one frame per election (cli_animation.py)
        return cli_animation.run(args)
    from viewer.core.shapes import load_shapes
    from viewer.core.tiles import tile_shapes
    from viewer.render.export import format_for, render_bytes
    from viewer.render.style import MapStyle
    from viewer.storage import write_bytes

    try:
        fmt = format_for(args.output)
    except ValueError:  # the render layer knows pictures only; this command writes more
        raise UsageError(f"{args.output}: expected a file name ending in .png, .svg or .pdf "
                         "(or .gif/.mp4 with --years)") from None
    from viewer.cli_forecast import render_forecast, render_title
    from viewer.cli_live import render_feed

    live = render_feed(args)  # --feed: the live-results map's night and time (its year)
    scenario = _load(args)
    forecast, polls = render_forecast(args, scenario.base)  # --map probability's, else None
    style = MapStyle(args.map_mode, args.layout, args.theme, args.palette)
    shapes = tile_shapes() if args.layout == "tiles" else load_shapes()
    title = args.title or scenario.title or render_title(forecast, scenario.base) or None
    data = render_bytes(shapes, scenario, args.size, fmt, scale=args.scale, style=style,
                        title=title, forecast=forecast, forecast_source=polls, live=live)
    write_bytes(args.output, data)
    print(f"wrote {args.output} ({len(data):,} bytes)")
    return 0


# -- desktop entry -------------------------------------------------------------------

def _desktop_entry(args: argparse.Namespace) -> int:
    from viewer import desktop

    flag = ("--install-desktop-entry" if args.install_desktop_entry
            else "--uninstall-desktop-entry")
    if args.command is not None or any(getattr(args, n, None) is not None
                                       for n in ("results", "scenario")):
        raise UsageError(f"{flag} takes no other arguments")
    home = desktop.data_home()
    if args.uninstall_desktop_entry:
        removed = desktop.uninstall(home)
        if not removed:
            print(f"No Electoral Map desktop entry was installed in {home}.")
        for path in removed:
            print(f"removed {path}")
        return 0
    command = desktop.launch_command()
    try:
        written = desktop.install(home, command)
    except desktop.DesktopEntryError as exc:
        raise UsageError(str(exc)) from None
    for path in written:
        print(f"wrote {path}")
    print(f"Electoral Map is in the applications menu; it starts {' '.join(command)}.")
    return 0


# -- window --------------------------------------------------------------------------

def _run_gui(args: argparse.Namespace) -> int:
    # The window's Qt-free half first: once PySide6 is imported, its import hook reads the
    # source of every module imported after it (geopandas, pandas and matplotlib are
    # ≈ 800 modules, ≈ 80 ms of the start here).
    import viewer.core.shapes
    import viewer.render.map_figure  # noqa: F401
    from viewer.ui.launch import launch

    return launch(getattr(args, "results", None), getattr(args, "scenario", None),
                  getattr(args, "year", None))
