"""What the forecast starts from: an expected margin and a spread per unit.

A margin is the first party's share minus the second's, in points (the results' axis,
e.g. DEM minus REP). Inputs come from a poll-averages file, from any year's results plus
a uniform swing, from ratings painted on the map, or from edits per unit; they can be
mixed (ratings and edits replace single units of any other inputs).

Units without a poll average take the previous election's margin shifted by the national
polling change (the national average's margin now minus the previous popular-vote
margin); ``ForecastInputs.unpolled`` names them and each one's ``note`` says so.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import numpy.typing as npt

from viewer.core.errors import InputError
from viewer.core.forecast.model import DEFAULT_UNIT_SD, DEFAULT_UNPOLLED_SD
from viewer.core.results import TOTAL_ELECTORAL_VOTES, ElectionResults
from viewer.core.safe_read import read_capped
from viewer.core.units import UNIT_CODES, UNITS

FloatArray = npt.NDArray[np.float64]

NATIONAL = "US"  # the poll file's row for the national average
MAX_POLLS_BYTES = 1_000_000  # a real file is about 2 KB

SOURCE_POLLS = "polls"
SOURCE_SHIFTED = "previous result shifted"
SOURCE_RESULTS = "results"
SOURCE_RATING = "rating"
SOURCE_EDIT = "edited"

# Ratings: the expected margin (points toward the rated side) and the unit's own spread
# (sd, points). With the default error model (national 3.0 and regional 1.5 on top) they
# give the favourite about: Tilt 57 %, Lean 73 %, Likely 92 %, Safe 98 % — close to the
# bands FiveThirtyEight used for its 2018 race ratings as we recall them (not re-checked
# against a source): Toss-up under 60 %, Lean 60–75 %, Likely 75–95 %, Solid 95 % or
# more; Tilt, which 270toWin and YAPms add, is the 55–60 % edge of a toss-up. Safe units
# get a wider spread: they are seldom polled and move more in points.
# tests/core/test_forecast_inputs.py checks these bands.
RATING_LEVELS: tuple[str, ...] = ("Toss-up", "Tilt", "Lean", "Likely", "Safe")
RATING_TABLE: dict[str, tuple[float, float]] = {
    "Toss-up": (0.0, 3.0),
    "Tilt": (0.7, 3.0),
    "Lean": (2.5, 3.0),
    "Likely": (7.0, 4.0),
    "Safe": (15.0, 6.0),
}


@dataclass(frozen=True)
class UnitInput:
    margin: float  # expected margin, first party minus second, points
    spread: float  # standard deviation of the unit's own error, points
    source: str  # SOURCE_POLLS, SOURCE_SHIFTED, SOURCE_RESULTS, SOURCE_RATING, SOURCE_EDIT
    note: str = ""  # shown beside the unit, e.g. "Lean DEM" or how a margin was shifted


@dataclass(frozen=True)
class ForecastInputs:
    parties: tuple[str, str]  # the margin axis: first minus second
    units: Mapping[str, UnitInput]  # every unit, in UNIT_CODES order
    electoral_votes: Mapping[str, int]
    # Popular-vote weights of the states (districts 0), summing to 1: the national margin
    # of a simulated election is the weighted mean of its state margins.
    turnout: Mapping[str, float]
    year: int | None = None
    label: str = ""
    national_change: float | None = None  # the shift given to units without polls
    notes: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        if tuple(self.units) != UNIT_CODES:
            missing = [u for u in UNIT_CODES if u not in self.units]
            raise ValueError(f"forecast inputs need every unit in order; missing {missing}")
        if sum(self.electoral_votes.values()) != TOTAL_ELECTORAL_VOTES:
            raise ValueError("electoral votes must add to 538")
        for u, inp in self.units.items():
            if not (math.isfinite(inp.margin) and math.isfinite(inp.spread)
                    and inp.spread >= 0):
                raise ValueError(f"{u}: a finite margin and a spread of 0 or more")

    @property
    def unpolled(self) -> tuple[str, ...]:
        """Units whose margin is the previous result shifted by the national change."""
        return tuple(u for u, i in self.units.items() if i.source == SOURCE_SHIFTED)

    def margins(self) -> FloatArray:
        return np.array([self.units[u].margin for u in UNIT_CODES])

    def spreads(self) -> FloatArray:
        return np.array([self.units[u].spread for u in UNIT_CODES])

    def ev_array(self) -> FloatArray:
        return np.array([self.electoral_votes[u] for u in UNIT_CODES], dtype=np.float64)

    def turnout_array(self) -> FloatArray:
        return np.array([self.turnout.get(u, 0.0) for u in UNIT_CODES])

    def with_units(self, changes: Mapping[str, UnitInput]) -> ForecastInputs:
        """These inputs with some units replaced."""
        for u in changes:
            if u not in self.units:
                raise InputError("forecast inputs", "a unit code", got=u)
        return replace(self, units={u: changes.get(u, i) for u, i in self.units.items()})


# ---------------------------------------------------------------------------------------
# Edits and ratings
# ---------------------------------------------------------------------------------------

def edit_units(inputs: ForecastInputs, margins: Mapping[str, float],
               spreads: Mapping[str, float] | None = None) -> ForecastInputs:
    """Set units' expected margins (and optionally spreads) by hand."""
    spreads = spreads or {}
    changes = {}
    for u in {*margins, *spreads}:
        old = inputs.units.get(u)
        if old is None:
            raise InputError("edit", "a unit code", got=u)
        margin = float(margins.get(u, old.margin))
        spread = float(spreads.get(u, old.spread))
        if not (math.isfinite(margin) and abs(margin) <= 100):
            raise InputError("edit", "a margin from -100 to 100 points", field=u,
                             got=str(margin))
        if not (math.isfinite(spread) and 0 <= spread <= 50):
            raise InputError("edit", "a spread from 0 to 50 points", field=u, got=str(spread))
        changes[u] = UnitInput(margin, spread, SOURCE_EDIT, f"edited (was {old.source})")
    return inputs.with_units(changes)


