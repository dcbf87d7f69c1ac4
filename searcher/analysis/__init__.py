"""German analysis for the release text fields, and name folding: the package's
public names, and the one import path (``searcher.analysis.<Name>``) that indexes
pickle for its classes.

The chain (``german_analyzer()``, in ``chain``), as composable Whoosh stages
(``stages``)::

    GermanTokenizer          words of Unicode letters/digits; hyphenated words give
                             their parts and the joined form; gender-marked forms
                             (Lehrer*innen, Mitarbeiter:innen, MitarbeiterInnen)
                             stay one word
    LowercaseFilter
    StopFilter               German stop words
    GermanStemFilter         per word, cached: gender normalisation (``gender``),
                             override table and Snowball German stem with the
                             lexicon guard (``stemming``), fold (``folding``:
                             ä/ae→a, ö/oe→o, ü/ue→u, ß→ss); at query time, a
                             strong verb's other forms beside a lowercase word
                             (``verbs``: gebissen -> beißt)
    IndexOnly(GermanExpandFilter)
                             index time only: the base of feminine forms, the lemma of
                             inflected nouns and the parts of compounds, as extra
                             tokens at the word's position and with the word's chars

Every per-word result is computed once and kept in a module-level dict (``terms``;
word frequencies are Zipfian), so the hot path is one dict lookup per token. The
compound/gender lexicon (``lexicon``: the ``german-nouns`` package, ~90k nouns with
their inflected forms and gender, from Wiktionary) is loaded lazily on the first
index-mode use, never at query time.

Every index pickles its analyzer by class path, so the classes keep
``searcher.analysis`` as their module: indexes written before and after the split
into a package stay readable by each other's code.

>>> [t.text for t in german_analyzer()("Die Sprachkurse der Ministerin")]
['sprachkurs', 'ministin']
"""
from __future__ import annotations

import sys
import types

from . import chain, folding, gender, lexicon, stages, stemming, terms
from .chain import GermanAnalyzer, analyze_query_word, german_analyzer, name_analyzer, term_spans
from .folding import _FOLD, _STOPWORDS, _STOPWORDS_FOLDED, _UE, _lfold, fold
from .gender import _BINNEN_I, _GENDER_MARK, _INN_WORDS, _feminine_plural_to_singular, _gender_neutral
from .lexicon import (
    _ADJECTIVE_MODIFIERS,
    _AGENT_SUFFIXES,
    _ENDE,
    _EXCLUDED_POS,
    _LEXICON_FORMAT,
    _LEXICON_LOCK,
    _LINKS,
    _NOT_HEADS,
    _NUMERAL_PREFIXES,
    _S_LINKED,
    _VERB_PREFIXES,
    _Lexicon,
    _lexicon,
    _lexicon_cache_path,
    _load_lexicon,
    _read_german_nouns,
    split_compound,
)
from .stages import (
    _HYPHEN,
    _TOKEN_RE,
    FoldFilter,
    GermanExpandFilter,
    GermanStemFilter,
    GermanStopFilter,
    GermanTokenizer,
    IndexOnly,
    _pieces,
    _prepend,
)
from .stemming import (
    _OVERRIDE_FAMILIES,
    _OVERRIDE_MIN,
    _OVERRIDES,
    _STEM_CACHE,
    _guard_base,
    _guarded,
    _override,
    _participle_guard,
    _snowball,
    _stem_plain,
)
from .terms import (
    _CACHE_MAX,
    _CONFIGS,
    _EXTRA_CACHE,
    _MAIN_CACHE,
    _WORD_CACHE,
    PART_BOOST,
    _Config,
    _config,
    _extra_terms,
    _main_term,
    split_query_word,
    stem_word,
)

__all__ = [
    "fold",
    "german_analyzer",
    "name_analyzer",
    "analyze_query_word",
    "term_spans",
    "stem_word",
    "split_compound",
    "split_query_word",
]

# The path every index pickles (and the lexicon's cache file): see the docstring.
for _cls in (GermanTokenizer, GermanStopFilter, GermanStemFilter, GermanExpandFilter, IndexOnly,
             GermanAnalyzer, FoldFilter, _Lexicon, _Config):
    _cls.__module__ = __name__
del _cls


_PARTS = (folding, gender, lexicon, stemming, terms, stages, chain)
_LIVE = {"_LEXICON": lexicon, "_STEMMER": stemming}  # set lazily by their own module


class _Package(types.ModuleType):
    """``searcher.analysis`` as one module for its users: a setting set here (a test's
    monkeypatch of ``_CACHE_MAX`` or ``PART_BOOST``) reaches every part that uses it,
    and the lazily set globals (``_LEXICON``, ``_STEMMER``) read live."""

    def __getattr__(self, name):
        if name in _LIVE:
            return getattr(_LIVE[name], name)
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

    def __setattr__(self, name, value):
        if name in _LIVE:
            setattr(_LIVE[name], name, value)
            return
        old = self.__dict__.get(name, _PARTS)  # _PARTS: a marker no part binds
        if old is not _PARTS and not name.startswith("__"):
            for part in _PARTS:  # every part that imported this very object
                if part.__dict__.get(name, _PARTS) is old:
                    setattr(part, name, value)
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
