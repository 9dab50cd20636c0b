"""Edit tab: the mode switch, totals and outcome, changed units, locks, presets, codes."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QPushButton,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from viewer.core.errors import InputError
from viewer.core.outcome import outcome_sentence
from viewer.core.scenario_file import scenario_code, scenario_from_code
from viewer.core.units import UNITS
from viewer.ui.details_text import totals_text
from viewer.ui.document import Change, ElectionDocument
from viewer.ui.models.units_model import ChangedUnitsProxy, UnitsModel
from viewer.ui.replay_bar import as_of_text
from viewer.ui.when_shown import RefreshWhenShown
from viewer.ui.widgets import bold_label, plain_label, show_warning


class EditTab(RefreshWhenShown, QWidget):
    def __init__(self, document: ElectionDocument, units_model: UnitsModel,
                 mode_action: QAction, undo_action: QAction, redo_action: QAction) -> None:
        super().__init__()
        self.document = document
        layout = QVBoxLayout(self)
        self.mode_button = QToolButton()
        self.mode_button.setDefaultAction(mode_action)
        self.mode_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        layout.addWidget(self.mode_button)
        self.hint = plain_label()
        layout.addWidget(self.hint)
        self.totals = bold_label()
        layout.addWidget(self.totals)
        self.outcome = plain_label()
        layout.addWidget(self.outcome)
        presets = QHBoxLayout()
        self.battlegrounds = QPushButton("Battlegrounds undecided")
        self.battlegrounds.setToolTip("Mark Arizona, Georgia, Michigan, Nevada, North "
                                      "Carolina, Pennsylvania and Wisconsin undecided")
        self.battlegrounds.clicked.connect(document.battlegrounds)
        self.undecided = QPushButton("Selected undecided")
        self.undecided.clicked.connect(self._selected_undecided)
        presets.addWidget(self.battlegrounds)
        presets.addWidget(self.undecided)
        layout.addLayout(presets)
        # Short, so the panel stays narrow; the tooltip says what a lock does.
        self.lock = QCheckBox("Lock the selected state")
        self.lock.toggled.connect(self._on_lock)
        layout.addWidget(self.lock)
        self.proxy = ChangedUnitsProxy(self)
        self.proxy.setSourceModel(units_model)
        self.changed = QTableView()
        self.changed.setAccessibleName("Changed units")
        self.changed.setModel(self.proxy)
        shown = (UnitsModel.NAME, UnitsModel.EV, UnitsModel.WINNER, UnitsModel.OFFICIAL)
        for col in range(units_model.columnCount()):
            self.changed.setColumnHidden(col, col not in shown)
        self.changed.verticalHeader().setVisible(False)
        header = self.changed.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(UnitsModel.NAME, QHeaderView.ResizeMode.Stretch)
        self.changed.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.changed.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.changed.clicked.connect(
            lambda index: document.select(index.siblingAtColumn(0).data()))
        # Room for five changed units before it scrolls (the page scrolls when short).
        self.changed.setMinimumHeight(7 * self.changed.verticalHeader().defaultSectionSize())
        layout.addWidget(self.changed, 1)
        self.spacer = QWidget()  # takes the room while no unit is changed
        layout.addWidget(self.spacer, 1)
        codes = QHBoxLayout()
        self.copy_code = QPushButton("Copy code")
        self.copy_code.setToolTip("Copy a short code that reproduces this map in another copy")
        self.copy_code.clicked.connect(self.copy_scenario_code)
        self.paste_code = QPushButton("Paste code…")
        self.paste_code.clicked.connect(self.ask_scenario_code)
        codes.addWidget(self.copy_code)
        codes.addWidget(self.paste_code)
        layout.addLayout(codes)
        buttons = QHBoxLayout()
        for action, label in ((undo_action, "Undo"), (redo_action, "Redo")):
            buttons.addWidget(_short_button(action, label))
        self.reset = QPushButton("Reset")
        self.reset.setToolTip("Back to the official results")
        self.reset.clicked.connect(document.reset_scenario)
        buttons.addWidget(self.reset)
        layout.addLayout(buttons)
        document.changed.connect(self._on_changed)
        self.refresh_if_shown()  # hidden at start-up: filled in when first shown

    def _on_changed(self, change: Change) -> None:
        if (change.units or change.results or change.whatif or change.selection
                or change.as_of or (change.events and self.document.as_of is not None)):
            self.refresh_if_shown()

    def refresh(self, *_args: object) -> None:
        doc = self.document
        results = doc.results
        replay = doc.as_of is not None
        if replay:
            when = as_of_text(doc.as_of).replace("As of", "as of", 1)
            self.hint.setText(f"Replaying the night: the totals below are the calls {when}, "
                              "as on the map. Leave the replay (Ctrl+T) to edit the what-if "
                              "map.")
        elif doc.whatif:
            self.hint.setText("What-if mode is ON: a click gives a state to the other "
                              "candidate, the next click makes it undecided and the one "
                              "after puts the official result back. Hover a state: the "
                              "status bar says what a click does to it.")
        else:
            self.hint.setText("Turn on what-if mode, then click states to change their "
                              "result. The official results are never changed.")
        t = doc.display_tally()
        self.totals.setText(totals_text(t, results, replay=replay))
        self.outcome.setText(outcome_sentence(t, lambda p: results.candidate(p).name,
                                              replay=replay))
        n = len(doc.scenario.overrides)
        self.reset.setEnabled(n > 0)
        self.changed.setVisible(n > 0)
        self.spacer.setVisible(n == 0)
        unit = doc.selected
        self.lock.setEnabled(unit is not None)
        self.undecided.setEnabled(unit is not None)
        self.lock.blockSignals(True)
        self.lock.setChecked(unit is not None and doc.scenario.is_locked(unit))
        self.lock.setText(f"Lock {UNITS[unit].name}" if unit else "Lock the selected state")
        self.lock.setToolTip(f"Keep {UNITS[unit].name} as it is: clicks, the uniform swing and "
                             "presets leave a locked unit alone (Ctrl+L)" if unit else
                             "Select a unit on the map to lock it")
        self.lock.blockSignals(False)

    def _on_lock(self, on: bool) -> None:
        if self.document.selected:
            self.document.set_locked(self.document.selected, on)

    def _selected_undecided(self) -> None:
        unit = self.document.selected
        if unit:
            self.document.set_undecided([unit], f"Mark {UNITS[unit].name} undecided")

    def copy_scenario_code(self) -> str:
        code = scenario_code(self.document.saved_scenario())  # with the forecast's state
        QGuiApplication.clipboard().setText(code)
        return code

    def ask_scenario_code(self) -> None:
        text, ok = QInputDialog.getText(self, "Paste scenario code", "Scenario code:",
                                        text=QGuiApplication.clipboard().text()[:200])
        if ok and text.strip():
            self.apply_code(text)

    def apply_code(self, text: str) -> bool:
        try:
            scenario = scenario_from_code(text, self.document.results)
        except InputError as exc:
            show_warning(self, "Not a scenario code", str(exc))
            return False
        self.document.load_scenario(scenario, "Apply scenario code")
        return True


def _short_button(action: QAction, label: str) -> QToolButton:
    """A button for an undo-stack action that keeps a short label: the action's own text
    ("Undo Set Pennsylvania to Kamala Harris") would widen the panel; it goes in the
    tooltip instead."""
    button = QToolButton()
    button.setDefaultAction(action)

    def relabel() -> None:
        button.setText(label)
        button.setToolTip(action.text())

    action.changed.connect(relabel)
    relabel()
    return button
