"""Plain-text renderings of core objects for the panels."""

from __future__ import annotations

from viewer.core.electoral import Tally, margin_words
from viewer.core.events import LiveEvent
from viewer.core.results import ElectionResults
from viewer.core.units import UNITS
from viewer.ui.models.events_model import long_time_text


def totals_text(tally: Tally, results: ElectionResults, replay: bool = False) -> str:
    """'Harris 226 · Trump 312', with undecided votes when there are any (during a replay:
    the votes of units not called yet)."""
    # The two leading candidates always; anyone else only with electoral votes (not
    # 1912's Debs, who had none).
    parts = [f"{results.candidate(p).surname} {ev}" for p, ev in tally.totals.items()
             if ev or p in results.axis]
    if tally.undecided:
        parts.append(f"not called yet {tally.undecided}" if replay
                     else f"undecided {tally.undecided}")
    return " · ".join(parts)


def margin_text(margin: float | None, results: ElectionResults) -> str:
    """'Trump +1.70': the leader by name, never a party code ('even', 'votes not
    available'); the same words as the command line's."""
    return margin_words(margin, results)


def unit_margin_text(results: ElectionResults, unit: str) -> str:
    """A unit's margin in words: the two leading candidates' ('Trump +1.70'), but for a
    unit won by anyone else that winner's own lead over the runner-up ('Wallace +47.14'),
    never the other two's margin; why there is none where there is none."""
    r = results.units[unit]
    if r.electors in ("legislature", "no popular vote", "did not vote"):
        return {"legislature": "electors chosen by the legislature",
                "no popular vote": "no popular vote",
                "did not vote": "did not vote"}[r.electors]
    if r.winner is not None and r.winner not in results.axis:
        lead = results.lead(unit)
        if lead is None:
            return "votes not available"
        return f"{results.candidate(r.winner).surname} +{lead:.2f}"
    return margin_text(results.margin(unit), results)


def toward_text(points: float, results: ElectionResults, digits: int = 1) -> str:
    """'2.9 points toward Trump' (positive points: toward the first candidate)."""
    a, b = results.axis
    who = results.candidate(a if points > 0 else b).surname
    return f"{abs(points):.{digits}f} points toward {who}"


def count_text(n: int, noun: str, plural: str | None = None) -> str:
    """'1 unit', '2 units'."""
    return f"{n:,} {noun if n == 1 else plural or noun + 's'}"


def event_text(ev: LiveEvent, gmt: bool = False,
               results: ElectionResults | None = None) -> str:
    head = [long_time_text(ev.time, gmt)]
    if ev.time_text:
        head.append(f"source: {ev.time_text}")
    if ev.breaking:
        head.append("BREAKING")
    lines = [" · ".join(head), ev.title]
    if ev.author:
        lines.append(ev.author + (f", {ev.role}" if ev.role else ""))
    lines.append("")
    lines.append(ev.body)
    if ev.units:
        lines.append("")
        lines.append("Mentions: " + ", ".join(UNITS[u].name for u in ev.units))
    for c in ev.calls:
        who = (results.candidate(c.party).name if results is not None
               and c.party in results.parties else c.party)
        lines.append(f"Call: {UNITS[c.unit].name} for {who}")
    for u in ev.retracts:
        lines.append(f"Call withdrawn: {UNITS[u].name} is uncalled again")
    return "\n".join(lines)
