"""`electoral-map render --years 1960-2024 -o history.gif`: the elections over the years as
an animation (GIF, or MP4 where ffmpeg is installed), one frame per election, each drawn
as `render` draws one year.

Registered on the `render` command by viewer.cli (``add_render_options``); ``wanted``
tells whether the command asks for an animation and ``run`` makes it (exit status 0, or
InputError for bad arguments: status 2). Progress goes to stderr (``frame 12/17 1976``);
nothing is written until the last frame is encoded, so Ctrl+C leaves no partial file.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from viewer.core.errors import InputError

ANIMATION_SUFFIXES = (".gif", ".mp4")
EXIT_FAILED = 1  # the encoder failed (the arguments were fine)
EXIT_INTERRUPTED = 130  # as a shell reports a command stopped by Ctrl+C
_PART = re.compile(r"^(\d{4})(?:\s*[-–]\s*(\d{4}))?$")
# `render` options that choose or change one year's picture: an animation shows each
# year's official results, titled by its year.
_ONE_PICTURE = {"results": "--results", "year": "--year", "scenario": "--scenario",
                "code": "--code", "flip": "--flip", "undecided": "--undecided",
                "title": "--title", "polls": "--polls", "draws": "--draws", "seed": "--seed",
                "given": "--given"}

Spec = list[tuple[int, int]]  # (first, last) per comma-separated part; a year alone: (y, y)


def years_spec(text: str) -> Spec:
    """argparse type of --years: "1960-2024", "1860,1912,1968" or both ("1789-1800,2024")."""
    parts = [p.strip() for p in text.split(",")]
    spec: Spec = []
    for part in parts:
        m = _PART.match(part)
        if m is None:
            raise argparse.ArgumentTypeError(
                f"expected four-digit years as FIRST-LAST or separated by commas, such as "
                f"1960-2024 or 1860,1912,1968, got {part or text!r}")
        first = int(m.group(1))
        last = int(m.group(2)) if m.group(2) else first
        if last < first:
            raise argparse.ArgumentTypeError(
                f"expected a range from an earlier year to a later one, such as "
                f"{last}-{first}, got {part!r}")
        spec.append((first, last))
    return spec


def _seconds(text: str) -> float:
    from viewer.render.animation_format import MAX_SECONDS, MIN_SECONDS

    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not MIN_SECONDS <= value <= MAX_SECONDS:
        raise argparse.ArgumentTypeError(
            f"expected seconds from {MIN_SECONDS:g} to {MAX_SECONDS:g}, got {text!r}")
    return value


def add_render_options(r: argparse.ArgumentParser) -> None:
    from viewer.render.animation_format import FRAME_SECONDS, LAST_HOLD

    r.add_argument("--years", type=years_spec, metavar="FIRST-LAST|YEAR,…", default=None,
                   help="an animation of the bundled elections in this range (or these "
                        "years), one frame each, written to .gif (or .mp4 where ffmpeg is "
                        "installed)")
    r.add_argument("--seconds", type=_seconds, default=None, metavar="S",
                   help=f"with --years: seconds each election is shown (default "
                        f"{FRAME_SECONDS:g}; the last is held {LAST_HOLD:g} times as long)")


def wanted(args: argparse.Namespace) -> bool:
    """The command asks for an animation: --years, or a .gif or .mp4 output (refused
    without --years in ``run``, with a message saying so)."""
    return (getattr(args, "years", None) is not None or args.seconds is not None
            or args.output.suffix.lower() in ANIMATION_SUFFIXES)


def choose_years(spec: Spec, available: Sequence[int]) -> list[int]:
    """The bundled elections --years names, in the order given, each once; InputError for
    a year outside the bundled ones, a named year without an election, or a range with
    none."""
    if not available:
        raise InputError("--years", "bundled elections (none were found in the data folder)")
    lo, hi = available[0], available[-1]
    span = f"{lo}–{hi}, every four years from 1792"
    chosen: list[int] = []
    for first, last in spec:
        text = f"{first}" if first == last else f"{first}-{last}"
        if first < lo or last > hi:
            raise InputError("--years", f"years from {lo} to {hi} (the bundled elections)",
                             got=text)
        years = [y for y in available if first <= y <= last]
        if not years:
            what = ("a year with a presidential election" if first == last
                    else "a range holding at least one presidential election")
            raise InputError("--years", f"{what} ({span})", got=text)
        chosen.extend(y for y in years if y not in chosen)
    return chosen


def _refuse_one_picture_options(args: argparse.Namespace) -> None:
    from viewer.cli import UsageError

    for name, flag in _ONE_PICTURE.items():
        if getattr(args, name, None) not in (None, []):
            raise UsageError(f"{flag} does not apply to --years: an animation shows each "
                             "year's official results, titled by its year")
    if args.scale != 1.0:
        raise UsageError("--scale does not apply to --years: give --size for a bigger "
                         "animation")


def run(args: argparse.Namespace) -> int:
    from viewer.cli import UsageError
    from viewer.render.animation_format import FORMATS, NOT_ANIMATED, ffmpeg_path

    out: Path = args.output
    suffix = out.suffix.lower()
    if args.years is None and suffix not in ANIMATION_SUFFIXES:
        raise UsageError("--seconds applies to animations only (--years)")
    if args.years is None:
        raise UsageError(f"{out} is an animation: give its elections with --years, such as "
                         "--years 1960-2024")
    if suffix in (".png", ".svg", ".pdf"):
        raise UsageError(f"--years makes an animation: write it to a .gif or .mp4 file, not "
                         f"{out.name} (for one year's picture give --year)")
    fmt = FORMATS.get(suffix)
    if fmt is None:
        raise InputError(str(out), "a file name ending in .gif or .mp4 for an animation")
    if fmt == "mp4" and ffmpeg_path() is None:
        raise InputError(str(out), "ffmpeg on PATH to write MP4, and it is not there "
                         "(install ffmpeg, or write a .gif)")
    if args.map_mode in NOT_ANIMATED:
        raise InputError("--map", "margin, winner, shift or same_since for an animation "
                         f"(the {args.map_mode} map needs more than each year's results)",
                         got=args.map_mode)
    _refuse_one_picture_options(args)
    return _write(args, out, fmt)


def _write(args: argparse.Namespace, out: Path, fmt: str) -> int:
    from viewer.core.history import Bundle
    from viewer.core.shapes import load_shapes
    from viewer.core.tiles import tile_shapes
    from viewer.render.animation import render_animation
    from viewer.render.animation_format import FRAME_SECONDS, AnimationError
    from viewer.render.style import MapStyle
    from viewer.resources import data_dir
    from viewer.storage import write_bytes

    bundle = Bundle(data_dir())
    years = choose_years(args.years, bundle.years())
    style = MapStyle(args.map_mode, args.layout, args.theme, args.palette)
    shapes = tile_shapes() if args.layout == "tiles" else load_shapes()
    progress = _Progress(sys.stderr)
    try:
        data = render_animation(shapes, years, bundle.load, args.size, fmt, style=style,
                                seconds=args.seconds or FRAME_SECONDS, progress=progress)
    except KeyboardInterrupt:  # Ctrl+C: the frames (and ffmpeg's folder) are dropped
        progress.end()
        print(f"electoral-map: interrupted; {out} was not written", file=sys.stderr)
        return EXIT_INTERRUPTED
    except AnimationError as exc:  # ffmpeg failed or stopped: its last words
        progress.end()
        print(f"electoral-map: error: {exc}; {out} was not written", file=sys.stderr)
        return EXIT_FAILED
    progress.end()
    assert data is not None  # the progress line never cancels
    write_bytes(out, data)
    print(f"wrote {out} ({len(data):,} bytes, {len(years)} frames, "
          f"{years[0]}–{years[-1]})" if len(years) > 1 else
          f"wrote {out} ({len(data):,} bytes, 1 frame, {years[0]})")
    return 0


class _Progress:
    """`frame 12/17 1976` on stderr: rewritten in place on a terminal, a line per frame
    elsewhere (a log keeps them all)."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.inline = stream.isatty()
        self._open = False

    def __call__(self, done: int, total: int, year: int) -> bool:
        text = f"frame {done}/{total} {year}"
        if self.inline:
            print(f"\r{text}", end="", file=self.stream, flush=True)
            self._open = True
        else:
            print(text, file=self.stream, flush=True)
        return True

    def end(self) -> None:
        if self._open:
            print(file=self.stream, flush=True)
            self._open = False
