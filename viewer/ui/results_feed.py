"""A live results feed the window follows (issue #18): a snapshot file or an http(s)
address, read and parsed off the GUI thread by the machinery of ``followed_source`` (the
same watching, polling, ETags, timeouts, size caps and back-off as the live blog). Here:
how live results are parsed (``viewer.core.live_count``, the format detected from the
content). Delivers a ``LiveRead`` by ``imported``."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject

from viewer.core.live_count import read_live, read_live_bytes
from viewer.core.live_count.common import MAX_LIVE_BYTES
from viewer.ui.followed_source import FollowedSource, Parse


class ResultsFeedSource(FollowedSource):
    def __init__(self, location: str, parent: QObject | None = None, *,
                 interval_s: float = 30.0) -> None:
        super().__init__(location, parent, what="live results", interval_s=interval_s,
                         max_bytes=MAX_LIVE_BYTES)

    def path_parser(self, path: Path) -> Parse:
        return lambda: read_live(path)

    def bytes_parser(self, data: bytes, location: str) -> Parse:
        return lambda: read_live_bytes(data, location)