def rating_input(level: str, party: str | None, parties: tuple[str, str]) -> UnitInput:
    """The margin and spread of a rating such as ("Lean", "DEM"); Toss-up takes no party."""
    if level not in RATING_TABLE:
        raise InputError("rating", f"one of {', '.join(RATING_LEVELS)}", got=level)
    margin, spread = RATING_TABLE[level]
    if level == "Toss-up":
        return UnitInput(0.0, spread, SOURCE_RATING, "Toss-up")
    if party not in parties:
        raise InputError("rating", f"a party of {', '.join(parties)} for {level}",
                         got=str(party))
    sign = 1.0 if party == parties[0] else -1.0
    return UnitInput(sign * margin, spread, SOURCE_RATING, f"{level} {party}")


def apply_ratings(inputs: ForecastInputs,
                  ratings: Mapping[str, tuple[str, str | None]]) -> ForecastInputs:
    """Replace rated units (unit -> (level, party)) by the rating table's margin and spread."""
    return inputs.with_units({u: rating_input(level, party, inputs.parties)
                              for u, (level, party) in ratings.items()})


def rating_text(level: str, party: str | None) -> str:
    """A rating as saved and shown: "Lean DEM", "Toss-up" (no side)."""
    return level if level == "Toss-up" or party is None else f"{level} {party}"


_TOSS_UP_SPELLINGS = frozenset({"toss-up", "tossup", "toss up", "toss_up"})


