"""The live-blog sidebar: events newest first, a search box, a unit filter chip, and the
selected event's full text. Selecting an event outlines the units it mentions."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from viewer.core.events import LiveEvent
from viewer.core.units import UNITS
from viewer.ui.details_text import event_text
from viewer.ui.document import ElectionDocument
from viewer.ui.models.events_model import EVENT_ROLE, EventsFilterProxy, EventsModel


class EventsDock(QDockWidget):
    restore_requested = Signal(str)  # the results file whose set-aside live blog to bring back

    def __init__(self, document: ElectionDocument, parent: QWidget | None = None) -> None:
        super().__init__("Live blog", parent)
        self.setObjectName("EventsDock")
        self.document = document
        self.model = EventsModel(document)
        self.proxy = EventsFilterProxy(document)
        self.proxy.setSourceModel(self.model)
        body = QWidget()
        layout = QVBoxLayout(body)
        self.source = QLabel()
        self.source.setTextFormat(Qt.TextFormat.PlainText)  # a feed's own words: never markup
        self.source.setWordWrap(True)
        self.source.hide()
        layout.addWidget(self.source)
        self.snapshot = QLabel()
        self.snapshot.setTextFormat(Qt.TextFormat.PlainText)
        self.snapshot.setWordWrap(True)
        self.snapshot.hide()
        layout.addWidget(self.snapshot)
        # Another year's results are shown: the live blog of the election it was about is
        # set aside, and this says so, with the way back.
        self.aside = QLabel()
        self.aside.setTextFormat(Qt.TextFormat.PlainText)
        self.aside.setWordWrap(True)
        self.aside.hide()
        layout.addWidget(self.aside)
        self.aside_button = QPushButton()
        self.aside_button.hide()
        self.aside_button.clicked.connect(self._restore_set_aside)
        layout.addWidget(self.aside_button)
        self.search = QLineEdit()
        self.search.setAccessibleName("Search events")
        self.search.setPlaceholderText("Search events…")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.set_search)
        self.chip = QPushButton()
        self.chip.setToolTip("Remove the filter")
        self.chip.clicked.connect(lambda: self.set_unit_filter(None))
        self.chip.hide()
        row = QHBoxLayout()
        row.addWidget(self.search, 1)
        row.addWidget(self.chip)
        layout.addLayout(row)
        self.view = QListView()
        self.view.setAccessibleName("Live-blog events")
        self.view.setModel(self.proxy)
        self.view.setWordWrap(True)
        self.view.setAlternatingRowColors(True)
        self.view.setUniformItemSizes(False)
        # Rows are measured a batch at a time between events, so a feed of 10,000 items
        # does not hold the window while every wrapped row is laid out.
        self.view.setLayoutMode(QListView.LayoutMode.Batched)
        self.view.setBatchSize(100)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.selectionModel().selectionChanged.connect(self._on_selection)
        layout.addWidget(self.view, 3)
        self.text = QPlainTextEdit()  # plain text: feed content is never rendered as markup
        self.text.setAccessibleName("Selected event text")
        self.text.setReadOnly(True)
        self.text.setPlaceholderText("Select an event to read it.")
        layout.addWidget(self.text, 2)
        self.setWidget(body)
        self._update_title()
        self.proxy.rowsInserted.connect(self._update_title)
        self.proxy.rowsRemoved.connect(self._update_title)
        self.proxy.modelReset.connect(self._update_title)
        self.proxy.layoutChanged.connect(self._update_title)
        document.unread_changed.connect(self._update_title)
        # One selection everywhere: the map, the keys, the table, the picker, the snake.
        # Filtered once the action is over, after the map has painted it.
        document.changed.connect(
            lambda change: change.selection and self.set_unit_filter(document.selected))
        document.events_changed.connect(self._show_set_aside)
        self._show_set_aside()
        # Keep the reader's place when new events arrive above what they are reading.
        self._anchor: str | None = None
        self.proxy.rowsAboutToBeInserted.connect(self._remember_place)
        self.proxy.rowsInserted.connect(self._restore_place)

    def _update_title(self, *_args: object) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        title = (f"Live blog ({shown} of {total})" if shown != total
                 else f"Live blog ({total})")
        unread = len(self.document.unread)
        self.setWindowTitle(f"{title} · {unread} new" if unread else title)

    def set_source_text(self, text: str) -> None:
        self.source.setText(text)
        self._show_set_aside()

    def set_snapshot_lines(self, heading: str, lines: list[str]) -> None:
        self.snapshot.setText("\n".join([heading, *lines]) if lines else "")
        self._show_set_aside()

    def _show_set_aside(self) -> None:
        aside = self.document.set_aside_blog()
        shown = self.document.results.year
        if aside is not None:
            year = aside[0] or "another election"
            self.aside.setText(f"The live blog for {year} is set aside: its events are "
                               f"about the {year} election, not the {shown or 'shown'} "
                               "results. Open a live blog for these results, or go back.")
            # Short: a wider button would widen the dock, and the map would shrink as
            # the timeline leaves the blog's year.
            self.aside_button.setText(f"Back to {year}")
            self.aside_button.setToolTip(f"Back to the {year} results and live blog")
        self.aside.setVisible(aside is not None)
        self.aside_button.setVisible(aside is not None)
        # The source and the results it quoted belong to the blog set aside.
        self.source.setVisible(aside is None and bool(self.source.text()))
        self.snapshot.setVisible(aside is None and bool(self.snapshot.text()))

    def _restore_set_aside(self) -> None:
        aside = self.document.set_aside_blog()
        if aside is not None:
            self.restore_requested.emit(aside[1])

    def _remember_place(self, *_args: object) -> None:
        top = self.view.indexAt(self.view.viewport().rect().topLeft())
        at_top = self.view.verticalScrollBar().value() == 0
        self._anchor = None if (at_top or not top.isValid()) else top.data(EVENT_ROLE).id

    def _restore_place(self, *_args: object) -> None:
        if self._anchor is None:
            return
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if index.data(EVENT_ROLE).id == self._anchor:
                self.view.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtTop)
                break
        self._anchor = None

    def set_unit_filter(self, unit: str | None) -> None:
        self.proxy.set_unit_filter(unit)
        if unit is None:
            self.chip.hide()
        else:
            self.chip.setText(f"{UNITS[unit].name}  ✕")
            self.chip.show()
        self._update_title()

    def selected_event(self) -> LiveEvent | None:
        indexes = self.view.selectionModel().selectedIndexes()
        return indexes[0].data(EVENT_ROLE) if indexes else None

    def select_event(self, event_id: str) -> bool:
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if index.data(EVENT_ROLE).id == event_id:
                self.view.setCurrentIndex(index)
                self.view.scrollTo(index)
                return True
        return False

    def _on_selection(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        ev = self.selected_event()
        if ev is None:
            self.text.clear()
            self.document.set_highlight(())
            return
        self.text.setPlainText(event_text(ev, self.document.show_gmt, self.document.results))
        self.document.set_highlight(ev.units)
        self.document.mark_read(ev.id)

    def row_index(self, row: int) -> QModelIndex:
        return self.proxy.index(row, 0)

    def clear_selection(self) -> None:
        self.view.clearSelection()
        self.view.setCurrentIndex(QModelIndex())
        self.document.set_highlight(())



