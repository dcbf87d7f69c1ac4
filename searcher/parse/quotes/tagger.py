"""Is a capitalised word a common noun (``Kritik``, ``Ortsteil``) or a name?

German capitalises every noun, so the word shape cannot tell. The HanTa
tagger (Hannover Tagger, LGPL; its German model ships inside its wheel, no
download) knows the German lexicon: ``analyze("Kritik")`` is a noun (NN),
``analyze("Slowik")`` a proper name (NE). It is asked only about the few words
that would become a speaker's name, one word at a time (well under a
millisecond each, cached), and loaded on first use (about 0.3 s).

Without HanTa installed every word counts as a possible name, as before.
"""
from __future__ import annotations

import threading
from functools import lru_cache
from typing import Optional

#: Tags of words that are no names (nouns, adjectives, adverbs, conjunctions,
#: verbs, pronominal adverbs, articles, pronouns).
_COMMON = ("NN", "NNA", "ADJ", "ADV", "KOU", "KON", "VV", "VA", "VM", "PROAV", "ART", "PD", "PI", "PP", "PW", "APPR")

_lock = threading.Lock()
_tagger: Optional[object] = None
_tried = False
#: Set to False to attribute without the tagger (bench/quotes_eval.py --no-tagger).
ENABLED = True


def _load() -> Optional[object]:
    global _tagger, _tried
    with _lock:
        if not _tried:
            _tried = True
            try:
                from HanTa import HanoverTagger  # type: ignore[import-not-found]

                _tagger = HanoverTagger.HanoverTagger("morphmodel_ger.pgz")
            except Exception:  # not installed, or its model unreadable: shape rules only
                _tagger = None
    return _tagger


@lru_cache(maxsize=50_000)
def _tag(word: str) -> str:
    tagger = _load()
    if tagger is None:
        return ""
    try:
        return str(tagger.analyze(word)[1])  # type: ignore[attr-defined]
    except Exception:
        return ""


def word_class(word: str) -> str:
    """HanTa's tag of ``word`` alone (``NN``, ``NE``, ``ADJ(A)``, ...), or ``""``."""
    if not ENABLED or not word or len(word) > 40:
        return ""
    return _tag(word)


def is_common_word(word: str) -> bool:
    """True when the lexicon reads ``word`` as a common word, not a name."""
    return word_class(word).startswith(_COMMON)


def available() -> bool:
    return ENABLED and _load() is not None


__all__ = ["available", "is_common_word", "word_class"]
