"""Undo commands: each wraps one core edit and keeps the inverse that applying it returned."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

from viewer.core.scenario import SetUnits

if TYPE_CHECKING:
    from viewer.ui.document import ElectionDocument


class ScenarioEditCommand(QUndoCommand):
    def __init__(self, document: ElectionDocument, op: SetUnits) -> None:
        super().__init__(op.label or "Edit scenario")
        self._document = document
        self._op = op
        self._inverse: SetUnits | None = None

    def redo(self) -> None:
        self._inverse = self._document.apply_op(self._op)

    def undo(self) -> None:
        assert self._inverse is not None
        self._document.apply_op(self._inverse)
