"""A night of counting: vote counts per unit over time, race calls, and what follows from them.

Every figure keeps the meaning its source gave it. A count may carry an expected total
(as published at the time, or the source's *final* expectation, known only afterwards),
an expected-vote percentage (eevp) and precincts reporting; none is ever turned into
another. Derived figures (lead, share of the expected vote counted, what the trailer
would need) are given only when the data supports them, and otherwise say why not.

Times are timezone-aware datetimes in UTC. Snapshots are merged in time order: per unit,
an older snapshot never replaces a newer one (a late, stale copy of a feed changes nothing).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import Enum
from types import MappingProxyType

from viewer.core.units import UNIT_CODES

NATION = "US"  # the unit code of the call of the presidency itself (call lists use it)

PUBLISHED = "published"  # an expected total the source published at that time
FINAL = "final"  # the source's last expected total, applied to earlier counts in hindsight
EXPECTED_BASES = (PUBLISHED, FINAL)


@dataclass(frozen=True)
class Precincts:
    reporting: int
    total: int

    @property
    def percent(self) -> float | None:
        return 100.0 * self.reporting / self.total if self.total else None


@dataclass(frozen=True)
class CountSnapshot:
    """One unit's count at one time, as a source published it."""

    unit: str
    time: datetime
    votes: Mapping[str, int]  # party code -> votes, for each named candidate
    total: int  # every counted vote (named candidates and everyone else)
    expected_total: int | None = None
    expected_basis: str | None = None  # PUBLISHED or FINAL when expected_total is given
    eevp: float | None = None  # expected vote counted, in percent, as the source published it
    precincts: Precincts | None = None
    source: str = ""  # where it was read: "file, line N"

    @property
    def others(self) -> int:
        """Votes for everyone not named (write-ins included)."""
        return self.total - sum(self.votes.values())

    def same_figures(self, other: CountSnapshot) -> bool:
        return (dict(self.votes) == dict(other.votes) and self.total == other.total
                and self.expected_total == other.expected_total
                and self.expected_basis == other.expected_basis and self.eevp == other.eevp
                and self.precincts == other.precincts)


class CallKind(Enum):
    CALL = "call"  # the caller projects a winner
    RETRACTION = "retracted"  # the caller withdraws its earlier call
    NOT_CALLED = "none"  # the source states that the caller has not called the race


MADE = "made"  # the call was made at the event's time
STANDING = "standing"  # the call stands by the event's time; when it was made is not known
CALL_TIMINGS = (MADE, STANDING)


@dataclass(frozen=True)
class CallEvent:
    unit: str  # a unit code, or NATION for the presidency
    time: datetime
    kind: CallKind
    caller: str  # who made (or withdrew) the call: "AP", "Fox News", ...
    party: str | None = None  # the party called for (CALL only)
    source_url: str = ""
    note: str = ""
    source: str = ""  # where it was read: "file, line N"
    # MADE: before this time the caller had not called the race (a call list's call time);
    # STANDING: a feed showed the call by then, and before that nothing is known.
    timing: str = MADE

    def same_event(self, other: CallEvent) -> bool:
        return ((self.kind, self.party, self.caller, self.timing)
                == (other.kind, other.party, other.caller, other.timing))


class CallState(Enum):
    UNKNOWN = "unknown"  # the data says nothing about calls in this unit at that time
    NOT_CALLED = "not called"
    CALLED = "called"
    DISPUTED = "disputed"  # callers project different winners


@dataclass(frozen=True)
class CallStatus:
    state: CallState
    party: str | None = None  # CALLED: the party; otherwise None
    calls: tuple[CallEvent, ...] = ()  # the standing calls, one per caller, earliest first
    retraction: CallEvent | None = None  # the latest retraction, when no call stands

    @property
    def callers(self) -> tuple[str, ...]:
        return tuple(c.caller for c in self.calls)

    @property
    def first_called(self) -> datetime | None:
        return self.calls[0].time if self.calls else None


@dataclass(frozen=True)
class Lead:
    """Who leads a count and by how much; what the trailer would need of the remaining vote.

    Every optional figure is None exactly when the data does not support it, and the
    matching ``*_why`` text says why.
    """

    counted: int
    leader: str | None
    runner_up: str | None
    lead_votes: int | None
    lead_points: float | None  # points of all counted votes
    leader_why: str  # "" when there is a leader
    expected_counted: float | None  # percent of the expected vote counted
    expected_counted_basis: str | None  # "eevp", PUBLISHED or FINAL
    expected_counted_why: str
    remaining: int | None  # votes still expected (from an expected total only)
    remaining_basis: str | None  # PUBLISHED or FINAL
    remaining_why: str
    # The trailer must win the remaining vote by lead_votes to draw level: that margin in
    # points of all remaining votes, and the share of the remaining vote it would need if
    # every remaining vote went to one of the two.
    needed_margin_points: float | None
    needed_two_way_share: float | None
    needed_why: str

    @property
    def can_catch_up(self) -> bool | None:
        """Whether the remaining vote is enough for the trailer to draw level (None: unknown)."""
        if self.needed_margin_points is None:
            return None
        return self.needed_margin_points <= 100.0


