"""One window per user: a second launch hands its files to the running window.

The first window listens on a QLocalServer under a per-user name (`server_name()`). A later
`electoral-map [--open FILE | --scenario FILE] [--results FILE]` finds it, sends one line
of JSON (`{"scenario": "/abs/path.json"}`), waits for the answer and exits; the running
window opens the files through the same code as File ▸ Open results and File ▸ Open
scenario (results first, then the scenario) and raises itself. A launch without a file
sends `{}`: the window only raises.

The message is untrusted (any process of the user can connect): at most
MAX_MESSAGE_BYTES, one JSON object whose keys are among KEYS, each an absolute path to an
existing file. Anything else is refused with a reason and opens nothing; a client that
sends nothing complete within CLIENT_IDLE_MS is dropped.

A name left by a window that crashed (a socket file nobody listens on) is recognised by a
refused connection and removed, and the new launch becomes the server. Only the window
takes part: the headless commands never listen or connect.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
import sys
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

ENV_NAME = "ELECTORAL_MAP_INSTANCE"  # overrides the server name (tests, several sessions)
KEYS = ("results", "scenario", "year")
YEARS = range(1789, 2100)  # a bundled election's year, checked again when it is opened
MAX_MESSAGE_BYTES = 16 * 1024  # two paths of up to 4096 characters fit with room to spare
MAX_PATH_CHARS = 4096
MAX_CONNECTIONS = 8  # open at once; more are closed at once
CONNECT_TIMEOUT_MS = 2000
REPLY_TIMEOUT_MS = 20000  # the running window may still be loading its map
CLIENT_IDLE_MS = 5000


class RequestError(ValueError):
    """A message that is not a request this window accepts (the reason is the text)."""


@dataclass(frozen=True)
class Request:
    """What a launch asks the running window to open (nothing: only raise it)."""

    results: Path | None = None
    scenario: Path | None = None
    year: int | None = None  # `--year`: a bundled election (or the election in a file)

    @classmethod
    def of(cls, results: Path | None, scenario: Path | None,
           year: int | None = None) -> Request:
        """The request of this launch: its paths made absolute (the window has its own
        working folder)."""
        results, scenario = (Path(os.path.abspath(p)) if p is not None else None
                             for p in (results, scenario))
        return cls(results, scenario, year)

    def to_bytes(self) -> bytes:
        fields: dict[str, object] = {k: str(v) for k, v in (("results", self.results),
                                     ("scenario", self.scenario)) if v is not None}
        if self.year is not None:
            fields["year"] = self.year
        return json.dumps(fields).encode() + b"\n"


def parse_request(data: bytes) -> Request:
    """The request in one message (without its newline), or RequestError saying why not."""
    if len(data) > MAX_MESSAGE_BYTES:
        raise RequestError(f"message longer than {MAX_MESSAGE_BYTES} bytes")
    try:
        obj = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise RequestError("not a JSON text") from None
    if not isinstance(obj, dict):
        raise RequestError("expected a JSON object")
    unknown = sorted(str(k)[:40] for k in obj if k not in KEYS)
    if unknown:
        raise RequestError(f"unknown field {unknown[0]!r}")
    year = obj.get("year")
    if year is not None and (not isinstance(year, int) or isinstance(year, bool)
                             or year not in YEARS):
        raise RequestError("year: expected an election year such as 1960")
    paths: dict[str, Path] = {}
    for key in KEYS[:2]:
        value = obj.get(key)
        if value is None:
            continue
        if (not isinstance(value, str) or not value or len(value) > MAX_PATH_CHARS
                or "\x00" in value):
            raise RequestError(f"{key}: expected a file path")
        path = Path(value)
        if not path.is_absolute():
            raise RequestError(f"{key}: expected an absolute path")
        try:
            is_file = path.is_file()
        except OSError:
            is_file = False
        if not is_file:
            raise RequestError(f"{key}: no such file: {value}")
        paths[key] = path
    return Request(paths.get("results"), paths.get("scenario"), year)


def server_name(env: dict[str, str] | None = None) -> str:
    """The per-user name: a socket in $XDG_RUNTIME_DIR (a folder only this user can enter)
    when there is one, else `electoral-map-<uid>` in the temporary folder."""
    env = dict(os.environ if env is None else env)
    if env.get(ENV_NAME):
        return env[ENV_NAME]
    runtime = env.get("XDG_RUNTIME_DIR", "")
    if sys.platform != "win32" and runtime and _private_dir(runtime):
        return str(Path(runtime) / "electoral-map.sock")
    user = str(os.getuid()) if hasattr(os, "getuid") else env.get("USERNAME", "user")
    return f"electoral-map-{user}"


def _private_dir(path: str) -> bool:
    try:
        st = os.stat(path)
    except OSError:
        return False
    return (stat.S_ISDIR(st.st_mode) and st.st_uid == os.getuid()
            and not st.st_mode & 0o077)


def _is_socket(path: Path) -> bool:
    """Only a socket file is ever removed as stale (never a file the name points to by
    mistake)."""
    try:
        return stat.S_ISSOCK(os.lstat(path).st_mode)
    except OSError:
        return False


# -- the second launch -------------------------------------------------------------------

@dataclass(frozen=True)
class Reply:
    status: str  # "sent", "refused", "no-server" or "no-answer"
    detail: str = ""


def send(request: Request, name: str, reply_timeout_ms: int = REPLY_TIMEOUT_MS) -> Reply:
    """Hand the request to the window listening on `name` (blocking; no event loop)."""
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(CONNECT_TIMEOUT_MS):
        return Reply("no-server", socket.errorString())
    socket.write(request.to_bytes())
    socket.waitForBytesWritten(CONNECT_TIMEOUT_MS)
    data = b""
    while b"\n" not in data and len(data) < 4096:
        if not socket.waitForReadyRead(reply_timeout_ms):
            data += bytes(socket.readAll().data())
            break
        data += bytes(socket.readAll().data())
    socket.abort()
    try:
        answer = json.loads(data.split(b"\n", 1)[0].decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return Reply("no-answer", "the running window did not answer")
    if isinstance(answer, dict) and answer.get("ok") is True:
        return Reply("sent")
    error = answer.get("error") if isinstance(answer, dict) else None
    return Reply("refused", str(error or "refused"))


# -- the running window ------------------------------------------------------------------

class InstanceServer(QObject):
    """Listens for later launches; each accepted request is emitted (after the answer has
    gone out), each refused message's reason too."""

    request_received = Signal(object)  # Request
    refused = Signal(str)

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        # No socket options: with any, Qt binds in a folder of its own and renames the
        # socket over the name, taking it from a running window. Without, bind() fails
        # when the name exists, and listen() makes the file private itself.
        self._server = QLocalServer(self)
        self._server.newConnection.connect(self._on_new_connection)
        self._connections: set[_Connection] = set()

    def listen(self, replace_stale: bool = False) -> bool:
        """Take the name; with replace_stale, first remove what a crashed window left (only
        after a connection to it was refused: a live window's name is never taken)."""
        if replace_stale and _is_socket(self._path()):
            QLocalServer.removeServer(self.name)
        if not self._server.listen(self.name):
            return False
        if sys.platform != "win32":
            with contextlib.suppress(OSError):  # only this user may connect
                os.chmod(self._server.fullServerName(), 0o600)
        return True

    def _path(self) -> Path:
        if os.path.isabs(self.name):
            return Path(self.name)
        from PySide6.QtCore import QDir

        return Path(QDir.tempPath()) / self.name

    def is_listening(self) -> bool:
        return self._server.isListening()

    def close(self) -> None:
        """Stop listening and remove the socket file."""
        self._server.close()

    def serve(self, window) -> None:  # type: ignore[no-untyped-def]
        """Open what later launches send in `window` (a MainWindow), and raise it."""
        self.request_received.connect(lambda request: deliver(window, request))

    def _on_new_connection(self) -> None:
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            if len(self._connections) >= MAX_CONNECTIONS:
                socket.abort()
                socket.deleteLater()
                continue
            self._connections.add(_Connection(socket, self))

    def _finished(self, connection: _Connection, request: Request | None, error: str) -> None:
        self._connections.discard(connection)
        if request is not None:
            # Later, outside the socket's signal: opening may ask questions (a year, unsaved
            # changes) in dialogs of their own.
            QTimer.singleShot(0, lambda: self.request_received.emit(request))
        else:
            self.refused.emit(error)


