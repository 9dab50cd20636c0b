"""A one-request HTTP server on the loopback address, for tests of fetching."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def serve(body: bytes, headers: dict[str, str] | None = None,
          seen: list[dict[str, str]] | None = None) -> Iterator[str]:
    """The address of a server on 127.0.0.1 that answers one GET with ``body`` and
    ``headers``, noting the request's headers in ``seen``."""
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if seen is not None:
                seen.append(dict(self.headers))
            self.send_response(200)
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_args: object) -> None:
            pass

    httpd = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.handle_request, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/feed"
    finally:
        httpd.server_close()
