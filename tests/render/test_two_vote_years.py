"""1789–1800, when each elector cast two votes: the bar's majority line and the split
hatching must say what happened, not what a one-vote year would mean."""

from __future__ import annotations

import pytest

from viewer.core.history import Bundle
from viewer.core.scenario import Scenario
from viewer.render.export import build_figure
from viewer.render.style import MapStyle
from viewer.resources import data_dir

BUNDLE = Bundle(data_dir())
COLOUR_BLIND = MapStyle("margin", "geo", "light", "colorblind")


def _figure(shapes, year: int):  # type: ignore[no-untyped-def]
    _fig, mf = build_figure(shapes, Scenario(BUNDLE.load(year)), (600, 380), style=COLOUR_BLIND)
    return mf


@pytest.mark.parametrize("year", [1789, 1796])
def test_the_winners_bar_reaches_the_majority_line(shapes, year):
    """1789: Washington's 69 votes are a majority of 37 of 73 electors; the line stands
    at 37 from the left, so his bar crosses it (it ended short of a line at the middle of
    all 146 votes). 1796: Adams's 71 crosses 70, Jefferson's 68 does not reach his."""
    mf = _figure(shapes, year)
    results = mf.scenario.base
    totals = results.tally().totals
    first, second = results.parties[0], results.parties[1]
    xs = [x for x in mf.bar._mid_line.get_xdata() if x == x]  # the two lines, gaps left out
    left, right = min(xs), max(xs)
    assert left == results.to_win and right == mf.bar.span - results.to_win
    assert totals[first] >= left  # the winner's bar, from the left, reaches its line
    # the runner-up's bar, from the right, reaches its line only with a majority
    assert (mf.bar.span - totals[second] <= right) == (totals[second] >= results.to_win)
    assert "electors to win (each cast 2 votes)" in mf.bar.to_win_text.get_text()


def test_only_states_whose_electors_divided_are_hatched_as_split(shapes):
    """Second votes scattered among many names do not make a split state; electors who
    did not all vote for the state's winner do (1796 Maryland: Adams 7 of 11)."""
    hatched = _figure(shapes, 1789).map._hatch_key[1]
    assert hatched == ()  # every elector gave Washington one of his two votes
    hatched = set(_figure(shapes, 1796).map._hatch_key[1])
    assert {"MD", "PA", "NC", "VA"} <= hatched
    assert not hatched & {"MA", "CT", "NY", "GA"}  # unanimous for the state's winner


def test_one_vote_years_keep_the_line_in_the_middle(shapes, results_2024):
    _fig, mf = build_figure(shapes, Scenario(results_2024), (600, 380))
    assert list(mf.bar._mid_line.get_xdata()) == [269, 269]
    assert mf.bar.to_win_text.get_text() == "270 to win"
