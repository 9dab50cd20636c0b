"""The outcome sentence of the What-if panel names the majority of the year shown (148 in
1836, not 270) and says who decides when nobody has one."""

from __future__ import annotations

from viewer.core.history import Bundle
from viewer.core.outcome import ordinal, outcome_sentence
from viewer.core.tally import Tally
from viewer.resources import data_dir


def name(code: str) -> str:
    return {"A": "Ann", "B": "Bob", "C": "Cy"}[code]


def test_a_majority_of_the_year_shown_not_270() -> None:
    results = Bundle(data_dir()).load(1836)
    assert results.to_win == 148
    undecided = results.tally({u: w for u, w in results.winners.items() if u != "NY"})
    sentence = outcome_sentence(undecided, lambda p: results.candidate(p).name)
    assert sentence == "No majority yet: 148 needed; 42 undecided."
    assert outcome_sentence(undecided, name, replay=True).endswith("42 not called yet.")


def test_every_vote_decided_and_no_majority_goes_to_the_house() -> None:
    t = Tally({"A": 140, "B": 120, "C": 34}, 0, to_win=148)
    assert outcome_sentence(t, name) == (
        "No majority (148 needed): the House of Representatives chooses the president, one "
        "vote per state delegation.")


def test_ties_and_winners() -> None:
    assert outcome_sentence(Tally({"A": 269, "B": 269}, 0), name).startswith("269–269: a tie.")
    # 1800: each elector cast two votes; Jefferson and Burr tied with a majority each
    two = Tally({"A": 73, "B": 73, "C": 65}, 0, to_win=70, votes_per_elector=2)
    assert outcome_sentence(two, name).startswith("A tie at 73: two candidates")
    assert outcome_sentence(Tally({"A": 300, "B": 238}, 0), name) == "Ann wins with 300."


def test_ordinals() -> None:
    assert [ordinal(n) for n in (35, 148, 152, 271, 111, 112, 113, 123, 270)] == [
        "35th", "148th", "152nd", "271st", "111th", "112th", "113th", "123rd", "270th"]
