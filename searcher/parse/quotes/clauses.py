"""Sentence bounds (``Wort.Wort`` splits too, abbreviations do not) and the
noun phrases before and after a verb, on text whose quotations are masked."""
from __future__ import annotations

import re

from .vocabulary import (
    _ABBREV_END_RE, _ARTICLE_RE, _NP_TOKEN_RE, _QUOTED_RE, _SENT_START_RE, _SKIP_AFTER_VERB, _DEMONSTRATIVE_ARTICLES,
    _ALL_PREPOSITIONS, _FRONT_ADVERB, _POSSESSIVES,
)


def _adverb_only(word: str) -> bool:
    """``word`` is a sentence adverb that opens a clause (``Dazu``,
    ``Abschließend``) and no preposition (``Nach``, ``Mit``)."""
    low = word.lower()
    return low in _FRONT_ADVERB and low not in _ALL_PREPOSITIONS


def _np_tail(text: str) -> str:
    """The noun phrase that ends ``text`` (the subject right before a verb)."""
    words = text.replace(",", " , ").split()
    out: list[str] = []
    for w in reversed(words):
        if w == "," or not _NP_TOKEN_RE.match(w):
            break
        out.append(w)
    while out and out[-1].lower() in ("und", "von", "zu"):
        out.pop()
    return " ".join(reversed(out[:10]))


def _np_head(text: str) -> str:
    """The noun phrase that starts ``text`` (the subject right after a verb)."""
    out: list[str] = []
    words = text.replace(",", " , ").split()
    for i, w in enumerate(words):
        if w == "," or not _NP_TOKEN_RE.match(w) or (w.lower() in _SKIP_AFTER_VERB and not _is_article(words, i)):
            break
        out.append(w)
    return " ".join(out[:8])


def _is_article(words: list[str], i: int) -> bool:
    """``das``/``dies`` at ``words[i]`` is the article of a noun (``sagte das
    Gericht``), not a pronoun object (``sagte das auch``)."""
    return words[i].lower() in _DEMONSTRATIVE_ARTICLES and i + 1 < len(words) and words[i + 1][:1].isupper()


def _skip_after_verb(words: list[str]) -> list[str]:
    """``words`` after a verb without its leading adverbs and pronoun objects
    (``sagte dazu auch …``), keeping an article that starts the subject."""
    i = 0
    while i < len(words) and words[i].lower() in _SKIP_AFTER_VERB and not _is_article(words, i):
        i += 1
    return words[i:]


def _subject_head(subject: str) -> str:
    words = subject.split()
    return " ".join(words[-10:]) if len(words) > 10 else subject


def _sentences_before(text: str, pos: int, count: int = 3):
    """(start, end) of up to ``count`` sentences ending at or before ``pos``, nearest first."""
    end = pos
    for _ in range(count):
        if end <= 0:
            return
        start = _sentence_start(text, max(0, end - 1))
        if start >= end:
            return
        yield start, end
        end = start


def _sentence_start(text: str, pos: int) -> int:
    lo = max(0, pos - 400)
    window = text[lo:pos]
    best = 0
    for m in _SENT_START_RE.finditer(window):
        if m.group() != "\n" and _ABBREV_END_RE.search(window[max(0, m.start() - 6):m.start() + 1]):
            continue
        best = m.end()
    return lo + best


def _opens_sentence(text: str, o: int) -> bool:
    """The quote at ``o`` opens its sentence: nothing of the sentence before
    it, or a full stop or line break right before (``_sentence_start`` looks
    at the text before ``o`` only, so it misses a sentence starting at ``o``)."""
    before = text[max(0, o - 3):o]
    return not text[_sentence_start(text, o):o].strip() or not before.strip() or before.rstrip()[-1:] in ".!?\n"


def _sentence_end(text: str, pos: int) -> int:
    """The end of the sentence ``pos`` is in; a quotation that closes with
    its own full stop (``… gesetzt hat.“ Diesen …``) ends it when ``pos``
    is at or just after its closing mark."""
    for k in (pos, pos - 1):
        if 0 < k < len(text) and text[k] in _CLOSE_MARKS and text[k - 1] in ".!?" and _NEXT_SENTENCE_RE.match(text, k + 1):
            return k + 1
    hi = min(len(text), pos + 400)
    window = text[pos:hi]
    for m in _SENT_START_RE.finditer(window):
        if m.group() != "\n" and _ABBREV_END_RE.search(window[max(0, m.start() - 6):m.start() + 1]):
            continue
        return pos + m.start() + 1
    return hi


_CLOSE_MARKS = "“”«»\""
_NEXT_SENTENCE_RE = re.compile(r"\s+[A-ZÄÖÜ„»\"“]")


