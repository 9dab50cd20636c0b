"""Election results per unit, loaded and validated from the project's CSV format.

A results file is a CSV with a few ``# key: value`` metadata lines on top (year, title,
candidates with their party codes, the previous election's file) and one row per unit.
Candidates are data: the code never assumes who ran.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

from viewer.core.errors import InputError
from viewer.core.safe_read import read_capped
from viewer.core.units import UNIT_CODES, UNITS

TOTAL_ELECTORAL_VOTES = 538
TO_WIN = 270
MAX_RESULTS_BYTES = 5_000_000  # a real file is ~4 KB; refuse anything absurd before reading it

_PARTY_RE = re.compile(r"^[A-Z][A-Z0-9_]{0,11}$")
_COLOR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")
_REQUIRED = ("unit", "electoral_votes", "winner")


@dataclass(frozen=True)
class Candidate:
    party: str  # short party code used everywhere else, e.g. "DEM"
    name: str
    party_name: str = ""
    color: str = ""

    @property
    def surname(self) -> str:
        return self.name.split()[-1] if self.name else self.party


@dataclass(frozen=True)
class UnitResult:
    unit: str
    electoral_votes: int
    winner: str | None  # party code, or None when not decided
    votes: Mapping[str, int] | None = None  # party -> votes; None when not available
    total: int | None = None

    @property
    def has_votes(self) -> bool:
        return self.votes is not None and bool(self.total)

    def share(self, party: str) -> float | None:
        """Share of all votes in percent, or None when votes are not available."""
        if not self.has_votes:
            return None
        assert self.votes is not None and self.total
        return 100.0 * self.votes.get(party, 0) / self.total


@dataclass(frozen=True)
class ElectionResults:
    year: int | None
    title: str
    candidates: tuple[Candidate, ...]
    units: Mapping[str, UnitResult]
    source: str = ""
    date: str = ""
    previous_file: str = ""
    other_label: str = "Others"
    # The ``# source:`` metadata line: who published these figures (``source`` above is
    # the file's path). Empty when the file does not say; nothing is assumed then.
    data_source: str = ""
    # Set by load_results: the ``# previous:`` election when it could be used, and why
    # figures are left out (a bad previous file, winners that contradict the votes).
    previous_results: ElectionResults | None = field(default=None, repr=False, compare=False)
    warnings: tuple[str, ...] = ()

    # -- candidates -----------------------------------------------------------------
    @property
    def parties(self) -> tuple[str, ...]:
        return tuple(c.party for c in self.candidates)

    def candidate(self, party: str) -> Candidate:
        for c in self.candidates:
            if c.party == party:
                return c
        return Candidate(party, party)

    @property
    def axis(self) -> tuple[str, str]:
        """The two parties margins are measured between: first minus second listed."""
        return self.candidates[0].party, self.candidates[1].party

    # -- per unit -------------------------------------------------------------------
    def __getitem__(self, unit: str) -> UnitResult:
        return self.units[unit]

    def margin(self, unit: str) -> float | None:
        """First party's share minus second's, in points of all votes; None without votes."""
        r = self.units[unit]
        a, b = self.axis
        sa, sb = r.share(a), r.share(b)
        if sa is None or sb is None:
            return None
        return sa - sb

    def margin_votes(self, unit: str) -> int | None:
        r = self.units[unit]
        if not r.has_votes:
            return None
        assert r.votes is not None
        a, b = self.axis
        return r.votes.get(a, 0) - r.votes.get(b, 0)

    @cached_property
    def winners(self) -> dict[str, str | None]:
        return {u: r.winner for u, r in self.units.items()}

    @cached_property
    def electoral_votes(self) -> dict[str, int]:
        return {u: r.electoral_votes for u, r in self.units.items()}

    # -- national -------------------------------------------------------------------
    def popular_vote(self) -> tuple[dict[str, int], int] | None:
        """National votes per party and in all, counting each state once (not districts).

        None when any state lacks vote counts.
        """
        per_party = dict.fromkeys(self.parties, 0)
        total = 0
        for code, r in self.units.items():
            if UNITS[code].is_district:
                continue  # district votes are already inside the statewide row
            if not r.has_votes:
                return None
            assert r.votes is not None and r.total is not None
            for p in self.parties:
                per_party[p] += r.votes.get(p, 0)
            total += r.total
        return per_party, total

    def national_margin(self) -> float | None:
        pv = self.popular_vote()
        if pv is None or not pv[1]:
            return None
        votes, total = pv
        a, b = self.axis
        return 100.0 * (votes[a] - votes[b]) / total

    # -- what swing and the tipping point can rank ------------------------------------
    def margin_problem(self, unit: str) -> str | None:
        """Why this unit's margin cannot rank it in a swing or the tipping point, or None."""
        r = self.units[unit]
        if not r.has_votes or self.margin(unit) is None:
            return "votes not available"
        if r.winner is None:
            return "not decided"
        assert r.votes is not None
        if r.votes[r.winner] < max(r.votes.values()):
            return "winner contradicts the votes"
        if r.winner not in self.axis:
            return f"won by {r.winner}, outside the margin axis"
        return None

    @cached_property
    def skipped_units(self) -> dict[str, str]:
        """Units left out of swings and the tipping point order, with the reason."""
        return {u: why for u in self.units if (why := self.margin_problem(u))}

    def trusted_margin(self, unit: str) -> float | None:
        """The margin, or None when swing and the tipping point must leave the unit out."""
        return None if unit in self.skipped_units else self.margin(unit)

    # -- previous election -------------------------------------------------------------
    @property
    def previous(self) -> ElectionResults | None:
        """The election named in ``# previous:``; None if absent or not usable (see warnings)."""
        return self.previous_results

    def swing(self, unit: str) -> float | None:
        """Change in margin since the previous election, in points (+ toward the first party).

        Both margins are measured on this file's axis by party code, whatever order the
        previous file lists its candidates in.
        """
        prev = self.previous
        if prev is None or unit not in prev.units or not set(self.axis) <= set(prev.parties):
            return None
        a, b = self.axis
        now, then = self.margin(unit), _margin_between(prev.units[unit], a, b)
        if now is None or then is None:
            return None
        return now - then

    def previous_winner(self, unit: str) -> str | None:
        prev = self.previous
        if prev is None or unit not in prev.units:
            return None
        return prev.units[unit].winner


