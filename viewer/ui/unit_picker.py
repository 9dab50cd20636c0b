"""Go to a unit by typing: every unit reachable without the mouse."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QComboBox, QCompleter, QToolBar, QWidget

from viewer.core.units import UNITS
from viewer.ui.document import ElectionDocument


class UnitPicker(QToolBar):
    def __init__(self, document: ElectionDocument, parent: QWidget | None = None) -> None:
        super().__init__("Go to unit", parent)
        self.setObjectName("UnitPicker")
        self.document = document
        self.combo = QComboBox()
        self.combo.setEditable(True)
        self.combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.combo.setMinimumWidth(230)
        self.combo.setAccessibleName("Go to unit")
        self.combo.lineEdit().setPlaceholderText("Go to unit… (Ctrl+K)")
        for code, unit in sorted(UNITS.items(), key=lambda item: item[1].name):
            self.combo.addItem(f"{unit.name} ({code})", code)
        completer = QCompleter(self.combo.model(), self.combo)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.combo.setCompleter(completer)
        self.combo.setCurrentIndex(-1)
        self.combo.activated.connect(self._on_activated)
        self.addWidget(self.combo)
        self.focus_action = QAction("&Go to unit…", self)
        self.focus_action.setShortcut(QKeySequence("Ctrl+K"))
        self.focus_action.triggered.connect(self._focus)
        document.selection_changed.connect(self._show)

    def _focus(self) -> None:
        self.combo.setFocus()
        self.combo.lineEdit().selectAll()

    def _on_activated(self, index: int) -> None:
        code = self.combo.itemData(index)
        if code:
            self.document.select(code)

    def go_to(self, text: str) -> str | None:
        """Select the first unit whose name or code contains the text (as typing does)."""
        needle = text.casefold()
        for i in range(self.combo.count()):
            if needle in self.combo.itemText(i).casefold():
                self.combo.setCurrentIndex(i)
                self._on_activated(i)
                return self.combo.itemData(i)
        return None

    def _show(self, unit: str | None) -> None:
        self.combo.blockSignals(True)
        self.combo.setCurrentIndex(self.combo.findData(unit) if unit else -1)
        self.combo.blockSignals(False)