class _Connection(QObject):
    """One client: read a line (capped), answer, close."""

    def __init__(self, socket: QLocalSocket, server: InstanceServer) -> None:
        super().__init__(server)
        self._server = server
        self.socket = socket
        socket.setParent(self)
        self.buffer = bytearray()
        self.done = False
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(lambda: self._finish(None, "no complete message in time"))
        self.timer.start(CLIENT_IDLE_MS)
        socket.readyRead.connect(self._read)
        socket.disconnected.connect(self._on_disconnected)
        self._read()

    def _read(self) -> None:
        while not self.done and self.socket.bytesAvailable() > 0:
            room = MAX_MESSAGE_BYTES + 1 - len(self.buffer)
            self.buffer += bytes(self.socket.read(max(room, 1)).data())
            end = self.buffer.find(b"\n")
            if end >= 0:
                try:
                    request = parse_request(bytes(self.buffer[:end]))
                except RequestError as exc:
                    self._finish(None, str(exc))
                else:
                    self._finish(request, "")
            elif len(self.buffer) > MAX_MESSAGE_BYTES:
                self._finish(None, f"message longer than {MAX_MESSAGE_BYTES} bytes")

    def _on_disconnected(self) -> None:
        if not self.done:
            self._finish(None, "closed before the end of its message")
        self.deleteLater()

    def _finish(self, request: Request | None, error: str) -> None:
        self.done = True
        self.timer.stop()
        answer = {"ok": True} if request is not None else {"ok": False, "error": error}
        if self.socket.state() == QLocalSocket.LocalSocketState.ConnectedState:
            self.socket.write(json.dumps(answer).encode() + b"\n")
            self.socket.flush()
            self.socket.disconnectFromServer()  # after the answer is written
        else:
            self.deleteLater()
        self._server._finished(self, request, error)


