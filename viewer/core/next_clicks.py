"""What the next what-if click or swing step can show: the totals and the count of changed
units after a click on each unit, or after the swing slider's next steps.

The window lays out the few strings these give (totals, title) while it waits for the
user, so that the click itself draws only strings already laid out. Nothing here is
shown: it is a forecast of the next frame's texts, computed exactly as the click will.
"""

from __future__ import annotations

from dataclasses import dataclass

from viewer.core.scenario import OFFICIAL, Scenario, SetUnits
from viewer.core.swing import swing_changes
from viewer.core.tally import Tally

# The swing slider's steps: a tenth of a point (arrow keys), a point (page keys).
SWING_STEPS = (0.1, 1.0)


@dataclass(frozen=True)
class AfterClick:
    tally: Tally
    changed: int  # units the scenario changes after the click (the title counts them)


def after_each_click(scenario: Scenario) -> list[AfterClick]:
    """One entry per different outcome of clicking one unit (locked units ignore clicks;
    none before 1804, when what-if edits are not offered)."""
    base = scenario.base
    if not base.editable:
        return []
    winners = scenario.winners()
    changed = len(scenario.overrides)
    seen: dict[tuple[object, ...], AfterClick] = {}
    for unit in base.units:
        if scenario.is_locked(unit):
            continue
        value = scenario.cycle_value(unit)
        official = value is OFFICIAL
        new = base.units[unit].winner if official else value
        count = changed + (0 if unit in scenario.overrides else 1) - (1 if official else 0)
        # Units that give the same votes from the same winner to the same one give the
        # same totals: counted once (a unit whose electors split is its own case).
        key = (base.electoral_votes[unit], unit if unit in base.as_cast else None,
               winners[unit], new, count)
        if key in seen:
            continue
        after = dict(winners)
        after[unit] = new if isinstance(new, str) else None
        seen[key] = AfterClick(base.tally(after), count)
    return list(seen.values())


@dataclass(frozen=True)
class AfterSwing:
    points: float
    tally: Tally
    changed: int


def after_swing_steps(scenario: Scenario, points: float,
                      steps: tuple[float, ...] = SWING_STEPS) -> list[AfterSwing]:
    """What the swing slider's next step each way gives, from a swing of ``points``
    (the same edit the window makes for a swing; none before 1804)."""
    base = scenario.base
    if not base.editable:
        return []
    out = []
    for step in steps:
        for sign in (1, -1):
            to = round(points + sign * step, 1)
            after = scenario.copy()
            after.apply(SetUnits(swing_changes(base, to, after.locked)))
            out.append(AfterSwing(to, after.tally(), len(after.overrides)))
    return out
