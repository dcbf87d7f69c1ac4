"""The analyzers: the German chain with its one-loop index path, the name analyzer, and one query word's terms."""
from __future__ import annotations

from collections import Counter

from whoosh.analysis import CompositeAnalyzer, LowercaseFilter, Token

from .folding import _STOPWORDS
from .gender import _gender_neutral
from .stages import (
    _STOPS_TYPED,
    _TOKEN_RE,
    FoldFilter,
    GermanExpandFilter,
    GermanStemFilter,
    GermanStopFilter,
    GermanTokenizer,
    IndexOnly,
    _pieces,
    _word_pieces,
)
from . import wordstore
from .terms import _EXTRA_CACHE, _MAIN_CACHE, _WORD_CACHE, _WORD_CACHE_MAX, _WORD_LOG, _config, _extra_terms, _main_term

_WORDS_LOADED = wordstore._STATE  # guard -> words loaded from the cache file (None: not yet)


def german_analyzer(stem: bool = True, fold: bool = True, overrides: bool = True,
                    decompound: bool = True, gender: bool = True, lemmas: bool = True, guard: bool = True):
    """The analyzer of the release text fields (title, subtitle, body, quotes, issuer).

    The switches turn stages off for ablation; the defaults are the full chain.

    >>> [t.text for t in german_analyzer()("Lehrer*innen im IQ-Netzwerk")]
    ['lehrer', 'iq', 'iqnetzwerk', 'netzwerk']
    """
    chain = GermanTokenizer() | LowercaseFilter() | GermanStopFilter()
    chain = chain | GermanStemFilter(stem=stem, fold=fold, overrides=overrides, gender=gender, guard=guard)
    if decompound or gender or lemmas:
        chain = chain | IndexOnly(GermanExpandFilter(stem=stem, fold=fold, overrides=overrides,
                                                     gender=gender, decompound=decompound,
                                                     lemmas=lemmas, guard=guard))
    return GermanAnalyzer(*chain.items)


class GermanAnalyzer(CompositeAnalyzer):
    """The composed chain, with index-mode analysis of the full chain done in one
    loop: the same tokens as the stages one after another (tested against them),
    without a generator hop per token and stage. Indexing spends most of its
    analysis time there; queries, ablations and unusual options go through the
    stages themselves."""

    def __call__(self, value, no_morph=False, **kwargs):
        if kwargs.get("mode") != "index" or no_morph or not self._fusable(kwargs):
            return super().__call__(value, no_morph=no_morph, **kwargs)
        return self._index_tokens(value, guard=self._fast[1], **kwargs)

    def _fusable(self, kwargs) -> bool:
        fast = self.__dict__.get("_fast")
        if fast is None:
            items = self.items
            # the full chain, with the lexicon guard (or without: an index written before it)
            guard = len(items) > 3 and getattr(items[3], "cfg_args", {}).get("guard") is True
            full = dict(stem=True, fold=True, overrides=True, gender=True, guard=guard)
            fast = self._fast = (
                len(items) == 5
                and type(items[0]) is GermanTokenizer
                and type(items[1]) is LowercaseFilter
                and type(items[2]) is GermanStopFilter
                and items[2].stops == _STOPWORDS and items[2].minsize == 2
                and type(items[3]) is GermanStemFilter and items[3].cfg_args == full
                and type(items[4]) is IndexOnly
                and items[4].filters.get("index") == GermanExpandFilter(guard=guard)
            ), guard
        return (fast[0] and kwargs.get("tokenize", True) and kwargs.get("removestops", True)
                and not kwargs.get("keeporiginal"))

    def __getstate__(self):
        state = self.__dict__.copy()
        state.pop("_fast", None)
        return state

    def position_postings(self, value: str):
        """The index-mode terms of ``value`` as ``{term as UTF-8: [weight,
        position, ...]}``, or None when this is not the full chain (then
        analyse token by token).

        The same terms, positions and summed boosts as the token stream of
        ``self(value, positions=True, mode="index")``, in the same order, but
        worked out a word at a time: each distinct word's terms are kept
        (:func:`_word_terms`), so a text costs one regex scan and one cache
        look-up a word, without a token object per term."""
        if not self._fusable({}):
            return None
        guard = self._fast[1]
        entries = _WORD_CACHE[guard]
        get = entries.get
        seen: dict = {}
        sget = seen.get
        base = 0  # the position of the next word's first kept token
        for word in _TOKEN_RE.findall(value):
            entry = get(word)
            if entry is None:
                entry = _word_terms(word, guard)
            if type(entry) is bytes:  # one position with one term of weight 1.0 (most words)
                occ = sget(entry)
                if occ is None:
                    seen[entry] = [1.0, base]
                else:
                    occ[0] += 1.0
                    occ.append(base)
                base += 1
                continue
            npos, terms = entry
            for off, term, boost in terms:
                occ = sget(term)
                if occ is None:
                    seen[term] = [boost, base + off]
                else:
                    occ[0] += boost
                    occ.append(base + off)
            base += npos
        return seen

    @staticmethod
    def _index_tokens(value, positions=False, chars=False, keeporiginal=False, removestops=True,
                      start_pos=0, start_char=0, tokenize=True, mode="", guard=True, **kwargs):
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        cfg = _config(guard=guard)  # the expansion's (GermanExpandFilter) ...
        main_cfg = _config(decompound=False, lemmas=False, guard=guard)  # ... and the stem filter's
        # lowercase words go without the guard (see GermanStemFilter)
        low_cfg, low_main_cfg = _config(guard=False), _config(decompound=False, lemmas=False, guard=False)
        mk, ck, lmk, lck = main_cfg.key, cfg.key, low_main_cfg.key, low_cfg.key
        main_get = _MAIN_CACHE.get
        extra_get = _EXTRA_CACHE.get
        stops = _STOPS_TYPED  # the German stop words, also as typed without umlauts
        pos = start_pos
        # the stop filter's renumbering: positions left with no token are taken out
        dropped, last_pos, last_kept = 0, None, True
        for m in _TOKEN_RE.finditer(value):
            for text, _, p, s, e in _pieces(m, pos):
                cap = text[0].isupper()
                w = _gender_neutral(text).lower()
                keep = len(w) >= 2 and w not in stops
                if positions:
                    if p != last_pos:
                        if last_pos is not None and not last_kept:
                            dropped += 1
                        last_pos, last_kept = p, False
                    if not keep:
                        continue
                    last_kept = True
                    t.pos = p - dropped
                elif not keep:
                    continue
                if chars:
                    t.startchar, t.endchar = start_char + s, start_char + e
                t.stopped = False
                if cap:
                    main = main_get((w, mk))
                    t.text = main if main is not None else _main_term(w, main_cfg)
                    t.boost = 1.0
                    yield t
                    extra = extra_get((w, True, ck))
                    if extra is None:
                        extra = _extra_terms(w, cfg, True)
                else:
                    main = main_get((w, lmk))
                    t.text = main if main is not None else _main_term(w, low_main_cfg)
                    t.boost = 1.0
                    yield t
                    extra = extra_get((w, False, lck))
                    if extra is None:
                        extra = _extra_terms(w, low_cfg, False)
                for x, weight in extra:
                    t.text = x
                    t.boost = weight
                    yield t
            pos = p + 1


