"""A source named right after a quote without a verb of saying: ``„…“, laut
X``, ``„…“, so die Angaben von X`` and a source in brackets, ``„…“
(Innenministerium)``. The cue stands in the quote's own clause, so it beats
carrying a speaker over from the sentences before."""
from __future__ import annotations

import re
from typing import Callable, Optional

from .phrases import Speaker, analyse_phrase
from .vocabulary import _PRONOUNS

#: ``, laut X`` / ``, nach Angaben von X`` right after the closing mark, up to the sentence's end.
_LAUT_AFTER_RE = re.compile(
    r"^\s*,?\s*(?:[-–—]\s*)?(?:laut|nach\s+(?:den\s+)?(?:Angaben|Worten|Aussage|Darstellung)\s+(?:von|vom|des|der))\s+"
    r"(?P<np>[^,.;:!?()\n„“»«\"]{2,80}?)\s*(?:[.;!?]|$)")
#: ``(X)`` right after the closing mark: at most five words, no digits (no year, no page).
_BRACKET_RE = re.compile(r"^\s*\((?P<np>[^()\d:;,\n„“»«\"]{2,60})\)\s*(?:[.;,]|$)")


def source_after(after: str, typed: Callable[[Optional[Speaker]], Optional[Speaker]]) -> Optional[Speaker]:
    """The typed source named by ``after`` (the text right after the quote's
    closing mark), or None. ``typed`` keeps only candidates that can speak."""
    for rx in (_LAUT_AFTER_RE, _BRACKET_RE):
        m = rx.match(after)
        if m is None:
            continue
        np = m.group("np").strip()
        if not np or len(np.split()) > 6 or np.lower() in _PRONOUNS:
            continue
        sp = analyse_phrase(np)
        sp = typed(sp if sp is not None and sp.name else Speaker(np, None, None))
        if sp is not None:
            return sp
    return None
