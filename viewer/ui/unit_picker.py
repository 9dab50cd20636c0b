"""Go to a unit by typing: every unit reachable without the mouse."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QComboBox, QCompleter, QToolBar, QWidget

from viewer.core.units import UNITS
from viewer.ui.document import ElectionDocument


def _key(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def best_match(text: str) -> str | None:
    """The unit typed: 'pa', 'NE2', 'ne-2', 'Pennsylvania', 'penn', 'Pennsylvania (PA)'."""
    text = text.strip()
    if text.endswith(")") and "(" in text:  # a suggestion picked: "Pennsylvania (PA)"
        inner = text[text.rindex("(") + 1:-1]
        if inner in UNITS:
            return inner
    key = _key(text)
    if not key:
        return None
    by_name = sorted(UNITS.items(), key=lambda item: item[1].name)
    for test in (lambda c, n: _key(c) == key,
                 lambda c, n: _key(n) == key,
                 lambda c, n: n.casefold().startswith(text.casefold()),
                 lambda c, n: any(w.startswith(text.casefold())
                                  for w in n.casefold().split()),
                 lambda c, n: text.casefold() in f"{n} ({c})".casefold()):
        for code, unit in by_name:
            if test(code, unit.name):
                return code
    return None


class UnitPicker(QToolBar):
    def __init__(self, document: ElectionDocument, parent: QWidget | None = None) -> None:
        super().__init__("Go to state", parent)
        self.setObjectName("UnitPicker")
        self.document = document
        self.combo = QComboBox()
        self.combo.setEditable(True)
        self.combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.combo.setMinimumWidth(230)
        self.combo.setAccessibleName("Go to state")
        self.combo.lineEdit().setPlaceholderText("Go to state or district… (Ctrl+K)")
        for code, unit in sorted(UNITS.items(), key=lambda item: item[1].name):
            self.combo.addItem(f"{unit.name} ({code})", code)
        completer = QCompleter(self.combo.model(), self.combo)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.combo.setCompleter(completer)
        self.combo.setCurrentIndex(-1)
        self.combo.activated.connect(self._on_activated)
        # Enter goes to the best match of what is typed ("penn", "PA", "NE2"), whether or
        # not a suggestion was picked from the list first.
        self.combo.lineEdit().returnPressed.connect(self._on_return)
        self.addWidget(self.combo)
        self.focus_action = QAction("&Go to state…", self)
        self.focus_action.setShortcut(QKeySequence("Ctrl+K"))
        self.focus_action.triggered.connect(self._focus)
        document.changed.connect(  # after the map has painted the action
            lambda change: change.selection and self._show(document.selected))

    def _focus(self) -> None:
        self.combo.setFocus()
        self.combo.lineEdit().selectAll()

    def _on_activated(self, index: int) -> None:
        code = self.combo.itemData(index)
        if code:
            self.document.select(code)

    def _on_return(self) -> None:
        text = self.combo.lineEdit().text()
        if text.strip():
            self.go_to(text)

    def go_to(self, text: str) -> str | None:
        """Select the unit the text names: its code ("PA", "NE2"), its name, else the first
        (in the list's order) whose name starts with it, else whose name or code contains
        it. Returns the code, or None when nothing matches."""
        code = best_match(text)
        if code is None:
            return None
        i = self.combo.findData(code)
        self.combo.setCurrentIndex(i)
        self._on_activated(i)
        return code

    def _show(self, unit: str | None) -> None:
        self.combo.blockSignals(True)
        self.combo.setCurrentIndex(self.combo.findData(unit) if unit else -1)
        self.combo.blockSignals(False)
