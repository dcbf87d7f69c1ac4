"""The speaker a cue in a (quote-masked) sentence names: ``wie X sagte``,
``zitiert X mit den Worten``, ``für X ist``, ``so X``, ``laut X``,
``nach Angaben von X``, ``heißt es in X``, ``X zufolge``, ``wird … zitiert``
and the subject of a speech verb in either word order."""
from __future__ import annotations

import re
from typing import Callable, Iterator, Optional

from .clauses import _apposition_start, _skip_after_verb, _np_head, _np_head_keep, _np_lead, _np_tail
from .frames import leading_role_subject, nominative_role
from .phrases import Speaker, _is_name_token, analyse_phrase
from .speakers import phrase_kind
from .vocabulary import (
    _SPEECH_NOUN_OF_RE, _POSSESSIVES, _COMES_FROM_RE, _SPLIT_SPEECH_RE, _STANCE_RE, _ALL_PREPOSITIONS,
    _GEN_SOURCE_RE, _SAY_RE,
    _ADVERB_END_RE, _ARTICLE_RE, _AUX, _CITE_WORDS_RE, _COMMA_AUX_RE, _CTX_LAUT_RE, _CTX_SO_RE, _CTX_VERB_RE,
    _CTX_ZUFOLGE_RE, _DETERMINERS, _FOCUS, _FRONT_ADVERB, _FUER_RE, _HEISST_RE, _OBJECT_ARTICLES, _OBJECT_START,
    _PASSIVE_CITE_RE, _POSS_VIEW_RE, _PREPOSITIONS, _PRONOUNS, _SOURCE_PP_RE, _WIE_SAID_RE, _BY_SOURCE_RE,
)
from .statements import _VIEW_RE, document_owner, opinion_holder, share_subject


def _sentence_cue(sent: str, rel_o: int, known: frozenset = frozenset(),
                  accept: Optional[Callable[[Speaker], Optional[Speaker]]] = None) -> Optional[Speaker]:
    """The speaker a cue in the (quote-masked) sentence names, if any: a
    phrase that names a source (``wie X sagte``, ``laut X``), a source without
    a verb (``heißt es in X``, ``X zufolge``), else the subject of the speech
    verb nearest before the quote (``rel_o``).

    With ``accept`` (which returns the speaker it keeps, or None), a candidate
    it rejects (``die offizielle Sprachregelung``) gives way to the next cue
    (``laut der Nachrichtenagentur``) instead of ending the search."""
    for sp in _cue_candidates(sent, rel_o, known):
        got = accept(sp) if accept is not None else sp
        if got is not None:
            return got
    return None


def _cue_candidates(sent: str, rel_o: int, known: frozenset) -> Iterator[Speaker]:
    if _said_in_clause(sent, rel_o):
        # "In der Fraktion sagte die Kanzlerin einigen Teilnehmern zufolge: „…“":
        # the subject of the verb of saying spoke; laut/zufolge name who reports it
        yield from _speech_verb_subject(sent, rel_o, known)
    yield from _source_phrase(sent, rel_o)
    yield from _laut_cue(sent, rel_o)
    yield from _source_without_verb(sent)
    yield from _speech_verb_subject(sent, rel_o, known)


#: Participles of verbs of saying (``soll X gesagt haben``).
_SAID_PARTICIPLE_RE = re.compile(r"\b(?:gesagt|geäußert|erklärt|geschrieben|gerufen|gefordert|gewarnt|betont|gefragt)\b")


