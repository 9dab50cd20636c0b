"""Where the docks and toolbars go: the map gets most of the window at every size.

Default layout (first start and View ▸ Reset layout), from the window's width alone:

- from ``THREE_COLUMNS_FROM`` px wide: the live blog on the left, Details above What-if on
  the right;
- narrower: one column on the right, the live blog a tab beside Details, What-if below.

The Snake chart opens under the map at its compact height (its whole strip and labels).
The Table opens there too, below it with room for ``TABLE_ROWS`` rows, in windows from
``TABLE_BELOW_FROM`` px high; in shorter ones the map (at least 320 px) and the snake chart
would leave it a row or two, so it opens as a tab beside Details, where the right column
gives it its rows, and goes back under the map when the window grows.

Until the user moves a dock to another place (or floats one), the layout follows the
window across that width. Whatever the arrangement, growing the window gives docks squeezed
by an earlier shrink their room back, and shrinking it narrows them before the map. A saved
layout that leaves the map less than ``MIN_MAP_SHARE`` of the width, or that Qt cannot
read, is not restored: the default is used and the status bar says so. The toolbars take a
second row when one row cannot hold them, so no map-view button hides behind ».
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QByteArray, QObject, QSettings, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDockWidget,
    QMainWindow,
    QScrollArea,
    QStyle,
    QTabWidget,
    QToolBar,
    QWidget,
)

THREE_COLUMNS_FROM = 1360  # px: narrower windows put the live blog beside Details
TABLE_BELOW_FROM = 960  # px high: shorter windows put the Table beside Details
TABLE_ROWS = 8  # rows the Table opens with
MIN_MAP_SHARE = 0.5  # a restored layout must leave the map at least this share of the width
LEFT = Qt.DockWidgetArea.LeftDockWidgetArea
RIGHT = Qt.DockWidgetArea.RightDockWidgetArea
BOTTOM = Qt.DockWidgetArea.BottomDockWidgetArea
# Floors for the narrowest widths of the panels; their content may ask for more
# (``content_width``): the What-if tabs and the Edit tab's buttons are never clipped.
MIN_WIDTHS = {"EventsDock": 180, "DetailsDock": 280, "WhatIfDock": 320}
MIN_HEIGHTS = {"TableDock": 220, "SnakeDock": 150}


def _clamp(value: float, low: int, high: int) -> int:
    return int(max(low, min(high, value)))


@dataclass(frozen=True)
class DockPlan:
    """Default dock sizes for a window size, in px."""

    three_columns: bool
    left: int  # the live blog's column (three columns; also for a dock the user put left)
    right: int  # the right column
    whatif: int  # the What-if dock's height in the right column
    bottom: int  # the Table's height (under the map, or beside Details)
    table_below: bool = True  # the Table under the map, else a tab beside Details
    snake: int = MIN_HEIGHTS["SnakeDock"]  # the Snake chart's height


def dock_plan(width: int, height: int, min_left: int = MIN_WIDTHS["EventsDock"],
              min_right: int = MIN_WIDTHS["WhatIfDock"], whatif_mode: bool = False,
              table: int = MIN_HEIGHTS["TableDock"]) -> DockPlan:
    """The default sizes: the docks take at most about 44% of the width at 1360 px and less
    above, so the map keeps at least 55% at every width from 1024 px. In what-if mode the
    What-if panel gets most of the right column's height, else Details does. ``table``:
    the Table's height for ``TABLE_ROWS`` rows, which it gets at least."""
    three = width >= THREE_COLUMNS_FROM
    left = _clamp(0.17 * width, min_left, max(min_left, 360))
    if three:
        right = _clamp(0.22 * width, min_right + 10, max(min_right + 10, 440))
    else:
        right = _clamp(0.3 * width, min_right, max(min_right, 380))
    dock_height = max(300, height - 130)  # below the menu, toolbars, titles and status bar
    whatif = (_clamp(0.62 * dock_height, 300, 640) if whatif_mode
              else _clamp(0.45 * dock_height, 250, 520))
    bottom = max(table, _clamp(0.3 * height, MIN_HEIGHTS["TableDock"], 360))
    return DockPlan(three, left, right, whatif, bottom, height >= TABLE_BELOW_FROM)


