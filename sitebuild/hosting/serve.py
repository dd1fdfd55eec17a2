"""A static server for site/ with the MIME types and headers a host must send.

Used by `build.py serve` and by the browser tests; it can serve under a sub-path
and with any Content-Security-Policy, to behave like a government office's host.
"""

from __future__ import annotations

import email.utils
import functools
import posixpath
import threading
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from sitebuild.hosting.kit import MIME_TYPES, response_headers


class SiteHandler(SimpleHTTPRequestHandler):
    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, **MIME_TYPES}

    def __init__(self, *args, base: str, csp: str | None, **kwargs):
        self.base = base
        self.csp = csp  # None: the site's own header
        super().__init__(*args, **kwargs)

    def translate_path(self, path: str) -> str:
        path = unquote(urlsplit(path).path)
        if not path.startswith(self.base):
            return str(Path(self.directory) / "__outside_base__")
        rel = posixpath.normpath("/" + path[len(self.base):]).lstrip("/")
        if path.endswith("/") and rel:
            rel += "/"
        return str(Path(self.directory) / rel)

    def redirected_to_base(self) -> bool:
        """/pub/standards -> /pub/standards/, as a web server does for a directory."""
        if unquote(urlsplit(self.path).path) + "/" != self.base:
            return False
        self.send_response(HTTPStatus.MOVED_PERMANENTLY)
        self.send_header("Location", self.base)
        self.end_headers()
        return True

    def send_head(self):
        # "Not modified" only for exactly the file's own date, as nginx does (if_modified_since
        # exact). Python's handler answers 304 to any later date: a redeploy whose files were
        # built earlier than those the browser holds would be served stale (seen: a new service
        # worker's install got the old build's files and failed, so it never took over).
        since = self.headers.get("If-Modified-Since")
        if since:
            path = Path(self.translate_path(self.path))
            if path.is_dir():
                path = path / "index.html"
            try:
                exact = email.utils.formatdate(path.stat().st_mtime, usegmt=True) == since
            except OSError:
                exact = False
            if not exact:
                del self.headers["If-Modified-Since"]
        return super().send_head()

    def do_GET(self):
        if not self.redirected_to_base():
            super().do_GET()

    def do_HEAD(self):
        if not self.redirected_to_base():
            super().do_HEAD()

    def end_headers(self):
        headers = response_headers(unquote(urlsplit(self.path).path))
        if self.csp is not None:
            headers["Content-Security-Policy"] = self.csp
        for name, value in headers.items():
            self.send_header(name, value)
        super().end_headers()

    def log_message(self, format, *args):  # keep test output readable
        pass


class SiteServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # Browsers drop connections they no longer need (a cancelled fetch); not an error.
        import sys

        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


def make_server(site_dir: Path, *, base: str = "/", port: int = 0, csp: str | None = None):
    """Start serving in a thread; return (server, root URL). server.shutdown() stops it.

    The site's own headers (sitebuild/hosting/kit.py); csp replaces its policy, to try a worse host.
    """
    base = "/" + base.strip("/") + "/" if base.strip("/") else "/"
    handler = functools.partial(SiteHandler, directory=str(site_dir), base=base, csp=csp)
    server = SiteServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}{base}"


def serve_forever(site_dir: Path, *, port: int = 8000, base: str = "/") -> None:
    server, url = make_server(site_dir, base=base, port=port)
    print(f"Serving {site_dir} at {url}  (Ctrl+C stops)", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        server.shutdown()