def deliver(window, request: Request) -> None:  # type: ignore[no-untyped-def]
    """Open the request's files in the window as its menus would, then raise it."""
    if request.results is not None:
        window.open_results(request.results)  # a file's own year (asked if it has several)
    elif request.year is not None:
        window.show_year(request.year)
    if request.scenario is not None:
        window.files.open(request.scenario)
    raise_window(window)


def raise_window(window) -> None:  # type: ignore[no-untyped-def]
    if window.isMinimized():
        window.showNormal()
    window.show()
    window.raise_()
    window.activateWindow()


# -- at launch -----------------------------------------------------------------------------

def hand_over_or_serve(request: Request, name: str | None = None) -> InstanceServer | int:
    """At a window launch (a QApplication exists): the server this window will listen
    with, or, when a window is already running and took the request, the exit status of
    this launch (0, or 1 when the running window refused the request)."""
    server = InstanceServer(name or server_name())
    if server.listen():
        return server  # the first window
    reply = send(request, server.name)
    if reply.status == "sent":
        return 0
    if reply.status == "refused":
        print(f"electoral-map: error: the running window did not open it: {reply.detail}",
              file=sys.stderr)
        return 1
    if reply.status == "no-server" and server.listen(replace_stale=True):
        return server  # a crashed window's name, taken over
    # Someone holds the name but does not answer (a hung window): open our own window.
    print(f"electoral-map: warning: another Electoral Map window did not answer "
          f"({reply.detail}); opening a new one", file=sys.stderr)
    return server
