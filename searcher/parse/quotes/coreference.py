"""Who ``er``, ``sie`` and ``der Minister`` stand for.

:class:`Coreference` is the discourse part of :class:`.extraction.QuoteExtractor`:
it keeps the person last named (``last_person``), resolves a speaker to the
fullest name the release writes and that person's role, resolves pronouns by
gender and role nouns by :class:`.entities.RoleIndex`, carries the speaker
of reported speech across the (at most three) sentences before a quote, and
finds the one person a colon introduction names as its subject, and the
subject of the main clause a quote's ``dass`` clause belongs to.
It expects ``_texts`` and ``_registry`` (from which ``_names``, a
:class:`.phrases._NameRegistry`, is made on first use), ``_roles``,
``_exclude``, ``_exclude_last``, ``last_person`` and the ``_last_quote_*``
fields the extractor sets.
"""
from __future__ import annotations

import re
from typing import Optional

from .clauses import _mask_quotes, _masked_sentence, _sentence_end, _sentence_start, _sentences_before
from .cues import _leading_subject, _sentence_cue
from .entities import gender_of
from .phrases import Speaker, _clean_role, _NameRegistry, analyse_phrase
from ._first_names import FIRST_NAMES
from .speakers import lexicon_noun, lexicon_role, noun_kind, phrase_head
from .vocabulary import ROLE_RE, SPEECH_VERB_RE, _ALL_PREPOSITIONS, _ARTICLE_RE, _CAP_WORD_RE, _PARTICLES, _PRONOUNS, _SPEAKING_KINDS, _SUBJ_RE


#: A run of capitalised words (a name and what comes with it).
_CAP_RUN_RE = re.compile(r"[A-ZÄÖÜ][\w\-]+(?:\s+[A-ZÄÖÜ][\w\-]+){0,3}")


def _governed(before: list[str]) -> bool:
    """The name after the words ``before`` is no subject: it follows a
    preposition (``mit Anna Muster``) or is a genitive after a noun (``einer
    Rede der Abgeordneten Filiz Polat``), skipping a role noun and an article."""
    words = list(before[-3:])
    if words and ROLE_RE.search(words[-1].lower()) and words[-1][:1].isupper():
        words.pop()
    if words and words[-1].lower() in ("des", "der") and len(words) >= 2 and words[-2][:1].isupper():
        return True
    if words and _ARTICLE_RE.match(words[-1]):
        words.pop()
    return bool(words) and words[-1].lower() in _ALL_PREPOSITIONS


