"""Reading untrusted input safely: size caps before reading, and JSON that cannot exhaust
the interpreter. Failures are InputErrors naming the file."""

from __future__ import annotations

import json
import stat
import zlib
from pathlib import Path
from typing import Any

from viewer.core.errors import InputError


def read_capped(path: Path, max_bytes: int, what: str) -> bytes:
    """The file's bytes, refusing it (without reading it) when it is larger than the cap.

    ``what`` names the kind of file without an article: "scenario file", "live blog".
    """
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            # A pipe or device would block the reader forever; a folder cannot be read.
            raise InputError(str(path), f"a {what} (a regular file)",
                             got="a folder" if stat.S_ISDIR(info.st_mode) else "a special file")
        size = info.st_size
        if size > max_bytes:
            raise InputError(str(path), f"a {what} under {max_bytes / 1_000_000:g} MB",
                             got=f"{size:,} bytes")
        with path.open("rb") as fh:
            data = fh.read(max_bytes + 1)  # the file may grow while we read it
    except OSError as exc:
        raise InputError(str(path), f"a readable {what}", got=exc.strerror or str(exc)) from None
    if len(data) > max_bytes:
        raise InputError(str(path), f"a {what} under {max_bytes / 1_000_000:g} MB", got="more")
    return data


def loads_json(text: str | bytes, source: str, expected: str = "JSON") -> Any:
    """json.loads, with errors (including absurd nesting) as InputError."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(source, expected, line=exc.lineno, got=exc.msg) from None
    except RecursionError:
        raise InputError(source, f"{expected} nested less deeply", got="too deep") from None
    except UnicodeDecodeError:
        raise InputError(source, f"{expected} in UTF-8", got="undecodable bytes") from None


GZIP_MAGIC = b"\x1f\x8b"
_CHUNK = 64 * 1024


def decompress_capped(data: bytes, encoding: str, max_bytes: int, source: str) -> bytes:
    """Gzip ("gzip", "x-gzip") or zlib/raw deflate ("deflate") data, decompressed in
    bounded steps so that a bomb is refused at ``max_bytes`` instead of filling memory."""
    encoding = encoding.strip().lower()
    if encoding in ("gzip", "x-gzip"):
        return _inflate(data, 16 + zlib.MAX_WBITS, max_bytes, source, "gzip")
    if encoding == "deflate":
        # HTTP "deflate" means zlib-wrapped data, but some servers send it raw.
        try:
            return _inflate(data, zlib.MAX_WBITS, max_bytes, source, "deflate")
        except InputError as exc:
            if exc.got == "more":
                raise
            return _inflate(data, -zlib.MAX_WBITS, max_bytes, source, "deflate")
    raise InputError(source, "gzip or deflate encoding", got=encoding)


def _inflate(data: bytes, wbits: int, max_bytes: int, source: str, what: str) -> bytes:
    out = bytearray()
    rest = data
    while True:  # one pass per gzip member: concatenated members are one stream
        inflater = zlib.decompressobj(wbits)
        pending = rest
        try:
            while pending and not inflater.eof:
                out += inflater.decompress(pending, min(_CHUNK, max_bytes + 1 - len(out)))
                if len(out) > max_bytes:
                    raise InputError(source, f"{what} data under {max_bytes / 1_000_000:g} MB "
                                     "when decompressed", got="more")
                pending = inflater.unconsumed_tail
        except zlib.error as exc:
            raise InputError(source, f"{what} data that decompresses",
                             got=str(exc)[:80]) from None
        if not inflater.eof:
            raise InputError(source, f"complete {what} data", got="data cut short")
        rest = inflater.unused_data
        if wbits <= zlib.MAX_WBITS or not rest.startswith(GZIP_MAGIC):
            return bytes(out)  # anything after the last member (padding) is ignored