def _margin_between(r: UnitResult, a: str, b: str) -> float | None:
    sa, sb = r.share(a), r.share(b)
    return None if sa is None or sb is None else sa - sb


# ---------------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------------

def load_results(path: str | Path, *, with_previous: bool = True) -> ElectionResults:
    """Read and validate a results file; raises InputError naming file, line and field.

    The ``# previous:`` file is read at once with the same checks; when it cannot be used
    the results load without it and ``warnings`` say why.
    """
    path = Path(path)
    name = str(path)
    raw = read_capped(path, MAX_RESULTS_BYTES, "results file")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(name, "UTF-8 text", line=line, got="undecodable bytes") from None
    results = parse_results(text, source=name)
    if not (with_previous and results.previous_file):
        return results
    prev, problems = _load_previous(results, path)
    return replace(results, previous_results=prev, warnings=(*results.warnings, *problems))


def _load_previous(results: ElectionResults, path: Path,
                   ) -> tuple[ElectionResults | None, list[str]]:
    """The previous election if it can be compared with this one, and what is wrong if not."""
    prev_path = path.parent / results.previous_file
    left_out = "swing, shift arrows and flips are not shown"
    if not prev_path.is_file():
        return None, [f"{path}: the previous election's file {results.previous_file!r} "
                      f"was not found; {left_out}"]
    if prev_path.resolve() == path.resolve():
        return None, [f"{path}: '# previous:' names this same file; {left_out}"]
    try:
        prev = load_results(prev_path, with_previous=False)
    except InputError as exc:
        return None, [f"previous election not used: {exc}; {left_out}"]
    if not set(prev.parties) & set(results.parties):
        return None, [f"previous election not used: {prev_path} shares no party code with "
                      f"{path} ({', '.join(prev.parties)} against "
                      f"{', '.join(results.parties)}); {left_out}"]
    if results.year is not None and prev.year is not None and prev.year >= results.year:
        return None, [f"previous election not used: {prev_path} is for {prev.year}, not "
                      f"before {results.year}; {left_out}"]
    missing = [p for p in results.axis if p not in prev.parties]
    if missing:
        return prev, [f"{prev_path} has no candidate {', '.join(missing)}: swing and shift "
                      "arrows are not shown (flips still are)"]
    return prev, []


