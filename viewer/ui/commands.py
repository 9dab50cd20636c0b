"""Undo commands: each wraps the core edits of one step and keeps the inverses that
applying them returned, with the swing, title and note the step set and what they were."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

from viewer.core.scenario import Edit, SetLocks, SetUnits

if TYPE_CHECKING:
    from viewer.ui.document import ElectionDocument


class ScenarioEditCommand(QUndoCommand):
    """One undo step: unit and lock edits, and optionally the swing and the title, note or
    file name it sets. Undo puts each back as it was just before the step (redo records it),
    and the document announces the whole step once. Commands in ``then`` (opening a
    scenario restores its forecast) are done after the step's own edits and undone before
    them: parts of the same step."""

    def __init__(self, document: ElectionDocument, ops: Edit | Sequence[Edit],
                 label: str | None = None, *, swing: float | None = None,
                 info: Mapping[str, str | None] | None = None,
                 parent: QUndoCommand | None = None,
                 then: Sequence[QUndoCommand] = ()) -> None:
        ops = (ops,) if isinstance(ops, SetUnits | SetLocks) else tuple(ops)
        super().__init__(label or (ops[0].label if ops else "") or "Edit scenario", parent)
        self._document = document
        self._ops: tuple[Edit, ...] = ops
        self._inverses: list[Edit] = []
        self._swing = swing  # None: the step leaves the swing alone
        self._swing_before = 0.0
        self._info = dict(info) if info else {}
        self._info_before: dict[str, str | None] = {}
        self.then = list(then)  # kept here: Python owns them

    def redo(self) -> None:
        doc = self._document
        with doc.action():
            self._inverses = [doc.apply_op(op) for op in self._ops]
            if self._swing is not None:
                self._swing_before = doc.apply_swing(self._swing)
            if self._info:
                self._info_before = doc.apply_info(self._info)
            for command in self.then:
                command.redo()

    def undo(self) -> None:
        doc = self._document
        with doc.action():
            for command in reversed(self.then):
                command.undo()
            for inverse in reversed(self._inverses):
                doc.apply_op(inverse)
            if self._swing is not None:
                doc.apply_swing(self._swing_before)
            if self._info:
                doc.apply_info(self._info_before)


SWING_COMMAND_ID = 1001


class SwingCommand(ScenarioEditCommand):
    """One slider drag is one undo step: consecutive swing steps merge."""

    def __init__(self, document: ElectionDocument, op: SetUnits, points: float) -> None:
        super().__init__(document, op, swing=points)

    @property
    def points(self) -> float:
        assert self._swing is not None
        return self._swing

    def id(self) -> int:
        return SWING_COMMAND_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, SwingCommand):
            return False
        # Keep the state before the first step (to undo to) and the last step (to redo).
        self._ops = other._ops
        self._inverses = [self._compose_inverse(other)]
        self._swing = other._swing
        self.setText(other.text())
        return True

    def _compose_inverse(self, other: SwingCommand) -> Edit:
        # Undoing the merged command must restore every unit either step touched to its
        # value before this command: the first inverse covers ours; the other's inverse
        # covers units only it touched, but its values for our units are intermediate.
        first = self._inverses[0]
        second = other._inverses[0]
        if not isinstance(first, SetUnits) or not isinstance(second, SetUnits):
            return first
        ours = dict(first.changes)
        merged = dict(second.changes)
        merged.update(ours)
        return SetUnits(tuple(merged.items()), first.label, force=True)
