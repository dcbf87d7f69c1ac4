"""The Whoosh stages of the chain: the German tokenizer and the stop, stem, expansion and fold filters."""
from __future__ import annotations

import re

from whoosh.analysis import Filter, MultiFilter, PassFilter, Token, Tokenizer

from .folding import _STOPWORDS, _STOPWORDS_ASCII, fold
from .gender import _gender_neutral
from .terms import _EXTRA_CACHE, _MAIN_CACHE, _config, _extra_terms, _main_term
from .verbs import forms_of

_TOKEN_RE = re.compile(
    r"[^\W_]+(?:(?:[*:_]|/-?)(?=in(?:nen)?\b)[^\W_]+)?(?:-[^\W_]+(?:(?:[*:_]|/-?)(?=in(?:nen)?\b)[^\W_]+)?)*"
)
_HYPHEN = re.compile(r"(?<!/)-")


class GermanTokenizer(Tokenizer):
    """Words of Unicode letters and digits. A hyphenated word gives each part at
    consecutive positions and the joined form at the first part's position (so the
    phrase "IQ Netzwerk" matches "IQ-Netzwerk"); gender-marked forms are one word."""

    def __eq__(self, other):
        return other is not None and self.__class__ is other.__class__

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            t.original = t.text = value
            t.boost = 1.0
            if positions:
                t.pos = start_pos
            if chars:
                t.startchar, t.endchar = start_char, start_char + len(value)
            yield t
            return
        pos = start_pos
        for m in _TOKEN_RE.finditer(value):
            for text, original, p, s, e in _pieces(m, pos):
                t.text = _gender_neutral(text)
                t.cap = text[0].isupper()
                t.boost, t.stopped = 1.0, False
                if keeporiginal:
                    t.original = original
                if positions:
                    t.pos = p
                if chars:
                    t.startchar, t.endchar = start_char + s, start_char + e
                yield t
            pos = p + 1


def _pieces(m, pos: int):
    """The tokens of one matched word as (text, original, position, start, end):
    the word itself; for a hyphenated word each part at its own position and,
    right after the first part, the joined form at the first part's position."""
    return _word_pieces(m.group(0), m.start(), pos)


def _word_pieces(word: str, start: int, pos: int):
    """:func:`_pieces` of a word matched at ``start``, from its text."""
    end = start + len(word)
    parts = _HYPHEN.split(word) if "-" in word else None
    if parts is None or len(parts) == 1:
        return ((word, word, pos, start, end),)
    out = []
    offset = start
    for k, part in enumerate(parts):
        out.append((part, part, pos + k, offset, offset + len(part)))
        if k == 0:
            out.append(("".join(parts), word, pos, start, end))
        offset += len(part) + 1
    return out


class GermanStemFilter(Filter):
    """Gender normalisation, overrides, Snowball stem and fold: one cached lookup a word.
    Keeps the lowercased word in ``token.word`` for the index-only expansion."""

    is_morph = True

    def __init__(self, stem=True, fold=True, overrides=True, gender=True, guard=True):
        self.cfg_args = dict(stem=stem, fold=fold, overrides=overrides, gender=gender, guard=guard)

    def __setstate__(self, state):
        # An analyzer pickled in an index written before the lexicon guard: its
        # terms were written without it, so its queries go without it too.
        state["cfg_args"] = {"guard": False, **state.get("cfg_args", {})}
        self.__dict__.update(state)

    def __eq__(self, other):
        return other is not None and self.__class__ is other.__class__ and self.cfg_args == other.cfg_args

    def __call__(self, tokens):
        cfg = _config(decompound=False, lemmas=False, **self.cfg_args)
        plain = _config(decompound=False, lemmas=False, **dict(self.cfg_args, guard=False))
        ck, pk = cfg.key, plain.key
        guard = cfg.guard
        cache = _MAIN_CACHE
        for t in tokens:
            w = t.text
            t.word = w
            if guard and not getattr(t, "cap", True):
                # The guard is for nouns: a lowercase word (wichtiger, falscher) keeps
                # Snowball's term; typed lowercase in a query, it also asks for the
                # guarded noun's term (messer: Messer as well as messen).
                s = cache.get((w, pk))
                t.text = s if s is not None else _main_term(w, plain)
                if t.mode == "query":
                    guarded = _main_term(w, cfg)
                    if guarded != t.text:
                        yield t
                        t.text = guarded
                yield t
                if t.mode == "query":  # a strong verb's other forms (verbs.py)
                    yield from _verb_forms(t, w, plain)
                continue
            s = cache.get((w, ck))
            t.text = s if s is not None else _main_term(w, cfg)
            yield t
            if t.mode == "query" and not getattr(t, "cap", True):
                yield from _verb_forms(t, w, plain)


