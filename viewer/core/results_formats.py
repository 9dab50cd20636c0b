"""The results files people have, read into ElectionResults; and our format written back.

``read_results`` detects the format from the content, never from the file name, trying in
turn:

a. our own format, version 1 or 2 (data/README.md), read by ``load_results``;
b. a plain CSV with ``<party>_votes`` or ``votes_<party>`` columns, a ``winner`` and an
   ``electoral_votes`` column and no metadata lines (``../shared/reference/results_2024.csv``);
c. the MIT Election Data and Science Lab state-level presidential file
   (``1976-2020-president.csv`` and its 2024 edition), comma or semicolon separated;
d. a long file ``year,unit,candidate,party,votes,electoral_votes`` (one row per unit and
   candidate, like ``../shared/reference/history/results_by_state.csv``);
e. a winners-only list ``state,winner``.

Every foreign file is converted to our format version 2 and read by ``parse_results``, so
one validator decides what an election may contain; the readers check each row first, so a
refusal names the user's file, line and column, never the converted text. Files that hold
several years (MEDSL, long files) need one chosen: ``YearNeeded`` says which there are.
What a reader had to assume is said in the results' ``warnings``.

``results_to_csv`` writes an election, or a what-if scenario of it, in our format version 2.
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from viewer.core.errors import InputError
from viewer.core.history import Bundle
from viewer.core.parties import candidate_codes, fallback_code, party, party_for_label, surname_code
from viewer.core.results import (
    DID_NOT_VOTE,
    MAX_RESULTS_BYTES,
    NO_POPULAR_VOTE,
    POPULAR,
    ElectionResults,
    load_results,
    parse_results,
)
from viewer.core.safe_read import read_capped
from viewer.core.tally import TIE
from viewer.core.units import UNIT_CODES, UNITS

# The MEDSL file holds every election since 1976 in ~4,300 rows (about 500 KB; the 2024
# edition ~600 KB). It alone may be larger than our own 5 MB cap, up to 20 MB: room for a
# much longer edition, not for a county-level file (which is a different format anyway).
MAX_MEDSL_BYTES = 20_000_000
DEFAULT_WINNERS_YEAR = 2024
_MAX_CANDIDATES = 24  # a foreign file's minor candidates beyond this go into "other"
_MAX_TEXT = 80  # names and labels from a foreign file are cut to this many characters
_GREYS = ("#7f7f7f", "#a6761d", "#1b9e77", "#e7298a", "#666666", "#b3b3b3")

FORMAT_NAMES = {
    "ours": "our results format",
    "plain": "a plain votes CSV",
    "medsl": "the MIT Election Data and Science Lab state-level file",
    "long": "a long file (one row per unit and candidate)",
    "winners": "a winners-only list",
}


class YearNeeded(InputError):  # noqa: N818  (the name the window and CLI use)
    """The file holds several elections and none was chosen: ask (window) or say --year."""

    def __init__(self, years: tuple[int, ...], source: str = "<results>",
                 line: int | None = None) -> None:
        self.years = tuple(years)
        shown = ", ".join(map(str, self.years))
        super().__init__(source, f"one election chosen (use --year; the file has {shown})",
                         line=line, field="year")


class UnknownFormatError(InputError):
    """No reader fits: ``reasons`` says, for each format tried, why it does not."""

    def __init__(self, source: str, reasons: Sequence[str], line: int | None) -> None:
        self.reasons = tuple(reasons)
        super().__init__(source, "a results file in a format Electoral Map reads — "
                         + "; ".join(self.reasons), line=line)


# ---------------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------------

def read_results(path: str | Path, *, year: int | None = None,
                 data_dir: Path | None = None) -> ElectionResults:
    """Read a results file in any format this module knows, detected from its content.

    ``year`` chooses the election in a file that has several (MEDSL, long files) and the
    apportionment of a winners-only list (2024 by default). ``data_dir`` is the bundled
    data folder the electoral votes of MEDSL files and winners-only lists come from.
    """
    path = Path(path)
    name = str(path)
    raw = read_capped(path, MAX_MEDSL_BYTES, "results file")
    text, decode_note = _decode(raw, name)
    first, first_line = _first_line(text)
    if first is None:
        raise InputError(name, "a results file", line=1, got="an empty file")
    if first.startswith("#"):
        # Metadata lines: our own format, whatever else follows; its errors are final.
        return load_results(path)
    delimiter = _delimiter(first)
    header = _split_header(first, delimiter)
    if len(raw) > MAX_RESULTS_BYTES and not _has(header, _MEDSL_REQUIRED):
        raise InputError(name, f"a results file under {MAX_RESULTS_BYTES / 1_000_000:g} MB "
                         f"(only the MEDSL file may be up to {MAX_MEDSL_BYTES / 1_000_000:g} "
                         "MB)", got=f"{len(raw):,} bytes")
    reasons: list[str] = []
    if delimiter == ",":
        try:
            results = parse_results(text, source=name)
        except InputError as exc:
            reasons.append(f"not {FORMAT_NAMES['ours']}: {_ours_reason(exc, header, first_line)}")
        except csv.Error as exc:
            reasons.append(f"not {FORMAT_NAMES['ours']}: {exc}")
        else:
            return _add_warnings(results, [decode_note] if decode_note else [])
    else:
        reasons.append(f"not {FORMAT_NAMES['ours']}: line {first_line} is separated by "
                       f"{_DELIMITER_NAMES[delimiter]}, not commas")
    table = _read_table(text, name, delimiter)
    ctx = _Context(name, table, year, data_dir, [decode_note] if decode_note else [])
    for key, fits, reader in _READERS:
        why = fits(table)
        if why is None:
            return reader(ctx)
        reasons.append(f"not {FORMAT_NAMES[key]}: {why}")
    raise UnknownFormatError(name, reasons, first_line)


def _decode(raw: bytes, name: str) -> tuple[str, str]:
    """The text, and a note when it was not UTF-8 (then read as Windows-1252, as Excel
    writes CSV; a byte that is not even that is refused with its line)."""
    try:
        return raw.decode("utf-8-sig"), ""
    except UnicodeDecodeError as exc:
        utf8_line = raw[: exc.start].count(b"\n") + 1
    try:
        text = raw.decode("cp1252")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(name, "UTF-8 text", line=line, got="undecodable bytes") from None
    return text, (f"{name}: not UTF-8 (line {utf8_line}): read as Windows-1252 text; "
                  "check accented names")


def _first_line(text: str) -> tuple[str | None, int]:
    for i, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            return line.strip(), i
    return None, 1


_DELIMITER_NAMES = {",": "commas", ";": "semicolons", "\t": "tabs"}


def _delimiter(header_line: str) -> str:
    counts = {d: header_line.count(d) for d in _DELIMITER_NAMES}
    best = max(counts, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","


def _split_header(line: str, delimiter: str) -> list[str]:
    try:
        cells = next(csv.reader([line], delimiter=delimiter), [])
    except csv.Error:
        cells = line.split(delimiter)
    return [_norm(c) for c in cells]


def _norm(column: str) -> str:
    return column.strip().strip('"').strip().lower()


def _has(header: Sequence[str], required: Sequence[str]) -> bool:
    return all(c in header for c in required)


def _ours_reason(exc: InputError, header: list[str], line: int) -> str:
    missing = [c for c in ("unit", "electoral_votes", "winner") if c not in header]
    if missing:
        return f"line {line} has no column " + ", ".join(f"'{c}'" for c in missing)
    where = [f"line {exc.line}"] if exc.line is not None else []
    if exc.field:
        where.append(f"column '{exc.field}'")
    text = (", ".join(where) + ": " if where else "") + f"expected {exc.expected}"
    return text + (f", got {exc.got[:40]!r}" if exc.got else "")


@dataclass
class _Table:
    """A foreign CSV file: its header (lower-case), and each row with its line number."""

    name: str
    header: list[str]
    header_line: int
    rows: list[tuple[int, list[str]]]

    def col(self, *names: str) -> str | None:
        """The first of these columns the header has."""
        return next((n for n in names if n in self.header), None)

    def index(self, column: str) -> int:
        return self.header.index(column)


def _read_table(text: str, name: str, delimiter: str) -> _Table:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: list[str] | None = None
    header_line = 1
    rows: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for cells in reader:
            line, start = start, reader.line_num + 1
            if not cells or all(not c.strip() for c in cells):
                continue
            if header is None:
                header, header_line = [_norm(c) for c in cells], line
                continue
            if len(cells) > len(header) and not any(c.strip() for c in cells[len(header):]):
                cells = cells[: len(header)]
            if len(cells) != len(header):
                raise InputError(name, f"{len(header)} fields, as in the header on line "
                                 f"{header_line}", line=line, got=f"{len(cells)} fields")
            rows.append((line, cells))
    except csv.Error as exc:
        raise InputError(name, "CSV text", line=reader.line_num, got=str(exc)) from None
    return _Table(name, header or [], header_line, rows)


@dataclass
class _Context:
    name: str
    table: _Table
    year: int | None
    data_dir: Path | None
    notes: list[str] = field(default_factory=list)

    def bundle(self) -> Bundle:
        if self.data_dir is not None:
            return Bundle(self.data_dir)
        from viewer.resources import data_dir  # the bundled folder, only when a reader needs it

        return Bundle(data_dir())

    def fail(self, fmt: str, expected: str, line: int | None, column: str | None,
             got: str | None = None) -> InputError:
        return InputError(self.name, f"{expected} (reading it as {FORMAT_NAMES[fmt]})",
                          line=line, field=column, got=got)

    def note(self, text: str) -> None:
        self.notes.append(f"{self.name}: {text}")


# -- what every reader shares -----------------------------------------------------------

_GROUPED = re.compile(r"^\d{1,3}(,\d{3})+$")


def _int(ctx: _Context, fmt: str, text: str, line: int, column: str,
         *, na: bool = False) -> int | None:
    """A whole number of 0 or more, None for an empty cell (and "NA" where allowed).
    Thousands separators (``1,234,567``) are read: spreadsheets write them."""
    s = text.strip()
    if s == "" or (na and s.upper() == "NA"):
        return None
    if s.isascii() and s.isdigit():
        return int(s)
    if _GROUPED.match(s):
        return int(s.replace(",", ""))
    if re.fullmatch(r"\d+\.0+", s):
        return int(s.split(".")[0])
    raise ctx.fail(fmt, "a whole number of 0 or more", line, column, s)


def _clean(text: str, limit: int = _MAX_TEXT) -> str:
    """Untrusted text made safe for one metadata field or cell: printable characters only
    (no line breaks of any kind), no '|' (our candidate lines' separator), one line."""
    out = "".join(c if c.isprintable() else " " for c in text).replace("|", "/")
    return " ".join(out.split())[:limit].strip()


def candidate_name(text: str) -> str:
    """A candidate's name from a file: cleaned as any cell, and a quote written twice read
    as one (compiled election files carry nicknames as 'Ronald ""Ron"" Paul', their CSV
    quoting applied twice; no name has two quotes in a row)."""
    return _clean(re.sub(r'"{2,}', '"', text))


_UNIT_NAMES = {u.name.lower(): code for code, u in UNITS.items()}
_UNIT_NAMES.update({"washington dc": "DC", "washington d.c.": "DC", "d.c.": "DC",
                    "district of columbia": "DC"})
_ORDINAL = r"(\d)(?:st|nd|rd|th)?"
_DISTRICT_NAME = re.compile(
    rf"^(.+?)(?:'s)?[\s-]+(?:{_ORDINAL}\s+(?:congressional\s+)?district|(?:cd|district)"
    rf"[\s-]*0?(\d))$", re.IGNORECASE)
_DISTRICT_CODE = re.compile(r"^([A-Z]{2})[\s-]*(?:CD)?[\s-]*0?(\d)$")


def _unit_code(text: str) -> str | None:
    """A unit code from a postal code, a district code (ME-1, ME-01, NE CD-2) or a name."""
    s = " ".join(text.strip().split())
    if len(s) > 60:  # no unit's name is this long; keeps the patterns below cheap
        return None
    if s.upper() in UNITS:
        return s.upper()
    m = _DISTRICT_CODE.match(s.upper())
    if m:
        code = f"{m.group(1)}-{m.group(2)}"
        return code if code in UNITS else None
    if s.lower() in _UNIT_NAMES:
        return _UNIT_NAMES[s.lower()]
    m = _DISTRICT_NAME.match(s)
    if m:
        state = _unit_code(m.group(1))
        code = f"{state}-{m.group(2) or m.group(3)}"
        return code if state and code in UNITS else None
    return None


def _unit(ctx: _Context, fmt: str, text: str, line: int, column: str) -> str:
    code = _unit_code(text)
    if code is None:
        raise ctx.fail(fmt, "a state (postal code or name), DC, or a Maine or Nebraska "
                       "district (ME-1, NE-2 …)", line, column, text.strip())
    return code


def _select_year(ctx: _Context, fmt: str, column: str | None) -> list[tuple[int, list[str]]]:
    """The rows of the chosen year (all rows when the file has no year column)."""
    table = ctx.table
    if column is None:
        return table.rows
    i = table.index(column)
    by_year: dict[int, list[tuple[int, list[str]]]] = defaultdict(list)
    for line, cells in table.rows:
        y = cells[i].strip()
        if not (y.isascii() and y.isdigit() and len(y) == 4):
            raise ctx.fail(fmt, "a four-digit year", line, column, y)
        by_year[int(y)].append((line, cells))
    years = tuple(sorted(by_year))
    if not years:
        raise ctx.fail(fmt, "at least one row after the header", table.header_line, None)
    if ctx.year is None:
        if len(years) > 1:
            raise YearNeeded(years, ctx.name, table.header_line)
        ctx.year = years[0]
    elif ctx.year not in by_year:
        shown = ", ".join(map(str, years))
        raise ctx.fail(fmt, f"a year the file has ({shown})", table.header_line, column,
                       str(ctx.year))
    elif len(years) > 1:
        ctx.note(f"{ctx.year} chosen of the {len(years)} elections in the file")
    return by_year[ctx.year]


def _check_districts(ctx: _Context, fmt: str, lines: Mapping[str, int], column: str) -> None:
    for code, line in lines.items():
        state = UNITS[code].state
        if state not in lines:
            raise ctx.fail(fmt, f"a row for {state} (the state of {code})", line, column, code)


def _style(code: str, label: str, used: dict[str, int]) -> tuple[str, str]:
    """(party name, colour) for a candidate's code; a party's second candidate lighter."""
    p = party(code) or party_for_label(label)
    n = used[p.code if p else ""]
    used[p.code if p else ""] += 1
    if p is None:
        return _clean(label.title() if label.isupper() else label), _GREYS[n % len(_GREYS)]
    color = p.color if n == 0 else _lighter(p.color, (0.45, 0.25, 0.65, 0.8)[(n - 1) % 4])
    return p.name, color


def _lighter(color: str, amount: float) -> str:
    r, g, b = (int(color[i:i + 2], 16) for i in (1, 3, 5))
    r, g, b = (round(x + (255 - x) * amount) for x in (r, g, b))
    return f"#{r:02x}{g:02x}{b:02x}"


def _plurality(votes: Mapping[str, int], order: Sequence[str]) -> str | None:
    if not votes:
        return None
    top = max(votes.values())
    return next((c for c in order if votes.get(c) == top), None) if top > 0 else None


# -- the election a reader builds ------------------------------------------------------

@dataclass(frozen=True)
class _Cand:
    code: str
    name: str
    party_name: str = ""
    color: str = ""


@dataclass
class _Row:
    unit: str
    electoral_votes: int
    winner: str | None
    votes: dict[str, int] | None = None  # None: votes not available
    other: int | None = None
    total: int | None = None
    cast: dict[str, int] | None = None  # the electoral votes as cast, when given
    electors: str = POPULAR
    note: str = ""
    line: int | None = None  # where the row came from in the user's file


@dataclass
class _Election:
    year: int | None
    title: str
    candidates: list[_Cand]
    rows: list[_Row]
    date: str = ""
    data_source: str = ""
    per_elector: int = 1
    president: str | None = None
    how: str = ""


def _render(e: _Election, ev_codes: Sequence[str] | None) -> tuple[str, dict[int, int | None]]:
    """Our format version 2, and for each line of it the user's line it came from."""
    lines = ["# electoral-map results 2"]
    if e.year is not None:
        lines.append(f"# year: {e.year}")
    if e.title:
        lines.append(f"# title: {_clean(e.title, 200)}")
    if e.date:
        lines.append(f"# date: {_clean(e.date)}")
    for c in e.candidates:
        lines.append(f"# candidate: {c.code} | {_clean(c.name) or c.code} | "
                     f"{_clean(c.party_name)} | {c.color}".rstrip(" |"))
    if e.per_elector != 1:
        lines.append(f"# votes_per_elector: {e.per_elector}")
    lines.append(f"# total: {sum(r.electoral_votes for r in e.rows)}")
    if e.president is not None:
        lines.append(f"# president: {e.president} | {_clean(e.how, 100)}".rstrip(" |"))
    if e.data_source:
        lines.append(f"# source: {_clean(e.data_source, 300)}")
    codes = [c.code for c in e.candidates]
    header = ["unit", "name", "electoral_votes", "winner", *[f"votes_{c}" for c in codes],
              "votes_other", "total_votes"]
    if ev_codes is not None:
        header += [f"ev_{c}" for c in ev_codes]
    header += ["electors", "note"]
    buf = io.StringIO()
    out = csv.writer(buf, lineterminator="\n")
    out.writerow(header)
    line_map: dict[int, int | None] = {}
    order = {u: i for i, u in enumerate(UNIT_CODES)}
    for i, r in enumerate(sorted(e.rows, key=lambda r: order[r.unit])):
        line_map[len(lines) + 2 + i] = r.line
        cells = [r.unit, UNITS[r.unit].name, str(r.electoral_votes), r.winner or ""]
        if r.votes is None:
            cells += [""] * (len(codes) + 2)
        else:
            cells += ["" if (v := r.votes.get(c)) is None else str(v) for c in codes]
            cells += ["" if r.other is None else str(r.other),
                      "" if r.total is None else str(r.total)]
        if ev_codes is not None:
            cast = r.cast or {}
            cells += [str(cast.get(c, 0)) for c in ev_codes]
        cells += [r.electors, _clean(r.note, 200)]
        out.writerow(cells)
    return "\n".join(lines) + "\n" + buf.getvalue(), line_map


_WARNING_LINE = re.compile(r"^(?P<src>.*), line (?P<line>\d+): ")


def _finish(ctx: _Context, e: _Election, ev_codes: Sequence[str] | None) -> ElectionResults:
    """Our version-2 text of the election, read back by parse_results (one validator),
    with errors and warnings pointing at the user's lines."""
    text, line_map = _render(e, ev_codes)
    try:
        results = parse_results(text, source=ctx.name)
    except InputError as exc:
        line = line_map.get(exc.line) if exc.line is not None else None
        raise InputError(ctx.name, f"{exc.expected} (in the file as converted to our format)",
                         line=line, field=exc.field, got=exc.got) from None
    warnings = []
    for w in results.warnings:
        m = _WARNING_LINE.match(w)
        if m and m.group("src") == ctx.name:
            orig = line_map.get(int(m.group("line")))
            w = (f"{ctx.name}, line {orig}: " if orig else f"{ctx.name}: ") + w[m.end():]
        warnings.append(w)
    return replace(results, warnings=(*warnings, *ctx.notes))


def _add_warnings(results: ElectionResults, notes: Sequence[str]) -> ElectionResults:
    return replace(results, warnings=(*results.warnings, *notes)) if notes else results


def _president(e: _Election) -> None:
    """The candidate with a majority of the electoral votes counted, if any."""
    totals: dict[str, int] = defaultdict(int)
    for r in e.rows:
        if r.electors == DID_NOT_VOTE:
            continue
        if r.cast is not None:
            for c, n in r.cast.items():
                totals[c] += n
        elif r.winner is not None:
            totals[r.winner] += r.electoral_votes
    electors = sum(r.electoral_votes for r in e.rows if r.electors != DID_NOT_VOTE)
    ranked = sorted(totals.items(), key=lambda kv: -kv[1])
    if not ranked:
        return
    tied = [c for c, n in ranked if n == ranked[0][1]]
    if ranked[0][1] > electors // 2 and len(tied) == 1:
        e.president, e.how = ranked[0][0], "electoral majority"


def _apportionment(ctx: _Context, fmt: str, year: int, line: int | None,
                   column: str | None) -> ElectionResults:
    bundle = ctx.bundle()
    if year not in bundle.years():
        ys = bundle.years()
        span = f"{ys[0]}–{ys[-1]}" if ys else "none bundled"
        raise ctx.fail(fmt, f"an election year Electoral Map has electoral votes for ({span})",
                       line, column, str(year))
    return bundle.load(year)


# -- (b) a plain votes CSV ---------------------------------------------------------------

_VOTE_COLUMN = re.compile(r"^(?:votes_([a-z][a-z0-9_]*)|([a-z][a-z0-9_]*)_votes)$")
_NOT_VOTE_COLUMNS = ("electoral_votes", "ev_votes", "elector_votes", "votes_electoral")
_UNIT_COLUMNS = ("unit", "state_po", "state", "code", "abbreviation", "state_abbr")
_PARTY_CODE = re.compile(r"^[A-Z][A-Z0-9_]{0,11}$")


def _vote_columns(header: Sequence[str]) -> dict[str, str]:
    """Vote columns by candidate code (upper case), plus "other" and "total"."""
    found: dict[str, str] = {}
    for h in header:
        m = _VOTE_COLUMN.match(h)
        if m and h not in _NOT_VOTE_COLUMNS:
            key = m.group(1) or m.group(2)
            key = {"others": "other", "all": "total"}.get(key, key)
            found.setdefault(key if key in ("other", "total") else key.upper(), h)
    return found


def _plain_fits(t: _Table) -> str | None:
    parties = [k for k in _vote_columns(t.header) if k not in ("other", "total")]
    where = f"line {t.header_line}"
    if not parties:
        return f"{where} has no '<party>_votes' or 'votes_<party>' columns"
    missing = [c for c in ("winner", "electoral_votes") if c not in t.header]
    if t.col(*_UNIT_COLUMNS) is None:
        missing.insert(0, "unit (or state)")
    if missing:
        return f"{where} has no column " + ", ".join(f"'{c}'" for c in missing)
    if len(parties) < 2:
        return f"{where} has one candidate's votes column only (two are needed)"
    return None


_WINNER_ALIASES = {"D": "DEM", "R": "REP", "DEMOCRAT": "DEM", "DEMOCRATS": "DEM",
                   "REPUBLICANS": "REP", "GOP": "REP", "I": "IND", "L": "LBT", "G": "GRN"}


def _winner_code(text: str, codes: Sequence[str]) -> str | None:
    """A party code among ``codes`` for a winner given as code, letter or party name."""
    s = " ".join(text.split())
    up = s.upper()
    for candidate in (up, _WINNER_ALIASES.get(up, "")):
        if candidate in codes:
            return candidate
    p = party_for_label(s) or party_for_label(s.removesuffix(" Party"))
    if p is not None and p.code in codes:
        return p.code
    return None


def _read_plain(ctx: _Context) -> ElectionResults:
    fmt, t = "plain", ctx.table
    vote_cols = _vote_columns(t.header)
    codes = [k for k in vote_cols if k not in ("other", "total")]
    for code in codes:
        if not _PARTY_CODE.match(code):
            raise ctx.fail(fmt, "a party code of letters and digits, at most 12", t.header_line,
                           vote_cols[code], code)
    unit_col = t.col(*_UNIT_COLUMNS)
    assert unit_col is not None
    rows_in = _select_year(ctx, fmt, t.col("year"))
    idx = {h: i for i, h in enumerate(t.header)}
    rows: list[_Row] = []
    seen: dict[str, int] = {}
    for line, cells in rows_in:
        unit = _unit(ctx, fmt, cells[idx[unit_col]], line, unit_col)
        if unit in seen:
            raise ctx.fail(fmt, "each unit once", line, unit_col, f"{unit} again "
                           f"(first on line {seen[unit]})")
        seen[unit] = line
        ev = _int(ctx, fmt, cells[idx["electoral_votes"]], line, "electoral_votes")
        if ev is None:
            raise ctx.fail(fmt, "a whole number of electoral votes", line, "electoral_votes", "")
        won = cells[idx["winner"]].strip()
        winner = _winner_code(won, codes) if won else None
        if won and winner is None:
            raise ctx.fail(fmt, f"a winner among {', '.join(codes)} (code or party name) or "
                           "empty", line, "winner", won)
        counts = {c: _int(ctx, fmt, cells[idx[vote_cols[c]]], line, vote_cols[c])
                  for c in codes}
        other = (_int(ctx, fmt, cells[idx[vote_cols["other"]]], line, vote_cols["other"])
                 if "other" in vote_cols else None)
        total = (_int(ctx, fmt, cells[idx[vote_cols["total"]]], line, vote_cols["total"])
                 if "total" in vote_cols else None)
        votes = {c: v for c, v in counts.items() if v is not None}
        if not votes and other is None and total is None:
            rows.append(_Row(unit, ev, winner, line=line))
            continue
        summed = sum(votes.values()) + (other or 0)
        if total is not None and total < summed:
            raise ctx.fail(fmt, f"a total of at least the candidates' votes ({summed:,})", line,
                           vote_cols["total"], f"{total:,}")
        if total is not None and other is None:
            other = total - summed
        rows.append(_Row(unit, ev, winner, votes, other, summed if total is None else total,
                         line=line))
    if not rows:
        raise ctx.fail(fmt, "at least one row after the header", t.header_line, None)
    _check_districts(ctx, fmt, seen, unit_col)
    used: dict[str, int] = defaultdict(int)
    cands = [_Cand(c, c, *_style(c, "", used)) for c in codes]
    ctx.notes[:0] = [f"{ctx.name}: read as {FORMAT_NAMES[fmt]}"]
    ctx.note(f"candidate names not in the file: shown as {', '.join(codes)}")
    ctx.note(f"first column pair taken as the margin axis: {codes[0]} minus {codes[1]}")
    if ctx.year is None:
        ctx.note("the file does not say which year it is: no year shown")
    e = _Election(ctx.year, f"{ctx.year} US presidential election" if ctx.year
                  else Path(ctx.name).stem, cands, rows)
    _president(e)
    return _finish(ctx, e, None)


# -- (c) the MIT Election Data and Science Lab file --------------------------------------

_MEDSL_REQUIRED = ("year", "state_po", "candidate", "candidatevotes")
_MEDSL_DROPPED = re.compile(r"^(?:(?:blank|over|under|void|spoiled)\s*(?:votes?|ballots?)?|"
                            r"void)$", re.IGNORECASE)
_MEDSL_OTHER = re.compile(r"^(?:|na|scattering|other|others|none of these candidates|"
                          r"write-?ins?|blank votes?/scattering|not designated|unknown)$",
                          re.IGNORECASE)
_MEDSL_LABELS = {"democrat": "Democratic", "democratic-farmer-labor": "Democratic",
                 "democratic-farmer labor": "Democratic", "democratic-npl": "Democratic",
                 "democratic-nonpartisan league": "Democratic",
                 "american independent party": "American Independent"}
_SUFFIX = re.compile(r"\s+(JR\.?|SR\.?|II|III|IV)$", re.IGNORECASE)


def _medsl_fits(t: _Table) -> str | None:
    missing = [c for c in _MEDSL_REQUIRED if c not in t.header]
    if missing:
        return f"line {t.header_line} lacks the column{'s' if len(missing) > 1 else ''} " \
            + ", ".join(missing)
    return None


def _medsl_name(raw: str) -> str:
    """``CARTER, JIMMY`` → ``Jimmy Carter``; ``BIDEN, JOSEPH R. JR`` → ``Joseph R. Biden Jr``."""
    s = _clean(raw)
    if "," in s:
        last, _, first = (p.strip() for p in s.partition(","))
        m = _SUFFIX.search(first)
        suffix = m.group(1) if m else ""
        first = first[: m.start()] if m else first
        s = " ".join(p for p in (first, last, suffix) if p)
    if s.isupper():
        s = re.sub(r"\b(Ii|Iii|Iv)\b", lambda m: m.group(1).upper(), s.title())
    return s


def _medsl_label(detailed: str, simplified: str) -> str:
    for s in (detailed, simplified):
        s = _clean(s)
        if s and s.upper() not in ("NA", "OTHER"):
            return _MEDSL_LABELS.get(s.lower(), s)
    return ""


def _read_medsl(ctx: _Context) -> ElectionResults:
    fmt, t = "medsl", ctx.table
    rows_in = _select_year(ctx, fmt, "year")
    assert ctx.year is not None
    year = ctx.year
    bundled = _apportionment(ctx, fmt, year, rows_in[0][0], "year")
    idx = {h: i for i, h in enumerate(t.header)}

    def cell(cells: list[str], column: str) -> str:
        return cells[idx[column]].strip() if column in idx else ""

    votes: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))  # state, name
    other: dict[str, int] = defaultdict(int)
    first_line: dict[str, int] = {}
    labels: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    dropped = 0
    for line, cells in rows_in:
        office = cell(cells, "office")
        if office and office.upper() not in ("US PRESIDENT", "PRESIDENT", "U.S. PRESIDENT"):
            continue
        state = cell(cells, "state_po").upper()
        if state not in UNITS or UNITS[state].is_district:
            raise ctx.fail(fmt, "a state's postal code", line, "state_po", state)
        if state not in bundled.units:
            raise ctx.fail(fmt, f"a state that voted in {year}", line, "state_po", state)
        first_line.setdefault(state, line)
        n = _int(ctx, fmt, cell(cells, "candidatevotes"), line, "candidatevotes", na=True) or 0
        name = cell(cells, "candidate")
        if _MEDSL_DROPPED.match(name):
            dropped += n
            continue
        if _MEDSL_OTHER.match(name) or cell(cells, "writein").upper() == "TRUE":
            other[state] += n
            continue
        key = _clean(name).upper()
        votes[state][key] += n
        labels[key][_medsl_label(cell(cells, "party_detailed"),
                                 cell(cells, "party_simplified"))] += n + 1
    if not first_line:
        raise ctx.fail(fmt, f"rows for the office US PRESIDENT in {year}", t.header_line,
                       "office")
    # Candidates of their own: a state's winner or 1% of a state's vote; others in "other".
    national: dict[str, int] = defaultdict(int)
    listed: set[str] = set()
    for state, per in votes.items():
        total = sum(per.values()) + other[state]
        top = max(per.values(), default=0)
        for key, n in per.items():
            national[key] += n
            if n == top or (total and n * 100 >= total):
                listed.add(key)
    ranked = sorted(listed, key=lambda k: (-national[k], k))[:_MAX_CANDIDATES]
    if len(ranked) < 2:
        raise ctx.fail(fmt, f"votes for at least two candidates in {year}", t.header_line,
                       "candidate")
    label_of = {k: max(labels[k].items(), key=lambda kv: (kv[1], kv[0]))[0] for k in ranked}
    pcodes = []
    for k in ranked:
        p = party_for_label(label_of[k])
        pcodes.append(p.code if p else (fallback_code(label_of[k]) if label_of[k]
                                        else surname_code(_medsl_name(k))))
    codes = candidate_codes([(_medsl_name(k), pc) for k, pc in zip(ranked, pcodes, strict=True)])
    code_of = dict(zip(ranked, codes, strict=True))
    order = list(ranked)
    if code_of[order[1]] == "DEM":  # the margin axis: Democrat first, as in the bundled data
        order[0], order[1] = order[1], order[0]
    used: dict[str, int] = defaultdict(int)
    cands = [_Cand(code_of[k], _medsl_name(k), *_style(code_of[k], label_of[k], used))
             for k in order]
    alloc: dict[str, int] = defaultdict(int)
    for code, r in bundled.units.items():
        alloc[UNITS[code].state] += r.electoral_votes
    rows = []
    order_codes = [code_of[k] for k in order]
    for state in sorted(first_line, key=UNIT_CODES.index):
        per = votes.get(state, {})
        vs = {code_of[k]: n for k, n in per.items() if k in code_of}
        rest = sum(n for k, n in per.items() if k not in code_of) + other[state]
        winner = _plurality(vs, order_codes)
        rows.append(_Row(state, alloc[state], winner, vs, rest, sum(vs.values()) + rest,
                         electors=bundled.units[state].electors, line=first_line[state]))
    missing = [u for u in bundled.units if not UNITS[u].is_district and u not in first_line]
    e = _Election(year, f"{year} US presidential election", cands, rows)
    _president(e)
    ctx.notes[:0] = [f"{ctx.name}: read as {FORMAT_NAMES[fmt]}, {year}"]
    ctx.note(f"electoral votes from the bundled {year} apportionment, all of a state's to its "
             "plurality winner")
    districts = [u for u in bundled.units if UNITS[u].is_district and UNITS[u].state in first_line]
    if districts:
        split = [f"{u} ({bundled.candidate(w).surname})" for u in districts
                 if (w := bundled.units[u].winner) is not None
                 and bundled.candidate(w).surname.lower() != _winner_surname(e, u)]
        text = ("district results are not in the MEDSL file: Maine's and Nebraska's district "
                "electors are shown with the statewide winner")
        if split:
            text += (f"; officially {', '.join(split)} voted otherwise, so the totals here "
                     f"differ from the official {year} count")
        ctx.note(text)
    as_cast = [u for u, r in bundled.units.items()
               if u in bundled.as_cast or (r.counted != r.electoral_votes and r.took_part)]
    if as_cast:
        ctx.note(f"electors who voted otherwise or abstained ({', '.join(as_cast)}) are not in "
                 f"the MEDSL file: the bundled {year} election shows the votes as cast")
    if missing:
        ctx.note(f"no rows for {', '.join(missing)}: left out")
    if dropped:
        ctx.note(f"{dropped:,} blank, over- and under-votes left out of the totals")
    return _finish(ctx, e, None)


