"""A source the window reads and follows: a local file (watched, surviving editors that
replace it by rename) or an http(s) address (polled with conditional requests, a timeout,
a size cap and back-off on errors; Qt's network manager keeps the GUI thread free).
Reading and parsing run on Qt's thread pool, one parse at a time per source; results come
back to the GUI thread by queued signals. While a parse runs, Python's cyclic garbage
collector runs on the GUI thread only (see _GuiThreadCollection).

``FollowedSource`` is the machinery; a subclass says how its input is parsed
(``path_parser``, ``bytes_parser``): the live blog (``liveblog_source``) and the live
results feed (``results_feed``)."""

from __future__ import annotations

import gc
import stat
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import (
    QByteArray,
    QFileSystemWatcher,
    QMutex,
    QMutexLocker,
    QObject,
    QRunnable,
    QThreadPool,
    QTimer,
    QUrl,
    Signal,
    Slot,
)
from PySide6.QtNetwork import QNetworkAccessManager, QNetworkReply, QNetworkRequest

from viewer.core.errors import InputError
from viewer.core.importers.common import MAX_INPUT_BYTES
from viewer.core.importers.fetch import check_url, is_address
from viewer.core.safe_read import read_capped

Parse = Callable[[], object]  # made on the GUI thread, run on a pool thread

TIMEOUT_MS = 10_000  # no data for this long: give up
DEADLINE_MS = 30_000  # a whole request may not take longer (a body that trickles forever)
MAX_BACKOFF = 8
GIL_TURN_S = 0.001  # while a parse runs (Python's default is 0.005)


class _ShortGilTurns:
    """The parsers are pure Python: the pool thread holds the GIL for whole switch
    intervals, and the GUI thread waits up to one for each call it makes into Qt (≈ 40 ms
    per probe tick at 5 ms, ≈ 20 ms at 1 ms). Shorter turns while any parse runs."""

    def __init__(self) -> None:
        self._lock = QMutex()
        self._running = 0
        self._saved = sys.getswitchinterval()

    def __enter__(self) -> None:
        with QMutexLocker(self._lock):
            if self._running == 0:
                self._saved = sys.getswitchinterval()
                sys.setswitchinterval(min(self._saved, GIL_TURN_S))
            self._running += 1

    def __exit__(self, *_exc: object) -> None:
        with QMutexLocker(self._lock):
            self._running -= 1
            if self._running == 0:
                sys.setswitchinterval(self._saved)


_short_gil_turns = _ShortGilTurns()


class _GuiThreadCollection(QObject):
    """Python's cyclic garbage collector runs on whichever thread allocates when a
    threshold is crossed: a parse allocates millions of objects, so without this the
    collection runs on the pool thread, and every Python-owned QObject in the garbage is
    deleted there (a closed window not yet deleted, a followed source's watcher). A socket
    notifier deleted off its thread stays registered with the GUI thread's event
    dispatcher, which then reads freed memory: a segmentation fault. So while any parse
    runs, automatic collection is off and the GUI thread collects the young generations on
    a timer (if collection was on); the state is restored when the last parse is over.
    Begun and ended on the GUI thread: ended by a queued call from the job's last act, so
    a source deleted mid-parse still ends it."""

    YOUNG_EVERY_MS = 500

    def __init__(self) -> None:
        super().__init__()
        self._running = 0
        self._was_enabled = False
        self._young = QTimer(self)
        self._young.setInterval(self.YOUNG_EVERY_MS)
        self._young.timeout.connect(self._collect_young)

    def begin(self) -> None:
        if self._running == 0:
            self._was_enabled = gc.isenabled()
            gc.disable()
            if self._was_enabled:
                self._young.start()
        self._running += 1

    @Slot(int, object, str)
    def end(self, _generation: int = 0, _result: object = None, _message: str = "") -> None:
        self._running -= 1
        if self._running == 0:
            self._young.stop()
            if self._was_enabled:
                gc.enable()

    def _collect_young(self) -> None:
        if gc.get_count()[0] > gc.get_threshold()[0]:
            gc.collect(1)  # the old generation waits for the end of the parse


_gui_collection: _GuiThreadCollection | None = None


def _collection() -> _GuiThreadCollection:
    """The GUI thread's collector (made on the GUI thread, by the first parse)."""
    global _gui_collection
    if _gui_collection is None:
        _gui_collection = _GuiThreadCollection()
    return _gui_collection


class _ParseSignals(QObject):
    # generation, the parsed result (None on failure), the failure message ("" on success)
    done = Signal(int, object, str)


