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
- Work is lazy: nothing is computed until the tab or the probability map needs it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot
from PySide6.QtGui import QUndoCommand

from viewer.core.errors import InputError
from viewer.core.forecast import (
    MIN_EFFECTIVE_DRAWS,
    Conditional,
    ErrorModel,
    Forecast,
    Forecaster,
    ForecastInputs,
    condition,
    edit_units,
    inputs_from_polls,
    inputs_from_results,
    load_poll_averages,
    previous_results,
)
from viewer.core.forecast.bundled import POLL_YEARS, bundled_inputs
from viewer.core.units import UNIT_CODES, UNITS
from viewer.render.probability import DEFAULT_SEED, bundled_poll_source
from viewer.render.style import PROBABILITY

if TYPE_CHECKING:
    from viewer.ui.document import ElectionDocument

BUNDLED, FILE, RESULTS, NONE = "bundled", "file", "results", "none"
PICK_COMMAND_ID = 1701


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


class ForecastController(QObject):
    changed = Signal()  # the forecast shown, the inputs, the picks or the message changed
    busy_changed = Signal(bool)
    message = Signal(str, int)  # for the status bar: text, timeout in ms

    def __init__(self, document: ElectionDocument, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.model = ErrorModel()
        self.seed = DEFAULT_SEED
        self.source = NONE
        self.swing = 0.0
        self.poll_file: str | None = None
        self.edits: dict[str, float] = {}
        self.picks: dict[str, str] = {}
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
        self._generation = 0
        self._refused: tuple[str, str] | None = None
        # Who else needs the forecast now (the tab while shown); the map when in its mode.
        self.wanted: list[Callable[[], bool]] = []
        # The map's refresh: the forecast shown (None: none, or not computed) and its source
        self.map_sink: Callable[[Forecast | None, str], None] | None = None
        self.on_unavailable: Callable[[], None] | None = None  # leave the probability map
        self._year = document.results.year
        self._default_source()
        document.results_replaced.connect(self._on_results)

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

    # -- changes of the inputs -------------------------------------------------------------
    def set_source(self, source: str) -> None:
        if source != self.source:
            self.source = source
            self._inputs_changed()

    def set_swing(self, points: float) -> None:
        if points != self.swing:
            self.swing = points
            if self.source == RESULTS:
                self._inputs_changed()

    def open_polls(self, path: str) -> None:
        """Use a poll-averages file for the shown year; raises InputError (the line and
        field named) and keeps the inputs as they were."""
        results = self.document.results
        if results.year is None:
            raise InputError(path, "results of a known year to forecast", field="year")
        polls = load_poll_averages(path)
        inputs = inputs_from_polls(polls, previous_results(results.year),
                                   electoral_votes=results.electoral_votes, year=results.year)
        if tuple(inputs.parties) != tuple(results.axis):
            raise InputError(path, f"shares for {' and '.join(results.axis)}",
                             got=", ".join(inputs.parties))
        self.poll_file = path
        self._file_inputs = inputs
        self._file_source = polls.data_source.strip() or Path(path).name
        self.source = FILE
        self._inputs_changed()

    def set_model(self, model: ErrorModel) -> None:
        if model != self.model:
            self.model = model
            self.forecaster = None  # new errors are drawn
            self._invalidate()

    def edit_margin(self, unit: str, margin: float) -> None:
        if not (math.isfinite(margin) and abs(margin) <= 100):
            raise InputError("edit", "a margin from -100 to 100 points", field=unit,
                             got=f"{margin:g}")
        self.edits[unit] = float(margin)
        self._edits_changed()

    def edit_probability(self, unit: str, probability: float) -> None:
        """The expected margin that gives the first candidate this chance of the unit."""
        if not 0.0 < probability < 1.0:
            raise InputError("edit", "a chance over 0 and under 100 percent", field=unit,
                             got=f"{100 * probability:g}")
        self.ensure()
        if self.forecaster is None:
            return
        margin = self.forecaster.margin_for_probability(unit, probability)
        self.edit_margin(unit, max(-100.0, min(100.0, margin)))

    def reset_edits(self) -> None:
        if self.edits:
            self.edits.clear()
            self._edits_changed()

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
        nxt = self.next_pick(unit)
        name = UNITS[unit].name
        if nxt is None:
            return f"Click: release {name} (forecast)"
        return f"Click: {name} for {self._surname(nxt)} (condition the forecast)"

    def cycle(self, unit: str) -> None:
        """A click on the probability map: pick the unit for the first candidate, then the
        other, then release it; one undo step each."""
        if unit not in UNIT_CODES:
            return
        if self.busy:
            self.message.emit("Still conditioning on the last pick; one moment.", 3000)
            return
        if not self.available:
            self.message.emit(self.problem or "No forecast to condition.", 5000)
            return
        nxt = self.next_pick(unit)
        after = dict(self.picks)
        name = UNITS[unit].name
        if nxt is None:
            after.pop(unit, None)
            label = f"Release {name} (forecast)"
        else:
            after[unit] = nxt
            label = f"Forecast: {name} for {self._surname(nxt)}"
        self.request_picks(after, label)

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
        self._refused = None
        if year != self._year:
            self.poll_file = None
            self.swing = 0.0
        self._year = year
        self._default_source()
        self.forecaster = None
        self._invalidate()

    def _inputs_changed(self) -> None:
        self.edits.clear()
        self.forecaster = None
        self._invalidate()

    def _edits_changed(self) -> None:
        if self.forecaster is not None and self._base_inputs is not None:
            # the same draws, other margins: re-forecast, no new errors
            self.inputs = edit_units(self._base_inputs, self.edits) if self.edits \
                else self._base_inputs
            self.forecaster = self.forecaster.with_inputs(self.inputs)
            self._cache.clear()
            self._summarise()
        else:
            self._invalidate()

    def _invalidate(self) -> None:
        self._stale = True
        self._cache.clear()
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
        self._base_inputs = base_inputs
        self.inputs = edit_units(base_inputs, self.edits) if self.edits else base_inputs
        if self.forecaster is None:
            self.forecaster = Forecaster(self.inputs, self.model, seed=self.seed)
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
    _file_inputs: ForecastInputs | None = None
    _file_source = ""

    def _read_inputs(self) -> ForecastInputs | None:
        results = self.document.results
        year = results.year
        self.source_line = ""
        if self.source == BUNDLED and year in POLL_YEARS:
            assert year is not None
            self.source_line = bundled_poll_source(year)
            return bundled_inputs(year)
        if self.source == FILE and self._file_inputs is not None:
            self.source_line = self._file_source
            return self._file_inputs
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
        """Conditioning these picks keeps enough draws to need no fallback (a few ms)."""
        fc = self.forecaster
        if fc is None:
            return True
        if not picks:
            return True
        a = fc.inputs.parties[0]
        cols = np.array([UNIT_CODES.index(u) for u in picks], dtype=np.intp)
        signs = np.array([1.0 if p == a else -1.0 for p in picks.values()], dtype=np.float32)
        kept = int(np.count_nonzero(np.all(fc.margins[:, cols] * signs > 0, axis=1)))
        return kept >= MIN_EFFECTIVE_DRAWS

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

    def _announce(self) -> None:
        if self.base is None and not self._stale and self.document.style.mode == PROBABILITY \
                and self.on_unavailable is not None:
            self.message.emit(f"No forecast for these results ({self.problem or 'no input'}):"
                              " the map shows margins.", 10000)
            self.on_unavailable()  # leave the probability map before anything is drawn
        if self.map_sink is not None:
            self.map_sink(self._shown(), self.source_line)
        self.changed.emit()
