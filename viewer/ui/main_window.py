"""The main window: map in the centre, live blog, details and what-if as docks."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QWidget,
)

from viewer.core.errors import InputError
from viewer.core.history import Bundle
from viewer.core.national import national_summary
from viewer.core.results import ElectionResults
from viewer.core.results_formats import YearNeeded, read_results
from viewer.core.shapes import MapShapes
from viewer.core.units import UNITS
from viewer.render.style import LIVE, PROBABILITY
from viewer.resources import data_dir
from viewer.ui import frames_ahead
from viewer.ui.animation_export import AnimationExport
from viewer.ui.compare_year import CompareYear
from viewer.ui.details_text import totals_text
from viewer.ui.docks.details_dock import DetailsDock
from viewer.ui.docks.events_dock import EventsDock
from viewer.ui.docks.snake_dock import SnakeDock
from viewer.ui.docks.table_dock import TableDock
from viewer.ui.docks.whatif_dock import WhatIfDock
from viewer.ui.document import Change, ElectionDocument
from viewer.ui.export_dialog import MapExport
from viewer.ui.forecast_controller import ForecastController
from viewer.ui.idle_gc import IdleCollector
from viewer.ui.launch import settle_heap
from viewer.ui.live_results import LiveResultsController
from viewer.ui.liveblog_controller import LiveBlogController
from viewer.ui.map_canvas import MapCanvas
from viewer.ui.models.units_model import UnitsModel
from viewer.ui.replay_bar import ReplayBar, as_of_text
from viewer.ui.scenario_files import ScenarioFiles
from viewer.ui.settings import app_settings, settings_problem
from viewer.ui.time_link import TimeLink
from viewer.ui.timeline import Timeline
from viewer.ui.unit_picker import UnitPicker
from viewer.ui.view_style import StyleActions
from viewer.ui.whatif.forecast_tab import ForecastTab
from viewer.ui.widgets import show_warning
from viewer.ui.window_layout import WindowLayout

if TYPE_CHECKING:  # imported when a live blog is opened: QtNetwork is not needed before
    from viewer.ui.liveblog_source import LiveBlogSource

HEAP_SETTLE_MS = 1500  # after the last year change: the user has paused


class MainWindow(QMainWindow):
    # The map's first paint has reached the screen: what start-up leaves until then (the
    # national story, which reads every election; the launcher's heap settling) starts.
    first_shown = Signal()

    def __init__(self, document: ElectionDocument, shapes: MapShapes,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("MainWindow")
        self.document = document
        # The saved map view first, so that the map is built once, in the right style.
        self.style_actions = StyleActions(document, self)
        self.style_actions.read_settings()
        self.canvas = MapCanvas(document, shapes, self)
        self._hover_message = ""  # the status line last written for the unit under the pointer
        # brought up to date once an action has painted (not before: it is text for later)
        self._hover_refresh = QTimer(self)
        self._hover_refresh.setSingleShot(True)
        self._hover_refresh.setInterval(0)
        self._hover_refresh.timeout.connect(self._refresh_hover_message)
        # The timeline reads every election (the state's story, the same-since map): a
        # heap of objects that live as long as the app. Left to the collector, each full
        # collection walks them all (≈ 150 ms pauses in the middle of a scrub or Play);
        # once the user pauses, they are moved out of its reach as start-up's were.
        self._heap_settle = QTimer(self)
        self._heap_settle.setSingleShot(True)
        self._heap_settle.setInterval(HEAP_SETTLE_MS)
        self._heap_settle.timeout.connect(settle_heap)
        # Young objects collected while the map is still, not in the middle of a click.
        self.idle_gc = IdleCollector(self)
        self.canvas.painted.connect(self.idle_gc.activity)
        if frames_ahead.enabled():  # the timeline's maps drawn in another process
            self.canvas.frames = frames_ahead.FramesAhead()
        self.setCentralWidget(self.canvas)
        self.units_model = UnitsModel(document)
        self.files = ScenarioFiles(document, self)
        self.exporter = MapExport(document, lambda: self.canvas.shapes, self)
        self.animation_export = AnimationExport(document, lambda: self.canvas.shapes, self)
        self.live_blog = LiveBlogController(document, self)
        self._create_actions()
        self._create_docks()
        self._connect_forecast()
        self.replay = ReplayBar(document, self)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.replay)
        self._connect_live_results()
        self.picker = UnitPicker(document, self)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.picker)
        self.map_view_bar = self.style_actions.toolbar(self)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.map_view_bar)
        self.timeline = Timeline(document, Bundle(data_dir()).years(), self.show_year, self)
        self.addToolBar(Qt.ToolBarArea.BottomToolBarArea, self.timeline)
        # The year the shift map compares with: a box on the timeline bar, View ▸ Compare with…
        self.compare_year = CompareYear(document, self.timeline.years, self)
        self.timeline.addWidget(self.compare_year.combo)
        self.details_dock.year_requested.connect(self.timeline.go_to)  # the story charts
        self.window_layout = WindowLayout(
            self, events=self.events_dock, details=self.details_dock, whatif=self.whatif_dock,
            bottom=(self.snake_dock, self.table_dock),
            toolbars=(self.replay, self.picker, self.map_view_bar), map_widget=self.canvas)
        document.whatif_changed.connect(self.window_layout.on_whatif_mode)
        document.as_of_changed.connect(self._on_as_of)
        self._create_menus()
        self._create_status_bar()
        self.canvas.unit_clicked.connect(self.on_unit_clicked)
        self.canvas.unit_hovered.connect(self._on_hover)
        document.changed.connect(self._hover_refresh.start)
        document.undo_stack.cleanChanged.connect(self._on_clean_changed)
        document.whatif_changed.connect(self._on_whatif_changed)
        document.changed.connect(self._on_document_changed)
        document.events_added.connect(self._update_status)  # a replay's live edge moves
        document.results_replaced.connect(self._update_title)
        document.scenario_info_changed.connect(self._update_title)
        self.files.recent_changed.connect(self._fill_recent)
        self.files.claims_imported.connect(self._show_comparison)
        self._connect_reports()
        self._update_title()
        self._update_status()
        self.resize(*self._first_size())
        self.read_settings()

    # -- construction ---------------------------------------------------------------
    def _first_size(self) -> tuple[int, int]:
        """Before any size is remembered: 1600×1000, or most of a smaller screen, so the map
        is not squeezed between the docks."""
        screen = self.screen()
        if screen is None:
            return 1400, 900
        area = screen.availableGeometry()
        return (min(1600, int(area.width() * 0.92)), min(1000, int(area.height() * 0.92)))

    def _create_actions(self) -> None:
        doc = self.document
        files = self.files
        self.new_action = QAction("&New scenario", self)
        self.new_action.setShortcut(QKeySequence.StandardKey.New)
        self.new_action.setStatusTip("Start a new what-if scenario from the official results")
        self.new_action.triggered.connect(files.new)
        self.open_scenario_action = QAction("Open &scenario…", self)
        self.open_scenario_action.setShortcut(QKeySequence("Ctrl+Shift+O"))
        self.open_scenario_action.triggered.connect(files.open_dialog)
        self.save_action = QAction("&Save scenario", self)
        self.save_action.setShortcut(QKeySequence.StandardKey.Save)
        self.save_action.triggered.connect(files.save)
        self.save_as_action = QAction("Save scenario &as…", self)
        self.save_as_action.setShortcut(QKeySequence.StandardKey.SaveAs)
        self.save_as_action.triggered.connect(files.save_as)
        self.claims_action = QAction("Import article &claims…", self)
        self.claims_action.setStatusTip("Turn an article's state-by-state claims into a "
                                        "scenario and compare it with the results")
        self.claims_action.triggered.connect(files.import_claims_dialog)
        self.copy_code_action = QAction("Copy scenario &code", self)
        self.copy_code_action.setShortcut(QKeySequence("Ctrl+Shift+C"))
        self.copy_code_action.triggered.connect(lambda: self.whatif_dock.edit.copy_scenario_code())
        self.paste_code_action = QAction("&Paste scenario code…", self)
        self.paste_code_action.setShortcut(QKeySequence("Ctrl+Shift+V"))
        self.paste_code_action.triggered.connect(lambda: self.whatif_dock.edit.ask_scenario_code())
        self.lock_action = QAction("&Lock selected state", self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.triggered.connect(self._toggle_lock)
        self.battlegrounds_action = QAction("&Battlegrounds undecided", self)
        self.battlegrounds_action.setShortcut(QKeySequence("Ctrl+B"))
        self.battlegrounds_action.triggered.connect(doc.battlegrounds)
        self.flip_action = QAction("&Flip selected state", self)
        self.flip_action.setShortcut(QKeySequence(Qt.Key.Key_Space))
        self.flip_action.setStatusTip("In what-if mode: the selected state or district to the next "
                                      "candidate, then undecided")
        self.flip_action.triggered.connect(self.flip_selected)
        self.export2x_action = QAction("Export map at &2×…", self)
        self.export2x_action.triggered.connect(lambda: self.export_dialog(scale=2.0))
        self.export_animation_action = QAction("Expor&t animation…", self)
        self.export_animation_action.setStatusTip("Save the elections over the years as a GIF "
                                                  "or MP4, one frame per election")
        self.export_animation_action.triggered.connect(lambda: self.animation_export.ask())
        self.copy_map_action = QAction("Copy &map image", self)
        self.copy_map_action.setShortcut(QKeySequence("Ctrl+Alt+C"))
        self.copy_map_action.triggered.connect(self.copy_map_image)
        self.open_live_action = QAction("Open live res&ults…", self)
        self.open_live_action.setStatusTip("A night's counts and calls (any supported format; "
                                           "several files at once, e.g. counts and calls)")
        self.open_live_action.triggered.connect(lambda: self.live_results.open_dialog())
        self.open_2020_action = QAction("2020 count as it came &in", self)
        self.open_2020_action.setStatusTip("The bundled 2020 count (NYT) with its calls, on "
                                           "the live results map")
        self.open_2020_action.triggered.connect(lambda: self.live_results.open_bundled_2020())
        self.open_blog_action = QAction("Open &live blog file…", self)
        self.open_blog_action.setShortcut(QKeySequence("Ctrl+Shift+L"))
        self.open_blog_action.setStatusTip("Copied page text, notes, RSS/Atom, JSON Feed or a "
                                           "saved page with LiveBlogPosting")
        self.open_blog_action.triggered.connect(self.live_blog.open_file_dialog)
        self.open_blog_url_action = QAction("Open live blog &address…", self)
        self.open_blog_url_action.triggered.connect(self.live_blog.open_address_dialog)
        self.follow_action = QAction("&Follow live blog", self)
        self.follow_action.setCheckable(True)
        self.follow_action.setEnabled(False)
        self.follow_action.setStatusTip("Watch the file, or poll the address, for new updates")
        self.follow_action.toggled.connect(self.live_blog.follow)
        self.refresh_blog_action = QAction("&Refresh live blog", self)
        self.refresh_blog_action.setShortcut(QKeySequence.StandardKey.Refresh)
        self.refresh_blog_action.setEnabled(False)
        self.refresh_blog_action.triggered.connect(self.live_blog.refresh)
        self.gmt_action = QAction("Times in &UTC", self)  # settings key stays view/gmt
        self.gmt_action.setCheckable(True)
        self.gmt_action.setStatusTip("Show live-blog times in UTC instead of local time")
        self.gmt_action.toggled.connect(doc.set_show_gmt)
        self.interval_action = QAction("Polling &interval…", self)
        self.interval_action.triggered.connect(self.live_blog.ask_interval)
        self.open_action = QAction("&Open results…", self)
        self.open_action.setShortcut(QKeySequence.StandardKey.Open)
        self.open_action.setStatusTip("Load another results file (CSV)")
        self.open_action.triggered.connect(self.open_results_dialog)
        self.export_action = QAction("&Export map…", self)
        self.export_action.setShortcut(QKeySequence("Ctrl+E"))
        self.export_action.setStatusTip("Save the map as PNG, SVG or PDF")
        self.export_action.triggered.connect(lambda: self.export_dialog())  # `checked` is no scale
        self.export_results_action = QAction("Export &results as CSV…", self)
        self.export_results_action.setStatusTip("Save the shown results, or the what-if "
                                                "scenario, in the results format (version 2)")
        self.export_results_action.triggered.connect(self.export_results_dialog)
        self.quit_action = QAction("&Quit", self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(self.close)
        self.undo_action = doc.undo_stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = doc.undo_stack.createRedoAction(self, "&Redo")
        self.redo_action.setShortcuts([QKeySequence.StandardKey.Redo,
                                       QKeySequence("Ctrl+Shift+Z")])
        self.whatif_action = QAction("&What-if mode", self)
        self.whatif_action.setCheckable(True)
        self.whatif_action.setShortcut(QKeySequence("Ctrl+M"))
        self.whatif_action.setStatusTip("Click states to change who wins them")
        self.whatif_action.toggled.connect(doc.set_whatif)
        self.reset_action = QAction("&Reset what-if changes", self)
        self.reset_action.setShortcut(QKeySequence("Ctrl+R"))
        self.reset_action.triggered.connect(doc.reset_scenario)
        self.clear_action = QAction("&Clear selection", self)
        self.clear_action.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        self.clear_action.triggered.connect(self.clear_selection)
        self.shortcuts_action = QAction("&Keyboard shortcuts", self)
        self.shortcuts_action.setShortcut(QKeySequence.StandardKey.HelpContents)
        self.shortcuts_action.triggered.connect(self.show_shortcuts)
        self.about_action = QAction("&About Electoral Map", self)
        self.about_action.triggered.connect(self.about)

    def _create_docks(self) -> None:
        doc = self.document
        self.events_dock = EventsDock(doc, self)
        self.details_dock = DetailsDock(doc, self, history_later=True)
        self.canvas.painted.connect(self._after_first_paint)
        self.first_shown.connect(self.details_dock.national_story.release)
        self.forecast = ForecastController(doc, self)  # forecast mode (issue #17)
        self.whatif_dock = WhatIfDock(doc, self.units_model, self.whatif_action,
                                      self.undo_action, self.redo_action, self,
                                      forecast=ForecastTab(self.forecast))
        self.snake_dock = SnakeDock(doc, self)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.snake_dock)
        self.snake_dock.hide()  # View ▸ Snake chart
        self.table_dock = TableDock(doc, self.units_model, self)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.table_dock,
                           Qt.Orientation.Vertical)  # below the snake chart, not beside it
        self.table_dock.hide()  # View ▸ Table
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.events_dock)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.details_dock)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.whatif_dock)
        # Sizes (and, by width, the arrangement) come from WindowLayout once shown.
        self.details_dock.event_activated.connect(self._show_event)
        self.events_dock.restore_requested.connect(lambda path: self.open_results(Path(path)))

    def _after_first_paint(self) -> None:
        self.canvas.painted.disconnect(self._after_first_paint)
        QTimer.singleShot(0, self, self.first_shown.emit)  # once this paint is on screen

    def _connect_forecast(self) -> None:
        """The probability map shows the Forecast tab's forecast; without one it is not
        offered (and is left for the margin map when a year has none)."""
        fc = self.forecast
        fc.map_sink = self.canvas.set_forecast
        self.canvas.text_warmer.more = fc.strings_ahead  # the next pick's, while it waits
        fc.on_unavailable = self.style_actions.mode_actions["margin"].trigger
        fc.show_map = self.style_actions.mode_actions[PROBABILITY].trigger  # rating brush
        self.style_actions.mode_guard = fc.prepare_map
        fc.message.connect(self.statusBar().showMessage)
        fc.changed.connect(self._hover_refresh.start)  # a pick: the unit's chance and pick

    def _connect_live_results(self) -> None:
        """Live results (issue #18): their map mode, time cursor and details dock."""
        live = self.live_results = LiveResultsController(
            self.document, self, self.show_year, self.canvas.show_live_results)
        live.ahead_sink = self.canvas.set_live_ahead
        live.choose_mode = self.style_actions.mode_actions[LIVE].trigger
        live.message.connect(self.statusBar().showMessage)
        forecast_guard = self.style_actions.mode_guard
        self.style_actions.mode_guard = lambda mode: (
            live.prepare_map(mode) and (forecast_guard is None or forecast_guard(mode)))
        self.addToolBarBreak(Qt.ToolBarArea.TopToolBarArea)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, live.bar)
        live.bar.hide()  # until live results are opened
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, live.dock)
        live.dock.hide()
        live.open_dock = lambda: self.window_layout.open_panel(live.dock)  # room at 1024×700
        # One time cursor for the night: the replay and the count move together (same year).
        self.time_link = TimeLink(self.document, self.replay, live, self)

    def _create_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addActions([self.open_action, self.export_action, self.export2x_action,
                              self.export_animation_action, self.copy_map_action,
                              self.export_results_action])
        file_menu.addSeparator()
        file_menu.addActions([self.new_action, self.open_scenario_action])
        self.recent_menu = file_menu.addMenu("Recent scenarios")
        file_menu.addActions([self.save_action, self.save_as_action, self.claims_action])
        file_menu.addSeparator()
        file_menu.addActions([self.open_live_action, self.open_2020_action,
                              self.live_results.follower.follow_action,
                              self.live_results.follower.stop_action])
        file_menu.addSeparator()
        file_menu.addActions([self.open_blog_action, self.open_blog_url_action,
                              self.follow_action, self.refresh_blog_action,
                              self.interval_action])
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        self._fill_recent()
        edit = bar.addMenu("&Edit")
        edit.addActions([self.undo_action, self.redo_action])
        edit.addSeparator()
        edit.addActions([self.copy_code_action, self.paste_code_action])
        edit.addSeparator()
        edit.addAction(self.clear_action)
        mode = bar.addMenu("&What-if")
        mode.addActions([self.whatif_action, self.flip_action, self.lock_action,
                         self.battlegrounds_action, self.reset_action])
        view = bar.addMenu("&View")
        self.style_actions.fill_menu(view)
        after_shift = view.actions()[view.actions().index(
            self.style_actions.mode_actions["shift"]) + 1]
        view.insertAction(after_shift, self.compare_year.action)  # under View ▸ Shift map
        view.addSeparator()
        canvas = self.canvas
        view.addActions([canvas.zoom_in_action, canvas.zoom_out_action,
                         canvas.reset_zoom_action])
        view.addSeparator()
        view.addActions([self.replay.replay_action, self.replay.play_action, self.gmt_action])
        view.addSeparator()
        timeline = self.timeline
        view.addActions([timeline.toggleViewAction(), timeline.prev_action,
                         timeline.next_action, timeline.play_action])
        view.addSeparator()
        for dock in (self.events_dock, self.details_dock, self.whatif_dock, self.snake_dock,
                     self.table_dock):
            view.addAction(dock.toggleViewAction())
        view.addAction(self.window_layout.reset_action)
        view.addAction(self.picker.focus_action)
        help_menu = bar.addMenu("&Help")
        help_menu.addActions([self.shortcuts_action, self.about_action])

    def _create_status_bar(self) -> None:
        self.totals_label = QLabel()
        self.totals_label.setTextFormat(Qt.TextFormat.PlainText)
        self.statusBar().addPermanentWidget(self.totals_label)
        self.popular_label = QLabel()  # the national popular vote, beside the totals
        self.popular_label.setTextFormat(Qt.TextFormat.PlainText)
        self.statusBar().addPermanentWidget(self.popular_label)
        self._update_popular()
        self.statusBar().showMessage(" ".join(self.document.results.warnings) or
                                     "Hover a state for a quick look; click it for details.")

    def _update_popular(self) -> None:
        results = self.document.results
        s = national_summary(results)
        self.popular_label.setText(
            "Popular vote: " + " · ".join(f"{results.candidate(v.party).surname} "
                                          f"{v.share:.1f}%" for v in s.popular)
            if s.popular else "")
        self.popular_label.setToolTip(
            "National popular vote: " + ", ".join(f"{results.candidate(v.party).name} "
                                                  f"{v.votes:,}" for v in s.popular)
            if s.popular else "")

    # -- behaviour ------------------------------------------------------------------
    def on_unit_clicked(self, unit: str) -> None:
        with self.document.action():  # a flip and a selection: each view refreshes once
            if self.document.style.mode == PROBABILITY:  # forecast mode: a pick
                self.forecast.cycle(unit)
                # The Forecast tab's histogram is painted with the map (Qt paints every
                # widget waiting in the window when one repaints): its bars are drawn
                # before the map paints, here or when the action is over.
                self.whatif_dock.forecast.show_pick_now()
            elif self.document.whatif and self.document.as_of is not None:
                self.statusBar().showMessage("The replay shows the night's calls; leave it "
                                             "(Ctrl+T) to edit the what-if map.", 5000)
            elif self.document.whatif:
                self.document.cycle(unit)
            self.document.select(unit)
        # A forecast pick changes no document state, so no ``action_over`` paints the map:
        # it paints now, before the events list and the panels' timers have their turn.
        self.canvas.paint_pending()
        self.events_dock.set_unit_filter(unit)

    def _on_as_of(self, when: object) -> None:
        dock = self.events_dock
        if not isinstance(when, datetime):
            dock.proxy.set_until(None)
            dock.clear_selection()
            return
        # The newest event by then is the one highlighted on the map, with the map's
        # repaint; the list is filtered and that event selected once the map has painted
        # (_list_as_of): the same event, so its selection changes no highlight.
        newest = dock.proxy.newest_by(when)
        self.document.set_highlight(newest.units if newest is not None else ())

    def _list_as_of(self) -> None:
        dock, when = self.events_dock, self.document.as_of
        if when is None:
            return
        dock.proxy.set_until(when)
        if dock.proxy.rowCount():
            dock.view.setCurrentIndex(dock.row_index(0))

    def clear_selection(self) -> None:
        self.forecast.set_brush(None)  # Esc ends the forecast's rating brush too
        self.document.select(None)
        self.events_dock.set_unit_filter(None)
        self.events_dock.clear_selection()

    def _show_event(self, event_id: str) -> None:
        if not self.events_dock.select_event(event_id):
            self.events_dock.set_unit_filter(None)
            self.events_dock.select_event(event_id)

    def _on_hover(self, unit: str | None) -> None:
        if unit is not None:
            text = self.canvas.tooltip_text(unit).replace("\n", " · ")
            click = self.click_text(unit)
            message = f"{text} · {click}" if click else text
            self._hover_message = message
            self.statusBar().showMessage(message)

    def _refresh_hover_message(self) -> None:
        """After a click, an undo or a new forecast, the line about the unit under the
        pointer says what it is now (its winner, chance, pick, and what the next click
        does), not what it was before; a message shown since (an error, a fallback) stays."""
        unit = self.canvas.hovered
        if unit is None or self.statusBar().currentMessage() != self._hover_message:
            return
        self._on_hover(unit)

    def click_text(self, unit: str) -> str:
        """What a click on the unit does in what-if mode: 'Click: Pennsylvania to Harris'."""
        doc = self.document
        if doc.style.mode == PROBABILITY:
            return self.forecast.click_text(unit)
        if not doc.whatif or doc.as_of is not None:
            return ""
        name = UNITS[unit].name
        if doc.scenario.is_locked(unit):
            return f"{name} is locked (Ctrl+L unlocks it)"
        doc_value = doc.scenario.cycle_value(unit)
        if doc_value is None:
            return f"Click: {name} to undecided"
        if isinstance(doc_value, str):
            return f"Click: {name} to {doc.results.candidate(doc_value).surname}"
        official = doc.results.units[unit].winner
        who = doc.results.candidate(official).surname if official else "undecided"
        return f"Click: {name} back to the official result ({who})"

    def _on_clean_changed(self, clean: bool) -> None:
        self.setWindowModified(not clean)

    def _on_whatif_changed(self, on: bool) -> None:
        self.whatif_action.setChecked(on)
        self.statusBar().showMessage("What-if mode: click states to change their winner."
                                     if on else "What-if mode off.", 5000)

    def _update_title(self, *_args: object) -> None:
        doc = self.document
        results = doc.results
        name = results.title or (f"{results.year} results" if results.year else "Results")
        if doc.scenario_path:
            name = f"{Path(doc.scenario_path).name} — {name}"
        elif doc.scenario.title:
            name = f"{doc.scenario.title} — {name}"
        self.setWindowTitle(f"{name}[*] — Electoral Map")

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        recent = self.files.recent()
        for path in recent:
            action = self.recent_menu.addAction(Path(path).name)
            action.setStatusTip(path)
            action.triggered.connect(lambda _checked=False, p=path: self.files.open(Path(p)))
        self.recent_menu.setEnabled(bool(recent))

    def _connect_reports(self) -> None:
        """What the scenario files, the exporter and the live blog have to say."""
        status = self.statusBar()
        for reporter in (self.files, self.exporter, self.animation_export, self.live_blog):
            reporter.message.connect(status.showMessage)
        self.live_blog.source_named.connect(
            lambda location: self.events_dock.set_source_text(f"Source: {location}"))
        self.live_blog.snapshot.connect(self.events_dock.set_snapshot_lines)
        self.live_blog.source_changed.connect(self._on_live_source_changed)
        self.live_blog.source_gone.connect(self._on_live_source_gone)

    def _show_comparison(self) -> None:
        self.whatif_dock.show_tab(self.whatif_dock.compare)
        self.whatif_dock.show()

    # -- live blogs ---------------------------------------------------------------------
    @property
    def live_source(self) -> LiveBlogSource | None:
        return self.live_blog.source

    def open_live_blog(self, location: str) -> bool:
        """Read a live blog and show its events instead of the current ones."""
        return self.live_blog.open(location)

    def _on_live_source_changed(self, following: bool, current: bool = True) -> None:
        """The blog actions follow the current blog: none (set aside), followed or not."""
        self.follow_action.blockSignals(True)
        self.follow_action.setChecked(following)
        self.follow_action.blockSignals(False)
        self.follow_action.setEnabled(current)
        self.refresh_blog_action.setEnabled(current)

    def _on_live_source_gone(self) -> None:
        self._on_live_source_changed(False, current=False)
        self.events_dock.set_source_text("")

    def _toggle_lock(self) -> None:
        unit = self.document.selected
        if unit is None:
            self.statusBar().showMessage("Select a unit first, then lock it.", 4000)
            return
        self.document.set_locked(unit, not self.document.scenario.is_locked(unit))

    def _on_document_changed(self, change: Change) -> None:
        if change.as_of:
            self._list_as_of()  # after the map's repaint
        if change.units or change.results or change.as_of or change.events:
            self._update_status()
        if change.results:
            self._enable_edits()
            self._update_popular()  # after the map's repaint: a national sum and more
        if change.style or change.as_of:
            # The live map shows a moment of the count; Details the final result, or the
            # calls by the replay's moment while the live blog is replayed.
            live = self.document.style.mode == LIVE
            replaying = self.document.as_of is not None
            self.details_dock.setWindowTitle(
                "Details" if not live else
                "Details (live blog replay)" if replaying else "Details (final result)")

    def _enable_edits(self) -> None:
        """1789–1800: each elector cast two votes, so the what-if actions are greyed out
        and say why (the document refuses such edits too)."""
        editable = self.document.results.editable
        tip = ("Click states to change who wins them" if editable else
               "Not for 1789–1800: each elector cast two votes")
        for action in (self.whatif_action, self.flip_action, self.lock_action,
                       self.battlegrounds_action):
            action.setEnabled(editable)
        self.whatif_action.setStatusTip(tip)
        self.whatif_action.setToolTip(tip)

    def _update_status(self, *_args: object) -> None:
        """The totals of what the map shows: the scenario, or the replay's moment."""
        doc = self.document
        text = totals_text(doc.display_tally(), doc.results, replay=doc.as_of is not None)
        if doc.as_of is not None:
            text = f"{as_of_text(doc.as_of)}: {text}"
        self.totals_label.setText(text)

    def open_results_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open results", "",
                                              "Results CSV (*.csv);;All files (*)")
        if path:
            self.open_results(Path(path))

    def export_results_dialog(self) -> None:
        doc = self.document
        year = doc.results.year or "results"
        name = f"results_{year}{'_what-if' if doc.scenario.overrides else ''}.csv"
        path, _ = QFileDialog.getSaveFileName(self, "Export results as CSV", name,
                                              "Results CSV (*.csv)")
        if path:
            self.export_results(Path(path))

    def export_results(self, path: Path) -> bool:
        """Write what the map shows (the official results or the scenario) as a results
        file that File ▸ Open results and the command line read back."""
        from viewer.core.results_formats import results_to_csv
        from viewer.storage import write_text

        doc = self.document
        winners = doc.scenario.winners() if doc.scenario.overrides else None
        title = doc.scenario.title or None
        try:
            write_text(path, results_to_csv(doc.results, winners, title))
        except (OSError, InputError) as exc:
            show_warning(self, "Could not export the results", str(exc))
            return False
        self.statusBar().showMessage(f"Results saved to {path}")
        return True

    def read_results_file(self, path: Path) -> ElectionResults | None:
        """A results file in any format people have; for a file of several elections
        (MEDSL, long files) the user picks one. None when the user cancels."""
        from viewer.resources import data_dir

        try:
            return read_results(path, data_dir=data_dir())
        except YearNeeded as exc:
            years = [str(y) for y in reversed(exc.years)]  # the latest first
            year, ok = QInputDialog.getItem(
                self, "Which election?",
                f"{path.name} holds {len(years)} elections. Open the results of:",
                years, 0, False)
            if not ok:
                return None
            return read_results(path, year=int(year), data_dir=data_dir())

    def open_results(self, path: Path) -> bool:
        """Load another results file; on bad input say why and keep what was loaded."""
        try:
            results = self.read_results_file(path)
            if results is None:
                return False
        except InputError as exc:
            show_warning(self, "Could not open results",
                                f"{exc}\n\nThe results shown before are kept.")
            self.statusBar().showMessage(f"Could not open {path.name}: {exc}")
            return False
        note = self._replace_results(results)
        if results.warnings:  # loaded, but some figures are left out: say which and why
            self.statusBar().showMessage(f"Loaded {path.name}: {' '.join(results.warnings)}"
                                         + note)
        else:
            self.statusBar().showMessage(f"Loaded {path.name}." + note if note else
                                         f"Loaded {path.name}", 8000 if note else 5000)
        return True

    def _replace_results(self, results: ElectionResults) -> str:
        """Show ``results``; the live blog of another year is set aside (and that of
        this year brought back). Returns a sentence saying so, or ""."""
        had_events = bool(self.document.events)
        old_year = self.document.events_year
        self.document.replace_results(results)
        aside = self.document.set_aside_blog()
        if self.document.events_year != old_year:
            self.live_blog.set_aside(old_year)
            self.live_blog.bring_back(self.document.events_year)
        if aside is not None and had_events:  # the blog shown was about another election
            return (f" The live blog for {aside[0]} is set aside; opening the {aside[0]} "
                    "results brings it back.")
        return ""

    def show_year(self, year: int) -> bool:
        """The bundled election of ``year`` (the timeline). Unsaved what-if changes are
        kept unless the user lets them go; False when the year is not shown."""
        if not self.files.confirm_discard():
            return False
        try:
            results = Bundle(data_dir()).load(year)
        except InputError as exc:
            self.statusBar().showMessage(f"Could not show {year}: {exc}")
            return False
        note = self._replace_results(results)
        if note:
            self.statusBar().showMessage(note.strip(), 8000)
        self._heap_settle.start()  # once the user pauses
        return True

    def export_dialog(self, scale: float = 1.0) -> None:
        self.exporter.export(scale=scale)

    def copy_map_image(self) -> None:
        self.exporter.copy()

    def flip_selected(self) -> None:
        unit = self.document.selected
        if unit is None:
            self.statusBar().showMessage("Select a unit first (click it, or Ctrl+K).", 4000)
        elif not self.document.whatif:
            self.statusBar().showMessage("Turn on what-if mode (Ctrl+M) to flip units.", 4000)
        else:
            self.on_unit_clicked(unit)

    def show_shortcuts(self) -> None:
        from viewer.ui.shortcuts_dialog import ShortcutsDialog

        ShortcutsDialog(self.menuBar(), self).exec()

    def about_text(self) -> str:
        import platform

        import matplotlib
        import PySide6
        from PySide6.QtCore import qVersion

        from viewer import __version__

        results = self.document.results
        return (f"Electoral Map {__version__} — US presidential election results.\n\n"
                f"Results shown: {results.title or results.source}\n"
                "Sources: FEC certified results and state canvasses (see data/SOURCES.md).\n"
                "Shapes: US Census Bureau cartographic boundaries, 1:500,000 (public "
                "domain).\n\n"
                f"Python {platform.python_version()}, Qt {qVersion()}, PySide6 "
                f"{PySide6.__version__}, matplotlib {matplotlib.__version__}")

    def about(self) -> None:
        box = QMessageBox(self)
        box.setWindowTitle("About Electoral Map")
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(self.about_text())
        box.exec()

    # -- settings -------------------------------------------------------------------
    def read_settings(self) -> None:
        s = app_settings()
        problem = settings_problem(s)
        if problem:
            self.statusBar().showMessage(problem, 15000)
        geometry = s.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        self.window_layout.restore(s)  # checked, and maybe replaced, once shown
        self.gmt_action.setChecked(s.value("view/gmt", False) in (True, "true"))
        whatif = s.value("mode/whatif", False)
        self.whatif_action.setChecked(whatif in (True, "true"))
        # the last forecast's inputs; the probability map, or the margin map and why not
        self.forecast.read_settings(s)

    def write_settings(self) -> None:
        s = app_settings()
        s.setValue("window/geometry", self.saveGeometry())
        self.window_layout.write(s)
        s.setValue("mode/whatif", self.document.whatif)
        s.setValue("view/gmt", self.document.show_gmt)
        self.style_actions.write_settings()
        self.forecast.write_settings(s)
        s.sync()
        problem = settings_problem(s)
        if problem:  # the window is closing: the terminal is the one place left to say it
            print(f"electoral-map: warning: {problem}", file=sys.stderr)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.window_layout.on_first_show()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.window_layout.on_resize()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.files.confirm_discard():
            event.ignore()
            return
        self.files.discard_autosave()
        self.write_settings()
        if self.canvas.frames is not None:
            self.canvas.frames.close()
        super().closeEvent(event)


