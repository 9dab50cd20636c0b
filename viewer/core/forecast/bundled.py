"""The forecast inputs bundled in data/ (tools/build_forecast_data.py writes them)."""

from __future__ import annotations

from pathlib import Path

from viewer.core.errors import InputError
from viewer.core.forecast.correlation import StateCorrelation, repaired_correlation
from viewer.core.forecast.inputs import ForecastInputs, inputs_from_polls, load_poll_averages
from viewer.core.results import ElectionResults, load_results
from viewer.resources import data_dir

POLL_YEARS: tuple[int, ...] = (2020, 2024)


def polls_path(year: int) -> Path:
    return data_dir() / f"forecast_polls_{year}.csv"


def correlation_path() -> Path:
    return data_dir() / "forecast_state_correlation.csv"


def default_correlation() -> StateCorrelation:
    """The published state correlation matrix, repaired (computed once per process)."""
    return repaired_correlation(str(correlation_path()))[0]


def previous_results(year: int) -> ElectionResults:
    """The election before ``year`` among the bundled files: results_YYYY.csv, or the
    forecast's own forecast_results_YYYY.csv (2016, which the app does not show)."""
    for name in (f"results_{year - 4}.csv", f"forecast_results_{year - 4}.csv"):
        path = data_dir() / name
        if path.is_file():
            return load_results(path, with_previous=False)
    raise InputError(f"{year}", f"a bundled results file for {year - 4}",
                     got="none in " + str(data_dir()))


def bundled_inputs(year: int) -> ForecastInputs:
    """The final poll averages of ``year`` over the previous election, with ``year``'s
    apportionment (from its results file: known before the election, unlike its votes)."""
    if year not in POLL_YEARS:
        raise InputError("year", f"one of {', '.join(map(str, POLL_YEARS))} (bundled poll "
                         "averages)", got=str(year))
    apportionment = load_results(data_dir() / f"results_{year}.csv",
                                 with_previous=False).electoral_votes
    return inputs_from_polls(load_poll_averages(polls_path(year)), previous_results(year),
                             electoral_votes=apportionment, year=year)
