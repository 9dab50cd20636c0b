"""The year the shift map compares with (issue #16): the previous election by default, or
any election the user picks, in a box on the timeline bar or with View ▸ Compare with….
Picking a year shows the shift map; the choice stays while the timeline moves (every year
against 1960, say), and lives in the document's MapStyle (``compare``), so exports follow.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QComboBox, QInputDialog, QWidget

from viewer.render.style import MapStyle
from viewer.ui.document import ElectionDocument

PREVIOUS = "previous election"


class CompareYear(QObject):
    def __init__(self, document: ElectionDocument, years: Sequence[int],
                 parent: QWidget) -> None:
        super().__init__(parent)
        self.document = document
        self.years = sorted(years, reverse=True)  # the latest first
        self._parent = parent
        self.combo = QComboBox()
        self.combo.setAccessibleName("Shift map compares with")
        self.combo.setToolTip("The year the shift map measures each state's change in margin "
                              "against (choosing one shows the shift map)")
        self.combo.addItem(f"Shift vs {PREVIOUS}", None)
        for year in self.years:
            self.combo.addItem(f"Shift vs {year}", year)
        self.combo.activated.connect(self._on_combo)
        self.action = QAction("&Compare with…", self)
        self.action.setShortcut(QKeySequence("Ctrl+Shift+H"))
        self.action.setStatusTip("Choose the year the shift map compares with")
        self.action.triggered.connect(self.ask)
        document.style_changed.connect(self._follow)
        self._follow(document.style)

    def set_year(self, year: int | None) -> None:
        """Compare with ``year`` (None: the previous election) and show the shift map."""
        style = self.document.style.compared_with(year)
        self.document.set_style(style.with_(mode="shift"))

    def ask(self) -> None:
        items = [PREVIOUS, *map(str, self.years)]
        current = self.document.style.compare
        at = items.index(str(current)) if str(current) in items else 0
        choice, ok = QInputDialog.getItem(self._parent, "Compare with",
                                          "The shift map compares the shown year with:",
                                          items, at, False)
        if ok:
            self.set_year(None if choice == PREVIOUS else int(choice))

    def _on_combo(self, index: int) -> None:
        year = self.combo.itemData(index)
        self.set_year(year if isinstance(year, int) else None)

    def _follow(self, style: MapStyle) -> None:
        i = self.combo.findData(style.compare) if style.compare is not None else 0
        self.combo.blockSignals(True)
        self.combo.setCurrentIndex(max(0, i))
        self.combo.blockSignals(False)