def parse_rating(text: str, parties: tuple[str, ...],
                 names: Mapping[str, str] | None = None, *, source: str = "rating",
                 field: str | None = None) -> tuple[str, str | None]:
    """A rating typed as "Lean DEM", "lean-harris", "Safe_REP" or "Toss-up": the level (any
    case) then a side, a party code or a candidate's surname from ``names`` (party ->
    surname). Raises InputError (``source``, ``field``) listing the levels or the sides."""
    names = names or {}
    raw = text.strip()
    low = raw.casefold()
    if low in _TOSS_UP_SPELLINGS:
        return "Toss-up", None
    example = f"{RATING_LEVELS[2]}-{parties[0] if parties else 'DEM'}"
    levels = (f"a rating: Toss-up, or {', '.join(RATING_LEVELS[1:-1])} or "
              f"{RATING_LEVELS[-1]} then a side, as in {example}")
    if any(low.startswith(t) and low[len(t):len(t) + 1] in (" ", "-", "_")
           for t in _TOSS_UP_SPELLINGS):
        raise InputError(source, "Toss-up alone: a toss-up favours no side", field=field,
                         got=raw)
    for level in RATING_LEVELS[1:]:
        head = level.casefold()
        if low.startswith(head) and len(low) > len(head) and low[len(head)] in " -_":
            side = raw[len(head) + 1:].strip()
            match = [p for p in parties if side.upper() == p.upper()
                     or side.casefold() == names.get(p, p).casefold()]
            if not match:
                sides = ", ".join(f"{p} ({names[p]})" if p in names else p for p in parties)
                raise InputError(source, f"a side for {level}: one of {sides}",
                                 field=field, got=side or "nothing")
            return level, match[0]
    for level in RATING_LEVELS:
        if low == level.casefold():
            raise InputError(source, f"a side after {level}, as in {level}-"
                             f"{parties[0] if parties else 'DEM'} (or Toss-up alone)",
                             field=field, got=raw)
    raise InputError(source, levels, field=field, got=raw)


# ---------------------------------------------------------------------------------------
# From results plus a swing
# ---------------------------------------------------------------------------------------

def inputs_from_results(results: ElectionResults, swing: float = 0.0, *,
                        unit_sd: float = DEFAULT_UNIT_SD) -> ForecastInputs:
    """Each unit's margin in ``results`` plus a uniform ``swing`` (points toward the first
    party). A unit without votes takes a Safe rating for its winner (Toss-up when not
    decided), and a note says so."""
    if not math.isfinite(swing) or abs(swing) > 100:
        raise InputError("swing", "a number of points from -100 to 100", got=str(swing))
    parties = results.axis
    units: dict[str, UnitInput] = {}
    rated: list[str] = []
    for u in UNIT_CODES:
        m = results.margin(u)
        if m is None:
            winner = results[u].winner
            level = "Safe" if winner in parties else "Toss-up"
            units[u] = rating_input(level, winner if level == "Safe" else None, parties)
            rated.append(u)
        else:
            units[u] = UnitInput(m + swing, unit_sd, SOURCE_RESULTS,
                                 f"{results.year or ''} result{_swing_text(swing, parties)}"
                                 .strip())
    notes = []
    if rated:
        notes.append(f"no votes for {', '.join(rated)}: rated Safe for the winner "
                     "(Toss-up if undecided)")
    turnout, note = _turnout(results)
    notes.extend(note)
    return ForecastInputs(parties, units, dict(results.electoral_votes), turnout,
                          year=results.year,
                          label=f"{results.year or ''} results{_swing_text(swing, parties)}"
                          .strip(), notes=tuple(notes))


def _swing_text(swing: float, parties: tuple[str, str]) -> str:
    if swing == 0:
        return ""
    return f" with a swing of {abs(swing):.1f} toward {parties[0 if swing > 0 else 1]}"


def _turnout(results: ElectionResults) -> tuple[dict[str, float], list[str]]:
    """Popular-vote weights from the states' total votes; by electoral votes (with a note)
    when some state has none."""
    totals = {u: r.total for u, r in results.units.items() if not UNITS[u].is_district}
    if all(totals.values()):
        s = float(sum(t or 0 for t in totals.values()))
        return {u: (t or 0) / s for u, t in totals.items()}, []
    ev = {u: float(results.electoral_votes[u]) for u in totals}
    s = sum(ev.values())
    return ({u: v / s for u, v in ev.items()},
            ["the popular vote is weighted by electoral votes (some states have no votes)"])


# ---------------------------------------------------------------------------------------
# Poll averages
# ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class PollAverages:
    """Final polling averages: each candidate's share in percent per unit (and nationally)."""

    source: str  # the file
    parties: tuple[str, ...]
    shares: Mapping[str, Mapping[str, float]]  # unit -> party -> percent
    national: Mapping[str, float] | None = None
    year: int | None = None
    date: str = ""
    data_source: str = ""  # the '# source:' line

    def margin(self, unit: str, axis: tuple[str, str]) -> float | None:
        s = self.shares.get(unit)
        return None if s is None else s[axis[0]] - s[axis[1]]

    def national_margin(self, axis: tuple[str, str]) -> float | None:
        s = self.national
        return None if s is None else s[axis[0]] - s[axis[1]]


