"""Conditioning on picks ("if she wins Pennsylvania, what then?").

The honest way is to keep the simulated elections in which every picked unit went the
picked way and summarise only those: the other units' odds move through the shared
national and regional errors. When the picks are unlikely few draws remain, and odds from
a few dozen draws would be noise shown as fact. Below ``MIN_EFFECTIVE_DRAWS`` we therefore
fall back, in two steps, and always say which method was used and how many effective
draws stand behind the numbers:

1. **Importance sampling on the national error.** Adding δ points to every unit's margin
   is the same as drawing the national error from the model's t shifted by δ. Picks that
   need a national surprise (a Democratic Texas) become common, and weighting each draw
   by f(x + δ) / f(x) (the model's national density at the shifted error over the one
   at the drawn error) gives back exact expectations under the model. δ is the shift that
   maximises Kish's effective sample size (Σw)² / Σw² on the draws already made, from a
   grid of ±4 national standard deviations (δ = 0, plain rejection, when nothing helps,
   e.g. picks that need surprises in opposite directions).
2. **More draws.** Fresh batches of draws (the same seed, the next streams) with the same
   δ until the effective sample size reaches the threshold or MAX_TOTAL_DRAWS have been
   drawn.

Threshold: 1,000 effective draws keep the standard error of any probability shown under
1.6 points (0.5 / √1000, at 50 %) and of the expected electoral votes under about 2 EV;
the odds are shown as whole percents. Between FLOOR_EFFECTIVE_DRAWS (100: a standard
error of up to 5 points) and the threshold the numbers are given but marked unreliable,
with their standard error; below the floor no number is given, only how rare the picks
are, and a combination that no draw reaches is called practically impossible.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from weakref import WeakKeyDictionary

import numpy as np
import numpy.typing as npt

from viewer.core.errors import InputError
from viewer.core.forecast.simulate import (
    ErrorDraws,
    Forecast,
    Forecaster,
    draw_errors,
    summarise,
)
from viewer.core.units import UNIT_CODES

FloatArray = npt.NDArray[np.float64]
Margins = npt.NDArray[np.floating[Any]]

MIN_EFFECTIVE_DRAWS = 1_000
FLOOR_EFFECTIVE_DRAWS = 100
MAX_TOTAL_DRAWS = 200_000  # 20 batches of 10,000: a few tenths of a second at most
_SHIFT_GRID = np.linspace(-4.0, 4.0, 81)  # in national standard deviations


@dataclass(frozen=True, eq=False)
class Conditional:
    """The forecast given the picks, and how it was obtained."""

    picks: Mapping[str, str]
    method: str  # "rejection", "importance sampling", either "+ more draws", "none"
    draws: int  # simulated elections drawn in all
    kept: int  # of those, how many agree with every pick
    effective_draws: float  # after weighting (= kept without weights)
    pick_probability: float  # how often the picks happen under the model
    national_shift: float  # δ of the importance sampling (0: none)
    forecast: Forecast | None  # None below FLOOR_EFFECTIVE_DRAWS: no number is given
    message: str  # one or two sentences for the window and the command line

    @property
    def reliable(self) -> bool:
        return self.forecast is not None and self.effective_draws >= MIN_EFFECTIVE_DRAWS

    @property
    def impossible(self) -> bool:
        return self.kept == 0


def condition(fc: Forecaster, picks: Mapping[str, str], *,
              min_effective: int = MIN_EFFECTIVE_DRAWS,
              max_draws: int = MAX_TOTAL_DRAWS) -> Conditional:
    """The forecast over the draws in which each picked unit (unit -> party) went that
    way, with the fallbacks of the module docstring when too few remain."""
    a, b = fc.inputs.parties
    idx, sign = [], []
    for unit, party in picks.items():
        if unit not in UNIT_CODES:
            raise InputError("picks", "a unit code", got=unit)
        if party not in (a, b):
            raise InputError("picks", f"{a} or {b}", field=unit, got=str(party))
        idx.append(UNIT_CODES.index(unit))
        sign.append(1.0 if party == a else -1.0)
    picks = dict(picks)
    n = fc.draws
    if not picks:
        return Conditional(picks, "simulation", n, n, float(n), 1.0, 0.0, fc.forecast(),
                           f"{n:,} simulated elections, no picks.")
    cols = np.array(idx, dtype=np.intp)
    signs = np.array(sign)
    margins = fc.margins
    ok = _consistent(margins[:, cols], signs, 0.0)
    kept = int(np.count_nonzero(ok))
    if kept >= min_effective:
        forecast = summarise(fc, fc.each_draw.rows(ok), None, method="rejection", draws=n,
                             kept=kept, picks=picks, pick_probability=kept / n)
        return Conditional(picks, "rejection", n, kept, float(kept), kept / n, 0.0, forecast,
                           f"{kept:,} of {n:,} simulated elections agree with the picks "
                           f"({_percent(kept / n)}).")
    delta = _best_shift(fc, margins[:, cols], signs)
    batches: list[tuple[Margins, FloatArray | None]] = []
    sum_w = sum_w2 = 0.0
    total, kept_all, stream = 0, 0, 0
    national = fc.errors.national
    batch_margins = margins
    while True:
        shifted = batch_margins + np.float32(delta) if delta else batch_margins
        ok = _consistent(shifted[:, cols], signs, 0.0)
        total += n
        if np.any(ok):
            w = _weights(fc, national[ok], delta) if delta else None
            batches.append((shifted[ok], w))
            kept_all += int(np.count_nonzero(ok))
            sum_w += float(w.sum()) if w is not None else float(np.count_nonzero(ok))
            sum_w2 += float(w @ w) if w is not None else float(np.count_nonzero(ok))
        ess = sum_w * sum_w / sum_w2 if sum_w2 else 0.0
        if ess >= min_effective or total + n > max_draws:
            break
        stream += 1
        errors = draw_errors(fc.model, n, fc.seed, stream=stream, correlation=fc.correlation)
        national = errors.national
        batch_margins = fc.margins_for(errors)
    method = ("importance sampling" if delta else "rejection") + (
        " + more draws" if total > n else "")
    probability = sum_w / total
    toward = a if delta > 0 else b
    how = (f"the national error shifted {abs(delta):.1f} points toward {toward} and the "
           "draws weighted back" if delta else "")
    if kept_all == 0:
        return Conditional(picks, "none", total, 0, 0.0, 0.0, delta, None,
                           f"None of {total:,} simulated elections agrees with these picks"
                           f"{' even with ' + how if how else ''}: under the model this "
                           f"combination is practically impossible (under 1 in {total:,}).")
    if ess < FLOOR_EFFECTIVE_DRAWS:
        return Conditional(picks, method, total, kept_all, ess, probability, delta, None,
                           f"Only {ess:,.0f} effective draws agree with these picks after "
                           f"{total:,} simulated elections (they happen about "
                           f"{_odds(probability)}): too few for a reliable number, so none "
                           "is given.")
    all_margins = np.concatenate([m for m, _ in batches])
    weights = (np.concatenate([w for _, w in batches if w is not None])
               if delta else None)
    forecast = summarise(fc, all_margins, weights, method=method, draws=total, kept=kept_all,
                         picks=picks, pick_probability=probability)
    text = (f"Only {kept:,} of {n:,} simulated elections agree with the picks "
            f"(they happen about {_odds(probability)}); ")
    steps = [s for s in (how, f"{total - n:,} more drawn" if total > n else "") if s]
    text += f"{' and '.join(steps)}: {ess:,.0f} effective draws"
    if ess < min_effective:
        text += (f", fewer than {min_effective:,}: treat the odds as ± "
                 f"{100 * forecast.standard_error:.0f} points")
    return Conditional(picks, method, total, kept_all, ess, probability, delta, forecast,
                       text + ".")


def _consistent(picked: Margins, signs: FloatArray, shift: float) -> npt.NDArray[np.bool_]:
    """Draws in which every picked unit's margin has the picked sign."""
    out: npt.NDArray[np.bool_] = np.all((picked + shift) * signs > 0, axis=1)
    return out


