"""Step 1 of quote extraction: pairing quotation marks in one pass.

„…“, “…”, »…«, «…» and "…" are paired; a second opener of the same kind
inside an open quote is taken as a stray mark (real text has them), and a
quote still open at the end of a paragraph ends there.
"""
from __future__ import annotations

import re

#: At most this many quotation spans per text are attributed.
MAX_SPANS = 2000

_MARK_RE = re.compile(r"[„“”»«\"]")
_CLOSERS = {"„": "“”\"", "“": "”", "»": "«", "«": "»", '"': '"'}


def quote_spans(text: str) -> list[tuple[int, int, bool]]:
    """Pairs of quotation marks as ``(open_index, close_index, closed)``.

    ``text[open_index + 1:close_index]`` is the quoted text; for a quote that
    is never closed, ``close_index`` is the end of its paragraph.

    >>> quote_spans("Sie sagte: »Ja. »Nein.« Ende")
    [(11, 22, True)]
    """
    spans: list[tuple[int, int, bool]] = []
    open_at = -1
    opener = ""
    limit = 0  # end of the paragraph the open quote is in
    para_end = -1  # end of the paragraph of the last mark looked at

    def _paragraph_end(text: str, pos: int) -> int:
        # Marks come in order: without this a text with no line break would be
        # scanned to its end once per mark.
        nonlocal para_end
        if pos > para_end:
            end = text.find("\n", pos)
            para_end = len(text) if end < 0 else end
        return para_end

    for m in _MARK_RE.finditer(text):
        pos = m.start()
        ch = m.group()
        if open_at >= 0 and pos > limit:
            spans.append((open_at, limit, False))
            open_at = -1
        if open_at >= 0:
            if ch in _CLOSERS[opener]:
                if ch == '"' and pos > 0 and text[pos - 1].isspace() and pos + 1 < len(text) and not text[pos + 1].isspace():
                    # '"' opening a new quote: the previous one was never closed
                    spans.append((open_at, _trim_end(text, open_at, pos), False))
                    open_at, opener = pos, ch
                    limit = _paragraph_end(text, pos)
                    continue
                spans.append((open_at, pos, True))
                open_at = -1
            # else: a stray or nested mark inside an open quote
            continue
        if ch == "”":
            continue
        nxt = text[pos + 1:pos + 2]
        if not nxt or nxt.isspace():
            continue  # a mark followed by a blank cannot open a quote
        if ch == "“" and pos > 0 and not text[pos - 1].isspace() and text[pos - 1] not in "([—–-/":
            continue  # a German closer without its opener
        open_at, opener = pos, ch
        limit = _paragraph_end(text, pos)
    if open_at >= 0:
        spans.append((open_at, limit, False))
    return [s for s in spans if s[1] > s[0] + 1]


def _paragraph_end(text: str, pos: int) -> int:
    end = text.find("\n", pos)
    return len(text) if end < 0 else end


def _trim_end(text: str, start: int, end: int) -> int:
    while end > start + 1 and text[end - 1].isspace():
        end -= 1
    return end


__all__ = ["MAX_SPANS", "quote_spans"]