def lead_of(snap: CountSnapshot) -> Lead:
    """The lead and everything derived from one snapshot (see Lead)."""
    ranked = sorted(snap.votes.items(), key=lambda kv: (-kv[1], kv[0]))
    counted = snap.total
    leader = runner_up = None
    lead_votes: int | None = None
    lead_points: float | None = None
    leader_why = ""
    others = snap.others
    if counted == 0 or not ranked or ranked[0][1] == 0:
        leader_why = "no votes counted"
    elif len(ranked) < 2:
        leader_why = "only one candidate named"
    elif ranked[0][1] == ranked[1][1]:
        leader_why = f"tied at {ranked[0][1]:,} votes"
    elif others >= ranked[0][1]:
        # The unnamed candidates' votes are one total: any of them might lead.
        leader_why = "the votes of candidates not named could hold the lead"
    else:
        leader, lead_top = ranked[0]
        if others >= ranked[1][1]:
            # A candidate not named might be second: the trailer is not known.
            leader_why = "the runner-up could be a candidate not named"
        else:
            runner_up = ranked[1][0]
            lead_votes = lead_top - ranked[1][1]
            lead_points = 100.0 * lead_votes / counted
    expected, exp_basis, exp_why = _expected_counted(snap)
    remaining, rem_basis, rem_why = _remaining(snap)
    margin = share = None
    if lead_votes is None:
        needed_why = leader_why or "no lead"
    elif remaining is None:
        needed_why = f"the remaining vote is unknown: {rem_why}"
    elif remaining == 0:
        needed_why = "no vote remains by the expected total"
    else:
        needed_why = ""
        margin = 100.0 * lead_votes / remaining
        share = 50.0 + margin / 2.0
    return Lead(counted, leader, runner_up, lead_votes, lead_points, leader_why,
                expected, exp_basis, exp_why, remaining, rem_basis, rem_why,
                margin, share, needed_why)


def _expected_counted(snap: CountSnapshot) -> tuple[float | None, str | None, str]:
    # The published percentage is the source's own figure: it comes first.
    if snap.eevp is not None:
        return snap.eevp, "eevp", ""
    if snap.expected_total:
        return 100.0 * snap.total / snap.expected_total, snap.expected_basis, ""
    if snap.precincts is not None:
        return None, None, "only precincts reporting are known (not a share of the vote)"
    return None, None, "the source gives no expected vote"


def _remaining(snap: CountSnapshot) -> tuple[int | None, str | None, str]:
    if snap.expected_total is None:
        if snap.eevp is not None:
            return None, None, "only the expected-vote percentage is known, not a number of votes"
        return None, None, "the source gives no expected total"
    if snap.total > snap.expected_total:
        return None, None, (f"the count ({snap.total:,}) exceeds the expected total "
                            f"({snap.expected_total:,})")
    return snap.expected_total - snap.total, snap.expected_basis, ""


class Merged(Enum):
    APPLIED = "applied"
    STALE = "stale"  # older than what the unit (or the caller) already has: ignored
    DUPLICATE = "duplicate"  # the same time and figures as what is there
    CONFLICT = "conflict"  # the same time, other figures: the first one kept


@dataclass
class MergeReport:
    applied: int = 0
    stale: int = 0
    duplicate: int = 0
    conflicts: list[str] = field(default_factory=list)

    def add(self, outcome: Merged, what: str = "") -> None:
        if outcome is Merged.APPLIED:
            self.applied += 1
        elif outcome is Merged.STALE:
            self.stale += 1
        elif outcome is Merged.DUPLICATE:
            self.duplicate += 1
        else:
            self.conflicts.append(what)


@dataclass(frozen=True)
class UnitState:
    unit: str
    count: CountSnapshot | None  # the latest count at or before the time; None: none yet
    lead: Lead | None
    call: CallStatus


@dataclass(frozen=True)
class NightState:
    """The whole night as of one time."""

    time: datetime
    units: Mapping[str, UnitState]  # every one of the 56 units
    presidency: CallStatus

    def called(self) -> dict[str, str]:
        """Unit -> party for every unit called (and not disputed) at this time."""
        return {u: s.call.party for u, s in self.units.items()
                if s.call.state is CallState.CALLED and s.call.party is not None}

    def call_counts(self) -> dict[CallState, int]:
        out = dict.fromkeys(CallState, 0)
        for s in self.units.values():
            out[s.call.state] += 1
        return out


