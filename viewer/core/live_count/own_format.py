"""The app's own live-results format, as CSV and as JSON (docs/live-results-format.md):
count snapshots and race calls, each meaning kept as its source gave it."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from viewer.core.live_count.common import (
    MAX_ROWS,
    MAX_VOTES,
    PARTY_RE,
    TIME_EXPECTED,
    UNIT_EXPECTED,
    LiveInputError,
    LiveRead,
    Row,
    count_value,
    csv_rows,
    json_count,
    metadata,
    parse_time,
    percent_value,
    unit_code,
)
from viewer.core.live_count.json_where import JsonDoc
from viewer.core.live_count.json_where import Path as JPath
from viewer.core.live_count.model import (
    CALL_TIMINGS,
    EXPECTED_BASES,
    MADE,
    NATION,
    CallEvent,
    CallKind,
    CountSnapshot,
    Night,
    Precincts,
    iso,
)

FORMAT = "electoral-map/live"
VERSION = 1
NAME_CSV = "live results CSV (electoral-map/live)"
NAME_JSON = "live results JSON (electoral-map/live)"

_COUNT_COLUMNS = ("total_votes", "votes_other", "expected_total", "expected_total_basis", "eevp",
                  "precincts_reporting", "precincts_total")
_CALL_COLUMNS = ("call", "caller", "call_timing", "call_source", "call_note")
_CALL_WORDS = {"retracted": CallKind.RETRACTION, "none": CallKind.NOT_CALLED}
_CALL_EXPECTED = "a party code, 'retracted', 'none' or empty"
_MAX_TEXT = 2000  # a source address or note longer than this is not a note


def looks_like_csv(text: str) -> bool:
    meta, _, _ = metadata(text)
    return any(v.strip().lower() == FORMAT for _, v in meta.get("format", []))


def looks_like_json(data: object) -> bool:
    return isinstance(data, dict) and data.get("format") == FORMAT


# -- CSV -------------------------------------------------------------------------------------

def read_csv(text: str, source: str) -> LiveRead:
    meta, offset, body_line = metadata(text)
    fmt = meta.get("format", [])
    if not fmt or fmt[0][1].strip().lower() != FORMAT:
        raise LiveInputError(source, f"a '# format: {FORMAT}' line", line=1, column=1)
    _check_version(meta, source)
    night = Night(year=_year(meta, source), title=_one(meta, "title"))
    night.sources.extend(v for _, v in meta.get("source", []) if v)
    named = _candidates(meta, source, night)
    default_basis = _basis_meta(meta, source)
    header, header_line, rows = csv_rows(text[offset:], source, body_line)
    for required in ("time", "unit"):
        if required not in header:
            raise LiveInputError(source, f"a column named '{required}'", line=header_line,
                                 got=",".join(header)[:200])
    vote_parties = [h[len("votes_"):] for h in header if h.startswith("votes_")
                    and h != "votes_other"]
    for i, h in enumerate(header, 1):
        if h in ("time", "unit", *_COUNT_COLUMNS, *_CALL_COLUMNS):
            continue
        if h.startswith("votes_") and PARTY_RE.match(h[len("votes_"):]):
            continue
        raise LiveInputError(source, "known columns: time, unit, votes_PARTY, "
                             + ", ".join((*_COUNT_COLUMNS, *_CALL_COLUMNS)),
                             line=header_line, column=i, got=h)
    if named:
        # A candidate line without a votes_ column is a candidate only called in this file.
        for p in vote_parties:
            if p not in named:
                raise LiveInputError(source, "a '# candidate:' line for every votes_ column",
                                     line=header_line, column=header.index(f"votes_{p}") + 1,
                                     got=f"votes_{p}")
    counts: list[CountSnapshot] = []
    calls: list[CallEvent] = []
    for row in rows:
        time = parse_time(row.get("time"))
        if time is None:
            raise row.fail("time", TIME_EXPECTED)
        has_count = any(row.get(h) for h in header
                        if h.startswith("votes_") or h in _COUNT_COLUMNS)
        unit = unit_code(row.get("unit"), nation=not has_count)
        if unit is None:
            raise row.fail("unit", UNIT_EXPECTED + ("" if has_count else ", or US for the "
                                                    "presidency in a call row"))
        if has_count:
            counts.append(_csv_count(row, unit, time, vote_parties, default_basis, night))
        call = _csv_call(row, unit, time)
        if call is not None:
            calls.append(call)
        elif not has_count:
            raise row.fail("total_votes" if "total_votes" in header else "call",
                           "a count (total_votes and the votes_ columns) or a call", got="")
    for p in vote_parties:
        night.add_candidate(p)
    night.merge_all(counts, calls)
    return LiveRead(night, NAME_CSV, counts, calls)


def _csv_count(row: Row, unit: str, time: datetime, parties: list[str],
               default_basis: str | None, night: Night) -> CountSnapshot:
    votes: dict[str, int] = {}
    for p in parties:
        votes[p] = _csv_votes(row, f"votes_{p}")
    if "total_votes" not in row.header:
        raise row.fail("total_votes", "a column 'total_votes' for rows with counts", got="")
    total = _csv_votes(row, "total_votes")
    named = sum(votes.values())
    if total < named:
        raise row.fail("total_votes", f"at least the candidates' votes ({named:,})")
    if row.get("votes_other"):
        other = _csv_votes(row, "votes_other")
        if other != total - named:
            raise row.fail("votes_other", f"total_votes minus the candidates' votes "
                           f"({total - named:,})")
    expected = basis = None
    if row.get("expected_total"):
        expected = _csv_votes(row, "expected_total")
        basis = row.get("expected_total_basis").lower() or default_basis
        if basis not in EXPECTED_BASES:
            raise row.fail("expected_total_basis" if row.get("expected_total_basis")
                           else "expected_total",
                           "the expected total's basis, 'published' or 'final' (a column "
                           "expected_total_basis or a '# expected_total_basis:' line)",
                           got=row.get("expected_total_basis"))
        if total > expected:
            _over(night, unit, f"{row.source}, line {row.line}", total, expected)
    elif row.get("expected_total_basis"):
        raise row.fail("expected_total", "an expected total for its basis", got="")
    eevp = None
    if row.get("eevp"):
        eevp = percent_value(row.get("eevp"))
        if eevp is None:
            raise row.fail("eevp", "a percentage from 0 to 100")
    precincts = None
    reporting, of = row.get("precincts_reporting"), row.get("precincts_total")
    if reporting or of:
        if not (reporting and of):
            missing = "precincts_total" if reporting else "precincts_reporting"
            raise row.fail(missing, "both precincts_reporting and precincts_total")
        r, t = _csv_votes(row, "precincts_reporting"), _csv_votes(row, "precincts_total")
        if r > t:
            raise row.fail("precincts_reporting", f"at most precincts_total ({t:,})")
        precincts = Precincts(r, t)
    return CountSnapshot(unit, time, votes, total, expected, basis, eevp, precincts,
                         f"{row.source}, line {row.line}")


def _over(night: Night, unit: str, where: str, total: int, expected: int) -> None:
    """Warn once per unit (at its first such row) that the count exceeds the expected total."""
    marker = f": {unit} has more votes counted than the expected total"
    if any(marker in w for w in night.warnings):
        return
    night.warnings.append(f"{where}{marker} ({total:,} against {expected:,}), here and "
                          "possibly later; the remaining vote is unknown where it does")


def _csv_votes(row: Row, name: str) -> int:
    value = count_value(row.get(name))
    if value is None or value > MAX_VOTES:
        raise row.fail(name, "a whole number of 0 or more (plain digits)")
    return value


def _csv_call(row: Row, unit: str, time: datetime) -> CallEvent | None:
    word = row.get("call")
    if not word:
        for h in ("caller", "call_timing", "call_source", "call_note"):
            if row.get(h):
                raise row.fail("call", f"a call for its {h}", got="")
        return None
    kind = _CALL_WORDS.get(word.lower(), CallKind.CALL)
    party = word if kind is CallKind.CALL else None
    if party is not None and not PARTY_RE.match(party):
        raise row.fail("call", _CALL_EXPECTED)
    caller = row.get("caller")
    if not caller:
        raise row.fail("caller", "who made the call (AP, a network...)")
    for h in ("caller", "call_source", "call_note"):
        if len(row.get(h)) > _MAX_TEXT:
            raise row.fail(h, f"at most {_MAX_TEXT} characters", got="a longer text")
    timing = row.get("call_timing").lower() or MADE
    if timing not in CALL_TIMINGS:
        raise row.fail("call_timing", "'made' (the call was made at this time) or 'standing' "
                       "(it stands by this time)")
    return CallEvent(unit, time, kind, caller, party, row.get("call_source"),
                     row.get("call_note"), f"{row.source}, line {row.line}", timing)


def _check_version(meta: Mapping[str, list[tuple[int, str]]], source: str) -> None:
    for line, v in meta.get("version", []):
        if v.strip() != str(VERSION):
            raise LiveInputError(source, f"version {VERSION} (this app reads no other)",
                                 line=line, field="version", got=v)


def _one(meta: Mapping[str, list[tuple[int, str]]], key: str) -> str:
    values = meta.get(key, [])
    return values[0][1] if values else ""


def _year(meta: Mapping[str, list[tuple[int, str]]], source: str) -> int | None:
    for line, v in meta.get("year", []):
        if not (v.isascii() and v.isdigit() and len(v) == 4):
            raise LiveInputError(source, "a four-digit year", line=line, field="year", got=v)
        return int(v)
    return None


def _candidates(meta: Mapping[str, list[tuple[int, str]]], source: str,
                night: Night) -> list[str]:
    out = []
    for line, v in meta.get("candidate", []):
        party, _, name = (s.strip() for s in v.partition("|"))
        name = name.split("|")[0].strip()
        if not PARTY_RE.match(party):
            raise LiveInputError(source, "'# candidate: PARTY | Name' with a short upper-case "
                                 "party code", line=line, field="candidate", got=v)
        if party in out:
            raise LiveInputError(source, "each candidate once", line=line, field="candidate",
                                 got=party)
        out.append(party)
        night.add_candidate(party, name)
    return out


def _basis_meta(meta: Mapping[str, list[tuple[int, str]]], source: str) -> str | None:
    for line, v in meta.get("expected_total_basis", []):
        if v.strip().lower() not in EXPECTED_BASES:
            raise LiveInputError(source, "'published' or 'final'", line=line,
                                 field="expected_total_basis", got=v)
        return v.strip().lower()
    return None


# -- JSON -------------------------------------------------------------------------------------

def read_json(doc: JsonDoc) -> LiveRead:
    data = doc.data
    if not looks_like_json(data):
        raise doc.fail(("format",) if isinstance(data, dict) else (),
                       f"an object with \"format\": \"{FORMAT}\"")
    if data.get("version", VERSION) != VERSION:
        raise doc.fail(("version",), f"version {VERSION} (this app reads no other)",
                       data.get("version"))
    year = data.get("year")
    if year is not None and (isinstance(year, bool) or not isinstance(year, int)
                             or not 1000 <= year <= 9999):
        raise doc.fail(("year",), "a four-digit year", year)
    title = _json_text(doc, ("title",), data.get("title", ""))
    night = Night(year=year, title=title)
    src = data.get("source", "")
    for i, s in enumerate(src if isinstance(src, list) else [src]):
        text = _json_text(doc, ("source", i) if isinstance(src, list) else ("source",), s)
        if text:
            night.sources.append(text)
    cands = _json_list(doc, ("candidates",), data.get("candidates", []))
    for i, c in enumerate(cands):
        if not isinstance(c, dict):
            raise doc.fail(("candidates", i), "{\"party\": ..., \"name\": ...}", c)
        party = c.get("party")
        if not isinstance(party, str) or not PARTY_RE.match(party):
            raise doc.fail(("candidates", i, "party"), "a short upper-case party code", party)
        night.add_candidate(party, _json_text(doc, ("candidates", i, "name"), c.get("name", "")))
    # Like the CSV's votes_ columns, the first count's parties are every count's parties.
    parties: list[str] = []
    counts = [_json_count(doc, ("counts", i), c, parties, night)
              for i, c in enumerate(_json_list(doc, ("counts",), data.get("counts", [])))]
    calls = [_json_call(doc, ("calls", i), c)
             for i, c in enumerate(_json_list(doc, ("calls",), data.get("calls", [])))]
    night.merge_all(counts, calls)
    return LiveRead(night, NAME_JSON, counts, calls)


def _json_list(doc: JsonDoc, path: JPath, value: object) -> list[Any]:
    if not isinstance(value, list):
        raise doc.fail(path, "a list", value)
    if len(value) > MAX_ROWS:
        raise doc.fail(path, f"at most {MAX_ROWS:,} entries", f"{len(value):,}")
    return value


def _json_text(doc: JsonDoc, path: JPath, value: object) -> str:
    if not isinstance(value, str) or len(value) > _MAX_TEXT:
        raise doc.fail(path, f"text of at most {_MAX_TEXT} characters", value)
    return value.strip()


def _json_time(doc: JsonDoc, path: JPath, value: object) -> datetime:
    t = parse_time(value) if isinstance(value, str) else None
    if t is None:
        raise doc.fail(path, TIME_EXPECTED, value)
    return t


def _json_votes(doc: JsonDoc, path: JPath, value: object) -> int:
    n = json_count(value)
    if n is None or n > MAX_VOTES:
        raise doc.fail(path, "a whole number of 0 or more", value)
    return n


def _json_count(doc: JsonDoc, path: JPath, c: object, parties: list[str],
                night: Night) -> CountSnapshot:
    if not isinstance(c, dict):
        raise doc.fail(path, "a count object", c)
    time = _json_time(doc, (*path, "time"), c.get("time"))
    unit = unit_code(c["unit"]) if isinstance(c.get("unit"), str) else None
    if unit is None:
        raise doc.fail((*path, "unit"), UNIT_EXPECTED, c.get("unit"))
    raw_votes = c.get("votes")
    if not isinstance(raw_votes, dict) or not raw_votes:
        raise doc.fail((*path, "votes"), "an object of party code -> votes", raw_votes)
    votes = {}
    for p, v in raw_votes.items():
        if not PARTY_RE.match(p):
            raise doc.fail((*path, "votes"), "short upper-case party codes", p)
        votes[p] = _json_votes(doc, (*path, "votes", p), v)
    if not parties:
        parties.extend(votes)
    elif set(votes) != set(parties):
        raise doc.fail((*path, "votes"), "votes for the same candidates as the first count ("
                       + ", ".join(parties) + ")", ", ".join(votes))
    if "total_votes" not in c:
        raise doc.fail(path, "a total_votes field")
    total = _json_votes(doc, (*path, "total_votes"), c["total_votes"])
    if total < sum(votes.values()):
        raise doc.fail((*path, "total_votes"),
                       f"at least the candidates' votes ({sum(votes.values()):,})", total)
    expected = basis = None
    if c.get("expected_total") is not None:
        expected = _json_votes(doc, (*path, "expected_total"), c["expected_total"])
        basis = c.get("expected_total_basis")
        if basis not in EXPECTED_BASES:
            raise doc.fail((*path, "expected_total_basis"), "'published' or 'final'", basis)
        if total > expected:
            _over(night, unit, doc.where(path[:-1], int(path[-1])), total, expected)
    eevp = None
    if c.get("eevp") is not None:
        eevp = percent_value(c["eevp"]) if not isinstance(c["eevp"], str) else None
        if eevp is None:
            raise doc.fail((*path, "eevp"), "a percentage from 0 to 100", c["eevp"])
    precincts = None
    pr, pt = c.get("precincts_reporting"), c.get("precincts_total")
    if pr is not None or pt is not None:
        if pr is None or pt is None:
            raise doc.fail(path, "both precincts_reporting and precincts_total")
        r = _json_votes(doc, (*path, "precincts_reporting"), pr)
        t = _json_votes(doc, (*path, "precincts_total"), pt)
        if r > t:
            raise doc.fail((*path, "precincts_reporting"), f"at most precincts_total ({t:,})", r)
        precincts = Precincts(r, t)
    return CountSnapshot(unit, time, votes, total, expected, basis, eevp, precincts,
                         doc.where(path[:-1], int(path[-1])))


def _json_call(doc: JsonDoc, path: JPath, c: object) -> CallEvent:
    if not isinstance(c, dict):
        raise doc.fail(path, "a call object", c)
    time = _json_time(doc, (*path, "time"), c.get("time"))
    unit = unit_code(c["unit"], nation=True) if isinstance(c.get("unit"), str) else None
    if unit is None:
        raise doc.fail((*path, "unit"), UNIT_EXPECTED + ", or US", c.get("unit"))
    word = c.get("call")
    if not isinstance(word, str) or not word.strip():
        raise doc.fail((*path, "call"), _CALL_EXPECTED.replace(" or empty", ""), word)
    kind = _CALL_WORDS.get(word.lower(), CallKind.CALL)
    if kind is CallKind.CALL and not PARTY_RE.match(word):
        raise doc.fail((*path, "call"), _CALL_EXPECTED.replace(" or empty", ""), word)
    caller = c.get("caller")
    if not isinstance(caller, str) or not caller.strip():
        raise doc.fail((*path, "caller"), "who made the call (AP, a network...)", caller)
    url = _json_text(doc, (*path, "source_url"), c.get("source_url", ""))
    note = _json_text(doc, (*path, "note"), c.get("note", ""))
    timing = c.get("timing", MADE)
    if timing not in CALL_TIMINGS:
        raise doc.fail((*path, "timing"), "'made' or 'standing'", timing)
    return CallEvent(unit, time, kind, _json_text(doc, (*path, "caller"), caller),
                     word if kind is CallKind.CALL else None, url, note,
                     doc.where(path[:-1], int(path[-1])), timing)


# -- writing ------------------------------------------------------------------------------------

def dump_csv(night: Night, *, counts: Iterable[CountSnapshot] = (),
             calls: Iterable[CallEvent] = (), comments: Iterable[str] = ()) -> str:
    """The given counts and calls of ``night`` in the CSV format (both kinds may share a file).

    Columns nobody fills are left out; a basis shared by every expected total is written
    once, as ``# expected_total_basis:``."""
    counts, calls = list(counts), list(calls)
    parties = [p for p in night.candidates if any(p in s.votes for s in counts)]
    named = [p for p in night.candidates if p in parties or any(e.party == p for e in calls)]
    bases = {s.expected_basis for s in counts if s.expected_total is not None}
    out = io.StringIO()
    out.write(f"# format: {FORMAT}\n# version: {VERSION}\n")
    if night.year is not None:
        out.write(f"# year: {night.year}\n")
    if night.title:
        out.write(f"# title: {night.title}\n")
    for line in night.sources:
        out.write(f"# source: {line}\n")
    for p in named:
        name = night.candidates.get(p, "")
        out.write(f"# candidate: {p} | {name}\n" if name else f"# candidate: {p}\n")
    if len(bases) == 1:
        out.write(f"# expected_total_basis: {next(iter(bases))}\n")
    for line in comments:
        out.write(f"# {line}\n")
    columns = ["time", "unit"]
    if counts:
        columns += [f"votes_{p}" for p in parties] + ["total_votes"]
        if bases:
            columns.append("expected_total")
        if len(bases) > 1:
            columns.append("expected_total_basis")
        if any(s.eevp is not None for s in counts):
            columns.append("eevp")
        if any(s.precincts is not None for s in counts):
            columns += ["precincts_reporting", "precincts_total"]
    if calls:
        columns += ["call", "caller"]
        if any(e.timing != MADE for e in calls):
            columns.append("call_timing")
        columns += [c for c, attr in (("call_source", "source_url"), ("call_note", "note"))
                    if any(getattr(e, attr) for e in calls)]
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    rows: list[tuple[datetime, int, dict[str, str]]] = []
    for snap in counts:
        cells = {"time": iso(snap.time), "unit": snap.unit, "total_votes": str(snap.total),
                 **{f"votes_{p}": str(snap.votes.get(p, 0)) for p in parties}}
        if snap.expected_total is not None:
            cells["expected_total"] = str(snap.expected_total)
            cells["expected_total_basis"] = snap.expected_basis or ""
        if snap.eevp is not None:
            cells["eevp"] = f"{snap.eevp:g}"
        if snap.precincts is not None:
            cells["precincts_reporting"] = str(snap.precincts.reporting)
            cells["precincts_total"] = str(snap.precincts.total)
        rows.append((snap.time, 0, cells))
    for e in calls:
        word = e.party if e.kind is CallKind.CALL else e.kind.value
        rows.append((e.time, 1, {"time": iso(e.time), "unit": e.unit, "call": word or "",
                                 "caller": e.caller, "call_timing": e.timing,
                                 "call_source": e.source_url,
                                 "call_note": e.note}))
    rows.sort(key=lambda r: (r[0], r[1]))
    for _, _, cells in rows:
        writer.writerow([cells.get(c, "") for c in columns])
    return out.getvalue()


