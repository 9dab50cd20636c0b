"""The one error type that bad input raises: it always says where and what was expected."""

from __future__ import annotations


class InputError(Exception):
    """Bad input: names the source (file or argument), the line and field, and what was expected."""

    def __init__(
        self,
        source: str,
        expected: str,
        *,
        line: int | None = None,
        field: str | None = None,
        got: str | None = None,
        column: int | None = None,
    ) -> None:
        self.source = source
        self.line = line
        self.column = column  # a character position in the line, where one is known
        self.field = field
        self.expected = expected
        self.got = got
        super().__init__(self._message())

    def _message(self) -> str:
        where = [self.source]
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.column is not None:
            where.append(f"column {self.column}")
        if self.field:
            where.append(f"field '{self.field}'")
        text = f"{', '.join(where)}: expected {self.expected}"
        if self.got is not None:
            shown = self.got if len(self.got) <= 60 else self.got[:57] + "..."
            text += f", got {shown!r}"
        return text
