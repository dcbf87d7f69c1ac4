"""The speaker of a quote's own sentence, tried before carrying a speaker over
from the sentences before: the typed subject of an indicative clause that frames
the reported clause the quote stands in (``Der Verband reagierte empört: Die
Pläne seien „…“``, ``Am Dienstag kritisierte die Partei, die Pläne seien „…“``)."""
from __future__ import annotations

import re
from typing import Iterator, Optional

from .clauses import _RELATIVE_WORDS, _after_fronted, _masked_sentence, _sentence_end, _sentence_start
from .cues import _after_verb_subject, _fronted_verb, _leading_subject, _sentence_cue
from .frames import _NOT_VERB, leading_role_subject
from .phrases import Speaker
from .speakers import lexicon_role
from .word_class import finite_verb
from .vocabulary import _ALL_PREPOSITIONS, _FRONT_ADVERB, _OBJECT_ARTICLES, _PRONOUNS, _SPEAKING_KINDS, _SUBJ_RE


#: Where a frame clause ends and the reported clause starts.
_BOUNDARY_RE = re.compile(r"[,:]\s")
#: Conjunctions that open a subordinate clause, which frames nothing.
_SUBORDINATING = frozenset("wie als weil da dass ob obwohl nachdem bevor sobald wenn falls indem sodass damit zumal".split())
#: A word that stands alone before the finite verb (``Dem widerspricht X``, ``Anders sieht das X``).
_LONE_FRONT = frozenset("dem dies das dazu darauf dagegen anders ähnlich ebenso genauso so".split())
_NO_VERB = _NOT_VERB | _ALL_PREPOSITIONS | frozenset("auch sogar nur aber doch zwar noch".split())


def _has_verb(words: list[str]) -> bool:
    return any(w[:1].islower() and w.strip(",").lower() not in _NO_VERB for w in words)


#: A verb of saying, judging or demanding in the subjunctive of reported speech (``fordere``,
#: ``halte … für``, ``habe … kritisiert``): its subject is whose words the quote gives.
_REPORTED_SAY_RE = re.compile(
    r"\b(?:sage|erkläre|betone|meine|bekräftige|versichere|bestätige|äußere|kritisiere|warne|fordere|verlange|"
    r"schreibe|bezeichne|nenne|spreche|mahne|kommentiere|beklage|bemängele|bemängle|rufe|antworte|erläutere|"
    r"verweise|werte|begründe|entgegne|befürchte|fürchte|bezweifle|bezweifele|verteidige|widerspreche|appelliere|"
    r"beschreibe|schildere|sehe|halte|lehne|prangere|plädiere|empfehle|bedauere|bedaure|verurteile|"
    r"gesagt|erklärt|betont|gefordert|verlangt|kritisiert|gewarnt|bezeichnet|genannt|gesprochen|beklagt|"
    r"bemängelt|abgelehnt|verurteilt|angeprangert|geschrieben|"
    # a view held: "Die Opposition sei der Meinung, …", "… sei davon überzeugt, …"
    r"der\s+(?:Meinung|Ansicht|Auffassung|Überzeugung)|überzeugt)\b")


_VERB_AFTER_COMMA_RE = re.compile(r",\s+(?P<verb>[a-zäöüß]+)\s")
#: A clause after the quote that opens with its finite verb, its subject after it (``„…“,
#: findet die Gewerkschaft``, ``„…“, ist X überzeugt``): inverted, so it frames the words before.
_AFTER_FRAME_RE = re.compile(r"\s*,\s+(?P<verb>[a-zäöüß]+)\s+(?P<rest>[^,;:.!?„“”»«\"]{3,80})(?:[,.;!?]|$)")
_NOT_FRAME_VERB = _NOT_VERB | _SUBORDINATING | frozenset("aber denn sondern doch jedoch so heißt hieß".split())


def frame_regions(sent: str, rel_o: int) -> Iterator[str]:
    """The clause that frames the reported clause the quote stands in: the text
    before the last comma or colon ahead of the quote, in the indicative (``Der
    Verband reagierte empört: Die Pläne seien „…“``, ``Am Dienstag kritisierte
    die Partei, …``) or, in the subjunctive, with a verb of saying (``Die Partei
    fordere, …``); else the quote's own clause when it has such a verb (``Zudem
    fordere die Partei eine „…“``). None when the quote stands in a relative
    clause (``…, die „…“ riefen``) or the sentence opens with a subordinate
    clause and no main clause follows it."""
    start = sent.rfind(";", 0, rel_o) + 1
    first = sent[start:].split()[:1]
    if first and first[0].lower() in _SUBORDINATING:
        # "Nachdem die Pläne bekannt wurden, reagierte der Verband empört: …": the main clause
        # opens with its finite verb after the subordinate clause
        main = next((m for m in _VERB_AFTER_COMMA_RE.finditer(sent, start, rel_o)
                     if m.group("verb") not in _NOT_FRAME_VERB), None)
        if main is None:
            return
        start, first = main.start("verb"), [main.group("verb")]
    if not first:
        return
    bounds = list(_BOUNDARY_RE.finditer(sent, start, rel_o))
    own = sent[bounds[-1].end() if bounds else start:rel_o].split()
    if own[:1] and own[0] in _RELATIVE_WORDS and (len(own) < 2 or not (own[1][:1].isupper() or _SUBJ_RE.fullmatch(own[1]))):
        return  # "…, die „Heil Hitler“ riefen": the relative clause has its own subject
    if bounds:
        region = sent[start:bounds[-1].start()]
        if _SUBJ_RE.search(sent[bounds[-1].end():]) and (
                not _SUBJ_RE.search(region) or _REPORTED_SAY_RE.search(region)):
            yield region
    if own[:1] and own[0].lower() not in _SUBORDINATING and _REPORTED_SAY_RE.search(" ".join(own)) \
            and _SUBJ_RE.search(" ".join(own)):
        yield " ".join(own)