def parse_results(text: str, source: str = "<results>") -> ElectionResults:
    meta, candidates, body_start = _parse_metadata(text, source)
    lines = text.splitlines()
    body = "\n".join(lines[body_start:])
    reader = csv.reader(io.StringIO(body))
    try:
        header = next(reader)
    except StopIteration:
        raise InputError(source, "a header row with the columns unit, electoral_votes, winner",
                         line=body_start + 1) from None
    header = [h.strip() for h in header]
    header_line = body_start + 1
    for name in _REQUIRED:
        if name not in header:
            raise InputError(source, f"a column named '{name}'", line=header_line,
                             got=",".join(header))
    vote_cols = {h[len("votes_"):]: i for i, h in enumerate(header) if h.startswith("votes_")}
    if not candidates:
        # No candidate lines: the vote columns (or the winners) name the parties.
        candidates = [Candidate(p, p) for p in vote_cols if p != "other"]
    parties = [c.party for c in candidates]
    if len(parties) < 2:
        raise InputError(source, "at least two candidates ('# candidate:' lines or votes_ columns)",
                         line=header_line)
    for p in parties:
        if vote_cols and p not in vote_cols:
            raise InputError(source, f"a column 'votes_{p}' for candidate {p}", line=header_line)
    col = {h: i for i, h in enumerate(header)}
    units: dict[str, UnitResult] = {}
    contradictions: list[str] = []
    for offset, row in enumerate(reader):
        lineno = header_line + 1 + offset
        if not row or all(not c.strip() for c in row):
            continue
        if len(row) != len(header):
            raise InputError(source, f"{len(header)} comma-separated fields", line=lineno,
                             got=f"{len(row)} fields")
        unit = row[col["unit"]].strip()
        if unit not in UNITS:
            raise InputError(source,
                             "a unit code (postal code, DC, ME-1, ME-2, NE-1, NE-2 or NE-3)",
                             line=lineno, field="unit", got=unit)
        if unit in units:
            raise InputError(source, "each unit once", line=lineno, field="unit",
                             got=f"{unit} again")
        ev = _count(row[col["electoral_votes"]], source, lineno, "electoral_votes")
        if ev is None:
            raise InputError(source, "a whole number of electoral votes", line=lineno,
                             field="electoral_votes", got="")
        winner = row[col["winner"]].strip() or None
        if winner is not None and winner not in parties:
            raise InputError(source, f"one of {', '.join(parties)} or empty", line=lineno,
                             field="winner", got=winner)
        votes, total = _unit_votes(row, col, vote_cols, parties, source, lineno)
        units[unit] = UnitResult(unit, ev, winner, votes, total)
        if (problem := _contradiction(units[unit])) is not None:
            contradictions.append(f"{source}, line {lineno}: {problem}")
    _check_complete(units, source)
    return ElectionResults(
        year=_year(meta, source),
        title=meta.get("title", ""),
        candidates=tuple(candidates),
        units={u: units[u] for u in UNIT_CODES},
        source=source,
        date=meta.get("date", ""),
        previous_file=meta.get("previous", ""),
        data_source=meta.get("source", ""),
        warnings=tuple(contradictions),
    )


def _parse_metadata(text: str, source: str) -> tuple[dict[str, str], list[Candidate], int]:
    meta: dict[str, str] = {}
    candidates: list[Candidate] = []
    lines = text.splitlines()
    i = 0
    for i, line in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break
        content = stripped.lstrip("#").strip()
        if ":" not in content:
            continue  # a plain comment
        key, value = (s.strip() for s in content.split(":", 1))
        key = key.lower()
        if key == "candidate":
            candidates.append(_candidate(value, source, i + 1, candidates))
        else:
            meta[key] = value
    else:
        i = len(lines)
    return meta, candidates, i


