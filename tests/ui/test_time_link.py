"""One time cursor for the night (issue #18): the live blog's replay and the live results'
cursor move together when they are about the same election, each clamped to its range;
a blog of another year leaves them apart. Driven through the bars' sliders and keys."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from tests.ui.test_live_follow import FakeClock
from tests.ui.test_live_results import party_rgb
from tests.ui.test_menu_actions import press
from tests.ui.test_timeline import drawn, widget_rgb
from viewer.ui.replay_bar import as_of_text


def _entry(title: str, when: str) -> str:
    """A post as copied from a BBC live page: ``when`` is 'HH:MM D November YYYY'."""
    hhmm, date = when.split(" ", 1)
    return f"{title}published at {hhmm} Greenwich Mean Time {date}\n\nText.\n\n"


# Newest first, as the page lists them. The first post is before the count's first update
# (the AP's Florida call, 4 Nov 05:35); Trump leads Pennsylvania's count at 12:48 on
# 6 November, Biden from 13:52.
BLOG_2020 = [("Pennsylvania projected for Biden", "16:25 7 November 2020"),
             ("Biden now leads in Pennsylvania", "14:00 6 November 2020"),
             ("Pennsylvania still counting", "12:48 6 November 2020"),
             ("Wisconsin projected for Biden", "19:16 4 November 2020"),
             ("Polls close in the east", "23:00 3 November 2020")]
T = [datetime(2020, 11, 3, 23, tzinfo=UTC), datetime(2020, 11, 4, 19, 16, tzinfo=UTC),
     datetime(2020, 11, 6, 12, 48, tzinfo=UTC), datetime(2020, 11, 6, 14, tzinfo=UTC),
     datetime(2020, 11, 7, 16, 25, tzinfo=UTC)]


def open_blog(qtbot, window, path: Path, posts: list[tuple[str, str]]) -> None:  # type: ignore[no-untyped-def]
    path.write_text("".join(_entry(t, w) for t, w in posts))
    assert window.open_live_blog(str(path))
    qtbot.waitUntil(lambda: window.events_dock.model.rowCount() == len(posts), timeout=10_000)


def open_night_and_blog(qtbot, window, tmp_path):  # type: ignore[no-untyped-def]
    press(qtbot, window, "File > 2020 count as it came in")
    drawn(qtbot, window)
    open_blog(qtbot, window, tmp_path / "blog_2020.txt", BLOG_2020)
    assert window.document.event_times() == T
    return window.live_results


def key(qtbot, slider, k: Qt.Key) -> None:  # type: ignore[no-untyped-def]
    slider.setFocus()
    qtbot.keyClick(slider, k)
    QApplication.processEvents()


def pa_rgb(window) -> np.ndarray:  # type: ignore[no-untyped-def]
    window.canvas.update_fast_now()
    QApplication.processEvents()
    return widget_rgb(window, "PA")


def details(window) -> str:  # type: ignore[no-untyped-def]
    return window.details_dock.summary.text()


def test_moving_the_replay_moves_the_count_and_the_map(qtbot, window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    live = open_night_and_blog(qtbot, window, tmp_path)
    first = live.times[0]
    assert live.when == first
    window.document.select("PA")

    press(qtbot, window, "View > Replay the night")  # Ctrl+T: from the blog's first post
    assert window.document.as_of == T[0]
    # 3 November is before the count: it stays at its first update, and says so.
    assert live.when == first
    assert live.bar.link.text() == "Replay before the count"
    assert "04 Nov 05:35 UTC" in live.bar.link.toolTip()
    # The live map's title and bar give the count's moment, not the blog's.
    figure = window.canvas.map_figure
    assert "03 Nov" not in figure.title.get_text()
    assert "As of 04 Nov 05:35 UTC" in figure.bar.status.get_text()
    assert live.bar.link.isVisible()

    slider = window.replay.slider
    key(qtbot, slider, Qt.Key.Key_Right)
    key(qtbot, slider, Qt.Key.Key_Right)  # 6 Nov 12:48: Trump leads Pennsylvania
    assert window.document.as_of == T[2]
    assert live.when == T[2]
    assert "06 Nov 12:48 UTC" in live.bar.label.text()
    assert live.bar.link.text() == "Moves with the replay"
    before = pa_rgb(window)
    panel = live.dock.text.toPlainText()
    assert "as of 2020-11-06 12:48Z" in panel and "Trump leads by" in panel
    assert as_of_text(T[2]) in details(window)  # both panels at the same moment
    # and Details says it shows the replay's calls, not the final result
    assert window.details_dock.windowTitle() == "Details (live blog replay)"
    assert as_of_text(T[2]) in window.canvas.map_figure.bar.status.get_text()

    key(qtbot, slider, Qt.Key.Key_Right)  # 6 Nov 14:00: Biden leads it
    assert live.when == T[3]
    after = pa_rgb(window)
    assert before[0] > before[2] and after[2] > after[0]  # the tint went from red to blue
    assert "Biden leads by" in live.dock.text.toPlainText()

    key(qtbot, slider, Qt.Key.Key_End)  # 7 Nov 16:25: the AP's call, full colour
    assert live.when == T[4]
    assert np.allclose(pa_rgb(window), party_rgb(window, "DEM"), atol=0.03)

    press(qtbot, window, "View > Replay the night")  # leaving the replay
    assert window.document.as_of is None
    assert live.when == T[4]  # the count stays where it was
    assert window.details_dock.windowTitle() == "Details (final result)"
    assert live.bar.link.text() == "Replay both: Ctrl+T"  # and says how to link them again


def test_moving_the_count_moves_the_replay(qtbot, window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    live = open_night_and_blog(qtbot, window, tmp_path)
    bar = window.replay
    bar.replay_action.setChecked(True)
    slider = live.bar.slider
    # The count's update of 13:52:37 on 6 November, by the slider (as a drag would).
    index = next(i for i, t in enumerate(live.times) if t >= datetime(2020, 11, 6, 13, 52,
                                                                      tzinfo=UTC))
    slider.setValue(index)
    moment = live.times[index]
    assert window.document.as_of == moment
    assert bar.slider.value() == 2  # the blog's post of 12:48 is the newest by then
    assert bar.label.text() == as_of_text(moment) == "As of 06 Nov 13:52 UTC"
    assert as_of_text(moment) in details(window)
    assert live.bar.link.text() == "Moves with the replay"

    key(qtbot, slider, Qt.Key.Key_End)  # January: after the blog's last post
    assert window.document.as_of == T[-1]
    assert bar.slider.value() == bar.slider.maximum()
    assert live.bar.link.text() == "Count after the blog"
    assert "to 07 Nov 16:25 UTC" in live.bar.link.toolTip()


def test_play_on_either_bar_drives_both(qtbot, window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    live = open_night_and_blog(qtbot, window, tmp_path)
    bar, play = window.replay, live.play
    bar.replay_action.setChecked(True)
    bar.slider.setValue(1)  # 4 Nov 19:16
    clock = FakeClock()
    play.clock = clock
    play.set_speed(86400)  # a day of the night per second
    play.action.trigger()
    clock.now = 2.0
    play.tick()
    assert live.when == datetime(2020, 11, 6, 19, 16, tzinfo=UTC)
    assert window.document.as_of == live.when
    assert bar.slider.value() == 3  # the blog's post of 6 Nov 14:00

    bar.play_action.setChecked(True)  # the replay's Play stops the count's
    assert not play.action.isChecked()
    bar.slider.setValue(0)
    qtbot.waitUntil(lambda: bar.slider.value() >= 3, timeout=5000)
    bar.play_action.setChecked(False)
    assert live.when == window.document.as_of == T[bar.slider.value()]


def test_a_blog_of_another_year_leaves_the_cursors_apart(qtbot, window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The 2020 count with the bundled 2024 blog (back on the 2024 map), and with a 2024
    blog opened on the 2020 map: nothing is linked, and the live bar says why."""
    press(qtbot, window, "File > 2020 count as it came in")
    live = window.live_results
    assert window.show_year(2024)  # the 2024 blog is back; the 2020 count stays loaded
    assert window.document.events and live.night is not None

    def apart() -> None:
        bar = window.replay
        bar.replay_action.setChecked(True)
        start = live.when
        bar.slider.setValue(bar.slider.maximum())
        assert live.when == start  # the replay moved; the count did not
        replayed = window.document.as_of
        live.bar.slider.setValue(live.bar.slider.maximum() // 2)
        assert window.document.as_of == replayed  # and the other way round
        assert live.bar.link.text() == "Apart from the 2024 blog"
        assert "The live blog is of 2024, the count of 2020" in live.bar.link.toolTip()
        bar.replay_action.setChecked(False)

    apart()
    assert window.show_year(2020)
    # A 2024 blog opened on the 2020 map is filed under 2020; its times say 2024.
    open_blog(qtbot, window, tmp_path / "blog_2024.txt",
              [("Ohio projected for Trump", "02:37 6 November 2024"),
               ("Polls close", "00:00 6 November 2024")])
    assert window.document.events_year == 2020
    apart()


def test_both_bars_and_the_map_fit_at_1024_by_700(qtbot, results_2024, shapes, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Mid-replay in a small window: both bars and the live bar's note shown, the window
    not grown past 700 px by the Live results panel (a tab beside Details there), and
    the map no smaller than its minimum."""
    from tests.ui.helpers import open_window

    window = open_window(qtbot, results_2024, shapes, size=(1024, 700))
    live = open_night_and_blog(qtbot, window, tmp_path)
    window.replay.replay_action.setChecked(True)
    window.replay.slider.setValue(0)  # the longest note: "Replay before the count"
    QApplication.processEvents()
    assert window.size().width() == 1024 and window.size().height() == 700
    assert window.replay.isVisible() and live.bar.isVisible()
    for widget in (window.replay.slider, window.replay.label, live.bar.slider,
                   live.bar.label, live.bar.link):
        assert widget.isVisible()  # none behind the toolbar's » menu
        right = widget.mapTo(window, widget.rect().topRight()).x()
        assert right <= window.width()
    assert window.canvas.width() >= 480 and window.canvas.height() >= 320
    assert live.dock.isVisible() and window.tabifiedDockWidgets(live.dock)


def test_a_followed_update_moves_the_linked_replay_when_the_count_follows_the_night(
        qtbot, window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The count on its newest update follows the night: a new snapshot moves it there, and
    the linked replay with it (it used to move the count alone). A count held at an earlier
    moment stays, and so does the replay."""
    from dataclasses import replace
    from datetime import timedelta

    from viewer.core.live_count.model import Night

    press(qtbot, window, "File > 2020 count as it came in")
    drawn(qtbot, window)
    live = window.live_results
    end = live.times[-1]
    # A blog that goes on after the count's last update (so the replay is not held at its
    # own last post).
    late = end + timedelta(days=10)
    posts = [("Electors meet", f"{late:%H:%M} {late.day} {late:%B %Y}"), *BLOG_2020]
    open_blog(qtbot, window, tmp_path / "blog_2020.txt", posts)
    window.replay.replay_action.setChecked(True)
    key(qtbot, live.bar.slider, Qt.Key.Key_End)  # the count on its newest update
    assert live.when == end and window.document.as_of == end

    def snapshot_at(when: datetime) -> Night:
        night = Night(year=2020)
        night.merge_all([replace(live.night.history("PA")[-1], time=when)])
        return night

    newer = end + timedelta(hours=5)
    live.merge_night(snapshot_at(newer))
    assert live.when == newer
    assert window.document.as_of == newer  # the replay followed the count
    assert live.bar.link.text() == "Moves with the replay"

    key(qtbot, live.bar.slider, Qt.Key.Key_Home)  # held at the first update
    first = live.times[0]
    live.merge_night(snapshot_at(newer + timedelta(hours=1)))
    assert live.when == first
    assert window.document.as_of == first  # where the count was moved to, as before


def test_a_replay_step_paints_the_map_with_its_highlight_before_the_list_follows(  # type: ignore[no-untyped-def]
        qtbot, window, tmp_path, monkeypatch) -> None:
    """A step of the replay shows its newest post's units highlighted on the map, painted
    before the events list is filtered to the moment and that post selected (the list's
    relayout held the map ≈ 5 ms a step); the list then shows and selects the same post."""
    live = open_night_and_blog(qtbot, window, tmp_path)
    canvas, dock = window.canvas, window.events_dock
    press(qtbot, window, "View > Replay the night")
    slider = window.replay.slider
    key(qtbot, slider, Qt.Key.Key_Right)  # 4 Nov 19:16: Wisconsin projected
    seen: list[int] = []
    original = dock.proxy.set_until

    def filtering(when):  # type: ignore[no-untyped-def]
        seen.append(canvas.blit_count)
        original(when)

    monkeypatch.setattr(dock.proxy, "set_until", filtering)
    for moment, units in ((T[2], ("PA",)), (T[3], ("PA",)), (T[4], ("PA",))):
        blits = canvas.blit_count
        slider.setFocus()
        QTest.keyClick(slider, Qt.Key.Key_Right)  # no event loop after the key
        assert live.when == moment
        assert seen[-1] == blits + 1  # the map had painted when the list was filtered
        assert window.document.highlighted == units
        assert dock.selected_event() is not None
        assert dock.selected_event().time == moment  # the list selects the same post
        assert dock.proxy.rowCount() == 1 + T.index(moment)
