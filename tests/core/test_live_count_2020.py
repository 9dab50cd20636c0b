"""The 2020 count as a user replays it: Pennsylvania and Georgia change leader, the calls
come at their sourced times, and the end of the count reaches the certified winners.

Times checked in the data (NYT series, UTC): Pennsylvania's first snapshot,
2020-11-04 13:28:22, has Trump ahead by 618,840; his last lead is at 2020-11-06 12:48:04
(18,049 votes); from 13:52:37 Biden leads (5,587 votes). Georgia turns to Biden at
2020-11-06 09:50:07 (917 votes).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from viewer.core.live_count import FINAL, CallState, Night, read_all, read_live
from viewer.core.results import load_results
from viewer.resources import data_dir

COUNTS = data_dir() / "live_2020_counts.csv"
CALLS_2020 = data_dir() / "calls_2020.csv"
CALLS_2024 = data_dir() / "calls_2024.csv"


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.fixture(scope="module")
def night() -> Night:
    merged, _ = read_all([COUNTS, CALLS_2020])
    return merged


def lead(night: Night, unit: str, when: str) -> tuple[str | None, int | None]:
    state = night.unit_as_of(unit, at(when))
    assert state.lead is not None
    return state.lead.leader, state.lead.lead_votes


def test_pennsylvania_turns_from_trump_to_biden_on_6_november(night: Night):
    assert lead(night, "PA", "2020-11-04T13:28:22.084") == ("REP", 618_840)
    assert lead(night, "PA", "2020-11-05T12:00")[0] == "REP"
    assert lead(night, "PA", "2020-11-06T12:48:04.678") == ("REP", 18_049)
    assert lead(night, "PA", "2020-11-06T13:52:37.632") == ("DEM", 5_587)
    # From then on, Biden leads at every update.
    after = [(t, who) for t, who, _ in night.lead_series("PA") if t >= at("2020-11-06T13:52")]
    assert after and all(who == "DEM" for _, who in after)
    before = [who for t, who, _ in night.lead_series("PA") if t < at("2020-11-06T13:52")]
    assert set(before) == {"REP"}


def test_georgia_turns_to_biden(night: Night):
    assert lead(night, "GA", "2020-11-06T08:40:28")[0] == "REP"
    assert lead(night, "GA", "2020-11-06T09:50:07.414") == ("DEM", 917)


def test_the_expected_vote_is_the_final_one_and_says_so(night: Night):
    pa = night.unit_as_of("PA", at("2020-11-06T14:00")).lead
    assert pa is not None and pa.expected_counted_basis == FINAL
    assert pa.remaining == 6_925_255 - 6_670_421
    assert pa.expected_counted == pytest.approx(100 * 6_670_421 / 6_925_255)
    # Precincts are as published then, kept apart from the expected vote.
    count = night.count_as_of("PA", at("2020-11-06T14:00"))
    assert count is not None and count.precincts is not None
    assert (count.precincts.reporting, count.precincts.total) == (8_450, 9_128)


def test_calls_apply_at_their_sourced_times(night: Night):
    assert night.call_as_of("PA", at("2020-11-07T16:24")).state is CallState.NOT_CALLED
    pa = night.call_as_of("PA", at("2020-11-07T16:25"))
    assert (pa.state, pa.party, pa.callers) == (CallState.CALLED, "DEM", ("AP",))
    assert night.call_as_of("US", at("2020-11-07T16:25")).party == "DEM"
    assert night.call_as_of("GA", at("2020-11-20T00:59")).state is CallState.NOT_CALLED
    assert night.call_as_of("GA", at("2020-11-20T01:00")).party == "DEM"
    # A unit the call list does not cover has no call information, not "not called".
    assert night.call_as_of("TX", at("2020-12-01")).state is CallState.UNKNOWN


@pytest.mark.parametrize(("path", "expected"), [
    (CALLS_2020, {"FL": "2020-11-04T05:35", "AZ": "2020-11-04T07:50", "WI": "2020-11-04T19:16",
                  "MI": "2020-11-04T22:56", "PA": "2020-11-07T16:25", "US": "2020-11-07T16:25",
                  "NV": "2020-11-07T17:13", "NC": "2020-11-13T20:48", "GA": "2020-11-20T01:00"}),
    (CALLS_2024, {"NC": "2024-11-06T04:18", "GA": "2024-11-06T05:58", "PA": "2024-11-06T07:24",
                  "WI": "2024-11-06T10:34", "US": "2024-11-06T10:34", "MI": "2024-11-06T17:54",
                  "NV": "2024-11-09T05:15", "AZ": "2024-11-10T02:21"}),
])
def test_the_call_lists_give_the_call_time_per_unit(path: Path, expected: dict[str, str]):
    calls = read_live(path).night.all_calls()
    assert {c.unit: c.time for c in calls} == {u: at(t) for u, t in expected.items()}
    assert all(c.caller == "AP" and c.source_url.startswith("https://") for c in calls)


def test_the_end_of_the_count_reaches_the_certified_winners(night: Night):
    certified = load_results(data_dir() / "results_2020.csv", with_previous=False)
    end = night.as_of(night.last_time or at("2021-01-07"))
    states = night.units_with_counts()
    assert len(states) == 51
    for unit in states:
        assert end.units[unit].lead is not None
        assert end.units[unit].lead.leader == certified[unit].winner, unit
    for unit, party in end.called().items():
        assert party == certified[unit].winner, unit


def test_the_bundled_series_matches_the_reference(shared_dir: Path):
    reference = read_live(shared_dir / "reference" / "live" / "nyt_2020_count_updates.csv")
    bundled = read_live(COUNTS)
    ref = reference.night
    for when in ("2020-11-04T13:28:23", "2020-11-06T14:00", "2020-11-10T00:00",
                 "2021-01-07T00:00"):
        for unit in ref.units_with_counts():
            a, b = ref.count_as_of(unit, at(when)), bundled.night.count_as_of(unit, at(when))
            assert a is not None and b is not None
            assert a.same_figures(b), (unit, when)
    calls = read_live(shared_dir / "reference" / "live" / "calls_2020.csv").night
    assert [(c.unit, c.time, c.party) for c in calls.all_calls()] == [
        (c.unit, c.time, c.party) for c in read_live(CALLS_2020).night.all_calls()]
