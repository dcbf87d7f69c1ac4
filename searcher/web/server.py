"""The HTTP side of ``searcher serve``: the standard library's server with a
fixed pool of worker threads.

Why a pool and not ThreadingHTTPServer's thread per request: the index keeps
one searcher per thread and renews it after a commit; long-lived workers
reuse theirs, while a new thread per request would open (and keep) a new
searcher every time. The pool also bounds concurrency: connections beyond
the queue get 503 at once instead of piling up threads.
"""
from __future__ import annotations

import ipaddress
import queue
import socket
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Optional

from .app import SECURITY_HEADERS, App, Response

WORKERS = 8
BACKLOG = 64  # accepted connections waiting for a worker; more get 503
READ_TIMEOUT = 15.0  # seconds a client may take to send its request


class _Handler(BaseHTTPRequestHandler):
    server_version = "searcher"
    sys_version = ""
    timeout = READ_TIMEOUT
    protocol_version = "HTTP/1.0"  # one request per connection: a worker is never held by an idle client

    def do_GET(self) -> None:
        self._respond(self.server.app.handle("GET", self.path))

    def do_HEAD(self) -> None:
        self._respond(self.server.app.handle("GET", self.path), body=False)

    def _refuse(self) -> None:
        self._respond(self.server.app.handle(self.command, self.path))

    do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _refuse

    def _respond(self, response: Response, body: bool = True) -> None:
        self.send_response(response.status)
        self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(response.body)))
        headers = {**SECURITY_HEADERS, "Cache-Control": "no-cache", **response.headers}
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        if body:
            self.wfile.write(response.body)

    def log_message(self, format: str, *args) -> None:
        if not self.server.quiet:
            super().log_message(format, *args)


class PooledHTTPServer(HTTPServer):
    """An HTTPServer whose requests are handled by ``workers`` long-lived threads."""

    daemon_threads = True

    def __init__(self, address, app: App, *, workers: int = WORKERS, backlog: int = BACKLOG, quiet: bool = False):
        self.app = app
        self.quiet = quiet
        self.request_queue_size = max(backlog, 5)
        self._jobs: "queue.Queue[Optional[tuple]]" = queue.Queue(maxsize=backlog)
        self._workers: list[threading.Thread] = []
        super().__init__(address, _Handler)  # binds; closes the socket and raises OSError if it cannot
        self._workers = [threading.Thread(target=self._work, name=f"searcher-web-{i}", daemon=True) for i in range(workers)]
        for t in self._workers:
            t.start()

    def server_bind(self) -> None:
        # HTTPServer.server_bind looks up the host's full DNS name, which can
        # stall start-up for seconds on a machine without working DNS.
        import socketserver

        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = str(self.server_address[0]), self.server_address[1]

    def process_request(self, request, client_address) -> None:
        try:
            self._jobs.put_nowait((request, client_address))
        except queue.Full:
            try:
                request.sendall(
                    b"HTTP/1.0 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n"
                    b"Retry-After: 1\r\nConnection: close\r\n\r\nZu viele Anfragen gleichzeitig; bitte gleich noch einmal.\n"
                )
            except OSError:
                pass
            self.shutdown_request(request)

    def _work(self) -> None:
        while True:
            job = self._jobs.get()
            if job is None:
                return
            request, client_address = job
            try:
                self.finish_request(request, client_address)
            except Exception:
                self.handle_error(request, client_address)
            finally:
                self.shutdown_request(request)

    def handle_error(self, request, client_address) -> None:
        import sys

        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            return  # the client went away or stalled: nothing to report
        super().handle_error(request, client_address)

    def server_close(self) -> None:
        super().server_close()
        for _ in self._workers:
            self._jobs.put(None)


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and localhost."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def make_server(index, host: str = "127.0.0.1", port: int = 8000, *, quiet: bool = False, workers: int = WORKERS) -> PooledHTTPServer:
    """A server for ``index`` (a :class:`searcher.Index`), bound but not yet serving.

    Port 0 picks a free port (``server.server_address[1]``).
    """
    app = App(index)
    server_class = PooledHTTPServer
    if ":" in host:
        server_class = type("PooledHTTPServer6", (PooledHTTPServer,), {"address_family": socket.AF_INET6})
    return server_class((host, port), app, quiet=quiet, workers=workers)