_PCT_RE = re.compile(r"^pct_([A-Z][A-Z0-9_]{0,11})$")
# FiveThirtyEight's columns as in ../shared/reference/forecast/poll_averages_YYYY.csv
_REFERENCE_COLUMNS = {"dem_pct": "DEM", "rep_pct": "REP"}


def load_poll_averages(path: str | Path) -> PollAverages:
    """Read a poll-averages file; refuses, naming the line and field, unknown units, a unit
    twice, shares that are not numbers from 0 to 100 or that add to more than 100, and rows
    of another year than the file's.

    Two layouts are read: the bundled one (``# year:``, ``# date:``, ``# source:`` lines,
    then ``unit,pct_DEM,pct_REP``; any ``pct_<PARTY>`` columns) and FiveThirtyEight's as
    compiled in the reference folder (``year,unit,…,dem_pct,rep_pct,date``). The row
    ``US`` is the national average.
    """
    path = Path(path)
    raw = read_capped(path, MAX_POLLS_BYTES, "poll-averages file")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(str(path), "UTF-8 text", line=line, got="undecodable bytes") from None
    return parse_poll_averages(text, str(path))


def parse_poll_averages(text: str, source: str = "<polls>") -> PollAverages:
    lines = text.splitlines()
    meta: dict[str, str] = {}
    start = 0
    for start, line in enumerate(lines):  # noqa: B007 (the header's position is used)
        s = line.strip()
        if s and not s.startswith("#"):
            break
        if ":" in s:
            key, value = (p.strip() for p in s.lstrip("#").split(":", 1))
            meta[key.lower()] = value
    else:
        raise InputError(source, "a header row such as unit,pct_DEM,pct_REP",
                         line=len(lines) + 1)
    reader = csv.reader(io.StringIO("\n".join(lines[start:])))
    header = [h.strip() for h in next(reader)]
    header_line = start + 1
    if "unit" not in header:
        raise InputError(source, "a column named 'unit'", line=header_line,
                         got=",".join(header))
    columns = {m.group(1): i for i, h in enumerate(header) if (m := _PCT_RE.match(h))}
    if not columns:
        columns = {p: header.index(h) for h, p in _REFERENCE_COLUMNS.items() if h in header}
    if len(columns) < 2:
        raise InputError(source, "share columns for two candidates (pct_DEM, pct_REP)",
                         line=header_line, got=",".join(header))
    year = _year(meta.get("year"), source, None, "year")
    year_col = header.index("year") if "year" in header else None
    date_col = header.index("date") if "date" in header else None
    unit_col = header.index("unit")
    shares: dict[str, dict[str, float]] = {}
    national: dict[str, float] | None = None
    date = meta.get("date", "")
    for offset, row in enumerate(reader):
        lineno = header_line + 1 + offset
        if not row or all(not c.strip() for c in row):
            continue
        if len(row) != len(header):
            raise InputError(source, f"{len(header)} comma-separated fields", line=lineno,
                             got=f"{len(row)} fields")
        unit = row[unit_col].strip()
        if unit != NATIONAL and unit not in UNITS:
            raise InputError(source, "a unit code (postal code, DC, ME-1 … NE-3) or US",
                             line=lineno, field="unit", got=unit)
        if unit in shares or (unit == NATIONAL and national is not None):
            raise InputError(source, "each unit once", line=lineno, field="unit",
                             got=f"{unit} again")
        if year_col is not None:
            row_year = _year(row[year_col], source, lineno, "year")
            if year is not None and row_year != year:
                raise InputError(source, f"rows for {year} only", line=lineno, field="year",
                                 got=str(row_year))
            year = row_year
        if date_col is not None and not date:
            date = row[date_col].strip()
        values: dict[str, float] = {}
        for party, col in columns.items():
            values[party] = _percent(row[col], source, lineno, header[col])
        if sum(values.values()) > 100.0 + 1e-9:
            raise InputError(source, "shares adding to 100 or less", line=lineno,
                             got=f"{sum(values.values()):g}")
        if unit == NATIONAL:
            national = values
        else:
            shares[unit] = values
    if not shares:
        raise InputError(source, "at least one unit's average", line=header_line + 1)
    ordered = {u: shares[u] for u in UNIT_CODES if u in shares}
    return PollAverages(source, tuple(columns), ordered, national, year, date,
                        meta.get("source", ""))


