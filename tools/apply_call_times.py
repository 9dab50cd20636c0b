"""Set the bundled 2024 events' call times and callers from data/calls_2024.csv.

Usage: python tools/apply_call_times.py

The call events of data/events_2024.json were written with approximate times (US networks'
projections as reported on the night). Where calls_2024.csv has a sourced AP call time for
a unit, the unit's call event takes that time and names the AP; every other call event
names its caller as US networks with an approximate time. Run again after either file
changes: it only rewrites what differs.
"""

from __future__ import annotations

import csv
import json
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVENTS = ROOT / "data" / "events_2024.json"
CALLS = ROOT / "data" / "calls_2024.csv"
SOURCED = "Called by the AP at {local} (time from calls_2024.csv)."
APPROXIMATE = "Called by US networks; the time is approximate."


def sourced_calls() -> dict[str, tuple[datetime, str]]:
    """Unit → (AP call time, the party called), from the call list."""
    with CALLS.open(encoding="utf-8") as fh:
        rows = [line for line in fh if not line.startswith("#")]
    out = {}
    for row in csv.DictReader(rows):
        if row["unit"] != "US" and row["caller"] == "AP":
            out[row["unit"]] = (datetime.fromisoformat(row["time"].replace("Z", "+00:00")),
                                row["call"])
    return out


def eastern(t: datetime) -> str:
    """The call time as people on the night read it (Eastern Standard Time, UTC−5)."""
    est = t.astimezone(UTC).timestamp() - 5 * 3600
    local = datetime.fromtimestamp(est, UTC)
    hour = local.hour % 12 or 12
    return f"{hour}:{local.minute:02d} {'a.m.' if local.hour < 12 else 'p.m.'} ET, " \
           f"{local.strftime('%a %d %b').replace(' 0', ' ')}"


def main() -> int:
    doc = json.loads(EVENTS.read_text(encoding="utf-8"))
    calls = sourced_calls()
    changed = 0
    for event in doc["events"]:
        call = event.get("call")
        if not call:
            continue
        unit = call["unit"]
        body = event["body"].split(" Called by ")[0].rstrip()
        if unit in calls:
            when, party = calls[unit]
            if party != call["party"]:
                raise SystemExit(f"{unit}: the call list says {party}, the event "
                                 f"{call['party']}: fix one of them first")
            time = when.isoformat()
            line = SOURCED.format(local=eastern(when))
        else:
            time, line = event["time"], APPROXIMATE
        new_body = f"{body} {line}"
        if (event["time"], event["body"]) != (time, new_body):
            event["time"], event["body"] = time, new_body
            changed += 1
    doc["source"] = ("Race-call times: the AP's for AZ, GA, MI, NC, NV, PA and WI (sourced in "
                     "data/calls_2024.csv); approximate for the other units, compiled from US "
                     "networks' projections as reported on election night. The 6 November "
                     "entries follow a live results page of that day. Summaries written for "
                     "Electoral Map.")
    # Newest first, as the file keeps them.
    doc["events"].sort(key=lambda e: e["time"], reverse=True)
    EVENTS.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"updated {changed} call events in {EVENTS}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
