"""The history views' figures (issue #16) against the bundled reference files: same-since
runs, the shift against any year, a state's story and the national story. Values checked
by hand from data/history/*.csv and data/results_*.csv are written out here."""

from __future__ import annotations

from functools import cache

import pytest

from viewer.core.history import Bundle
from viewer.core.history_views import (
    lean_axis,
    national_story,
    popular_loser_years,
    same_since,
    shift_between,
    state_story,
)
from viewer.core.results import ElectionResults
from viewer.resources import data_dir


@cache
def elections() -> tuple[ElectionResults, ...]:
    bundle = Bundle(data_dir())
    return tuple(bundle.load(y) for y in bundle.years())


def year(y: int) -> ElectionResults:
    return Bundle(data_dir()).load(y)


# -- same since ----------------------------------------------------------------------------

def test_vermont_voted_republican_in_every_election_from_1856_to_1960() -> None:
    run = same_since(year(1960), elections())["VT"]
    assert run is not None
    assert (run.party, run.count, run.since) == ("REP", 27, 1856)
    assert (run.broken_in, run.broken_by) == (1852, "WHIG")
    story = state_story("VT", elections())
    assert {y.winner for y in story.years if 1856 <= y.year <= 1960} == {"REP"}
    assert story.year(1964) is not None and story.year(1964).winner == "DEM"  # type: ignore[union-attr]


@pytest.mark.parametrize(("unit", "shown", "party", "count", "since", "broken_in"), [
    ("OH", 2024, "REP", 3, 2016, 2012),  # Obama won Ohio in 2012 (2012.csv: OH,…,DEM)
    ("VT", 2024, "DEM", 9, 1992, 1988),
    ("ME-2", 2024, "REP", 3, 2016, 2012),  # 2012.csv: ME-2 DEM
    ("NE-2", 2024, "DEM", 2, 2020, 2016),  # 2016.csv: NE-2 REP
    ("TX", 1960, "DEM", 1, 1960, 1956),  # Eisenhower won Texas in 1956
])
def test_same_since_counts_checked_by_hand(unit: str, shown: int, party: str, count: int,
                                           since: int, broken_in: int) -> None:
    run = same_since(year(shown), elections())[unit]
    assert run is not None
    assert (run.party, run.count, run.since, run.broken_in) == (party, count, since, broken_in)


def test_runs_start_at_the_units_first_election() -> None:
    runs = same_since(year(2024), elections())
    dc = runs["DC"]
    assert dc is not None and (dc.count, dc.since, dc.first_year, dc.broken_in) == (
        16, 1964, 1964, None)  # DC has voted Democratic in all 16 of its elections
    me1 = runs["ME-1"]
    assert me1 is not None and me1.since >= 1972  # districts' own history: from 1972


def test_a_year_the_state_did_not_vote_is_skipped_not_a_break() -> None:
    # Virginia: Bell (CU) in 1860, no electors in 1864 or 1868, Grant (REP) in 1872.
    run = same_since(year(1872), elections())["VA"]
    assert run is not None
    assert (run.count, run.broken_in, run.broken_by, run.skipped) == (1, 1860, "CU",
                                                                       (1868, 1864))
    # and Georgia 1868 (Democratic): 1864 skipped, the run goes back to 1856, Buchanan's
    # Democratic win there (1860 was Breckinridge, SD: a break)
    ga = same_since(year(1868), elections())["GA"]
    assert ga is not None and ga.skipped == (1864,) and ga.broken_in == 1860


def test_a_unit_that_did_not_vote_has_no_run() -> None:
    assert same_since(year(1864), elections())["SC"] is None


def test_a_what_if_winner_starts_a_new_run() -> None:
    r = year(2024)
    runs = same_since(r, elections(), {**r.winners, "OH": "DEM"})
    run = runs["OH"]
    assert run is not None and (run.party, run.count, run.broken_in) == ("DEM", 1, 2020)


# -- shift against any year ------------------------------------------------------------------

def test_shift_against_the_previous_year_is_the_swing() -> None:
    r = year(2024)
    shift = shift_between(r, year(2020))
    for unit in r.units:
        expected = r.swing(unit)
        got = shift.values[unit]
        assert (got is None) == (expected is None)
        assert got is None or got == pytest.approx(expected)


def test_shift_against_any_year_matches_by_party_code() -> None:
    shift = shift_between(year(2024), year(2000))
    # Ohio: 2024 margin −11.21 (2,533,699 − 3,180,116 of 5,767,788); 2000.csv: Gore
    # 2,183,628, Bush 2,350,363 of 4,701,998 → −3.55. The shift: 7.66 points toward Trump.
    then = 100 * (2_183_628 - 2_350_363) / 4_701_998
    now = 100 * (2_533_699 - 3_180_116) / 5_767_788
    assert shift.values["OH"] == pytest.approx(now - then)
    assert shift.values["OH"] == pytest.approx(-7.66, abs=0.01)
    assert shift.values["ME-2"] is not None
    assert shift.problem == ""


