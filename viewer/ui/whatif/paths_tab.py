"""Paths tab: exact counts over every outcome of the undecided units, smallest winning
combinations, must-win and never-needed units, a what-if-this-unit split, and for up to
nine undecided units the tree of paths (largest unit first)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QScrollArea,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from viewer.core.paths import PathsResult, paths_in, split_in
from viewer.core.results import ElectionResults
from viewer.core.units import UNITS
from viewer.ui.details_text import count_text
from viewer.ui.document import Change, ElectionDocument
from viewer.ui.replay_bar import as_of_text
from viewer.ui.when_shown import RefreshWhenShown
from viewer.ui.widgets import plain_label

TREE_LIMIT = 9


class PathsTab(RefreshWhenShown, QWidget):
    def __init__(self, document: ElectionDocument) -> None:
        super().__init__()
        self.document = document
        self.result: PathsResult | None = None
        # Counts, the split and the tree of paths, in one page that scrolls as a whole.
        top = QWidget()
        layout = QVBoxLayout(top)
        self.summary = plain_label()
        layout.addWidget(self.summary)
        row = QHBoxLayout()
        row.addWidget(plain_label("If"))
        self.split_unit = QComboBox()
        self.split_unit.setAccessibleName("Unit to split the paths on")
        self.split_unit.currentIndexChanged.connect(self._show_split)
        row.addWidget(self.split_unit, 1)
        layout.addLayout(row)
        self.split = plain_label()
        layout.addWidget(self.split)
        self.tree_title = plain_label()
        layout.addWidget(self.tree_title)
        self.tree = QTreeWidget()
        self.tree.setAccessibleName("Paths to a majority")
        # The counts in the second column are outcomes, not votes: the headers say so.
        self.tree.setHeaderLabels(["If this unit goes to…", "…outcomes each wins"])
        header = self.tree.headerItem()
        header.setToolTip(0, "Each branch gives one undecided unit to one candidate, the "
                             "largest unit first; the branches below it decide the rest.")
        header.setToolTip(1, "Of the outcomes below this branch (every undecided unit either "
                             "way, each counted once), how many each candidate wins; a branch "
                             "that no longer depends on the rest names its winner.")
        self.tree.setColumnWidth(0, 150)
        self.tree.setMinimumHeight(9 * self.fontMetrics().height() + 30)  # about eight rows
        layout.addWidget(self.tree, 1)
        layout.addStretch(0)  # takes the room only while the tree is hidden
        # One scrolling page: the summary is never cut off by a pane boundary, and the tree
        # keeps room for its rows below it.
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(top)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        document.changed.connect(self._on_changed)
        self.refresh_if_shown()  # hidden at start-up: computed when first shown

    def _on_changed(self, change: Change) -> None:
        if (change.units or change.results or change.as_of
                or (change.events and self.document.as_of is not None)):
            self.refresh_if_shown()

    def refresh(self, *_args: object) -> None:
        doc = self.document
        results = doc.results
        winners = doc.display_winners()  # during a replay: the calls by then
        replay = (f"{as_of_text(doc.as_of)} (the replay): the states and districts not "
                  "called yet are the undecided ones.\n" if doc.as_of is not None else "")
        if len(results.parties) < 2 or all(w is not None for w in winners.values()):
            self.result = None
            self.summary.setText(replay + "No state or district is undecided. Mark some "
                                 "undecided (Edit tab: 'Battlegrounds undecided', or click a "
                                 "state twice in what-if mode) to count every way the rest "
                                 "could go.")
            self.split_unit.clear()
            self.split.clear()
            self.tree.clear()
            self.tree_title.clear()
            self.tree.hide()
            return
        r = paths_in(results, winners, smallest_limit=4)
        self.result = r
        self.summary.setText(replay + describe(r, results))
        self.split_unit.blockSignals(True)
        current = self.split_unit.currentData()
        self.split_unit.clear()
        for u in r.undecided:
            self.split_unit.addItem(f"{UNITS[u].name} ({results.electoral_votes[u]}) goes…", u)
        if current in r.undecided:
            self.split_unit.setCurrentIndex(r.undecided.index(current))
        self.split_unit.blockSignals(False)
        self._show_split()
        self._fill_tree(results, winners, r)

    def _show_split(self, *_args: object) -> None:
        unit = self.split_unit.currentData()
        if unit is None or self.result is None:
            self.split.clear()
            return
        results = self.document.results
        s = split_in(results, self.document.display_winners(), unit)
        lines = []
        for party, counts in zip(results.axis, (s.if_first, s.if_second), strict=True):
            who = results.candidate(party).surname
            parts = ", ".join(f"{results.candidate(p).surname} wins {counts[p]:,}"
                              for p in results.axis)
            lines.append(f"…to {who}: {parts}, ties {counts['ties']:,} "
                         f"of {counts['total']:,}")
        self.split.setText("\n".join(lines))

    def _fill_tree(self, results: ElectionResults, winners: dict[str, str | None],
                   r: PathsResult) -> None:
        self.tree.clear()
        if len(r.undecided) > TREE_LIMIT:
            self.tree_title.setText(f"The tree of paths is drawn for up to {TREE_LIMIT} "
                                    "undecided states and districts.")
            self.tree.hide()
            return
        self.tree_title.setText("Paths (largest unit first; settled branches collapsed):")
        self.tree.show()
        a, b = results.axis
        settled = settled_outcome(r.base[a], r.base[b], len(r.undecided), results)
        if settled is not None:
            self.tree.addTopLevelItem(QTreeWidgetItem(["Already decided", settled[0]]))
            return
        build_tree(self.tree.invisibleRootItem(), list(r.undecided), r.base[a], r.base[b],
                   results)
        self.tree.expandToDepth(1)


def describe(r: PathsResult, results: ElectionResults) -> str:
    n = len(r.undecided)
    need = results.to_win
    lines = [f"{n} {'state or district' if n == 1 else 'states and districts'} undecided: "
             f"{count_text(r.total, 'possible outcome')}, each counted once (a count of "
             "combinations, all weighted equally, not a chance of winning)."]
    for p in r.parties:
        c = results.candidate(p)
        lines.append(f"{c.name}: {r.base[p]} decided; wins "
                     f"{count_text(r.wins[p], 'outcome')} ({100 * r.share(p):.1f}%).")
        if r.smallest[p]:
            combos = "; ".join(" + ".join(UNITS[u].name for u in s) if s
                               else f"already {need}" for s in r.smallest[p])
            lines.append(f"    Smallest ways to {need}: {combos}")
        if r.must_win[p]:
            lines.append(f"    Must win: {', '.join(UNITS[u].name for u in r.must_win[p])}")
        if r.not_needed[p] and r.wins[p]:
            lines.append("    Never needs: "
                         + ", ".join(UNITS[u].name for u in r.not_needed[p]))
    half = _tie_at(results)
    ties = f"{half}–{half} ties: {r.ties:,}. " if half is not None else ""
    lines.append(f"{ties}No majority: {r.no_majority:,}.")
    return "\n".join(lines)


def build_tree(parent: QTreeWidgetItem, units: list[str], a_total: int, b_total: int,
               results: ElectionResults) -> tuple[int, int, int]:
    """Branch on the largest remaining unit; a branch whose result no longer depends on
    the rest is a leaf. Returns the (first party wins, second wins, ties) below ``parent``."""
    a, b = results.axis
    unit, rest = units[0], units[1:]
    ev = results.electoral_votes[unit]
    totals = (0, 0, 0)
    for party in (a, b):
        item = QTreeWidgetItem([f"{UNITS[unit].name} → {results.candidate(party).surname}",
                                ""])
        parent.addChild(item)
        na, nb = (a_total + ev, b_total) if party == a else (a_total, b_total + ev)
        settled = settled_outcome(na, nb, len(rest), results)
        if settled is not None:
            text, counts = settled
            item.setText(1, text)
        else:
            counts = build_tree(item, rest, na, nb, results)
            item.setText(1, _summary(counts, results))
        totals = (totals[0] + counts[0], totals[1] + counts[1], totals[2] + counts[2])
    return totals


def settled_outcome(a_total: int, b_total: int, n_left: int, results: ElectionResults,
                    ) -> tuple[str, tuple[int, int, int]] | None:
    """The result if it no longer depends on the ``n_left`` undecided units, else None."""
    a, b = results.axis
    outcomes = 1 << n_left
    if a_total >= results.to_win:
        return f"{results.candidate(a).surname} wins ({a_total}+)", (outcomes, 0, 0)
    if b_total >= results.to_win:
        return f"{results.candidate(b).surname} wins ({b_total}+)", (0, outcomes, 0)
    if n_left == 0:
        half = _tie_at(results)
        if half is not None and a_total == b_total == half:
            return f"{half}–{half} tie", (0, 0, 1)
        return "no majority", (0, 0, 0)
    return None


def _tie_at(results: ElectionResults) -> int | None:
    """Where the two leading candidates tie with nobody else holding votes, if anywhere:
    269 of 538; no two-way tie in 1960 (537) or while Byrd or Wallace hold votes."""
    total = results.total_electoral_votes
    others = sum(n for p, n in results.tally().totals.items() if p not in results.axis)
    return total // 2 if total % 2 == 0 and others == 0 else None


def _summary(counts: tuple[int, int, int], results: ElectionResults) -> str:
    a, b = results.axis
    wa, wb, ties = counts
    parts = [f"{results.candidate(a).surname} {wa}", f"{results.candidate(b).surname} {wb}"]
    if ties:
        parts.append(f"tie {ties}")
    return " · ".join(parts)
