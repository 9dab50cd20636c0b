"""One entry point for live-results input: the format is detected from the content.

Each reader has a signature (a metadata line, a header, a JSON shape). The readers whose
signature matches are tried; when none can read the input, the refusal names the file,
the line and column, every format tried and why each failed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from viewer.core.errors import InputError
from viewer.core.live_count import ap_json, call_lists, nyt_series, own_format
from viewer.core.live_count.common import LiveInputError, LiveRead, decode, read_bytes
from viewer.core.live_count.json_where import JsonDoc
from viewer.core.live_count.model import Night

_CSV_READERS: tuple[tuple[str, Callable[[str], bool], Callable[[str, str], LiveRead]], ...] = (
    (own_format.NAME_CSV, own_format.looks_like_csv, own_format.read_csv),
    (nyt_series.NAME, nyt_series.looks_like, nyt_series.read),
    (call_lists.NAME, call_lists.looks_like, call_lists.read),
)
_JSON_READERS: tuple[tuple[str, Callable[[object], bool], Callable[[JsonDoc], LiveRead]], ...] = (
    (own_format.NAME_JSON, own_format.looks_like_json, own_format.read_json),
    (ap_json.NAME, ap_json.looks_like, ap_json.read),
)
_WHY_NOT = {
    own_format.NAME_CSV: f"no '# format: {own_format.FORMAT}' line at the top",
    nyt_series.NAME: "the header is not " + ",".join(nyt_series.HEADER[:4]) + ",…",
    call_lists.NAME: "the header is not " + ",".join(call_lists.HEADER[:3]) + ",…",
    own_format.NAME_JSON: f"no \"format\": \"{own_format.FORMAT}\"",
    ap_json.NAME: "no \"races\" list at the top level",
}
FORMATS = tuple(_WHY_NOT)


def read_live(path_or_text: Path | str, *, source: str | None = None) -> LiveRead:
    """Read live results from a file (a Path, or a str naming one) or from text (a str with
    a line break, or starting with '{' or '[')."""
    if isinstance(path_or_text, Path):
        name = source or str(path_or_text)
        return read_live_text(decode(read_bytes(path_or_text), name), name)
    text = path_or_text
    if "\n" in text or text.lstrip().startswith(("{", "[")):
        return read_live_text(text, source or "<live results>")
    return read_live(Path(text), source=source)


def read_live_bytes(data: bytes, source: str) -> LiveRead:
    return read_live_text(decode(data, source), source)


def read_live_text(text: str, source: str) -> LiveRead:
    stripped = text.lstrip("\ufeff \t\r\n")
    tried: list[tuple[str, str]] = []
    if stripped.startswith(("{", "[")):
        doc = JsonDoc(text, source, "live results JSON")
        for name, looks, reader in _JSON_READERS:
            if looks(doc.data):
                return reader(doc)  # its refusals are the file's, with line and column
            tried.append((name, _WHY_NOT[name]))
        tried += [(name, "the input is JSON, not CSV") for name, *_ in _CSV_READERS]
        raise _refusal(source, tried, line=1, column=1)
    for name, looks_text, csv_reader in _CSV_READERS:
        if looks_text(text):
            return csv_reader(text, source)
        tried.append((name, _WHY_NOT[name]))
    tried += [(name, "the input does not start with '{'") for name, *_ in _JSON_READERS]
    first = next((i for i, line in enumerate(text.splitlines(), 1) if line.strip()), 1)
    raise _refusal(source, tried, line=first, column=1)


def _refusal(source: str, tried: Iterable[tuple[str, str]], *, line: int,
             column: int) -> LiveInputError:
    reasons = "; ".join(f"{name}: {why}" for name, why in tried)
    return LiveInputError(source, f"live results in a known format (tried {reasons})",
                          line=line, column=column)


def read_all(sources: Iterable[Path | str]) -> tuple[Night, list[str]]:
    """Several files of one election merged into one night, and the formats read."""
    night: Night | None = None
    formats: list[str] = []
    for src in sources:
        got = read_live(src)
        formats.append(got.format)
        if night is None:
            night = got.night
            continue
        try:
            night.merge(got.night)
        except ValueError as exc:
            raise InputError(str(src), "files of one election", got=str(exc)) from None
    if night is None:
        raise InputError("<no files>", "at least one live results file")
    return night, formats
