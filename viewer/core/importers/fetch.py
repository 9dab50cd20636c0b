"""Fetch a live blog over HTTP(S) for the command line: a timeout, a size cap, http and
https only (redirects to any other scheme are refused), conditional requests."""

from __future__ import annotations

import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlsplit

from viewer.core.errors import InputError
from viewer.core.importers.common import MAX_INPUT_BYTES

TIMEOUT_S = 10.0
ALLOWED = ("http", "https")


@dataclass(frozen=True)
class Fetched:
    status: int  # 200, or 304 when nothing changed
    data: bytes
    etag: str | None
    last_modified: str | None


class _SafeRedirects(urllib.request.HTTPRedirectHandler):
    max_redirections = 5

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        if urlsplit(newurl).scheme.lower() not in ALLOWED:
            raise urllib.error.HTTPError(newurl, code, "redirect to a non-HTTP address refused",
                                         headers, fp)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def check_url(url: str) -> str:
    scheme = urlsplit(url).scheme.lower()
    if scheme not in ALLOWED or not urlsplit(url).netloc:
        raise InputError(url, "an http:// or https:// address", got=scheme or "no scheme")
    return url


def fetch(url: str, *, etag: str | None = None, last_modified: str | None = None,
          timeout: float = TIMEOUT_S, max_bytes: int = MAX_INPUT_BYTES) -> Fetched:
    check_url(url)
    request = urllib.request.Request(url, headers={"User-Agent": "electoral-map/0.1"})
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
