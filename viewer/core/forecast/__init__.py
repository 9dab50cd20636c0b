"""Forecast mode's Qt-free core: expected margins with uncertainty, simulated elections,
their odds, and conditioning on picked outcomes (docs/forecast.md).

    inputs = bundled_inputs(2024)                       # or inputs_from_results / _polls
    fc = Forecaster(inputs, ErrorModel(), draws=10_000, seed=1)
    f = fc.forecast()                                   # f.win_probability["DEM"], …
    c = fc.condition({"PA": "DEM"})                     # c.forecast, c.method, c.message
"""

from viewer.core.forecast.bundled import bundled_inputs, default_correlation, previous_results
from viewer.core.forecast.conditioning import (
    FLOOR_EFFECTIVE_DRAWS,
    MIN_EFFECTIVE_DRAWS,
    Conditional,
    condition,
)
from viewer.core.forecast.correlation import (
    StateCorrelation,
    load_state_correlation,
    nearest_correlation,
)
from viewer.core.forecast.inputs import (
    RATING_LEVELS,
    RATING_TABLE,
    ForecastInputs,
    PollAverages,
    UnitInput,
    apply_ratings,
    edit_units,
    inputs_from_polls,
    inputs_from_results,
    load_poll_averages,
)
from viewer.core.forecast.model import ZERO_ERROR, ErrorModel
from viewer.core.forecast.regions import REGIONS, region_of
from viewer.core.forecast.simulate import DEFAULT_DRAWS, Forecast, Forecaster

__all__ = [
    "DEFAULT_DRAWS", "FLOOR_EFFECTIVE_DRAWS", "MIN_EFFECTIVE_DRAWS", "RATING_LEVELS",
    "RATING_TABLE", "REGIONS", "ZERO_ERROR", "Conditional", "ErrorModel", "Forecast",
    "ForecastInputs", "Forecaster", "PollAverages", "StateCorrelation", "UnitInput",
    "apply_ratings", "bundled_inputs", "condition", "default_correlation", "edit_units",
    "inputs_from_polls", "inputs_from_results", "load_poll_averages",
    "load_state_correlation", "nearest_correlation", "previous_results", "region_of",
]
