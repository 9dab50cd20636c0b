"""An adapter for JSON shaped like the AP Elections API's election results.

Read from the publicly documented fields only: ``races[]`` (``officeID``, ``raceTypeID``,
``seatNum``, ``raceCallStatus``, ``eevp``, ``lastUpdated``), each with ``reportingUnits[]``
(``statePostal``, ``level``, ``lastUpdated``, ``precinctsReporting``, ``precinctsTotal``,
``eevp``, ``raceCallStatus``, ``candidates[]`` with ``first``, ``last``, ``party``,
``voteCount``, ``winner``, ``electWon``), and the top-level ``timestamp``.

Choices (docs/live-results-format.md): presidential general races only (officeID "P",
raceTypeID "G" when given); statewide reporting units (level "state") become the state's
unit, or ME-n / NE-n when the race has a ``seatNum`` (a congressional district's race);
county-level and national units are skipped. ``eevp`` is kept as the published
percentage and ``precinctsReporting``/``precinctsTotal`` as precincts: neither is turned
into a number of votes. A candidate with ``winner`` "X" is a call by AP at the snapshot's
time (the feed does not say when the call was made, only that it stands by then).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from viewer.core.live_count.common import (
    MAX_ROWS,
    MAX_VOTES,
    PARTY_RE,
    TIME_EXPECTED,
    LiveRead,
    json_count,
    parse_time,
    percent_value,
    unit_code,
)
from viewer.core.live_count.json_where import JPath, JsonDoc
from viewer.core.live_count.model import (
    STANDING,
    CallEvent,
    CallKind,
    CountSnapshot,
    Night,
    Precincts,
)

NAME = "AP Elections API JSON"
CALLER = "AP"
_PARTIES = {"DEM": "DEM", "GOP": "REP", "REP": "REP"}
# raceCallStatus values that say no winner has been declared, and those of a withdrawal.
_NOT_CALLED = ("too early to call", "too close to call", "uncalled", "not called",
               "no call", "too early", "too close")
_WITHDRAWN = ("withdrawn", "retracted", "rescinded")
_WINNER_VALUES = ("", "X", "R", "N")  # X: winner; R: advances to a runoff; N: not


def looks_like(data: object) -> bool:
    return isinstance(data, dict) and isinstance(data.get("races"), list)


def read(doc: JsonDoc) -> LiveRead:
    data = doc.data
    if not looks_like(data):
        raise doc.fail(("races",) if isinstance(data, dict) else (),
                       "an object with a \"races\" list")
    races = data["races"]
    if len(races) > MAX_ROWS:
        raise doc.fail(("races",), f"at most {MAX_ROWS:,} races", f"{len(races):,}")
    night = Night()
    night.sources.append("AP Elections API (as read from the file)")
    file_time = _time(doc, ("timestamp",), data.get("timestamp"), required=False)
    year = None
    if isinstance(data.get("electionDate"), str) and data["electionDate"][:4].isdigit():
        year = int(data["electionDate"][:4])
    counts: list[CountSnapshot] = []
    calls: list[CallEvent] = []
    skipped_other = skipped_levels = 0
    for r, race in enumerate(races):
        path: JPath = ("races", r)
        if not isinstance(race, dict):
            raise doc.fail(path, "a race object", race)
        if race.get("officeID", "P") != "P" or race.get("raceTypeID", "G") != "G":
            skipped_other += 1  # another office, or a primary: not this map's race
            continue
        race_time = _time(doc, (*path, "lastUpdated"), race.get("lastUpdated"), required=False)
        units = race.get("reportingUnits")
        if not isinstance(units, list):
            raise doc.fail((*path, "reportingUnits"), "a list of reporting units", units)
        for u, ru in enumerate(units):
            ru_path: JPath = (*path, "reportingUnits", u)
            if not isinstance(ru, dict):
                raise doc.fail(ru_path, "a reporting unit object", ru)
            if not _statewide(ru):
                skipped_levels += 1
                continue
            read_unit = _reporting_unit(doc, ru_path, race, ru, night,
                                        race_time or file_time)
            if read_unit is not None:
                snap, call = read_unit
                counts.append(snap)
                if call is not None:
                    calls.append(call)
    if year is None and counts:
        year = min(s.time for s in counts).year
    night.year = year
    if skipped_other:
        night.warnings.append(f"{doc.source}: {skipped_other} races other than the "
                              "presidential general election were skipped")
    if skipped_levels:
        night.warnings.append(f"{doc.source}: {skipped_levels} reporting units below or above "
                              "the state (counties, the nation) were skipped")
    night.merge_all(counts, calls)
    return LiveRead(night, NAME, counts, calls)


def _statewide(ru: dict[str, Any]) -> bool:
    level = ru.get("level")
    if isinstance(level, str):
        return level.lower() == "state"
    return ru.get("reportingunitLevel") == 1


def _time(doc: JsonDoc, path: JPath, value: object, *, required: bool) -> datetime | None:
    if value is None and not required:
        return None
    t = parse_time(value) if isinstance(value, str) else None
    if t is None:
        raise doc.fail(path, TIME_EXPECTED, value)
    return t


def _unit(doc: JsonDoc, path: JPath, race: dict[str, Any], ru: dict[str, Any]) -> str:
    postal = ru.get("statePostal")
    code = unit_code(postal) if isinstance(postal, str) else None
    if code is None or "-" in code:
        raise doc.fail((*path, "statePostal"), "a state's postal code or DC", postal)
    seat = race.get("seatNum")
    if seat in (None, ""):
        return code
    district = unit_code(f"{code}-{seat}") if isinstance(seat, str | int) else None
    if district is None or "-" not in district:
        raise doc.fail((*path[:2], "seatNum"), "a congressional district of Maine (1-2) or "
                       "Nebraska (1-3) for a district's presidential race", seat)
    return district


def _reporting_unit(doc: JsonDoc, path: JPath, race: dict[str, Any], ru: dict[str, Any],
                    night: Night, fallback: datetime | None,
                    ) -> tuple[CountSnapshot, CallEvent | None] | None:
    unit = _unit(doc, path, race, ru)
    time = _time(doc, (*path, "lastUpdated"), ru.get("lastUpdated"), required=False) or fallback
    if time is None:
        raise doc.fail((*path, "lastUpdated"), "the reporting unit's lastUpdated time (or the "
                       "race's, or the file's timestamp): " + TIME_EXPECTED)
    cands = ru.get("candidates")
    if not isinstance(cands, list) or not cands:
        raise doc.fail((*path, "candidates"), "a list of candidates", cands)
    if len(cands) > 500:
        raise doc.fail((*path, "candidates"), "at most 500 candidates", f"{len(cands)}")
    rows: list[tuple[str | None, int, str, str]] = []  # party code, votes, name, winner mark
    elect_won = False
    for c, cand in enumerate(cands):
        c_path: JPath = (*path, "candidates", c)
        if not isinstance(cand, dict):
            raise doc.fail(c_path, "a candidate object", cand)
        n_votes = json_count(cand.get("voteCount", 0))
        if n_votes is None or n_votes > MAX_VOTES:
            raise doc.fail((*c_path, "voteCount"), "a whole number of 0 or more",
                           cand.get("voteCount"))
        mark = cand.get("winner", "")
        if mark not in _WINNER_VALUES:
            raise doc.fail((*c_path, "winner"), "\"X\" (the winner), \"R\" (runoff), \"N\" or "
                           "nothing", mark)
        if "electWon" in cand:
            won = json_count(cand["electWon"])
            if won is None or won > 538:
                raise doc.fail((*c_path, "electWon"), "a whole number of electoral votes",
                               cand["electWon"])
            elect_won = elect_won or won > 0
        party = cand.get("party")
        code = _PARTIES.get(party.upper(), party.upper()) if isinstance(party, str) else None
        name = " ".join(str(cand.get(k) or "").strip() for k in ("first", "last")).strip()
        rows.append((code if code and PARTY_RE.match(code) else None, n_votes, name[:200],
                     mark))
    codes = [code for code, *_ in rows if code]
    dup = {code for code in codes if codes.count(code) > 1}
    for code in dup & {"DEM", "REP"}:
        i = next(i for i, (p, *_) in enumerate(rows) if p == code)
        j = next(j for j, (p, *_) in enumerate(rows) if p == code and j > i)
        raise doc.fail((*path, "candidates", j, "party"),
                       f"one {code} candidate per reporting unit", rows[j][0])
    if dup:
        night.warnings.append(f"{doc.source}: {unit}: several candidates of "
                              f"{', '.join(sorted(dup))}; their votes are counted as others'")
    votes: dict[str, int] = {}
    for code, n, name, _ in rows:
        if code and code not in dup:
            votes[code] = n
            night.add_candidate(code, name)
    total = sum(n for _, n, _, _ in rows)
    eevp = _percent(doc, path, ru, race)
    pr, pt = ru.get("precinctsReporting"), ru.get("precinctsTotal")
    precincts = None
    if pr is not None and pt is not None:
        r, t = json_count(pr), json_count(pt)
        if t is None or t > MAX_VOTES:
            raise doc.fail((*path, "precinctsTotal"), "a whole number of 0 or more", pt)
        if r is None or r > t:
            raise doc.fail((*path, "precinctsReporting"),
                           f"a whole number from 0 to precinctsTotal ({t:,})", pr)
        precincts = Precincts(r, t)
    where = doc.where(path[:-1], int(path[-1]))
    snap = CountSnapshot(unit, time, votes, total, None, None, eevp, precincts, where)
    call = _call(doc, path, race, ru, rows, unit, time, where, night, elect_won)
    return snap, call


def _percent(doc: JsonDoc, path: JPath, ru: dict[str, Any],
             race: dict[str, Any]) -> float | None:
    for where, holder in ((path, ru), (path[:2], race)):
        if holder.get("eevp") is not None:
            value = holder["eevp"]
            pct = None if isinstance(value, str) else percent_value(value)
            if pct is None:
                raise doc.fail((*where, "eevp"), "an expected-vote percentage from 0 to 100",
                               value)
            return pct
    return None


def _call(doc: JsonDoc, path: JPath, race: dict[str, Any], ru: dict[str, Any],
          rows: list[tuple[str | None, int, str, str]], unit: str, time: datetime,
          where: str, night: Night, elect_won: bool) -> CallEvent | None:
    status_value = ru.get("raceCallStatus", race.get("raceCallStatus"))
    status = status_value.strip().lower() if isinstance(status_value, str) else ""
    winners = [i for i, (*_, mark) in enumerate(rows) if mark == "X"]
    if len(winners) > 1:
        raise doc.fail((*path, "candidates", winners[1], "winner"),
                       "one winner (\"X\") per reporting unit", "X")
    if winners:
        party = rows[winners[0]][0]
        if status in _NOT_CALLED or any(w in status for w in _WITHDRAWN):
            night.warnings.append(f"{where}: {unit} has a winner mark but raceCallStatus "
                                  f"{status_value!r}; no call is read")
            return None
        if party is None or party not in {p for p, *_ in rows if p} or \
                sum(1 for p, *_ in rows if p == party) > 1:
            night.warnings.append(f"{where}: {unit}'s winner has no party code of its own; "
                                  "no call is read")
            return None
        return CallEvent(unit, time, CallKind.CALL, CALLER, party, "",
                         "Standing by this snapshot's time (the feed gives no call time).",
                         where, STANDING)
    if any(w in status for w in _WITHDRAWN):
        return CallEvent(unit, time, CallKind.RETRACTION, CALLER, None, "",
                         f"raceCallStatus {status_value!r}", where, STANDING)
    if elect_won:
        night.warnings.append(f"{where}: {unit} has electWon without a winner mark; no call "
                              "is read")
    if status and status not in _NOT_CALLED:
        # A status saying "called" without a winner mark names nobody: nothing to read.
        night.warnings.append(f"{where}: {unit}: raceCallStatus {status_value!r} without a "
                              "winner mark; the call is not known")
        return None
    return CallEvent(unit, time, CallKind.NOT_CALLED, CALLER, None, "", "", where, STANDING)
