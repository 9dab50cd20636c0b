"""Every item model and proxy in the window passes Qt's model checks (pytest-qt's
qtmodeltester), over the bundled results and events, through filter changes, flips,
inserted and edited events and a change of results."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QAbstractItemModel, QMessageLogContext, QStringListModel, QtMsgType

from tests.ui.test_window import click_unit
from viewer.core.results import load_results
from viewer.resources import default_results_path

# Where each model lives in the window.
MODELS: dict[str, Callable[[object], QAbstractItemModel]] = {
    "events": lambda w: w.events_dock.model,
    "events filter": lambda w: w.events_dock.proxy,
    "units": lambda w: w.units_model,
    "units table": lambda w: w.table_dock.proxy,
    "changed units": lambda w: w.whatif_dock.edit.proxy,
}


@pytest.fixture
def model_failures() -> Iterator[list[str]]:
    """What Qt's own model tester (QAbstractItemModelTester) reports: it reports in
    warnings of the category qt.modeltest, collected here (and asserted on by each test)
    whether or not pytest-qt captures Qt's messages (it does not under -s)."""
    from PySide6.QtCore import qInstallMessageHandler

    found: list[str] = []
    previous = None

    def handler(mode: QtMsgType, context: QMessageLogContext, message: str) -> None:
        if context.category == "qt.modeltest":
            found.append(message)
        elif previous is not None:
            previous(mode, context, message)

    previous = qInstallMessageHandler(handler)
    yield found
    qInstallMessageHandler(previous)


def watch(qtmodeltester, model: QAbstractItemModel) -> None:
    """Check the model now and after every change it signals, with both of pytest-qt's
    testers: the Python one fails the test (its assertions, in slots, are caught by
    pytest-qt), Qt's C++ one reports to ``model_failures``."""
    qtmodeltester.check(model, force_py=True)
    qtmodeltester.check(model)  # kept by qtmodeltester beside the Python one


@pytest.mark.parametrize("name", MODELS)
def test_models_pass_the_model_checks(qtbot, qtmodeltester, model_failures, window, name):
    doc = window.document
    model = MODELS[name](window)
    assert model.rowCount() > 0 or name == "changed units"
    watch(qtmodeltester, model)
    events = window.events_dock
    # filters: search words, a unit, a time, and back
    events.search.setText("pennsylvania")
    events.set_unit_filter("PA")
    events.proxy.set_until(sorted(e.time for e in doc.events)[len(doc.events) // 2])
    events.search.setText("")
    events.set_unit_filter(None)
    events.proxy.set_until(None)
    window.table_dock.filter.setText("new")
    window.table_dock.view.sortByColumn(2, window.table_dock.view.horizontalHeader()
                                        .sortIndicatorOrder())
    window.table_dock.filter.setText("")
    # flips, undo and a reset scenario (rows enter and leave the changed-units proxy)
    window.whatif_action.setChecked(True)
    for unit in ("PA", "GA", "NE-2"):
        click_unit(qtbot, window, unit, kind="box" if unit == "NE-2" else "state")
    doc.undo_stack.undo()
    doc.set_undecided(["NV", "AZ"], "Two undecided")
    doc.reset_scenario()
    # events: none, half of them, then the rest inserted between, then one edited; unread
    every = list(doc.events)
    doc.set_events([])
    doc.set_events(every[::2])
    doc.merge_events(every)
    edited = dataclasses.replace(every[0], title=every[0].title + " (updated)")
    doc.merge_events([edited])
    doc.mark_read(every[1].id)
    doc.set_show_gmt(not doc.show_gmt)
    # another election and back: every row is new
    official = doc.results
    doc.replace_results(load_results(default_results_path().with_name("results_2020.csv")))
    window.whatif_action.setChecked(True)
    doc.cycle("TX")
    doc.replace_results(official)
    assert model.rowCount() > 0 or name == "changed units"
    assert model_failures == []


class UpsideDown(QStringListModel):
    """A planted bug: it says rows 2 to 0 changed."""

    def touch(self) -> None:
        self.dataChanged.emit(self.index(2), self.index(0))


def test_the_model_checks_can_fail(qtbot, qtmodeltester, model_failures):
    model = UpsideDown(["a", "b", "c"])
    watch(qtmodeltester, model)
    with qtbot.capture_exceptions() as raised:
        model.touch()
    assert any(isinstance(e[1], AssertionError) for e in raised)  # the Python tester
    assert any("topLeft.row() <= bottomRight.row()" in m for m in model_failures)  # Qt's
