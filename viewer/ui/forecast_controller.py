"""Forecast mode in the window (issue #17): the inputs, the error sizes, the picks and the
forecast they give, shared by the Forecast tab, the probability map and the clicks on it.

- Inputs: the shown year's bundled final averages (2020, 2024), a poll-averages file, or
  the shown results plus a uniform swing; per-unit edits (a margin, or a probability
  turned into the margin that gives it on these draws). A year without averages starts
  with no forecast at all, and says so: nothing is made up.
- Picks (unit -> party) condition the forecast. Each change of the picks is an undo step
  on the document's QUndoStack; forecasts are cached by picks, so undo gives back the very
  same numbers. Picks the kept draws cover (1,000 or more) are conditioned on the GUI
  thread (a few ms); rarer ones go through the core's fallbacks (importance sampling, more
  draws: up to ~0.5 s) on Qt's thread pool, with a busy state, and become an undo step
  only when their answer is usable ("practically impossible" picks are refused, saying so).
- Each change of how the forecast is made is an undo step too (StateCommand: a table
  edit, a rating, an error size, the input); one slider drag, or one run of swing steps,
  is one.
- Ratings (Safe … Toss-up for a side, core/forecast/inputs.py's table) replace single
  units' margins and spreads, like an edit (a unit is rated or edited, not both). The
  rating brush (``set_brush``) makes a click on the probability map rate the unit instead
  of picking it, until it is set to None (the tab's button, Esc, another map).
- The whole state (core/forecast/state.py) is saved with the scenario (files, share
  codes, autosave) and, without the scenario's edits and picks, in the settings, from
  which the next launch makes the same forecast again.
- Work is lazy: nothing is computed until the tab or the probability map needs it.
- Ahead of the click: while the window waits after a pick, the next click's forecast of
  each unit (the hovered one first) is worked out where one batch of draws answers it,
  and the strings the map would show with it are laid out (``strings_ahead``, driven by
  the canvas's TextWarmer a few milliseconds at a time). Those answers are kept for the
  current picks only; a click finds its own there.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterator, Mapping
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QRunnable, QSettings, QThreadPool, Signal, Slot
from PySide6.QtGui import QUndoCommand

from viewer.core.errors import InputError
from viewer.core.forecast import (
    Conditional,
    ErrorModel,
    Forecast,
    Forecaster,
    ForecastInputs,
    condition,
    inputs_from_polls,
    inputs_from_results,
    load_poll_averages,
    previous_results,
)
from viewer.core.forecast.bundled import POLL_YEARS, bundled_inputs
from viewer.core.forecast.inputs import RATING_LEVELS
from viewer.core.forecast.simulate import DEFAULT_DRAWS
from viewer.core.forecast.state import (
    BUNDLED,
    DEFAULT_SEED,
    FILE,
    NONE,
    RESULTS,
    TOSS_UP,
    ForecastState,
    Rating,
    state_from_doc,
    state_to_doc,
)
from viewer.core.safe_read import loads_json
from viewer.core.units import UNIT_CODES, UNITS
from viewer.render.probability import bundled_poll_source, forecast_texts
from viewer.render.style import PROBABILITY

if TYPE_CHECKING:
    from matplotlib.text import Text

    from viewer.render.map_figure import MapFigure
    from viewer.ui.document import ElectionDocument

__all__ = ["BUNDLED", "CLEAR_RATING", "FILE", "NONE", "RESULTS", "ForecastController",
           "PicksCommand", "StateCommand"]
PICK_COMMAND_ID = 1701
STATE_COMMAND_ID = 1702
SETTINGS_KEY = "forecast/inputs"
CLEAR_RATING = "Clear rating"  # the brush's level that takes a unit's rating away
NO_PATH = ("this forecast was made from a poll-averages file, which a share code cannot "
           "carry: open it with \"Open poll averages…\"")


class _JobSignals(QObject):
    done = Signal(int, object, object)  # generation, picks key, Conditional or error text


class _ConditionJob(QRunnable):
    """Conditioning on rare picks, on a pool thread (numpy releases the GIL for the
    heavy parts). Always reports, an exception as its text."""

    def __init__(self, forecaster: Forecaster, picks: dict[str, str], generation: int) -> None:
        super().__init__()
        self.signals = _JobSignals()  # made on the GUI thread, owned by the job
        self._fc = forecaster
        self._picks = picks
        self._generation = generation

    def run(self) -> None:
        result: object
        try:
            result = condition(self._fc, self._picks)
        except Exception as exc:  # reported, never lost in the pool thread
            result = f"conditioning failed ({type(exc).__name__}: {exc})"
        finally:
            key = frozenset(self._picks.items())
            self.signals.done.emit(self._generation, key, result)


class PicksCommand(QUndoCommand):
    """One change of the forecast's picks (a click on the map, or clearing them)."""

    def __init__(self, controller: ForecastController, before: dict[str, str],
                 after: dict[str, str], label: str) -> None:
        super().__init__(label)
        self._controller = controller
        self.before, self.after = dict(before), dict(after)

    def redo(self) -> None:
        self._controller.apply_picks(self.after)

    def undo(self) -> None:
        self._controller.apply_picks(self.before)