class Coreference:
    """Discourse memory of one release (mixed into the extractor)."""

    @property
    def _names(self) -> _NameRegistry:
        """The full names the texts write, read on first use: a release whose
        quotation marks and cues give no speaker candidate never needs them."""
        if self._registry is None:
            self._registry = _NameRegistry(self._texts)
        return self._registry

    @property
    def _known(self):
        """The name tokens the texts write (see :meth:`_NameRegistry.tokens`)."""
        if self._known_tokens is None:
            self._known_tokens = self._names.tokens()
        return self._known_tokens

    def _only_person(self, clause: str) -> Optional[Speaker]:
        """The one person a colon introduction without a cue names, by a name
        the release writes in full (``Bei der Debatte hatte sich Pieper zu
        dem Zwischenruf hinreißen lassen:``); None when it names none or
        several."""
        found: set = set()
        for m in _CAP_RUN_RE.finditer(clause):
            full = self._names.fullest(m.group().split()[-1])
            if len(full.split()) >= 2 and full.lower() in self._names.full_names() and self.is_person(full) \
                    and not _governed(clause[:m.start()].split()):
                found.add(full)
                if len(found) > 1:
                    return None
        if not found:
            return None
        name = found.pop()
        return Speaker(name, name, None)

    def _complement_owner(self, sent: str, rel_o: int, reported: bool = False) -> Optional[Speaker]:
        """The typed subject of the main clause when the quote stands in its
        ``dass`` clause (a cue in the quote's own sentence beats carrying), or,
        in reported speech, in the clause after a comma that a main clause in
        the indicative frames, whatever its verb (``Der Minister bedauerte, die
        Beamten hätten „…“``)."""
        cut = sent.rfind(", dass", 0, rel_o)
        framed = False
        if cut < 0 and reported:
            first = sent.find(", ")
            if 0 < first < rel_o and not _SUBJ_RE.search(sent[:first]):
                cut, framed = sent.rfind(", ", 0, rel_o), True
        if cut < 0 or max(sent.rfind(";", 0, rel_o), sent.rfind(":", 0, rel_o)) > cut:
            return None
        sp = self._typed(_leading_subject(sent[:cut]))
        if sp is None or sp.phrase.lower() in _PRONOUNS or self.speaker_kind(sp) not in _SPEAKING_KINDS:
            return None
        if framed and self.speaker_kind(sp) == "role" and lexicon_role(sp.name or sp.phrase):
            return None  # a role the lexicon alone types ("die Anwohner") frames no quote without a cue
        return sp

    def _resolve(self, sp: Speaker) -> Optional[Speaker]:
        if sp.name:
            full = self._names.fullest(sp.name)
            if full.lower() in self._exclude or (len(full.split()) == 1 and full.lower() in self._exclude_last):
                return None
            role = _clean_role(sp.role) or self._roles.get(full) or self._names.roles.role_of(full)
            if role:
                self._roles.setdefault(full, role)
            sp = Speaker(sp.phrase, full, role)
            self.last_person = sp
            return sp
        if sp.phrase.lower() in _PRONOUNS:
            if not self._fits(sp.phrase, self.last_person):
                return sp
            last = self.last_person
            if last is not None and last.name and not last.role:
                last = Speaker(last.phrase, last.name, self._names.roles.role_of(last.name))
            return last
        words = sp.phrase.split()
        if 1 <= len(words) <= 3 and (words[0].lower() in ("der", "die") or len(words) == 1):
            # "der Bundespräsident" after "Bundespräsident Horst Köhler"
            got = self._names.roles.resolve(phrase_head(sp.phrase))
            if got is not None:
                sp = Speaker(sp.phrase, got[0], got[1])
                self.last_person = sp
        return sp


    def _fits(self, pronoun: str, sp: Optional[Speaker]) -> bool:
        """``er`` never stands for a woman, ``sie`` never for a man (when the
        release tells their gender by a role or a form of address)."""
        if sp is None or not sp.name:
            return sp is not None
        g = self._names.gender.get(sp.name) or gender_of((sp.role or "").split()[-1] if sp.role else "")
        p = pronoun.lower()
        return not ((p == "er" and g == "f") or (p == "sie" and g == "m"))

    def _previous_person(self, text: str, pos: int, pronoun: str = "") -> Optional[Speaker]:
        """Who ``er``/``sie`` before ``pos`` stands for: the first person the
        release names in full mentioned in the sentence (before ``pos``) or one
        of the two sentences before it, within the paragraph."""
        end = pos
        start = _sentence_start(text, max(0, pos - 1)) if pos > 0 else 0
        for _ in range(3):
            sent = _mask_quotes(text[start:end])
            cut = sent.rfind("\n\n")
            if cut >= 0:
                sent = sent[cut:]
            unknown = None  # the first person whose gender the release does not tell
            for m in _CAP_WORD_RE.finditer(sent):
                full = self._names.fullest(m.group())
                if len(full.split()) >= 2 and full.lower() in self._names.full_names() and self.is_person(full) \
                        and self._fits(pronoun, Speaker(m.group(), full, None)):
                    if not pronoun or self._names.gender.get(full):
                        return Speaker(m.group(), full, None)
                    unknown = unknown or Speaker(m.group(), full, None)
            if unknown is not None:
                return unknown  # a person told to be of the pronoun's gender beats one of unknown gender
            if cut >= 0 or start <= 0:
                break
            end = start
            start = _sentence_start(text, max(0, end - 1))
            if start >= end:
                break
        return None

    def _introduced(self, name: str) -> bool:
        """The release introduces ``name`` as a person: with a role or a form
        of address, or by naming them more than once (a capitalised pair at a
        sentence start, ``Lautstarkes Klopfen``, is none)."""
        return bool(self._names.roles.role_of(name) or self._names.gender.get(name)
                    or self._names.mentions(name) > 1)

    def _previous_subject(self, text: str, pos: int) -> Optional[Speaker]:
        """A person named as the subject of one of the three sentences before."""
        for start, end in _sentences_before(text, pos):
            sent = _mask_quotes(text[start:end])
            head = []
            for w in sent.split()[:8]:
                if not (w[:1].isupper() or _ARTICLE_RE.match(w) or w in _PARTICLES):
                    break
                head.append(w)
            sp = analyse_phrase(" ".join(head)) if head else None
            if sp is not None and sp.name and self._names.fullest(sp.name).lower() in self._names.full_names() \
                    and self._introduced(self._names.fullest(sp.name)):
                return sp
        return self.last_person

    def _previous_speaker(self, text: str, pos: int) -> Optional[Speaker]:
        """The speaker of one of the (at most three) sentences before ``pos``,
        or of the last attributed quote when it is near."""
        for start, end in _sentences_before(text, pos):
            sent = _mask_quotes(text[start:end])
            if sent.count("\n\n") > 1:
                break
            sp = _sentence_cue(sent, len(sent), self._known)
            if sp is not None and sp.phrase.lower() not in _PRONOUNS:
                return sp
            if self._last_quote_end > start and self._last_quote_speaker is not None:
                return self._last_quote_speaker
        return None

    def weak_role(self, text: str, o: int, c: int, sp: Speaker, sentence_like: bool) -> bool:
        """A speaker typed only by the lexicon (``der Anrufer``, ``Unbekannte``)
        attributes no word or title in marks (``einem abholenden „Kollegen“``)
        and nothing in a sentence without a verb of saying outside the marks."""
        if self.speaker_kind(sp) != "role" or not lexicon_role(sp.name or sp.phrase):
            return False
        sent = _masked_sentence(text, _sentence_start(text, o), _sentence_end(text, c), o, c)
        return not sentence_like or not SPEECH_VERB_RE.search(sent)

    def shown(self, before: str, sp: Speaker, kind: str) -> str:
        """The speaker as a quote shows it: the name, or for ``die Partei``
        the organisation it stands for in the text ``before`` the quote."""
        if kind == "organisation" and not sp.name:
            return organisation_antecedent(before, sp) or sp.phrase
        return sp.name or sp.phrase

    def _first_of_two(self, sp: Speaker) -> Speaker:
        """``Anelka zu Domenech``: when the words on both sides of a particle
        are each the surname of another full name in the release, the
        particle is a preposition and the speaker the first of the two."""
        toks = sp.name.split()
        for i, t in enumerate(toks[1:-1], 1):
            if t not in ("zu", "von", "vom"):
                continue
            before, after = " ".join(toks[:i]), " ".join(toks[i + 1:])
            full_before, full_after = self._names.fullest(before), self._names.fullest(after)
            if full_before != before and full_after != after and full_before != full_after:
                return Speaker(sp.phrase, before, sp.role)
        return sp


