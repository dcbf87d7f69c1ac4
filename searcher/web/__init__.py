"""``searcher serve``: a local, read-only web search over an index.

    >>> from searcher import Index
    >>> from searcher.web import make_server
    >>> server = make_server(Index("index"), "127.0.0.1", 8000)   # doctest: +SKIP
    >>> server.serve_forever()                                     # doctest: +SKIP

Built on the standard library (http.server) with a pool of worker threads;
pages are rendered on the server and work without JavaScript.
"""
from .app import App, search_json
from .server import is_loopback, make_server

__all__ = ["App", "is_loopback", "make_server", "search_json"]
