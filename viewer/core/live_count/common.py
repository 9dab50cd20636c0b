"""What every live-results reader shares: errors that name the line and column, size caps,
text decoding, CSV rows with their line numbers, times and counts checked as untrusted."""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from viewer.core.errors import InputError
from viewer.core.live_count.model import NATION, CallEvent, CountSnapshot, Night
from viewer.core.safe_read import read_capped
from viewer.core.units import UNITS

# A night's full AP feed at reporting-unit level runs to a few MB; the NYT series is 0.3 MB.
MAX_LIVE_BYTES = 20_000_000
MAX_ROWS = 200_000  # far above any real night (the 2020 NYT series has 3,406 rows)
MAX_VOTES = 1_000_000_000  # more votes than any unit could cast: surely a broken number
PARTY_RE = re.compile(r"^[A-Z][A-Z0-9_]{0,11}$")


class LiveInputError(InputError):
    """Bad live-results input: names the file, the line and column (when known), the field
    and what was expected."""

    def __init__(self, source: str, expected: str, *, line: int | None = None,
                 column: int | None = None, field: str | None = None,
                 got: str | None = None) -> None:
        super().__init__(source, expected, line=line, field=field, got=got, column=column)


@dataclass
class LiveRead:
    """What a reader found: the night, the format's name, and warnings (each naming a line)."""

    night: Night
    format: str
    counts: list[CountSnapshot] = field(default_factory=list)
    calls: list[CallEvent] = field(default_factory=list)


def read_bytes(path: Path) -> bytes:
    return read_capped(path, MAX_LIVE_BYTES, "live results file")


def decode(data: bytes, source: str) -> str:
    if len(data) > MAX_LIVE_BYTES:
        raise LiveInputError(source, f"live results under {MAX_LIVE_BYTES / 1e6:g} MB",
                             got=f"{len(data):,} bytes")
    if b"\x00" in data[:8192]:
        raise LiveInputError(source, "live results as UTF-8 text", line=1,
                             got="binary data (NUL bytes)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise LiveInputError(source, "UTF-8 text", line=line, column=col,
                             got="undecodable bytes") from None


# -- CSV ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Row:
    line: int  # the line the row starts on (1-based)
    cells: list[str]
    header: list[str]
    source: str
    index: dict[str, int]  # column name -> position, shared by every row

    def get(self, name: str) -> str:
        i = self.index.get(name)
        return self.cells[i].strip() if i is not None else ""

    def fail(self, name: str, expected: str, got: str | None = None) -> LiveInputError:
        i = self.index.get(name)
        column = None if i is None else i + 1
        return LiveInputError(self.source, expected, line=self.line, column=column,
                              field=name, got=self.get(name) if got is None else got)


def csv_rows(text: str, source: str, first_line: int = 1,
             ) -> tuple[list[str], int, Iterator[Row]]:
    """The header (stripped) with its line, and the rows after it with their line numbers.

    ``text`` starts on line ``first_line`` of the file. Blank rows are skipped; a row with
    the wrong number of fields is refused."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise LiveInputError(source, "a header row", line=first_line) from None
    except csv.Error as exc:
        raise LiveInputError(source, "a CSV header row", line=first_line, got=str(exc)) from None
    header_line = first_line + reader.line_num - 1
    if len(set(header)) != len(header):
        dup = next(h for h in header if header.count(h) > 1)
        raise LiveInputError(source, "each column once", line=header_line,
                             column=header.index(dup, header.index(dup) + 1) + 1, field=dup)

    index = {h: i for i, h in enumerate(header)}

    def rows() -> Iterator[Row]:
        count = 0
        while True:
            start = first_line + reader.line_num
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise LiveInputError(source, "well-formed CSV", line=start,
                                     got=str(exc)) from None
            if not cells or all(not c.strip() for c in cells):
                continue
            count += 1
            if count > MAX_ROWS:
                raise LiveInputError(source, f"at most {MAX_ROWS:,} rows", line=start)
            if len(cells) != len(header):
                raise LiveInputError(source, f"{len(header)} comma-separated fields",
                                     line=start, column=min(len(cells), len(header)) + 1,
                                     got=f"{len(cells)} fields")
            yield Row(start, cells, header, source, index)

    return header, header_line, rows()


# -- values --------------------------------------------------------------------------------

def parse_time(text: str) -> datetime | None:
    """An ISO 8601 time with a zone (Z or +hh:mm), in UTC; None when it is not one."""
    t = text.strip()
    if not re.fullmatch(r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d(:\d\d(\.\d{1,6})?)?"
                        r"(Z|[+-]\d\d:?\d\d)", t, re.IGNORECASE):
        return None
    try:
        value = datetime.fromisoformat(t[:-1] + "+00:00" if t[-1] in "zZ" else t)
    except ValueError:
        return None
    return value.astimezone(UTC)


TIME_EXPECTED = "a time with its zone, such as 2020-11-04T13:28:22Z or 2020-11-04T08:28-05:00"


def count_value(text: str) -> int | None:
    """A whole number of 0 or more written as plain digits; None for anything else."""
    t = text.strip()
    if not t.isascii() or not t.isdigit() or len(t) > 12:
        return None
    return int(t)


def json_count(value: object) -> int | None:
    """A JSON whole number of 0 or more (not a boolean, not 12.5); None for anything else."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 0 <= value <= MAX_VOTES * 10 else None
    if isinstance(value, float) and value.is_integer() and 0 <= value <= MAX_VOTES * 10:
        return int(value)
    return None


def percent_value(value: object) -> float | None:
    """A percentage from 0 to 100 (text or JSON number); None for anything else."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        t = value.strip()
        if not re.fullmatch(r"\d{1,3}(\.\d+)?", t):
            return None
        value = float(t)
    if isinstance(value, int | float) and math.isfinite(value) and 0 <= value <= 100:
        return float(value)
    return None


def unit_code(text: str, *, nation: bool = False) -> str | None:
    """A unit code as written (PA, ME-2; also NE2, ME-02), or None."""
    t = text.strip().upper()
    m = re.fullmatch(r"(ME|NE)[-_ ]?0?([1-3])", t)
    if m:
        t = f"{m.group(1)}-{m.group(2)}"
    if t in UNITS or (nation and t == NATION):
        return t
    return None


UNIT_EXPECTED = "a unit code (postal code, DC, ME-1, ME-2, NE-1, NE-2 or NE-3)"


def metadata(text: str) -> tuple[dict[str, list[tuple[int, str]]], int, int]:
    """The ``# key: value`` lines at the top: key -> [(line, value)], and where the body
    starts (offset into the text, line number)."""
    meta: dict[str, list[tuple[int, str]]] = {}
    offset = 0
    line_no = 1
    for raw in text.splitlines(keepends=True):
        stripped = raw.strip()
        if stripped and not stripped.startswith("#"):
            break
        content = stripped.lstrip("#").strip()
        if ":" in content:
            key, value = (s.strip() for s in content.split(":", 1))
            meta.setdefault(key.lower(), []).append((line_no, value))
        offset += len(raw)
        line_no += 1
    return meta, offset, line_no
