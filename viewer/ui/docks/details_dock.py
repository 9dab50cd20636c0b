"""Details of the selected unit: votes and shares, margin, swing, districts, events."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QHeaderView,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from viewer.core.electoral import TIE
from viewer.core.national import national_summary
from viewer.core.units import UNITS, districts_of
from viewer.ui.details_text import margin_text, toward_text, unit_margin_text
from viewer.ui.docks.story_charts import NationalStoryView, StateStoryView
from viewer.ui.document import Change, ElectionDocument
from viewer.ui.models.events_model import time_text
from viewer.ui.replay_bar import as_of_text
from viewer.ui.when_shown import RefreshWhenShown
from viewer.ui.widgets import bold_label, plain_label


def _fmt_int(n: int | None) -> str:
    return "—" if n is None else f"{n:,}"


class DetailsDock(RefreshWhenShown, QDockWidget):
    event_activated = Signal(str)  # event id
    year_requested = Signal(int)  # a year clicked in a story chart: the timeline goes there

    def __init__(self, document: ElectionDocument, parent: QWidget | None = None, *,
                 history_later: bool = False) -> None:
        """``history_later``: the national story waits for ``national_story.release()``
        (the window releases it once the map is on screen)."""
        super().__init__("Details", parent)
        self.setObjectName("DetailsDock")
        self.document = document
        body = QWidget()
        layout = QVBoxLayout(body)
        self.heading = bold_label("Click a state on the map", scale=1.3)
        self.summary = plain_label()
        self.votes = QTableWidget(0, 3)
        self.votes.setAccessibleName("Votes and shares by candidate")
        self.votes.setHorizontalHeaderLabels(["Candidate", "Votes", "Share"])
        self._table_setup(self.votes)
        self.margin = plain_label()
        self.districts_title = plain_label("Districts")
        self.districts = QTableWidget(0, 4)
        self.districts.setAccessibleName("District results")
        self.districts.setHorizontalHeaderLabels(["District", "EV", "Winner", "Margin"])
        self._table_setup(self.districts)
        self.events_title = plain_label("Live-blog events")
        self.events = QListWidget()
        self.events.setAccessibleName("Live-blog events mentioning the unit")
        self.events.setWordWrap(True)
        self.events.setMinimumHeight(90)
        self.events.itemActivated.connect(self._on_event_item)
        self.events.itemClicked.connect(self._on_event_item)
        # The history charts: the selected unit's story, or the nation's (story_charts.py).
        self.state_story = StateStoryView()
        self.national_story = NationalStoryView()
        if history_later:
            self.national_story.hold()
        for story in (self.state_story, self.national_story):
            story.year_clicked.connect(self.year_requested)
        for w in (self.heading, self.summary, self.votes, self.margin, self.districts_title,
                  self.districts, self.national_story, self.state_story, self.events_title,
                  self.events):
            layout.addWidget(w)
        layout.addStretch(1)
        # A scroll area, so a short dock scrolls instead of squeezing widgets onto each other.
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(body)
        self.setWidget(scroll)
        document.changed.connect(self._on_changed)
        self.unit: str | None = None
        self.show_unit(None)

    @staticmethod
    def _table_setup(table: QTableWidget) -> None:
        table.verticalHeader().setVisible(False)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        table.setWordWrap(False)
        table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def _on_changed(self, change: Change) -> None:
        unit = self.document.selected
        # An edit elsewhere leaves this page as it is; one in the unit's state (its
        # districts are listed) does not.
        touched = unit is not None and any(UNITS[u].state == UNITS[unit].state
                                           for u in change.units)
        touched = touched or (unit is None and bool(change.units))  # the national totals
        if (touched or change.selection or change.results or change.events
                or change.time_display or change.as_of or change.style):
            self.refresh_if_shown()

    def refresh(self) -> None:
        self.show_unit(self.document.selected)

    def show_unit(self, unit: str | None) -> None:
        self.unit = unit
        has = unit is not None
        for w in (self.events_title, self.events, self.state_story):
            w.setVisible(has)
        self.national_story.setVisible(not has)
        theme = self.document.style.colors
        if unit is None:
            self._show_national()
            self.national_story.show_story(self.document.results.year, theme)
            return
        self.state_story.show_unit(unit, self.document.results.year, theme)
        doc = self.document
        results = doc.results
        r = results.units[unit]
        info = UNITS[unit]
        at_large = unit in ("ME", "NE")
        name = info.name + (" (statewide, at large)" if at_large else "")
        self.heading.setText(f"{name}: {r.electoral_votes} electoral "
                             f"vote{'s' if r.electoral_votes != 1 else ''}")
        lines = []
        winner = doc.scenario.winner(unit)
        official = r.winner
        who = results.candidate(official).name if official else "not decided"
        lines.append(f"Winner: {who}")
        prev = results.previous
        pw = results.previous_winner(unit)
        if prev is not None and pw is not None and official is not None and pw != official:
            lines.append(f"Flipped: won by {prev.candidate(pw).name} in {prev.year}")
        if doc.scenario.is_changed(unit):
            now = results.candidate(winner).name if winner else "undecided"
            lines.append(f"What-if: set to {now}")
        if doc.as_of is not None:  # the map shows the replay's moment: so does this
            called = doc.display_winners()[unit]
            lines.append(f"{as_of_text(doc.as_of)}: " + (
                f"called for {results.candidate(called).name}" if called
                else "not called yet"))
        self.summary.setText("\n".join(lines))
        self._fill_votes(unit)
        self._fill_margin(unit)
        self._fill_districts(unit)
        self._fill_events(unit)

    def _show_national(self) -> None:
        """Before a click: the national picture (electoral and popular vote, margin, tipping
        point, votes cast) and how to get a state's details."""
        doc = self.document
        results = doc.results
        s = national_summary(results, doc.display_winners())
        self.heading.setText(f"National results{f', {results.year}' if results.year else ''}")
        ev = " · ".join(f"{results.candidate(p).surname} {n}"
                        for p, n in sorted(s.electoral.items(), key=lambda item: -item[1]))
        if s.undecided_ev:
            ev += f" · {'not called yet' if doc.as_of else 'undecided'} {s.undecided_ev}"
        whose = ""
        if doc.as_of is not None:
            whose = f" ({as_of_text(doc.as_of)})"
        elif doc.scenario.overrides:
            whose = " (the what-if map)"
        lines = [f"Electoral votes{whose}: {ev}; {results.to_win} to win"]
        if s.winner == TIE:
            top = max(s.electoral.values(), default=0)
            lines.append(f"{top}–{top}: a tie; the House of Representatives would choose.")
        elif s.winner:
            lines.append(f"Winner: {results.candidate(s.winner).name}")
        self.summary.setText("\n".join(lines))
        self.votes.setVisible(bool(s.popular))
        if s.popular:
            rows = [(results.candidate(v.party).name, _fmt_int(v.votes), f"{v.share:.2f}%")
                    for v in s.popular]
            if s.other_votes:
                rows.append((results.other_label, _fmt_int(s.other_votes),
                             f"{100 * s.other_votes / (s.total_votes or 1):.2f}%"))
            rows.append(("Total", _fmt_int(s.total_votes), "100%"))
            self._set_rows(rows)
        notes = []
        if s.leader is not None and s.margin_points is not None:
            notes.append(f"Popular vote: {results.candidate(s.leader).surname} "
                         f"+{s.margin_points:.2f} points ({s.margin_votes or 0:,} votes)")
        elif not s.popular:
            notes.append("Popular vote: vote counts not available")
        if s.tipping_unit is not None:
            notes.append(f"Tipping point: {UNITS[s.tipping_unit].name}, "
                         f"{margin_text(s.tipping_margin, results)} (the state that takes "
                         f"the winner to {results.to_win})")
        else:
            notes.append("Tipping point: none (no vote counts to order the states by)"
                         if not s.popular else
                         f"Tipping point: none (no candidate has {results.to_win})")
        if s.total_votes:
            turnout = f"Turnout: {s.total_votes:,} votes cast"
            change = s.turnout_change
            if change is not None and s.previous_total:
                turnout += (f", {abs(change):.1f}% {'more' if change > 0 else 'fewer'} than "
                            f"in {s.previous_year} ({s.previous_total:,})")
            notes.append(turnout)
        notes.append("Click a state (or Ctrl+K) for its own results.")
        self.margin.setText("\n".join(notes))
        self.margin.show()
        self.districts_title.hide()
        self.districts.hide()

    def _set_rows(self, rows: list[tuple[str, str, str]]) -> None:
        self.votes.setRowCount(len(rows))
        for i, row in enumerate(rows):
            for j, text in enumerate(row):
                item = QTableWidgetItem(text)
                if j:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                self.votes.setItem(i, j, item)
        self._fit_height(self.votes)

    def _fill_votes(self, unit: str) -> None:
        results = self.document.results
        r = results.units[unit]
        rows: list[tuple[str, str, str]] = []
        if r.has_votes and r.votes is not None:
            for c in results.candidates:
                share = r.share(c.party)
                rows.append((c.name, _fmt_int(r.votes.get(c.party)),
                             f"{share:.2f}%" if share is not None else "—"))
            other = (r.total or 0) - sum(r.votes.values())
            if other:
                rows.append(("Others", _fmt_int(other), f"{100 * other / (r.total or 1):.2f}%"))
            rows.append(("Total", _fmt_int(r.total), "100%"))
        else:
            rows.append(("Votes not available", "", ""))
        self.votes.show()
        self.margin.show()
        self._set_rows(rows)

    def _fill_margin(self, unit: str) -> None:
        results = self.document.results
        m = results.margin(unit)
        winner = results.units[unit].winner
        if (winner is not None and winner not in results.axis) or m is None:
            # A third-party winner: its own lead, and no swing on the other two's axis.
            self.margin.setText(f"Margin: {unit_margin_text(results, unit)}")
            return
        mv = results.margin_votes(unit) or 0
        lines = [f"Margin: {margin_text(m, results)} points ({abs(mv):,} votes)"]
        swing = results.swing(unit)
        prev = results.previous
        if swing is not None and prev is not None:
            lines.append(f"Swing since {prev.year}: {toward_text(swing, results, 2)} "
                         f"({prev.year} margin {margin_text(prev.margin(unit), prev)})")
        elif prev is None:
            lines.append("Swing: no previous election loaded")
        self.margin.setText("\n".join(lines))

    def _fill_districts(self, unit: str) -> None:
        state = UNITS[unit].state
        codes = [state, *districts_of(state)] if districts_of(state) else []
        self.districts_title.setVisible(bool(codes))
        self.districts.setVisible(bool(codes))
        if not codes:
            return
        results = self.document.results
        replay = self.document.as_of is not None
        shown = self.document.display_winners()
        self.districts.setRowCount(len(codes))
        for i, code in enumerate(codes):
            w = shown[code]
            label = f"{code} (at large)" if code == state else code
            values = (label, str(results.electoral_votes[code]),
                      results.candidate(w).surname if w else
                      "Not called yet" if replay else "Undecided",
                      unit_margin_text(results, code))
            for j, text in enumerate(values):
                self.districts.setItem(i, j, QTableWidgetItem(text))
        self._fit_height(self.districts)

    def _fill_events(self, unit: str) -> None:
        self.events.clear()
        events = self.document.events_for(unit)
        self.events_title.setText(f"Live-blog events mentioning {UNITS[unit].name}: "
                                  f"{len(events)}")
        for ev in events:
            item = QListWidgetItem(f"{time_text(ev.time, self.document.show_gmt)}  {ev.title}")
            item.setData(Qt.ItemDataRole.UserRole, ev.id)
            self.events.addItem(item)

    def _on_event_item(self, item: QListWidgetItem) -> None:
        self.event_activated.emit(item.data(Qt.ItemDataRole.UserRole))

    @staticmethod
    def _fit_height(table: QTableWidget) -> None:
        table.resizeRowsToContents()
        h = table.horizontalHeader().sizeHint().height() + 2 * table.frameWidth()
        for i in range(table.rowCount()):
            h += table.rowHeight(i)
        table.setFixedHeight(h)
