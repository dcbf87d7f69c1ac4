"""Query text before parsing: NFC form, and the cut at
:data:`~searcher.query.MAX_QUERY_CHARS` made whole again.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Optional

from .. import query as _pkg

def normalize_text(text: str) -> str:
    """Query text and filter values in NFC (composed) form, as the releases are indexed.

    >>> normalize_text("Bru\u0308cke") == "Br\u00fccke"
    True
    """
    return unicodedata.normalize("NFC", text)


def bound_text(text: str, notes: Optional[list[str]] = None) -> str:
    """``text`` cut to :data:`MAX_QUERY_CHARS` (at the last space before the
    bound when there is one); says so in ``notes``."""
    if len(text) <= _pkg.MAX_QUERY_CHARS:
        return text
    cut = text[:_pkg.MAX_QUERY_CHARS]
    space = cut.rfind(" ")
    if space > _pkg.MAX_QUERY_CHARS // 2:
        cut = cut[:space]
    cut = _close_cut(cut)
    if notes is not None:
        notes.append(
            f"The query is {len(text)} characters long; only its first {len(cut)} were searched "
            f"(at most {_pkg.MAX_QUERY_CHARS})."
        )
    return cut


_OPEN_QUOTES = '"„“”'
_CLOSE_QUOTES = '"“”'
_DANGLING = re.compile(r"(?:\s+|\b(?:AND|OR|NOT)\b|[^\W\d_]+:|(?<!\S)-+)+\Z")


def _outside_phrases(text: str) -> tuple[str, int]:
    """(text up to a phrase left open, if any; parentheses open at its end, outside phrases)."""
    depth = 0
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c in _OPEN_QUOTES:
            j = next((k for k in range(i + 1, n) if text[k] in _CLOSE_QUOTES), -1)
            if j < 0:
                return text[:i], depth
            i = j
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        i += 1
    return text, depth


def _close_cut(text: str) -> str:
    """A query cut at a bound, made whole again: a phrase the cut opened is
    left out, a trailing operator or "(" dropped and open parentheses closed,
    so the cut itself never causes a syntax error."""
    text, _ = _outside_phrases(text)
    while True:
        shorter = _DANGLING.sub("", text).rstrip("(")
        if shorter == text:
            break
        text = shorter
    text, depth = _outside_phrases(text)
    return text + ")" * max(0, depth)


def replace_words(query: str, replacements: dict[str, str]) -> str:
    """``query`` with the first whole-word occurrence of each key replaced by its
    value (a did-you-mean suggestion made of the query as typed)."""
    out = query
    for old, new in replacements.items():
        out = re.sub(rf"(?<!\w){re.escape(old)}(?!\w)", new, out, count=1)
    return out
