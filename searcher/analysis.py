"""German analysis chains (provisional minimal version; see issue 7)."""
from __future__ import annotations

import unicodedata

from whoosh.analysis import Filter, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.lang import stopwords_for_language

_FOLD = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss"})


def fold(text: str) -> str:
    """Lowercase and fold umlauts and their ae/oe/ue spellings: 'Köpping', 'Koepping' -> 'kopping'."""
    t = unicodedata.normalize("NFC", text).lower().translate(_FOLD)
    return t.replace("ae", "a").replace("oe", "o").replace("ue", "u")


class FoldFilter(Filter):
    def __call__(self, tokens):
        for t in tokens:
            t.text = fold(t.text)
            yield t


def german_analyzer():
    """The analyzer of the release text fields (title, subtitle, body, quotes, issuer)."""
    return (
        RegexTokenizer(r"\w+")
        | LowercaseFilter()
        | StopFilter(stoplist=stopwords_for_language("de"), minsize=1)
        | StemFilter(lang="de")
        | FoldFilter()
    )


def name_analyzer():
    """The analyzer of person names: tokens lowercased and folded, no stemming."""
    return RegexTokenizer(r"\w+") | LowercaseFilter() | FoldFilter()
