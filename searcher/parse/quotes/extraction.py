"""The extractor: each quotation span attributed by the cues around it, typed,
resolved and returned as :class:`searcher.models.Quote`."""
from __future__ import annotations

import re
from typing import Iterable, Optional

from ...models import Quote
from .clauses import (
    _adverb_only, _after_fronted, _mask_quotes, _masked_sentence, _np_head, _np_tail, _opens_sentence, _sentence_end, _sentence_start,
    _skip_after_verb,
)
from . import chooser as _chooser
from .coreference import Coreference, split_leading_noun
from .frames import leading_role_subject
from .own_clause import OwnClause
from .after_source import inverted_subject, source_after
from .cues import _SAID_PARTICIPLE_RE, _leading_subject, _sentence_cue, written_source
from .indirect import indirect_quotes
from .marks import MAX_SPANS, _MARK_RE, _trim_end, quote_spans
from .persons import SpeakerTypes
from .reported import reported_person
from .phrases import Speaker, analyse_phrase
from .speakers import noun_kind, phrase_head, phrase_kind, trim_phrase
from .titles import _in_quote_list, _sentence_like, is_label
from .statements import intro_agent, noun_of_saying, passive_agent, statement_of
from .vocabulary import (
    _MEDIUM_RE, _SENTENCE_BREAK_RE, _SPEAKING_KINDS, ROLE_RE, _ADMIT_RE, _AFTER_AUX_RE, _AFTER_HEISST_RE, _AFTER_RE,
    _ALL_PREPOSITIONS, _ARTICLE_RE, _CLAUSE_VERB_RE, _COLON_END_RE, _COORD_TAIL_RE, _CTX_VERB_RE, _AFTER_WIE_RE,
    _DAS_SAID_RE, _FRONTED_PHRASE_RE, _FRONT_ADVERB, _PASSIVE_AGENT_RE,
    _PHRASE_STOP_RE, _PREPOSITIONS, _PRONOUNS, _SAY_RE, _SOURCE_PP_RE, _SUBJ_RE, _VON_PP_RE,
)


_COORDINATED_RE = re.compile(r"\b(?:und|sowie|oder)\b")
#: A sentence that opens with a subordinate clause: its finite verb comes last, the main clause follows.
_FRONTED_SUBORDINATE_RE = re.compile(r"\s*(?:Während|Nachdem|Als|Obwohl|Weil|Bevor|Sobald|Indem)\s")
_MAIN_VERB_NEXT_RE = re.compile(r"\s*,\s*[a-zäöüß]+\s")


