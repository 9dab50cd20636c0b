"""Small widget helpers shared by the docks and the what-if tabs."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget


def plain_label(text: str = "") -> QLabel:
    """A wrapping, selectable label that shows its text as plain text, never as markup."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)  # never interpret data as markup
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def bold_label(text: str = "", *, wrap: bool = True, scale: float = 1.0) -> QLabel:
    """A bold plain-text label, its font ``scale`` times the usual size. By default a panel's
    heading: it wraps and is selectable like ``plain_label``. ``wrap=False``: a toolbar's
    one-line readout, which keeps QLabel's defaults (no wrapping, no selecting, no focus)."""
    label = plain_label(text) if wrap else QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)  # never interpret data as markup
    font = label.font()
    if scale != 1.0:
        font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(True)
    label.setFont(font)
    return label


def show_warning(parent: QWidget | None, title: str, text: str) -> None:
    """A warning box whose text is plain text: messages carry file names and content from
    files and feeds, which must never be read as markup (QMessageBox.warning guesses)."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok,
                      parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.exec()
