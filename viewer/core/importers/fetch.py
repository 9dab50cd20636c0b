"""Fetch a live blog over HTTP(S) for the command line: a timeout, a size cap, http and
https only (redirects to any other scheme are refused), conditional requests, and gzip or
deflate bodies decoded under the same size cap."""

from __future__ import annotations

import http.client
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import IO
from urllib.parse import urlsplit

from viewer.core.errors import InputError
from viewer.core.importers.common import MAX_INPUT_BYTES
from viewer.core.safe_read import decompress_capped

TIMEOUT_S = 10.0
ALLOWED = ("http", "https")
_ENCODINGS = ("gzip", "x-gzip", "deflate")


@dataclass(frozen=True)
class Fetched:
    status: int  # 200, or 304 when nothing changed
    data: bytes  # decoded: never gzip or deflate data
    etag: str | None
    last_modified: str | None


class _SafeRedirects(urllib.request.HTTPRedirectHandler):
    max_redirections = 5

    def redirect_request(self, req: urllib.request.Request, fp: IO[bytes], code: int,
                         msg: str, headers: http.client.HTTPMessage,
                         newurl: str) -> urllib.request.Request | None:
        if _scheme(newurl) not in ALLOWED:
            raise urllib.error.HTTPError(newurl, code, "redirect to a non-HTTP address refused",
                                         headers, fp)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _scheme(url: str) -> str:
    try:
        return urlsplit(url).scheme.lower()
    except ValueError:  # "http://[::1": an unclosed IPv6 bracket, a bad port...
        return ""


def is_address(text: str) -> bool:
    """Whether a live-blog location is a web address (to fetch) rather than a file path."""
    return "://" in text


def check_url(url: str) -> str:
    try:
        parts = urlsplit(url)
        scheme, netloc = parts.scheme.lower(), parts.netloc
        _ = parts.port  # raises ValueError for a port that is not a number 0-65535
    except ValueError as exc:
        raise InputError(url, "a well-formed http:// or https:// address",
                         got=str(exc)[:80]) from None
    if scheme not in ALLOWED or not netloc:
        raise InputError(url, "an http:// or https:// address", got=scheme or "no scheme")
    return url


def fetch(url: str, *, etag: str | None = None, last_modified: str | None = None,
          timeout: float = TIMEOUT_S, max_bytes: int = MAX_INPUT_BYTES) -> Fetched:
    check_url(url)
    request = urllib.request.Request(url, headers={"User-Agent": "electoral-map/0.1",
                                                   "Accept-Encoding": "gzip, deflate"})
    if etag:
        request.add_header("If-None-Match", etag)
    if last_modified:
        request.add_header("If-Modified-Since", last_modified)
    opener = urllib.request.build_opener(_SafeRedirects)
    try:
        with opener.open(request, timeout=timeout) as response:
            data = response.read(max_bytes + 1)
            if len(data) > max_bytes:
                raise InputError(url, f"a response under {max_bytes // 1_000_000} MB",
                                 got="more")
            data = _decode_body(data, response.headers.get("Content-Encoding") or "", url,
                                max_bytes)
            return Fetched(response.status, data, response.headers.get("ETag"),
                           response.headers.get("Last-Modified"))
    except urllib.error.HTTPError as exc:
        if exc.code == 304:
            return Fetched(304, b"", etag, last_modified)
        raise InputError(url, "a successful response", got=f"HTTP {exc.code} {exc.reason}"
                         ) from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise InputError(url, "a server that answers in time", got=str(reason)[:80]) from None
    except (http.client.HTTPException, ValueError) as exc:
        # A bad port or control characters in the address (http.client.InvalidURL), a
        # malformed redirect, a broken or cut-short response.
        raise InputError(url, "a well-formed address and HTTP response",
                         got=f"{type(exc).__name__}: {exc}"[:80]) from None


def _decode_body(data: bytes, header: str, url: str, max_bytes: int) -> bytes:
    """Undo Content-Encoding, last applied first; the decoded size is capped as well."""
    codings = [c.strip().lower() for c in header.split(",") if c.strip()]
    for coding in reversed(codings):
        if coding == "identity":
            continue
        if coding not in _ENCODINGS:
            raise InputError(url, "a response encoded with gzip or deflate (or not at all)",
                             field="Content-Encoding", got=coding)
        data = decompress_capped(data, coding, max_bytes, url)
    return data
