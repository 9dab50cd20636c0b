"""A live blog the window reads and follows: a local file (watched, surviving editors that
replace it by rename) or an http(s) address (polled with conditional requests, a timeout,
a size cap and back-off on errors; Qt's network manager keeps the GUI thread free)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QByteArray, QFileSystemWatcher, QObject, QTimer, QUrl, Signal
from PySide6.QtNetwork import QNetworkAccessManager, QNetworkReply, QNetworkRequest

from viewer.core.errors import InputError
from viewer.core.importers.common import MAX_INPUT_BYTES, Imported
from viewer.core.importers.detect import import_bytes, import_path
from viewer.core.importers.fetch import check_url
from viewer.core.results import ElectionResults

TIMEOUT_MS = 10_000  # no data for this long: give up
DEADLINE_MS = 30_000  # a whole request may not take longer (a body that trickles forever)
MAX_BACKOFF = 8


class LiveBlogSource(QObject):
    imported = Signal(object)  # Imported
    failed = Signal(str)  # one sentence for the status bar
    unchanged = Signal()  # a poll found nothing new (HTTP 304)

    def __init__(self, location: str, results: Callable[[], ElectionResults],
                 parent: QObject | None = None, *, interval_s: float = 30.0,
                 max_bytes: int = MAX_INPUT_BYTES, timeout_ms: int = TIMEOUT_MS,
                 deadline_ms: int = DEADLINE_MS) -> None:
        super().__init__(parent)
        self.location = location
        self.is_url = "://" in location
        if self.is_url:
            check_url(location)
        self._results = results
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

    # -- control ---------------------------------------------------------------------
    def refresh(self) -> None:
        """Read the source now (asynchronously for an address)."""
        if self.is_url:
            self._request()
        else:
            self._read_file()

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

    def _read_file(self) -> None:
        try:
            result = import_path(Path(self.location), self._results())
        except InputError as exc:
            self.failed.emit(str(exc))
            return
        self.imported.emit(result)

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
        reply = self._reply
        self._reply = None
        self._deadline.stop()
        if reply is None:
            return
        reply.deleteLater()
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
                self._failures = 0
                self.unchanged.emit()
                return
            data = bytes(reply.readAll().data())
            self._etag = _header(reply, "ETag") or self._etag
            self._last_modified = _header(reply, "Last-Modified") or self._last_modified
            result: Imported = import_bytes(data, self.location, self._results())
        except InputError as exc:
            self._failures += 1
            self.failed.emit(f"{exc} (next try in {self.interval_s * self.backoff:.0f} s)")
            return
        finally:
            if self.following:
                self._schedule()
        self._failures = 0
        self.imported.emit(result)

    def _schedule(self) -> None:
        self._poll.start(int(self.interval_s * self.backoff * 1000))


def _header(reply: QNetworkReply, name: str) -> str | None:
    value = reply.rawHeader(name)
    return bytes(value.data()).decode("latin-1") if not value.isEmpty() else None