class _ParseJob(QRunnable):
    """One read-and-parse on a pool thread. Every outcome is reported: an InputError's own
    message, or any other exception named, so that a parser bug never vanishes in a thread."""

    def __init__(self, parse: Parse, location: str, generation: int) -> None:
        super().__init__()
        # Made on the GUI thread and not parented: the job owns it, so the source can be
        # deleted mid-parse; Qt drops the queued call to a deleted receiver.
        self.signals = _ParseSignals()
        self._parse = parse
        self._location = location
        self._generation = generation

    def run(self) -> None:
        result: object | None = None
        message = ""
        try:
            with _short_gil_turns:
                result = self._parse()
        except InputError as exc:
            message = str(exc)
        except Exception as exc:  # reported, never lost in the pool thread
            message = f"{self._location}: could not be read ({type(exc).__name__}: {exc})"
        finally:  # always: it ends the GUI thread's collection (_GuiThreadCollection)
            self.signals.done.emit(self._generation, result, message)


class FollowedSource(QObject):
    """A followed file or address. Subclasses give ``path_parser`` and ``bytes_parser``;
    ``what`` names the input in refusals ("live blog", "live results")."""

    imported = Signal(object)  # what the parser returned
    failed = Signal(str)  # one sentence for the status bar
    unchanged = Signal()  # a poll found nothing new (HTTP 304)

    def __init__(self, location: str, parent: QObject | None = None, *, what: str = "input",
                 interval_s: float = 30.0, max_bytes: int = MAX_INPUT_BYTES,
                 timeout_ms: int = TIMEOUT_MS, deadline_ms: int = DEADLINE_MS) -> None:
        super().__init__(parent)
        self.location = location
        self.is_url = is_address(location)
        if self.is_url:
            check_url(location)
        self.what = what
        self.interval_s = interval_s
        self.max_bytes = max_bytes
        self.timeout_ms = timeout_ms
        self.following = False
        self._deadline = QTimer(self)
        self._deadline.setSingleShot(True)
        self._deadline.setInterval(deadline_ms)
        self._deadline.timeout.connect(self._on_deadline)
        self._failures = 0
        self._etag: str | None = None
        self._last_modified: str | None = None
        self._reply: QNetworkReply | None = None
        self._poll = QTimer(self)
        self._poll.setSingleShot(True)
        self._poll.timeout.connect(self.refresh)
        self._debounce = QTimer(self)  # editors write in several steps; read once
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(150)
        self._debounce.timeout.connect(self.refresh)
        self._watcher: QFileSystemWatcher | None = None
        self._net: QNetworkAccessManager | None = None
        self._parsing = False  # a parse job is running (one at a time)
        self._again = False  # a refresh came during that parse: read once more after it
        self._generation = 0  # results of an older generation are dropped (see stop)

    # -- control ---------------------------------------------------------------------
    def refresh(self) -> None:
        """Read the source now; the result comes later, by a signal."""
        if not self.is_url and self._refused_at_once():
            return
        if self._parsing:
            self._again = True  # coalesced: one more read when the running one is done
            return
        if self.is_url:
            self._request()
        else:
            self._read_file()

    def stop(self) -> None:
        """Stop following and drop the read in progress: nothing more is delivered."""
        self.follow(False)
        self._debounce.stop()
        self._deadline.stop()
        self._generation += 1
        self._again = False
        reply, self._reply = self._reply, None
        if reply is not None:
            reply.abort()  # finished (now or already) finds no _reply and does nothing
            reply.deleteLater()

    def follow(self, on: bool = True) -> None:
        self.following = on
        if self.is_url:
            if on:
                self._schedule()
            else:
                self._poll.stop()
            return
        if on:
            self._watcher = QFileSystemWatcher(self)
            self._watcher.fileChanged.connect(self._on_file_event)
            self._watcher.directoryChanged.connect(self._on_file_event)
            self._watch()
        elif self._watcher is not None:
            self._watcher.deleteLater()
            self._watcher = None

    @property
    def backoff(self) -> int:
        return min(MAX_BACKOFF, 2 ** self._failures) if self._failures else 1

    @property
    def polling(self) -> bool:
        """A poll is under way: its request, or the parse of its answer."""
        return self._reply is not None

    @property
    def deadline_ms(self) -> int:
        """The longest a whole request may take, in ms."""
        return self._deadline.interval()

    @deadline_ms.setter
    def deadline_ms(self, ms: int) -> None:
        self._deadline.setInterval(ms)

    # -- files -----------------------------------------------------------------------
    def _watch(self) -> None:
        if self._watcher is None:
            return
        path = Path(self.location)
        # Watch the folder too: a file replaced by rename is a new file to the watcher.
        if str(path.parent) not in self._watcher.directories():
            self._watcher.addPath(str(path.parent))
        if path.exists() and str(path) not in self._watcher.files():
            self._watcher.addPath(str(path))

    def _on_file_event(self, _path: str) -> None:
        self._watch()
        if Path(self.location).exists():
            self._debounce.start()

    def _refused_at_once(self) -> bool:
        """A pipe or device is refused here, without waiting for the pool: stat cannot
        block, and read_capped refuses such a path before opening it."""
        path = Path(self.location)
        try:
            if stat.S_ISREG(path.stat().st_mode):
                return False
            read_capped(path, self.max_bytes, self.what)
        except InputError as exc:
            self._generation += 1  # newer than any parse still running
            self._again = False
            self.failed.emit(str(exc))
            return True
        except OSError:
            pass  # missing or unreadable: the pool thread reports it, naming the file
        return False

    def _read_file(self) -> None:
        self._start(self.path_parser(Path(self.location)))

    # -- what a subclass says ---------------------------------------------------------------
    def path_parser(self, path: Path) -> Parse:
        """The parse of the followed file (called on the GUI thread, run on the pool)."""
        raise NotImplementedError

    def bytes_parser(self, data: bytes, location: str) -> Parse:
        """The parse of a poll's answer (called on the GUI thread, run on the pool)."""
        raise NotImplementedError

    # -- parsing (pool thread) --------------------------------------------------------------
    def _start(self, parse: Parse) -> None:
        self._parsing = True
        job = _ParseJob(parse, self.location, self._generation)
        collection = _collection()
        # Queued (emitted on the pool thread), in this order: the collection is restored
        # before the result is delivered, and even if this source is deleted meanwhile.
        job.signals.done.connect(collection.end)
        job.signals.done.connect(self._on_parsed)
        collection.begin()
        QThreadPool.globalInstance().start(job)

    @Slot(int, object, str)
    def _on_parsed(self, generation: int, result: object | None, message: str) -> None:
        self._parsing = False
        if generation == self._generation:
            outcome: object = result if result is not None else message
            if self.is_url:
                self._end_poll(outcome)
            elif isinstance(outcome, str):
                self.failed.emit(outcome)
            else:
                self.imported.emit(outcome)
        if self._again:
            self._again = False
            self.refresh()

    # -- addresses ---------------------------------------------------------------------
    def _network(self) -> QNetworkAccessManager:
        if self._net is None:
            self._net = QNetworkAccessManager(self)
            self._net.setRedirectPolicy(
                QNetworkRequest.RedirectPolicy.NoLessSafeRedirectPolicy)
        return self._net

    def _request(self) -> None:
        if self._reply is not None:
            return  # one request at a time
        request = QNetworkRequest(QUrl(self.location))
        request.setTransferTimeout(self.timeout_ms)
        request.setMaximumRedirectsAllowed(5)
        request.setHeader(QNetworkRequest.KnownHeaders.UserAgentHeader, "electoral-map/0.1")
        if self._etag:
            request.setRawHeader(b"If-None-Match", QByteArray(self._etag.encode()))
        if self._last_modified:
            request.setRawHeader(b"If-Modified-Since",
                                 QByteArray(self._last_modified.encode()))
        reply = self._network().get(request)
        reply.downloadProgress.connect(self._on_progress)
        reply.finished.connect(self._on_finished)
        self._reply = reply
        self._deadline.start()

    def _on_deadline(self) -> None:
        if self._reply is not None:
            self._reply.setProperty("too_slow", True)
            self._reply.abort()

    def _on_progress(self, received: int, _total: int) -> None:
        if received > self.max_bytes and self._reply is not None:
            self._reply.setProperty("too_big", True)
            self._reply.abort()

    def _on_finished(self) -> None:
        reply = self._reply  # kept until the poll's parse is done: one poll at a time
        self._deadline.stop()
        if reply is None:
            return
        status = reply.attribute(QNetworkRequest.Attribute.HttpStatusCodeAttribute)
        try:
            if reply.property("too_slow"):
                raise InputError(self.location, "a complete answer within "
                                 f"{self._deadline.interval() / 1000:g} s", got="still sending")
            if reply.property("too_big"):
                raise InputError(self.location, f"a response under "
                                 f"{self.max_bytes // 1_000_000} MB", got="more")
            if reply.error() != QNetworkReply.NetworkError.NoError and status != 304:
                what = (f"HTTP {status}" if status else reply.errorString())
                raise InputError(self.location, "a successful answer in time", got=what)
            if status == 304:
                self._end_poll(None)
                return
            data = bytes(reply.readAll().data())
        except InputError as exc:
            self._end_poll(str(exc))
            return
        self._etag = _header(reply, "ETag") or self._etag
        self._last_modified = _header(reply, "Last-Modified") or self._last_modified
        self._start(self.bytes_parser(data, self.location))

    def _end_poll(self, outcome: object) -> None:
        """A poll's outcome is known (None: unchanged; str: failure): count failures,
        schedule the next poll, then tell the window."""
        reply, self._reply = self._reply, None
        if reply is not None:
            reply.deleteLater()
        self._failures = self._failures + 1 if isinstance(outcome, str) else 0
        if self.following:
            self._schedule()
        if outcome is None:
            self.unchanged.emit()
        elif isinstance(outcome, str):
            self.failed.emit(f"{outcome} (next try in {self.interval_s * self.backoff:.0f} s)")
        else:
            self.imported.emit(outcome)

    def _schedule(self) -> None:
        self._poll.start(int(self.interval_s * self.backoff * 1000))


def _header(reply: QNetworkReply, name: str) -> str | None:
    value = reply.rawHeader(name)
    return bytes(value.data()).decode("latin-1") if not value.isEmpty() else None
