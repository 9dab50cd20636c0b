"""A live blog the window reads and follows: a local file or an http(s) address, read and
parsed off the GUI thread by the machinery of ``followed_source`` (watching, polling with
conditional requests, timeouts, size caps, back-off, the garbage collector kept on the GUI
thread). Here: how a live blog is parsed (``viewer.core.importers``)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject

from viewer.core.importers.common import MAX_INPUT_BYTES
from viewer.core.importers.detect import import_bytes, import_path
from viewer.core.results import ElectionResults
from viewer.ui.followed_source import (
    DEADLINE_MS,
    TIMEOUT_MS,
    FollowedSource,
    Parse,
)
from viewer.ui.followed_source import _collection as _collection  # the forecast's pool jobs


class LiveBlogSource(FollowedSource):
    """Delivers an ``Imported`` (events, snapshot, format, warnings) by ``imported``."""

    def __init__(self, location: str, results: Callable[[], ElectionResults],
                 parent: QObject | None = None, *, interval_s: float = 30.0,
                 max_bytes: int = MAX_INPUT_BYTES, timeout_ms: int = TIMEOUT_MS,
                 deadline_ms: int = DEADLINE_MS) -> None:
        super().__init__(location, parent, what="live blog", interval_s=interval_s,
                         max_bytes=max_bytes, timeout_ms=timeout_ms, deadline_ms=deadline_ms)
        self._results = results

    # The results are taken on the GUI thread; the importers are looked up when the job
    # runs (a test replaces them in this module).
    def path_parser(self, path: Path) -> Parse:
        results = self._results()
        return lambda: import_path(path, results)

    def bytes_parser(self, data: bytes, location: str) -> Parse:
        results = self._results()
        return lambda: import_bytes(data, location, results)
