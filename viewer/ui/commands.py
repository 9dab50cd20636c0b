"""Undo commands: each wraps one core edit and keeps the inverse that applying it returned."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

from viewer.core.scenario import Edit, SetUnits

if TYPE_CHECKING:
    from viewer.ui.document import ElectionDocument


class ScenarioEditCommand(QUndoCommand):
    def __init__(self, document: ElectionDocument, op: Edit,
                 parent: QUndoCommand | None = None) -> None:
        super().__init__(op.label or "Edit scenario", parent)
        self._document = document
        self._op = op
        self._inverse: Edit | None = None

    def redo(self) -> None:
        self._inverse = self._document.apply_op(self._op)

    def undo(self) -> None:
        assert self._inverse is not None
        self._document.apply_op(self._inverse)


SWING_COMMAND_ID = 1001


class SwingCommand(ScenarioEditCommand):
    """One slider drag is one undo step: consecutive swing steps merge."""

    def __init__(self, document: ElectionDocument, op: SetUnits, points: float,
                 previous_points: float) -> None:
        super().__init__(document, op)
        self.points = points
        self._previous_points = previous_points

    def id(self) -> int:
        return SWING_COMMAND_ID

    def redo(self) -> None:
        super().redo()
        self._document.set_swing_points(self.points)

    def undo(self) -> None:
        super().undo()
        self._document.set_swing_points(self._previous_points)

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, SwingCommand):
            return False
        # Keep the state before the first step (to undo to) and the last step (to redo).
        self._op = other._op
        self._inverse = self._compose_inverse(other)
        self.points = other.points
        self.setText(other.text())
        return True

    def _compose_inverse(self, other: SwingCommand) -> Edit | None:
        # Undoing the merged command must restore every unit either step touched to its
        # value before this command: the first inverse covers ours; the other's inverse
        # covers units only it touched, but its values for our units are intermediate.
        first = self._inverse
        second = other._inverse
        if not isinstance(first, SetUnits) or not isinstance(second, SetUnits):
            return first
        ours = dict(first.changes)
        merged = dict(second.changes)
        merged.update(ours)
        return SetUnits(tuple(merged.items()), first.label, force=True)
