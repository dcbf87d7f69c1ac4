"""Indirect speech: ``Der Minister sagte, dass …`` gives a quote of kind
``indirect``, kept only when its speaker is a person."""
from __future__ import annotations

from ...models import Quote
from .clauses import _sentence_start, _subject_head
from .coreference import split_leading_noun
from .phrases import analyse_phrase
from .vocabulary import _INDIRECT_RE


def indirect_quotes(extractor, text: str, field: str, spans) -> list[Quote]:
    """The ``, dass`` clauses after a verb of saying outside the direct quotes
    ``spans``; ``extractor`` (a :class:`.extraction.QuoteExtractor`) resolves and types the speaker."""
    out: list[Quote] = []
    if ", dass" not in text:
        return out
    for m in _INDIRECT_RE.finditer(text):
        clause_start = _sentence_start(text, m.start())
        if any(o <= m.start() < c for o, c, _ in spans):
            continue
        subject = text[clause_start:m.start("verb")]
        sp = analyse_phrase(_subject_head(subject)) if subject.strip() else None
        if not sp or not sp.name:
            continue
        sp = extractor._resolve(sp)
        if not sp or not sp.name or not extractor._name_ok(sp.name, sp.role) or not extractor.is_person(sp.name, sp.role):
            continue  # indirect speech is kept for persons only
        sp = split_leading_noun(sp)
        out.append(Quote(text[m.start("content"):m.end("content")], sp.name, sp.role,
                         m.start("content"), m.end("content"), "indirect", field, extractor.speaker_kind(sp)))
    return out