class StateCommand(QUndoCommand):
    """One change of how the forecast is made: a margin or probability typed in the table,
    the table's edits undone, an error size, the input. Consecutive changes with the same
    ``merge_key`` merge (one slider drag, the swing box's steps): one drag is one undo
    step, and a drag back to where it started none."""

    def __init__(self, controller: ForecastController, before: ForecastState,
                 after: ForecastState, label: str, merge_key: str | None = None,
                 parent: QUndoCommand | None = None) -> None:
        super().__init__(label, parent)
        self._controller = controller
        self.before, self.after = before, after
        self.merge_key = merge_key

    def id(self) -> int:
        return STATE_COMMAND_ID if self.merge_key is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not (isinstance(other, StateCommand) and other.merge_key == self.merge_key):
            return False
        self.after = other.after
        self.setText(other.text())
        if self.after == self.before:
            self.setObsolete(True)  # back where the drag started: no step at all
        return True

    def redo(self) -> None:
        self._controller.apply_state(self.after)

    def undo(self) -> None:
        self._controller.apply_state(self.before)


class ForecastController(QObject):
    changed = Signal()  # the forecast shown, the inputs, the picks or the message changed
    busy_changed = Signal(bool)
    brush_changed = Signal()  # the rating brush was turned on or off, or changed
    message = Signal(str, int)  # for the status bar: text, timeout in ms

    def __init__(self, document: ElectionDocument, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.model = ErrorModel()
        self.seed = DEFAULT_SEED
        self.draws = DEFAULT_DRAWS
        self.source = NONE
        self.swing = 0.0
        self.poll_file: str | None = None
        self.edits: dict[str, float] = {}
        self.ratings: dict[str, Rating] = {}
        self.picks: dict[str, str] = {}
        # (level or CLEAR_RATING, party) that a click on the map paints; None: clicks pick
        self.brush: Rating | None = None
        self.inputs: ForecastInputs | None = None
        self.forecaster: Forecaster | None = None
        self.base: Forecast | None = None  # without picks
        self.conditional: Conditional | None = None  # with the picks shown
        self.problem = ""  # why there is no forecast
        self.source_line = ""  # the map's source line for these inputs ("": the results')
        self.busy = False
        self.last_update_ms = 0.0
        self._stale = True
        self._cache: dict[frozenset[tuple[str, str]], Conditional] = {}
        # The next click's forecasts worked out ahead (strings_ahead), for one forecaster
        # and set of picks; replaced when either changes, so it never grows past 56.
        self._ahead: dict[frozenset[tuple[str, str]], Conditional] = {}
        self._ahead_for: tuple[Forecaster | None, frozenset[tuple[str, str]]] | None = None
        self._generation = 0
        self._refused: tuple[str, str] | None = None
        # Who else needs the forecast now (the tab while shown); the map when in its mode.
        self.wanted: list[Callable[[], bool]] = []
        # The map's refresh: the forecast shown (None: none, or not computed) and its source
        self.map_sink: Callable[[Forecast | None, str], None] | None = None
        self.on_unavailable: Callable[[], None] | None = None  # leave the probability map
        self.show_map: Callable[[], None] | None = None  # choose the probability map
        self._year = document.results.year
        self._default_source()
        document.results_replaced.connect(self._on_results)
        document.style_changed.connect(self._on_style)
        # The state travels with the scenario: saved from here, and opening a scenario
        # adds the step that restores it to its own undo step.
        document.forecast_state = self.state
        document.forecast_loader = self.load_command

    # -- what is shown ---------------------------------------------------------------------
    @property
    def forecast(self) -> Forecast | None:
        """The forecast shown: conditioned on the picks, None when there is none."""
        self.ensure()
        if self.conditional is not None:
            return self.conditional.forecast
        return self.base

    @property
    def available(self) -> bool:
        self.ensure()
        return self.base is not None

    @property
    def parties(self) -> tuple[str, str]:
        if self.inputs is not None:
            return self.inputs.parties
        return self.document.results.axis

    def condition_text(self) -> str:
        return self.conditional.message if self.conditional is not None and self.picks else ""

    def sources(self) -> list[tuple[str, str]]:
        """The inputs offered for the shown year: (key, text)."""
        results = self.document.results
        year = results.year
        out = []
        if year in POLL_YEARS:
            out.append((BUNDLED, f"Final poll averages, {year} (FiveThirtyEight)"))
        if self.poll_file:
            out.append((FILE, f"Poll averages: {Path(self.poll_file).name}"))
        out.append((RESULTS, f"{year or 'These'} results plus a swing"))
        out.append((NONE, "No forecast"))
        return out

    # -- the state: saved, restored, undone -----------------------------------------------
    def state(self) -> ForecastState:
        """How the forecast shown is made, with its picks (core/forecast/state.py)."""
        m = self.model
        return ForecastState(kind=self.source,
                             poll_file=self.poll_file if self.source == FILE else None,
                             swing=self.swing if self.source == RESULTS else 0.0,
                             edits=dict(self.edits), national_sd=m.national_sd,
                             regional_sd=m.regional_sd, unit_scale=m.unit_scale,
                             draws=self.draws, seed=self.seed, picks=dict(self.picks),
                             ratings=dict(self.ratings))

    def apply_state(self, state: ForecastState) -> None:
        """Make the forecast ``state`` describes (undo, redo, a scenario opened, the
        settings). Only what changed is done again: new margins keep the draws, new picks
        keep the forecast, and the same state gives the very same numbers."""
        before = self.state()
        model = state.errors(self.model)
        redraw = (model, state.draws, state.seed) != (self.model, self.draws, self.seed)
        self.source = state.kind
        if state.poll_file is not None:
            self.poll_file = state.poll_file
        if state.kind == RESULTS:
            self.swing = state.swing
        # a share code's poll-file forecast (no path) uses the file open here, if any
        now = self.state()
        new_inputs = (now.kind, now.poll_file, now.swing) != \
            (before.kind, before.poll_file, before.swing)
        new_edits = (dict(state.edits) != self.edits
                     or dict(state.ratings) != self.ratings)
        self.model, self.draws, self.seed = model, state.draws, state.seed
        self.edits = dict(state.edits)
        self.ratings = dict(state.ratings)
        if redraw or new_inputs or new_edits:
            self._generation += 1  # a conditioning job for the old forecast is dropped
            self._set_busy(False)
            self.picks = dict(state.picks)
            self._refused = None
            if redraw:
                self.forecaster = None
            if redraw or new_inputs:
                self._invalidate()
            else:
                self._edits_changed()
        elif dict(state.picks) != self.picks:
            self.apply_picks(state.picks)
        else:
            self._announce()

    def request_state(self, after: ForecastState, label: str,
                      merge_key: str | None = None) -> None:
        """Make ``after`` the state as one undo step (none when nothing changes)."""
        before = self.state()
        if after == before:
            return
        doc = self.document
        with doc.action():
            doc.undo_stack.push(StateCommand(self, before, after, label, merge_key))

    def load_command(self, saved: ForecastState | None) -> StateCommand | None:
        """Opening a scenario: the command that restores its forecast (None: the year's
        default), part of the opening's undo step; None when it would change nothing."""
        after = saved or ForecastState.default(self.document.results.year)
        before = self.state()
        return StateCommand(self, before, after, "Restore the forecast") \
            if after != before else None

    # -- changes of the inputs (each an undo step) -----------------------------------------
    def set_source(self, source: str) -> None:
        if source != self.source:
            texts = dict(self.sources())
            # Ratings stay (they replace units of any input); "no forecast" keeps no
            # ratings or picks (a saved file could not be read back with them).
            after = replace(self.state(), kind=source, edits={},
                            poll_file=self.poll_file if source == FILE else None,
                            swing=self.swing if source == RESULTS else 0.0)
            if source == NONE:
                after = replace(after, ratings={}, picks={})
            self.request_state(after, f"Forecast from {texts.get(source, source)}")

    def set_swing(self, points: float) -> None:
        """The swing of "results plus a swing"; steps in a row are one undo step."""
        if points != self.swing:
            if self.source != RESULTS:
                self.swing = points  # kept for when that input is chosen
                return
            who = self._surname(self.parties[0] if points >= 0 else self.parties[1])
            self.request_state(replace(self.state(), swing=round(points, 1)),
                               f"Forecast swing {abs(points):.1f} points toward {who}",
                               merge_key="swing")

    def open_polls(self, path: str) -> None:
        """Use a poll-averages file for the shown year; raises InputError (the line and
        field named) and keeps the inputs as they were."""
        # Read now: a bad file is refused before anything changes; a good one is read
        # afresh even when it was open (it may have changed on disk).
        self._file_inputs, self._file_source = self._read_poll_file(path)
        self._file_path = path
        after = replace(self.state(), kind=FILE, poll_file=path, swing=0.0, edits={})
        if after == self.state():
            self._invalidate()
            return
        self.request_state(after, f"Forecast from {Path(path).name}")

    def set_model(self, model: ErrorModel, *, label: str = "Forecast error sizes",
                  merge_key: str | None = None) -> None:
        """New error sizes (national, regional, unit; the sliders'): one undo step, or one
        per drag when each change of it comes with the drag's ``merge_key``."""
        after = replace(self.state(), national_sd=model.national_sd,
                        regional_sd=model.regional_sd, unit_scale=model.unit_scale)
        self.request_state(after, label, merge_key)

    def edit_margin(self, unit: str, margin: float, label: str | None = None) -> None:
        if not (math.isfinite(margin) and abs(margin) <= 100):
            raise InputError("edit", "a margin from -100 to 100 points", field=unit,
                             got=f"{margin:g}")
        margin = round(float(margin), 2)  # what a file and a share code keep exactly
        edits = {**self.edits, unit: margin}
        ratings = {u: r for u, r in self.ratings.items() if u != unit}  # edited, not rated
        a, b = self.parties
        who = self._surname(a if margin >= 0 else b)
        self.request_state(replace(self.state(), edits=edits, ratings=ratings), label or
                           f"Forecast: {UNITS[unit].name} {who} +{abs(margin):.1f}")

    def edit_probability(self, unit: str, probability: float) -> None:
        """The expected margin that gives the first candidate this chance of the unit."""
        if not 0.0 < probability < 1.0:
            raise InputError("edit", "a chance over 0 and under 100 percent", field=unit,
                             got=f"{100 * probability:g}")
        self.ensure()
        if self.forecaster is None:
            return
        margin = self.forecaster.margin_for_probability(unit, probability)
        name = self._surname(self.parties[0])
        self.edit_margin(unit, max(-100.0, min(100.0, margin)),
                         f"Forecast: {UNITS[unit].name} {name} {100 * probability:.0f}%")

    def reset_edits(self) -> None:
        if self.edits:
            self.request_state(replace(self.state(), edits={}), "Undo the forecast's table "
                               "edits")

    # -- ratings ---------------------------------------------------------------------------
    def rating_name(self, rating: Rating | None) -> str:
        """"Lean Harris", "Toss-up", "Clear rating" (None: "no rating")."""
        if rating is None:
            return "no rating"
        level, party = rating
        if level in (TOSS_UP, CLEAR_RATING) or party is None:
            return level
        return f"{level} {self._surname(party)}"

    def rate(self, unit: str, rating: Rating | None) -> None:
        """Rate a unit (None or CLEAR_RATING: take its rating away): one undo step, none
        when it changes nothing. A rating replaces a margin typed for the unit."""
        if unit not in UNIT_CODES:
            return
        if rating is not None and rating[0] == CLEAR_RATING:
            rating = None
        if rating is not None:
            level, party = rating
            if level not in RATING_LEVELS:
                raise InputError("rating", f"one of {', '.join(RATING_LEVELS)}", got=level)
            rating = (level, None) if level == TOSS_UP else (level, party)
            if level != TOSS_UP and party not in self.parties:
                raise InputError("rating", f"a side of {' or '.join(self.parties)}",
                                 got=str(party))
        name = UNITS[unit].name
        ratings = {u: r for u, r in self.ratings.items() if u != unit}
        if rating is None:
            label = f"Clear {name}'s rating"
        else:
            ratings[unit] = rating
            label = f"Rate {name} {self.rating_name(rating)}"
        edits = {u: m for u, m in self.edits.items() if u != unit}
        self.request_state(replace(self.state(), ratings=ratings, edits=edits), label)

    def clear_ratings(self) -> None:
        if self.ratings:
            self.request_state(replace(self.state(), ratings={}), "Clear the forecast's "
                               "ratings")

    def set_brush(self, brush: Rating | None) -> bool:
        """Turn the rating brush on (``(level, party)``, level CLEAR_RATING to clear) or off
        (None). It paints on the probability map, which is chosen when another map is
        shown; False (and a word in the status bar) when there is no forecast to rate."""
        if brush is not None and self.document.style.mode != PROBABILITY:
            if self.show_map is not None:
                self.show_map()
            if self.document.style.mode != PROBABILITY:
                brush = None  # no forecast: prepare_map said why
        changed = brush != self.brush
        self.brush = brush
        if changed:
            if brush is not None:
                self.message.emit(f"Rating brush: click units on the map to "
                                  f"{self._brush_verb()}; Esc ends it.", 0)
            else:
                self.message.emit("Rating brush off: clicks on the map pick units again.",
                                  4000)
            self.brush_changed.emit()
        return self.brush is not None

    def _brush_verb(self, name: str = "") -> str:
        """"rate Pennsylvania Lean Harris", "clear their rating" (the brush's click)."""
        assert self.brush is not None
        if self.brush[0] == CLEAR_RATING:
            return f"clear {name}'s rating" if name else "clear their rating"
        return f"rate {name or 'them'} {self.rating_name(self.brush)}"

    def paint(self, unit: str) -> None:
        """A click with the rating brush: the brush's rating for the unit (one undo step)."""
        if self.brush is None or unit not in UNIT_CODES:
            return
        if not self.available:
            self.message.emit(self.problem or "No forecast to rate.", 5000)
            return
        if self.brush[0] == CLEAR_RATING and unit not in self.ratings:
            self.message.emit(f"{UNITS[unit].name} has no rating to clear.", 4000)
            return
        self.rate(unit, self.brush)

    def _on_style(self, *_args: object) -> None:
        if self.brush is not None and self.document.style.mode != PROBABILITY:
            self.set_brush(None)  # the brush paints the probability map only

    # -- settings: the next launch makes the same forecast ---------------------------------
    def write_settings(self, settings: QSettings) -> None:
        doc = state_to_doc(self.state().settings_part(), self.document.results.year)
        settings.setValue(SETTINGS_KEY, json.dumps(doc))

    def read_settings(self, settings: QSettings) -> None:
        """How the last session made its forecast (the input, the error sizes, draws and
        seed), for this year; then, when the probability map was the view, its forecast,
        or the margin map and a word in the status bar when it cannot be made."""
        saved = settings.value(SETTINGS_KEY, "")
        note = ""
        if saved:
            try:
                state = self._settings_state(saved)
            except InputError as exc:
                note = f"The saved forecast settings were not used ({exc})."
            else:
                self._restoring = True  # a failure is said below, once
                try:
                    self.apply_state(state)
                finally:
                    self._restoring = False
        if self.document.style.mode == PROBABILITY:
            if self.available:
                self._announce()
            else:
                note = (note + " " if note else "") + ("The probability map could not be "
                        f"restored ({self.problem or 'no forecast'}): the margin map is shown.")
                if self.on_unavailable is not None:
                    self.on_unavailable()
        if note:
            self.message.emit(note, 15000)

    def _settings_state(self, saved: object) -> ForecastState:
        results = self.document.results
        source = f"settings {SETTINGS_KEY}"
        text = ",".join(map(str, saved)) if isinstance(saved, list) else str(saved)
        doc = loads_json(text, source, "the forecast's settings (JSON)")
        if isinstance(doc, dict) and isinstance(doc.get("input"), dict) \
                and doc["input"].get("kind") == BUNDLED:
            # the averages of the year shown; none for a year without them
            doc["input"] = ({"kind": BUNDLED, "year": results.year}
                            if results.year in POLL_YEARS else {"kind": NONE})
        return state_from_doc(doc, year=results.year, parties=results.axis,
                              units=set(results.units), source=source).settings_part()

    # -- picks -----------------------------------------------------------------------------
    def next_pick(self, unit: str) -> str | None:
        """What a click on the unit picks: the first candidate, then the other, then none."""
        a, b = self.parties
        now = self.picks.get(unit)
        nxt = a if now is None else b if now == a else None
        if self._refused is not None and self._refused == (unit, nxt):
            nxt = b if nxt == a else None  # that one was practically impossible
        return nxt

    def click_text(self, unit: str) -> str:
        name = UNITS[unit].name
        if self.brush is not None:
            now = self.ratings.get(unit)
            rated = f" (rated {self.rating_name(now)})" if now is not None else ""
            if self.brush[0] == CLEAR_RATING and now is None:
                return f"{name} has no rating (rating brush: Esc ends it)"
            if self.brush[0] != CLEAR_RATING and now == self._normal(self.brush):
                return f"{name} is rated {self.rating_name(now)} (rating brush: Esc ends it)"
            return f"Click to {self._brush_verb(name)}{rated}"
        nxt = self.next_pick(unit)
        if nxt is None:
            return f"Click: release {name} (forecast)"
        return f"Click: {name} for {self._surname(nxt)} (condition the forecast)"

    @staticmethod
    def _normal(rating: Rating) -> Rating:
        return (TOSS_UP, None) if rating[0] == TOSS_UP else rating

    def cycle(self, unit: str) -> None:
        """A click on the probability map: pick the unit for the first candidate, then the
        other, then release it; one undo step each. With the rating brush on it rates the
        unit instead (``paint``), and picks nothing."""
        if unit not in UNIT_CODES:
            return
        if self.brush is not None:
            self.paint(unit)
            return
        if self.busy:
            self.message.emit("Still conditioning on the last pick; one moment.", 3000)
            return
        if not self.available:
            self.message.emit(self.problem or "No forecast to condition.", 5000)
            return
        nxt = self.next_pick(unit)
        after = self._next_picks(unit)
        name = UNITS[unit].name
        label = (f"Release {name} (forecast)" if nxt is None
                 else f"Forecast: {name} for {self._surname(nxt)}")
        self.request_picks(after, label)

    def _next_picks(self, unit: str) -> dict[str, str]:
        """The picks after a click on ``unit`` (see ``next_pick``)."""
        nxt = self.next_pick(unit)
        after = dict(self.picks)
        if nxt is None:
            after.pop(unit, None)
        else:
            after[unit] = nxt
        return after

    def clear_picks(self) -> None:
        if self.picks and not self.busy:
            self.request_picks({}, "Clear the forecast's picks")

    def request_picks(self, after: dict[str, str], label: str) -> None:
        """Push the change as an undo step once its forecast is known (now, or when the
        pool thread is done with a rare combination)."""
        key = frozenset(after.items())
        if key in self._cache or self._quick(after):
            self._conditional(after)  # computed (and cached) here
            self._push(after, label)
            return
        assert self.forecaster is not None
        self._start_job(after, label)

    def apply_picks(self, picks: Mapping[str, str]) -> None:
        """Show the forecast given ``picks`` (the undo commands' way in)."""
        self.picks = dict(picks)
        self._refused = None
        if self.forecaster is None:
            self._stale = True
            self._refresh_if_wanted()
            return
        key = frozenset(self.picks.items())
        if key in self._cache or self._quick(self.picks):
            self.conditional = self._conditional(self.picks)
            self._announce()
        else:  # an undo after an input change: the rare combination again, off the thread
            self._start_job(self.picks, None)

    # -- the map's mode ----------------------------------------------------------------------
    def prepare_map(self, mode: str) -> bool:
        """Before the probability map is shown: compute the forecast (False: none, said)."""
        if mode != PROBABILITY:
            return True
        if not self.available:
            self.message.emit("No forecast for these results: " + (self.problem or "choose "
                              "an input in the What-if panel's Forecast tab") + ".", 8000)
            return False
        if self.map_sink is not None:  # before the map is built in its new mode
            self.map_sink(self._shown(), self.source_line)
        return True

    # -- internals -----------------------------------------------------------------------------
    def _surname(self, party: str) -> str:
        results = self.document.results
        return results.candidate(party).surname if party in results.parties else party

    def _default_source(self) -> None:
        self.source = BUNDLED if self.document.results.year in POLL_YEARS else NONE

    def _on_results(self) -> None:
        """Another election: its own inputs, no picks (the undo stack was cleared too), no
        edits. Never the old year's forecast: it is dropped before anything is drawn."""
        year = self.document.results.year
        self._generation += 1  # a job for the old year is dropped
        if self.busy:
            self._set_busy(False)
        self.picks.clear()
        self.edits.clear()
        self.ratings.clear()
        self._refused = None
        self._file_path = self._file_inputs = None  # read again over the new results
        if self.brush is not None:
            self.set_brush(None)  # another election: its own candidates
        if year != self._year:
            self.poll_file = None
            self.swing = 0.0
        self._year = year
        self._default_source()
        self.forecaster = None
        self._invalidate()

    def _adjusted(self, base: ForecastInputs) -> ForecastInputs:
        """The input's own margins with the ratings, then the edits."""
        return ForecastState(edits=self.edits, ratings=self.ratings).adjust(base)

    def _edits_changed(self) -> None:
        if self.forecaster is not None and self._base_inputs is not None:
            # the same draws, other margins: re-forecast, no new errors
            try:
                self.inputs = self._adjusted(self._base_inputs)
            except InputError:  # a rating for a side these inputs lack: said by ensure
                self._invalidate()
                return
            self.forecaster = self.forecaster.with_inputs(self.inputs)
            self._forget_forecasts()
            self._summarise()
        else:
            self._invalidate()

    def _forget_forecasts(self) -> None:
        """Another forecaster: no conditioned forecast of the old one is kept."""
        self._cache.clear()
        self._ahead, self._ahead_for = {}, None

    def _invalidate(self) -> None:
        self._stale = True
        self._forget_forecasts()
        self._refresh_if_wanted()

    def _is_wanted(self) -> bool:
        return (self.document.style.mode == PROBABILITY
                or any(wanted() for wanted in self.wanted))

    def _refresh_if_wanted(self) -> None:
        if self._is_wanted():
            self.ensure()
        self._announce()

    def ensure(self) -> None:
        """Compute the forecast if anything changed since (the inputs, the errors)."""
        if not self._stale:
            return
        self._stale = False
        self.problem = ""
        self.base = self.conditional = None
        self._base_inputs = None
        try:
            base_inputs = self._read_inputs()
        except (InputError, ValueError, KeyError) as exc:
            self.inputs = self.forecaster = None
            self.problem = str(exc)
            return
        if base_inputs is None:
            self.inputs = self.forecaster = None
            return
        try:
            self.inputs = self._adjusted(base_inputs)
        except (InputError, ValueError) as exc:  # a saved rating for another side
            self.inputs = self.forecaster = None
            self.problem = str(exc)
            return
        self._base_inputs = base_inputs
        if self.forecaster is None:
            self.forecaster = Forecaster(self.inputs, self.model, draws=self.draws,
                                         seed=self.seed)
        else:
            self.forecaster = self.forecaster.with_inputs(self.inputs)
        self._summarise(announce=False)

    def _summarise(self, announce: bool = True) -> None:
        fc = self.forecaster
        assert fc is not None
        self.base = self._conditional({}).forecast
        if self.picks and not self._quick(self.picks):
            self.conditional = None
            self._start_job(dict(self.picks), None)
        else:
            self.conditional = self._conditional(self.picks)
        if announce:
            self._announce()

    _base_inputs: ForecastInputs | None = None
    _file_inputs: ForecastInputs | None = None  # of _file_path, read once
    _file_path: str | None = None
    _file_source = ""

    def _poll_inputs(self, path: str) -> ForecastInputs:
        """A poll-averages file's inputs for the shown year (read once per path); raises
        InputError naming the line and field."""
        if path != self._file_path or self._file_inputs is None:
            self._file_inputs, self._file_source = self._read_poll_file(path)
            self._file_path = path
        return self._file_inputs

    def _read_poll_file(self, path: str) -> tuple[ForecastInputs, str]:
        """A poll-averages file's inputs over the shown results, and its source line."""
        results = self.document.results
        if results.year is None:
            raise InputError(path, "results of a known year to forecast", field="year")
        polls = load_poll_averages(path)
        if polls.year is not None and polls.year != results.year:
            raise InputError(path, f"poll averages for {results.year}, the year shown",
                             field="year", got=str(polls.year))
        inputs = inputs_from_polls(polls, previous_results(results.year),
                                   electoral_votes=results.electoral_votes, year=results.year)
        if tuple(inputs.parties) != tuple(results.axis):
            raise InputError(path, f"shares for {' and '.join(results.axis)}",
                             got=", ".join(inputs.parties))
        return inputs, polls.data_source.strip() or Path(path).name

    def _read_inputs(self) -> ForecastInputs | None:
        results = self.document.results
        year = results.year
        self.source_line = ""
        if self.source == BUNDLED and year in POLL_YEARS:
            assert year is not None
            self.source_line = bundled_poll_source(year)
            return bundled_inputs(year)
        if self.source == FILE:
            if self.poll_file is None:
                self.problem = NO_PATH[0].upper() + NO_PATH[1:] + "."
                return None
            inputs = self._poll_inputs(self.poll_file)  # raises InputError: the problem
            self.source_line = self._file_source
            return inputs
        if self.source == RESULTS:
            if any(u not in results.units for u in UNIT_CODES):
                raise InputError(results.source or "results", "results with today's 56 "
                                 "states, DC and districts", got=f"{len(results.units)} units")
            inputs = inputs_from_results(results, self.swing)
            if tuple(inputs.parties) != tuple(results.axis):
                raise InputError("results", "two leading candidates to forecast")
            return replace(inputs, label=inputs.label or "results")
        if year not in POLL_YEARS and self.source in (NONE, BUNDLED):
            self.problem = (f"No poll averages are bundled for {year or 'these results'} "
                            f"(only for {' and '.join(map(str, POLL_YEARS))}). Open a "
                            "poll-averages file, or use the results plus a swing.")
        else:
            self.problem = "No forecast: choose an input."
        return None

    def _quick(self, picks: Mapping[str, str]) -> bool:
        """Conditioning these picks needs no draws beyond those made (a few ms): enough of
        them agree, or importance sampling on them is enough. Then it is computed here (or
        was, ahead of the click) and cached (the same answer as the full conditioning,
        which stops at that batch); only picks that need more draws go to the pool thread."""
        fc = self.forecaster
        if fc is None or not picks:
            return True
        key = frozenset(picks.items())
        ahead = self._ahead.get(key) if self._ahead_for is not None \
            and self._ahead_for[0] is fc else None
        on_these = ahead or condition(fc, dict(picks), max_draws=fc.draws)
        if on_these.reliable:
            self._cache[key] = on_these
            return True
        return False

    def strings_ahead(self, figure: MapFigure) -> Iterator[tuple[Text, str]]:
        """The strings the probability map would show after a click on each unit (the one
        under the pointer first), each unit's next forecast worked out as it is reached;
        units whose next picks need more draws than those made are left to the click."""
        if figure.style.mode != PROBABILITY:
            return
        order = list(UNIT_CODES)
        hovered = figure.map.hovered
        if hovered in UNIT_CODES:
            order.remove(hovered)
            order.insert(0, hovered)
        for unit in order:
            fc = self.forecaster
            if fc is None or self.busy or self.brush is not None or figure.forecast is None:
                return  # asked again once the forecast is back
            current = frozenset(self.picks.items())
            if self._ahead_for != (fc, current):
                self._ahead, self._ahead_for = {}, (fc, current)
            after = self._next_picks(unit)
            key = frozenset(after.items())
            found = self._cache.get(key) or self._ahead.get(key)
            if found is None and after:
                try:
                    found = self._ahead[key] = condition(fc, after, max_draws=fc.draws)
                except (InputError, ValueError):  # the click will say what is wrong
                    continue
            if found is not None and found.reliable and found.forecast is not None:
                yield from forecast_texts(figure, found.forecast)

    def _conditional(self, picks: Mapping[str, str]) -> Conditional:
        key = frozenset(picks.items())
        found = self._cache.get(key)
        if found is None:
            assert self.forecaster is not None
            found = self.forecaster.condition(dict(picks))
            self._cache[key] = found
        return found

    def _push(self, after: dict[str, str], label: str) -> None:
        doc = self.document
        with doc.action():
            doc.undo_stack.push(PicksCommand(self, self.picks, after, label))

    def _start_job(self, picks: dict[str, str], label: str | None) -> None:
        """The core's fallbacks on a pool thread; the GUI thread collects the garbage
        meanwhile (see liveblog_source._GuiThreadCollection: a collection on a pool thread
        would delete Qt objects there)."""
        from viewer.ui.liveblog_source import _collection

        assert self.forecaster is not None
        self._generation += 1
        job = _ConditionJob(self.forecaster, picks, self._generation)
        self._pending_label = label
        self._pending_picks = dict(picks)
        _collection().begin()  # ended in _on_job_done, on the GUI thread
        job.signals.done.connect(self._on_job_done)
        self._set_busy(True)
        names = ", ".join(f"{UNITS[u].name} for {self._surname(p)}" for u, p in picks.items())
        self.message.emit(f"Conditioning on {names}: a rare combination, drawing more "
                          "simulated elections…", 0)
        QThreadPool.globalInstance().start(job)

    _pending_label: str | None = None
    _pending_picks: dict[str, str] = {}  # noqa: RUF012 (replaced, never mutated)

    @Slot(int, object, object)
    def _on_job_done(self, generation: int, key: object, result: object) -> None:
        from viewer.ui.liveblog_source import _collection

        _collection().end()
        if generation != self._generation:
            return  # the inputs or the year changed meanwhile
        self._set_busy(False)
        picks, label = self._pending_picks, self._pending_label
        if not isinstance(result, Conditional):
            self.message.emit(str(result), 8000)
            return
        assert isinstance(key, frozenset)
        self._cache[key] = result
        if label is None:  # shown already (an undo, or new inputs): the answer arrives
            self.conditional = result
            self._announce()
            self.message.emit(result.message, 8000)
            return
        if result.forecast is None:  # practically impossible, or too rare for a number
            changed = [u for u in picks if self.picks.get(u) != picks[u]]
            if changed:
                self._refused = (changed[0], picks[changed[0]])
            self.message.emit(result.message + " The pick is not kept.", 12000)
            self._refused_text = result.message
            self._announce()
            return
        self._push(picks, label)
        self.message.emit(result.message, 8000)

    _refused_text = ""

    def refused_text(self) -> str:
        return self._refused_text if self._refused is not None else ""

    def _set_busy(self, busy: bool) -> None:
        if busy != self.busy:
            self.busy = busy
            self.busy_changed.emit(busy)

    def _shown(self) -> Forecast | None:
        """The forecast shown, without computing anything."""
        if self._stale:
            return None
        if self.conditional is not None:
            return self.conditional.forecast
        return self.base

    _restoring = False

    def _announce(self) -> None:
        if self.base is None and not self._stale and self.document.style.mode == PROBABILITY \
                and self.on_unavailable is not None and not self._restoring:
            self.message.emit(f"No forecast for these results ({self.problem or 'no input'}):"
                              " the map shows margins.", 10000)
            self.on_unavailable()  # leave the probability map before anything is drawn
        if self.map_sink is not None:
            self.map_sink(self._shown(), self.source_line)
        self.changed.emit()