def _log_density(fc: Forecaster, x: FloatArray) -> FloatArray:
    """log of the national error's density, up to a constant."""
    df = fc.model.national_df
    scale = fc.model.national_sd * math.sqrt((df - 2) / df)
    out: FloatArray = -0.5 * (df + 1) * np.log1p((x / scale) ** 2 / df)
    return out


def _weights(fc: Forecaster, national: FloatArray, delta: float) -> FloatArray:
    """f(x + δ) / f(x): the model's density of the shifted national error over the
    proposal's (the model's, moved by δ) at the same point."""
    out: FloatArray = np.exp(_log_density(fc, national + delta) - _log_density(fc, national))
    return out


# f(x + δ) / f(x) at each draw's national error x for each δ of the grid depends on the
# draws and the national error's model only, not on the picks: worked out at the first
# pick that needs it and kept while those draws are (6.5 MB for 10,000 draws; not kept
# beyond CACHED_RATIO_DRAWS draws).
CACHED_RATIO_DRAWS = 20_000
_RATIOS: WeakKeyDictionary[ErrorDraws, dict[tuple[float, float], FloatArray]] = \
    WeakKeyDictionary()


def _shift_ratios(fc: Forecaster) -> FloatArray:
    key = (fc.model.national_df, fc.model.national_sd)
    found = _RATIOS.get(fc.errors, {}).get(key)
    if found is None:
        x = fc.errors.national[:, None]
        grid = _SHIFT_GRID * fc.model.national_sd
        found = np.exp(_log_density(fc, x + grid) - _log_density(fc, x))
        found.setflags(write=False)
        if fc.errors.draws <= CACHED_RATIO_DRAWS:
            _RATIOS.setdefault(fc.errors, {})[key] = found
    return found


def _best_shift(fc: Forecaster, picked: Margins, signs: FloatArray) -> float:
    """The national shift (points) that maximises the effective sample size of the draws
    agreeing with the picks; 0 when no shift does better than none."""
    sd = fc.model.national_sd
    if sd == 0:
        return 0.0
    # A draw agrees after a shift δ when every picked margin + δ has the picked sign:
    # low < δ < high, with low from the first party's picks and high from the second's.
    need = -picked
    firsts, seconds = signs > 0, signs < 0
    low = need[:, firsts].max(axis=1) if firsts.any() else np.full(len(picked), -np.inf)
    high = need[:, seconds].min(axis=1) if seconds.any() else np.full(len(picked), np.inf)
    grid = _SHIFT_GRID * sd
    ok = (low[:, None] < grid) & (grid < high[:, None])
    w = _shift_ratios(fc) * ok
    s1, s2 = w.sum(axis=0), (w * w).sum(axis=0)
    ess = np.divide(s1 * s1, s2, out=np.zeros_like(s1), where=s2 > 0)
    plain = float(np.count_nonzero((low < 0) & (high > 0)))
    best = int(np.argmax(ess))
    return float(grid[best]) if ess[best] > 1.2 * plain else 0.0


def _percent(p: float) -> str:
    return f"{100 * p:.0f}%" if p >= 0.01 else f"{100 * p:.2g}%"


def _odds(p: float) -> str:
    if p <= 0:
        return "never"
    return f"1 in {1 / p:,.0f}" if p < 0.1 else f"{_percent(p)} of the time"
