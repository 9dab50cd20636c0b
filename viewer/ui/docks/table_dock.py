"""Every unit in a sortable, filterable table, its selection linked with the map. Rows are
compact; ``height_for_rows`` says how tall the dock must be to show so many (the window's
layout asks)."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QHeaderView,
    QLineEdit,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from viewer.ui.document import ElectionDocument
from viewer.ui.models.units_model import SORT_ROLE, UNIT_ROLE, UnitsModel


class TableDock(QDockWidget):
    def __init__(self, document: ElectionDocument, units_model: UnitsModel,
                 parent: QWidget | None = None) -> None:
        super().__init__("Table", parent)
        self.setObjectName("TableDock")
        self.document = document
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(units_model)
        self.proxy.setSortRole(SORT_ROLE)
        self.proxy.setFilterKeyColumn(-1)  # any column
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        body = QWidget()
        layout = QVBoxLayout(body)
        self.filter = QLineEdit()
        self.filter.setAccessibleName("Filter states and districts")
        self.filter.setPlaceholderText("Filter states and districts (name, code, winner…)")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        layout.addWidget(self.filter)
        self.view = QTableView()
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(UnitsModel.NAME, Qt.SortOrder.AscendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.verticalHeader().setVisible(False)
        # Compact rows (the style's default is about 30 px): more rows in a short window.
        self.view.verticalHeader().setDefaultSectionSize(self.view.fontMetrics().height() + 10)
        # Sized to the contents when shown, not on every edit: ResizeToContents would ask
        # the model for every cell at each flip, even while the dock is hidden.
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        units_model.modelReset.connect(self._fit_columns)
        self.view.setAccessibleName("Results table")
        self.view.selectionModel().currentRowChanged.connect(self._on_current)
        layout.addWidget(self.view)
        self.setWidget(body)
        document.changed.connect(  # after the map has painted the action
            lambda change: change.selection and self._select_row(document.selected))

    def _view_height(self, rows: int) -> int:
        """The table's height for ``rows`` rows: its header, the rows, the horizontal
        scroll bar and the frame."""
        v = self.view
        scrollbar = v.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        return (v.horizontalHeader().sizeHint().height()
                + rows * v.verticalHeader().defaultSectionSize() + scrollbar
                + 2 * v.frameWidth())

    def height_for_rows(self, rows: int) -> int:
        """The dock's height that shows ``rows`` rows: its title, the filter and the table's
        header included."""
        around = self.sizeHint().height() - self.view.sizeHint().height()  # title, filter
        return around + self._view_height(rows)

    def showEvent(self, event: object) -> None:
        super().showEvent(event)  # type: ignore[arg-type]
        self._fit_columns()

    def _fit_columns(self) -> None:
        if self.isVisible():
            self.view.resizeColumnsToContents()

    def _on_current(self, current, _previous) -> None:  # type: ignore[no-untyped-def]
        if current.isValid():
            self.document.select(current.data(UNIT_ROLE))

    def _select_row(self, unit: str | None) -> None:
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if index.data(UNIT_ROLE) == unit:
                if self.view.currentIndex().row() != row:
                    self.view.selectionModel().setCurrentIndex(
                        index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                        | QItemSelectionModel.SelectionFlag.Rows)
                    self.view.scrollTo(index)
                return