def _mask_quotes(sent: str) -> str:
    """The sentence with quoted text blanked out (same length)."""
    return _QUOTED_RE.sub(lambda m: m.group()[0] + " " * (len(m.group()) - 2) + m.group()[-1], sent)


#: Demonstrative determiners that start a noun phrase like an article (``laut dieser Studie``).
_DETERMINER_WORDS = frozenset("dieser diese dieses diesem diesen jener jene jenes jenem jenen".split())


def _np_lead(rest: str) -> str:
    """Articles, adjectives and capitalised words that start ``rest``: the
    noun phrase after ``laut`` (``Polizei`` in ``laut Polizei habe …``)."""
    out: list[str] = []
    for w in rest.split()[:6]:
        w2 = w.strip(",;:")
        if _ARTICLE_RE.match(w2) or (not out and w2.lower() in _DETERMINER_WORDS) or w2[:1].isupper() and w2[:1].isalpha() or (
                out and re.fullmatch(r"[a-zäöüß\-]+(?:e|en|er|es|em)", w2) and _ARTICLE_RE.match(out[-1])):
            out.append(w2)
            if w2 != w:
                break
        else:
            break
    while out and _ARTICLE_RE.match(out[-1]):
        out.pop()
    return " ".join(out)


def _np_head_keep(text: str) -> str:
    """Like :func:`_np_head`, with the head's genitive and prepositional tail."""
    head = _np_head(text)
    return head if head else text


def _masked_sentence(text: str, start: int, end: int, o: int, c: int) -> str:
    """The sentence ``text[start:end]`` with its quotations masked, the quote
    at ``o``-``c`` always (however long: the mask of other quotes stops at
    400 characters, and words inside a quote are no cue for it)."""
    sent = text[start:end]
    a, b = max(0, o + 1 - start), min(len(sent), c - start)
    if a < b:
        sent = sent[:a] + "".join(ch if ch in "„“”»«\"" else " " for ch in sent[a:b]) + sent[b:]
    return _mask_quotes(sent)


#: Relative pronouns that open a clause set off by commas after a fronted noun phrase.
_RELATIVE_WORDS = frozenset("der die das dem den denen dessen deren welcher welche welches welchem welchen".split())


def _after_fronted(clause: str) -> str:
    """The words after the finite verb of a clause that opens with a fronted
    prepositional phrase or sentence adverb (V2 order: the subject follows the
    verb). ``Auf der Sitzung des Rates, die … dauerte, verteidigte der
    Minister …`` -> ``der Minister …``. Empty when the clause does not open so
    or its verb is not found."""
    words = clause.replace(",", " , ").split()
    if len(words) < 3 or words[0].lower() not in _FRONT_ADVERB:
        return ""
    i = 1
    if words[0].lower() in _ALL_PREPOSITIONS:
        # the preposition's noun phrase: articles and adjectives, the noun(s), genitive attributes
        while i < len(words) and words[i] != "," and not words[i][:1].isupper():
            i += 1
        while True:
            while i < len(words) and words[i][:1].isupper():
                i += 1
            if i + 1 < len(words) and words[i].lower() in ("des", "der") and words[i + 1][:1].isupper():
                i += 1
                continue
            break
        # a relative clause set off by commas: "In einem Bericht, der … wurde, …"
        while i + 1 < len(words) and words[i] == "," and words[i + 1].lower() in _RELATIVE_WORDS:
            k = words.index(",", i + 1) if "," in words[i + 1:] else -1
            if k < 0:
                return ""
            i = k
        if i < len(words) and words[i] == ",":
            i += 1
    if i >= len(words) or not words[i][:1].islower() or words[i].lower() in _ALL_PREPOSITIONS \
            or _ARTICLE_RE.match(words[i]):
        return ""
    return " ".join(_skip_after_verb(words[i + 1:]))


def _apposition_start(words: list[str]) -> bool:
    """Words that can start an apposition: a capitalised word, or an article
    or possessive followed by a capitalised or inflected word (``der frühere
    Minister``), not a relative pronoun before a verb (``der als Zeuge gilt``)."""
    if not words:
        return False
    if words[0][:1].isupper():
        return True
    if (_ARTICLE_RE.match(words[0]) or words[0].lower() in _POSSESSIVES) and len(words) > 1:
        nxt = words[1]
        return nxt[:1].isupper() or re.fullmatch(r"[a-zäöüß\-]+(?:e|en|er|es|em)", nxt) is not None \
            and nxt.lower() not in _ALL_PREPOSITIONS and nxt.lower() not in ("sich", "ihn", "ihm", "ihnen", "uns", "den", "dem")
    return False
