"""Following live results in the window (issue #18): a loopback server serves snapshots
one after another and the live map and panel follow; a malformed snapshot is refused with
its field named and the night kept; an older snapshot arriving late changes nothing; a
followed file; Play at chosen speeds; the live blog's calls against the feed's."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QApplication

from tests.ui.test_liveblog import _Server
from tests.ui.test_timeline import drawn, widget_rgb

T1 = datetime(2024, 11, 6, 3, 0, tzinfo=UTC)
T2 = datetime(2024, 11, 6, 4, 0, tzinfo=UTC)


def _iso(t: datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def snapshot(when: datetime, rep: int, dem: int, *, unit: str = "PA",
             calls: tuple[dict, ...] = ()) -> bytes:
    """A snapshot in our JSON format: one unit's count at ``when``, and some calls."""
    return json.dumps({
        "format": "electoral-map/live", "version": 1, "year": 2024,
        "candidates": [{"party": "REP", "name": "Donald Trump"},
                       {"party": "DEM", "name": "Kamala Harris"}],
        "counts": [{"time": _iso(when), "unit": unit, "votes": {"REP": rep, "DEM": dem},
                    "total_votes": rep + dem + 50_000, "expected_total": 7_000_000,
                    "expected_total_basis": "published"}],
        "calls": list(calls)}).encode()


@pytest.fixture
def server():
    s = _Server()
    yield s
    s.close()
    QThreadPool.globalInstance().waitForDone(30_000)


def panel(window) -> str:  # type: ignore[no-untyped-def]
    return window.live_results.dock.text.toPlainText()


def shown_rgb(window) -> np.ndarray:  # type: ignore[no-untyped-def]
    window.canvas.update_fast_now()
    QApplication.processEvents()
    return widget_rgb(window, "PA")


def follow(qtbot, window, server) -> object:  # type: ignore[no-untyped-def]
    """Follow the server's feed with PA selected; wait for its first snapshot on the map."""
    window.document.select("PA")
    live = window.live_results
    assert live.follower.follow(f"http://127.0.0.1:{server.port}/feed")
    qtbot.waitUntil(lambda: live.night is not None, timeout=8000)
    assert window.document.style.mode == "live"
    drawn(qtbot, window)
    return live.follower.source


def serve(qtbot, server, source, body: bytes) -> None:  # type: ignore[no-untyped-def]
    """The feed changes to ``body`` (a new ETag) and is polled at once."""
    server.etag = f'"{len(server.paths)}"'
    server.body = body
    poll(qtbot, server, source)


def poll(qtbot, server, source) -> None:  # type: ignore[no-untyped-def]
    """One poll now (instead of waiting for the interval), until its answer is handled."""
    before = len(server.paths)
    source.refresh()
    qtbot.waitUntil(lambda: len(server.paths) > before and not source.polling, timeout=8000)
    QApplication.processEvents()


def test_a_followed_address_brings_the_new_leader_to_map_and_panel(qtbot, window, server):
    server.body = snapshot(T1, rep=3_000_000, dem=2_800_000)
    source = follow(qtbot, window, server)
    live = window.live_results
    assert "Trump leads by 200,000 votes" in panel(window)
    before = shown_rgb(window)
    assert before[0] > before[2]  # red: Trump leads

    serve(qtbot, server, source, snapshot(T2, rep=3_300_000, dem=3_400_000))
    qtbot.waitUntil(lambda: "Harris leads by 100,000 votes" in panel(window), timeout=5000)
    after = shown_rgb(window)
    assert after[2] > after[0]  # blue: Harris leads now
    assert live.when == T2 and live.bar.slider.value() == live.bar.slider.maximum()
    assert "1 new update" in window.statusBar().currentMessage()
    assert [s.time for s in live.night.history("PA")] == [T1, T2]
    # The reader went back to the first update: a new snapshot leaves the cursor there.
    live.bar.slider.setValue(0)
    assert live.when == T1
    serve(qtbot, server, source, snapshot(T2 + timedelta(hours=1), rep=3_400_000,
                                          dem=3_600_000))
    qtbot.waitUntil(lambda: len(live.night.history("PA")) == 3, timeout=5000)
    assert live.when == T1 and live.bar.slider.value() == 0
    assert live.bar.slider.maximum() == 2


