"""The outcomes of the next what-if click, worked out ahead (the window lays out their
texts while it waits): each is what the click really gives, and none is missing."""

from __future__ import annotations

import pytest

from viewer.core.history import Bundle
from viewer.core.next_clicks import after_each_click
from viewer.core.scenario import Scenario, SetLocks, SetUnits
from viewer.resources import data_dir


def clicked(scenario: Scenario, unit: str) -> tuple[dict[str, int], int, int]:
    after = scenario.copy()
    after.apply(SetUnits(((unit, scenario.cycle_value(unit)),)))
    t = after.tally()
    return dict(t.totals), t.undecided, len(after.overrides)


def predicted(scenario: Scenario) -> set[tuple[tuple[tuple[str, int], ...], int, int]]:
    return {(tuple(a.tally.totals.items()), a.tally.undecided, a.changed)
            for a in after_each_click(scenario)}


def as_key(got: tuple[dict[str, int], int, int]) -> tuple[tuple[tuple[str, int], ...], int, int]:
    totals, undecided, changed = got
    return tuple(totals.items()), undecided, changed


@pytest.mark.parametrize("year", [2024, 1968, 1912, 1836])
def test_every_click_gives_an_outcome_worked_out_ahead(year: int) -> None:
    scenario = Scenario(Bundle(data_dir()).load(year))
    units = sorted(scenario.base.units)
    # the official map, then after some flips, an undecided unit and a lock
    scenario.apply(SetUnits(((units[0], scenario.cycle_value(units[0])),)))
    second = scenario.cycle_value(units[3])
    scenario.apply(SetUnits(((units[3], second),)))
    scenario.apply(SetUnits(((units[3], scenario.cycle_value(units[3])),)))
    scenario.apply(SetLocks(((units[5], True),)))
    ahead = predicted(scenario)
    real = {as_key(clicked(scenario, u)) for u in units if not scenario.is_locked(u)}
    assert ahead == real
    # a locked unit ignores clicks: its outcome is not among them unless another's is
    assert len(ahead) < len(units)


def test_the_count_of_changed_units_goes_back_down_when_a_click_restores_a_unit() -> None:
    scenario = Scenario(Bundle(data_dir()).load(2024))
    scenario.apply(SetUnits((("PA", "DEM"),)))
    scenario.apply(SetUnits((("PA", None),)))  # next click on PA: back to its winner
    counts = {a.changed for a in after_each_click(scenario)}
    assert counts == {0, 2}


def test_no_outcomes_before_1804_when_what_if_edits_are_not_offered() -> None:
    assert after_each_click(Scenario(Bundle(data_dir()).load(1800))) == []


def test_the_swing_steps_ahead_give_the_swing_s_totals() -> None:
    from viewer.core.next_clicks import after_swing_steps
    from viewer.core.swing import uniform_swing

    results = Bundle(data_dir()).load(2024)
    scenario = Scenario(results)
    steps = after_swing_steps(scenario, 1.4)
    assert sorted(s.points for s in steps) == [0.4, 1.3, 1.5, 2.4]
    for step in steps:
        swung = uniform_swing(results, step.points)
        assert dict(step.tally.totals) == dict(swung.tally.totals)
        assert step.changed == len(swung.flipped)  # the title's "with N changed"
    # 2.4 points toward Harris flips the blue wall and more: the totals move
    far = next(s for s in steps if s.points == 2.4)
    assert far.tally.totals["DEM"] > results.tally().totals["DEM"]
