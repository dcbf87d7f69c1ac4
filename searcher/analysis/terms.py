"""Per-word terms, cached: the main term of a word on both sides, its index-only extras, and query-word splitting."""
from __future__ import annotations

from typing import Optional

from .folding import _STOPWORDS, _STOPWORDS_FOLDED
from .gender import _feminine_plural_to_singular, _gender_neutral
from .lexicon import _LINKS, _NOT_HEADS, _lexicon
from .stemming import _STEM_CACHE, _stem_plain

_CONFIGS: dict[tuple, "_Config"] = {}


class _Config:
    __slots__ = ("stem", "fold", "overrides", "decompound", "gender", "lemmas", "guard", "key")

    def __init__(self, stem=True, fold=True, overrides=True, decompound=True, gender=True, lemmas=True,
                 guard=True):
        self.stem, self.fold, self.overrides = stem, fold, overrides
        self.decompound, self.gender, self.lemmas = decompound, gender, lemmas
        self.guard = guard and stem
        self.key = (stem, fold, overrides, decompound, gender, lemmas, self.guard)


def _config(**switches) -> _Config:
    c = _Config(**switches)
    return _CONFIGS.setdefault(c.key, c)


_MAIN_CACHE: dict[tuple, str] = {}
_EXTRA_CACHE: dict[tuple, tuple[tuple[str, float], ...]] = {}
# A matched word (as written) -> its index terms with their positions (see
# searcher.analysis.chain._word_terms), one dict per guard setting; each
# entry holds several tuples, so it is bounded lower than the caches above.
_WORD_CACHE: dict[bool, dict] = {True: {}, False: {}}
_WORD_CACHE_MAX = 150_000
# Words worked out (not loaded or taken in) since the word exchange of a run's worker
# last looked, per guard setting; None: nobody looks (searcher.analysis.wordstore.Exchange).
_WORD_LOG: dict[bool, Optional[list]] = {True: None, False: None}
# A compound part counts for less than the word itself: `Zeugen` inside
# `Fahrzeugen`, or `Feuerwerk` inside `Feuerwerkskörper`, is a weaker match.
PART_BOOST = 0.3
# Bound on each per-word cache: a few hundred thousand word types cover any press
# corpus; past that, start afresh rather than grow without limit.
_CACHE_MAX = 400_000


def _main_term(w: str, cfg: _Config) -> str:
    """The term of a lowercased word on both the index and the query side."""
    key = (w, cfg.key)
    t = _MAIN_CACHE.get(key)
    if t is not None:
        return t
    if "*" in w:
        # Gender-neutral forms mean everybody: the masculine base's term.
        base, _, suffix = w.partition("*")
        t = _stem_plain(base, cfg) if cfg.gender else _stem_plain(base + suffix, cfg)
    elif cfg.gender:
        w2 = _feminine_plural_to_singular(w)
        if len(w2) >= 7 and w2.endswith("erin"):
            # Snowball strips -erin (Lehrerin -> lehr): keep feminine forms apart
            # from the base here; the base is added at index time.
            t = _stem_plain(w2[:-2], cfg) + "in"
        else:
            t = _stem_plain(w2, cfg)
    else:
        t = _stem_plain(w, cfg)
    if len(_MAIN_CACHE) >= _CACHE_MAX:
        _MAIN_CACHE.clear()
        _STEM_CACHE.clear()
    _MAIN_CACHE[key] = t
    return t


def _extra_terms(w: str, cfg: _Config, cap: bool = True) -> tuple[tuple[str, float], ...]:
    """Index-only terms of a lowercased word with their weights: feminine base and
    lemma (the same word: weight 1), compound parts (weight PART_BOOST).
    Only capitalised words (nouns, in German) are split: that keeps adjectives and
    participles (flüchtiger, gesprengt) whole."""
    key = (w, cap, cfg.key)
    extra = _EXTRA_CACHE.get(key)
    if extra is not None:
        return extra
    main = _main_term(w, cfg)
    out: list[tuple[str, float]] = []
    if "*" in w:
        w = w.partition("*")[0]
    elif cfg.gender:
        w = _feminine_plural_to_singular(w)
    lex = _lexicon() if (cfg.decompound or cfg.gender or cfg.lemmas) else None
    if lex is not None:
        if cfg.lemmas:
            for lemma in lex.lemmas_of(w):
                out.append((_main_term(lemma, cfg), 1.0))
        if cfg.gender:
            base = lex.feminine_base(w)
            if base:
                out.append((_stem_plain(base, cfg), 1.0))
        if cfg.decompound and cap:
            for part in lex.parts(w):
                out.append((_main_term(part, cfg), PART_BOOST))
                if cfg.gender:
                    base = lex.feminine_base(part)
                    if base:
                        out.append((_stem_plain(base, cfg), PART_BOOST))
    seen = {main}
    extra = tuple(x for x in out if len(x[0]) >= 2 and not (x[0] in seen or seen.add(x[0])))
    if len(_EXTRA_CACHE) >= _CACHE_MAX:
        _EXTRA_CACHE.clear()
    _EXTRA_CACHE[key] = extra
    return extra


def stem_word(word: str) -> str:
    """The query-side term of one word: ``stem_word('Sprachkurse') == 'sprachkurs'``."""
    return _main_term(_gender_neutral(word).lower(), _config(decompound=False, lemmas=False))


def split_query_word(word: str, doc_frequency, **switches) -> Optional[tuple[str, str]]:
    """Split a compound typed in a query into two terms of the index, when the index
    knows the parts much better than the whole (Koehn & Knight's rule: the geometric
    mean of the parts' document frequencies beats the whole word's). No lexicon is
    loaded: the index's own vocabulary decides, through ``doc_frequency(term) -> int``.

    The query layer can then match the word as ``whole OR (part1 AND part2)``, the
    parts weighted lower. ``Strassenrennen`` -> ``('strass', 'renn')`` on a corpus
    that mostly says Kraftfahrzeugrennen and Straße.
    """
    cfg = _config(decompound=False, lemmas=False, **switches)
    w = _gender_neutral(word).lower()
    if "*" in w or len(w) < 7 or not w.isalpha():
        return None
    whole = doc_frequency(_main_term(w, cfg))
    best, best_score = None, float(whole)
    f = w
    for i in range(4, len(f) - 3):
        head = f[i:]
        if head in _NOT_HEADS:
            continue
        head_term = _main_term(head, cfg)
        head_df = doc_frequency(head_term)
        if not head_df:
            continue
        mod = f[:i]
        variants = [mod] + [mod[: -len(link)] for link in _LINKS if mod.endswith(link) and len(mod) - len(link) >= 3]
        variants.append(mod + "e")
        for m in variants:
            if m in _STOPWORDS_FOLDED or m in _STOPWORDS:
                continue
            mod_term = _main_term(m, cfg)
            mod_df = doc_frequency(mod_term)
            if mod_df:
                score = (mod_df * head_df) ** 0.5
                if score > best_score:
                    best, best_score = (mod_term, head_term), score
                break
    return best
