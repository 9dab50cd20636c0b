"""Election results per unit, loaded and validated from the project's CSV format.

A results file is a CSV with a few ``# key: value`` metadata lines on top (year, title,
candidates with their party codes, the previous election's file) and one row per unit.
Candidates are data: the code never assumes who ran. Version 2 of the format adds what
history needs: the electoral votes each candidate received in each unit (faithless,
unpledged and split electors, abstentions), units that did not take part or whose
legislature chose the electors, any set of units and total, and how the president was
chosen (data/README.md).
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
from viewer.core.tally import Tally, tally
from viewer.core.units import UNIT_CODES, UNITS

TOTAL_ELECTORAL_VOTES = 538
TO_WIN = 270
MAX_RESULTS_BYTES = 5_000_000  # a real file is ~4 KB; refuse anything absurd before reading it

_PARTY_RE = re.compile(r"^[A-Z][A-Z0-9_]{0,11}$")
_COLOR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")
_REQUIRED = ("unit", "electoral_votes", "winner")
_VERSION_RE = re.compile(r"^#\s*electoral-map results (\d+)\s*$")
SUPPORTED_VERSIONS = (1, 2)

# How a unit chose its electors (the ``electors`` column); empty means by popular vote.
POPULAR = ""
LEGISLATURE = "legislature"
NO_POPULAR_VOTE = "no popular vote"  # before 1824 the data has no popular-vote figures
DID_NOT_VOTE = "did not vote"
ELECTORS_STATUSES = (POPULAR, LEGISLATURE, NO_POPULAR_VOTE, DID_NOT_VOTE)


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
    electoral_votes: int  # electors allotted to the unit
    winner: str | None  # party code, or None when not decided
    votes: Mapping[str, int] | None = None  # party -> votes; None when not available
    total: int | None = None
    # The electoral votes as counted, per candidate (version 2 files); None: all of the
    # allotted electors' votes went to the winner.
    ev_cast: Mapping[str, int] | None = None
    electors: str = POPULAR  # how the electors were chosen (ELECTORS_STATUSES)
    note: str = ""

    @property
    def counted(self) -> int:
        """The electoral votes the unit gives: as counted, or all of them to its winner."""
        if self.ev_cast is not None:
            return sum(self.ev_cast.values())
        return 0 if self.electors == DID_NOT_VOTE else self.electoral_votes

    @property
    def took_part(self) -> bool:
        return self.electors != DID_NOT_VOTE

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
    version: int = 1
    votes_per_elector: int = 1  # 2 from 1789 to 1800
    # ``# president:`` — the candidate who became president and how (electoral majority,
    # House of Representatives, Electoral Commission); empty when the file does not say.
    president: str | None = None
    how_chosen: str = ""

    # -- candidates -----------------------------------------------------------------
    @cached_property
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
        return self._margins[unit]

    @cached_property
    def _margins(self) -> dict[str, float | None]:
        # Worked out once: the map asks for every unit's margin at every flip.
        a, b = self.axis
        out: dict[str, float | None] = {}
        for unit, r in self.units.items():
            sa, sb = r.share(a), r.share(b)
            out[unit] = None if sa is None or sb is None else sa - sb
        return out

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
        """What each unit gives its winner: the electoral votes as counted (so 0 for a
        unit that did not take part, 2 of 3 in DC 2000, two per elector before 1804)."""
        return {u: r.counted for u, r in self.units.items()}

    @cached_property
    def as_cast(self) -> dict[str, tuple[str | None, Mapping[str, int]]]:
        """Units whose electoral votes did not all go to their winner, with the votes as
        cast: these count as cast while the unit keeps its official winner."""
        out: dict[str, tuple[str | None, Mapping[str, int]]] = {}
        for u, r in self.units.items():
            cast = r.ev_cast
            if cast is not None and cast.get(r.winner or "", 0) != sum(cast.values()):
                out[u] = (r.winner, {p: n for p, n in cast.items() if n})
        return out

    @property
    def total_electoral_votes(self) -> int:
        """Electors allotted to the units that took part (their votes, before 1804)."""
        return sum(r.electoral_votes for r in self.units.values() if r.took_part)

    @property
    def to_win(self) -> int:
        """A majority of the electors of the units that took part: 270 of 538, 269 of
        537 (1960), 152 of 303 (1860). Electors who did not vote or abstained still count,
        states that did not take part (1864, 1868) do not."""
        return self.total_electoral_votes // 2 + 1

    def tally(self, winners: Mapping[str, str | None] | None = None) -> Tally:
        """Electoral votes per candidate for these winners (the official ones by default)."""
        return tally(self.winners if winners is None else winners, self.electoral_votes,
                     self.parties, to_win=self.to_win, as_cast=self.as_cast,
                     votes_per_elector=self.votes_per_elector)

    @cached_property
    def contenders(self) -> tuple[str, ...]:
        """Who a what-if can give a unit to: the two leading candidates and anyone who won
        a unit that year (Byrd in 1960, Wallace in 1968; not Powell's faithless votes), in
        the listed order. At most a handful, so a share code numbers them in 3 bits."""
        won = {r.winner for r in self.units.values() if r.winner is not None}
        return tuple(p for p in self.parties if p in self.axis or p in won)

    @property
    def editable(self) -> bool:
        """What-if edits make sense: not before 1804, when each elector cast two votes."""
        return self.votes_per_elector == 1

    @property
    def candidates_with_votes(self) -> tuple[Candidate, ...]:
        """Candidates who received electoral votes, most first (ties in listed order)."""
        totals = self.tally().totals
        got = [c for c in self.candidates if totals.get(c.party, 0)]
        return tuple(sorted(got, key=lambda c: -totals[c.party]))

    def lead(self, unit: str) -> float | None:
        """The winner's share minus the runner-up's, in points: what a map shades by.

        None without votes or a winner; it does not depend on the margin axis, so a
        third-party winner (Wallace 1968) is shaded by his own lead."""
        return self._leads[unit]

    @cached_property
    def _leads(self) -> dict[str, float | None]:
        out: dict[str, float | None] = {}
        for unit, r in self.units.items():
            if not r.has_votes or r.winner is None or r.votes is None or not r.total:
                out[unit] = None
                continue
            won = r.votes.get(r.winner, 0)
            others = [v for p, v in r.votes.items() if p != r.winner]
            out[unit] = 100.0 * (won - max(others, default=0)) / r.total
        return out

    # -- national -------------------------------------------------------------------
    def popular_vote(self) -> tuple[dict[str, int], int] | None:
        """National votes per party and in all, counting each state once (not districts).

        None when any state lacks vote counts.
        """
        found = self._popular_vote
        return None if found is None else (dict(found[0]), found[1])  # a copy to change

    # Results never change once loaded (a what-if builds new ones), so the sum over every
    # state is made once: a unit's story asks for it of each of the 60 elections.
    @cached_property
    def _popular_vote(self) -> tuple[dict[str, int], int] | None:
        per_party = dict.fromkeys(self.parties, 0)
        total = 0
        for code, r in self.units.items():
            if UNITS[code].is_district or r.electors != POPULAR:
                continue  # districts are inside the statewide row; some had no vote
            if not r.has_votes:
                return None
            assert r.votes is not None and r.total is not None
            for p in self.parties:
                per_party[p] += r.votes.get(p, 0)
            total += r.total
        return (per_party, total) if total else None

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
        return self.trusted_margins[unit]

    @cached_property
    def trusted_margins(self) -> dict[str, float | None]:
        skipped = self.skipped_units
        return {u: None if u in skipped else m for u, m in self._margins.items()}

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
    version = _version(text, source)
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
    ev_cols = {h[len("ev_"):]: i for i, h in enumerate(header) if h.startswith("ev_")}
    if ev_cols and version < 2:
        raise InputError(source, "'# electoral-map results 2' as the first line of a file "
                         "with ev_ columns", line=header_line, field=f"ev_{next(iter(ev_cols))}")
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
    for p in ev_cols:
        if p not in parties:
            raise InputError(source, f"ev_ columns for listed candidates ({', '.join(parties)})",
                             line=header_line, field=f"ev_{p}")
    per_elector = _votes_per_elector(meta, source)
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
        votes, total = _unit_votes(row, col, vote_cols, parties, source, lineno,
                                   partial_ok=version >= 2)
        electors = row[col["electors"]].strip() if "electors" in col else POPULAR
        if electors not in ELECTORS_STATUSES:
            raise InputError(source, "empty (popular vote), " + ", ".join(
                repr(s) for s in ELECTORS_STATUSES[1:]), line=lineno, field="electors",
                got=electors)
        cast = _cast(row, ev_cols, ev * per_elector, source, lineno) if ev_cols else None
        note = row[col["note"]].strip()[:200] if "note" in col else ""
        units[unit] = UnitResult(unit, ev, winner, votes, total, cast, electors, note)
        if (problem := _contradiction(units[unit])) is not None:
            contradictions.append(f"{source}, line {lineno}: {problem}")
    if version >= 2:
        _check_consistent(units, meta, source)
    else:
        _check_complete(units, source)
    president, how = _president(meta, parties, source)
    return ElectionResults(
        year=_year(meta, source),
        title=meta.get("title", ""),
        candidates=tuple(candidates),
        units={u: units[u] for u in UNIT_CODES if u in units},
        source=source,
        date=meta.get("date", ""),
        previous_file=meta.get("previous", ""),
        data_source=meta.get("source", ""),
        warnings=tuple(contradictions),
        version=version,
        votes_per_elector=per_elector,
        president=president,
        how_chosen=how,
    )


def _version(text: str, source: str) -> int:
    """The format version from the first line (``# electoral-map results N``); 1 without."""
    first = text.lstrip("\ufeff").split("\n", 1)[0].strip()
    m = _VERSION_RE.match(first)
    if m is None:
        return 1
    version = int(m.group(1))
    if version not in SUPPORTED_VERSIONS:
        raise InputError(source, "results format version "
                         + " or ".join(map(str, SUPPORTED_VERSIONS))
                         + " (a newer Electoral Map may read it)", line=1, got=first)
    return version


def _votes_per_elector(meta: Mapping[str, str], source: str) -> int:
    value = meta.get("votes_per_elector", "1")
    if value not in ("1", "2"):
        raise InputError(source, "1, or 2 for elections before 1804", field="votes_per_elector",
                         got=value)
    return int(value)


def _president(meta: Mapping[str, str], parties: list[str], source: str,
               ) -> tuple[str | None, str]:
    value = meta.get("president", "")
    if not value:
        return None, ""
    code, _, how = (s.strip() for s in value.partition("|"))
    if code not in parties:
        raise InputError(source, f"'# president: CODE | how chosen' with one of "
                         f"{', '.join(parties)}", field="president", got=code)
    return code, how[:100]


def _cast(row: list[str], ev_cols: dict[str, int], most: int, source: str,
          lineno: int) -> dict[str, int]:
    cast = {}
    for p, i in ev_cols.items():
        n = _count(row[i], source, lineno, f"ev_{p}")
        cast[p] = n or 0
    if sum(cast.values()) > most:
        raise InputError(source, f"at most {most} electoral votes cast in the unit",
                         line=lineno, field="ev_*", got=str(sum(cast.values())))
    return cast


def _check_consistent(units: dict[str, UnitResult], meta: Mapping[str, str],
                      source: str) -> None:
    """Version 2: any units of a year, but a district only with its state, and the total
    the file declares (``# total:``) equal to the electors it lists."""
    for code in units:
        state = UNITS[code].state
        if state not in units:
            raise InputError(source, f"a row for {state} (the state of {code})", field="unit",
                             got=f"{code} without {state}")
    if not units:
        raise InputError(source, "at least one unit row", field="unit")
    declared = meta.get("total")
    if declared is not None:
        total = sum(r.electoral_votes for r in units.values())
        if not declared.isdigit() or int(declared) != total:
            raise InputError(source, f"'# total:' equal to the electoral votes listed ({total})",
                             field="total", got=declared)


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
    source: str, lineno: int, *, partial_ok: bool = False,
) -> tuple[dict[str, int] | None, int | None]:
    """The row's votes per candidate and in all. With ``partial_ok`` (version 2) an empty
    cell beside others means the candidate's votes are not reported apart (in "other")."""
    counts = {p: _count(row[i], source, lineno, f"votes_{p}") for p, i in vote_cols.items()}
    total = (_count(row[col["total_votes"]], source, lineno, "total_votes")
             if "total_votes" in col else None)
    if all(v is None for v in counts.values()) and total is None:
        return None, None  # a winners-only row: votes not available
    votes = {p: v for p in parties if (v := counts.get(p)) is not None}
    missing = [f"votes_{p}" for p in parties if p not in votes]
    if missing and not partial_ok:
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
