"""What the map's tooltip adds for the history views (issue #16): the shift against the
chosen year, the "same since" run, and, over land that had no electors that year, why."""

from __future__ import annotations

from viewer.core.units import UNITS
from viewer.render.history_maps import (
    election_of,
    history_elections,
    run_text,
    runs_for,
    shift_values,
)
from viewer.render.style import SAME_SINCE
from viewer.ui.details_text import toward_text
from viewer.ui.document import ElectionDocument


def history_lines(document: ElectionDocument, unit: str) -> list[str]:
    """The tooltip's lines for the shift and "same since" maps ([] for the others)."""
    results = document.results
    mode = document.style.mode
    if mode == "shift":
        values, since = shift_values(results, document.style.compare)
        value = values.get(unit)
        if value is not None and since is not None:
            word = "since" if since < (results.year or 0) else "compared with"
            return [f"Shift {word} {since}: {toward_text(value, results)}"]
        if since is not None:
            return [f"Shift {'since' if since < (results.year or 0) else 'against'} "
                    f"{since}: not measurable (no votes to compare)"]
        return []
    if mode == SAME_SINCE:
        run = runs_for(results, document.scenario.winners()).get(unit)
        if not results.units[unit].took_part:
            return ["Did not vote this year: no run is shown"]
        return [run_text(run, results)]
    return []


def absent_text(unit: str, year: int | None) -> str:
    """Over land without electors in ``year``: not yet a state (and when it first voted),
    or a district that did not exist yet."""
    name = UNITS[unit].name
    first = next((e.year for e in history_elections() if unit in e.units), None)
    when = f" in {year}" if year else ""
    shown = election_of(year) if year is not None else None
    if shown is not None and unit in shown.units:  # a state whose electors did not vote
        note = shown.units[unit].note
        return f"{name}: did not vote{when}" + (f" ({note})" if note else "")
    if first is None:
        return f"{name}: no electors{when}"
    if year is not None and year < first:
        what = ("the 23rd Amendment gave it electors" if unit == "DC"
                else "it had an electoral vote of its own" if UNITS[unit].is_district
                else "statehood")
        return f"{name}: no electors{when}, before {what}; first voted in {first}"
    return f"{name}: no electors{when}"
