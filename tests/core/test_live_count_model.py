"""The live-count model: leads, what the trailer needs, exact meanings, merging, calls."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from viewer.core.live_count import (
    FINAL,
    PUBLISHED,
    CallEvent,
    CallKind,
    CallState,
    CountSnapshot,
    Merged,
    Night,
    Precincts,
    lead_of,
)
from viewer.core.live_count.model import STANDING
from viewer.core.live_count.summary import needed_text, summarise, to_go_text

T0 = datetime(2024, 11, 6, 5, 0, tzinfo=UTC)


def snap(unit: str = "PA", minutes: int = 0, dem: int = 0, rep: int = 0, total: int | None = None,
         **kw: object) -> CountSnapshot:
    return CountSnapshot(unit, T0 + timedelta(minutes=minutes), {"DEM": dem, "REP": rep},
                         dem + rep if total is None else total, **kw)  # type: ignore[arg-type]


def test_needed_share_on_a_hand_computed_example():
    # DEM 520,000, REP 500,000, 10,000 others: lead 20,000 of 1,030,000 counted. Expected
    # 1,230,000 in all (published), so 200,000 remain. REP must win those by 20,000 votes:
    # 10 points of the remaining vote, or 55% of it if it all went to the two.
    lead = lead_of(snap(dem=520_000, rep=500_000, total=1_030_000,
                        expected_total=1_230_000, expected_basis=PUBLISHED))
    assert (lead.leader, lead.runner_up, lead.lead_votes) == ("DEM", "REP", 20_000)
    assert lead.lead_points == pytest.approx(100 * 20_000 / 1_030_000)
    assert lead.remaining == 200_000 and lead.remaining_basis == PUBLISHED
    assert lead.needed_margin_points == pytest.approx(10.0)
    assert lead.needed_two_way_share == pytest.approx(55.0)
    assert lead.can_catch_up is True
    assert lead.expected_counted == pytest.approx(100 * 1_030_000 / 1_230_000)


def test_a_lead_larger_than_the_remaining_vote_cannot_be_caught():
    lead = lead_of(snap(dem=600, rep=400, expected_total=1_100, expected_basis=PUBLISHED))
    assert lead.remaining == 100 and lead.needed_margin_points == pytest.approx(200.0)
    assert lead.can_catch_up is False
    assert "cannot draw level" in needed_text(lead, Night())


def test_eevp_and_precincts_are_never_turned_into_votes_or_each_other():
    with_eevp = lead_of(snap(dem=600, rep=400, eevp=50.0, precincts=Precincts(10, 100)))
    assert with_eevp.expected_counted == 50.0 and with_eevp.expected_counted_basis == "eevp"
    assert with_eevp.remaining is None and with_eevp.needed_margin_points is None
    assert "percentage" in with_eevp.remaining_why
    assert "unknown" in needed_text(with_eevp, Night())
    only_precincts = lead_of(snap(dem=600, rep=400, precincts=Precincts(90, 100)))
    # 90% of precincts is not 90% of the vote: nothing is said about the vote.
    assert only_precincts.expected_counted is None
    assert "precincts" in only_precincts.expected_counted_why
    assert only_precincts.remaining is None and only_precincts.can_catch_up is None


def test_a_final_expectation_keeps_its_hindsight_basis():
    lead = lead_of(snap(dem=600, rep=400, expected_total=2_000, expected_basis=FINAL))
    assert lead.expected_counted_basis == FINAL and lead.remaining_basis == FINAL
    assert "known only afterwards" in needed_text(lead, Night())


def test_a_count_over_the_expected_total_leaves_the_remaining_vote_unknown():
    lead = lead_of(snap(dem=600, rep=500, expected_total=1_000, expected_basis=PUBLISHED))
    assert lead.remaining is None and "exceeds" in lead.remaining_why
    assert lead.needed_margin_points is None
    assert lead.expected_counted == pytest.approx(110.0)


@pytest.mark.parametrize(("dem", "rep", "total", "why"), [
    (0, 0, 0, "no votes"),
    (500, 500, 1000, "tied"),
    (400, 300, 1100, "could hold the lead"),  # 400 others could be one candidate
])
def test_no_leader_is_named_when_the_count_does_not_say(dem, rep, total, why):
    lead = lead_of(snap(dem=dem, rep=rep, total=total))
    assert lead.leader is None and why in lead.leader_why
    assert lead.needed_margin_points is None


def test_an_older_snapshot_merged_after_a_newer_one_changes_nothing():
    night = Night()
    newer, older = snap(minutes=60, dem=700, rep=600), snap(minutes=0, dem=100, rep=900)
    assert night.merge_count(newer) is Merged.APPLIED
    before = night.as_of(T0 + timedelta(hours=5))
    assert night.merge_count(older) is Merged.STALE
    assert night.history("PA") == (newer,)
    assert night.as_of(T0 + timedelta(hours=5)) == before
    # Nor does it appear in the past: before the newer snapshot there is still no count.
    assert night.count_as_of("PA", T0 + timedelta(minutes=30)) is None


def test_same_time_duplicates_and_conflicts():
    night = Night()
    a = snap(dem=700, rep=600)
    assert night.merge_count(a) is Merged.APPLIED
    assert night.merge_count(snap(dem=700, rep=600)) is Merged.DUPLICATE
    report = night.merge_all([snap(dem=1, rep=2)])
    assert report.conflicts and night.warnings and night.history("PA") == (a,)


def test_merge_all_orders_by_time_whatever_the_order_given():
    night = Night()
    night.merge_all([snap(minutes=30, dem=3, rep=1), snap(minutes=0, dem=1, rep=2)])
    assert [s.votes["DEM"] for s in night.history("PA")] == [1, 3]
    assert night.unit_as_of("PA", T0 + timedelta(minutes=10)).lead.leader == "REP"
    assert night.unit_as_of("PA", T0 + timedelta(minutes=40)).lead.leader == "DEM"
    assert night.unit_as_of("PA", T0 - timedelta(minutes=1)).count is None


def call(unit: str, minutes: int, party: str | None = None, caller: str = "AP",
         kind: CallKind = CallKind.CALL, timing: str = "made") -> CallEvent:
    return CallEvent(unit, T0 + timedelta(minutes=minutes), kind, caller, party, timing=timing)


def test_calls_retractions_and_disagreement_as_of_a_time():
    night = Night()
    night.merge_all(calls=[call("AZ", 10, "DEM", "Fox"), call("AZ", 50, "DEM", "AP"),
                           call("NC", 0, "REP"), call("NC", 30, kind=CallKind.RETRACTION),
                           call("GA", 0, "DEM", "X"), call("GA", 5, "REP", "Y")])
    at = T0 + timedelta(minutes=20)
    assert night.call_as_of("AZ", at).state is CallState.CALLED
    assert night.call_as_of("AZ", at).callers == ("Fox",)
    later = night.call_as_of("AZ", T0 + timedelta(hours=1))
    assert later.callers == ("Fox", "AP") and later.first_called == T0 + timedelta(minutes=10)
    assert night.call_as_of("AZ", T0).state is CallState.NOT_CALLED  # made later by both
    nc = night.call_as_of("NC", T0 + timedelta(minutes=40))
    assert nc.state is CallState.NOT_CALLED and nc.retraction is not None
    assert night.call_as_of("GA", at).state is CallState.DISPUTED
    assert night.call_as_of("WY", at).state is CallState.UNKNOWN


def test_a_standing_call_says_nothing_before_its_time():
    night = Night()
    night.merge_call(call("GA", 30, "REP", timing=STANDING))
    assert night.call_as_of("GA", T0).state is CallState.UNKNOWN
    assert night.call_as_of("GA", T0 + timedelta(minutes=30)).state is CallState.CALLED


def test_results_to_go_is_exact_only_when_every_unit_has_call_information():
    night = Night()
    night.merge_all(calls=[call("PA", 0, "DEM"), call("GA", 90, "DEM")])
    s = summarise(night, T0 + timedelta(minutes=10), {"PA": 19, "GA": 16})
    assert s.called_ev == {"DEM": 19}
    assert s.results_to_go is None and s.results_to_go_at_least == 1
    assert "at least 1 result to go" in to_go_text(s)
