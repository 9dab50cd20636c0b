"""What a forecast was made from, so that it can be saved and made again with the very
same numbers: the input (bundled averages, a poll file, the results plus a swing, or
none), per-unit margin edits, ratings painted on the map, the three error sizes, the
draws and seed, and the picks.

It travels in scenario files (the ``"forecast"`` object, JSON), in share codes (a bit
string, ``write_bits``/``read_bits``) and in the window's settings (the input and error
sizes only). Every value sits on the grid the window offers, so a code carries it
exactly: error sizes and the swing in tenths (the sliders' and the swing box's steps),
margins in hundredths of a point (a typed probability is rounded to that).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from viewer.core.errors import InputError
from viewer.core.forecast.bundled import POLL_YEARS
from viewer.core.forecast.inputs import (
    RATING_LEVELS,
    ForecastInputs,
    apply_ratings,
    edit_units,
    rating_text,
)
from viewer.core.forecast.model import ErrorModel
from viewer.core.forecast.simulate import DEFAULT_DRAWS, MAX_DRAWS, MIN_DRAWS
from viewer.core.units import UNIT_CODES

BUNDLED, FILE, RESULTS, NONE = "bundled", "file", "results", "none"
KINDS = (BUNDLED, FILE, RESULTS, NONE)  # in this order in share codes (2 bits)
DEFAULT_SEED = 2020  # the seed of the figures in docs/forecast.md
MAX_SEED = 2**63 - 1
# The error sliders' ranges (whole tenths) and the swing box's (tenths, either way).
ERROR_LIMITS = {"national_sd": 8.0, "regional_sd": 5.0, "unit_scale": 3.0}
MAX_SWING = 20.0
MAX_MARGIN = 100.0
MAX_PATH = 4096
TOSS_UP = "Toss-up"
Rating = tuple[str, str | None]  # (level of RATING_LEVELS, party; None for a Toss-up)


@dataclass(frozen=True)
class ForecastState:
    kind: str = BUNDLED
    poll_file: str | None = None  # kind FILE only (a share code cannot carry it: None)
    swing: float = 0.0  # kind RESULTS only: points toward the first candidate
    edits: Mapping[str, float] = field(default_factory=dict)  # unit -> margin, points
    national_sd: float = ErrorModel.national_sd
    regional_sd: float = ErrorModel.regional_sd
    unit_scale: float = ErrorModel.unit_scale
    draws: int = DEFAULT_DRAWS
    seed: int = DEFAULT_SEED
    picks: Mapping[str, str] = field(default_factory=dict)  # unit -> party (in pick order)
    # unit -> (level, party): painted on the map; a unit is rated or edited, never both
    ratings: Mapping[str, Rating] = field(default_factory=dict)

    @staticmethod
    def default(year: int | None) -> ForecastState:
        """A year's forecast before anything is changed: its bundled final averages, or
        no forecast when there are none."""
        return ForecastState(kind=BUNDLED if year in POLL_YEARS else NONE)

    def errors(self, model: ErrorModel | None = None) -> ErrorModel:
        """The error model with these sizes (the rest as ``model``'s, or the defaults)."""
        return replace(model or ErrorModel(), national_sd=self.national_sd,
                       regional_sd=self.regional_sd, unit_scale=self.unit_scale)

    def settings_part(self) -> ForecastState:
        """What the window remembers between launches: how the forecast is made, not a
        scenario's own edits, ratings and picks."""
        return replace(self, edits={}, picks={}, ratings={})

    def adjust(self, inputs: ForecastInputs) -> ForecastInputs:
        """``inputs`` (the input's own) with this state's ratings, then its edits."""
        if self.ratings:
            inputs = apply_ratings(inputs, self.ratings)
        return edit_units(inputs, self.edits) if self.edits else inputs


# -- JSON (scenario files, settings) -------------------------------------------------------

def state_to_doc(state: ForecastState, year: int | None) -> dict[str, Any]:
    kind: dict[str, Any] = {"kind": state.kind}
    if state.kind == BUNDLED:
        kind["year"] = year
    elif state.kind == FILE:
        kind["path"] = state.poll_file
    elif state.kind == RESULTS:
        kind["swing"] = state.swing
    return {
        "input": kind,
        "edits": {u: state.edits[u] for u in UNIT_CODES if u in state.edits},
        "errors": {"national_sd": state.national_sd, "regional_sd": state.regional_sd,
                   "unit_scale": state.unit_scale},
        "draws": state.draws,
        "seed": state.seed,
        "picks": dict(state.picks),
        # only when there are some: a file without ratings is what it was before them
        **({"ratings": {u: rating_text(*state.ratings[u]) for u in UNIT_CODES
                        if u in state.ratings}} if state.ratings else {}),
    }


def state_from_doc(doc: object, *, year: int | None, parties: tuple[str, ...],
                   units: frozenset[str] | set[str], source: str,
                   prefix: str = "forecast") -> ForecastState:
    """Validate a ``"forecast"`` object; raises InputError naming ``source`` and the field
    (``forecast.picks.PA``). ``year`` and ``units`` are the loaded results', ``parties``
    the two candidates the forecast is between."""

    def fail(name: str, expected: str, got: object = None) -> InputError:
        shown = None if got is None else str(got)[:40]
        return InputError(source, expected, field=f"{prefix}.{name}" if name else prefix,
                          got=shown)

    if not isinstance(doc, dict):
        raise fail("", "an object with the forecast's input, edits, errors, draws, seed "
                   "and picks")
    got = doc.get("input", {"kind": BUNDLED})
    if not isinstance(got, dict) or got.get("kind") not in KINDS:
        kind_got = got.get("kind") if isinstance(got, dict) else got
        raise fail("input.kind", f"one of {', '.join(KINDS)}", kind_got)
    kind = str(got["kind"])
    state = ForecastState(kind=kind)
    if kind == BUNDLED:
        y = got.get("year", year)
        if isinstance(y, bool) or y not in POLL_YEARS or y != year:
            raise fail("input.year", "the loaded year, with bundled poll averages ("
                       f"{' or '.join(map(str, POLL_YEARS))})", y)
    elif kind == FILE:
        path = got.get("path")
        if not isinstance(path, str) or not path.strip() or len(path) > MAX_PATH \
                or "\0" in path:
            raise fail("input.path", "the poll-averages file's path", path)
        state = replace(state, poll_file=path)
    elif kind == RESULTS:
        swing = _on_grid(got.get("swing", 0.0), MAX_SWING, 10, lambda e: fail(
            "input.swing", f"a swing from -{MAX_SWING:g} to {MAX_SWING:g} points in "
            "tenths", e))
        state = replace(state, swing=swing)
    edits_doc = doc.get("edits", {})
    if not isinstance(edits_doc, dict):
        raise fail("edits", "an object of unit: margin")
    edits: dict[str, float] = {}
    for unit, value in edits_doc.items():
        if unit not in UNIT_CODES:
            raise fail(f"edits.{str(unit)[:20]}", "unit codes such as PA, DC or NE-2", unit)
        edits[unit] = _on_grid(value, MAX_MARGIN, 100, lambda e, u=unit: fail(
            f"edits.{u}", f"a margin from -{MAX_MARGIN:g} to {MAX_MARGIN:g} points in "
            "hundredths", e))
    errors_doc = doc.get("errors", {})
    if not isinstance(errors_doc, dict):
        raise fail("errors", "an object with national_sd, regional_sd and unit_scale")
    sizes: dict[str, float] = {}
    for name, top in ERROR_LIMITS.items():
        value = errors_doc.get(name, getattr(ForecastState, name))
        sizes[name] = _on_grid(value, top, 10, lambda e, n=name, t=top: fail(
            f"errors.{n}", f"a number from 0 to {t:g} in tenths", e), low=0.0)
    draws = doc.get("draws", DEFAULT_DRAWS)
    if type(draws) is not int or not MIN_DRAWS <= draws <= MAX_DRAWS:
        raise fail("draws", f"a whole number from {MIN_DRAWS:,} to {MAX_DRAWS:,}", draws)
    seed = doc.get("seed", DEFAULT_SEED)
    if type(seed) is not int or not 0 <= seed <= MAX_SEED:
        raise fail("seed", "a whole number from 0 to 2^63 - 1", seed)
    picks_doc = doc.get("picks", {})
    if not isinstance(picks_doc, dict):
        raise fail("picks", "an object of unit: party")
    picks: dict[str, str] = {}
    for unit, party in picks_doc.items():
        if unit not in UNIT_CODES or unit not in units:
            raise fail(f"picks.{str(unit)[:20]}", "a unit of the loaded results, such as PA",
                       unit)
        if party not in parties:
            raise fail(f"picks.{unit}", f"one of {' or '.join(parties)}", party)
        picks[unit] = str(party)
    ratings = _ratings(doc.get("ratings", {}), parties, edits, fail)
    if kind == NONE and (edits or picks or ratings):
        raise fail("input.kind", "an input for the edits and picks, and ratings (they need "
                   "a forecast)", kind)
    return replace(state, edits=edits, draws=draws, seed=seed, picks=picks, ratings=ratings,
                   national_sd=sizes["national_sd"], regional_sd=sizes["regional_sd"],
                   unit_scale=sizes["unit_scale"])


def _ratings(doc: object, parties: tuple[str, ...], edits: Mapping[str, float],
             fail: Any) -> dict[str, Rating]:
    """The ``"ratings"`` object: unit -> "Lean DEM" (a level and a candidate's party code)
    or "Toss-up"."""
    sides = " or ".join(parties)
    expected = (f"a rating: {TOSS_UP}, or {', '.join(RATING_LEVELS[1:-1])} or "
                f"{RATING_LEVELS[-1]} and a side ({sides}), as in \"Lean {parties[0]}\""
                if parties else "a rating")
    if not isinstance(doc, dict):
        raise fail("ratings", "an object of unit: rating, such as \"PA\": \"Lean DEM\"")
    out: dict[str, Rating] = {}
    for unit, value in doc.items():
        if unit not in UNIT_CODES:
            raise fail(f"ratings.{str(unit)[:20]}", "unit codes such as PA, DC or NE-2",
                       unit)
        level, _, party = value.partition(" ") if isinstance(value, str) else ("", "", "")
        if level == TOSS_UP and not party:
            out[unit] = (TOSS_UP, None)
        elif level in RATING_LEVELS[1:] and party in parties:
            out[unit] = (level, party)
        else:
            raise fail(f"ratings.{unit}", expected, value)
        if unit in edits:
            raise fail(f"ratings.{unit}", "a unit rated or edited, not both (its margin is "
                       "in edits too)", value)
    return out


def _on_grid(value: object, top: float, per_point: int, fail: Any, *,
             low: float | None = None) -> float:
    """A number within [low (default -top), top] on the 1/per_point grid, as that."""
    bottom = -top if low is None else low
    if isinstance(value, bool) or not isinstance(value, int | float) \
            or not math.isfinite(value) or not bottom <= value <= top \
            or abs(value * per_point - round(value * per_point)) > 1e-6:
        raise fail(value)
    return round(round(value * per_point) / per_point, 6)


# -- share codes -------------------------------------------------------------------------
# After the scenario's own bits (scenario_file.py), an EM3 code carries:
#   input kind       2 bits (KINDS order); RESULTS: swing in tenths + 200, 9 bits
#   error sizes      1 bit "changed", then national 7, regional 6, unit 5 bits (tenths)
#   draws            1 bit "changed", then 20 bits
#   seed             1 bit "changed", then a 6-bit length n and n bits
#   edits            6-bit count, each: unit 6 bits, margin in hundredths + 10,000, 15 bits
#   picks            6-bit count, each: unit 6 bits, 1 bit (0 first candidate, 1 second)
# and an EM4 code (one with ratings) then:
#   ratings          6-bit count, each: unit 6 bits, level 3 bits (RATING_LEVELS order),
#                    and for all but a Toss-up 1 bit (0 first candidate, 1 second)
# A poll file's path is not carried (it means nothing on another computer): FILE comes
# back with poll_file None, and whoever opens the code chooses the file.

_ERROR_BITS = {"national_sd": 7, "regional_sd": 6, "unit_scale": 5}


def write_bits(state: ForecastState, parties: tuple[str, ...], out: list[bool]) -> None:
    def put(value: int, width: int) -> None:
        if not 0 <= value < 1 << width:
            raise ValueError(f"{value} does not fit in {width} bits")
        out.extend(bool(value >> k & 1) for k in range(width - 1, -1, -1))

    put(KINDS.index(state.kind), 2)
    if state.kind == RESULTS:
        put(round(state.swing * 10) + round(MAX_SWING * 10), 9)
    default = ForecastState()
    sizes_changed = any(getattr(state, n) != getattr(default, n) for n in _ERROR_BITS)
    put(int(sizes_changed), 1)
    if sizes_changed:
        for name, width in _ERROR_BITS.items():
            put(round(getattr(state, name) * 10), width)
    put(int(state.draws != DEFAULT_DRAWS), 1)
    if state.draws != DEFAULT_DRAWS:
        put(state.draws, 20)
    put(int(state.seed != DEFAULT_SEED), 1)
    if state.seed != DEFAULT_SEED:
        put(state.seed.bit_length(), 6)
        put(state.seed, state.seed.bit_length())
    edits = [u for u in UNIT_CODES if u in state.edits]
    put(len(edits), 6)
    for unit in edits:
        put(UNIT_CODES.index(unit), 6)
        put(round(state.edits[unit] * 100) + round(MAX_MARGIN * 100), 15)
    put(len(state.picks), 6)
    for unit, party in state.picks.items():
        put(UNIT_CODES.index(unit), 6)
        put(parties.index(party), 1)
    if state.ratings:  # an EM4 code (scenario_file.py): EM3 codes end with the picks
        rated = [u for u in UNIT_CODES if u in state.ratings]
        put(len(rated), 6)
        for unit in rated:
            level, side = state.ratings[unit]
            put(UNIT_CODES.index(unit), 6)
            put(RATING_LEVELS.index(level), 3)
            if level != TOSS_UP:
                put(parties.index(str(side)), 1)


def read_bits(bits: list[int], pos: int, *, year: int | None, parties: tuple[str, ...],
              units: frozenset[str] | set[str], source: str,
              ratings: bool = False) -> tuple[ForecastState, int]:
    """The state written by ``write_bits`` from ``bits[pos:]``, and the position after it;
    ``ratings``: the code has them (EM4). Raises IndexError when the bits run out (an
    incomplete code), InputError when a value is out of range."""

    def take(width: int) -> int:
        nonlocal pos
        if pos + width > len(bits):
            raise IndexError
        value = 0
        for bit in bits[pos:pos + width]:
            value = value << 1 | bit
        pos += width
        return value

    def bad(what: str, got: object) -> InputError:
        return InputError(source, f"a forecast {what}", got=str(got))

    kind = KINDS[take(2)]
    doc: dict[str, Any] = {"input": {"kind": kind}}
    if kind == BUNDLED:
        doc["input"]["year"] = year
    elif kind == FILE:
        doc["input"]["path"] = "-"  # a placeholder: the code carries no path
    elif kind == RESULTS:
        doc["input"]["swing"] = (take(9) - round(MAX_SWING * 10)) / 10
    if take(1):
        doc["errors"] = {name: take(width) / 10 for name, width in _ERROR_BITS.items()}
    if take(1):
        doc["draws"] = take(20)
    if take(1):
        doc["seed"] = take(take(6))
    edits = {}
    for _ in range(take(6)):
        i = take(6)
        if i >= len(UNIT_CODES):
            raise bad("unit", f"#{i}")
        edits[UNIT_CODES[i]] = (take(15) - round(MAX_MARGIN * 100)) / 100
    doc["edits"] = edits
    picks = {}
    for _ in range(take(6)):
        i = take(6)
        if i >= len(UNIT_CODES):
            raise bad("unit", f"#{i}")
        picks[UNIT_CODES[i]] = parties[take(1)] if len(parties) > 1 else ""
    doc["picks"] = picks
    if ratings:
        rated: dict[str, str] = {}
        for _ in range(take(6)):
            i = take(6)
            if i >= len(UNIT_CODES):
                raise bad("unit", f"#{i}")
            level = take(3)
            if level >= len(RATING_LEVELS):
                raise bad("rating", f"#{level}")
            side = None if RATING_LEVELS[level] == TOSS_UP else take(1)
            rated[UNIT_CODES[i]] = rating_text(
                RATING_LEVELS[level], None if side is None or len(parties) < 2
                else parties[side])
        doc["ratings"] = rated
    state = state_from_doc(doc, year=year, parties=parties, units=units, source=source)
    if kind == FILE:
        state = replace(state, poll_file=None)
    return state, pos
