"""Live blogs in the window: open, follow a file, poll a loopback server through faults."""

from __future__ import annotations

import http.server
import json
import os
import threading
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QElapsedTimer, Qt, QTimer

FIX = Path(__file__).resolve().parent.parent / "fixtures" / "liveblog"


def test_open_seed_page_shows_events_and_snapshot(qtbot, window, shared_dir, tmp_path):
    page = tmp_path / "page.txt"
    page.write_bytes(next((shared_dir / "seeds").glob("000_*.txt")).read_bytes())
    assert window.open_live_blog(str(page))
    qtbot.waitUntil(lambda: window.events_dock.model.rowCount() == 20)
    snap = window.events_dock.snapshot.text()
    assert "Donald Trump: 312 electoral votes — agrees" in snap
    assert "(-685,057)" in snap
    assert window.events_dock.source.text().endswith("page.txt")


def _entry(title: str, hhmm: str) -> str:
    return f"{title}published at {hhmm} Greenwich Mean Time 6 November 2024\n\nText.\n\n"


def test_following_a_file_replaced_by_rename(qtbot, window, tmp_path):
    blog = tmp_path / "blog.txt"
    blog.write_text(_entry("Ohio projected for Trump", "02:37") + _entry("Start", "01:00"))
    assert window.open_live_blog(str(blog))
    qtbot.waitUntil(lambda: window.events_dock.model.rowCount() == 2)
    dock = window.events_dock
    dock.view.setCurrentIndex(dock.row_index(1))  # the reader is on "Start"
    window.follow_action.setChecked(True)
    # An editor saves by writing a new file and renaming it over the old one.
    tmp = tmp_path / "blog.txt.new"
    tmp.write_text(_entry("Texas projected for Trump", "02:45") + blog.read_text())
    os.replace(tmp, blog)
    qtbot.waitUntil(lambda: dock.model.rowCount() == 3, timeout=5000)
    assert dock.selected_event().title == "Start"  # selection kept
    assert "1 new" in dock.windowTitle()
    top = dock.row_index(0)
    assert top.data().startswith("● NEW") and "Texas" in top.data()
    dock.view.setCurrentIndex(top)
    assert "new" not in dock.windowTitle()
    # A second save: still watched after the rename.
    tmp.write_text(_entry("Florida projected for Trump", "03:00") + blog.read_text())
    os.replace(tmp, blog)
    qtbot.waitUntil(lambda: dock.model.rowCount() == 4, timeout=5000)
    # The file is deleted: what is shown stays.
    blog.unlink()
    qtbot.wait(300)
    assert dock.model.rowCount() == 4


class _Server:
    """A loopback HTTP server whose answer the test sets; records every path asked for."""

    def __init__(self) -> None:
        self.mode = "ok"
        self.body = b""
        self.etag = '"v1"'
        self.paths: list[str] = []
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                outer.paths.append(self.path)
                if self.path != "/feed":
                    self.send_response(404)
                    self.end_headers()
                    return
                mode = outer.mode
                if mode == "404":
                    self.send_response(404)
                    self.end_headers()
                    return
                if mode == "loop":
                    self.send_response(302)
                    self.send_header("Location", "/feed")
                    self.end_headers()
                    return
                if mode == "trickle":  # a body that never ends, a few bytes at a time
                    self.send_response(200)
                    self.end_headers()
                    try:
                        for _ in range(200):
                            self.wfile.write(b"x")
                            self.wfile.flush()
                            time.sleep(0.05)
                    except OSError:
                        pass
                    return
                if mode == "huge":  # announces and starts sending far more than the cap
                    self.send_response(200)
                    self.send_header("Content-Length", str(200_000_000))
                    self.end_headers()
                    try:
                        chunk = b"y" * 65536
                        for _ in range(3000):
                            self.wfile.write(chunk)
                    except OSError:
                        pass
                    return
                if mode == "hang":
                    time.sleep(3)
                    return
                if mode == "500":
                    self.send_response(500)
                    self.end_headers()
                    return
                if mode == "ok" and self.headers.get("If-None-Match") == outer.etag:
                    self.send_response(304)
                    self.end_headers()
                    return
                body = b"\x00\x01garbage{{{" if mode == "garbage" else outer.body
                self.send_response(200)
                self.send_header("Content-Type", "application/feed+json")
                self.send_header("ETag", outer.etag)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *_args: object) -> None:
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def feed(self, items: list[dict]) -> None:
        self.body = json.dumps({"version": "https://jsonfeed.org/version/1.1",
                                "title": "t", "items": items}).encode()

    def close(self) -> None:
        self.httpd.shutdown()


