"""The event model and the bundled election-night events."""

from __future__ import annotations

import csv
import itertools
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from viewer.core.events import (
    EventsError,
    bundled_events_path,
    events_until,
    load_events,
    mentions,
    sort_newest_first,
)
from viewer.core.units import UNIT_CODES


@pytest.fixture(scope="module")
def events():
    return load_events(bundled_events_path())


def test_every_unit_has_one_call_matching_the_certified_winner(events, results_2024):
    calls = [e.call for e in events if e.call]
    assert sorted(c.unit for c in calls) == sorted(UNIT_CODES)
    for c in calls:
        assert c.party == results_2024[c.unit].winner, c.unit


def test_calls_agree_with_shared_reference(events, shared_dir):
    with (shared_dir / "reference" / "results_2024.csv").open() as fh:
        winners = {r["unit"]: r["winner"] for r in csv.DictReader(fh)}
    assert {e.call.unit: e.call.party for e in events if e.call} == winners


def test_times_are_utc_and_sorted_newest_first(events):
    ordered = sort_newest_first(events)
    assert all(e.time.tzinfo is UTC for e in ordered)
    assert all(a.time >= b.time for a, b in itertools.pairwise(ordered))
    mi = next(e for e in events if e.call and e.call.unit == "MI")
    # The AP's call time (data/calls_2024.csv), not the approximate 18:05 it replaced.
    assert mi.time == datetime(2024, 11, 6, 17, 54, tzinfo=UTC) and mi.call.party == "REP"
    assert "Called by the AP at 12:54 p.m. ET" in mi.body


def test_ties_keep_source_order(events):
    from dataclasses import replace

    call = next(e for e in events if e.call is not None)
    recap = next(e for e in events if e.call is None)
    same = [replace(call, time=recap.time), recap]
    assert sort_newest_first(same) == same  # equal times: the source's order stays
    assert sort_newest_first(same[::-1]) == same[::-1]


def test_every_call_names_its_caller_and_sourced_times_are_the_aps(events):
    import csv

    from viewer.resources import data_dir

    with (data_dir() / "calls_2024.csv").open() as fh:
        rows = csv.DictReader(line for line in fh if not line.startswith("#"))
        sourced = {r["unit"]: r for r in rows if r["unit"] != "US"}
    for e in events:
        if e.call is None:
            continue
        assert "Called by the AP" in e.body or "Called by US networks" in e.body, e.id
        if e.call.unit in sourced:
            row = sourced[e.call.unit]
            assert e.time == datetime.fromisoformat(row["time"].replace("Z", "+00:00"))
            assert e.call.party == row["call"] and "Called by the AP" in e.body
    nv = next(e for e in events if e.call and e.call.unit == "NV")
    assert nv.time == datetime(2024, 11, 9, 5, 15, tzinfo=UTC)  # 14 hours earlier than before


def test_mentions_include_districts(events):
    ne = mentions(events, "NE")
    assert {"NE", "NE-1", "NE-2", "NE-3"} <= {u for e in ne for u in e.units}
    assert all("NE-2" in e.units or e.call.unit == "NE-2" for e in mentions(events, "NE-2"))
    pa = mentions(events, "PA")
    assert len(pa) >= 2 and all("PA" in e.units for e in pa)


def test_events_until(events):
    t = datetime(2024, 11, 6, 1, 0, tzinfo=UTC)
    early = events_until(events, t)
    assert {e.call.unit for e in early if e.call} >= {"IN", "KY", "VT", "WV", "FL", "MA"}
    assert all(e.time <= t for e in early)


def test_bundled_text_is_our_own(shared_dir):
    text = bundled_events_path().read_text()
    for seed in (shared_dir / "seeds").glob("*.txt"):
        for line in seed.read_text(errors="replace").splitlines():
            line = line.strip()
            if len(line) >= 70:
                assert line not in text


def _write(tmp_path: Path, data: object) -> Path:
    p = tmp_path / "ev.json"
    p.write_text(data if isinstance(data, str) else json.dumps(data))
    return p


GOOD = {"id": "a", "time": "2024-11-06T01:00:00+00:00", "title": "Ohio called", "body": ""}


@pytest.mark.parametrize(("data", "needle"), [
    ("{not json", "expected JSON"),
    ({"items": []}, "expected an object with an 'events' list"),
    ({"events": [{**GOOD, "time": None}]}, "event 'a', field 'time'"),
    ({"events": [{**GOOD, "time": "2024-11-06T01:00:00"}]}, "expected a time zone"),
    ({"events": [{**GOOD, "units": ["XX"]}]}, "field 'units': unknown unit code 'XX'"),
    ({"events": [{**GOOD, "title": "x" * 501}]}, "field 'title': expected at most 500"),
    ({"events": [{**GOOD, "call": {"unit": "OH"}}]}, "field 'call'"),
    ({"events": [{**GOOD, "id": ""}]}, "event 1, field 'id'"),
])
def test_bad_event_files_name_file_event_and_field(tmp_path, data, needle):
    with pytest.raises(EventsError) as e:
        load_events(_write(tmp_path, data))
    assert "ev.json" in str(e.value) and needle in str(e.value)


def test_units_found_when_not_given(tmp_path):
    events = load_events(_write(tmp_path, {"events": [GOOD]}))
    assert events[0].units == ("OH",)
