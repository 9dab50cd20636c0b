"""The night as of a time, in the figures people watch: electoral votes called, results to
go, and per unit the leader, the lead, the expected vote counted and the call.

"Results to go" counts the units not yet called. A call list names only the races it
covers, so where units have no call information at all the count is a lower bound
("at least N") and says why; it is never presented as exact."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from viewer.core.live_count.model import (
    FINAL,
    MADE,
    PUBLISHED,
    CallKind,
    CallState,
    CallStatus,
    Lead,
    Night,
    NightState,
    UnitState,
    iso,
)
from viewer.core.units import UNIT_CODES, UNITS


@dataclass(frozen=True)
class NightSummary:
    time: datetime
    units: tuple[UnitState, ...]  # the units asked for that have a count or a call
    called_ev: Mapping[str, int] | None  # party -> electoral votes called (None: EVs unknown)
    not_called_ev: int | None
    called_units: int
    disputed_units: int
    not_called_units: int  # known not called (the source says so)
    unknown_units: int  # no call information at all
    presidency: CallStatus

    @property
    def results_to_go(self) -> int | None:
        """Units not yet called; None when some units have no call information."""
        if self.unknown_units:
            return None
        return self.not_called_units + self.disputed_units

    @property
    def results_to_go_at_least(self) -> int:
        return self.not_called_units + self.disputed_units


def summarise(night: Night, when: datetime, electoral_votes: Mapping[str, int] | None = None,
              units: Sequence[str] | None = None, *,
              state: NightState | None = None) -> NightSummary:
    """The night as of ``when`` (``state``: ``night.as_of(when)`` when the caller has it)."""
    state = state if state is not None else night.as_of(when)
    counts = state.call_counts()
    called_ev: dict[str, int] | None = None
    not_called_ev = None
    if electoral_votes is not None:
        called_ev = {}
        for unit, party in state.called().items():
            called_ev[party] = called_ev.get(party, 0) + electoral_votes.get(unit, 0)
        not_called_ev = sum(electoral_votes.get(u, 0) for u in UNIT_CODES) \
            - sum(called_ev.values())
    wanted = units if units is not None else UNIT_CODES
    shown = tuple(state.units[u] for u in wanted
                  if units is not None or state.units[u].count is not None
                  or state.units[u].call.state is not CallState.UNKNOWN)
    return NightSummary(when, shown, called_ev, not_called_ev,
                        counts[CallState.CALLED], counts[CallState.DISPUTED],
                        counts[CallState.NOT_CALLED], counts[CallState.UNKNOWN],
                        state.presidency)


# -- words ---------------------------------------------------------------------------------

BASIS_WORDS = {
    "eevp": "the source's expected-vote percentage",
    PUBLISHED: "of the expected total published at the time",
    FINAL: "of the source's final expected total, known only afterwards",
}


def to_go_text(s: NightSummary) -> str:
    n = s.results_to_go
    if n is not None:
        return f"{n} result{'s' if n != 1 else ''} to go"
    return (f"at least {s.results_to_go_at_least} result"
            f"{'s' if s.results_to_go_at_least != 1 else ''} to go (no call information for "
            f"{s.unknown_units} of {len(UNIT_CODES)} units, so the exact number is not known)")


def call_text(call: CallStatus, night: Night) -> str:
    if call.state is CallState.UNKNOWN:
        return "no call information"
    if call.state is CallState.NOT_CALLED:
        if call.retraction is not None:
            r = call.retraction
            return f"not called (call retracted by {r.caller} at {short_time(r.time)})"
        return "not called"
    by = "; ".join(f"by {e.caller} {'at' if e.timing == MADE else 'by'} {short_time(e.time)}"
                   for e in call.calls)
    if call.state is CallState.DISPUTED:
        return "disputed: " + "; ".join(f"{night.name_of(e.party or '')} by {e.caller} at "
                                        f"{short_time(e.time)}" for e in call.calls)
    return f"called for {night.name_of(call.party or '')} {by}"


def lead_text(lead: Lead, night: Night) -> str:
    if lead.leader is None:
        return f"no leader ({lead.leader_why})"
    if lead.lead_votes is None or lead.lead_points is None:
        return f"{night.name_of(lead.leader)} leads ({lead.leader_why})"
    return (f"{night.name_of(lead.leader)} leads by {lead.lead_votes:,} votes "
            f"({lead.lead_points:.2f} points)")


def expected_text(lead: Lead) -> str:
    if lead.expected_counted is None:
        return f"expected vote counted: unknown ({lead.expected_counted_why})"
    basis = BASIS_WORDS.get(lead.expected_counted_basis or "", "")
    return f"expected vote counted: {lead.expected_counted:.1f}% ({basis})"


def needed_text(lead: Lead, night: Night) -> str:
    if lead.needed_margin_points is None or lead.runner_up is None \
            or lead.needed_two_way_share is None or lead.remaining is None:
        return f"what the trailer needs: unknown ({lead.needed_why})"
    who = night.name_of(lead.runner_up)
    hindsight = ("; the remaining vote is measured against the final expected total, known "
                 "only afterwards" if lead.remaining_basis == FINAL else "")
    if lead.needed_margin_points > 100:
        return (f"{who} cannot draw level: the lead exceeds the {lead.remaining:,} votes "
                f"remaining{hindsight}")
    return (f"{who} needs to win the remaining {lead.remaining:,} votes by "
            f"{lead.needed_margin_points:.1f} points ({lead.needed_two_way_share:.1f}% of them "
            f"if all went to the two) to draw level{hindsight}")


def short_time(t: datetime) -> str:
    return iso(t).replace("T", " ")[:16] + "Z"


# -- JSON ------------------------------------------------------------------------------------

def call_json(call: CallStatus) -> dict[str, Any]:
    out: dict[str, Any] = {"state": call.state.value, "party": call.party,
                           "calls": [{"party": e.party, "caller": e.caller, "time": iso(e.time),
                                      "time_is": e.timing, "source_url": e.source_url or None}
                                     for e in call.calls]}
    r = call.retraction
    out["retracted"] = None if r is None or r.kind is not CallKind.RETRACTION else {
        "caller": r.caller, "time": iso(r.time)}
    return out


def unit_json(s: UnitState, electoral_votes: Mapping[str, int] | None) -> dict[str, Any]:
    out: dict[str, Any] = {"unit": s.unit, "name": UNITS[s.unit].name,
                           "electoral_votes": None if electoral_votes is None
                           else electoral_votes.get(s.unit)}
    snap, lead = s.count, s.lead
    if snap is None or lead is None:
        out["count"] = None
    else:
        out["count"] = {
            "time": iso(snap.time), "votes": dict(snap.votes), "others": snap.others,
            "counted": snap.total,
            "expected_total": snap.expected_total, "expected_total_basis": snap.expected_basis,
            "eevp": snap.eevp,
            "precincts": None if snap.precincts is None else {
                "reporting": snap.precincts.reporting, "total": snap.precincts.total},
            "leader": lead.leader, "runner_up": lead.runner_up, "lead_votes": lead.lead_votes,
            "lead_points": _round(lead.lead_points), "leader_note": lead.leader_why or None,
            "expected_counted": _round(lead.expected_counted),
            "expected_counted_basis": lead.expected_counted_basis,
            "expected_counted_note": lead.expected_counted_why or None,
            "remaining": lead.remaining, "remaining_basis": lead.remaining_basis,
            "remaining_note": lead.remaining_why or None,
            "trailer_needs": None if lead.needed_margin_points is None else {
                "margin_points": _round(lead.needed_margin_points),
                "two_way_share": _round(lead.needed_two_way_share)},
            "trailer_needs_note": lead.needed_why or None,
            "source": snap.source,
        }
    out["call"] = call_json(s.call)
    return out


def _round(x: float | None) -> float | None:
    return None if x is None else round(x, 4)
