"""Plain-text renderings of core objects for the panels."""

from __future__ import annotations

from viewer.core.events import LiveEvent
from viewer.core.units import UNITS
from viewer.ui.models.events_model import time_text


def event_text(ev: LiveEvent, gmt: bool = False) -> str:
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
    if ev.call is not None:
        lines.append(f"Call: {UNITS[ev.call.unit].name} for {ev.call.party}")
    return "\n".join(lines)
