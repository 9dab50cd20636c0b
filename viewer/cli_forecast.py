"""`electoral-map forecast`: win probabilities from poll averages (docs/forecast.md).

    electoral-map forecast [--polls FILE] [--year 2020|2024] [--draws N] [--seed S]
                           [--rate PA=Lean-DEM,GA=Toss-up] [--given PA=DEM,GA=REP] [--json]
    electoral-map forecast --scenario FILE | --code CODE [the options above]
    electoral-map forecast --backtest 2020|2024 [--draws N] [--seed S] [--json]

Prints the odds (each candidate's chance of 270 or more electoral votes, a 269–269 tie),
the expected electoral votes and their percentiles, the popular vote and the chance of an
Electoral College / popular vote split, the tipping points and each unit's probability;
with ``--given``, how the picks were conditioned on and on how many effective draws;
``--rate`` replaces units' margins by ratings (core/forecast/inputs.py's table). The
backtest scores the default model on a year's final averages against the certified
results. ``--scenario``/``--code`` make the forecast saved with a scenario (its input,
edits, ratings, error sizes, draws, seed and picks: the window's numbers); options given
beside them replace their part of it.

Registered by viewer.cli with ``add_parser(sub)``; ``run(args)`` returns the exit status:
0, 2 for bad input, 1 when the picks of ``--given`` leave no number to give (practically
impossible, or too rare for a reliable one: the message says which).
``add_render_options`` and ``render_forecast`` give `render --map probability` the same
options.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from viewer.core.errors import InputError
from viewer.core.forecast.state import DEFAULT_SEED

if TYPE_CHECKING:
    from viewer.core.forecast import Conditional, ErrorModel, Forecast, ForecastInputs
    from viewer.core.forecast.backtest import Backtest
    from viewer.core.forecast.state import ForecastState
    from viewer.core.results import ElectionResults

EXIT_USAGE = 2
EXIT_NO_NUMBER = 1
PERCENTILES = (5, 25, 50, 75, 95)
TOP_TIPPING = 10
PROBABILITY_MODE = "probability"


# -- arguments -----------------------------------------------------------------------

def _draws(text: str) -> int:
    from viewer.core.forecast.simulate import MAX_DRAWS, MIN_DRAWS

    try:
        value = int(text.replace("_", "").replace(",", ""))
    except ValueError:
        value = -1
    if not MIN_DRAWS <= value <= MAX_DRAWS:
        raise argparse.ArgumentTypeError(
            f"expected a whole number of draws from {MIN_DRAWS:,} to {MAX_DRAWS:,}, "
            f"got {text!r}")
    return value


def _seed(text: str) -> int:
    if not (text.isascii() and text.isdigit() and len(text) <= 19):
        raise argparse.ArgumentTypeError(f"expected a whole number of 0 or more, got {text!r}")
    return int(text)


def _year(text: str) -> int:
    if not (text.isascii() and text.isdigit() and len(text) == 4):
        raise argparse.ArgumentTypeError(f"expected a four-digit year, got {text!r}")
    return int(text)


def _given(text: str) -> dict[str, str]:
    """UNIT=PARTY pairs separated by commas; the party is checked against the forecast's
    candidates later (a party code such as DEM, or a surname)."""
    out: dict[str, str] = {}
    for unit, party in _unit_pairs(text, "UNIT=PARTY pairs separated by commas, such as "
                                         "PA=DEM,GA=REP"):
        if unit in out and out[unit].upper() != party.upper():
            raise argparse.ArgumentTypeError(
                f"{unit} is given twice ({out[unit]} and {party}): a unit is won by one "
                "candidate, so this combination is impossible")
        out[unit] = party
    return out


def _unit_pairs(text: str, expected: str) -> list[tuple[str, str]]:
    """UNIT=VALUE pairs separated by commas, each unit a known postal code (upper-cased);
    ``expected`` says what a pair looks like, for the refusal."""
    from viewer.core.units import UNITS

    pairs = []
    for part in text.split(","):
        unit, eq, value = (s.strip() for s in part.partition("="))
        if not eq or not unit or not value:
            raise argparse.ArgumentTypeError(f"expected {expected}, got {part.strip()!r}")
        unit = unit.upper()
        if unit not in UNITS:
            raise argparse.ArgumentTypeError(
                f"unknown unit {unit!r} in {text!r}: expected postal codes such as PA, DC "
                "or ME-2")
        pairs.append((unit, value))
    return pairs


def _rate(text: str) -> dict[str, str]:
    """UNIT=RATING pairs separated by commas; each rating (a level and a side, such as
    Lean-DEM or lean-harris, or Toss-up) is checked against the forecast's candidates
    later, naming the unit."""
    from viewer.core.forecast.inputs import RATING_LEVELS

    out: dict[str, str] = {}
    for unit, rating in _unit_pairs(text, "UNIT=RATING pairs separated by commas, such as "
                                          "PA=Lean-DEM,GA=Toss-up (levels: "
                                          f"{', '.join(RATING_LEVELS)})"):
        if unit in out and out[unit].casefold() != rating.casefold():
            raise argparse.ArgumentTypeError(
                f"{unit} is rated twice ({out[unit]} and {rating}): give one rating a unit")
        out[unit] = rating
    return out


def _forecast_options(p: argparse.ArgumentParser, *, render: bool) -> None:
    what = "the probability map's forecast" if render else "the forecast"
    p.add_argument("--polls", type=Path, metavar="FILE", default=None,
                   help=f"poll averages for {what} (unit,pct_DEM,pct_REP, or "
                        "FiveThirtyEight's year,unit,…,dem_pct,rep_pct,date; default: the "
                        "bundled final averages of the year)")
    p.add_argument("--draws", type=_draws, metavar="N", default=None,
                   help="simulated elections, 10,000 (default) to 1,000,000")
    p.add_argument("--seed", type=_seed, metavar="S", default=None,
                   help=f"random seed (default {DEFAULT_SEED}): the same seed gives the "
                        "same numbers")
    p.add_argument("--rate", type=_rate, metavar="UNIT=RATING,…", default=None,
                   help="rate units as on the window's map, replacing their margins: "
                        "PA=Lean-DEM,GA=Tilt-REP,NV=Toss-up; levels Safe, Likely, Lean, "
                        "Tilt (then a side: party code or surname) and Toss-up "
                        "(docs/forecast.md gives each one's margin and spread)")
    p.add_argument("--given", type=_given, metavar="UNIT=PARTY,…", default=None,
                   help="condition on these outcomes, e.g. PA=DEM,GA=REP (party code or "
                        "surname)")


def add_parser(sub: Any) -> argparse.ArgumentParser:
    """Add the `forecast` command to an argparse subparsers object."""
    p: argparse.ArgumentParser = sub.add_parser(
        "forecast", help="win probabilities from poll averages, and the backtest",
        description="Simulate elections from poll averages with national, regional and "
                    "unit errors (docs/forecast.md) and print the odds; --backtest scores "
                    "the default model against a year's certified results.")
    p.add_argument("--year", type=_year, default=None,
                   help="the election forecast: 2020 or 2024 (default: the poll file's "
                        "year, else 2024)")
    _forecast_options(p, render=False)
    p.add_argument("--scenario", type=Path, metavar="FILE", default=None,
                   help="the forecast saved in a scenario file (input, edits, error sizes, "
                        "draws, seed, picks); options beside it replace their part")
    p.add_argument("--code", metavar="CODE", default=None,
                   help="the forecast saved in a scenario code (EM3-…; a code without one "
                        "gives its year's default forecast)")
    p.add_argument("--backtest", type=_year, metavar="YEAR", default=None,
                   help="score the default model on YEAR's final averages (2020 or 2024) "
                        "against the certified results")
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    return p


def add_render_options(p: argparse.ArgumentParser) -> None:
    """`render`'s options for `--map probability` (its --year picks the forecast's year)."""
    _forecast_options(p, render=True)


# -- the forecast --------------------------------------------------------------------

def forecast_inputs(polls: Path | None, year: int | None) -> tuple[ForecastInputs, int]:
    """The inputs of the forecast and its year: ``polls`` over the bundled previous
    election, or the bundled final averages of ``year`` (default 2024)."""
    from viewer.core.forecast.bundled import (
        POLL_YEARS,
        bundled_inputs,
        previous_results,
    )
    from viewer.core.forecast.inputs import inputs_from_polls, load_poll_averages

    years = " or ".join(map(str, POLL_YEARS))
    expected = f"a year with bundled results to forecast from: {years}"
    if year is not None and year not in POLL_YEARS:
        raise InputError("--year", expected, got=str(year))
    if polls is None:
        y = year or POLL_YEARS[-1]
        return bundled_inputs(y), y
    averages = load_poll_averages(polls)
    if averages.year is not None and averages.year not in POLL_YEARS:
        raise InputError(str(polls), expected, line=_year_line(polls), field="year",
                         got=str(averages.year))
    if year is not None and averages.year is not None and averages.year != year:
        raise InputError(str(polls), f"poll averages for {year} (--year)", field="year",
                         got=str(averages.year))
    y = year or averages.year or POLL_YEARS[-1]
    from viewer.core.forecast.backtest import certified_results

    apportionment = certified_results(y).electoral_votes
    return inputs_from_polls(averages, previous_results(y), electoral_votes=apportionment,
                             year=y), y


def _year_line(path: Path) -> int | None:
    """The line that gave a poll file its year (the '# year:' line), if it is one."""
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    for i, line in enumerate(lines, 1):
        if line.lstrip("# ").lower().startswith("year:"):
            return i
    return None


def resolve_given(given: Mapping[str, str], results: ElectionResults,
                  parties: tuple[str, str]) -> dict[str, str]:
    """--given's parties as party codes: a code (any case) or a candidate's surname."""
    out = {}
    names = {p: results.candidate(p).surname for p in parties if p in results.parties}
    for unit, text in given.items():
        match = [p for p in parties if text.upper() == p.upper()
                 or text.casefold() == names.get(p, p).casefold()]
        if not match:
            choices = ", ".join(f"{p} ({names[p]})" if p in names else p for p in parties)
            raise InputError("--given", f"one of {choices}", field=unit, got=text)
        out[unit] = match[0]
    return out


def resolve_ratings(rate: Mapping[str, str], results: ElectionResults,
                    parties: tuple[str, str]) -> dict[str, tuple[str, str | None]]:
    """--rate's ratings as (level, party code); refuses, naming the unit, a level that is
    not in the table (listing them) or a side that is not a candidate."""
    from viewer.core.forecast.inputs import parse_rating

    names = {p: results.candidate(p).surname for p in parties if p in results.parties}
    return {unit: parse_rating(text, parties, names, source="--rate", field=unit)
            for unit, text in rate.items()}


def rated_text(ratings: Mapping[str, tuple[str, str | None]],
               results: ElectionResults) -> str:
    """"rated PA Lean Harris, NV Toss-up" for the source line."""
    return "rated " + ", ".join(
        f"{unit} {level}" + (f" {_name(results, party)}" if party else "")
        for unit, (level, party) in ratings.items())


def _year_results(year: int) -> ElectionResults:
    from viewer.core.forecast.backtest import certified_results

    return certified_results(year)


def run(args: argparse.Namespace) -> int:
    try:
        if args.backtest is not None:
            return _backtest(args)
        return _forecast(args)
    except InputError as exc:
        print(f"electoral-map: error: {exc}", file=sys.stderr)
        return EXIT_USAGE


def _forecast(args: argparse.Namespace) -> int:
    from viewer.core.forecast import DEFAULT_DRAWS, ErrorModel, Forecaster

    picks: dict[str, str] = {}
    if args.scenario is not None or args.code is not None:
        inputs, year, model, draws, seed, picks, source = saved_forecast(args)
        results = _year_results(year)
    else:
        inputs, year = forecast_inputs(args.polls, args.year)
        results = _year_results(year)
        model, draws = ErrorModel(), args.draws or DEFAULT_DRAWS
        seed = DEFAULT_SEED if args.seed is None else args.seed
        source = str(args.polls) if args.polls else f"bundled final averages ({year})"
        if args.rate:
            from viewer.core.forecast.inputs import apply_ratings

            ratings = resolve_ratings(args.rate, results, inputs.parties)
            inputs = apply_ratings(inputs, ratings)
            source += f", {rated_text(ratings, results)}"
    fc = Forecaster(inputs, model, draws=draws, seed=seed)
    if args.given:
        picks = resolve_given(args.given, results, inputs.parties)
    conditional = None
    if picks:
        conditional = fc.condition(picks)
        f = conditional.forecast
    else:
        f = fc.forecast()
    if args.json:
        print(json.dumps(forecast_json(f, inputs, results, year, source, fc.draws, seed,
                                       conditional, fc.model), indent=2, ensure_ascii=False))
    else:
        for line in forecast_lines(f, inputs, results, year, source, fc.draws, seed,
                                   conditional, fc.model):
            print(line.rstrip())
    return 0 if f is not None else EXIT_NO_NUMBER


def saved_forecast(args: argparse.Namespace) -> tuple[ForecastInputs, int, ErrorModel, int,
                                                      int, dict[str, str], str]:
    """The forecast a scenario file or code saved: its inputs, year, error model, draws,
    seed, picks and a line saying where the inputs come from. ``--polls``, ``--draws``,
    ``--seed``, ``--rate`` (and ``--given``, in the caller) replace their part of it."""
    from dataclasses import replace

    from viewer.core.forecast import inputs_from_results
    from viewer.core.forecast.state import BUNDLED, FILE, NONE, RESULTS, ForecastState

    scenario_file, code = _saved_args(args)
    if scenario_file is not None and code is not None:
        raise InputError("--scenario", "either --scenario or --code, not both",
                         got="--code")
    scenario = _saved_scenario(args)
    results = scenario.base
    year = results.year
    assert year is not None  # a bundled election
    state: ForecastState = scenario.forecast or ForecastState.default(year)
    where = str(scenario_file) if scenario_file is not None else "--code"
    if args.polls is not None:
        state = replace(state, kind=FILE, poll_file=str(args.polls))
    if state.kind == NONE:
        raise InputError(where, "a scenario with a forecast (its input is none): give "
                         "--polls FILE", field="forecast.input.kind", got=NONE)
    if state.kind == FILE and state.poll_file is None:
        raise InputError(where, "the poll-averages file the forecast was made from: a code "
                         "cannot carry it, give it with --polls FILE",
                         field="forecast.input.path")
    if state.kind == BUNDLED:
        inputs, _ = forecast_inputs(None, year)
        source = f"bundled final averages ({year})"
    elif state.kind == FILE:
        assert state.poll_file is not None
        inputs, _ = forecast_inputs(Path(state.poll_file), year)
        source = state.poll_file
    else:
        assert state.kind == RESULTS
        inputs = inputs_from_results(results, state.swing)
        source = inputs.label or f"{year} results"
    if tuple(inputs.parties) != tuple(results.axis):
        raise InputError(source, f"shares for {' and '.join(results.axis)}",
                         got=", ".join(inputs.parties))
    rate = getattr(args, "rate", None)
    if rate:  # --rate's ratings instead of the saved ones; a unit rated is not edited
        ratings = resolve_ratings(rate, results, inputs.parties)
        state = replace(state, ratings=ratings,
                        edits={u: m for u, m in state.edits.items() if u not in ratings})
    inputs = state.adjust(inputs)
    if state.edits:
        source += f", margins edited for {', '.join(state.edits)}"
    if state.ratings:
        source += f", {rated_text(state.ratings, results)}"
    draws = state.draws if args.draws is None else args.draws
    seed = state.seed if args.seed is None else args.seed
    return inputs, year, state.errors(), draws, seed, dict(state.picks), source


def _saved_args(args: argparse.Namespace) -> tuple[Path | None, str | None]:
    """--scenario and --code (render's are absent unless given)."""
    return getattr(args, "scenario", None), getattr(args, "code", None)


def _saved_scenario(args: argparse.Namespace):  # -> Scenario
    """The scenario of --scenario or --code, over its own year's bundled results."""
    from viewer.core.forecast.bundled import POLL_YEARS
    from viewer.core.safe_read import loads_json, read_capped
    from viewer.core.scenario_file import scenario_from_code, scenario_from_json, year_of_code

    scenario_file, code = _saved_args(args)
    asked_year = getattr(args, "year", None)
    if scenario_file is not None:
        data = read_capped(scenario_file, 2_000_000, "scenario file")
        doc = loads_json(data.decode("utf-8-sig", errors="replace"), str(scenario_file),
                         "a JSON scenario file")
        base = doc.get("base") if isinstance(doc, dict) else None
        year = base.get("year") if isinstance(base, dict) else None
        where = str(scenario_file)
    else:
        year, where = year_of_code(code), "--code"
    if asked_year is not None and year is not None and asked_year != year:
        raise InputError(where, f"a scenario of {asked_year} (--year)", field="base.year",
                         got=str(year))
    year = year if isinstance(year, int) and not isinstance(year, bool) else asked_year
    if year not in POLL_YEARS:
        raise InputError(where, "a scenario of a year with bundled results to forecast "
                         f"from: {' or '.join(map(str, POLL_YEARS))}", field="base.year",
                         got=str(year))
    results = _year_results(year)
    if scenario_file is not None:
        return scenario_from_json(data, results, str(scenario_file))
    return scenario_from_code(code, results)


def render_forecast(args: argparse.Namespace, results: ElectionResults,
                    ) -> tuple[Forecast | None, str]:
    """The forecast `render --map probability` shades by, and its polls' source line
    (None for the other maps, which refuse the forecast options). Its year is --year, else
    the poll file's, else that of the results drawn."""
    from viewer.core.forecast import DEFAULT_DRAWS, ErrorModel, Forecaster

    if args.map_mode != PROBABILITY_MODE:
        for name in ("polls", "draws", "seed", "rate", "given"):
            if getattr(args, name, None) is not None:
                raise InputError(f"--{name}", "--map probability (it applies to the "
                                 "probability map only)")
        return None, ""
    if args.flip or args.undecided:
        raise InputError("--flip" if args.flip else "--undecided",
                         "--given UNIT=PARTY on the probability map (it shades chances, "
                         "not a scenario's winners)")
    if any(_saved_args(args)):
        return _saved_render_forecast(args, results)
    year = getattr(args, "year", None)
    if year is None and args.polls is None:
        year = results.year
    inputs, year = forecast_inputs(args.polls, year)
    if results.year is not None and year != results.year:
        raise InputError(str(args.polls), f"poll averages for {results.year}, the year of the "
                         f"map (give --year {year} to draw {year})", field="year",
                         got=str(year))
    source = poll_source(args.polls, year)
    if tuple(inputs.parties) != tuple(results.axis):
        raise InputError("--map probability", f"results of the forecast's candidates "
                         f"({' and '.join(inputs.parties)})", got=" and ".join(results.axis))
    seed = DEFAULT_SEED if args.seed is None else args.seed
    if args.rate:
        from viewer.core.forecast.inputs import apply_ratings

        inputs = apply_ratings(inputs, resolve_ratings(args.rate, results, inputs.parties))
    fc = Forecaster(inputs, ErrorModel(), draws=args.draws or DEFAULT_DRAWS, seed=seed)
    if not args.given:
        return fc.forecast(), source
    c = fc.condition(resolve_given(args.given, results, inputs.parties))
    if c.forecast is None:
        raise InputError("--given", "outcomes the model can reach", got=c.message)
    return c.forecast, source


def _saved_render_forecast(args: argparse.Namespace, results: ElectionResults,
                           ) -> tuple[Forecast | None, str]:
    """The probability map of a scenario file or code: the forecast it saved (inputs,
    edits, error sizes, draws, seed and picks; --polls, --draws, --seed, --given replace
    their part), as the window showed it."""
    from viewer.core.forecast import Forecaster

    inputs, year, model, draws, seed, picks, source = saved_forecast(args)
    if results.year is not None and year != results.year:
        raise InputError("--scenario", f"a scenario of {results.year}", field="base.year",
                         got=str(year))
    if args.polls is not None:
        source = poll_source(args.polls, year)
    elif source.startswith("bundled final averages"):
        source = poll_source(None, year) + source.removeprefix(
            f"bundled final averages ({year})")
    fc = Forecaster(inputs, model, draws=draws, seed=seed)
    if args.given:
        picks = resolve_given(args.given, results, inputs.parties)
    if not picks:
        return fc.forecast(), source
    c = fc.condition(picks)
    if c.forecast is None:
        raise InputError("--given" if args.given else "forecast.picks",
                         "outcomes the model can reach", got=c.message)
    return c.forecast, source


def poll_source(polls: Path | None, year: int) -> str:
    """Where the polls come from: the file's '# source:' line, else its name."""
    from viewer.core.forecast.bundled import polls_path
    from viewer.core.forecast.inputs import load_poll_averages

    path = polls or polls_path(year)
    return load_poll_averages(path).data_source or path.name


# -- output --------------------------------------------------------------------------

def pct(p: float, digits: int = 1) -> str:
    """A probability as a percentage; never "0%" or "100%" for what merely did not happen
    in the draws."""
    edge = 0.5 * 10 ** -(digits + 2)
    if 0 < p < edge or p == 0:
        return f"<{10 ** -digits:g}%" if digits else "<1%"
    if 1 - edge < p < 1 or p == 1:
        return f">{100 - 10 ** -digits:g}%" if digits else ">99%"
    return f"{100 * p:.{digits}f}%"


def _name(results: ElectionResults, party: str) -> str:
    return results.candidate(party).surname if party in results.parties else party


def _margin_text(margin: float, parties: tuple[str, str], results: ElectionResults) -> str:
    who = parties[0] if margin >= 0 else parties[1]
    return f"{_name(results, who)} +{abs(margin):.1f}"


def model_text(model: ErrorModel | None = None) -> str:
    """The error model in words (the default one unless a scenario saved other sizes)."""
    from viewer.core.forecast import ErrorModel
    from viewer.core.forecast.model import DEFAULT_UNIT_SD, DEFAULT_UNPOLLED_SD
    from viewer.core.forecast.regions import REGION_NAMES

    m = model or ErrorModel()
    k = m.unit_scale
    return (f"national error sd {m.national_sd:g} ({m.national_df} df), regional sd "
            f"{m.regional_sd:g} ({m.regional_df} df, {len(REGION_NAMES)} regions), unit sd "
            f"{DEFAULT_UNIT_SD * k:g} polled / {DEFAULT_UNPOLLED_SD * k:g} unpolled "
            f"({m.unit_df} df); Student-t errors")


def no_majority(f: Forecast) -> float:
    return max(0.0, 1.0 - sum(f.win_probability.values()))


def forecast_lines(f: Forecast | None, inputs: ForecastInputs, results: ElectionResults,
                   year: int, source: str, draws: int, seed: int,
                   conditional: Conditional | None, model: ErrorModel | None = None,
                   ) -> list[str]:
    from viewer.core.forecast.inputs import SOURCE_RATING
    from viewer.core.units import UNITS

    a, b = inputs.parties
    out = [f"Forecast {year}: {source}, {draws:,} simulated elections, seed {seed}",
           f"Model: {model_text(model)}"]
    if conditional is not None:
        given = ", ".join(f"{UNITS[u].name} for {_name(results, p)}"
                          for u, p in conditional.picks.items())
        out.append(f"Given: {given}")
        if conditional.kept:
            out.append(f"Method: {conditional.method}; {conditional.kept:,} of "
                       f"{conditional.draws:,} draws kept, "
                       f"{conditional.effective_draws:,.0f} effective draws"
                       f"{'' if conditional.reliable else ' (unreliable)'}")
        out.append(conditional.message)
    if f is None:
        return out
    out.append("")
    out.append("Chance of winning (270 or more electoral votes):")
    width = max(len(_name(results, p)) for p in (a, b)) + 6
    for p in (a, b):
        out.append(f"  {_name(results, p) + f' ({p})':<{width}} {pct(f.win_probability[p]):>7}")
    out.append(f"  {'Tie 269–269':<{width}} {pct(f.tie_probability):>7}")
    rest = no_majority(f) - f.tie_probability
    if rest > 1e-12:
        out.append(f"  {'Other no majority':<{width}} {pct(rest):>7}")
    out.append("Expected electoral votes: " + ", ".join(
        f"{_name(results, p)} {f.expected_ev[p]:.1f}" for p in (a, b)))
    out.append("Electoral votes, percentiles " + "/".join(map(str, PERCENTILES)) + ":")
    for p in (a, b):
        values = " ".join(f"{f.ev_percentile(p, q / 100):>3}" for q in PERCENTILES)
        out.append(f"  {_name(results, p):<{width}} {values}")
    pv = f.popular_vote_probability
    out.append(f"Popular vote: {_margin_text(f.expected_popular_margin, (a, b), results)} "
               f"expected; {_name(results, a)} wins it {pct(pv[a])}, {_name(results, b)} "
               f"{pct(pv[b])}")
    out.append(f"Electoral College / popular vote split: {pct(f.split_probability)}")
    if conditional is not None:
        out.append(f"Standard error of a probability (at 50%): ± "
                   f"{100 * f.standard_error:.1f} points")
    out.append(f"Tipping point (top {TOP_TIPPING}):")
    for unit, chance in list(f.tipping_point.items())[:TOP_TIPPING]:
        out.append(f"  {unit:<5} {UNITS[unit].name:<22} {pct(chance):>7}")
    out.append(f"Units (chance {_name(results, a)} wins; expected margin):")
    for unit, chance in f.unit_probability.items():
        inp = inputs.units[unit]
        mark = "  (no polls)" if unit in f.unpolled else ""
        if inp.source == SOURCE_RATING:
            level, _, party = inp.note.partition(" ")
            mark = f"  rated {level}" + (f" {_name(results, party)}" if party else "")
        picked = f"  given {_name(results, f.picks[unit])}" if unit in f.picks else ""
        out.append(f"  {unit:<5} {UNITS[unit].name:<22} {inputs.electoral_votes[unit]:>2} EV "
                   f"{pct(chance):>7}  {_margin_text(inp.margin, (a, b), results):<13}"
                   f"{mark}{picked}")
    for note in f.notes:
        out.append(f"Note: {note}")
    return out


def forecast_json(f: Forecast | None, inputs: ForecastInputs, results: ElectionResults,
                  year: int, source: str, draws: int, seed: int,
                  conditional: Conditional | None, model: ErrorModel | None = None,
                  ) -> dict[str, Any]:
    from viewer.core.units import UNITS

    a, b = inputs.parties
    doc: dict[str, Any] = {
        "year": year, "source": source, "inputs": inputs.label, "draws": draws, "seed": seed,
        "model": model_text(model),
        "parties": [a, b],
        "candidates": {p: results.candidate(p).name for p in (a, b) if p in results.parties},
        "given": dict(conditional.picks) if conditional is not None else None,
        "conditioning": None,
    }
    if conditional is not None:
        doc["conditioning"] = {
            "method": conditional.method, "draws": conditional.draws,
            "kept": conditional.kept, "effective_draws": conditional.effective_draws,
            "reliable": conditional.reliable, "impossible": conditional.impossible,
            "pick_probability": conditional.pick_probability,
            "national_shift": conditional.national_shift, "message": conditional.message,
            "standard_error": (conditional.forecast.standard_error
                               if conditional.forecast is not None else None),
        }
    if f is None:
        doc["forecast"] = None
        return doc
    doc.update({
        "method": f.method, "effective_draws": f.effective_draws,
        "win_probability": dict(f.win_probability),
        "tie_probability": f.tie_probability,
        "no_majority_probability": no_majority(f),
        "expected_ev": dict(f.expected_ev),
        "ev_percentiles": {p: {str(q): f.ev_percentile(p, q / 100) for q in PERCENTILES}
                           for p in (a, b)},
        "expected_popular_margin": f.expected_popular_margin,
        "popular_vote_probability": dict(f.popular_vote_probability),
        "split_probability": f.split_probability,
        "tipping_point": [{"unit": u, "probability": p} for u, p in f.tipping_point.items()],
        "units": [{"unit": u, "name": UNITS[u].name,
                   "electoral_votes": inputs.electoral_votes[u],
                   "expected_margin": inputs.units[u].margin,
                   "spread": inputs.units[u].spread, "source": inputs.units[u].source,
                   "note": inputs.units[u].note,
                   "probability": {a: p, b: 1.0 - p},
                   "given": f.picks.get(u)}
                  for u, p in f.unit_probability.items()],
        "unpolled": list(f.unpolled), "notes": list(f.notes),
    })
    return doc


# -- the backtest --------------------------------------------------------------------

def _backtest(args: argparse.Namespace) -> int:
    from viewer.core.forecast import DEFAULT_DRAWS
    from viewer.core.forecast.backtest import backtest
    from viewer.core.forecast.bundled import POLL_YEARS

    for name in ("polls", "rate", "given", "year", "scenario", "code"):
        if getattr(args, name) is not None:
            raise InputError("--backtest", "no --polls, --rate, --given, --year, --scenario or "
                             "--code beside it (it runs the default model on the bundled final "
                             "averages of its year)", got=f"--{name}")
    if args.backtest not in POLL_YEARS:
        raise InputError("--backtest", "a year with bundled final averages and certified "
                         f"results: {' or '.join(map(str, POLL_YEARS))}",
                         got=str(args.backtest))
    seed = DEFAULT_SEED if args.seed is None else args.seed
    bt = backtest(args.backtest, draws=args.draws or DEFAULT_DRAWS, seed=seed)
    if args.json:
        print(json.dumps(backtest_json(bt), indent=2, ensure_ascii=False))
    else:
        for line in backtest_lines(bt):
            print(line.rstrip())
    return 0


def backtest_lines(bt: Backtest) -> list[str]:
    from viewer.core.forecast.backtest import DEFAULTS_CHOSEN_ON, LOG_LOSS_FLOOR
    from viewer.core.units import UNITS

    f, r = bt.forecast, bt.results
    a, b = f.parties
    sample = ("in-sample: the defaults were chosen on this year" if bt.in_sample else
              f"out-of-sample: the defaults were chosen on {DEFAULTS_CHOSEN_ON}")
    out = [f"Backtest {bt.year}: the default model on the final poll averages vs the "
           "certified results",
           f"{f.draws:,} simulated elections, seed {f.seed}; {sample}",
           f"Model: {model_text()}", ""]
    width = max(len(_name(r, p)) for p in (a, b)) + 6
    out.append(f"  {'':<{width}} {'chance':>7}   {'expected EV (90%)':<20} actual")
    for p in (a, b):
        lo, hi = f.ev_percentile(p, 0.05), f.ev_percentile(p, 0.95)
        won = "won" if bt.actual_winner == p else "lost"
        out.append(f"  {_name(r, p) + f' ({p})':<{width}} {pct(f.win_probability[p]):>7}   "
                   f"{f.expected_ev[p]:>5.1f} ({lo}–{hi}){'':<6} {bt.actual_ev[p]} EV, {won}")
    out.append(f"  {'Tie 269–269':<{width}} {pct(f.tie_probability):>7}")
    miss = f.expected_ev[a] - bt.actual_ev[a]
    out.append(f"Expected electoral votes missed by {abs(miss):.1f} "
               f"(toward {_name(r, a if miss > 0 else b)})")
    if bt.actual_popular_margin is not None:
        out.append(f"Popular vote: {_margin_text(f.expected_popular_margin, (a, b), r)} "
                   f"expected, {_margin_text(bt.actual_popular_margin, (a, b), r)} counted")
    wrong = [f"{UNITS[u].name} ({_name(r, a if f.unit_probability[u] > 0.5 else b)} "
             f"{pct(max(f.unit_probability[u], 1 - f.unit_probability[u]), 0)}, won by "
             f"{_name(r, a if bt.outcomes[u] else b)})" for u in bt.called_wrong]
    out.append(f"Called wrong ({len(wrong)} of {len(bt.outcomes)} states and districts): "
               + ("; ".join(wrong) if wrong else "none"))
    out.append(f"Brier score over {len(bt.outcomes)} units: {bt.brier:.4f} "
               "(0 perfect; 0.25 for 50% everywhere)")
    out.append(f"Log loss over {len(bt.outcomes)} units: {bt.log_loss:.4f} "
               f"(ln 2 = 0.693 for 50% everywhere; probabilities kept within "
               f"{LOG_LOSS_FLOOR:g} of 0 and 1)")
    out.append("Calibration (the favourite's probability):")
    out.append(f"  {'bin':<10} {'units':>5} {'mean forecast':>14} {'favourite won':>14}")
    for c in bt.calibration:
        mean = "" if c.mean_probability is None else pct(c.mean_probability)
        # an observed share, not a probability: 1 of 1 is 100 %
        hit = "" if c.hit_rate is None else f"{c.favourite_won} ({100 * c.hit_rate:.0f}%)"
        out.append(f"  {c.label:<10} {len(c.units):>5} {mean:>14} {hit:>14}")
    return out


def backtest_json(bt: Backtest) -> dict[str, Any]:
    from viewer.core.forecast.backtest import DEFAULTS_CHOSEN_ON, LOG_LOSS_FLOOR

    f, r = bt.forecast, bt.results
    a, b = f.parties
    return {
        "year": bt.year, "draws": f.draws, "seed": f.seed, "model": model_text(),
        "defaults_chosen_on": DEFAULTS_CHOSEN_ON, "in_sample": bt.in_sample,
        "parties": [a, b],
        "candidates": {p: r.candidate(p).name for p in (a, b) if p in r.parties},
        "win_probability": dict(f.win_probability), "tie_probability": f.tie_probability,
        "expected_ev": dict(f.expected_ev),
        "ev_percentiles": {p: {str(q): f.ev_percentile(p, q / 100) for q in PERCENTILES}
                           for p in (a, b)},
        "actual_ev": dict(bt.actual_ev), "actual_winner": bt.actual_winner,
        "expected_popular_margin": f.expected_popular_margin,
        "actual_popular_margin": bt.actual_popular_margin,
        "called_wrong": [{"unit": u, "probability": {a: f.unit_probability[u],
                                                     b: 1 - f.unit_probability[u]},
                          "winner": a if bt.outcomes[u] else b}
                         for u in bt.called_wrong],
        "brier_score": bt.brier, "log_loss": bt.log_loss, "log_loss_floor": LOG_LOSS_FLOOR,
        "units": len(bt.outcomes),
        "calibration": [{"bin": c.label, "low": c.low, "high": c.high, "units": list(c.units),
                         "mean_probability": c.mean_probability,
                         "favourite_won": c.favourite_won}
                        for c in bt.calibration],
        "unit_probability": {u: p for u, p in f.unit_probability.items()},
        "outcomes": {u: (a if o else b) for u, o in bt.outcomes.items()},
    }


def render_title(forecast: Forecast | None, results: ElectionResults) -> str:
    """The probability map's default title ("" for the other maps)."""
    if forecast is None:
        return ""
    from viewer.render.probability import forecast_title

    return forecast_title(forecast, results)