#: ``die Partei``, ``das Ministerium``: a definite article and an organisation noun.
_DEFINITE_ORG_RE = re.compile(r"(?i:der|die|das)\s+(?P<head>[A-ZÄÖÜ][a-zäöüß]+)")
#: A mention that can name an organisation: an acronym after its article
#: (``die SPD``), or capitalised adjectives, a noun and a ``für``/genitive
#: tail (``Die Grüne Partei``, ``Bundesministerium für Gesundheit``).
_ORG_MENTION_RE = re.compile(
    r"\b(?:(?P<art>(?i:der|die|das|dem|den|des))\s+)?(?P<acro>[A-ZÄÖÜ][A-Za-zÄÖÜ]{0,2}[A-ZÄÖÜ][A-ZÄÖÜ0-9]{0,5})\b"
    r"|(?P<name>(?:(?!(?:Der|Die|Das|Dem|Den|Des)\s)[A-ZÄÖÜ][a-zäöüß]+(?:e|en|er|es)\s+)*(?P<noun>[A-ZÄÖÜ][a-zäöüß]+)"
    r"(?:\s+(?:für|der|des)\s+[A-ZÄÖÜ][\wäöüß\-]+(?:\s+(?:und\s+)?[A-ZÄÖÜ][\wäöüß\-]+)?)?)")
#: Organisation nouns general enough to stand for a body named by an acronym.
_GENERIC_ORGS = {"partei": "f", "organisation": "f", "gewerkschaft": "f", "gruppe": "f", "behörde": "f",
                 "verband": "m", "verein": "m", "konzern": "m", "unternehmen": "n"}
_ARTICLE_GENDER = {"der": "m", "die": "f", "das": "n"}


