"""What-if panel: the mode switch, live totals and outcome, the changed units, reset."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from viewer.core.electoral import TIE
from viewer.ui.docks.details_dock import plain_label
from viewer.ui.document import ElectionDocument
from viewer.ui.models.units_model import ChangedUnitsProxy, UnitsModel


class WhatIfDock(QDockWidget):
    def __init__(self, document: ElectionDocument, units_model: UnitsModel,
                 mode_action: QAction, undo_action: QAction, redo_action: QAction,
                 parent: QWidget | None = None) -> None:
        super().__init__("What-if", parent)
        self.setObjectName("WhatIfDock")
        self.document = document
        body = QWidget()
        layout = QVBoxLayout(body)
        self.mode_button = QToolButton()
        self.mode_button.setDefaultAction(mode_action)
        self.mode_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        layout.addWidget(self.mode_button)
        self.hint = plain_label()
        layout.addWidget(self.hint)
        self.totals = plain_label()
        font = self.totals.font()
        font.setBold(True)
        self.totals.setFont(font)
        layout.addWidget(self.totals)
        self.outcome = plain_label()
        layout.addWidget(self.outcome)
        self.proxy = ChangedUnitsProxy(self)
        self.proxy.setSourceModel(units_model)
        self.changed = QTableView()
        self.changed.setModel(self.proxy)
        for col in (1, 4, 5):
            self.changed.hideColumn(col)
        self.changed.verticalHeader().setVisible(False)
        self.changed.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.changed.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.changed.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.changed.clicked.connect(
            lambda index: document.select(index.siblingAtColumn(0).data()))
        layout.addWidget(self.changed, 1)
        self.spacer = QWidget()  # takes the room while no unit is changed
        layout.addWidget(self.spacer, 1)
        buttons = QHBoxLayout()
        for action in (undo_action, redo_action):
            b = QToolButton()
            b.setDefaultAction(action)
            buttons.addWidget(b)
        self.reset = QPushButton("Reset")
        self.reset.setToolTip("Back to the official results")
        self.reset.clicked.connect(document.reset_scenario)
        buttons.addWidget(self.reset)
        layout.addLayout(buttons)
        self.setWidget(body)
        document.scenario_changed.connect(self.refresh)
        document.results_replaced.connect(self.refresh)
        document.whatif_changed.connect(self.refresh)
        self.refresh()

    def refresh(self, *_args: object) -> None:
        doc = self.document
        results = doc.results
        names = " → ".join([c.surname for c in results.candidates] + ["undecided"])
        self.hint.setText(f"What-if mode is ON: click a state to cycle {names}."
                          if doc.whatif else
                          "Turn on what-if mode, then click states to change their result. "
                          "The official results are never changed.")
        t = doc.scenario.tally()
        parts = [f"{results.candidate(p).surname} {ev}" for p, ev in t.totals.items()]
        if t.undecided:
            parts.append(f"undecided {t.undecided}")
        self.totals.setText(" · ".join(parts))
        w = t.winner
        if w == TIE:
            self.outcome.setText("269–269: a tie. No candidate has a majority, so the House of "
                                 "Representatives chooses the president, one vote per state "
                                 "delegation.")
        elif w:
            self.outcome.setText(f"{results.candidate(w).name} wins with {t.totals[w]}.")
        else:
            self.outcome.setText(f"No majority yet: 270 needed; {t.undecided} undecided.")
        n = len(doc.scenario.overrides)
        self.reset.setEnabled(n > 0)
        self.changed.setVisible(n > 0)
        self.spacer.setVisible(n == 0)
