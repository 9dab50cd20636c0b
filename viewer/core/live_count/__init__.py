"""Live results: vote counts over a night, expected vote, leads and race calls (Qt-free).

``read_live`` reads any supported file (format detected from the content); a ``Night``
holds the merged snapshots and calls and gives the state as of any time; ``summarise``
turns a state into the figures a reader of the night looks at.
"""

from viewer.core.live_count.common import LiveInputError, LiveRead
from viewer.core.live_count.detect import FORMATS, read_all, read_live, read_live_bytes
from viewer.core.live_count.model import (
    FINAL,
    NATION,
    PUBLISHED,
    CallEvent,
    CallKind,
    CallState,
    CallStatus,
    CountSnapshot,
    Lead,
    Merged,
    MergeReport,
    Night,
    NightState,
    Precincts,
    UnitState,
    lead_of,
)
from viewer.core.live_count.own_format import dump_csv, dump_json

__all__ = [
    "FINAL", "FORMATS", "NATION", "PUBLISHED", "CallEvent", "CallKind", "CallState",
    "CallStatus", "CountSnapshot", "Lead", "LiveInputError", "LiveRead", "MergeReport",
    "Merged", "Night", "NightState", "Precincts", "UnitState", "dump_csv", "dump_json",
    "lead_of", "read_all", "read_live", "read_live_bytes",
]