def _word_terms(word: str, guard: bool) -> tuple:
    """One matched word's index terms (:func:`_compute_word_terms`), kept in the word
    cache; once a run has worked out ``wordstore.LOAD_AFTER`` words itself, the words
    earlier runs kept are loaded (a run of a few files does not pay for loading them)."""
    cache = _WORD_CACHE[guard]
    if _WORDS_LOADED[guard] is None and len(cache) >= wordstore.LOAD_AFTER:
        wordstore.load(guard, cache)
        entry = cache.get(word)
        if entry is not None:
            return entry
    entry = _compute_word_terms(word, guard)
    if len(cache) >= _WORD_CACHE_MAX:
        cache.clear()
    cache[word] = entry
    log = _WORD_LOG[guard]
    if log is not None:
        log.append(word)
    return entry


def _compute_word_terms(word: str, guard: bool):
    """One matched word's index terms: ``(positions, ((offset, term as
    UTF-8, boost), ...))``, the terms in the order :meth:`GermanAnalyzer._index_tokens`
    yields them, ``offset`` counted among the word's kept positions, and
    ``positions`` how many of those there are (0 for a stop word); for a word of one
    position with one term of weight 1.0 (most words), that term alone (``bytes``)."""
    main_cfg = _config(decompound=False, lemmas=False, guard=guard)
    cfg = _config(guard=guard)
    low_cfg, low_main_cfg = _config(guard=False), _config(decompound=False, lemmas=False, guard=False)
    out = []
    kept: list = []  # the word's positions that keep a token, ascending
    for text, _, p, _, _ in _word_pieces(word, 0, 0):
        w = _gender_neutral(text).lower()
        if len(w) < 2 or w in _STOPS_TYPED:
            continue
        if not kept or kept[-1] != p:
            kept.append(p)
        off = len(kept) - 1
        if text[0].isupper():
            out.append((off, _main_term(w, main_cfg).encode("utf-8"), 1.0))
            extra = _extra_terms(w, cfg, True)
        else:
            out.append((off, _main_term(w, low_main_cfg).encode("utf-8"), 1.0))
            extra = _extra_terms(w, low_cfg, False)
        out.extend((off, x.encode("utf-8"), weight) for x, weight in extra)
    if len(kept) == 1 and len(out) == 1 and out[0][2] == 1.0:
        return out[0][1]
    return (len(kept), tuple(out))


