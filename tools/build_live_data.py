"""Build the bundled live-results files from the compiled reference tables.

Reads ``../shared/reference/live/`` (beside the repository; ``--from`` to point elsewhere):
- ``nyt_2020_count_updates.csv`` -> ``data/live_2020_counts.csv``
- ``calls_2020.csv`` -> ``data/calls_2020.csv``; ``calls_2024.csv`` -> ``data/calls_2024.csv``

Every file is written in the app's own live format (docs/live-results-format.md) and read
back through the same reader the app uses before it is written. Rows of the count series
whose figures repeat the previous row of the same state (NYT recorded a change of county
figures only) are left out: the state of the night at any time stays the same.

    python tools/build_live_data.py [--from DIR] [--check]
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from viewer.core.live_count import Night, dump_csv, read_live  # noqa: E402
from viewer.core.live_count.model import CountSnapshot  # noqa: E402
from viewer.core.results import load_results  # noqa: E402

DEFAULT_FROM = REPO.parent / "shared" / "reference" / "live"
DATA = REPO / "data"


def _candidates(year: int, parties: Iterable[str]) -> dict[str, str]:
    """The parties' candidates named as in the bundled results, in the results' order."""
    results = load_results(DATA / f"results_{year}.csv", with_previous=False)
    wanted = list(parties)
    named = {c.party: c.name for c in results.candidates if c.party in wanted}
    return {**named, **{p: "" for p in wanted if p not in named}}


def _compact(counts: list[CountSnapshot]) -> list[CountSnapshot]:
    """Leave out rows that repeat a state's previous figures, but keep each state's last
    row, so that the series still ends when the source's does."""
    final = {s.unit: i for i, s in enumerate(counts)}
    out: list[CountSnapshot] = []
    last: dict[str, CountSnapshot] = {}
    for i, s in enumerate(counts):
        prev = last.get(s.unit)
        if prev is None or not s.same_figures(prev) or final[s.unit] == i:
            out.append(s)
            last[s.unit] = s
    return out


def build_counts(src: Path) -> tuple[str, int, int]:
    got = read_live(src / "nyt_2020_count_updates.csv")
    night = got.night
    year = night.year
    assert year == 2020, year
    out = Night(year=year, title="2020 US presidential election: the count from the morning "
                "after election day to January (NYT)",
                candidates=_candidates(year, night.candidates))
    out.sources.extend(night.sources)
    counts = night.all_counts()
    kept = _compact(counts)
    text = dump_csv(out, counts=kept, comments=(
        "expected_total is NYT's final expected total (6 Jan 2021) on every row: known only "
        "afterwards, not what NYT expected at that time.",
        "Rows are statewide (ME and NE: the at-large units); the series starts on "
        "2020-11-04 at 13:28 UTC, with no election-night data.",
        "Built by tools/build_live_data.py from nyt_2020_count_updates.csv; rows that only "
        "repeat a state's previous figures are left out (each state's last row is kept).",
    ))
    return text, len(counts), len(kept)


def build_calls(src: Path, year: int) -> tuple[str, int]:
    got = read_live(src / f"calls_{year}.csv")
    night = got.night
    assert night.year == year, night.year
    out = Night(year=year, title=f"{year} US presidential election: race calls with sourced "
                "times", candidates=_candidates(year, night.candidates))
    out.sources.append("Call times as reported by the news pages named in call_source "
                       "(compiled for Electoral Map; see data/SOURCES_live.md)")
    calls = night.all_calls()
    text = dump_csv(out, calls=calls, comments=(
        "Only the races listed have call information: any other unit's call time was not "
        "collected (no guessed times).",
        "US is the call of the presidency.",
    ))
    return text, len(calls)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--from", dest="src", type=Path, default=DEFAULT_FROM,
                   help=f"the reference folder (default: {DEFAULT_FROM})")
    p.add_argument("--check", action="store_true",
                   help="only check that the bundled files are up to date (exit 1 if not)")
    args = p.parse_args(argv)
    if not args.src.is_dir():
        print(f"build_live_data: {args.src} is not a folder", file=sys.stderr)
        return 2
    outputs: dict[str, str] = {}
    text, n_all, n_kept = build_counts(args.src)
    outputs["live_2020_counts.csv"] = text
    print(f"live_2020_counts.csv: {n_kept} of {n_all} count rows (the rest repeat figures)")
    for year in (2020, 2024):
        text, n = build_calls(args.src, year)
        outputs[f"calls_{year}.csv"] = text
        print(f"calls_{year}.csv: {n} calls")
    stale = []
    for name, text in outputs.items():
        path = DATA / name
        # What is written must read back to the same figures through the app's reader.
        back = read_live(text, source=name)
        assert back.format.startswith("live results CSV"), back.format
        if args.check:
            if not path.is_file() or path.read_text(encoding="utf-8") != text:
                stale.append(name)
            continue
        path.write_text(text, encoding="utf-8", newline="\n")
    if stale:
        print(f"out of date: {', '.join(stale)} (run tools/build_live_data.py)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