def _said_in_clause(sent: str, rel_o: int) -> bool:
    """A verb of saying stands before the quote in its clause (no semicolon
    or colon between), ahead of a ``laut``/``zufolge`` cue in the same clause
    or after a wie-clause that names who reported it."""
    start = max(sent.rfind(";", 0, rel_o), sent.rfind(":", 0, max(0, rel_o - 2))) + 1
    clause = sent[start:rel_o]
    says = [m.start() for m in _SAY_RE.finditer(clause) if m.group() not in ("laut", "zufolge")]
    says += [m.start() for m in _SAID_PARTICIPLE_RE.finditer(clause)]
    wie = _WIE_SAID_RE.search(clause)
    if wie and any(at >= wie.end() for at in says):
        return True  # "Wie die Zeitung berichtete, soll X zu Y gesagt haben:"
    cues = [m.start() for m in _CTX_LAUT_RE.finditer(clause)] + [m.start() for m in _CTX_ZUFOLGE_RE.finditer(clause)]
    return bool(cues) and any(at < min(cues) for at in says)


def _source_phrase(sent: str, rel_o: int) -> Iterator[Speaker]:
    """``wie X sagte,``, ``zitiert X mit den Worten``, ``Für X ist``, ``so X``,
    ``seiner Meinung nach``, ``laut X`` / ``nach Angaben von X``."""
    m = _WIE_SAID_RE.search(sent)
    if m and m.end() <= rel_o and not any(m.end() <= f.start() < rel_o for f in _CTX_LAUT_RE.finditer(sent)):
        # (a laut-cue between the wie-clause and the quote is nearer: it wins)
        # "Wie der Minister am Dienstag erklärte, sieht die Regierung …": the
        # subject of the wie-clause said it, not the subject of the main clause
        np = m.group("np")
        if "," in np:
            # "Wie der Vorsitzende Richter, Ottmar Breidling, ausführte": the name in apposition
            named = analyse_phrase(np.split(",")[1], single_ok=False)
            if named is not None and named.name:
                yield Speaker(named.phrase, named.name, named.role or _np_head(np.split(",")[0]) or None)
        sp = analyse_phrase(_np_head(np))
        if sp is not None:
            yield sp
    m = _CITE_WORDS_RE.search(sent)
    if m:
        # "Der Spiegel zitiert den Prediger mit den Worten „…“"
        sp = analyse_phrase(m.group("np"))
        if sp is not None:
            yield sp
    holder = opinion_holder(sent, rel_o)
    if holder is not None:
        yield holder  # "… war für die Verbände „…“" (nearer than "Für X ist" at the start)
    m = _FUER_RE.search(sent)
    if m and m.end() <= rel_o:
        # "Für den Minister Karl Probe ist die Lage „alarmierend“": the opinion holder
        sp = analyse_phrase(m.group("np"))
        if sp is not None and (sp.name or phrase_kind(sp.phrase)):
            yield sp
    m = _CTX_SO_RE.search(sent)
    if m:
        sp = analyse_phrase(_np_head(m.group("rest")))
        if sp:
            yield sp
    m = _SPEECH_NOUN_OF_RE.search(sent)
    if m and m.end() <= rel_o:
        # "Auf den Vorwurf der CDU, es handele sich um einen „…“": the one
        # the speech noun belongs to
        sp = analyse_phrase(m.group("np"))
        yield sp if sp is not None and sp.name else Speaker(m.group("np"), None, None)
    m = _POSS_VIEW_RE.search(sent)
    if m:
        # "Seiner Meinung nach …", "nach ihren Worten": the person before
        yield Speaker("er" if "sein" in m.group().lower() else "sie", None, None)


