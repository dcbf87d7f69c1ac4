"""Folding: lowercase German words with umlauts, ß and their ASCII spellings made alike, and the stop words."""
from __future__ import annotations

import re
import unicodedata

from whoosh.lang import stopwords_for_language

_STOPWORDS = frozenset(stopwords_for_language("de"))
_STOPWORDS_FOLDED = frozenset(w.translate(str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss"}))
                              for w in _STOPWORDS)

_FOLD = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss", "à": "a", "á": "a", "â": "a",
                       "é": "e", "è": "e", "ê": "e", "ë": "e", "í": "i", "ì": "i", "î": "i",
                       "ï": "i", "ó": "o", "ò": "o", "ô": "o", "ú": "u", "ù": "u", "û": "u",
                       "ç": "c", "ñ": "n"})
_UE = re.compile(r"(?<!q)ue")


def _lfold(text: str) -> str:
    """Lowercase and fold umlauts, keeping ae/oe/ue: the spelling the compound splitter
    works on, where 'bauentwicklung' keeps the boundary that full folding
    ('bauntwicklung') erases. ASCII spellings of umlauts are tried after it."""
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    return text.lower().translate(_FOLD)


def fold(text: str) -> str:
    """Lowercase and fold umlauts and their ae/oe/ue spellings.

    >>> fold("Köpping"), fold("Koepping"), fold("Straße")
    ('kopping', 'kopping', 'strasse')
    """
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    t = text.lower().translate(_FOLD)
    if "e" in t:
        if "ae" in t:
            t = t.replace("ae", "a")
        if "oe" in t:
            t = t.replace("oe", "o")
        if "ue" in t:
            t = _UE.sub("u", t)
    return t
