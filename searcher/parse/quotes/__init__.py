"""Quotations and who said them.

The package, in the order a text goes through it:

1. :mod:`.marks` pairs quotation marks in one pass (:func:`quote_spans`).
2. :class:`QuoteExtractor` (:mod:`.extraction`) attributes each span by position and cue: a
   clause ending in a colon before it (``Role Name: »…«``, ``Name sagte:
   „…“``), a speech verb or source cue right after it (``»…«, erklärt Name``,
   ``„…“, so Name``, ``„…“, heißt es in X``), a cue elsewhere in its sentence
   (``laut X``, ``X zufolge``, ``von X als „…“ bezeichnet``), the speaker of
   reported speech before it, or the typed subject of its clause. Indirect
   speech of persons (``Name betonte, dass …``) gives ``kind="indirect"``.
3. :mod:`.speakers` types every candidate (person, role, organisation, media,
   document); one that cannot speak (``Kritik``, ``den Vorfall``, ``Ortsteil
   Karlshorst``) is dropped and the next candidate is tried. One- and
   two-word quotations count only with a speech cue.
4. :mod:`.coreference` and :mod:`.entities` resolve role nouns (``der Bundespräsident``) and
   ``er``/``sie`` (by gender, when the release tells it) to the person the
   release introduced, with that person's role.
5. :mod:`.chooser` (off unless ``chooser="learned"``) asks every cue of step 2
   for its candidate and takes the best under a small learned linear model
   instead of the first cue's.

The other modules: :mod:`.vocabulary` (word lists and patterns),
:mod:`.phrases` (a speaker phrase read into name and role; the names a
release writes), :mod:`.clauses` (sentence bounds and noun phrases),
:mod:`.cues` (the speaker a cue in a sentence names), :mod:`.statements`
(cues that name a statement, view or finding rather than a verb of saying),
:mod:`.titles` (names of things in quotation marks, which are no quotes),
:mod:`.frames` (a nominative role before the verb is its subject),
:mod:`.own_clause` (the clause of a quote's own sentence that frames it, tried
before a speaker is carried over), :mod:`.after_source` (a finite verb or a source
without a verb right after the quote), :mod:`.word_class` (HanTa's part of speech
of one word: one-word speaker candidates, finite verbs that introduce a quote).

Speakers are resolved to the fullest name written anywhere in the release
(``Vogel`` -> ``Sebastian Vogel``). Names never carry academic titles or
forms of address (``Dr.``, ``Prof.``, ``Frau``): those stay in the role text, so
``Dr. Barbara Slowik`` and ``Barbara Slowik`` are one person. Speakers that
are not persons (``der Sprecher``, ``die Polizei``) are kept as written on the
quote with their ``speaker_kind``; only persons go into ``persons_quoted``
(:mod:`.names` matches name variants for the person filter).
"""
from __future__ import annotations

from typing import Iterable, Optional

from ...models import Quote
from .extraction import QuoteExtractor
from .marks import quote_spans
from .phrases import Speaker, analyse_phrase
from .vocabulary import ROLE_RE, SPEECH_VERB_RE, TITLE_RE

__all__ = ["QuoteExtractor", "Speaker", "analyse_phrase", "persons_quoted", "quote_spans",
           "ROLE_RE", "SPEECH_VERB_RE", "TITLE_RE"]


def persons_quoted(quotes: Iterable[Quote], extractor: Optional[QuoteExtractor] = None) -> tuple[str, ...]:
    """The distinct persons among the quotes' speakers, in order of first quote
    (organisations, media, roles and pronouns may speak, but are no persons)."""
    seen: list[str] = []
    for q in quotes:
        if q.speaker and q.speaker_kind == "person" and q.speaker not in seen:
            seen.append(q.speaker)
    return tuple(seen)