def _laut_cue(sent: str, rel_o: int = -1) -> Iterator[Speaker]:
    """``laut X``, ``nach (den) Angaben/Worten X``, with a name in apposition
    after the role (``nach den Worten der Sprecherin, Gisela Piltz,``)."""
    k = _COMES_FROM_RE.search(sent)
    if k:
        # "Kritik kommt vom Berliner Fahrgastverband IGEB, der … als „…“ sieht"
        sp = analyse_phrase(k.group("np"))
        yield sp if sp is not None and sp.name else Speaker(_np_lead(k.group("np")) or k.group("np"), None, None)
    g = _GEN_SOURCE_RE.search(sent)
    if g:
        # "Nach Schäubles Idee soll …": the person of the genitive
        sp = analyse_phrase(g.group("gen")[:-1])
        if sp is not None and sp.name:
            yield sp
    found = list(_CTX_LAUT_RE.finditer(sent))
    if not found:
        yield from document_owner(sent, rel_o)
        return
    # the cue nearest before the quote ("Nach Angaben X soll …, die nach Bewertung von Y „…“")
    near = [f for f in found if 0 <= rel_o and f.start() < rel_o]
    m = near[-1] if near else found[0]
    rest = re.sub(r"^(?:von|vom|seitens)\s+", "", m.group("rest"))  # "nach Bewertung von Polizei"
    if rest[:1] in "„»\"“":
        return  # "Laut „Reuters“ …": the medium's name is masked; no name further on is the source
    sp = analyse_phrase(rest.split(" sei")[0]) if rest else None
    if sp and sp.name:
        yield sp
    appo = re.match(r",\s+([^,;:]{3,60}),", sent[m.end():])
    if appo:
        # "Nach den Worten der Sprecherin der Fraktion, Gisela Piltz, fehle es …"
        named = analyse_phrase(appo.group(1), single_ok=False)
        if named is not None and named.name:
            yield Speaker(named.phrase, named.name, named.role or re.sub(r"^(?:der|des|dem)\s+", "", rest.strip()))
    lead = _np_lead(rest)
    if lead and not lead.split()[0][:1].islower() or len(lead.split()) >= 2:
        sp = analyse_phrase(lead) or Speaker(lead, None, None)
        yield sp


def _source_without_verb(sent: str) -> Iterator[Speaker]:
    """``In der Meldung heißt es``, ``X zufolge``, ``wird … zitiert``."""
    m = _HEISST_RE.search(sent)
    if m:
        # "In der Meldung heißt es: …", "Aus Paris hieß es, …", "Von Greenpeace hieß es": the source
        cl_start = max(sent.rfind(";", 0, m.start()), sent.rfind(":", 0, m.start())) + 1
        pp = _SOURCE_PP_RE.search(sent[cl_start:m.start()]) or _SOURCE_PP_RE.search(sent[m.end():m.end() + 120])
        by = _BY_SOURCE_RE.match(sent[cl_start:m.start()].strip() + " ") if pp is None else None
        if by:
            sp = analyse_phrase(by.group("np"))
            yield sp if sp is not None and sp.name else Speaker(by.group("np"), None, None)
        if pp:
            yield Speaker(pp.group("np"), None, None)
            if pp.group().strip()[:3].lower() == "aus":  # a place or body the statement came from
                yield Speaker("aus " + pp.group("np"), None, None)
    m = _CTX_ZUFOLGE_RE.search(sent)
    if m:
        np = re.split(r"[,.;:\n]", sent[max(0, m.start() - 120):m.start()])[-1]
        art = list(re.finditer(r"\b(?:dem|der|den|einem|einer)\s", np))
        if art:
            np = np[art[-1].start():]  # "X zufolge" takes the dative: "waren dem Bericht zufolge"
        sp = analyse_phrase(_np_tail(np))
        if sp:
            yield sp
    m = _PASSIVE_CITE_RE.search(sent)
    if m:
        rest = m.group("rest").split()
        if rest and rest[0].lower() not in _PREPOSITIONS and rest[0].lower() not in ("von", "mit", "wie"):
            sp = analyse_phrase(_np_head(" ".join(rest[:8])))
            if sp:
                yield sp
        sp = _leading_subject(sent[:m.start()].strip(" ,"))
        if sp:
            yield sp