def _candidate(value: str, source: str, lineno: int, known: Iterable[Candidate]) -> Candidate:
    parts = [p.strip() for p in value.split("|")]
    expected = "'# candidate: PARTY | Name | Party name | #rrggbb' (last two optional)"
    if len(parts) < 2 or not _PARTY_RE.match(parts[0]) or not parts[1]:
        raise InputError(source, expected, line=lineno, field="candidate", got=value)
    color = parts[3] if len(parts) > 3 else ""
    if color and not _COLOR_RE.match(color):
        raise InputError(source, "a colour like #2166ac", line=lineno, field="candidate",
                         got=color)
    if any(c.party == parts[0] for c in known):
        raise InputError(source, "each party once", line=lineno, field="candidate",
                         got=parts[0])
    if parts[0] == "other":
        raise InputError(source, "a party code other than 'other'", line=lineno,
                         field="candidate")
    return Candidate(parts[0], parts[1], parts[2] if len(parts) > 2 else "", color)


def _count(text: str, source: str, lineno: int, field_name: str) -> int | None:
    s = text.strip()  # no "_" digit separators: int() would take them, a reader would not
    if s == "":
        return None
    if not s.isdigit() or not s.isascii():
        expected = "a whole number of 0 or more"
        raise InputError(source, expected, line=lineno, field=field_name, got=text.strip())
    return int(s)


def _unit_votes(
    row: list[str], col: dict[str, int], vote_cols: dict[str, int], parties: list[str],
    source: str, lineno: int,
) -> tuple[dict[str, int] | None, int | None]:
    counts = {p: _count(row[i], source, lineno, f"votes_{p}") for p, i in vote_cols.items()}
    total = (_count(row[col["total_votes"]], source, lineno, "total_votes")
             if "total_votes" in col else None)
    if all(v is None for v in counts.values()) and total is None:
        return None, None  # a winners-only row: votes not available
    votes = {p: v for p in parties if (v := counts.get(p)) is not None}
    missing = [f"votes_{p}" for p in parties if p not in votes]
    if missing:
        raise InputError(source, "vote counts for every candidate (or none at all)",
                         line=lineno, field=missing[0], got="")
    summed = sum(v for v in counts.values() if v is not None)
    if total is None:
        total = summed
    elif summed > total:
        raise InputError(source, f"a total of at least the candidates' votes ({summed:,})",
                         line=lineno, field="total_votes", got=f"{total:,}")
    return votes, total


def _contradiction(r: UnitResult) -> str | None:
    """A warning when the winner column names a candidate with fewer votes than another."""
    votes = r.votes
    if r.winner is None or not r.has_votes or votes is None:
        return None
    leader = max(votes, key=votes.__getitem__)
    if votes[r.winner] >= votes[leader]:
        return None
    return (f"{r.unit}'s winner column says {r.winner} but {leader} has more votes "
            f"({votes[leader]:,} to {votes[r.winner]:,}); {r.unit} is left out of "
            "swings and the tipping point")


def _check_complete(units: dict[str, UnitResult], source: str) -> None:
    missing = [u for u in UNIT_CODES if u not in units]
    if missing:
        shown = ", ".join(missing[:8]) + (" …" if len(missing) > 8 else "")
        raise InputError(source, "a row for each of the 56 units", field="unit",
                         got=f"missing {shown}")
    total = sum(r.electoral_votes for r in units.values())
    if total != TOTAL_ELECTORAL_VOTES:
        raise InputError(source, f"electoral votes adding up to {TOTAL_ELECTORAL_VOTES}",
                         field="electoral_votes", got=str(total))


def _year(meta: Mapping[str, str], source: str) -> int | None:
    y = meta.get("year")
    if y is None:
        return None
    if not (y.isascii() and y.isdigit() and len(y) == 4):
        raise InputError(source, "a four-digit year", field="year", got=y)
    return int(y)
