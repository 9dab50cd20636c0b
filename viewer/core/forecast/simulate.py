"""Simulated elections: draw the errors, add them to the expected margins, count.

Everything is vectorised over draws × units (10,000 × 56 by default) and reproducible:
the same inputs, error model, number of draws and seed give the same numbers on every run
(numpy's PCG64 generator, seeded through SeedSequence with one stream per error
component, so e.g. the national errors do not depend on how many regions there are).

The error draws do not depend on the inputs, so a Forecaster re-forecasts an edited margin
or a painted rating without drawing again (``with_inputs``), and a probability typed for a
unit becomes the margin that gives exactly it on these draws (``margin_for_probability``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from viewer.core.forecast.correlation import StateCorrelation, unit_factor
from viewer.core.forecast.inputs import ForecastInputs
from viewer.core.forecast.model import MATRIX_STRUCTURE, ErrorModel
from viewer.core.forecast.regions import REGION_NAMES, region_index
from viewer.core.forecast.tdist import draw_t
from viewer.core.results import TO_WIN, TOTAL_ELECTORAL_VOTES
from viewer.core.units import UNIT_CODES

if TYPE_CHECKING:
    from viewer.core.forecast.conditioning import Conditional

FloatArray = npt.NDArray[np.float64]
Float32Array = npt.NDArray[np.float32]
BoolArray = npt.NDArray[np.bool_]

DEFAULT_DRAWS = 10_000
MIN_DRAWS = 10_000  # fewer would put sampling noise of over half a point in the odds
MAX_DRAWS = 1_000_000
_REGION_OF_UNIT = np.array(region_index(), dtype=np.intp)
N_UNITS = len(UNIT_CODES)


@dataclass(frozen=True, eq=False)
class ErrorDraws:
    """One set of simulated errors, in points of margin (independent of the inputs)."""

    national: FloatArray  # (draws,)
    shared: Float32Array  # (draws, units): national + regional (or correlated) part
    unit: Float32Array  # (draws, units): the unit errors at sd 1, times each spread later

    @property
    def draws(self) -> int:
        return int(self.national.shape[0])


def draw_errors(model: ErrorModel, draws: int, seed: int, *, stream: int = 0,
                correlation: StateCorrelation | None = None) -> ErrorDraws:
    """Draw ``draws`` simulated sets of errors. ``stream`` picks an independent sequence
    for the same seed (conditioning's extra batches use 1, 2, …). The per-unit arrays are
    single precision: a margin needs no more than 7 digits, and half the memory traffic
    is most of the speed."""
    if type(seed) is not int or seed < 0:
        raise ValueError(f"the seed must be a whole number of 0 or more, got {seed!r}")
    seq = np.random.SeedSequence(entropy=seed, spawn_key=(stream,))
    g_national, g_regional, g_unit = (np.random.default_rng(s) for s in seq.spawn(3))
    national = draw_t(g_national, model.national_df, model.national_sd, (draws,)
                      ).astype(np.float64)
    if model.structure == MATRIX_STRUCTURE:
        if correlation is None:
            raise ValueError("the matrix structure needs a state correlation matrix")
        shared = _correlated(g_regional, model, draws, correlation)
    else:
        regional = draw_t(g_regional, model.regional_df, model.regional_sd,
                          (draws, len(REGION_NAMES)), np.float32)
        shared = regional[:, _REGION_OF_UNIT]
    shared += national.astype(np.float32)[:, None]
    if model.unit_scale > 0:
        unit = draw_t(g_unit, model.unit_df, 1.0, (draws, N_UNITS), np.float32)
    else:
        unit = np.zeros((draws, N_UNITS), dtype=np.float32)
    return ErrorDraws(national, shared.astype(np.float32, copy=False),
                      unit.astype(np.float32, copy=False))


def _correlated(rng: np.random.Generator, model: ErrorModel, draws: int,
                correlation: StateCorrelation) -> Float32Array:
    """State errors with the matrix's correlations, as a multivariate Student-t: correlated
    normals divided by one chi-square scale per draw, so each unit's error is a t with
    regional_df degrees of freedom and regional_sd standard deviation (districts share
    their state's)."""
    if model.regional_sd == 0:
        return np.zeros((draws, N_UNITS), dtype=np.float32)
    f = unit_factor(correlation).astype(np.float32)  # units × states
    z: Float32Array = rng.standard_normal((draws, f.shape[1]), dtype=np.float32) @ f.T
    df = model.regional_df
    scale = model.regional_sd * math.sqrt((df - 2) / df)
    z *= (scale / np.sqrt(rng.chisquare(df, draws) / df)).astype(np.float32)[:, None]
    return z


@dataclass(frozen=True, eq=False)
class Forecast:
    """What the simulated elections say. Probabilities are fractions (0–1); the first
    party of ``parties`` is the one margins favour when positive."""

    parties: tuple[str, str]
    draws: int  # simulated elections drawn in all
    seed: int
    method: str  # "simulation", or how conditioning on picks kept or weighted the draws
    kept: int  # draws consistent with the picks (all of them without picks)
    effective_draws: float  # Kish's effective sample size of the (weighted) kept draws
    win_probability: Mapping[str, float]
    tie_probability: float  # 269–269
    ev_distribution: Mapping[str, FloatArray]  # party -> P(exactly k electoral votes)
    expected_ev: Mapping[str, float]
    unit_probability: Mapping[str, float]  # unit -> P(the first party wins it)
    tipping_point: Mapping[str, float]  # unit -> P(it is the tipping point), largest first
    expected_popular_margin: float  # points, first minus second
    popular_vote_probability: Mapping[str, float]
    split_probability: float  # the Electoral College and popular-vote winners differ
    picks: Mapping[str, str] = field(default_factory=dict)
    pick_probability: float = 1.0  # how often the picks happen under the model
    unpolled: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    def unit_win_probability(self, unit: str, party: str) -> float:
        p = self.unit_probability[unit]
        return p if party == self.parties[0] else 1.0 - p if party == self.parties[1] else 0.0

    def ev_percentile(self, party: str, q: float) -> int:
        """The smallest electoral-vote count k with P(EV <= k) >= q."""
        cdf = np.cumsum(self.ev_distribution[party])
        return min(int(np.searchsorted(cdf, q - 1e-12)), TOTAL_ELECTORAL_VOTES)

    @property
    def standard_error(self) -> float:
        """The largest standard error of a probability shown (at 50 %), as a fraction."""
        return 0.5 / math.sqrt(max(self.effective_draws, 1.0))


class Forecaster:
    """The simulated elections for one set of inputs, error model, number of draws and
    seed. ``forecast()`` summarises them; ``condition(picks)`` keeps those agreeing with
    picked outcomes (conditioning.py)."""

    def __init__(self, inputs: ForecastInputs, model: ErrorModel | None = None, *,
                 draws: int = DEFAULT_DRAWS, seed: int = 0,
                 correlation: StateCorrelation | None = None,
                 errors: ErrorDraws | None = None) -> None:
        self.inputs = inputs
        self.model = model or ErrorModel()
        if type(draws) is not int or not MIN_DRAWS <= draws <= MAX_DRAWS:
            raise ValueError(f"draws must be a whole number from {MIN_DRAWS:,} to "
                             f"{MAX_DRAWS:,}, got {draws!r}")
        self.draws = draws
        self.seed = seed
        if self.model.structure == MATRIX_STRUCTURE and correlation is None:
            from viewer.core.forecast.bundled import default_correlation

            correlation = default_correlation()
        self.correlation = correlation
        self.errors = errors if errors is not None else draw_errors(
            self.model, draws, seed, correlation=correlation)
        self.means = inputs.margins().astype(np.float32)
        self.spreads = (inputs.spreads() * self.model.unit_scale).astype(np.float32)
        self.ev = inputs.ev_array()
        self.turnout = inputs.turnout_array().astype(np.float32)

    def with_inputs(self, inputs: ForecastInputs) -> Forecaster:
        """The same simulated errors on other inputs (an edit redraws nothing)."""
        return Forecaster(inputs, self.model, draws=self.draws, seed=self.seed,
                          correlation=self.correlation, errors=self.errors)

    def margins_for(self, errors: ErrorDraws) -> Float32Array:
        out: Float32Array = errors.unit * self.spreads
        out += errors.shared
        out += self.means
        return out

    @cached_property
    def margins(self) -> Float32Array:
        """(draws, units) simulated margins, points, first party minus second."""
        return self.margins_for(self.errors)

    @cached_property
    def each_draw(self) -> PerDraw:
        """What each of ``margins``' draws comes to (a pick keeps some of them)."""
        return per_draw(self, self.margins)

    def forecast(self) -> Forecast:
        return summarise(self, self.each_draw, None, method="simulation", draws=self.draws,
                         kept=self.draws)

    def condition(self, picks: Mapping[str, str]) -> Conditional:
        from viewer.core.forecast.conditioning import condition

        return condition(self, picks)

    def margin_for_probability(self, unit: str, probability: float) -> float:
        """The expected margin that makes the first party win ``unit`` with this probability
        on these draws (for a probability typed in the unit table)."""
        if not 0.0 < probability < 1.0:
            raise ValueError(f"a probability between 0 and 1 (exclusive), got {probability}")
        i = UNIT_CODES.index(unit)
        error = self.errors.unit[:, i] * self.spreads[i] + self.errors.shared[:, i]
        # P(m + e > 0) = p  <=>  m = -(the (1 - p) quantile of e)
        return float(-np.quantile(error, 1.0 - probability))


@dataclass(frozen=True, eq=False)
class PerDraw:
    """What each simulated election comes to, draw by draw: the summaries are sums and
    counts over draws, so those of any subset of the draws (a rejection-conditioned
    forecast) are these arrays taken at its rows, with nothing worked out again."""

    first: BoolArray  # (draws, units): the first party wins the unit
    ev_a: npt.NDArray[np.intp]  # each party's electoral votes
    ev_b: npt.NDArray[np.intp]
    popular: FloatArray  # the national popular-vote margin, points
    tipping: npt.NDArray[np.intp]  # the tipping point's unit index; -1 without a winner

    def rows(self, keep: BoolArray) -> PerDraw:
        return PerDraw(self.first[keep], self.ev_a[keep], self.ev_b[keep],
                       self.popular[keep], self.tipping[keep])


def per_draw(forecaster: Forecaster, margins: Float32Array) -> PerDraw:
    first: BoolArray = margins > 0
    second: BoolArray = margins < 0  # a margin of exactly 0 gives the unit to nobody
    ev32 = forecaster.ev.astype(np.float32)
    # einsum, not @: a matrix-vector product this small is slower through a threaded BLAS
    # that has to wake its threads (up to 8 ms on a busy machine, against 0.2)
    ev_a = _dot(first.astype(np.float32), ev32).round().astype(np.intp)
    ev_b = _dot(second.astype(np.float32), ev32).round().astype(np.intp)
    popular = _dot(margins, forecaster.turnout).astype(np.float64)
    tipping = _tipping_units(margins, forecaster.ev, ev_a >= TO_WIN, ev_b >= TO_WIN)
    return PerDraw(first, ev_a, ev_b, popular, tipping)


def summarise(forecaster: Forecaster, margins: Float32Array | PerDraw,
              weights: FloatArray | None, *, method: str, draws: int, kept: int,
              picks: Mapping[str, str] | None = None,
              pick_probability: float = 1.0) -> Forecast:
    """The Forecast of simulated margins (draws, units), or of what they come to
    (``PerDraw``), each draw weighted by ``weights`` (None: equally)."""
    each = margins if isinstance(margins, PerDraw) else per_draw(forecaster, margins)
    n = int(each.ev_a.shape[0])
    inputs = forecaster.inputs
    a, b = inputs.parties
    if weights is None:
        p = np.full(n, 1.0 / n)
        effective = float(n)
    else:
        total = float(weights.sum())
        p = weights / total
        effective = total * total / float(np.dot(weights, weights))

    def share(mask: BoolArray) -> float:
        # counting, not summing n equal weights: exact fractions, no rounding drift
        if weights is None:
            return int(np.count_nonzero(mask)) / n
        return float(p[mask].sum())

    ev_a, ev_b, popular, first = each.ev_a, each.ev_b, each.popular, each.first
    a_wins, b_wins = ev_a >= TO_WIN, ev_b >= TO_WIN
    tie = (ev_a == TOTAL_ELECTORAL_VOTES // 2) & (ev_b == TOTAL_ELECTORAL_VOTES // 2)
    split = (a_wins & (popular < 0)) | (b_wins & (popular > 0))
    counts = (first.sum(axis=0) / n if weights is None  # exact fractions when unweighted
              else np.clip(np.einsum("i,ij->j", p, first.astype(np.float64)), 0.0, 1.0))
    decided = each.tipping >= 0
    tipping = np.bincount(each.tipping[decided],
                          weights=None if weights is None else weights[decided],
                          minlength=N_UNITS).astype(np.float64)
    tipping = tipping / (n if weights is None else float(weights.sum()))
    order = np.argsort(-tipping, kind="stable")
    return Forecast(
        parties=(a, b), draws=draws, seed=forecaster.seed, method=method, kept=kept,
        effective_draws=effective,
        win_probability={a: share(a_wins), b: share(b_wins)},
        tie_probability=share(tie),
        ev_distribution={a: _histogram(ev_a, weights, p), b: _histogram(ev_b, weights, p)},
        expected_ev={a: _mean(ev_a, weights, p), b: _mean(ev_b, weights, p)},
        unit_probability=dict(zip(UNIT_CODES, counts.tolist(), strict=True)),
        tipping_point={UNIT_CODES[i]: float(tipping[i]) for i in order if tipping[i] > 0},
        expected_popular_margin=float(p @ popular),
        popular_vote_probability={a: share(popular > 0), b: share(popular < 0)},
        split_probability=share(split),
        picks=dict(picks or {}), pick_probability=pick_probability,
        unpolled=inputs.unpolled, notes=inputs.notes)


def _mean(values: npt.NDArray[np.intp], weights: FloatArray | None, p: FloatArray) -> float:
    """The (weighted) mean; exact for whole numbers without weights."""
    return int(values.sum()) / len(values) if weights is None else float(p @ values)


def _histogram(ev: npt.NDArray[np.intp], weights: FloatArray | None, p: FloatArray,
               ) -> FloatArray:
    """P(exactly k electoral votes), k = 0..538 (counted, then divided, when unweighted)."""
    size = TOTAL_ELECTORAL_VOTES + 1
    if weights is None:
        out: FloatArray = np.bincount(ev, minlength=size)[:size] / len(ev)
    else:
        out = np.bincount(ev, weights=p, minlength=size)[:size].astype(np.float64)
    return out


def _dot(m: npt.NDArray[np.float32], v: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    out: npt.NDArray[np.float32] = np.einsum("ij,j->i", m, v)
    return out


_CLOSEST_STEPS = 12  # then a full sort for the draws still open (landslides)


def _tipping_units(margins: Float32Array, ev: FloatArray, a_wins: BoolArray,
                   b_wins: BoolArray) -> npt.NDArray[np.intp]:
    """Each draw's tipping point (a unit index; -1 in a draw without a winner): the
    winner's units taken from its safest down, the unit whose votes reach 270.

    Walking from the safest down, the running total passes 270 at the unit where, walking
    from the *closest* up, the running total first exceeds the winner's surplus (its
    votes minus 270). The surplus is usually a few units' worth, so the closest units are
    taken one at a time (an argmin per step over the draws still open), and only the
    draws still open after a dozen steps are sorted in full: a third of the time of
    sorting every draw, with the same answer.
    """
    out = np.full(len(margins), -1, dtype=np.intp)
    decided = np.flatnonzero(a_wins | b_wins)
    if decided.size == 0:
        return out
    toward = margins[decided]  # toward the winner: its units positive
    toward *= np.where(a_wins[decided], np.float32(1), np.float32(-1))[:, None]
    key = np.where(toward > 0, toward, np.float32(np.inf))  # the loser's units never count
    ev32 = ev.astype(np.float32)
    remaining = _dot((toward > 0).astype(np.float32), ev32) - np.float32(TO_WIN)
    rows = np.arange(decided.size)
    unit = np.empty(decided.size, dtype=np.intp)
    for _ in range(_CLOSEST_STEPS):
        closest = key[rows].argmin(axis=1)
        votes = ev32[closest]
        done = votes > remaining[rows]
        unit[rows[done]] = closest[done]
        rows, closest, votes = rows[~done], closest[~done], votes[~done]
        if rows.size == 0:
            break
        remaining[rows] -= votes
        key[rows, closest] = np.inf
    if rows.size:
        order = np.argsort(key[rows], axis=1)
        over = np.cumsum(ev32[order], axis=1) > remaining[rows, None]
        unit[rows] = order[np.arange(rows.size), over.argmax(axis=1)]
    out[decided] = unit
    return out
