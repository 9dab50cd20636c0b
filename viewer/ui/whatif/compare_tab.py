"""Compare tab: how the scenario differs from the official results."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from viewer.core.units import UNITS
from viewer.ui.document import Change, ElectionDocument
from viewer.ui.when_shown import RefreshWhenShown
from viewer.ui.widgets import plain_label


class CompareTab(RefreshWhenShown, QWidget):
    def __init__(self, document: ElectionDocument) -> None:
        super().__init__()
        self.document = document
        layout = QVBoxLayout(self)
        self.summary = plain_label()
        layout.addWidget(self.summary)
        self.table = QTableWidget(0, 4)
        self.table.setAccessibleName("Differences from the official results")
        self.table.setHorizontalHeaderLabels(["State or district", "EV", "Official", "Scenario"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.cellClicked.connect(
            lambda row, _col: document.select(self.table.item(row, 0).text().split()[0]))
        layout.addWidget(self.table, 1)
        document.changed.connect(self._on_changed)
        self.refresh_if_shown()  # hidden at start-up: computed when first shown

    def _on_changed(self, change: Change) -> None:
        if change.units or change.results or change.info or change.as_of:
            self.refresh_if_shown()

    def refresh(self, *_args: object) -> None:
        doc = self.document
        results = doc.results
        s = doc.scenario
        changed = s.changed_units()
        official = results.winners
        moved: dict[str, int] = {}
        for u in changed:
            ev = results.electoral_votes[u]
            before, after = official[u], s.winner(u)
            if before:
                moved[before] = moved.get(before, 0) - ev
            if after:
                moved[after] = moved.get(after, 0) + ev
        t = s.tally()
        base_totals = results.tally(official).totals
        name = s.title or "This scenario"
        note = ("\nThis compares the what-if scenario with the final results, not the "
                "replay's moment shown on the map." if doc.as_of is not None else "")
        if not changed:
            self.summary.setText(f"{name} matches the official results.{note}")
        else:
            n = len(changed)
            where = "1 state or district" if n == 1 else f"{n} states and districts"
            lines = [f"{name} differs from the official results in {where}."]
            for p in results.parties:
                c = results.candidate(p)
                delta = moved.get(p, 0)
                lines.append(f"{c.name}: {base_totals[p]} → {t.totals.get(p, 0)} "
                             f"({delta:+d})")
            if t.undecided:
                lines.append(f"Undecided: {t.undecided}")
            self.summary.setText("\n".join(lines) + note)
        self.table.setRowCount(len(changed))
        for row, u in enumerate(changed):
            after = s.winner(u)
            values = (f"{u} {UNITS[u].name}" + (" (locked)" if s.is_locked(u) else ""),
                      str(results.electoral_votes[u]),
                      results.candidate(official[u]).surname if official[u] else "undecided",
                      results.candidate(after).surname if after else "undecided")
            for col, text in enumerate(values):
                self.table.setItem(row, col, QTableWidgetItem(text))