def name_analyzer():
    """The analyzer of person names: tokens lowercased and folded, no stemming.

    >>> [t.text for t in name_analyzer()("Petra Köpping")]
    ['petra', 'kopping']
    """
    from whoosh.analysis import RegexTokenizer

    return RegexTokenizer(r"[^\W_]+") | LowercaseFilter() | FoldFilter()


def analyze_query_word(word: str) -> list[str]:
    """The query terms of one typed word (hyphenated words give parts and joined form)."""
    return [t.text for t in german_analyzer()(word, mode="query")]


def term_spans(analyzer, text: str, wanted: dict) -> dict:
    """The character spans of term occurrences read from positions-only postings.

    ``wanted`` is {term: [position, ...]} as a field's postings give them for
    ``text`` (the field's stored text); the answer is {term: [(position, start,
    end), ...]}: the same triples the index-mode ``analyzer`` yields for those
    terms (what :class:`searcher.formats.Spans` postings keep). Only the
    tokenizer and the stop words are run over the text, up to the last position
    wanted; a position two tokens share (the first part of a hyphenated word and
    the joined word) asks the term stages which of them gave the term.

    An analyzer other than the full German chain is run over the whole text.
    """
    wanted = {term: poss for term, poss in wanted.items() if poss}
    if not wanted:
        return {}
    fast = isinstance(analyzer, GermanAnalyzer) and analyzer._fusable({})
    if not fast:
        out: dict = {}
        for t in analyzer(text, positions=True, chars=True, mode="index"):
            if not t.stopped and t.text in wanted:
                out.setdefault(t.text, []).append((t.pos, t.startchar, t.endchar))
        return out
    guard = analyzer._fast[1]
    needed = {p for poss in wanted.values() for p in poss}
    last = max(needed)
    stops = _STOPS_TYPED  # as the index-time loop drops them (fuer, ueber too)
    at: dict = {}  # position -> [(piece, lowercased word, start, end)] of the kept tokens there
    pos = 0  # the tokenizer's position of the next word
    dropped = 0  # positions left with no kept token so far (the stop filter's renumbering)
    for m in _TOKEN_RE.finditer(text):
        word = m.group()
        if "-" not in word:  # one token at its own position (the common case, inlined)
            w = (word if "In" not in word and word.isalnum() else _gender_neutral(word)).lower()
            if len(w) < 2 or w in stops:
                dropped += 1
            else:
                q = pos - dropped
                if q > last:
                    break
                if q in needed:
                    start, end = m.span()
                    at[q] = [(word, w, start, end)]
            pos += 1
            continue
        last_pos, kept = None, True
        q = -1
        for piece, _, p, s, e in _pieces(m, pos):
            if p != last_pos:
                if last_pos is not None and not kept:
                    dropped += 1
                last_pos, kept = p, False
            w = _gender_neutral(piece).lower()
            if len(w) < 2 or w in stops:
                continue
            kept = True
            q = p - dropped
            if q in needed:
                at.setdefault(q, []).append((piece, w, s, e))
        if not kept:
            dropped += 1
        if q > last:
            break
        pos = p + 1
    return _spans_at(wanted, at, guard)


def _spans_at(wanted: dict, at: dict, guard: bool) -> dict:
    """{term: [(position, start, end), ...]} for the ``wanted`` positions from
    the kept tokens ``at`` each position; where two tokens share a position,
    each counts as often as its terms include the wanted one."""
    out = {}
    for term, poss in wanted.items():
        spans = []
        for p, count in sorted(Counter(poss).items()):
            tokens = at.get(p, ())
            if len(tokens) == 1:
                _, _, s, e = tokens[0]
                spans.extend([(p, s, e)] * count)
                continue
            mains = [_piece_main(piece, w, guard) for piece, w, _, _ in tokens]
            if mains.count(term) == count:
                # every occurrence is a token's main term: no extras to work out
                # (which would load the decompounding lexicon into a query process)
                spans.extend((p, s, e) for (_, _, s, e), m in zip(tokens, mains) if m == term)
                continue
            for piece, w, s, e in tokens:
                spans.extend([(p, s, e)] * _piece_terms(piece, w, guard).count(term))
        out[term] = spans
    return out


def _piece_main(piece: str, w: str, guard: bool) -> str:
    """The main index term of one token (no lexicon needed), as :func:`_piece_terms` starts."""
    if piece[0].isupper():
        return _main_term(w, _config(decompound=False, lemmas=False, guard=guard))
    return _main_term(w, _config(decompound=False, lemmas=False, guard=False))


def _piece_terms(piece: str, w: str, guard: bool) -> list:
    """The index terms one token gives (its main term, then the index-only
    extras), as :meth:`GermanAnalyzer._index_tokens` makes them."""
    cap = piece[0].isupper()
    extra = _extra_terms(w, _config(guard=guard and cap), cap)
    return [_piece_main(piece, w, guard)] + [x for x, _ in extra]
