"""Did-you-mean: the closest known word for each word of a query the index does not know, as a part of SearchEngine."""
from __future__ import annotations

import re
from typing import Callable, Optional

from ..analysis import term_spans
from ..query import TEXT_FIELDS, Budget, Node, literal_query, query_words, replace_words

from .. import search as _pkg
from .tables import _Generation
from .vocabulary import _Vocabulary


class _Suggestions:
    """The did-you-mean method of :class:`SearchEngine`."""

    def _suggest(self, s, gen: _Generation, query: str, node: Optional[Node], notes: list[str],
                 budget: Optional[Budget] = None) -> Optional[str]:
        """The query with each word unknown to the index replaced by the closest
        known word (same first letter, edit distance 1–2, most frequent), or None.
        Each distinct word is looked at once; only the first MAX_SUGGESTED
        unknown words get a replacement (said in ``notes`` when there are more)."""
        reader = s.reader()
        words = query_tokens(node, s.schema["body"].analyzer)
        replacements = choose_replacements(
            words,
            lambda t: any(((f, t) in reader) for f in TEXT_FIELDS),
            lambda t: _closest(reader, gen.vocab, t, budget),
            lambda term: _surface(s, term),
            notes,
        )
        return replace_words(query, replacements) if replacements else None



def query_tokens(node: Optional[Node], analyzer) -> dict[str, list[str]]:
    """Each distinct word of the query (in order) -> its analysed query terms."""
    words: dict[str, list[str]] = {}
    for text in dict.fromkeys(w.text for w in query_words(node)):
        try:
            words[text] = [t.text for t in analyzer(text, mode="query")]
        except StopIteration:
            words[text] = []
    return words


def choose_replacements(words: dict[str, list[str]], known: Callable[[str], bool],
                        nearest: Callable[[str], list[str]], surface: Callable[[str], Optional[str]],
                        notes: list[str]) -> dict[str, str]:
    """Did-you-mean for either backend: for each word none of whose terms is
    ``known``, the first of its term's three ``nearest`` terms whose ``surface``
    (or the term) is a plain word. Only the first MAX_SUGGESTED unknown words
    are looked at (said in ``notes`` when there are more)."""
    replacements: dict[str, str] = {}
    unknown = 0
    for text, toks in words.items():
        if not toks or any(known(t) for t in toks):
            continue
        unknown += 1
        if unknown > _pkg.MAX_SUGGESTED:
            notes.append(f"Did-you-mean looked at the first {_pkg.MAX_SUGGESTED} unknown words only.")
            break
        for best in nearest(toks[0])[:3]:
            shown = surface(best) or best
            if _plain_word(shown):  # never an operator, a field name or other syntax
                if shown.lower() != text.lower():
                    replacements[text] = shown
                break
    return replacements


def _closest(reader, vocab: _Vocabulary, term: str, budget: Optional[Budget] = None) -> list[str]:
    """The body terms nearest to ``term`` (first letter kept, edit distance 1
    up to 7 letters, else 2), nearest and most frequent first, from a bounded
    set of candidates."""
    maxdist = 1 if len(term) <= 7 else 2
    found, _ = vocab.similar(reader, "body", term, maxdist, prefixlength=1, budget=budget)
    return [f[2] for f in sorted(found) if f[2] != term]


_PLAIN_WORD = re.compile(r"[^\W_](?:[\w'’.-]*[^\W_])?")


def _plain_word(word: str) -> bool:
    """A word a suggestion may offer: letters and digits (inner ' . - allowed),
    not a query operator (AND, OR, NOT); no ``field:``, ``*``, ``~`` or other syntax."""
    return bool(_PLAIN_WORD.fullmatch(word)) and word not in ("AND", "OR", "NOT") and "_" not in word


def _surface(s, term: str) -> Optional[str]:
    """How ``term`` (an analysed body term) is written in the text: the word at
    one of its occurrences whose own analysis starts with the term."""
    try:
        m = s.reader().postings("body", term)
    except Exception:
        return None
    analyzer = s.schema["body"].analyzer
    tries = 0
    spans_kept = s.schema["body"].format.supports("characters")
    while m.is_active() and tries < 3:
        tries += 1
        body = s.stored_fields(m.id()).get("body", "")
        if spans_kept:
            chars = m.value_as("characters")
        else:  # positions-only postings: the spans recomputed from the body
            chars = term_spans(analyzer, body, {term: m.value_as("positions")}).get(term, [])
        for _, start, end in chars[:3]:
            word = body[start:end]
            first = next((t.text for t in analyzer(word, mode="query")), None)
            if first == term:
                return word
        m.next()
    return None


def _nothing_searched(query: str) -> str:
    """The note for a query whose words are all stop words or punctuation."""
    from ..query import literal_query

    words = literal_query(query).split()
    if any(re.search(r"\w", w) for w in words):
        shown = " ".join(words[:6]) + (" …" if len(words) > 6 else "")
        what = f'"{shown}" has only stop words (words too common to be searched)'
    else:
        what = f'"{query.strip()[:40]}" has no word to search for'
    return (
        f"{what}, so nothing was searched. Add a word that says what you look for, "
        "or leave the query empty (or write *) to list the releases of the filters, newest first."
    )