def _speech_verb_subject(sent: str, rel_o: int, known: frozenset) -> Iterator[Speaker]:
    """The subject of the speech verb nearest before the quote (else the first
    one): before the verb, after it when something else comes first, the
    first half of a coordination, or the subject of ``…, hatte X gesagt``."""
    # the finite stem of a split verb of saying counts too ("führt der Bericht aus, …")
    split = [s for s in _SPLIT_SPEECH_RE.finditer(sent) if s.end() <= rel_o]
    split += [s for s in _STANCE_RE.finditer(sent) if s.end() <= rel_o]
    split += [s for s in _VIEW_RE.finditer(sent) if s.end() <= rel_o]
    verbs = sorted(list(_CTX_VERB_RE.finditer(sent)) + split, key=lambda x: x.start())
    if not verbs:
        return
    before = [v for v in verbs if v.start() < rel_o]
    # a verb of saying beats a light verb after it ("bezeichnete …, in dem
    # es nur 26 Fouls gab, als „…“")
    saying = [v for v in before if v in split or _SAY_RE.fullmatch(v.group()) or _SAID_PARTICIPLE_RE.fullmatch(v.group())]
    v = saying[-1] if saying else before[-1] if before else verbs[0]
    # the clause the verb is in: after a semicolon, colon, or an earlier
    # quotation closed by a comma ("X nannte es „…“, Y bezeichnete …")
    earlier = _CLOSED_QUOTE_COMMA_RE.finditer(sent, 0, min(v.start(), rel_o))
    cl_start = max(sent.rfind(";", 0, v.start()), sent.rfind(":", 0, v.start()),
                   max((q.end() - 1 for q in earlier), default=-1)) + 1
    pre = sent[cl_start:v.start()]
    post = sent[v.end("stem") if v in split else v.end():v.end() + 200]
    sub = _subordinate_subject(sent, cl_start, v, rel_o)
    if sub is not None:
        # "…, weil die Regierung X als „…“ bezeichnet hat", "Während Shakira
        # erklärte, …", "ein Kommentar, der … als „…“ bezeichnet": a verb at the
        # end of a subordinate clause has that clause's subject
        yield sub
    own = _own_clause(sent, cl_start, v, verbs)
    if own:
        # "X wies das zurück, die Sprecherin, Name, erklärte:": the clause after
        # the comma that closes the main clause before has its own subject
        sp = _leading_subject(own)
        if sp is not None and sp.name:
            yield sp
    m = _COMMA_AUX_RE.search(pre)
    if m:
        # "Sie wisse, dass …, hatte Koch-Mehrin damals gesagt"
        sp = analyse_phrase(_np_head(m.group("rest")))
        if sp is not None and sp.name:
            yield sp
    if re.search(r"\sund\s*$", pre):
        yield from _coordination_subject(pre)
    yield from share_subject(pre)
    sp = _verb_subject(pre, post, known)
    if pre.rstrip().endswith(",") and (sp is None or sp.name is None or (
            len(sp.name.split()) == 1 and sp.name.lower() not in known and not sp.role)):
        # (a bare capitalised first word of the clause before is no subject:
        # "Sollten sie …, so gebe es …, schreibt der Verband")
        # a verb first in its clause after a comma: "…, sagte die Königin"
        after = _after_verb_subject(post)
        if after is not None and (after.name or after.phrase.split()[0].lower() in ("der", "die")):
            yield after
    if sp is not None:
        yield sp


#: The start of a subordinate clause: a conjunction at the start of the
#: sentence or after a comma, or a relative pronoun in the nominative after a comma.
_SUBORDINATE_RE = re.compile(
    r"(?:^\s*|,\s+)(?:(?P<conj>dass|ob|weil|nachdem|während|obwohl|wenn|sobald|indem|falls|zumal)"
    r"|(?P<rel>der|die|das|welche|welcher|welches))\s+", re.IGNORECASE)
#: What may follow the verb at the end of a subordinate clause.
_CLAUSE_FINAL_RE = re.compile(
    r"^(?:\s+(?:hat|hatte|hätte|habe|haben|hatten|ist|war|sei|wird|wurde|werde|worden|werden|wurden|sind|waren|"
    r"soll|sollte|will|wollte|kann|konnte|muss|musste|habe))*\s*(?:[,.;:!?]|$)")