def dump_json(night: Night) -> str:
    """The whole night in the JSON format."""
    counts = night.all_counts()
    # Every count lists the same candidates (as the CSV's columns do): 0 where one has none.
    parties = [p for p in night.candidates if any(p in s.votes for s in counts)]

    def count(s: CountSnapshot) -> dict[str, Any]:
        d: dict[str, Any] = {"time": iso(s.time), "unit": s.unit,
                             "votes": {p: s.votes.get(p, 0) for p in parties},
                             "total_votes": s.total}
        if s.expected_total is not None:
            d["expected_total"] = s.expected_total
            d["expected_total_basis"] = s.expected_basis
        if s.eevp is not None:
            d["eevp"] = s.eevp
        if s.precincts is not None:
            d["precincts_reporting"] = s.precincts.reporting
            d["precincts_total"] = s.precincts.total
        return d

    def call(e: CallEvent) -> dict[str, Any]:
        d = {"time": iso(e.time), "unit": e.unit,
             "call": e.party if e.kind is CallKind.CALL else e.kind.value, "caller": e.caller}
        if e.source_url:
            d["source_url"] = e.source_url
        if e.note:
            d["note"] = e.note
        if e.timing != MADE:
            d["timing"] = e.timing
        return d

    doc: dict[str, Any] = {"format": FORMAT, "version": VERSION}
    if night.year is not None:
        doc["year"] = night.year
    if night.title:
        doc["title"] = night.title
    if night.sources:
        doc["source"] = list(night.sources)
    doc["candidates"] = [{"party": p, "name": n} for p, n in night.candidates.items()]
    doc["counts"] = [count(s) for s in counts]
    doc["calls"] = [call(e) for e in night.all_calls()]
    return json.dumps(doc, indent=1, ensure_ascii=False) + "\n"


__all__ = ["FORMAT", "NATION", "dump_csv", "dump_json", "read_csv", "read_json"]
