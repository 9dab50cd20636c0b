"""Plain-text renderings of core objects for the panels."""

from __future__ import annotations

from viewer.core.electoral import Tally
from viewer.core.events import LiveEvent
from viewer.core.results import ElectionResults
from viewer.core.units import UNITS
from viewer.ui.models.events_model import time_text


def totals_text(tally: Tally, results: ElectionResults) -> str:
    """'Harris 226 · Trump 312', with undecided votes when there are any."""
    parts = [f"{results.candidate(p).surname} {ev}" for p, ev in tally.totals.items()]
    if tally.undecided:
        parts.append(f"undecided {tally.undecided}")
    return " · ".join(parts)


def event_text(ev: LiveEvent, gmt: bool = False,
               results: ElectionResults | None = None) -> str:
    head = [time_text(ev.time, gmt)]
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
