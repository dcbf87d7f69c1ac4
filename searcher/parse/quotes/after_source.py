"""A source named right after a quote without a verb of saying: ``„…“, laut
X``, ``„…“, so die Angaben von X`` and a source in brackets, ``„…“
(Innenministerium)``. The cue stands in the quote's own clause, so it beats
carrying a speaker over from the sentences before."""
from __future__ import annotations

import re
from typing import Callable, Optional

from .phrases import Speaker, analyse_phrase
from .vocabulary import _PRONOUNS
from .word_class import finite_verb

#: ``, laut X`` / ``, nach Angaben von X`` right after the closing mark, up to the sentence's end.
_LAUT_AFTER_RE = re.compile(
    r"^\s*,?\s*(?:[-–—]\s*)?(?:laut|nach\s+(?:den\s+)?(?:Angaben|Worten|Aussage|Darstellung)\s+(?:von|vom|des|der))\s+"
    r"(?P<np>[^,.;:!?()\n„“»«\"]{2,80}?)\s*(?:[.;!?]|$)")
#: ``(X)`` right after the closing mark: at most five words, no digits (no year, no page).
_BRACKET_RE = re.compile(r"^\s*\((?P<np>[^()\d:;,\n„“»«\"]{2,60})\)\s*(?:[.;,]|$)")


#: ``„…“, <finite verb> <subject> …``: the inverted clause that introduces a quote.
_INVERTED_RE = re.compile(r"^\s*,\s*(?P<verb>[a-zäöüß]{3,20})\s+(?P<rest>[^\n]{2,250})")
#: Finite verbs after a quote that name no speaker: a text that reads so (``lautete``,
#: ``steht``) or the source cues handled before (``heißt es``).
_NOT_INVERTED = frozenset("heißt hieß lautet lautete lauten lauteten steht stand stehen standen ist war sind waren".split())


def inverted_subject(after: str, typed: Callable[[Optional[Speaker]], Optional[Speaker]],
                     phrase_after: Callable[[str], Optional[Speaker]]) -> Optional[Speaker]:
    """The subject after a finite verb right after the quote and its comma,
    whatever the verb (``„…“, strich die Sprecherin heraus``, ``„…“, verriet
    X``): in that place a finite verb introduces the words quoted. The verb is
    told by HanTa's German model; ``phrase_after`` reads the subject."""
    m = _INVERTED_RE.match(after)
    if m is None or m.group("verb") in _NOT_INVERTED or not finite_verb(m.group("verb")):
        return None
    return typed(phrase_after(m.group("rest")))


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