class StallMeter:
    """The longest gap between ticks of a 10 ms timer: how long the event loop was blocked."""

    def __init__(self) -> None:
        self.watch = QElapsedTimer()
        self.watch.start()
        self.last = 0
        self.longest = 0
        self.timer = QTimer()
        self.timer.timeout.connect(self._tick)
        self.timer.start(10)

    def _tick(self) -> None:
        now = self.watch.elapsed()
        self.longest = max(self.longest, now - self.last)
        self.last = now

    def stop(self) -> int:
        self.timer.stop()
        return self.longest


@pytest.fixture
def server():
    s = _Server()
    yield s
    s.close()


def _item(n: int, title: str) -> dict:
    return {"id": str(n), "title": title, "content_text": "Body.",
            "date_published": f"2024-11-06T0{n}:00:00Z"}


def test_polling_through_faults(qtbot, window, server):
    url = f"http://127.0.0.1:{server.port}/feed"
    server.feed([_item(1, "Ohio projected for Trump")])
    assert window.open_live_blog(url)
    source = window.live_source
    source.timeout_ms = 800
    qtbot.waitUntil(lambda: window.events_dock.model.rowCount() == 1, timeout=5000)
    dock = window.events_dock

    def poll_and_wait() -> None:
        before = len(server.paths)
        source.refresh()
        qtbot.waitUntil(lambda: len(server.paths) > before and not source.polling,
                        timeout=5000)

    # Unchanged: the ETag brings a 304 and nothing moves.
    poll_and_wait()
    assert dock.model.rowCount() == 1
    # The feed changes (only the latest items are published): the old event stays.
    server.etag = '"v2"'
    server.feed([_item(2, "Texas projected for Trump")])
    poll_and_wait()
    assert dock.model.rowCount() == 2
    for mode, needle in (("500", "HTTP 500"), ("garbage", "expected"),
                         ("hang", "answer in time")):
        server.mode = mode
        server.etag = f'"{mode}"'
        meter = StallMeter()
        poll_and_wait()
        longest = meter.stop()
        assert needle in window.statusBar().currentMessage(), mode
        assert dock.model.rowCount() == 2  # what was shown stays
        assert longest <= 100, (mode, longest)  # the window stays responsive
    assert source.backoff > 1  # failures slow the polling down
    server.mode = "ok"
    server.etag = '"v3"'
    poll_and_wait()
    assert source.backoff == 1


def test_feed_markup_is_never_loaded_or_rendered(qtbot, window, server):
    pixel = f"http://127.0.0.1:{server.port}/pixel.gif"
    server.feed([{"id": "x", "title": f'<img src="{pixel}"> Nevada <a href="{pixel}">link</a>',
                  "content_text": f'<img src="{pixel}"><script>alert(1)</script> counting',
                  "date_published": "2024-11-06T03:00:00Z"}])
    assert window.open_live_blog(f"http://127.0.0.1:{server.port}/feed")
    dock = window.events_dock
    qtbot.waitUntil(lambda: dock.model.rowCount() == 1, timeout=5000)
    dock.view.setCurrentIndex(dock.row_index(0))
    window.on_unit_clicked("NV")
    qtbot.wait(400)
    assert not any(p.startswith("/pixel") for p in server.paths)
    shown = dock.text.toPlainText()
    assert "<img" in shown or "img" not in shown  # literal text, or stripped
    assert "counting" in shown
    details = [window.details_dock.events.item(i).text()
               for i in range(window.details_dock.events.count())]
    assert any("Nevada" in d for d in details)
    assert dock.view.model().data(dock.row_index(0), Qt.ItemDataRole.ToolTipRole) is None


