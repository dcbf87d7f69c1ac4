"""The PostgreSQL backend: an index in a PostgreSQL database (location
``postgresql://user@host:port/db``), searched with tsvectors of the
project's own German analysis.

``backend`` implements :mod:`searcher.backends.base` (connections, the
advisory write lock, writes by COPY in one transaction, the rebuild switch);
``schema`` the tables and migrations; ``documents`` rows and tsvectors;
``tsquery`` the query tree as tsqueries; ``search`` filters, stages, facets
and snippets in SQL.
"""
from .backend import PostgresBackend

__all__ = ["PostgresBackend"]
