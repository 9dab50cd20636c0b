"""The document against a plain model of what it should hold: every edit (clicks, presets,
locks, swing, reset, title, note, loading) is an undo step, and after any mix of edits,
undos and redos the winners, the swing (and the slider showing it), the locks, the title
and note and what can be undone match the model."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule
from PySide6.QtWidgets import QApplication

from viewer.core.results import load_results
from viewer.core.scenario import Scenario
from viewer.resources import default_results_path
from viewer.ui.document import ElectionDocument
from viewer.ui.whatif.swing_tab import STEPS_PER_POINT, SwingTab

RESULTS = load_results(default_results_path())
OFFICIAL = RESULTS.winners
POOL = ("PA", "WI", "MI", "GA", "AZ", "NV", "NC", "TX", "FL", "NE-2", "ME-2", "DC", "CA")
VALUES = (*RESULTS.parties, None)
TEXTS = ("", "Blue wall", "Sun Belt", "note: a long shot")


@dataclass(frozen=True)
class State:
    """What the document should show: overrides (None: undecided), locks, swing, info."""

    overrides: tuple[tuple[str, str | None], ...] = ()
    locks: frozenset[str] = frozenset()
    swing: float = 0.0
    title: str = ""
    note: str = ""
    path: str | None = None

    def winner(self, unit: str) -> str | None:
        return dict(self.overrides).get(unit, OFFICIAL[unit])

    def with_values(self, values: dict[str, str | None]) -> State:
        """The overrides after setting units: a unit set to its official winner has none."""
        overrides = dict(self.overrides)
        for unit, value in values.items():
            if value == OFFICIAL[unit]:
                overrides.pop(unit, None)
            else:
                overrides[unit] = value
        return replace(self, overrides=tuple(sorted(overrides.items())))


@dataclass
class Step:
    before: State
    after: State
    swing: bool = False  # consecutive swing steps merge into one


@dataclass
class Model:
    state: State = field(default_factory=State)
    steps: list[Step] = field(default_factory=list)
    index: int = 0

    def push(self, after: State, swing: bool = False) -> None:
        del self.steps[self.index:]
        if swing and self.steps and self.steps[-1].swing:
            self.steps[-1].after = after  # QUndoStack merges it into the step below
        else:
            self.steps.append(Step(self.state, after, swing))
        self.index = len(self.steps)
        self.state = after


def swung(state: State, points: float) -> dict[str, str | None]:
    """Winners from the official margins shifted by ``points`` (first party positive);
    locked units are left alone, a unit exactly at zero keeps its winner."""
    a, b = RESULTS.axis
    values: dict[str, str | None] = {}
    for unit in RESULTS.units:
        if unit in state.locks or RESULTS.margin(unit) is None:
            continue
        m = RESULTS.trusted_margin(unit)
        shifted = None if m is None else m + points
        values[unit] = (OFFICIAL[unit] if shifted is None or shifted == 0 else
                        a if shifted > 0 else b)
    return values


class DocumentMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        QApplication.instance() or QApplication([])
        self.doc = ElectionDocument(RESULTS)
        self.tab = SwingTab(self.doc)
        self.tab.show()  # shown, so its labels are refreshed and can be compared
        self.model = Model()
        self.announced = 0
        self.doc.scenario_changed.connect(self._count)

    def _count(self, _units: object) -> None:
        self.announced += 1

    def _act(self, after: State | None, swing: bool = False) -> None:
        """Record the expected step (None: the action changes nothing, so is no step)."""
        if after is not None and after != self.model.state:
            self.model.push(after, swing)
        assert self.announced <= 1, "one action, one scenario_changed"
        self.announced = 0

    # -- edits ----------------------------------------------------------------------
    @rule(unit=st.sampled_from(POOL))
    def click(self, unit: str) -> None:
        self.doc.cycle(unit)
        state = self.model.state
        if unit in state.locks:
            return self._act(None)
        official = OFFICIAL[unit]
        order = [official, *(p for p in RESULTS.parties if p != official), None]
        nxt = order[(order.index(state.winner(unit)) + 1) % len(order)]
        self._act(state.with_values({unit: nxt}))

    @rule(units=st.lists(st.sampled_from(POOL), min_size=1, max_size=4, unique=True))
    def undecided(self, units: list[str]) -> None:
        self.doc.set_undecided(units, "Undecided")
        state = self.model.state
        self._act(state.with_values({u: None for u in units if u not in state.locks}))

    @rule(unit=st.sampled_from(POOL), on=st.booleans())
    def lock(self, unit: str, on: bool) -> None:
        self.doc.set_locked(unit, on)
        state = self.model.state
        locks = state.locks | {unit} if on else state.locks - {unit}
        self._act(replace(state, locks=locks))

    @rule(tenths=st.integers(-60, 60))
    def drag_swing(self, tenths: int) -> None:
        self.tab.set_points(tenths / STEPS_PER_POINT)  # as the slider does
        state = self.model.state
        points = tenths / STEPS_PER_POINT
        if points == state.swing:
            return self._act(None)  # the slider is there already: no step
        self._act(replace(state.with_values(swung(state, points)), swing=points), swing=True)

    @rule()
    def reset(self) -> None:
        self.doc.reset_scenario()
        self._act(replace(self.model.state, overrides=(), swing=0.0))

    @rule(title=st.sampled_from(TEXTS))
    def set_title(self, title: str) -> None:
        self.doc.set_scenario_info(title=title)
        self._act(replace(self.model.state, title=title))

    @rule(note=st.sampled_from(TEXTS))
    def set_note(self, note: str) -> None:
        self.doc.set_scenario_info(note=note)
        self._act(replace(self.model.state, note=note))

    @rule(overrides=st.dictionaries(st.sampled_from(POOL), st.sampled_from(VALUES),
                                    max_size=5),
          locks=st.frozensets(st.sampled_from(POOL), max_size=3),
          title=st.sampled_from(TEXTS), note=st.sampled_from(TEXTS),
          path=st.sampled_from((None, "/tmp/what-if.json")))
    def load(self, overrides: dict[str, str | None], locks: frozenset[str], title: str,
             note: str, path: str | None) -> None:
        scenario = Scenario(RESULTS, dict(overrides), title, note, set(locks))
        self.doc.load_scenario(scenario, "Open", path)
        loaded = State(locks=locks, title=title, note=note, path=path).with_values(overrides)
        self._act(loaded)

    # -- history ----------------------------------------------------------------------
    @rule()
    def undo(self) -> None:
        self.doc.undo_stack.undo()
        m = self.model
        if m.index:
            m.index -= 1
            m.state = m.steps[m.index].before
        self._act(None)

    @rule()
    def redo(self) -> None:
        self.doc.undo_stack.redo()
        m = self.model
        if m.index < len(m.steps):
            m.state = m.steps[m.index].after
            m.index += 1
        self._act(None)

    # -- what must hold after every step ----------------------------------------------
    @invariant()
    def scenario_matches(self) -> None:
        state, s = self.model.state, self.doc.scenario
        assert s.overrides == dict(state.overrides)
        assert s.winners() == {u: state.winner(u) for u in RESULTS.units}
        assert s.locked == set(state.locks)
        assert (s.title, s.note, self.doc.scenario_path) == (state.title, state.note,
                                                             state.path)

    @invariant()
    def swing_matches_and_is_shown(self) -> None:
        swing = self.model.state.swing
        assert self.doc.swing_points == swing
        assert self.tab.slider.value() == round(swing * STEPS_PER_POINT)
        shown = self.tab.value.text()
        assert shown == "Swing: none (official margins)" if not swing else \
            f"{abs(swing):.1f} points" in shown

    @invariant()
    def history_matches(self) -> None:
        stack, m = self.doc.undo_stack, self.model
        assert (stack.count(), stack.index()) == (len(m.steps), m.index)
        assert stack.canUndo() == (m.index > 0)
        assert stack.canRedo() == (m.index < len(m.steps))

    def teardown(self) -> None:
        self.tab.close()
        self.tab.deleteLater()
        self.doc.deleteLater()


TestDocumentStateMachine = DocumentMachine.TestCase  # examples: the conftest profile


# -- the bug reports, step by step ---------------------------------------------------------
def _document_and_tab(qtbot) -> tuple[ElectionDocument, SwingTab]:
    doc = ElectionDocument(RESULTS)
    tab = SwingTab(doc)
    qtbot.addWidget(tab)
    tab.show()
    return doc, tab


def test_swing_reset_undo_brings_back_the_swing_with_its_units(qtbot):
    doc, tab = _document_and_tab(qtbot)
    tab.set_points(2.0)
    assert doc.scenario.winner("PA") == "DEM"
    doc.reset_scenario()
    assert (doc.swing_points, tab.slider.value(), doc.scenario.winner("PA")) == (0.0, 0, "REP")
    doc.undo_stack.undo()
    assert doc.scenario.winner("PA") == "DEM"
    assert (doc.swing_points, tab.slider.value()) == (2.0, 20)  # not "no swing"
    assert "2.0 points toward Kamala Harris" in tab.value.text()
    doc.undo_stack.redo()
    assert (doc.swing_points, tab.slider.value(), doc.scenario.winner("PA")) == (0.0, 0, "REP")


def test_a_reset_of_a_swing_that_flips_nothing_is_a_step(qtbot):
    doc, tab = _document_and_tab(qtbot)
    tab.set_points(0.1)
    assert not doc.scenario.overrides
    doc.reset_scenario()
    assert tab.slider.value() == 0
    doc.undo_stack.undo()
    assert tab.slider.value() == 1


def test_loading_is_undone_with_its_title_note_and_swing(qtbot):
    doc, tab = _document_and_tab(qtbot)
    tab.set_points(-1.0)
    doc.load_scenario(Scenario(RESULTS, {"TX": "DEM"}, "Lone Star", "a dream"), "Open",
                      "/tmp/tx.json")
    assert (doc.scenario.title, doc.scenario.note, doc.swing_points) == ("Lone Star",
                                                                          "a dream", 0.0)
    doc.undo_stack.undo()
    assert (doc.scenario.title, doc.scenario.note, doc.scenario_path) == ("", "", None)
    assert (doc.swing_points, tab.slider.value()) == (-1.0, -10)
    assert doc.undo_stack.count() == 2  # the swing, then the load: one step each


def test_title_and_note_are_undo_steps(qtbot):
    doc, _tab = _document_and_tab(qtbot)
    doc.set_scenario_info(title="Blue wall")
    doc.set_scenario_info(note="PA, WI and MI")
    doc.set_scenario_info(title="Blue wall")  # no change: no step
    assert doc.undo_stack.count() == 2
    doc.undo_stack.undo()
    assert (doc.scenario.title, doc.scenario.note) == ("Blue wall", "")
    doc.undo_stack.undo()
    assert doc.scenario.title == ""


def test_a_click_on_a_locked_unit_is_no_undo_step(qtbot):
    doc, _tab = _document_and_tab(qtbot)
    doc.set_locked("PA", True)
    doc.cycle("PA")
    doc.set_undecided(["PA"], "Undecided")
    assert doc.undo_stack.count() == 1  # the lock only
    assert doc.scenario.winner("PA") == "REP"