def _verb_forms(t, w: str, cfg):
    """The token again with each other form's term of the strong verb ``w`` is a form of."""
    own = t.text
    for x in forms_of(w, cfg):
        if x != own:
            t.text = x
            yield t


class GermanExpandFilter(Filter):
    """Index time: after each token, its extra terms (feminine base, lemma, compound
    parts) at the same position and with the same chars, so highlighting marks the
    whole original word."""

    def __init__(self, stem=True, fold=True, overrides=True, gender=True, decompound=True, lemmas=True,
                 guard=True):
        self.cfg_args = dict(stem=stem, fold=fold, overrides=overrides, gender=gender,
                             decompound=decompound, lemmas=lemmas, guard=guard)

    __setstate__ = GermanStemFilter.__setstate__

    def __eq__(self, other):
        return other is not None and self.__class__ is other.__class__ and self.cfg_args == other.cfg_args

    def __call__(self, tokens):
        cfg = _config(**self.cfg_args)
        plain = _config(**dict(self.cfg_args, guard=False))
        cache = _EXTRA_CACHE
        for t in tokens:
            yield t
            w = getattr(t, "word", None)
            if w is None:
                continue
            cap = getattr(t, "cap", True)
            c = cfg if cap else plain  # the guard is for nouns (see GermanStemFilter)
            extra = cache.get((w, cap, c.key))
            if extra is None:
                extra = _extra_terms(w, c, cap)
            if extra:
                main, boost = t.text, t.boost
                for x, weight in extra:
                    t.text = x
                    t.boost = boost * weight
                    yield t
                t.text, t.boost = main, boost


class IndexOnly(MultiFilter):
    """MultiFilter(index=f, query=PassFilter()) that is safe on an empty stream."""

    def __init__(self, index_filter):
        super().__init__(index=index_filter, query=PassFilter())

    def __call__(self, tokens):
        for t in tokens:
            f = self.filters.get(t.mode, self.default_filter)
            yield from f(_prepend(t, tokens))
            return


def _prepend(first, rest):
    yield first
    yield from rest


_STOPS_TYPED = _STOPWORDS | _STOPWORDS_ASCII


class GermanStopFilter(Filter):
    """Drop German stop words and one-letter tokens, renumbering positions so that
    tokens sharing a position keep sharing it (whoosh's StopFilter renumbers every
    token, which would pull a hyphenated word's joined form off its position)."""

    def __init__(self, stoplist=_STOPWORDS, minsize=2):
        self.stops = frozenset(stoplist)
        self.minsize = minsize

    def __eq__(self, other):
        return (other is not None and self.__class__ is other.__class__
                and self.stops == other.stops and self.minsize == other.minsize)

    def __getstate__(self):
        state = self.__dict__.copy()
        state.pop("_typed_stops", None)  # worked out again from ``stops`` when used
        return state

    def __call__(self, tokens):
        minsize = self.minsize
        stops = self.__dict__.get("_typed_stops")
        if stops is None:
            # The German list also as typed without umlauts or ß (fuer, ueber, dass).
            # Decided here, not in __init__, so the filters pickled in indexes written
            # before do the same.
            stops = _STOPS_TYPED if self.stops == _STOPWORDS else self.stops
            self.__dict__["_typed_stops"] = stops
        dropped = 0  # positions with no token left before the current one
        last_pos = None
        last_kept = True
        for t in tokens:
            keep = len(t.text) >= minsize and t.text not in stops
            if t.positions:
                if t.pos != last_pos:
                    if last_pos is not None and not last_kept:
                        dropped += 1
                    last_pos, last_kept = t.pos, False
                if keep:
                    last_kept = True
                    t.pos -= dropped
            if keep:
                t.stopped = False
                yield t
            elif not t.removestops:
                t.stopped = True
                yield t


class FoldFilter(Filter):
    """Fold each token (names: no stemming)."""

    def __eq__(self, other):
        return other is not None and self.__class__ is other.__class__

    def __call__(self, tokens):
        for t in tokens:
            t.text = fold(t.text)
            yield t