class QuoteExtractor(OwnClause, Coreference, SpeakerTypes):
    """Find quotes in the texts of one release; resolve speakers across them."""

    def __init__(self, texts: Iterable[str], exclude_names: Iterable[str] = (), chooser: Optional[str] = None,
                 collect: Optional[list] = None):
        """``chooser``: ``"rules"`` (the first cue that names a speaker) or
        ``"learned"`` (every cue's candidate scored by the model of
        :mod:`.chooser`); None takes :data:`.chooser.DEFAULT_CHOOSER`. An explicit
        ``"learned"`` raises :class:`.chooser.SpeakerModelError` when the model
        file is missing or broken; the default falls back to the rules then,
        with a warning. ``collect``: a list that receives ``(start, end,
        candidates)`` for each attributed direct quote (for training)."""
        self._model = _chooser.pick_model(chooser)
        self._collect = collect
        self._texts = tuple(texts)
        self._registry = None  # the _NameRegistry of the texts, made on first use (_names)
        self._known_tokens = None
        self._exclude = {n.lower() for n in exclude_names if n}
        self._exclude_last = {n.split()[-1].lower() for n in exclude_names if n and n.split()}
        self.last_person: Optional[Speaker] = None
        self._rejected = False
        self._roles: dict[str, str] = {}

    # -- public --
    def extract(self, text: str, field: str = "body") -> list[Quote]:
        quotes: list[Quote] = []
        # Attribution costs a few regex searches per span; a real release has
        # dozens. Cap it so a file full of quotation marks stays fast.
        spans = (quote_spans(text) if _MARK_RE.search(text) else [])[:MAX_SPANS]
        prev_speaker: Optional[Speaker] = None
        prev_end = -1
        self._last_quote_speaker: Optional[Speaker] = None
        self._last_quote_end = -1
        for idx, (o, c, closed) in enumerate(spans):
            inner_start, inner_end = o + 1, c
            while inner_start < inner_end and text[inner_start].isspace():
                inner_start += 1
            inner_end = _trim_end(text, inner_start, inner_end)
            while inner_end > inner_start and text[inner_end - 1] in ", \t\n":
                inner_end -= 1
            if inner_end <= inner_start:
                continue
            inner = text[inner_start:inner_end]
            if is_label(text, o, c, inner_start, inner_end):
                continue
            speaker = self._typed(self._attribute(text, o, c + (1 if closed else 0), inner))
            sentence_like = _sentence_like(inner)
            if speaker is None:
                # a cue or a framing clause in the quote's own sentence beats carrying over the speaker before
                speaker = self._own_sentence_speaker(text, o, c, sentence_like and prev_speaker is not None)
            if speaker is None and sentence_like and prev_speaker is not None:
                gap = text[prev_end:o]
                # the same paragraph, or the next one when it opens with the
                # quote right after the previous paragraph's closing quote
                if ("\n\n" not in gap or not gap.strip(" \t\n.")) and len(gap) < 200 \
                        and not _CLAUSE_VERB_RE.search(gap):
                    speaker = prev_speaker
            if speaker is None:
                speaker = self._typed(self._context_speaker(text, o, c + (1 if closed else 0), inner))
            if speaker is None and self._rejected:
                speaker = self._next_candidate(text, o, prev_speaker, prev_end)
            self._rejected = False
            if speaker is None:
                continue
            speaker = _chooser.rechoose(self, text, o, c + (1 if closed else 0), inner, speaker, prev_speaker, prev_end)
            speaker = self._reported_by_medium(text, o, c, speaker)
            if speaker.name is None and speaker.phrase.lower() in _PRONOUNS:
                speaker = self._previous_person(text, o, speaker.phrase) or speaker
            speaker = self._resolve(speaker)
            if speaker is None or self.weak_role(text, o, c, speaker, sentence_like):
                continue
            if speaker.name:
                speaker = split_leading_noun(speaker)
            kind = self.speaker_kind(speaker)
            quotes.append(Quote(inner, self.shown(text[:o], speaker, kind), speaker.role, inner_start, inner_end, "direct", field, kind))
            prev_speaker, prev_end = speaker, c + 1
            self._last_quote_speaker, self._last_quote_end = speaker, c + 1
        quotes.extend(indirect_quotes(self, text, field, spans))
        quotes.sort(key=lambda q: q.start)
        return quotes

    def _reported_by_medium(self, text: str, o: int, c: int, speaker: Speaker) -> Speaker:
        """``speaker`` unless it is a medium reporting a person's speech act
        (``Die Zeitung schreibt, X habe … „…“ vorgeworfen``): then X."""
        if self.speaker_kind(speaker) != "media":
            return speaker
        s_start = _sentence_start(text, o)
        sent = _masked_sentence(text, s_start, _sentence_end(text, c), o, c)
        return reported_person(sent, o - s_start, self.is_person) or speaker

    def _typed(self, sp: Optional[Speaker]) -> Optional[Speaker]:
        """``sp`` when it can speak (a name, or a phrase of a typed kind), else None."""
        if sp is None:
            return None
        self._rejected = True
        if sp.name:
            sp = split_leading_noun(self._first_of_two(sp))
        if sp.name:
            if self._name_ok(sp.name, sp.role) and (
                    self.is_person(sp.name, sp.role) or noun_kind(sp.name.split()[-1]) or len(sp.name.split()) == 1):
                self._rejected = False
                return sp
            sp = Speaker(trim_phrase(sp.phrase), None, sp.role)
        if phrase_kind(sp.phrase):
            self._rejected = False
            return sp
        head = phrase_head(sp.phrase)
        if head and head.lower() in self._known:
            self._rejected = False
            # "Laut Berg": a surname that is also a noun, of a full name the release writes
            return Speaker(sp.phrase, head, sp.role) if sp.phrase.strip() == head else sp
        return None

    def _next_candidate(self, text: str, o: int, prev: Optional[Speaker], prev_end: int) -> Optional[Speaker]:
        """When every cue's candidate was no speaker: the subject the quote's
        sentence starts with, else the speaker of the quote before in the
        same paragraph."""
        start = _sentence_start(text, o)
        sp = self._typed(_leading_subject(_mask_quotes(text[start:o])))
        if sp is not None:
            return sp
        if prev is not None and prev_end >= 0 and "\n\n" not in text[prev_end:o] and o - prev_end < 600:
            return prev
        return None

    # -- attribution --
    def _attribute(self, text: str, o: int, c: int, inner: str) -> Optional[Speaker]:
        if o > 0 and text[o - 1] == "(":
            # "…, Mohammed ElBaradei („Mir fällt niemand ein.“), …": the name before the bracket
            tail = _np_tail(_mask_quotes(text[_sentence_start(text, o):o - 1]))
            whole = analyse_phrase(tail, single_ok=False) if tail else None
            if whole is not None and whole.name:
                return whole
        sp = self._fronted_clause_speaker(text, o, c)
        if sp is not None:
            return sp
        sp = self._cue_after(text, c, _opens_sentence(text, o))
        if sp is not None:
            return sp
        start = _sentence_start(text, o)
        before = text[start:o]
        if not before.strip():
            # "… sagt Name:\n„…“": the intro ends the line before
            k = start
            while k > 0 and text[k - 1].isspace():
                k -= 1
            if k > 0 and text[k - 1] == ":" and o - k < 4:
                start = _sentence_start(text, k - 1)
                before = text[start:o]
        if _COLON_END_RE.search(before):
            return self._colon_intro(before)
        if before.strip():
            # a speech verb earlier in the same sentence: "X sagte, … „…“"
            masked = _mask_quotes(before)
            if _SAY_RE.search(masked):
                sp = _sentence_cue(masked, len(masked), self._known, self._typed)
                if sp is not None:
                    return sp
            return self._typed(self._phrase_before(before, _SAY_RE, strict=True))
        return None

    def _fronted_clause_speaker(self, text: str, o: int, c: int) -> Optional[Speaker]:
        """A quote that ends a fronted subordinate clause with a verb of saying,
        right before the main clause's finite verb (``Während X erklärte, …,
        „…“, räumte Y ein``; ``Nachdem X gefragt hatte, „…“, antwortete Y``), is
        that clause's: the cue after it is the main clause's. None when the
        sentence opens otherwise or the main clause started before the quote."""
        before = text[_sentence_start(text, o):o]
        if not _FRONTED_SUBORDINATE_RE.match(before) or ":" in before or not _MAIN_VERB_NEXT_RE.match(text, c):
            return None
        masked = _mask_quotes(before)
        if not (_SAY_RE.search(masked) or _SAID_PARTICIPLE_RE.search(masked)):
            return None
        return _sentence_cue(masked, len(masked), self._known, self._typed)

    def _colon_intro(self, before: str) -> Optional[Speaker]:
        """The speaker a colon introduction (``before``, ending in the colon) names."""
        clause = before.rstrip()[:-1]
        masked = _mask_quotes(clause)
        m = _COORD_TAIL_RE.search(masked)
        sp = None
        if m and not _CLAUSE_VERB_RE.search(m.group("np")):
            # "…, und der norwegische Ministerpräsident Jens Stoltenberg: „…“"
            whole = analyse_phrase(m.group("np"), single_ok=False)
            sp = self._typed(whole) if whole and whole.name else None
        if sp is None:
            # "A wurde von B kritisiert:", "A erhielt von B die Antwort:": B speaks
            sp = intro_agent(masked, _PASSIVE_AGENT_RE.search(masked), self._typed)
        if sp is None:
            sp = _sentence_cue(masked, len(masked), self._known, self._typed)
        if sp is None:
            short = clause.rsplit(",", 3)[-1] if clause.count(",") > 2 else clause
            sp = self._typed(self._phrase_before(short, _CLAUSE_VERB_RE))
        if sp is None:
            sp = self._typed(written_source(masked))
        if sp is None:
            sp = self._typed(_leading_subject(masked))
        if sp is None and clause.split()[:1] and clause.split()[0].lower() not in _ALL_PREPOSITIONS:
            # "Höhnisch, wohl auf das Echo reagierend, veröffentlichte der
            # Verfasser folgenden Kommentar:": the subject after the verb
            m = _FRONTED_PHRASE_RE.match(masked.strip())
            sp = self._typed(analyse_phrase(_np_head(m.group("rest")))) if m else None
        if sp is None:
            # "In einem Bericht, der … erschien, verteidigte das Ministerium die Aktion:"
            # (two subjects joined by "und" name no single speaker)
            head = _np_head(_after_fronted(masked))
            sp = self._typed(analyse_phrase(head)) if head and not _COORDINATED_RE.search(head) else None
        if sp is None:
            sp = self._only_person(masked) or self._colon_subject(masked.strip())
        return sp

    def _cue_after(self, text: str, c: int, starts_sentence: bool = True) -> Optional[Speaker]:
        """The speaker a cue right after the quote names (``„…“, sagte X``,
        ``„…“, heißt es in X``, ``„…“, hatte X erklärt``, ``„…“. Das musste X
        einräumen``); ``c`` is just after the closing mark."""
        after = text[c:c + 260]
        nl = after.find("\n")
        if nl >= 0:
            after = after[:nl]
        m = _AFTER_RE.match(after)
        if m and (m.group("so") or m.group("verb")):
            sp = self._typed(self._phrase_after(m.group("rest")))
            if sp:
                return sp
        m = _AFTER_WIE_RE.match(after)
        if m:
            # "„…“, wie Hoyzer von Spiegel-Online zitiert wird": the wie-clause's subject
            np = re.split(r"\s+(?:von|vom|gegenüber|in|im|bei|laut)\s+", m.group("np"))[0]
            sp = self._typed(analyse_phrase(_np_head(np)))
            if sp is not None:
                return sp
        m = _DAS_SAID_RE.match(text[c:c + 260]) if starts_sentence else None
        sp = statement_of(m.group("rest"), self._typed) if m else None
        if sp is not None:
            return sp  # "„…“ Das ist die zentrale Aussage einer Studie": whose statement it is
        if m and (_CTX_VERB_RE.search(m.group("rest")) or _ADMIT_RE.search(m.group("rest"))):
            # "„Ja, es gibt Zumutungen“. Das musste der Minister einräumen."
            words = m.group("rest").split()[1:9]
            cut = next((i for i, w in enumerate(words) if w in _ALL_PREPOSITIONS), len(words))
            words = words[:cut]
            sp = self._typed(analyse_phrase(_np_head(" ".join(words)))) if words else None
            if sp is not None:
                return sp
        m = _AFTER_HEISST_RE.match(after)
        if m:
            # "„…“, heißt es dazu in einer Mitteilung des Vereins", "„…“, hieß es aus Paris"
            pp = _SOURCE_PP_RE.match(" " + m.group("rest")) or _VON_PP_RE.match(m.group("rest"))
            if pp:
                sp = analyse_phrase(pp.group("np"))
                sp = self._typed(sp if sp is not None and sp.name else Speaker(pp.group("np"), None, None))
                if sp is not None:
                    return sp
        m = _AFTER_AUX_RE.match(after)
        if m:
            # "„…“, hatte VW-Chef Beispiel in einem Interview erklärt"
            sp = self._typed(self._phrase_after(m.group("rest")))
            if sp:
                return sp
        # "„…“, strich X heraus" (any finite verb), "„…“, laut X.", "„…“ (X)."
        return inverted_subject(after, self._typed, self._phrase_after) or source_after(after, self._typed)

    def _phrase_after(self, rest: str) -> Optional[Speaker]:
        words = rest.split()
        words = _skip_after_verb(words)
        rest = " ".join(words)
        m = _MEDIUM_RE.match(rest)
        if m:
            # "schrieb „Die Zeit“", "schreibt die „Computerwoche“"; "zitiert
            # die „Computerwoche“ Lynch": the person the medium quotes
            named = analyse_phrase(_np_head(rest[m.end():])) if rest[m.end():m.end() + 1] == " " else None
            if named is not None and named.name and self.is_person(self._names.fullest(named.name), named.role):
                return named
            return Speaker(m.group().strip(), None, None)
        stop = _PHRASE_STOP_RE.search(rest)
        phrase = rest[:stop.start()] if stop else rest
        phrase = phrase.strip(" ,")
        if not phrase:
            return None
        head, sep, tail = phrase.partition(",")
        sp = analyse_phrase(head)
        if sp is None or sp.name is None:
            # "der Oberkommandierende General …, General George Casey"
            whole = analyse_phrase(phrase, single_ok=False)
            if whole and whole.name:
                return whole
            return sp
        if sep and not sp.role:
            first_tail = tail.split()[:1]
            if first_tail and (ROLE_RE.search(first_tail[0].lower().strip(",")) or _ARTICLE_RE.match(first_tail[0])):
                end = re.search(r"[.;!?]\s|[.;!?]$|\n", rest[len(head) + 1:])
                role = rest[len(head) + 1:len(head) + 1 + (end.start() if end else len(rest))].strip(" ,")
                return Speaker(head.strip(), sp.name, role or None)
        return sp

    def _phrase_before(self, clause: str, verb_re: re.Pattern, strict: bool = False) -> Optional[Speaker]:
        clause = clause.strip()
        if not clause:
            return None
        verbs = list(verb_re.finditer(clause))
        if verbs:
            v = verbs[-1]
            after_v = clause[v.end():]
            words = after_v.split()
            words = _skip_after_verb(words)
            after = None
            if words and words[0].lower() not in _PREPOSITIONS and (
                    words[0][:1].isupper() or words[0].lower() in _PRONOUNS or _ARTICLE_RE.match(words[0])):
                # "sagte Filep Karma" / "erklärte er" / "sagte der Sprecher"
                after = analyse_phrase(_np_head(" ".join(words[:8])))
            subject = _np_tail(clause[:v.start()])
            before = analyse_phrase(subject) if subject else None
            # A name wins; an article phrase after the verb is usually its
            # object ("nannte den Bericht"), so the subject before it wins then.
            # A name that fills the whole field before the verb is its subject,
            # and the name after the verb its object ("Netanyahu nannte
            # Trumps Auftrag „…“").
            pre_words = clause[:v.start()].split()
            subject_first = leading_role_subject(clause[:v.end()])
            if subject_first is not None:
                return subject_first  # "Der Innenminister dankte Bürgermeisterin Anna Kluge:": the name is the object
            first = (before,) if before and before.name and subject and len(subject.split()) == len(pre_words) else ()
            for sp in first + (after, before):
                if sp and sp.name:
                    return sp
            if after and after.phrase.lower() in _PRONOUNS:
                return after
            if before:
                return before
            if after and after.phrase.split()[0].lower() in ("der", "die", "ein", "eine"):
                return after
            return None
        if strict or len(clause.split()) > 10:
            return None
        return self._verbless_intro(clause)

    def _verbless_intro(self, clause: str) -> Optional[Speaker]:
        """An introduction without a speech verb before a colon: a name (``Name, Role:``), an article
        and role noun, an adverb (and verb) and subject, a fronted phrase, or the clause's last noun phrase."""
        words = clause.split()
        if len(words) >= 2 and _adverb_only(words[0]) and (words[1][:1].isupper() or _ARTICLE_RE.match(words[1])):
            return self._verbless_intro(" ".join(words[1:]))  # "Dazu Kowalczyk:", "Abschließend der Minister:"
        subject = leading_role_subject(clause)
        if subject is not None:
            return subject  # "Der Innenminister gratulierte Bürgermeisterin Anna Kluge:": not the object
        whole = analyse_phrase(clause, single_ok=False)
        if whole is not None and whole.name:
            return whole  # "Name, Role:" / "Name fasst das Projekt zusammen:"
        if len(words) >= 2 and words[0].lower() in ("ein", "eine", "der", "die") and ROLE_RE.search(words[1].lower().strip(",")):
            return Speaker(" ".join(words[:2]).strip(","), None, None)  # "Ein Hauptkommissar nach der Festnahme:"
        if len(words) >= 3 and _adverb_only(words[0]) and words[1][:1].islower() and not _ARTICLE_RE.match(words[1]):
            # "Hier sparte der Präsident nicht mit Kritik:": adverb, verb, then the subject
            sp = self._typed(analyse_phrase(_np_head(" ".join(words[2:10]))))
            if sp is not None:
                return sp
        m = _FRONTED_PHRASE_RE.match(clause)
        if m:
            # "Auf das Echo reagierend, veröffentlichte der Verfasser einen Kommentar:"
            sp = self._typed(analyse_phrase(_np_head(m.group("rest"))))
            if sp is not None:
                return sp
        subject = _np_tail(clause)
        if not subject:
            return None
        lead = clause[:len(clause.rstrip()) - len(subject)].split()
        if lead and lead[-1].lower() in _ALL_PREPOSITIONS:
            return None  # the noun after a preposition is no subject ("mit Kritik:")
        return analyse_phrase(subject)

    # -- speaker from the sentence and the discourse --
    def _context_speaker(self, text: str, o: int, c: int, inner: str) -> Optional[Speaker]:
        """A quote with no cue next to it: a cue elsewhere in its sentence
        (``X begründete das mit einer „…“``, ``laut X``, ``X zufolge``), else
        the speaker of the reported speech it stands in (a subjunctive
        sentence or a whole quoted sentence continues the previous speaker)."""
        s_start = _sentence_start(text, o)
        s_end = _sentence_end(text, c)
        sent = _masked_sentence(text, s_start, s_end, o, c)
        rel_o = o - s_start
        sp = _sentence_cue(sent, rel_o, self._known, self._typed)
        if sp is not None:
            if sp.name is None and sp.phrase.lower() in _PRONOUNS:
                prev = self._previous_speaker(text, s_start)
                return prev or sp
            return sp
        reported = _SUBJ_RE.search(sent) is not None
        sp = noun_of_saying(sent, rel_o, self._typed) if _sentence_like(inner) else None
        if sp is not None:
            return sp  # "In der Zeitung fand sich die Feststellung „…“"
        if sent[:rel_o].strip() and not reported and _sentence_like(inner) and not _in_quote_list(text, o, c) \
                and not _SENTENCE_BREAK_RE.search(inner):
            # a cue inside the quote's own clause beats carrying over the
            # speaker before: "Der Bundespräsident konstatierte eine „…“";
            # it must be a typed speaker, not a sentence adverb ("Ausgerechnet")
            sp = self._clause_subject(sent, rel_o, inner)
            if sp is not None and self.speaker_kind(sp) in _SPEAKING_KINDS:
                return sp
        if reported:
            # "Es wurde von seinem Bruder die Vermutung geäußert, man wolle „…“":
            # the agent of a passive verb of saying before the quote
            m = _PASSIVE_AGENT_RE.search(sent[:rel_o])
            sp = passive_agent(sent, m, self._typed) if m else None
            if sp is not None:
                return sp
        if _sentence_like(inner) or reported or not sent[:rel_o].strip():
            # a clause of its own sentence that frames it beats carrying a speaker over
            return self._frame_owner(sent, rel_o, c - s_start) or self._carried_speaker(text, o, s_start, reported)
        if ", dass" in sent[:rel_o]:
            main = sent[:sent.find(", dass")]
            sp = _leading_subject(main)
            if sp is None or sp.name is None:
                whole = analyse_phrase(main, single_ok=False)
                sp = whole if whole and whole.name else sp
            return sp
        return self._clause_subject(sent, rel_o, inner)

    def _carried_speaker(self, text: str, o: int, s_start: int, reported: bool) -> Optional[Speaker]:
        """The speaker of a quote with no cue by it: the subject owning its ``dass`` clause, else the
        one carried over: of the sentences before, of the last quote, a person named as subject
        before, or (in reported speech) the person last named."""
        sp = self._complement_owner(_mask_quotes(text[s_start:o]), o - s_start, reported)
        sp = sp or self._previous_speaker(text, s_start)
        if sp is None and self._last_quote_speaker is not None and o - self._last_quote_end < 1500:
            sp = self._last_quote_speaker
        if sp is None:
            sp = self._previous_subject(text, s_start)
        if sp is None and reported:
            # reported speech: the person last named in it or just before,
            # when the release introduced them with a role or form of address
            sp = self._previous_person(text, o)
            if sp is not None and not self._introduced(sp.name or ""):
                sp = None
        return sp

    def _clause_subject(self, sent: str, rel_o: int, inner: str) -> Optional[Speaker]:
        """No cue at all: the typed subject the quote's clause starts with
        (``Meteorologen rechnen mit „…“``, ``Das Amt empfiehlt einen „…“``).
        One- and two-word labels need a cue (``die Aktion „Sauberer Park“``)."""
        m = _PASSIVE_AGENT_RE.search(sent)
        if m:
            return passive_agent(sent, m, self._typed)
        if len(inner.split()) < 3:
            return None
        prev = sent[:rel_o].split()[-1:]
        if prev and (prev[0][:1].isupper() or re.fullmatch(r"[a-zäöüß]+(?:enen|ierten|ten)", prev[0])):
            return None  # a name of a thing: "die Hauptursache „…“", "des 2009 gegründeten „…“"
        cl_start = max(sent.rfind(";", 0, rel_o), sent.rfind(":", 0, rel_o), sent.rfind("\n", 0, rel_o)) + 1
        clause = sent[cl_start:rel_o]
        if not clause.strip() or clause.lstrip()[:1].islower():
            return None
        words = clause.split()
        if len(words) < 2:
            return None
        head = " ".join(words[:8])
        sp = _leading_subject(head) if words[0].lower() not in _FRONT_ADVERB else None
        sp = self._typed(sp)
        if sp is not None and sp.phrase.lower() not in _PRONOUNS:
            return sp
        return None
