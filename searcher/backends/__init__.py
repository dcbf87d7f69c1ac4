"""Storage backends: where the ``Index`` facade keeps releases (``base`` says
what a backend does; ``whoosh`` is the embedded default, ``postgres`` keeps
them on a PostgreSQL server).

:func:`open_backend` picks one from the index location: a URL
``postgresql://user@host:port/db`` (or ``postgres://``) is a PostgreSQL
database, anything else an index folder.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Optional

URL_SCHEMES = ("postgresql://", "postgres://")


def is_url(location) -> bool:
    """True when an index location names a PostgreSQL database rather than a folder."""
    return isinstance(location, str) and location.lower().startswith(URL_SCHEMES)


def open_backend(location, *, cache_mb: Optional[float] = None):
    """The backend of an index location (an absolute folder path or a database URL)."""
    if is_url(location):
        from .postgres import PostgresBackend

        return PostgresBackend(location)
    from .whoosh.backend import WhooshBackend

    return WhooshBackend(Path(os.fspath(location)), cache_mb=cache_mb)


def shown_location(location) -> str:
    """An index location as printed: a database URL without its password."""
    if is_url(location):
        from .postgres.backend import display_url

        return display_url(location)
    return str(location)