def _subordinate_subject(sent: str, cl_start: int, v, rel_o: int) -> Optional[Speaker]:
    """The subject of verb ``v`` when it ends a subordinate clause with no
    comma between the clause's start and the verb: the noun phrase after the
    conjunction (``dass die Regierung X als „…“ bezeichnet hat``), or the
    antecedent of a relative pronoun (``ein Kommentar, der … als „…“
    bezeichnet``)."""
    tail = sent[v.end():v.end() + 60]
    if not _CLAUSE_FINAL_RE.match(tail):
        return None
    starts = [m for m in _SUBORDINATE_RE.finditer(sent, cl_start, v.start()) if "," not in sent[m.end():v.start()]]
    if not starts:
        return None
    m = starts[-1]
    saying = _SAY_RE.fullmatch(v.group()) or _SAID_PARTICIPLE_RE.fullmatch(v.group()) or v.group().startswith(("frag", "gefragt"))
    if not saying and not m.end() <= rel_o < v.start():
        return None  # a light verb (hielten) speaks only for a quote inside its clause
    if m.group("rel"):
        if m.start() == cl_start or not sent[m.start()].startswith(","):
            return None
        antecedent = _antecedent(sent[cl_start:m.start()])
        return analyse_phrase(antecedent) if antecedent else None
    words = sent[m.end():v.start()].split()
    while words and words[0].lower() in _FOCUS:
        words.pop(0)
    if not words or words[0].lower() in _ALL_PREPOSITIONS or words[0].lower() in _OBJECT_START:
        return None
    return analyse_phrase(_np_head(" ".join(words[:8])))


def _antecedent(text: str) -> str:
    """The noun phrase that ends ``text`` before a relative clause, from its
    last article and without a trailing verb (``erschien ein Kommentar``,
    ``musste ein Zettel kleben`` -> ``ein Kommentar``, ``ein Zettel``)."""
    words = _np_tail(text).split()
    arts = [i for i, w in enumerate(words) if _ARTICLE_RE.match(w)]
    if arts:
        words = words[arts[-1]:]
    while len(words) > 1 and words[-1][:1].islower():
        words.pop()
    return " ".join(words)


#: Verbs that say where words are written: ``In dem Entwurf steht der Passus:``.
_WRITTEN_RE = re.compile(r"\b(?:steht|stand|stehen|standen|lautet|lautete|lauten|lauteten|"
                         r"(?:fand|findet|fanden|finden)\s+sich)\b")
#: A relative clause of place at the end of an intro: ``ein Zettel, auf dem geschrieben stand``.
_WHERE_REL_RE = re.compile(r",\s+(?:auf|in|an|unter)\s+(?:dem|der|denen|welchem|welcher)\s+[^,;:]*$")


def written_source(clause: str) -> Optional[Speaker]:
    """The text a colon intro with a verb of being written names: the
    antecedent of ``auf dem``/``in dem`` (``ein Zettel, auf dem geschrieben
    stand:``) or the place phrase (``In dem Gesetzentwurf steht der Passus:``)."""
    m = _WRITTEN_RE.search(clause)
    if not m:
        return None
    rel = _WHERE_REL_RE.search(clause)
    if rel:
        ante = _antecedent(clause[:rel.start()])
        return Speaker(ante, None, None) if ante else None
    pp = _SOURCE_PP_RE.search(clause)
    return Speaker(pp.group("np"), None, None) if pp else None


def _coordination_subject(pre: str) -> Iterator[Speaker]:
    """The subject of the first half of ``X … und VERB``: the second verb shares it."""
    # "… befand X den Angriff als gerechtfertigt und nannte ihn „…“": the
    # second verb shares the subject of the first half
    half = pre.rstrip()[:-3].rsplit(",", 1)[-1].split()
    if len(half) > 1 and half[0][:1].islower() and half[0] not in _ALL_PREPOSITIONS:
        # "Als …, biss der Randalierer den Fluggast und rief:": the first
        # half starts with its verb, its subject follows
        after = _after_verb_subject(" ".join(half[1:]))
        if after is not None:
            yield after
    elif half and half[0].lower() in _ALL_PREPOSITIONS:
        # "Auf den Dienst Twitter zeigte sich die Regierung bestürzt und
        # verurteilte": the subject follows the verb after the fronted phrase
        verb = _fronted_verb(half)
        after = _after_verb_subject(" ".join(half[verb + 1:])) if verb else None
        if after is not None:
            yield after
        return
    # "Der Innenminister gratulierte Bürgermeisterin X und sagte": the role before the verb, not its object
    role = leading_role_subject(" ".join(half))
    first = role or (analyse_phrase(pre.rstrip()[:-3], single_ok=False) if "," not in pre[-60:] else None)
    if first is not None and (first.name or first is role):
        yield first