def _percent(cell: str, source: str, line: int, column: str) -> float:
    try:
        value = float(cell.strip())
    except ValueError:
        raise InputError(source, "a share in percent", line=line, field=column,
                         got=cell) from None
    if not (math.isfinite(value) and 0.0 <= value <= 100.0):
        raise InputError(source, "a share from 0 to 100 percent", line=line, field=column,
                         got=cell.strip())
    return value


def _year(value: str | None, source: str, line: int | None, column: str) -> int | None:
    if value is None:
        return None
    if not re.fullmatch(r"\d{4}", value.strip()):
        raise InputError(source, "a four-digit year", line=line, field=column, got=value)
    return int(value)


def inputs_from_polls(polls: PollAverages, previous: ElectionResults, *,
                      electoral_votes: Mapping[str, int] | None = None,
                      year: int | None = None, unit_sd: float = DEFAULT_UNIT_SD,
                      unpolled_sd: float = DEFAULT_UNPOLLED_SD) -> ForecastInputs:
    """Polled units take their average's margin; the others the ``previous`` election's
    margin shifted by the national polling change. ``electoral_votes`` are the
    apportionment of the year forecast (default: the previous election's); ``year``, when
    given, must be the polls' year. The popular vote is weighted by the previous
    election's turnout."""
    if year is not None and polls.year is not None and polls.year != year:
        raise InputError(polls.source, f"poll averages for {year}", field="year",
                         got=str(polls.year))
    parties = previous.axis
    missing = [p for p in parties if p not in polls.parties]
    if missing:
        raise InputError(polls.source, f"a share column for {', '.join(missing)}",
                         got=", ".join(polls.parties))
    if (polls.year is not None and previous.year is not None
            and previous.year >= polls.year):
        raise InputError(previous.source, f"an election before {polls.year} as the previous "
                         "result", field="year", got=str(previous.year))
    turnout, turnout_notes = _turnout(previous)
    then = previous.national_margin()
    now = polls.national_margin(parties)
    notes = list(turnout_notes)
    if now is not None and then is not None:
        change: float | None = now - then
    else:
        # No national average: the turnout-weighted change of the polled states.
        pairs = [(turnout[u], m - p) for u in turnout
                 if (m := polls.margin(u, parties)) is not None
                 and (p := previous.margin(u)) is not None]
        weight = sum(w for w, _ in pairs)
        change = sum(w * d for w, d in pairs) / weight if weight else None
        if change is not None:
            notes.append("no national average: the national change is the polled states' "
                         "turnout-weighted change")
    units: dict[str, UnitInput] = {}
    for u in UNIT_CODES:
        m = polls.margin(u, parties)
        if m is not None:
            units[u] = UnitInput(m, unit_sd, SOURCE_POLLS, "poll average")
            continue
        before = previous.margin(u)
        if before is None or change is None:
            raise InputError(polls.source, f"a poll average for {u} (the previous election "
                             "has no votes to shift for it)", field="unit", got=u)
        units[u] = UnitInput(before + change, unpolled_sd, SOURCE_SHIFTED,
                             f"no polls: {previous.year or 'previous'} margin "
                             f"{before:+.1f} shifted by the national change {change:+.1f}")
    ev = dict(electoral_votes) if electoral_votes is not None else dict(
        previous.electoral_votes)
    unpolled = [u for u, i in units.items() if i.source == SOURCE_SHIFTED]
    if unpolled:
        notes.append(f"no polls for {', '.join(unpolled)}: previous result shifted by the "
                     "national change")
    label = f"{polls.year or ''} poll averages".strip()
    return ForecastInputs(parties, units, ev, turnout, year=polls.year or year, label=label,
                          national_change=change, notes=tuple(notes))
