"""The part of speech of one word, from the German model of HanTa (the
Hanover Tagger, shipped inside its wheel), loaded on first use.

Quote attribution asks it only about a one-word speaker candidate that the
release explains by no full name and no role (``sagte Demzufolge``,
``Gezeigt wurden …``): a word HanTa reads as a verb form, adverb, adjective,
conjunction or nominalised adjective is no name. Everything else (nouns,
proper nouns, foreign words, unknown words) may be one. It also tells a finite
verb in the two places where any verb introduces a quote: right after the
quote's comma (``„…“, verriet X``) and second in a colon introduction that fronts
an object (``Scharfe Kritik übte X:``). Each word is analysed alone and cached."""
from __future__ import annotations

import warnings
from functools import lru_cache
from typing import Optional

#: HanTa tags (STTS with the subtype in brackets) that a name can carry.
_NOMINAL = frozenset({"NE", "NN", "FM", "XY", "TRUNC"})
_TAGGER = None


def _tagger():
    """The tagger, loaded once; False when HanTa is not installed (a broken
    install): then every word is of unknown class, with one warning."""
    global _TAGGER
    if _TAGGER is None:
        try:
            from HanTa import HanoverTagger  # ~0.3 s CPU on first use

            _TAGGER = HanoverTagger.HanoverTagger("morphmodel_ger.pgz")
        except (ImportError, OSError) as exc:
            warnings.warn(f"HanTa's German model could not be loaded ({exc}); quote speakers are "
                          "typed without parts of speech. Reinstall searcher to get it.", stacklevel=2)
            _TAGGER = False
    return _TAGGER


@lru_cache(maxsize=16384)
def word_class(word: str) -> Optional[str]:
    """HanTa's tag of ``word`` alone (``NE``, ``NN``, ``ADV``, ``VV(PP)``, …);
    None for an empty word or one HanTa cannot analyse."""
    if not word or len(word) > 60:
        return None
    tagger = _tagger()
    if not tagger:
        return None
    try:
        return tagger.analyze(word)[1]
    except (ValueError, KeyError, IndexError):
        return None


def may_be_name(word: str) -> bool:
    """False when ``word`` alone reads as no noun or proper noun (a verb form,
    an adverb, an adjective, a conjunction, a nominalised adjective)."""
    tag = word_class(word)
    return tag is None or tag in _NOMINAL


def finite_verb(word: str) -> bool:
    """``word`` alone reads as a finite full verb (``strich``, ``verriet``,
    ``sicherte``), or as a weak past form HanTa takes for an adjective
    (``veröffentlichte``, ``gelobte``)."""
    tag = word_class(word)
    return tag == "VV(FIN)" or (tag is not None and tag.startswith("ADJ") and word.endswith(("te", "ten")))