def _winner_surname(e: _Election, district: str) -> str:
    state = UNITS[district].state
    row = next((r for r in e.rows if r.unit == state), None)
    if row is None or row.winner is None:
        return ""
    c = next(c for c in e.candidates if c.code == row.winner)
    words = [w for w in c.name.lower().replace(".", "").split()
             if w not in ("jr", "sr", "ii", "iii", "iv")]
    return words[-1] if words else ""


# -- (d) a long file: one row per unit and candidate -------------------------------------

_LONG_REQUIRED = ("unit", "candidate", "votes", "electoral_votes")


def _long_fits(t: _Table) -> str | None:
    missing = [c for c in _LONG_REQUIRED if c not in t.header]
    if "unit" in missing and "state" in t.header:
        missing.remove("unit")
    if missing:
        return f"line {t.header_line} lacks the column{'s' if len(missing) > 1 else ''} " \
            + ", ".join(missing)
    return None


@dataclass
class _LongCand:
    name: str
    first: int  # the order of first appearance: it breaks ties (1800: Jefferson, Burr)
    votes: int = 0
    ev: int = 0
    labels: dict[str, int] = field(default_factory=lambda: defaultdict(int))


def _read_long(ctx: _Context) -> ElectionResults:
    fmt, t = "long", ctx.table
    rows_in = _select_year(ctx, fmt, t.col("year"))
    year = ctx.year
    per_elector = 2 if year is not None and year <= 1800 else 1
    idx = {h: i for i, h in enumerate(t.header)}
    unit_col = t.col("unit", "state")
    assert unit_col is not None
    cands: dict[str, _LongCand] = {}
    units: dict[str, dict[str, tuple[int | None, int]]] = defaultdict(dict)  # unit, name
    other: dict[str, int | None] = {}
    first_line: dict[str, int] = {}
    seen: dict[tuple[str, str], int] = {}
    for line, cells in rows_in:
        unit = _unit(ctx, fmt, cells[idx[unit_col]], line, unit_col)
        first_line.setdefault(unit, line)
        name = candidate_name(cells[idx["candidate"]])
        label = _clean(cells[idx["party"]]) if "party" in idx else ""
        key = (unit, name.lower())
        if key in seen:
            raise ctx.fail(fmt, "each candidate once per unit", line, "candidate",
                           f"{name or 'Other'} again (first on line {seen[key]})")
        seen[key] = line
        votes = _int(ctx, fmt, cells[idx["votes"]], line, "votes")
        ev = _int(ctx, fmt, cells[idx["electoral_votes"]], line, "electoral_votes") or 0
        if name.lower() in ("", "other", "others"):
            if ev:
                raise ctx.fail(fmt, "no electoral votes for 'Other' (name the candidate)",
                               line, "electoral_votes", str(ev))
            if votes is not None:
                other[unit] = (other.get(unit) or 0) + votes
            continue
        c = cands.setdefault(name.lower(), _LongCand(name, len(cands)))
        if not UNITS[unit].is_district:
            c.votes += votes or 0
        c.ev += ev
        c.labels[label] += (votes or 0) + 1
        units[unit][name.lower()] = (votes, ev)
    if not first_line:
        raise ctx.fail(fmt, "at least one row after the header", t.header_line, None)
    _check_districts(ctx, fmt, first_line, unit_col)
    if len(cands) < 2:
        raise ctx.fail(fmt, "at least two named candidates", t.header_line, "candidate")
    ranked = sorted(cands.values(), key=lambda c: (-c.votes, -c.ev, c.first))
    if not any(c.votes for c in ranked):
        ranked = sorted(cands.values(), key=lambda c: (-c.ev, c.first))
    label_of = {c.name.lower(): max(c.labels.items(), key=lambda kv: (kv[1], kv[0]))[0]
                for c in ranked}
    pcodes = []
    for c in ranked:
        label = label_of[c.name.lower()]
        p = party_for_label(label)
        pcodes.append(p.code if p else (fallback_code(label) if label
                                        else surname_code(c.name)))
    codes = candidate_codes([(c.name, pc) for c, pc in zip(ranked, pcodes, strict=True)])
    code_of = {c.name.lower(): code for c, code in zip(ranked, codes, strict=True)}
    order = [c.name.lower() for c in ranked]
    if code_of[order[1]] == "DEM":
        order[0], order[1] = order[1], order[0]
    used: dict[str, int] = defaultdict(int)
    out_cands = [_Cand(code_of[k], cands[k].name, *_style(code_of[k], label_of[k], used))
                 for k in order]
    order_codes = [code_of[k] for k in order]
    rows: list[_Row] = []
    no_vote_units = []
    for unit, line in first_line.items():
        got = units.get(unit, {})
        cast = {code_of[k]: ev for k, (_v, ev) in got.items()}
        counted = {code_of[k]: v for k, (v, _ev) in got.items() if v is not None}
        has_votes = bool(counted) or other.get(unit) is not None
        electors = -(-sum(cast.values()) // per_elector)
        if has_votes:
            rest = other.get(unit) or 0
            winner = _plurality(counted, order_codes) or _plurality(cast, order_codes)
            rows.append(_Row(unit, electors, winner, counted, rest,
                             sum(counted.values()) + rest, cast, line=line))
        else:
            no_vote_units.append(unit)
            rows.append(_Row(unit, electors, _plurality(cast, order_codes), cast=cast,
                             electors=NO_POPULAR_VOTE, line=line))
    e = _Election(year, f"{year} US presidential election" if year else Path(ctx.name).stem,
                  out_cands, rows, per_elector=per_elector)
    _president(e)
    ctx.notes[:0] = [f"{ctx.name}: read as {FORMAT_NAMES[fmt]}"
                     + (f", {year}" if year else "")]
    ctx.note("each unit's electors taken as the electoral votes counted there (the file has "
             "no apportionment)")
    if e.president is None:
        ctx.note("no candidate has a majority of the electoral votes: the file does not say "
                 "how the president was chosen")
    if no_vote_units:
        ctx.note(f"no popular vote in {', '.join(no_vote_units)}")
    return _finish(ctx, e, [code_of[k] for k in order])


# -- (e) a winners-only list ---------------------------------------------------------------

def _winners_fits(t: _Table) -> str | None:
    where = f"line {t.header_line}"
    missing = [c for c, ok in (("state", t.col(*_UNIT_COLUMNS, "name")),
                               ("winner", t.col("winner"))) if ok is None]
    if missing:
        return f"{where} has no column " + ", ".join(f"'{c}'" for c in missing)
    if _vote_columns(t.header) or "votes" in t.header:
        return f"{where} has vote columns (a plain votes CSV needs 'electoral_votes' too)"
    return None


def _read_winners(ctx: _Context) -> ElectionResults:
    fmt, t = "winners", ctx.table
    year_given = ctx.year is not None or "year" in t.header
    rows_in = _select_year(ctx, fmt, t.col("year"))
    year = ctx.year if ctx.year is not None else DEFAULT_WINNERS_YEAR
    bundled = _apportionment(ctx, fmt, year, t.header_line, "year" if year_given else None)
    idx = {h: i for i, h in enumerate(t.header)}
    unit_col = t.col(*_UNIT_COLUMNS, "name")
    assert unit_col is not None
    ev_col = t.col("electoral_votes", "ev", "electors")
    extra: dict[str, _Cand] = {}
    won: dict[str, tuple[str | None, int | None, int | None]] = {}  # unit: winner, line, ev
    for line, cells in rows_in:
        unit = _unit(ctx, fmt, cells[idx[unit_col]], line, unit_col)
        if unit in won:
            raise ctx.fail(fmt, "each unit once", line, unit_col,
                           f"{unit} again (first on line {won[unit][1]})")
        if unit not in bundled.units:
            raise ctx.fail(fmt, f"a unit that cast electoral votes in {year}", line, unit_col,
                           unit)
        text = _clean(cells[idx["winner"]])
        code = _bundled_candidate(text, bundled, extra) if text else None
        if text and code is None:
            raise ctx.fail(fmt, "a winner given as a party code, party or candidate name",
                           line, "winner", text)
        ev = _int(ctx, fmt, cells[idx[ev_col]], line, ev_col) if ev_col else None
        won[unit] = (code, line, ev)
    if not won:
        raise ctx.fail(fmt, "at least one row after the header", t.header_line, None)
    rows = []
    undecided, from_state = [], []
    for unit, r in bundled.units.items():
        state = UNITS[unit].state
        given: tuple[str | None, int | None, int | None] = (None, None, None)
        if unit in won:
            given = won[unit]
        elif unit != state and state in won:
            given = (won[state][0], won[state][1], None)
            from_state.append(unit)
        else:
            undecided.append(unit)
        winner, src_line, ev = given
        rows.append(_Row(unit, r.electoral_votes if ev is None else ev, winner,
                         electors=r.electors, line=src_line))
    shown = {r.winner for r in rows if r.winner}
    keep = [c for c in bundled.candidates if c.party in shown or c.party in extra]
    for c in bundled.candidates:
        if len(keep) + len(extra) >= 2:
            break
        if c not in keep:
            keep.append(c)
    cands = [_Cand(c.party, c.name, c.party_name, c.color) for c in keep]
    cands += list(extra.values())
    e = _Election(year, f"{year} US presidential election", cands, rows,
                  per_elector=bundled.votes_per_elector)
    _president(e)
    ctx.notes[:0] = [f"{ctx.name}: read as {FORMAT_NAMES[fmt]}"]
    ctx.note(f"electoral votes from the bundled {year} apportionment"
             + ("" if year_given else f" (no year given: {DEFAULT_WINNERS_YEAR})"))
    if extra:
        ctx.note(f"not candidates in {year}: {', '.join(c.name for c in extra.values())}, "
                 "shown as candidates of their own")
    if from_state:
        ctx.note(f"{', '.join(from_state)} not in the file: shown with the statewide winner")
    if undecided:
        ctx.note(f"not in the file, shown as not decided: {', '.join(undecided)}")
    return _finish(ctx, e, None)


def _bundled_candidate(text: str, bundled: ElectionResults, extra: dict[str, _Cand],
                       ) -> str | None:
    """The code of the year's candidate a winner cell names (code, party, name or
    surname); a party or name the year does not have becomes a candidate of its own."""
    codes = bundled.parties
    found = _winner_code(text, codes)
    if found:
        return found
    low = text.lower()
    by_name = [c.party for c in bundled.candidates
               if c.name.lower() == low or c.surname.lower() == low]
    if len(by_name) == 1:
        return by_name[0]
    p = party_for_label(text) or party(_WINNER_ALIASES.get(text.upper(), text.upper()))
    if p is not None:
        code, name, pname, color = p.code, p.name, p.name, p.color
    else:
        if not re.search(r"[A-Za-z]", text):
            return None
        code = text.upper() if _PARTY_CODE.match(text.upper()) else surname_code(text)
        name, pname, color = text, "", _GREYS[len(extra) % len(_GREYS)]
    if code in extra:  # the same party, or a name with the same surname: one candidate
        return code
    while code in codes:
        code = code[:10] + "X2" if not code.endswith("X2") else code[:9] + "X3"
    extra[code] = _Cand(code, name, pname, color)
    return code


_READERS: tuple[tuple[str, Callable[[_Table], str | None], Callable[[_Context],
                                                                    ElectionResults]], ...] = (
    ("plain", _plain_fits, _read_plain),
    ("medsl", _medsl_fits, _read_medsl),
    ("long", _long_fits, _read_long),
    ("winners", _winners_fits, _read_winners),
)


# ---------------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------------

def results_to_csv(results: ElectionResults, winners: Mapping[str, str | None] | None = None,
                   title: str | None = None) -> str:
    """Our format version 2 for this election, or a scenario of it.

    ``winners`` overrides the official winners of the units it names: such a unit's
    counted electoral votes all go to the new winner (none for "not decided"), the other
    units keep their votes as cast. ``parse_results`` of the text gives the same
    candidates, units, votes and electoral votes back (and the scenario's majority winner
    as president). ``# previous:`` is not written: the file may be saved anywhere.
    """
    source = "scenario"
    overrides: dict[str, str | None] = {}
    for unit, w in (winners or {}).items():
        if unit not in results.units:
            raise InputError(source, f"a unit of this election ({results.year})", field=unit,
                             got=unit)
        if w is not None and w not in results.parties:
            raise InputError(source, f"a winner among {', '.join(results.parties)} or none",
                             field=unit, got=w)
        if w != results.units[unit].winner:
            overrides[unit] = w
    ev_keys = {p for r in results.units.values() if r.ev_cast is not None for p in r.ev_cast}
    ev_keys |= {w for w in overrides.values() if w is not None}
    # A unit without votes as cast gives all of them to its winner: that winner needs a column.
    ev_keys |= {r.winner for r in results.units.values() if r.ev_cast is None and r.winner}
    with_ev = any(r.ev_cast is not None for r in results.units.values()) or bool(overrides)
    if with_ev and not ev_keys:
        ev_keys = set(results.parties[:1])
    ev_codes = [p for p in results.parties if p in ev_keys] if with_ev else None
    rows = []
    for unit, r in results.units.items():
        winner = overrides.get(unit, r.winner)
        if unit in overrides:
            cast: dict[str, int] | None = {winner: r.counted} if winner is not None else {}
        elif r.ev_cast is not None:
            cast = dict(r.ev_cast)
        else:
            cast = {winner: r.counted} if with_ev and winner is not None else None
        other = total = None
        votes = dict(r.votes) if r.votes is not None else None
        if votes is not None:
            total = r.total
            other = None if total is None else total - sum(votes.values())
        rows.append(_Row(unit, r.electoral_votes, winner, votes, other, total, cast,
                         r.electors, r.note))
    cands = [_Cand(c.party, c.name or c.party, c.party_name, c.color)
             for c in results.candidates]
    e = _Election(results.year, results.title if title is None else title, cands, rows,
                  date=results.date, data_source=results.data_source,
                  per_elector=results.votes_per_elector)
    if overrides:
        t = results.tally({**results.winners, **overrides})
        w = t.winner
        if w is not None and w != TIE:
            e.president, e.how = w, "electoral majority"
    else:
        e.president, e.how = results.president, results.how_chosen
    return _render(e, ev_codes)[0]