def organisation_antecedent(text: str, sp: Speaker) -> Optional[str]:
    """The name of the organisation ``die Partei`` or ``das Ministerium``
    stands for: the latest mention in ``text`` (what comes before the quote)
    of a body whose noun ends with the phrase's head and is longer than it or
    has a name with it (``Bundesministerium für Gesundheit``, ``Grüne
    Partei``), or, for a general noun (``Partei``, ``Verband``), an acronym
    written with an article of the same gender (``die SPD``)."""
    m = _DEFINITE_ORG_RE.fullmatch(sp.phrase.strip())
    if m is None or noun_kind(m.group("head")) != "organisation":
        return None
    head = m.group("head").lower()
    gender = _ARTICLE_GENDER[sp.phrase.split()[0].lower()]
    found = None
    for mm in _ORG_MENTION_RE.finditer(text[-3000:]):
        if mm.group("acro"):
            art = (mm.group("art") or "").lower()
            if _GENERIC_ORGS.get(head) == gender and art and (
                    _ARTICLE_GENDER.get(art) == gender or gender == "f" and art == "der"):
                found = mm.group("acro")
            continue
        name, noun = mm.group("name"), mm.group("noun").lower()
        if noun.endswith(head) and (len(noun) > len(head) + 2 or len(name.split()) > 1):
            found = name if noun_kind(mm.group("noun")) == "organisation" else found
    return found


def split_leading_noun(sp: Speaker) -> Speaker:
    """A common noun that starts a name is its role, or the document that
    quotes the person after ``von``: ``Schriftsteller Musa Okwanga`` ->
    Musa Okwanga (role Schriftsteller), ``Parlaments Alain Lamassoure`` ->
    Alain Lamassoure, ``Zitat von Schröder`` -> Schröder. Only long nouns
    count (a given name is seldom eight letters and a noun kind)."""
    toks = sp.name.split() if sp.name else []
    if len(toks) >= 3 and toks[1] in ("von", "vom") and toks[2][:1].isupper() \
            and noun_kind(toks[0]) != "role" and lexicon_noun(toks[0]):
        return Speaker(sp.phrase, " ".join(toks[2:]), sp.role)  # "Zitat von Schröder": a common noun, then the name
    if len(toks) >= 3 and toks[1].lower() in FIRST_NAMES and toks[0].lower() not in FIRST_NAMES \
            and toks[0] not in _PARTICLES:
        # a word before a first name is no part of the name: "Galt Josef Alois Ratzinger"
        role = sp.role or (toks[0] if noun_kind(toks[0]) == "role" else None)
        return Speaker(sp.phrase, " ".join(toks[1:]), role)
    if len(toks) < 2 or len(toks[0]) < 8:
        return sp
    kind = noun_kind(toks[0])
    if kind is None:
        return sp
    rest = toks[1:]
    if rest[0] in ("von", "vom") and len(rest) > 1 and kind in ("document", "role"):
        rest = rest[1:]  # "Fazit von Sandra Boser", "Betreiber von …" keeps the role
        if kind == "role":
            return sp
    elif kind != "role" and (len(rest) < 2 or not toks[0].endswith("s")):
        return sp  # "Nachrichtenagentur Reuters", "Nachrichtenseite Business Insider": a body, kept whole
    if not rest[0][:1].isupper() or (len(rest) == 1 and rest[0].endswith("s")):
        return sp  # "Oberrabbiner Israels": a role of a place, no name
    return Speaker(sp.phrase, " ".join(rest), sp.role or (toks[0] if kind == "role" else None))


#: Words of foreign names of bodies, media and places: no person's name has them.
_THING_WORDS = frozenset("the of and for united agency street times news post press daily".split())


def thing_kind(name: str) -> Optional[str]:
    """``organisation``/``media`` for a name that names a body or medium
    (``The Daily Telegraph``, ``Stuttgarter Nachrichten``,
    ``Nachrichtenagentur Reuters``, ``Militärjunta Thailands``), ``""`` for
    another thing, None for a name that can be a person's."""
    toks = name.split()
    if len(toks) == 2 and toks[1].endswith("s") and len(toks[0]) >= 8 and noun_kind(toks[0]) == "role":
        return "role"  # "Oberrabbiner Israels", "Staatsoberhaupt Neuseelands"
    if any(t.lower() in _THING_WORDS for t in toks):
        return noun_kind(toks[-1]) or "organisation"
    for i, t in enumerate(toks):
        kind = noun_kind(t)
        if kind in ("organisation", "media") and (i < len(toks) - 1 or len(t) >= 9 or len(toks) == 1):
            return kind
    return None
