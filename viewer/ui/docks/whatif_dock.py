"""The what-if panel: edit, paths to 270, swing, comparison and forecast as tabs."""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QScrollArea, QTabWidget, QWidget

from viewer.ui.document import ElectionDocument
from viewer.ui.models.units_model import UnitsModel
from viewer.ui.whatif.compare_tab import CompareTab
from viewer.ui.whatif.edit_tab import EditTab
from viewer.ui.whatif.paths_tab import PathsTab
from viewer.ui.whatif.swing_tab import SwingTab


class WhatIfDock(QDockWidget):
    def __init__(self, document: ElectionDocument, units_model: UnitsModel,
                 mode_action: QAction, undo_action: QAction, redo_action: QAction,
                 parent: QWidget | None = None, *, forecast: QWidget | None = None) -> None:
        super().__init__("What-if", parent)
        self.setObjectName("WhatIfDock")
        self.tabs = QTabWidget()
        self.edit = EditTab(document, units_model, mode_action, undo_action, redo_action)
        self.paths = PathsTab(document)
        self.swing = SwingTab(document)
        self.compare = CompareTab(document)
        self.tabs.addTab(_scrolling(self.edit), "Edit")
        self.tabs.addTab(self.paths, "")  # scrolls its own summary; named by _name_paths
        self.tabs.addTab(_scrolling(self.swing), "Swing")
        self.tabs.addTab(_scrolling(self.compare), "Compare")
        self.forecast = forecast  # the Forecast tab (forecast_tab.py), built by the window
        if forecast is not None:
            self.tabs.addTab(_scrolling(forecast), "Forecast")
            # five tabs in the width four took: a little less padding on each
            self.tabs.tabBar().setStyleSheet("QTabBar::tab { padding: 4px 7px; }")
        self.setWidget(self.tabs)
        self.document = document
        self._name_paths()
        document.changed.connect(lambda change: change.results and self._name_paths())

    def _name_paths(self) -> None:
        """The paths tab names the year's majority: "Paths to 270", "Paths to 148" (1836)."""
        self.tabs.setTabText(self.tabs.indexOf(self.paths),
                             f"Paths to {self.document.results.to_win}")

    def show_tab(self, tab: QWidget) -> None:
        for i in range(self.tabs.count()):
            page = self.tabs.widget(i)
            if page is tab or (isinstance(page, QScrollArea) and page.widget() is tab):
                self.tabs.setCurrentIndex(i)
                return


def _scrolling(widget: QWidget) -> QScrollArea:
    """A short dock scrolls instead of squeezing the tab's widgets onto each other."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setWidget(widget)
    return area