def after_frame(sent: str, rel_o: int, rel_c: int) -> Optional[Speaker]:
    """The subject of an inverted clause right after the quote (``Die Pläne seien
    „…“, findet die Gewerkschaft``) when the words before the quote are reported
    speech or the quote opens the sentence."""
    m = _AFTER_FRAME_RE.match(sent, rel_c)
    if m is None or m.group("verb") in _NOT_FRAME_VERB or m.group("verb") in _ALL_PREPOSITIONS:
        return None
    if sent[:rel_o].strip() and not _SUBJ_RE.search(sent[:rel_o]):
        return None
    return _after_verb_subject(m.group("rest"))


def region_subjects(region: str) -> Iterator[Speaker]:
    """The subject of a frame clause: a nominative role before the verb, the
    noun phrase it opens with (when a verb follows), or the subject after the
    finite verb when something else is fronted (``Scharfe Kritik übte die
    Gewerkschaft``, ``Dem widerspricht X``, ``Am Dienstag reagierte die Partei``)."""
    role = leading_role_subject(region)
    if role is not None:
        yield role
        return
    words = region.split()
    if len(words) < 2:
        return
    low = words[0].lower()
    if words[0][:1].isupper() and low not in _FRONT_ADVERB and low not in _LONE_FRONT and low not in _OBJECT_ARTICLES:
        sp = _leading_subject(region)
        head = (sp.name if sp is not None and sp.name and sp.name in region else sp.phrase) if sp is not None else ""
        if sp is not None and head in region and _has_verb(region[region.find(head) + len(head):].split()):
            yield sp
    verb = 0 if words[0][:1].islower() else 1 if (low in _LONE_FRONT or low in _FRONT_ADVERB and low not in _ALL_PREPOSITIONS) \
        and words[1][:1].islower() else _fronted_verb(words)
    after = _after_fronted(region) or (" ".join(words[verb + 1:]) if verb or words[0][:1].islower() else "")
    sp = _after_verb_subject(after) if after else None
    if sp is not None:
        yield sp


class OwnClause:
    """A mixin of :class:`.extraction.QuoteExtractor` (it uses ``_typed``, ``_known`` and ``speaker_kind``)."""

    def _own_sentence_speaker(self, text: str, o: int, c: int, framed: bool) -> Optional[Speaker]:
        """A cue in the quote's own sentence (not a pronoun), else, when ``framed``
        (a whole quoted sentence that would continue the speaker before), the
        subject of a clause that frames it."""
        s_start = _sentence_start(text, o)
        sent = _masked_sentence(text, s_start, _sentence_end(text, c), o, c)
        cue = _sentence_cue(sent, o - s_start, self._known, self._typed)
        if cue is not None and cue.phrase.lower() not in _PRONOUNS:
            return cue
        return self._frame_owner(sent, o - s_start, c - s_start) if framed else None

    def _frame_owner(self, sent: str, rel_o: int, rel_c: int) -> Optional[Speaker]:
        """The typed subject of a clause of the quote's own (masked) sentence
        that frames the reported clause it stands in, before or after it; None
        when there is none, or it is a pronoun or a role only the lexicon types
        (``die Anwohner``)."""
        rejected = self._rejected
        after = after_frame(sent, rel_o, rel_c)
        try:
            for cands in [(after,) if after else ()] + [region_subjects(r) for r in frame_regions(sent, rel_o)]:
                for cand in cands:
                    sp = self._typed(cand)
                    if sp is None or sp.phrase.lower() in _PRONOUNS:
                        continue
                    kind = self.speaker_kind(sp)
                    if kind in _SPEAKING_KINDS and not (kind == "role" and lexicon_role(sp.name or sp.phrase)):
                        return sp
            return None
        finally:
            self._rejected = rejected

    def _colon_subject(self, clause: str) -> Optional[Speaker]:
        """The typed subject right after the finite verb of a colon introduction
        that puts an object or adverb of one to three words first (``Scharfe
        Kritik übte die Gewerkschaft:``, ``Dem widersprach X:``), tried when no cue
        of the introduction named one. The verb is told by HanTa's German model."""
        words = clause.split()
        k = next((i for i, w in enumerate(words[:4]) if w[:1].islower()), None)
        if k is None or k == 0 or k + 1 >= len(words) or not finite_verb(words[k]) \
                or any(w[-1:] in ",;" for w in words[:k]):
            return None
        nxt = words[k + 1]
        if not (nxt[:1].isupper() or nxt in ("der", "die", "das", "ein", "eine")):
            return None
        rejected = self._rejected
        try:
            sp = self._typed(_after_verb_subject(" ".join(words[k + 1:])))
        finally:
            self._rejected = rejected
        if sp is None or sp.phrase.lower() in _PRONOUNS or self.speaker_kind(sp) not in _SPEAKING_KINDS:
            return None
        return sp