def content_width(dock: QDockWidget) -> int:
    """The width the dock's content needs: the widest page's minimum (inside its scroll
    area, plus a scroll bar), or the tab bar's full width."""
    body = dock.widget()
    if body is None:
        return 0
    style = body.style()
    scrollbar = style.pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
    pages = [body]
    need = 0
    if isinstance(body, QTabWidget):
        pages = [body.widget(i) for i in range(body.count())]
        need = body.tabBar().sizeHint().width()
    for page in pages:
        if isinstance(page, QScrollArea) and page.widget() is not None:
            need = max(need, page.widget().minimumSizeHint().width() + scrollbar)
        else:
            need = max(need, page.minimumSizeHint().width())
    return need + 16  # the tab widget's and the dock's frames


class WindowLayout(QObject):
    """Applies, checks and keeps the layout of ``window``'s docks and toolbars."""

    def __init__(self, window: QMainWindow, *, events: QDockWidget, details: QDockWidget,
                 whatif: QDockWidget, bottom: tuple[QDockWidget, ...],
                 toolbars: tuple[QToolBar, ...], map_widget: QWidget) -> None:
        super().__init__(window)
        self.window = window
        self.events, self.details, self.whatif = events, details, whatif
        self.bottom = bottom
        self.toolbars = toolbars
        self.map_widget = map_widget
        self.auto = True  # the layout follows the window width until the user moves a dock
        self.whatif_mode = False
        self.three_columns: bool | None = None  # the arrangement applied, None before any
        self._arranging = False
        self._shown = False
        self._restored = False
        self.problem = ""  # why a saved layout was not used
        # Bottom docks sit under the map only: the side columns keep the full height.
        window.setCorner(Qt.Corner.BottomLeftCorner, LEFT)
        window.setCorner(Qt.Corner.BottomRightCorner, RIGHT)
        window.setTabPosition(Qt.DockWidgetArea.AllDockWidgetAreas,
                              QTabWidget.TabPosition.North)
        for dock in (events, details, whatif):
            dock.setMinimumWidth(max(MIN_WIDTHS[dock.objectName()], content_width(dock)))
            dock.dockLocationChanged.connect(self._on_moved)
            dock.topLevelChanged.connect(self._on_moved)
        for dock in bottom:
            dock.visibilityChanged.connect(lambda on, d=dock: on and self._bottom_shown(d))
            # Opened as a tab behind another (the Table beside Details), a dock sends no
            # visibilityChanged(True): it comes to the front once Qt has put it there (not
            # while a saved layout is restored: that keeps the tab the user left in front).
            dock.toggleViewAction().toggled.connect(
                lambda on, d=dock: on and self._shown
                and QTimer.singleShot(0, self, lambda: self._to_front(d)))
        # A unit's event clicked in Details shows the live blog even when it is a tab behind.
        if hasattr(details, "event_activated"):
            details.event_activated.connect(lambda _id: self._raise_if_tabbed(events))
        self.reset_action = QAction("Reset &layout", self)
        self.reset_action.setStatusTip("Put the panels back where they start, sized for "
                                       "this window")
        self.reset_action.triggered.connect(self.reset)
        # Arranged now for the window's size (sized again when shown): a three-column
        # arrangement would hold a narrow window wider than asked.
        self.apply_default()

    # -- the default ------------------------------------------------------------------
    def plan(self) -> DockPlan:
        right = max(self.details.minimumWidth(), self.whatif.minimumWidth())
        table = self._dock("TableDock")
        rows = getattr(table, "height_for_rows", None)
        return dock_plan(self.window.width(), self.window.height(),
                         self.events.minimumWidth(), right, self.whatif_mode,
                         rows(TABLE_ROWS) if rows else MIN_HEIGHTS["TableDock"])

    def apply_default(self, *, show_docks: bool = False) -> None:
        """Arrange and size the docks for the window's current size."""
        plan = self.plan()
        w = self.window
        self._arranging = True
        try:
            for dock in (self.events, self.details, self.whatif, *self.bottom):
                dock.setFloating(False)
            if show_docks:
                for dock in (self.events, self.details, self.whatif):
                    dock.show()
            if plan.three_columns:
                w.addDockWidget(LEFT, self.events)
                w.addDockWidget(RIGHT, self.details)
            else:
                w.addDockWidget(RIGHT, self.details)
            w.splitDockWidget(self.details, self.whatif, Qt.Orientation.Vertical)
            if not plan.three_columns:
                w.tabifyDockWidget(self.details, self.events)
                self.details.raise_()
            for dock in self.bottom:
                if w.dockWidgetArea(dock) != BOTTOM and dock.objectName() != "TableDock":
                    w.addDockWidget(BOTTOM, dock)
        finally:
            self._arranging = False
        self.three_columns = plan.three_columns
        self._place_table(plan, anywhere=True)
        self._size_docks(plan)
        self.fit_toolbars()

    def _size_docks(self, plan: DockPlan) -> None:
        w = self.window
        if plan.three_columns and self.events.isVisible():
            w.resizeDocks([self.events, self.details], [plan.left, plan.right],
                          Qt.Orientation.Horizontal)
        else:
            w.resizeDocks([self.details], [plan.right], Qt.Orientation.Horizontal)
        if self.whatif.isVisible() and self.details.isVisible():
            rest = max(200, w.height() - 130 - plan.whatif)
            w.resizeDocks([self.details, self.whatif], [rest, plan.whatif],
                          Qt.Orientation.Vertical)
        self._size_bottom(plan)

    def _size_bottom(self, plan: DockPlan) -> None:
        w = self.window
        for dock in self.bottom:
            if dock.isVisible() and not dock.isFloating():
                if w.dockWidgetArea(dock) == BOTTOM:
                    w.resizeDocks([dock], [self._bottom_height(dock, plan)],
                                  Qt.Orientation.Vertical)
                else:
                    self._give_column_height(dock, plan)

    def reset(self) -> None:
        """View ▸ Reset layout: the default arrangement and sizes for this window."""
        self.auto = True
        self.problem = ""
        self.apply_default(show_docks=True)
        self.window.statusBar().showMessage("Layout reset: the panels are back where they "
                                            "start.", 5000)

    # -- saved layouts ----------------------------------------------------------------
    def restore(self, settings: QSettings) -> None:
        """Restore the saved state now; whether it is usable is checked once the window is
        shown (``check_restored``), when the map's width is known."""
        state = settings.value("window/state")
        self.auto = settings.value("window/auto_layout", True) in (True, "true")
        if not isinstance(state, QByteArray) or state.isEmpty():
            return
        if self.window.restoreState(state):
            self._restored = True
            self.three_columns = self.window.dockWidgetArea(self.events) == LEFT
        else:
            self.problem = "The saved window layout could not be read"

    def write(self, settings: QSettings) -> None:
        settings.setValue("window/state", self.window.saveState())
        settings.setValue("window/auto_layout", self.auto)

    def layout_problem(self) -> str:
        """Why the current layout is not usable, or ''."""
        width = self.window.width()
        share = self.map_widget.width() / max(1, width)
        if share < MIN_MAP_SHARE:
            return f"The saved window layout left the map {share:.0%} of the width"
        for dock in (self.events, self.details, self.whatif):
            if (dock.isVisible() and not dock.isFloating()
                    and dock.width() < dock.minimumWidth()):
                return f"The saved window layout squeezed the {dock.windowTitle()} panel"
        return ""

    # -- window events ----------------------------------------------------------------
    def on_first_show(self) -> None:
        if self._shown:
            return
        self._shown = True
        if self._restored and not self.problem:
            self.problem = self.layout_problem()
        if self._restored and not self.problem and not (
                self.auto and self.plan().three_columns != self.three_columns):
            self.fit()
        else:
            self.auto = True
            self.apply_default()
        if self.problem:
            self.window.statusBar().showMessage(
                f"{self.problem}, so the default layout is used (View ▸ Reset layout).",
                15000)

    def on_resize(self) -> None:
        if not self._shown or self._arranging:
            return
        plan = self.plan()
        if self.auto and plan.three_columns != self.three_columns:
            self.apply_default()
        else:
            if self.auto and self._place_table(plan):  # across TABLE_BELOW_FROM
                self._size_bottom(plan)
            self.fit(plan)

    def fit(self, plan: DockPlan | None = None) -> None:
        """Give squeezed side docks their room back, and narrow docks that squeeze the map."""
        plan = plan or self.plan()
        w = self.window
        columns: dict[Qt.DockWidgetArea, QDockWidget] = {}
        for dock in (self.events, self.details, self.whatif):
            area = w.dockWidgetArea(dock)
            if dock.isVisible() and not dock.isFloating() and area in (LEFT, RIGHT):
                columns.setdefault(area, dock)
        docks, sizes = [], []
        squeezed = self.map_widget.width() < 0.55 * w.width()
        for area, dock in columns.items():
            target = plan.left if area == LEFT else plan.right
            if dock.width() < 0.9 * target or (squeezed and dock.width() > target):
                docks.append(dock)
                sizes.append(target)
        if docks:
            w.resizeDocks(docks, sizes, Qt.Orientation.Horizontal)
            layout = w.layout()
            if layout is not None:  # now, not at the next pass: the map is drawn once, at
                layout.activate()  # its final size, instead of at two sizes in a row
        self.fit_toolbars()

    def fit_toolbars(self) -> None:
        """One row of toolbars when they fit, else the unit picker and the map-view buttons
        start a second row."""
        if len(self.toolbars) < 2:
            return
        w = self.window
        shown = [bar for bar in self.toolbars if bar.isVisible()
                 and w.toolBarArea(bar) == Qt.ToolBarArea.TopToolBarArea]
        need = sum(bar.sizeHint().width() + 8 for bar in shown)
        second = self.toolbars[1]
        want_break = need > w.width()
        if want_break != w.toolBarBreak(second):
            if want_break:
                w.insertToolBarBreak(second)
            else:
                w.removeToolBarBreak(second)

    def on_whatif_mode(self, on: bool) -> None:
        """What-if mode on: the What-if panel takes most of the right column; off: Details."""
        self.whatif_mode = on
        w = self.window
        if (not self._shown or not self.auto or self.details.isFloating()
                or self.whatif.isFloating() or not self.details.isVisible()
                or not self.whatif.isVisible()
                or w.dockWidgetArea(self.details) != w.dockWidgetArea(self.whatif)):
            return
        total = self.details.height() + self.whatif.height()
        wanted = self.plan().whatif
        w.resizeDocks([self.details, self.whatif], [max(150, total - wanted), wanted],
                      Qt.Orientation.Vertical)

    def open_panel(self, dock: QDockWidget) -> None:
        """Open a panel of the right column (Live results) where Qt put it, above Details;
        in a window too short for it, Details and What-if one above the other (1024×700),
        as a tab beside Details, in front, rather than growing the window off the screen."""
        if dock.isVisible():
            return
        w = self.window
        size = w.size()
        dock.show()
        layout = w.layout()
        if (self._shown and w.minimumSizeHint().height() > size.height()
                and not dock.isFloating() and not w.tabifiedDockWidgets(dock)
                and not self.details.isFloating() and self.details.isVisible()
                and w.dockWidgetArea(dock) == w.dockWidgetArea(self.details)):
            w.tabifyDockWidget(self.details, dock)
            dock.raise_()
            if layout is not None:
                layout.activate()  # the lower minimum first, or the resize is refused
            w.resize(size)

    # -- helpers ----------------------------------------------------------------------
    def _on_moved(self, *_args: object) -> None:
        if not self._arranging and self._shown:
            self.auto = False  # the user arranged the docks: keep their arrangement

    def _dock(self, name: str) -> QDockWidget | None:
        return next((d for d in self.bottom if d.objectName() == name), None)

    def _bottom_shown(self, dock: QDockWidget) -> None:
        """The Snake chart or the Table opened (or its tab raised): put where it has room,
        and given its height."""
        if self._arranging or dock.isFloating():
            return
        plan = self.plan()
        if dock.objectName() == "TableDock":
            self._place_table(plan)
        if self.window.dockWidgetArea(dock) == BOTTOM:
            wanted = self._bottom_height(dock, plan)
            # The snake chart keeps its compact height even in a slot the Table left.
            if dock.height() < 0.8 * wanted or (dock.objectName() == "SnakeDock"
                                                and dock.height() > 1.2 * wanted):
                self.window.resizeDocks([dock], [wanted], Qt.Orientation.Vertical)
        else:  # once Qt has laid the tabs out (sizes asked before that are lost)
            QTimer.singleShot(0, self, lambda: self._give_column_height(dock, self.plan()))

    def _to_front(self, dock: QDockWidget) -> None:
        """A dock just opened as a tab beside others is the one shown."""
        if (dock.toggleViewAction().isChecked() and not dock.isFloating()
                and self.window.tabifiedDockWidgets(dock)):
            dock.raise_()

    def _bottom_height(self, dock: QDockWidget, plan: DockPlan) -> int:
        return plan.bottom if dock.objectName() == "TableDock" else plan.snake

    def _place_table(self, plan: DockPlan, anywhere: bool = False) -> bool:
        """The Table under the map in a tall window, else a tab beside Details (in front
        when moved while open). Placed while closed too, so it opens where it belongs:
        shown under the map first, it would hold a short window taller than asked. A Table
        the user floated or put anywhere else stays there unless ``anywhere`` (the
        default layout). True if it moved."""
        table = self._dock("TableDock")
        w = self.window
        if table is None or table.isFloating():
            return False
        open_ = table.toggleViewAction().isChecked()
        area = w.dockWidgetArea(table)
        # Qt lists a closed dock among no tabs: closed, its side area has to do.
        beside = (table in w.tabifiedDockWidgets(self.details) if open_
                  else area == w.dockWidgetArea(self.details) != BOTTOM)
        below = area == BOTTOM
        if not (anywhere or beside or below):
            return False
        want_below = plan.table_below or self.details.isFloating() or (
            not self.details.toggleViewAction().isChecked())
        if want_below == below:
            return False
        self._arranging = True
        try:
            if want_below:
                w.removeDockWidget(table)  # out of the tabs: under the map, below the snake
                snake = self._dock("SnakeDock")
                if (snake is not None and snake.isVisible() and not snake.isFloating()
                        and w.dockWidgetArea(snake) == BOTTOM):
                    w.splitDockWidget(snake, table, Qt.Orientation.Vertical)
                else:
                    w.addDockWidget(BOTTOM, table, Qt.Orientation.Vertical)
                table.setVisible(open_)
            else:
                w.tabifyDockWidget(self.details, table)
                table.setVisible(open_)
                if open_:
                    table.raise_()
        finally:
            self._arranging = False
        return True

    def _give_column_height(self, dock: QDockWidget, plan: DockPlan) -> None:
        """A tab in the right column (the Table beside Details) gets the height its rows
        need from the What-if panel below it, as far as that panel's minimum allows."""
        w = self.window
        if (not self.whatif.isVisible() or self.whatif.isFloating()
                or w.dockWidgetArea(self.whatif) != w.dockWidgetArea(dock)):
            return
        for _ in range(3):  # Qt shares a step between the tabs' and the dock's frames
            short = plan.bottom - dock.height()
            give = min(short, self.whatif.height() - self.whatif.minimumSizeHint().height())
            if give <= 0:
                return
            w.resizeDocks([self.whatif], [self.whatif.height() - give],
                          Qt.Orientation.Vertical)
            layout = w.layout()
            if layout is not None:
                layout.activate()

    def _raise_if_tabbed(self, dock: QDockWidget) -> None:
        if self.window.tabifiedDockWidgets(dock):
            dock.raise_()
