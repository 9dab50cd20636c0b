"""The backtest: the default model on a year's final poll averages against the certified
results (issue #17; the figures are in docs/forecast.md).

Scores are over units (56: the states, DC and the five districts), each unit one event
"the first party wins it":

- **Brier score**: the mean of (p − outcome)², outcome 1 or 0. 0 is perfect, 0.25 is
  saying 50 % everywhere.
- **log loss**: the mean of −ln(p given to what happened), with p kept within
  [``LOG_LOSS_FLOOR``, 1 − ``LOG_LOSS_FLOOR``]: 10,000 draws cannot tell 1 in 10,000 from
  never, and a single unit the model called certain and lost would otherwise make it
  infinite. ln 2 ≈ 0.69 is saying 50 % everywhere.
- **calibration**: the units grouped by the favourite's probability (the bins of the
  probability map, ``PROBABILITY_BINS``), and how often the favourite won in each.

A unit is *called wrong* when the side the model gave more than 50 % lost it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from viewer.core.forecast.bundled import POLL_YEARS, bundled_inputs
from viewer.core.forecast.inputs import ForecastInputs
from viewer.core.forecast.model import ErrorModel
from viewer.core.forecast.simulate import DEFAULT_DRAWS, Forecast, Forecaster
from viewer.core.results import ElectionResults, load_results
from viewer.core.units import UNIT_CODES
from viewer.resources import data_dir

LOG_LOSS_FLOOR = 1e-4  # 1 in 10,000: the resolution of the default number of draws
# The calibration table's bins of the favourite's probability: from ``low`` up to (not
# including) ``high``; 90–99 % includes 0.99 itself, and the last bin holds only
# probabilities over 0.99 (the probability map's bins, with 50–55 % and 55–60 % merged).
PROBABILITY_BINS: tuple[tuple[float, float, str], ...] = (
    (0.50, 0.60, "50–60 %"),
    (0.60, 0.75, "60–75 %"),
    (0.75, 0.90, "75–90 %"),
    (0.90, 0.99, "90–99 %"),
    (0.99, 1.00, "over 99 %"),
)
DEFAULTS_CHOSEN_ON = 2020  # docs/forecast.md, model.py: 2024 is out-of-sample


@dataclass(frozen=True)
class CalibrationBin:
    label: str
    low: float
    high: float
    units: tuple[str, ...]
    mean_probability: float | None  # the favourite's mean probability (None: no units)
    favourite_won: int  # of the units, how many the favourite won

    @property
    def hit_rate(self) -> float | None:
        return self.favourite_won / len(self.units) if self.units else None


@dataclass(frozen=True)
class Backtest:
    year: int
    forecast: Forecast
    inputs: ForecastInputs
    results: ElectionResults
    actual_ev: Mapping[str, int]  # party -> electoral votes won (as cast)
    actual_winner: str | None
    actual_popular_margin: float | None  # points, first party minus second
    outcomes: Mapping[str, int]  # unit -> 1 when the first party won it, 0 when not
    called_wrong: tuple[str, ...]  # units whose favourite lost, in UNIT_CODES order
    brier: float
    log_loss: float
    calibration: tuple[CalibrationBin, ...]

    @property
    def in_sample(self) -> bool:
        return self.year == DEFAULTS_CHOSEN_ON


def favourite_bin(q: float) -> int:
    """The index in PROBABILITY_BINS of the favourite's probability ``q`` (0.5–1)."""
    if q > 0.99:
        return len(PROBABILITY_BINS) - 1
    for i, (low, high, _) in enumerate(PROBABILITY_BINS[:-1]):
        if low <= q < high or (i == len(PROBABILITY_BINS) - 2 and q == high):
            return i
    return 0


def brier_score(probability: Mapping[str, float], outcomes: Mapping[str, int]) -> float:
    return sum((probability[u] - o) ** 2 for u, o in outcomes.items()) / len(outcomes)


def log_loss(probability: Mapping[str, float], outcomes: Mapping[str, int],
             floor: float = LOG_LOSS_FLOOR) -> float:
    total = 0.0
    for u, o in outcomes.items():
        p = min(max(probability[u], floor), 1.0 - floor)
        total -= math.log(p if o else 1.0 - p)
    return total / len(outcomes)


def calibration(probability: Mapping[str, float], outcomes: Mapping[str, int],
                ) -> tuple[CalibrationBin, ...]:
    groups: list[list[tuple[str, float, bool]]] = [[] for _ in PROBABILITY_BINS]
    for u, o in outcomes.items():
        p = probability[u]
        q = max(p, 1.0 - p)
        favourite_first = p >= 0.5  # an exact 50 % counts for the first party
        groups[favourite_bin(q)].append((u, q, favourite_first == bool(o)))
    out = []
    for (low, high, label), g in zip(PROBABILITY_BINS, groups, strict=True):
        mean = sum(q for _, q, _ in g) / len(g) if g else None
        out.append(CalibrationBin(label, low, high, tuple(u for u, _, _ in g), mean,
                                  sum(1 for *_, won in g if won)))
    return tuple(out)


def certified_results(year: int) -> ElectionResults:
    return load_results(data_dir() / f"results_{year}.csv", with_previous=False)


def backtest(year: int, *, draws: int = DEFAULT_DRAWS, seed: int = 2020,
             model: ErrorModel | None = None) -> Backtest:
    """The default model (or ``model``) on ``year``'s bundled final averages, scored
    against the bundled certified results."""
    inputs = bundled_inputs(year)  # refuses a year without bundled averages
    results = certified_results(year)
    f = Forecaster(inputs, model or ErrorModel(), draws=draws, seed=seed).forecast()
    return score(year, f, inputs, results)


def score(year: int, f: Forecast, inputs: ForecastInputs,
          results: ElectionResults) -> Backtest:
    first, second = f.parties
    outcomes: dict[str, int] = {}
    for u in UNIT_CODES:
        winner = results.units[u].winner if u in results.units else None
        if winner in (first, second):
            outcomes[u] = 1 if winner == first else 0
    wrong = tuple(u for u in outcomes
                  if (f.unit_probability[u] > 0.5) != bool(outcomes[u])
                  and f.unit_probability[u] != 0.5)
    tally = results.tally()
    return Backtest(
        year=year, forecast=f, inputs=inputs, results=results,
        actual_ev={p: int(tally.totals.get(p, 0)) for p in f.parties},
        actual_winner=tally.winner, actual_popular_margin=results.national_margin(),
        outcomes=outcomes, called_wrong=wrong,
        brier=brier_score(f.unit_probability, outcomes),
        log_loss=log_loss(f.unit_probability, outcomes),
        calibration=calibration(f.unit_probability, outcomes))


__all__ = ["DEFAULTS_CHOSEN_ON", "LOG_LOSS_FLOOR", "POLL_YEARS", "PROBABILITY_BINS",
           "Backtest", "CalibrationBin", "backtest", "brier_score", "calibration",
           "certified_results", "favourite_bin", "log_loss", "score"]
