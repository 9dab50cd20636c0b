"""Where a value sits in JSON text: the line and column of a path such as
``races[0].reportingUnits[2].candidates[1].voteCount``, so that refusals of JSON input
name them like refusals of CSV input do. Only run when something is refused."""

from __future__ import annotations

import json
import re
from typing import Any

from viewer.core.live_count.common import LiveInputError
from viewer.core.safe_read import loads_json

_WS = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()
_scanstring: Any = getattr(json.decoder, "scanstring")  # noqa: B009  # public, not in the stubs
JPath = tuple[str | int, ...]
Path = JPath


def path_text(path: Path) -> str:
    out = ""
    for key in path:
        out += f"[{key}]" if isinstance(key, int) else (f".{key}" if out else key)
    return out


def _line_start(text: str, where: tuple[int, int]) -> int:
    """The offset of a (line, column) position."""
    line, col = where
    pos = 0
    for _ in range(line - 1):
        pos = text.index("\n", pos) + 1
    return pos + col - 1


def line_col(text: str, pos: int) -> tuple[int, int]:
    line = text.count("\n", 0, pos) + 1
    return line, pos - (text.rfind("\n", 0, pos) + 1) + 1


def locate(text: str, path: Path) -> tuple[int, int] | None:
    """The line and column where the value at ``path`` starts; None when it is not there."""
    try:
        pos = _WS.match(text, 0).end()  # type: ignore[union-attr]  # matches the empty string
        for key in path:
            found = _member(text, pos, key) if isinstance(key, str) else _element(text, pos, key)
            if found is None:
                return None
            pos = found
    except (ValueError, IndexError, RecursionError):
        return None
    return line_col(text, pos)


def _skip_ws(text: str, pos: int) -> int:
    return _WS.match(text, pos).end()  # type: ignore[union-attr]  # matches the empty string


def _member(text: str, pos: int, key: str) -> int | None:
    if text[pos] != "{":
        return None
    pos = _skip_ws(text, pos + 1)
    found = None
    while text[pos] != "}":
        name, pos = _scanstring(text, pos + 1)
        pos = _skip_ws(text, pos)
        pos = _skip_ws(text, pos + 1)  # the colon
        if name == key:
            found = pos  # json.loads keeps the last of duplicate keys: so do we
        _, pos = _DECODER.raw_decode(text, pos)
        pos = _skip_ws(text, pos)
        if text[pos] == ",":
            pos = _skip_ws(text, pos + 1)
    return found


def _element(text: str, pos: int, index: int) -> int | None:
    if text[pos] != "[":
        return None
    pos = _skip_ws(text, pos + 1)
    i = 0
    while text[pos] != "]":
        if i == index:
            return pos
        _, pos = _DECODER.raw_decode(text, pos)
        pos = _skip_ws(text, pos)
        if text[pos] == ",":
            pos = _skip_ws(text, pos + 1)
        i += 1
    return None


def _elements(text: str, pos: int) -> list[int]:
    """Where each element of the array at ``pos`` starts."""
    out: list[int] = []
    if text[pos] != "[":
        return out
    pos = _skip_ws(text, pos + 1)
    while text[pos] != "]":
        out.append(pos)
        _, pos = _DECODER.raw_decode(text, pos)
        pos = _skip_ws(text, pos)
        if text[pos] == ",":
            pos = _skip_ws(text, pos + 1)
    return out


class JsonDoc:
    """Parsed JSON and its text, to refuse values at their line and column."""

    def __init__(self, text: str, source: str, expected: str) -> None:
        self.text = text
        self.source = source
        self.data: Any = _loads(text, source, expected)
        self._lines: dict[JPath, list[int]] = {}

    def line_of(self, array: JPath, index: int) -> int | None:
        """The line of an array's element; one pass over the array, however many are asked."""
        if array not in self._lines:
            lines: list[int] = []
            try:
                where = locate(self.text, array)
                if where is not None:
                    start = _line_start(self.text, where)
                    lines = [line_col(self.text, p)[0] for p in _elements(self.text, start)]
            except (ValueError, IndexError, RecursionError):
                lines = []
            self._lines[array] = lines
        lines = self._lines[array]
        return lines[index] if 0 <= index < len(lines) else None

    def where(self, array: JPath, index: int) -> str:
        line = self.line_of(array, index)
        if line:
            return f"{self.source}, line {line}"
        return f"{self.source}, {path_text(array)}[{index}]"

    def fail(self, path: Path, expected: str, got: object = None) -> LiveInputError:
        where = locate(self.text, path)
        line, column = where if where is not None else (None, None)
        shown = None if got is None else (got if isinstance(got, str) else json.dumps(got)[:80])
        return LiveInputError(self.source, expected, line=line, column=column,
                              field=path_text(path) or None, got=shown)


def _loads(text: str, source: str, expected: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise LiveInputError(source, expected, line=exc.lineno, column=exc.colno,
                             got=exc.msg) from None
    except RecursionError:
        return loads_json(text, source, expected)  # raises its own "nested too deeply"