def test_a_malformed_snapshot_is_refused_naming_its_field_and_the_night_is_kept(
        qtbot, window, server):
    server.body = snapshot(T1, rep=3_000_000, dem=2_800_000)
    source = follow(qtbot, window, server)
    before = shown_rgb(window)
    bad = json.loads(snapshot(T2, rep=3_300_000, dem=3_400_000))
    bad["counts"][0]["votes"]["DEM"] = "many"
    serve(qtbot, server, source, json.dumps(bad).encode())
    message = window.statusBar().currentMessage()
    assert "counts[0].votes.DEM" in message and "many" in message, message
    assert "night so far is kept" in message
    live = window.live_results
    assert [s.time for s in live.night.history("PA")] == [T1]
    assert "Trump leads by 200,000 votes" in panel(window)
    assert np.allclose(shown_rgb(window), before, atol=0.02)
    assert live.follower.following  # still following: the next good snapshot is merged
    serve(qtbot, server, source, snapshot(T2, rep=3_300_000, dem=3_400_000))
    qtbot.waitUntil(lambda: "Harris leads" in panel(window), timeout=5000)


def test_an_older_snapshot_arriving_later_changes_nothing(qtbot, window, server):
    server.body = snapshot(T2, rep=3_300_000, dem=3_400_000)
    source = follow(qtbot, window, server)
    live = window.live_results
    assert "Harris leads by 100,000 votes" in panel(window)
    blue = shown_rgb(window)
    serve(qtbot, server, source, snapshot(T1, rep=3_000_000, dem=2_800_000))  # a stale copy
    assert "1 older update ignored" in window.statusBar().currentMessage()
    assert [s.time for s in live.night.history("PA")] == [T2]
    assert live.when == T2
    assert "Harris leads by 100,000 votes" in panel(window)
    assert np.allclose(shown_rgb(window), blue, atol=0.02)


# -- a followed file, and the live blog's calls beside the feed's --------------------------

GA_CALL = {"time": "2024-11-06T06:00:00Z", "unit": "GA", "call": "REP", "caller": "Test desk"}
PA_CALL = {"time": "2024-11-06T08:00:00Z", "unit": "PA", "call": "DEM", "caller": "Test desk"}


def test_the_panel_shows_where_the_live_blog_calls_a_unit_otherwise(qtbot, window, tmp_path):
    """The bundled 2024 blog calls Pennsylvania for Trump at 07:24 UTC; this feed calls it
    for Harris at 08:00 (and agrees on Georgia). The map shows the feed's call; the panel
    names both."""
    feed = tmp_path / "feed.json"
    feed.write_bytes(snapshot(T1, rep=3_000_000, dem=2_800_000, calls=(GA_CALL,)))
    live = window.live_results
    window.document.select("PA")
    assert live.follower.follow(str(feed))
    qtbot.waitUntil(lambda: live.night is not None, timeout=8000)
    assert "live blog" not in panel(window)  # 03:00: the blog has not called it yet
    # The file is rewritten with the feed's call: watched, read again, merged.
    feed.write_bytes(snapshot(T2, rep=3_300_000, dem=3_400_000, calls=(GA_CALL, PA_CALL)))
    qtbot.waitUntil(lambda: live.night.units_with_calls() == ("GA", "PA"), timeout=8000)
    assert live.when == datetime(2024, 11, 6, 8, tzinfo=UTC)  # the newest update
    text = panel(window)
    assert ("The live blog calls Pennsylvania for Donald Trump at 2024-11-06 07:24Z "
            "(“Battleground Pennsylvania projected for Trump”); the results feed calls it "
            "for Kamala Harris (Test desk).") in text
    live.set_time(datetime(2024, 11, 6, 7, 30, tzinfo=UTC))  # blog called, feed not yet
    assert "the results feed has no call." in panel(window)
    window.document.select("GA")  # both call Georgia for Trump: nothing to say
    assert "Call: called for Donald Trump" in panel(window)
    assert "live blog" not in panel(window)


# -- Play ------------------------------------------------------------------------------------

class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def _night_from(text: str):  # type: ignore[no-untyped-def]
    from viewer.core.live_count import read_live

    return read_live(text, source="test").night


