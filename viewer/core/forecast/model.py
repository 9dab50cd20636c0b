"""The error model: how far the expected margins may be off, and how the errors move
together.

Every simulated election adds three errors, in points of margin, to each unit's expected
margin (first party minus second):

- a **national** error, shared by every unit (the polls miss everyone the same way);
- a **regional** error, one per region of ``regions.REGIONS`` (or, with the published
  state correlation matrix, one correlated error per state, districts with their state);
- a **unit** error, independent across units, whose size is the unit's own ``spread``
  (from the inputs: polled, shifted, rated or edited units differ) times ``unit_scale``.

Each is a Student-t with its own degrees of freedom, its size given as a standard
deviation. The defaults were chosen on 2020 (the final FiveThirtyEight averages against
the certified results; 2024 is out-of-sample, docs/forecast.md):

- national sd 3.0, 5 df: in 2020 the national average missed the popular-vote margin by
  4.0 points (and the state averages their results by 5.2 on average); with a 3-point sd
  a miss of 4 or more either way happens about 1 time in 7 — not rare, as it should not
  be with one year to learn from. 5 df: heavy tails for the rare big miss, yet a finite
  kurtosis.
- regional sd 1.5, 5 df: in 2020 the eight regions' mean misses (after the national one)
  had a spread of 1.7 points; about 1.2 of that is the regions' own, the rest is the unit
  errors averaging out over 5–10 states, rounded up to 1.5.
- unit sd 3.0 for a polled unit, 7 df: after the national and regional parts, the 2020
  misses of the 21 units polled within 10 points had a spread of 3.2–3.7 points.
- unit sd 4.0 for a unit without polls (previous result shifted by the national change):
  the 2016 → 2020 margins differed from a uniform national shift by 2.8 points (sd), and
  such a unit has no current information at all, so a third more than a polled one.

Over all three a polled unit's margin has a standard deviation of about 4.5 points.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from viewer.core.forecast.tdist import MAX_DF, MIN_DF

REGIONS_STRUCTURE = "regions"
MATRIX_STRUCTURE = "matrix"

DEFAULT_UNIT_SD = 3.0
DEFAULT_UNPOLLED_SD = 4.0


@dataclass(frozen=True)
class ErrorModel:
    national_sd: float = 3.0
    national_df: int = 5
    regional_sd: float = 1.5
    regional_df: int = 5
    unit_df: int = 7
    unit_scale: float = 1.0  # multiplies every unit's own spread (0: no unit error)
    # "regions": one error per region; "matrix": the repaired published state correlation
    # matrix gives the regional part its structure (same size, regional_sd and _df).
    structure: str = REGIONS_STRUCTURE

    def __post_init__(self) -> None:
        for name in ("national_sd", "regional_sd", "unit_scale"):
            value = getattr(self, name)
            if not (isinstance(value, int | float) and math.isfinite(value) and value >= 0):
                raise ValueError(f"{name} must be a number of 0 or more, got {value!r}")
        for name in ("national_df", "regional_df", "unit_df"):
            value = getattr(self, name)
            if isinstance(value, bool) or value != int(value) or not MIN_DF <= value <= MAX_DF:
                raise ValueError(f"{name} must be a whole number from {MIN_DF} to {MAX_DF}, "
                                 f"got {value!r}")
        if self.structure not in (REGIONS_STRUCTURE, MATRIX_STRUCTURE):
            raise ValueError(f"structure must be {REGIONS_STRUCTURE!r} or "
                             f"{MATRIX_STRUCTURE!r}, got {self.structure!r}")

    @property
    def is_zero(self) -> bool:
        return self.national_sd == 0 and self.regional_sd == 0 and self.unit_scale == 0

    def scaled(self, factor: float) -> ErrorModel:
        """Every error multiplied by ``factor`` (a slider for the overall uncertainty)."""
        return replace(self, national_sd=self.national_sd * factor,
                       regional_sd=self.regional_sd * factor,
                       unit_scale=self.unit_scale * factor)


ZERO_ERROR = ErrorModel(national_sd=0.0, regional_sd=0.0, unit_scale=0.0)
"""No uncertainty: the forecast is the deterministic result of the expected margins."""