def test_shift_is_none_where_the_other_year_lacks_a_party_or_a_unit() -> None:
    shift = shift_between(year(1860), year(1852))  # no Republican in 1852
    assert set(shift.values.values()) == {None}
    assert "1852 had no Republican" in shift.problem
    later = shift_between(year(2024), year(1960))
    assert later.values["AK"] is not None  # Alaska voted in 1960
    assert shift_between(year(2024), year(1956)).values["AK"] is None  # not yet a state


# -- a state's story -------------------------------------------------------------------------

def test_ohio_story_against_the_reference() -> None:
    story = state_story("OH", elections())
    y2024 = story.year(2024)
    assert y2024 is not None
    # results_2024.csv: Ohio Harris 2,533,699, Trump 3,180,116, total 5,767,788; the nation
    # Harris 75,017,613, Trump 77,302,580 of 155,238,302.
    ohio = 100 * (2_533_699 - 3_180_116) / 5_767_788
    nation = 100 * (75_017_613 - 77_302_580) / 155_238_302
    assert y2024.lean == pytest.approx(ohio - nation)
    assert y2024.lean == pytest.approx(-9.74, abs=0.01)
    assert (y2024.winner, y2024.electoral_votes, y2024.with_winner) == ("REP", 17, True)
    # the bellwether: with the winner in every election from 1964 to 2016, not in 1960 or 2020
    assert all(y.with_winner for y in story.years if 1964 <= y.year <= 2016)
    assert story.year(1960).with_winner is False  # type: ignore[union-attr]
    assert story.year(2020).with_winner is False  # type: ignore[union-attr]
    assert story.years[0].year == 1804  # statehood 1803
    assert story.summary().startswith(f"Voted for the national winner in {story.with_winner} "
                                      f"of {len(story.voted)} elections (1804–2024)")


def test_story_counts_the_winner_who_became_president() -> None:
    # 1824: Jackson carried Tennessee; the House chose Adams.
    tn = state_story("TN", elections()).year(1824)
    assert tn is not None and tn.winner == "DR" and tn.with_winner is False
    ma = state_story("MA", elections()).year(1824)
    assert ma is not None and ma.winner == "ADAMS" and ma.with_winner is True


def test_lean_axis_and_years_without_a_lean() -> None:
    assert lean_axis(year(1840)) == ("DEM", "WHIG")  # no Republican yet: Democrat–Whig
    assert lean_axis(year(1912)) == ("DEM", "REP")  # Taft ran, though third
    assert lean_axis(year(1872)) is None  # Greeley ran as a Liberal Republican
    sc = state_story("SC", elections())
    y1856 = sc.year(1856)  # the legislature chose South Carolina's electors until 1860
    assert y1856 is not None and y1856.lean is None and y1856.lean_note == "no popular vote"
    y1864 = sc.year(1864)
    assert y1864 is not None and not y1864.took_part and y1864.with_winner is None
    assert 1864 not in [y.year for y in sc.voted]


def test_story_electoral_votes_include_the_districts() -> None:
    me = state_story("ME", elections())
    assert me.year(2024).electoral_votes == 4  # type: ignore[union-attr]
    assert me.year(1820).electoral_votes == 9  # type: ignore[union-attr]


def test_winners_in_order_as_runs() -> None:
    runs = state_story("VT", elections()).runs()
    assert ("REP", 1856, 1960, 27) in runs
    assert runs[-1] == ("DEM", 1992, 2024, 9)


# -- the national story ----------------------------------------------------------------------

def test_the_popular_vote_loser_won_in_1824_1876_1888_2000_and_2016() -> None:
    story = national_story(elections())
    assert popular_loser_years(story) == [1824, 1876, 1888, 2000, 2016]
    by_year = {n.year: n for n in story}
    assert by_year[1824].no_majority and by_year[1824].how_chosen == "House of Representatives"
    assert by_year[1824].ev_margin == 84 - 99  # Adams 84, Jackson 99
    assert not by_year[1876].no_majority and by_year[1876].how_chosen == "Electoral Commission"
    assert by_year[1800].no_majority and by_year[1800].ev_margin == 0  # Jefferson–Burr tie


def test_national_margins() -> None:
    by_year = {n.year: n for n in national_story(elections())}
    n2024 = by_year[2024]
    assert (n2024.winner, n2024.electoral_votes, n2024.runner_up_votes) == ("REP", 312, 226)
    assert n2024.ev_margin_share == pytest.approx(100 * 86 / 538)
    assert n2024.popular_margin == pytest.approx(100 * (77_302_580 - 75_017_613) / 155_238_302)
    assert by_year[2016].popular_margin is not None and by_year[2016].popular_margin < 0
    assert by_year[1820].popular_margin is None  # no popular vote before 1824
    assert len(by_year) == len(elections())
