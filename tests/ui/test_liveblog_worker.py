"""Live blogs are read and parsed on Qt's thread pool: the window keeps running, newer
reads win, failures still arrive, and a source deleted mid-parse is left alone."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest
from PySide6.QtCore import QElapsedTimer, QObject, QThreadPool

from tests.ui.test_liveblog import StallMeter, _entry


def rss_feed(n: int, results: object, first: int = 0) -> str:
    """An RSS feed of n items, newest first, each with a guid, title, date and description
    naming real states and candidates (so that calls and mentions are worked out)."""
    from viewer.core.units import UNITS

    states = [u.name for u in UNITS.values() if not u.is_district]
    names = [c.surname for c in results.candidates]  # type: ignore[attr-defined]
    items = []
    for i in range(first + n - 1, first - 1, -1):
        state, name = states[i % len(states)], names[i % len(names)]
        items.append(
            f"<item><guid isPermaLink=\"false\">urn:blog:update-{i}</guid>"
            f"<title>{state} projected for {name}</title>"
            f"<description>&lt;p&gt;Update {i}: with most of the vote counted in {state}, "
            f"{name} holds a lead the remaining ballots cannot close.&lt;/p&gt;</description>"
            f"<pubDate>Wed, {6 + i // 86400:02d} Nov 2024 {i // 3600 % 24:02d}:"
            f"{i // 60 % 60:02d}:{i % 60:02d} GMT</pubDate></item>")
    return ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>Election night</title>{''.join(items)}</channel></rss>")


@pytest.fixture(autouse=True)
def pool_idle() -> Iterator[None]:
    """No parse outlives its test (it would compete with the next one for the GIL)."""
    yield
    QThreadPool.globalInstance().waitForDone(120_000)


class Received:
    """What a source delivered, in order."""

    def __init__(self, source: QObject) -> None:
        self.imported: list[object] = []
        self.failed: list[str] = []
        source.imported.connect(self.imported.append)  # type: ignore[attr-defined]
        source.failed.connect(self.failed.append)  # type: ignore[attr-defined]

    def count(self) -> int:
        return len(self.imported) + len(self.failed)


def _reading(tmp_path: Path, results: object, items: int, *, owned: bool = True,
             ) -> tuple[Path, QObject, Received, QObject | None]:
    """A source on a feed of ``items`` items with its first read started: the file, the
    source, what it delivers, and its owner (which the caller keeps alive)."""
    from viewer.ui.liveblog_source import LiveBlogSource

    blog = tmp_path / "feed.rss"
    blog.write_text(rss_feed(items, results))
    owner = QObject() if owned else None
    source = LiveBlogSource(str(blog), lambda: results, owner)  # type: ignore[arg-type]
    got = Received(source)
    source.refresh()
    return blog, source, got, owner


def test_following_a_file_rewritten_with_10k_items_keeps_the_loop_running(
        qtbot, results_2024, tmp_path):
    blog, source, got, _owner = _reading(tmp_path, results_2024, 3)
    qtbot.waitUntil(lambda: got.count() == 1, timeout=30_000)
    source.follow(True)
    big = rss_feed(10_000, results_2024)
    # A full collection stops every thread, whatever the design, and takes 80-150 ms
    # over this process's heap: it is paused here and shown by the benchmark instead.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        meter = StallMeter()
        blog.write_text(big)
        qtbot.waitUntil(lambda: got.count() == 2, timeout=120_000)
        longest = meter.stop()
    finally:
        if was_enabled:
            gc.enable()
    assert not got.failed, got.failed
    assert len(got.imported[-1].events) == 10_000  # type: ignore[attr-defined]
    # Parsed on the GUI thread, the loop stalled for the whole parse (6-12 s on the 2-core
    # machine); on the pool it waits only for its turns at the GIL: 20-30 ms measured on a
    # quiet machine, up to 200 ms with the suite's other worker and other processes on
    # the same cores. The bound tells the two designs apart on a busy machine; the
    # benchmark's liveblog_10k_parse_stall_ms holds the 50 ms target.
    assert longest <= 1_000, longest


class _Cycle:
    """Garbage only the cyclic collector frees: it notes the thread that freed it."""

    freed_on: ClassVar[list[int]] = []

    def __init__(self) -> None:
        self.me = self

    def __del__(self) -> None:
        _Cycle.freed_on.append(threading.get_ident())


def test_the_garbage_collector_never_runs_on_the_pool_thread(qtbot, results_2024, tmp_path):
    """A collection on the pool thread would delete the garbage's Python-owned QObjects
    there (a closed window, a followed file's watcher): a segmentation fault later, when
    the GUI thread's event dispatcher reads the socket notifier deleted off its thread."""
    wait = QThreadPool.globalInstance().waitForDone  # bound now: no allocation after
    gc.collect()
    _Cycle.freed_on.clear()
    thresholds = gc.get_threshold()
    gc.set_threshold(1, 1, 1)  # the next allocation collects, on whichever thread it is
    try:
        _blog, _source, got, _owner = _reading(tmp_path, results_2024, 300)
        _make_garbage()  # unreachable on return: the next allocation is the parse's
        assert wait(60_000)  # the GUI thread waits (without the GIL) for the parse
        qtbot.waitUntil(lambda: got.count() == 1, timeout=30_000)
    finally:
        gc.set_threshold(*thresholds)
    gc.collect()
    assert got.imported and _Cycle.freed_on
    assert set(_Cycle.freed_on) == {threading.get_ident()}


def _make_garbage() -> None:
    for _ in range(20):
        _Cycle()


def test_a_change_during_a_parse_is_read_once_after_it(qtbot, results_2024, tmp_path):
    blog, source, got, _owner = _reading(tmp_path, results_2024, 3_000)
    qtbot.wait(100)  # the pool thread has read the file and is parsing it
    assert got.count() == 0  # not parsed on the GUI thread
    blog.write_text(rss_feed(2, results_2024, first=5_000))
    for _ in range(3):  # several changes while it parses: coalesced into one more read
        source.refresh()
    qtbot.waitUntil(lambda: got.count() == 2, timeout=120_000)
    qtbot.wait(300)
    assert got.count() == 2 and not got.failed
    older, newer = (i.events for i in got.imported)  # type: ignore[attr-defined]
    assert len(older) == 3_000
    assert [e.title for e in newer] == [f"{s} projected for {n}" for s, n in
                                        _names(results_2024, (5_001, 5_000))]


def _names(results: object, numbers: tuple[int, ...]) -> list[tuple[str, str]]:
    from viewer.core.units import UNITS

    states = [u.name for u in UNITS.values() if not u.is_district]
    names = [c.surname for c in results.candidates]  # type: ignore[attr-defined]
    return [(states[i % len(states)], names[i % len(names)]) for i in numbers]


def test_failures_arrive_and_the_shown_events_and_source_stay(qtbot, window, tmp_path,
                                                                monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    import viewer.ui.liveblog_source as liveblog_source

    blog = tmp_path / "blog.txt"
    blog.write_text(_entry("Ohio projected for Trump", "02:37"))
    assert window.open_live_blog(str(blog))
    dock = window.events_dock
    qtbot.waitUntil(lambda: dock.model.rowCount() == 1, timeout=30_000)
    window.follow_action.setChecked(True)
    source = window.live_source
    # A followed file that no longer parses: named in the status bar, events kept.
    blog.write_text('<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "b">]><rss></rss>')
    qtbot.waitUntil(lambda: "blog.txt" in window.statusBar().currentMessage()
                    and "ENTITY" in window.statusBar().currentMessage(), timeout=30_000)
    assert dock.model.rowCount() == 1
    # A bug in a parser (not an InputError) is reported too, naming the file.
    real = liveblog_source.import_path
    monkeypatch.setattr(liveblog_source, "import_path", _raise_bug)
    window.refresh_blog_action.trigger()
    qtbot.waitUntil(lambda: "RuntimeError: parser bug" in window.statusBar().currentMessage(),
                    timeout=30_000)
    assert "blog.txt" in window.statusBar().currentMessage()
    monkeypatch.setattr(liveblog_source, "import_path", real)
    # The user opens another file that cannot be read: its error is shown, and the window
    # goes back to the blog whose events it shows, still following it.
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    other = tmp_path / "other.json"
    other.write_text('{"version": "https://jsonfeed.org/version/1.1", "items": [')
    assert window.open_live_blog(str(other))
    qtbot.waitUntil(lambda: bool(shown), timeout=30_000)
    assert "other.json" in shown[0] and "kept" in shown[0]
    assert dock.source.text() == f"Source: {blog}"
    assert window.live_source is source and window.follow_action.isChecked()
    assert dock.model.rowCount() == 1
    blog.write_text(_entry("Texas projected for Trump", "02:45")
                    + _entry("Ohio projected for Trump", "02:37"))
    qtbot.waitUntil(lambda: dock.model.rowCount() == 2, timeout=30_000)
    assert dock.source.text() == f"Source: {blog}"


def _raise_bug(*_args: object) -> object:
    raise RuntimeError("parser bug")


def test_a_source_deleted_or_stopped_mid_parse_gets_nothing(qtbot, results_2024, tmp_path):
    from viewer.ui.liveblog_source import LiveBlogSource

    blog, source, got, _ = _reading(tmp_path, results_2024, 3_000, owned=False)
    with qtbot.waitSignal(source.destroyed, timeout=5_000):
        source.deleteLater()
    assert got.count() == 0  # deleted while its parse runs
    del source
    assert QThreadPool.globalInstance().waitForDone(120_000)
    qtbot.wait(200)  # the parse's queued result, had it been kept, would run now
    assert got.count() == 0
    # Stopped (not deleted) mid-parse: that parse is dropped; the next read arrives.
    kept = LiveBlogSource(str(blog), lambda: results_2024)
    got = Received(kept)
    kept.refresh()
    kept.stop()
    assert QThreadPool.globalInstance().waitForDone(120_000)
    qtbot.wait(200)
    assert got.count() == 0
    blog.write_text(rss_feed(2, results_2024))
    kept.refresh()
    qtbot.waitUntil(lambda: got.count() == 1, timeout=30_000)
    assert len(got.imported[0].events) == 2  # type: ignore[attr-defined]


def test_a_pipe_is_refused_at_once_even_during_a_parse(qtbot, results_2024, tmp_path):
    import os

    blog, source, got, _owner = _reading(tmp_path, results_2024, 3_000)
    qtbot.wait(100)  # read by the pool thread, which is parsing it
    assert got.count() == 0
    Path(blog).unlink()
    os.mkfifo(blog)
    timer = QElapsedTimer()
    timer.start()
    source.refresh()
    assert timer.elapsed() < 1000
    assert len(got.failed) == 1 and "regular file" in got.failed[0]
    assert QThreadPool.globalInstance().waitForDone(120_000)
    qtbot.wait(200)
    assert got.count() == 1  # the older parse, finished later, is not delivered after it
