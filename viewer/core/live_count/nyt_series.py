"""The NYT 2020 count-update series (``nyt_2020_count_updates.csv``, compiled from
alex/nyt-2020-election-scraper): one row per recorded change of a state's count.

What each column means, and what it does not (see that file's README):
- the expected total is NYT's *final* expectation (6 Jan 2021), applied to every earlier
  row in hindsight: it is kept with the basis FINAL, never shown as what was expected then;
- precincts reporting/total are as NYT published them at that time;
- rows are statewide: ME and NE rows are the at-large units.
"""

from __future__ import annotations

from viewer.core.live_count.common import (
    MAX_VOTES,
    TIME_EXPECTED,
    LiveInputError,
    LiveRead,
    Row,
    count_value,
    csv_rows,
    parse_time,
    unit_code,
)
from viewer.core.live_count.model import FINAL, CountSnapshot, Night, Precincts
from viewer.core.units import UNITS

NAME = "NYT 2020 count-update series (CSV)"
HEADER = ("timestamp_utc", "unit", "dem_votes", "rep_votes", "other_votes", "total_votes",
          "votes_remaining_est", "nyt_expected_total_votes_final", "precincts_reporting",
          "precincts_total", "battleground")
SOURCE = ("The New York Times' 2020 presidential results feed (results by Edison Research), "
          "as recorded by github.com/alex/nyt-2020-election-scraper (MIT licence)")


def looks_like(text: str) -> bool:
    first = text.lstrip("\ufeff").split("\n", 1)[0].strip().lower()
    return first.startswith("timestamp_utc,unit,dem_votes,rep_votes")


def read(text: str, source: str) -> LiveRead:
    header, header_line, rows = csv_rows(text, source)
    if tuple(header) != HEADER:
        for i, (want, got) in enumerate(zip(HEADER, [*header, *[""] * len(HEADER)],
                                            strict=False), 1):
            if want != got:
                raise LiveInputError(source, f"the column '{want}'", line=header_line,
                                     column=i, got=got)
        raise LiveInputError(source, f"{len(HEADER)} columns", line=header_line,
                             column=len(HEADER) + 1, got=",".join(header[len(HEADER):]))
    night = Night(candidates={"DEM": "", "REP": ""})
    night.sources.append(SOURCE)
    counts: list[CountSnapshot] = []
    final: dict[str, tuple[int, int]] = {}  # unit -> (expected total, first line)
    over: set[str] = set()
    for row in rows:
        snap = _snapshot(row, final)
        if snap.expected_total is not None and snap.total > snap.expected_total \
                and snap.unit not in over:
            over.add(snap.unit)
            night.warnings.append(
                f"{source}, line {row.line}: {snap.unit}'s count ({snap.total:,}) exceeds "
                f"NYT's final expected total ({snap.expected_total:,}) from here on; the "
                "remaining vote is unknown where it does")
        counts.append(snap)
    if counts:
        # The series starts the morning after election day, in the election's year.
        night.year = min(s.time for s in counts).year
    report = night.merge_all(counts)
    if report.stale:
        night.warnings.append(f"{source}: {report.stale} rows older than an earlier row for "
                              "the same state were ignored")
    return LiveRead(night, NAME, counts, [])


def _num(row: Row, name: str) -> int:
    value = count_value(row.get(name))
    if value is None or value > MAX_VOTES:
        raise row.fail(name, "a whole number of 0 or more (plain digits)")
    return value


def _snapshot(row: Row, final: dict[str, tuple[int, int]]) -> CountSnapshot:
    time = parse_time(row.get("timestamp_utc"))
    if time is None:
        raise row.fail("timestamp_utc", TIME_EXPECTED)
    unit = unit_code(row.get("unit"))
    if unit is None or UNITS[unit].is_district:
        raise row.fail("unit", "a state's postal code or DC (the series is statewide)")
    dem, rep, other = _num(row, "dem_votes"), _num(row, "rep_votes"), _num(row, "other_votes")
    total = _num(row, "total_votes")
    if dem + rep + other != total:
        raise row.fail("other_votes", f"total_votes - dem_votes - rep_votes "
                       f"({total - dem - rep:,})")
    expected = _num(row, "nyt_expected_total_votes_final")
    remaining_text = row.get("votes_remaining_est")
    try:
        remaining = int(remaining_text)  # negative where the final count exceeded it
    except ValueError:
        raise row.fail("votes_remaining_est", "a whole number") from None
    if remaining != expected - total:
        raise row.fail("votes_remaining_est", f"nyt_expected_total_votes_final - total_votes "
                       f"({expected - total:,})")
    first = final.setdefault(unit, (expected, row.line))
    if first[0] != expected:
        # The column is one number per state; another one would change its meaning.
        raise row.fail("nyt_expected_total_votes_final",
                       f"the same final expected total for {unit} as on line {first[1]} "
                       f"({first[0]:,})")
    reporting, of = _num(row, "precincts_reporting"), _num(row, "precincts_total")
    if reporting > of:
        raise row.fail("precincts_reporting", f"at most precincts_total ({of:,})")
    if row.get("battleground") not in ("0", "1"):
        raise row.fail("battleground", "0 or 1")
    return CountSnapshot(unit, time, {"DEM": dem, "REP": rep}, total, expected, FINAL, None,
                         Precincts(reporting, of), f"{row.source}, line {row.line}")