class Night:
    """Counts and calls of one election, merged in time order; its state as of any time."""

    def __init__(self, *, year: int | None = None, title: str = "",
                 candidates: Mapping[str, str] | None = None) -> None:
        self.year = year
        self.title = title
        self._candidates: dict[str, str] = dict(candidates or {})
        self._counts: dict[str, list[CountSnapshot]] = {}
        self._count_times: dict[str, list[datetime]] = {}
        self._calls: dict[str, dict[str, list[CallEvent]]] = {}  # unit -> caller -> events
        self.sources: list[str] = []  # who published the figures, one line each
        self.warnings: list[str] = []

    # -- candidates -------------------------------------------------------------------
    @property
    def candidates(self) -> Mapping[str, str]:
        """Party code -> candidate's name ("" when no source named them)."""
        return MappingProxyType(self._candidates)

    def add_candidate(self, party: str, name: str = "") -> None:
        known = self._candidates.get(party)
        if known is None or (not known and name):
            self._candidates[party] = name
        elif name and name != known:
            self.warnings.append(f"candidate {party} is named both {known!r} and {name!r}; "
                                 f"{known!r} kept")

    def name_of(self, party: str) -> str:
        return self._candidates.get(party) or party

    # -- merging ------------------------------------------------------------------------
    def merge_count(self, snap: CountSnapshot) -> Merged:
        history = self._counts.setdefault(snap.unit, [])
        times = self._count_times.setdefault(snap.unit, [])
        for p in snap.votes:
            self.add_candidate(p)
        if history:
            last = history[-1]
            if snap.time < last.time:
                # A followed file read again brings its older rows again: those are known.
                i = bisect.bisect_left(times, snap.time)
                if i < len(times) and times[i] == snap.time \
                        and history[i].same_figures(snap):
                    return Merged.DUPLICATE
                return Merged.STALE
            if snap.time == last.time:
                return Merged.DUPLICATE if snap.same_figures(last) else Merged.CONFLICT
        history.append(snap)
        times.append(snap.time)
        return Merged.APPLIED

    def merge_call(self, event: CallEvent) -> Merged:
        if event.party is not None:
            self.add_candidate(event.party)
        events = self._calls.setdefault(event.unit, {}).setdefault(event.caller, [])
        if events:
            last = events[-1]
            if event.time < last.time:
                known = any(e.time == event.time and e.same_event(event) for e in events)
                return Merged.DUPLICATE if known else Merged.STALE
            if event.time == last.time:
                return Merged.DUPLICATE if event.same_event(last) else Merged.CONFLICT
            standing = next((e for e in reversed(events) if e.kind is not CallKind.NOT_CALLED),
                            None)
            if event.kind is CallKind.NOT_CALLED and standing is not None \
                    and standing.kind is CallKind.CALL:
                # Only a retraction withdraws a call; "not called" after one contradicts it.
                self.warnings.append(
                    f"{event.source or event.unit}: {event.caller} is said not to have called "
                    f"{event.unit} at {iso(event.time)}, after its call for {standing.party} at "
                    f"{iso(standing.time)} without a retraction; the call stands")
        events.append(event)
        return Merged.APPLIED

    def merge_all(self, counts: Iterable[CountSnapshot] = (),
                  calls: Iterable[CallEvent] = ()) -> MergeReport:
        """Merge many snapshots and calls, oldest first (their order as given does not matter)."""
        report = MergeReport()
        for snap in sorted(counts, key=lambda s: s.time):
            outcome = self.merge_count(snap)
            # The conflict's words only for a conflict: a 3,000-row file merges in ms.
            report.add(outcome, "" if outcome is not Merged.CONFLICT else
                       f"{snap.source or snap.unit}: a different count for {snap.unit} at "
                       f"{iso(snap.time)}; the first one is kept")
        for event in sorted(calls, key=lambda c: c.time):
            outcome = self.merge_call(event)
            report.add(outcome, "" if outcome is not Merged.CONFLICT else
                       f"{event.source or event.unit}: a different call by {event.caller} "
                       f"for {event.unit} at {iso(event.time)}; the first one is kept")
        self.warnings.extend(report.conflicts)
        return report

    def merge(self, other: Night) -> MergeReport:
        """Merge another night (another file of the same election) into this one."""
        if self.year is not None and other.year is not None and self.year != other.year:
            raise ValueError(f"cannot merge the {other.year} election into {self.year}'s")
        self.year = self.year if self.year is not None else other.year
        self.title = self.title or other.title
        for party, name in other.candidates.items():
            self.add_candidate(party, name)
        for s in other.sources:
            if s not in self.sources:
                self.sources.append(s)
        # A followed file read again brings its warnings again: each is kept once.
        known = set(self.warnings)
        self.warnings.extend(w for w in other.warnings if w not in known)
        return self.merge_all(other.all_counts(), other.all_calls())

    # -- reading back -------------------------------------------------------------------
    def all_counts(self) -> list[CountSnapshot]:
        return sorted((s for h in self._counts.values() for s in h),
                      key=lambda s: (s.time, _unit_order(s.unit)))

    def all_calls(self) -> list[CallEvent]:
        return sorted((e for by in self._calls.values() for es in by.values() for e in es),
                      key=lambda e: (e.time, _unit_order(e.unit), e.caller))

    def units_with_counts(self) -> tuple[str, ...]:
        return tuple(u for u in UNIT_CODES if self._counts.get(u))

    def units_with_calls(self) -> tuple[str, ...]:
        return tuple(u for u in (*UNIT_CODES, NATION) if self._calls.get(u))

    def history(self, unit: str) -> tuple[CountSnapshot, ...]:
        return tuple(self._counts.get(unit, ()))

    def times(self) -> list[datetime]:
        """Every time at which something changes, oldest first (for a replay cursor)."""
        found = {t for ts in self._count_times.values() for t in ts}
        found |= {e.time for by in self._calls.values() for es in by.values() for e in es}
        return sorted(found)

    @property
    def first_time(self) -> datetime | None:
        ts = self.times()
        return ts[0] if ts else None

    @property
    def last_time(self) -> datetime | None:
        ts = self.times()
        return ts[-1] if ts else None

    def count_as_of(self, unit: str, when: datetime) -> CountSnapshot | None:
        times = self._count_times.get(unit)
        if not times:
            return None
        i = bisect.bisect_right(times, when)
        return self._counts[unit][i - 1] if i else None

    def call_as_of(self, unit: str, when: datetime) -> CallStatus:
        standing: list[CallEvent] = []
        retraction: CallEvent | None = None
        known = False
        for events in self._calls.get(unit, {}).values():
            current: CallEvent | None = None
            if events and events[0].time > when and events[0].kind is CallKind.CALL \
                    and events[0].timing == MADE:
                known = True  # the caller made its first call later: not called by then
            for e in events:
                if e.time > when:
                    break
                known = True
                if e.kind is CallKind.CALL:
                    current = e
                elif e.kind is CallKind.RETRACTION:
                    if current is not None and (retraction is None or e.time > retraction.time):
                        retraction = e
                    current = None
                # NOT_CALLED after a call without a retraction: the call stands (the reader
                # warned); before any call it only says the caller had not called yet.
            if current is not None:
                standing.append(current)
        if not known:
            return CallStatus(CallState.UNKNOWN)
        if not standing:
            return CallStatus(CallState.NOT_CALLED, retraction=retraction)
        standing.sort(key=lambda e: (e.time, e.caller))
        parties = {e.party for e in standing}
        if len(parties) > 1:
            return CallStatus(CallState.DISPUTED, calls=tuple(standing))
        return CallStatus(CallState.CALLED, standing[0].party, tuple(standing))

    def unit_as_of(self, unit: str, when: datetime) -> UnitState:
        snap = self.count_as_of(unit, when)
        return UnitState(unit, snap, None if snap is None else lead_of(snap),
                         self.call_as_of(unit, when))

    def as_of(self, when: datetime) -> NightState:
        return NightState(when, {u: self.unit_as_of(u, when) for u in UNIT_CODES},
                          self.call_as_of(NATION, when))

    def lead_series(self, unit: str) -> list[tuple[datetime, str | None, int | None]]:
        """(time, leader, lead in votes) at every count of the unit: the lead over time."""
        out = []
        for snap in self._counts.get(unit, ()):
            lead = lead_of(snap)
            out.append((snap.time, lead.leader, lead.lead_votes))
        return out


_ORDER = {u: i for i, u in enumerate((*UNIT_CODES, NATION))}


def _unit_order(unit: str) -> int:
    return _ORDER.get(unit, len(_ORDER))


def iso(t: datetime) -> str:
    """A time as ISO 8601 in UTC with a Z; fractions of a second only when it has them."""
    t = t.astimezone(UTC)
    spec = ("seconds" if not t.microsecond
            else "milliseconds" if not t.microsecond % 1000 else "microseconds")
    return t.isoformat(timespec=spec).replace("+00:00", "Z")
