"""Layout: the map gets most of the window at every size, no map-view button hides behind
the toolbar's », docks keep usable widths, a broken saved layout is not restored, View ▸
Reset layout, and the Details panel's national summary before any click."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QByteArray, Qt

from tests.ui.helpers import open_window
from viewer.ui.settings import app_settings
from viewer.ui.window_layout import MIN_MAP_SHARE

SIZES = [(1024, 700), (1280, 800), (1600, 1000)]
MAP_SHARE = 0.55  # the default layout leaves the map at least this share of the width


@pytest.fixture
def make_window(qtbot, results_2024, shapes):
    from viewer.ui.main_window import MainWindow

    def make(width: int, height: int) -> MainWindow:
        win = open_window(qtbot, results_2024, shapes, (width, height))
        settle(qtbot)
        return win

    return make


def settle(qtbot) -> None:  # type: ignore[no-untyped-def]
    qtbot.wait(30)


def resize(qtbot, win, width: int, height: int) -> None:  # type: ignore[no-untyped-def]
    win.resize(width, height)
    settle(qtbot)
    assert (win.width(), win.height()) == (width, height)


def map_share(win) -> float:  # type: ignore[no-untyped-def]
    return win.canvas.width() / win.width()


def side_docks(win):  # type: ignore[no-untyped-def]
    return [d for d in (win.events_dock, win.details_dock, win.whatif_dock)
            if d.isVisible() and not d.isFloating()]


def assert_usable(win) -> None:  # type: ignore[no-untyped-def]
    assert map_share(win) >= MAP_SHARE, (win.size(), win.canvas.width())
    bar = win.map_view_bar
    for action in bar.actions():
        if action.isSeparator():
            continue
        button = bar.widgetForAction(action)
        # In the toolbar's extension (») a button is hidden, or lies outside the bar.
        assert button is not None and button.isVisible(), action.text()
        assert bar.rect().contains(button.geometry()), action.text()
    for dock in side_docks(win):
        assert dock.width() >= dock.minimumWidth() > 0, dock.objectName()


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_map_gets_most_of_the_window(make_window, width, height):
    win = make_window(width, height)
    assert_usable(win)
    assert win.toolBarArea(win.map_view_bar) == Qt.ToolBarArea.TopToolBarArea


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_sizes_reached_by_resizing(make_window, qtbot, width, height):
    win = make_window(2560, 1440)
    assert_usable(win)
    resize(qtbot, win, width, height)
    assert_usable(win)


def test_narrow_window_puts_the_live_blog_beside_details(make_window):
    win = make_window(1024, 700)
    assert win.events_dock in win.tabifiedDockWidgets(win.details_dock)
    wide = make_window(1600, 1000)
    assert wide.dockWidgetArea(wide.events_dock) == Qt.DockWidgetArea.LeftDockWidgetArea
    assert not wide.tabifiedDockWidgets(wide.details_dock)


def test_shrink_then_grow_gives_docks_their_room_back(make_window, qtbot):
    win = make_window(1600, 1000)
    before = {d.objectName(): d.width() for d in side_docks(win)}
    resize(qtbot, win, 1024, 700)
    assert_usable(win)
    resize(qtbot, win, 1600, 1000)
    assert_usable(win)
    for dock in side_docks(win):
        assert dock.width() >= 0.9 * before[dock.objectName()], dock.objectName()


def test_shrink_then_grow_with_the_users_arrangement(make_window, qtbot):
    """Docks the user arranged stay where they are, but a shrink does not leave them
    squeezed once the window grows back."""
    win = make_window(1600, 1000)
    win.window_layout.auto = False  # as after dragging a dock
    before = {d.objectName(): d.width() for d in side_docks(win)}
    resize(qtbot, win, 1024, 700)  # too narrow for three columns: the docks give way
    assert win.events_dock.width() < 0.9 * before["EventsDock"]
    resize(qtbot, win, 1600, 1000)
    assert win.dockWidgetArea(win.events_dock) == Qt.DockWidgetArea.LeftDockWidgetArea
    assert_usable(win)
    for dock in side_docks(win):
        assert dock.width() >= 0.9 * before[dock.objectName()], dock.objectName()


def test_a_layout_that_squeezes_the_map_is_not_restored(make_window, qtbot):
    win = make_window(1400, 900)
    win.resizeDocks([win.events_dock, win.details_dock], [480, 520],
                    Qt.Orientation.Horizontal)
    settle(qtbot)
    assert map_share(win) < MIN_MAP_SHARE  # the broken layout is what gets saved
    win.close()
    again = make_window(1400, 900)
    assert_usable(again)
    assert "default layout" in again.statusBar().currentMessage()


def test_an_unreadable_saved_layout_is_not_restored(make_window):
    s = app_settings()
    s.setValue("window/state", QByteArray(b"not a window state"))
    s.sync()
    win = make_window(1280, 800)
    assert_usable(win)
    assert "could not be read" in win.statusBar().currentMessage()


def test_a_sound_saved_layout_is_restored(make_window, qtbot):
    win = make_window(1600, 1000)
    win.resizeDocks([win.events_dock], [320], Qt.Orientation.Horizontal)
    settle(qtbot)
    wanted = win.events_dock.width()
    win.close()
    again = make_window(1600, 1000)
    assert abs(again.events_dock.width() - wanted) <= 4
    assert "default layout" not in again.statusBar().currentMessage()


def test_reset_layout(make_window, qtbot):
    win = make_window(1600, 1000)
    defaults = {d.objectName(): d.width() for d in side_docks(win)}
    win.events_dock.hide()
    win.whatif_dock.setFloating(True)
    win.resizeDocks([win.details_dock], [700], Qt.Orientation.Horizontal)
    settle(qtbot)
    view_menu = next(a.menu() for a in win.menuBar().actions() if a.text() == "&View")
    assert win.window_layout.reset_action in view_menu.actions()
    win.window_layout.reset_action.trigger()
    settle(qtbot)
    assert_usable(win)
    assert win.events_dock.isVisible() and not win.whatif_dock.isFloating()
    assert win.dockWidgetArea(win.whatif_dock) == Qt.DockWidgetArea.RightDockWidgetArea
    for dock in side_docks(win):
        assert abs(dock.width() - defaults[dock.objectName()]) <= 4, dock.objectName()


def test_details_before_a_click_shows_the_national_summary(make_window, results_2024):
    win = make_window(1280, 800)
    details = win.details_dock
    assert details.unit is None
    table = details.votes
    assert table.isVisible()
    rows = {table.item(r, 0).text(): (table.item(r, 1).text(), table.item(r, 2).text())
            for r in range(table.rowCount())}
    votes, total = results_2024.popular_vote()
    assert rows["Donald Trump"] == (f"{votes['REP']:,}", f"{100 * votes['REP'] / total:.2f}%")
    assert rows["Kamala Harris"][0] == f"{votes['DEM']:,}"
    assert rows["Total"][0] == f"{total:,}"
    text = details.margin.text()
    assert "Popular vote: Trump +1.47 points" in text
    assert "Tipping point: Pennsylvania, Trump +1.70" in text
    assert f"Turnout: {total:,} votes cast" in text
    assert "Trump 312 · Harris 226" in details.summary.text()
    assert win.popular_label.text() == "Popular vote: Trump 49.8% · Harris 48.3%"
    win.document.select("PA")
    assert details.unit == "PA" and "Pennsylvania" in details.heading.text()
    win.document.select(None)
    assert "National" in details.heading.text()


def test_paths_tree_headers_explain_the_counts(make_window):
    win = make_window(1280, 800)
    header = win.whatif_dock.paths.tree.headerItem()
    assert "outcomes" in header.text(1)
    assert header.toolTip(1)


# -- the Snake chart and the Table together ------------------------------------------

def table_rows_shown(win) -> float:  # type: ignore[no-untyped-def]
    view = win.table_dock.view
    return view.viewport().height() / view.rowHeight(0)


def shown_on_screen(dock) -> bool:  # type: ignore[no-untyped-def]
    """Open, in front (not a tab behind another) and inside the window."""
    return (dock.isVisible() and not dock.visibleRegion().isEmpty()
            and dock.window().rect().contains(dock.geometry()))


def open_snake_and_table(qtbot, win) -> None:  # type: ignore[no-untyped-def]
    """As a user does: View ▸ Snake chart, then View ▸ Table."""
    view_menu = next(a.menu() for a in win.menuBar().actions() if a.text() == "&View")
    for dock in (win.snake_dock, win.table_dock):
        assert dock.toggleViewAction() in view_menu.actions()
        dock.toggleViewAction().trigger()
        settle(qtbot)
    qtbot.waitUntil(lambda: shown_on_screen(win.table_dock) and table_rows_shown(win) >= 7.9)


def assert_snake_and_table_usable(win, size) -> None:  # type: ignore[no-untyped-def]
    from viewer.render.snake import STRIP_MAX

    assert (win.width(), win.height()) == size  # the docks did not push the window taller
    assert shown_on_screen(win.snake_dock) and shown_on_screen(win.table_dock)
    assert table_rows_shown(win) >= 7.9, win.table_dock.height()
    snake = win.snake_dock
    snake.canvas.draw()
    strip = snake.chart.segment_box("CA")
    assert strip.height >= STRIP_MAX - 0.5  # the full strip, not a squeezed one
    assert "CA" in snake.chart.labels and "TX" in snake.chart.labels
    assert map_share(win) >= MAP_SHARE and win.canvas.height() >= 320


def test_snake_chart_and_table_both_open_in_a_small_window(make_window, qtbot):
    """At 1024×700 the map (320 px at least) and the snake chart leave no room for a table
    under them: it opens as a tab beside Details with eight rows, the snake chart keeps
    its whole strip under the map, and the window stays 700 px high."""
    win = make_window(1024, 700)
    open_snake_and_table(qtbot, win)
    assert_snake_and_table_usable(win, (1024, 700))
    assert win.table_dock in win.tabifiedDockWidgets(win.details_dock)
    assert win.dockWidgetArea(win.snake_dock) == Qt.DockWidgetArea.BottomDockWidgetArea


def test_snake_chart_and_table_stack_under_the_map_in_a_tall_window(make_window, qtbot):
    win = make_window(1600, 1000)
    open_snake_and_table(qtbot, win)
    assert_snake_and_table_usable(win, (1600, 1000))
    bottom = Qt.DockWidgetArea.BottomDockWidgetArea
    assert win.dockWidgetArea(win.table_dock) == win.dockWidgetArea(win.snake_dock) == bottom
    assert win.snake_dock.geometry().bottom() < win.table_dock.geometry().top()  # above it
    # Shrunk, the table moves beside Details; grown again, back under the map.
    win.resize(1024, 900)
    qtbot.waitUntil(lambda: win.table_dock in win.tabifiedDockWidgets(win.details_dock))
    qtbot.waitUntil(lambda: shown_on_screen(win.table_dock) and table_rows_shown(win) >= 7.9)
    resize(qtbot, win, 1600, 1000)
    qtbot.waitUntil(lambda: win.dockWidgetArea(win.table_dock) == bottom)
    qtbot.waitUntil(lambda: table_rows_shown(win) >= 7.9)
    assert_snake_and_table_usable(win, (1600, 1000))
