"""Folding: lowercase German words with umlauts, ß and their ASCII spellings made alike, and the stop words."""
from __future__ import annotations

import re
import unicodedata
from typing import Optional

from whoosh.lang import stopwords_for_language

_STOPWORDS = frozenset(stopwords_for_language("de"))
_STOPWORDS_FOLDED = frozenset(w.translate(str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss"}))
                              for w in _STOPWORDS)

_FOLD = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss", "à": "a", "á": "a", "â": "a",
                       "é": "e", "è": "e", "ê": "e", "ë": "e", "í": "i", "ì": "i", "î": "i",
                       "ï": "i", "ó": "o", "ò": "o", "ô": "o", "ú": "u", "ù": "u", "û": "u",
                       "ç": "c", "ñ": "n"})
_UE = re.compile(r"(?<!q)ue")
# ASCII spellings of umlauts (Aerztin, Feuerwehrkraefte): ae/oe/ue after a consonant or
# at the start of a word, never after a vowel, where they are letters of their own
# (Feuer, Bauer, neue) or after q (Quelle)
_ASCII_UMLAUT = re.compile(r"(?<![aeiouyq])([aou])e")
_TO_ASCII = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
# the stop words as typed without umlauts or ß (fuer, ueber, waehrend), dropped like them
_STOPWORDS_ASCII = frozenset(w.translate(_TO_ASCII) for w in _STOPWORDS) - _STOPWORDS


def _lfold(text: str) -> str:
    """Lowercase and fold umlauts, keeping ae/oe/ue: the spelling the compound splitter
    works on, where 'bauentwicklung' keeps the boundary that full folding
    ('bauntwicklung') erases. ASCII spellings of umlauts are tried after it."""
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    return text.lower().translate(_FOLD)


def _ascii_umlauts(f: str) -> Optional[str]:
    """A lowercased, umlaut-folded word (``_lfold``) with its ASCII umlaut spellings
    folded too, as its umlaut spelling folds, or None when it has none:
    ``aerztin`` -> ``arztin``, ``feuerwehrkraefte`` -> ``feuerwehrkrafte`` (the
    ``eue`` of Feuer stays). For lexicon lookups only: index terms keep ``fold``.

    >>> _ascii_umlauts("feuerwehrkraefte"), _ascii_umlauts("feuerwehr")
    ('feuerwehrkrafte', None)
    """
    if "e" not in f:
        return None
    g = _ASCII_UMLAUT.sub(r"\1", f)
    return g if g != f else None


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
