"""Call detection on headlines in many outlets' styles: zero false calls on the non-calls."""

from __future__ import annotations

import pytest

from tests.core.call_headlines import CALLS, NON_CALLS, RETRACTIONS
from viewer.core.calls import read_call
from viewer.core.importers.common import candidate_names


@pytest.fixture(scope="module")
def names(results_2024):
    return candidate_names(results_2024)


def _shown(reading) -> str:
    return " ".join(f"{c.unit}={c.party}" for c in reading.calls)


def test_table_is_large_and_mostly_non_calls():
    total = len(CALLS) + len(NON_CALLS) + len(RETRACTIONS)
    non_calls = len(NON_CALLS) + len(RETRACTIONS) + sum(1 for _, want in CALLS if not want)
    assert total >= 150 and non_calls * 2 >= total


def test_no_false_call_on_any_non_call(names):
    false = {h: _shown(read_call(h, names, 2024)) for h in NON_CALLS}
    assert {h: got for h, got in false.items() if got} == {}


@pytest.mark.parametrize(("headline", "want"), CALLS)
def test_calls(names, headline, want):
    assert _shown(read_call(headline, names, 2024)) == want


@pytest.mark.parametrize(("headline", "unit"), RETRACTIONS)
def test_retractions_withdraw_and_never_call(names, headline, unit):
    reading = read_call(headline, names, 2024)
    assert reading.calls == () and unit in reading.retracts


@pytest.mark.parametrize(("headline", "reason"), [
    ("Analysis: why Harris lost Michigan", "commentary ('Analysis')"),
    ("Networks have not called Arizona for Trump yet", "a negation ('not')"),
    ("Harris expected to win Virginia", "future or conditional ('expected to')"),
    ("Trump won Michigan in 2016", "another election ('2016')"),
    ("Trump thanks Georgia voters", "no call wording"),
    ("Trump wins Georgia Senate race for ally", "a down-ballot race ('Senate')"),
    ("Harris wins Nebraska, Trump wins Nebraska", "conflicting calls for NE"),
])
def test_the_reason_a_named_unit_made_no_call_is_kept(names, headline, reason):
    reading = read_call(headline, names, 2024)
    assert reading.calls == () and reading.reason.startswith(reason)


def test_the_election_year_decides_what_is_another_election(names):
    assert _shown(read_call("Trump wins Georgia in 2024", names, 2024)) == "GA=REP"
    assert _shown(read_call("Trump wins Georgia in 2024", names, 2020)) == ""
    # "since" a year is history told about this election, not another one
    assert _shown(read_call("Trump wins Nevada, first Republican since 2004", names,
                            2024)) == "NV=REP"


def test_white_house_is_not_a_down_ballot_race_but_the_house_is(names):
    assert _shown(read_call("Trump wins Georgia on road to White House", names, 2024)) \
        == "GA=REP"
    assert _shown(read_call("Trump wins Georgia as party eyes the House", names, 2024)) == ""


def test_only_loaded_candidates_make_calls(names):
    assert read_call("Biden wins Georgia", names, 2024).calls == ()
    assert read_call("Trump wins Georgia", {}, 2024).calls == ()


def test_replay_follows_calls_retractions_and_recalls(results_2024):
    from datetime import UTC, datetime, timedelta

    from viewer.core.events import calls_as_of
    from viewer.core.importers.common import make_event

    t0 = datetime(2024, 11, 6, 4, 0, tzinfo=UTC)
    headlines = ["Fox News projects Trump wins Arizona", "Fox News retracts its Arizona call",
                 "Trump is projected to win Arizona", "Harris wins Arizona"]
    events = [make_event(prefix="t", key=h, time=t0 + timedelta(hours=i), title=h, body="",
                         results=results_2024, source="test")
              for i, h in enumerate(headlines)]
    seen = [calls_as_of(events, e.time, results_2024)["AZ"] for e in events]
    assert seen == ["REP", None, "REP", "DEM"]  # a later call replaces an earlier one