def test_bad_address_is_refused(qtbot, window, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    assert not window.open_live_blog("file:///etc/passwd")
    assert "expected an http:// or https:// address" in shown[0]


def test_more_server_faults(qtbot, window, server):
    """404, a redirect loop, a body that never ends and an enormous body."""
    url = f"http://127.0.0.1:{server.port}/feed"
    server.feed([_item(1, "Ohio projected for Trump")])
    assert window.live_blog.open(url)
    qtbot.waitUntil(lambda: window.events_dock.model.rowCount() == 1, timeout=5000)
    # The blog shown, with short limits from now on.
    source = window.live_blog.source
    source.timeout_ms, source.deadline_ms, source.max_bytes = 800, 1500, 1_000_000
    for mode, needle in (("404", "HTTP 404"), ("loop", "expected a successful answer"),
                         ("trickle", "within 1.5 s"), ("huge", "under 1 MB")):
        server.mode = mode
        meter = StallMeter()
        before = len(server.paths)
        source.refresh()
        qtbot.waitUntil(lambda b=before: len(server.paths) > b and not source.polling,
                        timeout=8000)
        longest = meter.stop()
        message = window.statusBar().currentMessage()
        assert needle in message, (mode, message)
        assert window.events_dock.model.rowCount() == 1, mode
        assert longest <= 100, (mode, longest)
    assert server.paths.count("/feed") >= 5  # the loop was followed a few times, then cut


def _feed(n: int) -> str:
    items = [{"id": f"e{i}", "title": f"Update {i}", "content_text": "Text.",
              "date_published": f"2024-11-06T0{i}:00:00Z"} for i in range(1, n + 1)]
    return json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": "Blog",
                       "items": items[::-1]})


def test_followed_file_truncated_mid_write_then_completed(qtbot, window, tmp_path):
    """A writer that saves in place is caught half way: the half file is refused, the
    events stay, and the finished file is read when it lands."""
    blog = tmp_path / "feed.json"
    blog.write_text(_feed(2))
    assert window.open_live_blog(str(blog))
    dock = window.events_dock
    qtbot.waitUntil(lambda: dock.model.rowCount() == 2)
    window.follow_action.setChecked(True)
    whole = _feed(3)
    with blog.open("w") as fh:  # in place, not by rename: the reader can see the half
        fh.write(whole[: len(whole) // 2])
    qtbot.waitUntil(lambda: "feed.json" in window.statusBar().currentMessage()
                    and "line 1" in window.statusBar().currentMessage(), timeout=5000)
    assert dock.model.rowCount() == 2
    blog.write_text(whole)
    qtbot.waitUntil(lambda: dock.model.rowCount() == 3, timeout=5000)


def test_followed_file_unreadable_or_replaced_by_a_pipe(qtbot, window, tmp_path, monkeypatch):
    blog = tmp_path / "blog.txt"
    blog.write_text(_entry("Ohio projected for Trump", "02:37"))
    assert window.open_live_blog(str(blog))
    dock = window.events_dock
    qtbot.waitUntil(lambda: dock.model.rowCount() == 1)
    window.follow_action.setChecked(True)
    # Permissions taken away (simulated: the tests may run as root, who reads anything).
    real_open = Path.open

    def refuse(self: Path, *args: object, **kw: object) -> object:
        if self == blog:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kw)  # type: ignore[arg-type]

    before = blog.read_text()
    monkeypatch.setattr(Path, "open", refuse)
    with open(blog, "w") as fh:
        fh.write(_entry("Texas projected for Trump", "02:45") + before)
    qtbot.waitUntil(lambda: "Permission denied" in window.statusBar().currentMessage(),
                    timeout=5000)
    assert dock.model.rowCount() == 1
    monkeypatch.setattr(Path, "open", real_open)
    # Replaced by a named pipe: refused at once instead of blocking the window forever.
    blog.unlink()
    os.mkfifo(blog)
    timer = QElapsedTimer()
    timer.start()
    window.refresh_blog_action.trigger()
    assert timer.elapsed() < 1000
    assert "regular file" in window.statusBar().currentMessage()
    assert dock.model.rowCount() == 1