def _fronted_verb(words: list[str]) -> int:
    """The index of the finite verb after a fronted prepositional phrase: the
    first lower-case word that is no article, preposition or adjective after
    an article (0 when there is none)."""
    for i in range(1, min(len(words), 12)):
        w, prev = words[i], words[i - 1].lower()
        if w[:1].islower() and not _ARTICLE_RE.match(w) and w not in _ALL_PREPOSITIONS \
                and not _ARTICLE_RE.match(prev) and prev not in _ALL_PREPOSITIONS:
            return i
    return 0


def _own_clause(sent: str, cl_start: int, v, verbs) -> str:
    """The text before verb ``v`` after the comma that follows an earlier verb
    in its clause, when something stands there (``…zurück, die Sprecherin,
    Sandra Boser, erklärte``); empty when there is no such comma."""
    prior = [u for u in verbs if cl_start <= u.start() and u.end() <= v.start()]
    if not prior:
        return ""
    comma = sent.find(",", prior[-1].end(), v.start())
    if comma < 0:
        return ""
    own = sent[comma + 1:v.start()].strip()
    return own if len(own.split()) >= 2 else ""


#: An earlier quotation closed by a comma or a coordinating "und"/"sowie".
_CLOSED_QUOTE_COMMA_RE = re.compile(r"[“”«»\"](?:,|\s+und\b|\s+sowie\b)")


def _after_verb_subject(post: str) -> Optional[Speaker]:
    words = post.split()
    words = _skip_after_verb(words)
    if words and words[0].lower() not in _PREPOSITIONS and words[0].lower() not in _OBJECT_START and (
            words[0][:1].isupper() or _ARTICLE_RE.match(words[0]) or words[0].lower() in _POSSESSIVES):
        return _head_with_apposition(words)
    return None


def _head_with_apposition(words: list[str]) -> Optional[Speaker]:
    """The noun phrase that starts ``words``; a role phrase followed by a name
    in commas (``der Ministerpräsident des Landes, Christian Wulff (CDU),``)
    gives the name with the role."""
    head = _np_head(" ".join(words[:8]))
    sp = analyse_phrase(head)
    rest = " ".join(words[:24])
    # (the comma after the name is often left out: "…, Volker Beck das Pontifikat")
    m = re.match(re.escape(head) + r"\s*,\s+([^,;:]{3,60}?)(?:\s+\([^()]{1,30}\))?"
                 r"(?:\s*,|(?=\s+(?:das|den|die|der|dem|ein|eine|einen)\s))", rest) if head else None
    if m and (sp is None or not sp.name or sp.role) and head.split()[0].lower() in ("der", "die", "des", "ein", "eine") \
            and phrase_kind(head) == "role":
        named = analyse_phrase(m.group(1), single_ok=False)
        if named is not None and named.name and len(named.name.split()) >= 2:
            role = re.sub(r"^(?:der|die|des|ein|eine)\s+", "", head, flags=re.IGNORECASE)
            return Speaker(named.phrase, named.name, named.role or role)
    return sp


