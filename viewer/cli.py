"""`electoral-map`: the window with no subcommand; headless commands for scripts.

Heavy modules (Qt, matplotlib, geopandas) are imported only by the command that needs them.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from viewer.core.errors import InputError

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


def _unit_list(text: str) -> list[str]:
    from viewer.core.units import UNITS

    units = [u.strip().upper() for u in text.split(",") if u.strip()]
    for u in units:
        if u not in UNITS:
            raise argparse.ArgumentTypeError(
                f"unknown unit {u!r}: expected postal codes such as PA, DC or ME-2")
    return units


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="electoral-map",
                description="US presidential election results: map, live blog, what-if.")
    p.add_argument("--results", type=Path, help="results CSV (default: bundled 2024 results)")
    sub = p.add_subparsers(dest="command", parser_class=_Parser)

    def scenario_args(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("--results", type=Path, default=argparse.SUPPRESS,
                        help="results CSV (default: bundled 2024 results)")
        sp.add_argument("--flip", type=_unit_list, default=[], metavar="UNIT,…",
                        help="give these units to the other candidate")
        sp.add_argument("--undecided", type=_unit_list, default=[], metavar="UNIT,…",
                        help="mark these units undecided")

    s = sub.add_parser("summary", help="print totals, winner and units")
    scenario_args(s)
    s.add_argument("--json", action="store_true", help="print JSON instead of text")

    r = sub.add_parser("render", help="write the map to PNG, SVG or PDF")
    scenario_args(r)
    r.add_argument("-o", "--output", type=Path, required=True, help="file.png, .svg or .pdf")
    r.add_argument("--size", type=_size, default=(1600, 1000), metavar="WxH",
                   help="size in pixels (default 1600x1000)")
    r.add_argument("--title", help="title above the map")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        if args.command is None:
            return _run_gui(args)
        if args.command == "summary":
            return _summary(args)
        if args.command == "render":
            return _render(args)
        raise UsageError(f"unknown command {args.command!r}")
    except (UsageError, InputError) as exc:
        print(f"electoral-map: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as exc:
        print(f"electoral-map: error: {exc}", file=sys.stderr)
        return EXIT_USAGE


# -- shared --------------------------------------------------------------------------

def _load(args: argparse.Namespace):  # -> Scenario
    from viewer.core.results import load_results
    from viewer.core.scenario import Scenario, flips, set_units
    from viewer.resources import default_results_path

    results = load_results(args.results or default_results_path())
    scenario = Scenario(results)
    both = set(getattr(args, "flip", [])) & set(getattr(args, "undecided", []))
    if both:
        raise UsageError(f"{', '.join(sorted(both))} given to both --flip and --undecided")
    if getattr(args, "flip", None):
        scenario.apply(flips(results.winners, results.parties, args.flip))
    if getattr(args, "undecided", None):
        scenario.apply(set_units(args.undecided, None))
    return scenario


# -- summary -------------------------------------------------------------------------

def summary_data(scenario) -> dict:  # type: ignore[no-untyped-def]
    from viewer.core.electoral import tipping_point
    from viewer.core.results import TO_WIN
    from viewer.core.units import UNITS

    results = scenario.base
    t = scenario.tally()
    winners = scenario.winners()
    tp = tipping_point(results, winners)
    pv = results.popular_vote()
    return {
        "title": scenario.title or results.title,
        "year": results.year,
        "to_win": TO_WIN,
        "candidates": [{"party": c.party, "name": c.name} for c in results.candidates],
        "totals": dict(t.totals),
        "undecided": t.undecided,
        "winner": t.winner,
        "tipping_point": ({"unit": tp.unit, "margin": round(tp.margin, 2)}
                          if tp and not scenario.overrides else None),
        "popular_vote": ({"votes": pv[0], "total": pv[1]} if pv else None),
        "units": [
            {
                "unit": u,
                "name": UNITS[u].name,
                "ev": results.electoral_votes[u],
                "winner": winners[u],
                "official_winner": results.units[u].winner,
                "changed": scenario.is_changed(u),
                "margin": (None if (m := results.margin(u)) is None else round(m, 2)),
            }
            for u in results.units
        ],
    }


def _summary(args: argparse.Namespace) -> int:
    from viewer.core.electoral import TIE, format_margin

    scenario = _load(args)
    data = summary_data(scenario)
    if args.json:
        print(json.dumps(data, indent=2))
        return 0
    results = scenario.base
    print(data["title"] or "Results")
    for c in results.candidates:
        print(f"  {c.name} ({c.party}):".ljust(32) + f"{data['totals'].get(c.party, 0):>4}")
    if data["undecided"]:
        print("  Undecided:".ljust(32) + f"{data['undecided']:>4}")
    w = data["winner"]
    if w == TIE:
        print("Outcome: 269–269 tie, no majority (the House of Representatives decides)")
    elif w:
        print(f"Winner: {results.candidate(w).name} ({w}), {data['to_win']} to win")
    else:
        print(f"No majority yet: {data['to_win']} to win")
    if data["tipping_point"]:
        tp = data["tipping_point"]
        print(f"Tipping point: {tp['unit']} ({format_margin(tp['margin'], results)})")
    print("Units:")
    for u in data["units"]:
        mark = " *" if u["changed"] else ""
        print(f"  {u['unit']:<5}{u['name']:<30}{u['ev']:>3}  {u['winner'] or 'undecided':<9}"
              f"{format_margin(u['margin'], results)}{mark}")
    if scenario.overrides:
        print("* changed from the official result in this scenario")
    return 0


# -- render --------------------------------------------------------------------------

def _render(args: argparse.Namespace) -> int:
    from viewer.core.shapes import load_shapes
    from viewer.render.export import format_for, render_bytes
    from viewer.storage import write_bytes

    try:
        fmt = format_for(args.output)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    scenario = _load(args)
    data = render_bytes(load_shapes(), scenario, args.size, fmt, title=args.title)
    write_bytes(args.output, data)
    print(f"wrote {args.output} ({len(data):,} bytes)")
    return 0


# -- window --------------------------------------------------------------------------

def _run_gui(args: argparse.Namespace) -> int:
    from viewer.ui.launch import launch

    return launch(args.results)
