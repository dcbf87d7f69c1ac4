"""Counting a one-word stage from the postings instead of the releases.

``count(*)`` of the releases matching a common word reads every matching
row of the releases table (a GIN or RUM index gives row addresses only, and
each row's visibility is checked on its page): at 100,000 releases a word
in a quarter of them costs tens of milliseconds, and it grows with the
archive. The postings hold one row per (term, release) of ``tsv``, in a
B-tree that answers from the index alone; so a stage that is one word (its
forms OR-ed, on the default text fields) with no filter is counted there:
``count(DISTINCT seq)`` over the word's terms.

That count is exact only while the postings hold no rows of deleted
releases: writers keep the number of such releases in ``meta`` (key
``stale``: added to by deletions, zeroed when the stale postings are
dropped and by a rebuild); while it is not zero, or unknown (an index
migrated from version 3 until its first drop or rebuild), the releases are
counted as before.
"""
from __future__ import annotations

import re
from typing import Optional

from psycopg import sql

from . import schema as S
from .tsquery import Ts

_LEXEMES = re.compile(r"\(?'([^'\\]+)'(?: \| '([^'\\]+)')*\)?")
_ONE = re.compile(r"'([^'\\]+)'")


def word_terms(expr) -> Optional[list[str]]:
    """The terms of a one-word clause on ``tsv`` (``'a'`` or ``('a' | 'b')``), else None."""
    if not isinstance(expr, Ts) or expr.column != "tsv" or not _LEXEMES.fullmatch(expr.query):
        return None
    return _ONE.findall(expr.query) or None


def stale(backend, cur) -> Optional[int]:
    """How many deleted releases still have postings (None: not known), once per generation."""

    def build():
        cur.execute(sql.SQL("SELECT value FROM {} WHERE key = 'stale'").format(sql.Identifier(S.SCHEMA, "meta")))
        got = cur.fetchone()
        return int(got[0]) if got else -1

    got = backend.cached("stale", build)
    return None if got < 0 else got


def postings_count(backend, cur, terms: list[str]) -> Optional[int]:
    """How many releases hold any of ``terms`` in ``tsv``, from the postings; None when they may hold stale rows."""
    if backend.version() < 4 or stale(backend, cur) != 0:
        return None
    cur.execute(sql.SQL("SELECT count(DISTINCT seq) FROM {} WHERE term = ANY(%s)").format(
        sql.Identifier(S.SCHEMA, "postings")), [terms])
    return cur.fetchone()[0]