def _verb_subject(pre: str, post: str, known: frozenset = frozenset()) -> Optional[Speaker]:
    """Who is the subject of a verb with ``pre`` before and ``post`` after it?

    German puts one constituent before the finite verb: the subject
    (``Die Ministerin sagte``) or something else, and then the subject follows
    the verb (``Dazu sagte die Ministerin``, ``Über X sagte Branson``)."""
    words = pre.split()
    while words and words[0].lower() in _FOCUS:
        words.pop(0)
    after_words = post.split()
    after_words = _skip_after_verb(after_words)
    after = None
    if after_words and after_words[0].lower() not in _PREPOSITIONS and after_words[0].lower() not in _OBJECT_START and (
            after_words[0][:1].isupper() or after_words[0].lower() in _PRONOUNS or _ARTICLE_RE.match(after_words[0])
            or after_words[0].lower() in _POSSESSIVES or after_words[1:2] == ["Prozent"]):
        after = _head_with_apposition(after_words) or (Speaker(after_words[0], None, None)
                                                        if after_words[0].lower() in _PRONOUNS else None)
    if not words:
        return after
    first = words[0].strip(",").lower()
    if first == "der" and len(words) > 2 and re.fullmatch(r"[a-zäöüß\-]+en", words[1]) and words[2][:1].isupper():
        # "Der englischsprachigen Zeitung sagte X": dative or genitive, not the subject
        return after
    # an object first ("Den Flüchtlingen sicherte Präsident X zu", "Dem Sender sagte er"): the subject follows
    fronted = (first in _FRONT_ADVERB or first in _OBJECT_ARTICLES
               or not words[0][:1].isupper() and not _ARTICLE_RE.match(words[0])
               and first not in _PRONOUNS and first not in _DETERMINERS and words[1:2] != ["Prozent"])
    if not fronted and len(words) > 1 and (words[1].lower() in _PREPOSITIONS or words[1] == "zu") and first not in known \
            and _ADVERB_END_RE.search(first):
        fronted = True  # "Passend zu …"
    if fronted and len(words) >= 3:
        # "Zwar hatte Verteidiger X … betont": the subject follows the auxiliary
        for i, w in enumerate(words[1:4], 1):
            if w.lower() in _AUX and i + 1 < len(words):
                nxt = words[i + 1]
                if nxt[:1].isupper() or _ARTICLE_RE.match(nxt) and nxt.lower() not in _OBJECT_START:
                    sp = analyse_phrase(_np_head(" ".join(words[i + 1:i + 9])))
                    if sp is not None:
                        return sp
                break
    if len(words) == 1 and not fronted and not _ARTICLE_RE.match(words[0]):
        # one capitalised word: a name only when the release names it in full
        # ("Relativierend", "Derzeit" are not)
        fronted = first not in known and (_ADVERB_END_RE.search(first) is not None or not _is_name_token(words[0]))
    if not fronted:
        cand = _leading_subject(" ".join(words))
        if cand is not None:
            if cand.name is None and after is not None and after.name and not nominative_role(cand) and (
                    cand.phrase.lower() in _PRONOUNS or len(after.name.split()) >= 2 or after.role):
                return after  # "Der Zeitung sagte Karl Probe": a name after the verb is its subject
            return cand
    return after


def _leading_subject(pre: str) -> Optional[Speaker]:
    """The subject a clause starts with, a name in its apposition preferred:
    ``Der Leiter des Amtes, Klaus Beispiel, sagte`` -> Klaus Beispiel."""
    words = pre.split()
    if not words or words[0].lower() in _FRONT_ADVERB:
        return None
    parts = pre.split(",")[:3]
    first: Optional[Speaker] = None
    for i, part in enumerate(parts):
        part = part.strip()
        if not part or (i and len(part.split()) > 14):
            break  # (the first part is read from its start however long: its head is the subject)
        if i and not _apposition_start(part.split()):
            break  # a relative clause or the verb: "Der Ermittler, der als Zeuge gilt, will …"
        sp = analyse_phrase(part if i else _np_head_keep(part))
        if sp and sp.name:
            return sp
        if i == 0:
            first = sp
    if first is None and len(words) <= 14:
        first = analyse_phrase(pre)
    return first