NIGHT = """# format: electoral-map/live
# year: 2024
# candidate: REP | Donald Trump
# candidate: DEM | Kamala Harris
time,unit,votes_REP,votes_DEM,total_votes,eevp
2024-11-06T03:00:00Z,PA,300,280,600,20
2024-11-06T04:00:00Z,PA,500,520,1050,40
2024-11-06T05:00:00Z,PA,700,760,1500,60
2024-11-08T03:00:00Z,PA,900,1000,1950,99
"""


def test_play_runs_the_cursor_at_the_chosen_speed_and_stops_at_the_end(qtbot, window):
    live = window.live_results
    window.document.select("PA")
    assert live.show_night(_night_from(NIGHT), "night.csv", ["test"])
    play = live.play
    clock = FakeClock()
    play.clock = clock
    labels = [play.speed.itemText(i) for i in range(play.speed.count())]
    assert labels == ["1 min/s", "10 min/s", "1 h/s", "6 h/s", "1 day/s"]
    start = datetime(2024, 11, 6, 3, tzinfo=UTC)
    assert live.when == start
    assert play.action in live.bar.actions() and play.action.isEnabled()

    play.set_speed(60)  # one minute of the night per second
    play.action.trigger()
    assert play.action.isChecked() and play.action.text() == "❚❚ Pause"
    clock.now = 30.0
    play.tick()
    assert live.when == start + timedelta(minutes=30)
    assert "03:30 UTC" in live.bar.label.text()
    assert live.bar.slider.value() == 0

    play.set_speed(3600)  # an hour per second: past the 04:00 update
    clock.now = 31.0
    play.tick()
    assert live.when == start + timedelta(minutes=90)
    assert live.bar.slider.value() == 1
    assert "Harris leads by 20 votes" in panel(window)  # the 04:00 count

    play.set_speed(86400)  # a day per second: the end of the night, and Play stops
    clock.now = 33.0
    play.tick()
    assert live.when == datetime(2024, 11, 8, 3, tzinfo=UTC)
    assert live.bar.slider.value() == live.bar.slider.maximum()
    assert not play.action.isChecked() and play.action.text() == "▶ Play"

    play.set_speed(6 * 3600)  # Play at the end starts from the beginning again
    play.action.trigger()
    assert live.when == start
    clock.now = 34.0
    play.tick()
    assert live.when == start + timedelta(hours=6)
    play.action.trigger()  # pause
    assert not play.action.isChecked()
    clock.now = 40.0  # paused: no tick moves the cursor
    qtbot.wait(120)
    assert live.when == start + timedelta(hours=6)


def test_play_on_the_bar_with_the_real_timer_moves_the_cursor(qtbot, window):
    live = window.live_results
    assert live.show_night(_night_from(NIGHT), "night.csv", ["test"])
    live.play.set_speed(86400)
    live.play.action.trigger()
    qtbot.waitUntil(lambda: not live.play.action.isChecked(), timeout=5000)  # ≈ 2 s of play
    assert live.when == datetime(2024, 11, 8, 3, tzinfo=UTC)


def test_the_lead_chart_shows_pennsylvania_turning_and_its_cursor_follows_the_time(qtbot, window):
    from matplotlib.dates import date2num, num2date

    live = window.live_results
    live.open_bundled_2020()
    window.document.select("PA")
    chart = live.dock.chart
    qtbot.waitUntil(lambda: len(chart._line.get_xdata()) > 100, timeout=5000)
    xs, ys = chart._line.get_xdata(), chart._line.get_ydata()
    assert ys[0] < -500 and ys[-1] > 50  # thousands: Trump far ahead, then Biden
    turned = next(x for x, y in zip(xs, ys, strict=True) if y > 0)
    assert num2date(turned).date().isoformat() == "2020-11-06"
    assert "Joe Biden above" in chart.ax.get_title()
    # A step of the time cursor moves the chart's time line, not its data.
    when = datetime(2020, 11, 6, 12, tzinfo=UTC)
    live.set_time(when)
    qtbot.waitUntil(lambda: chart._cursor.get_xdata()[0] == date2num(when), timeout=5000)
    assert len(chart._line.get_xdata()) == len(xs)
