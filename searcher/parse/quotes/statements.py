"""Cues that name a statement, a view or a finding rather than a verb of
saying: a view held (``sind 37 Prozent der Auffassung``), an opinion holder
(``… war für die Verbände „…“``), a noun of saying before the quote (``die
Feststellung „…“``), a finding named after it (``„…“ Das ist die Aussage
einer Studie``), the agent of a passive (``es wurde von X geäußert``) and a
share of people as a subject (``37 Prozent``), and the owner of a statement or
document after ``nach`` (``Nach der Ankündigung der Ministerin``). Patterns and the small steps
that read them; the attribution order lives in :mod:`.extraction` and
:mod:`.cues`."""
from __future__ import annotations

import re
from typing import Callable, Iterator, Optional

from .phrases import Speaker, analyse_phrase
from .clauses import _np_lead
from .speakers import noun_kind, phrase_kind
from .vocabulary import _VON_AGENT_RE

Typed = Callable[[Speaker], Optional[Speaker]]


#: A view held, with its subject inside or before (``sind 37 Prozent der
#: Auffassung``, ``Die Befragten teilen die Meinung``); ``stem`` is the finite verb.
_VIEW_RE = re.compile(
    r"\b(?P<stem>ist|sind|war|waren|teilt|teilen|teilte|teilten)\s+(?:[^\s.,;:„“]+\s+){0,4}?(?:der|die|diese)\s+"
    r"(?:[a-zäöüß]+en\s+)?(?:Meinung|Ansicht|Auffassung|Überzeugung|Einschätzung)\b")

#: The opinion holder after the verb, right before the quote: ``die
#: Kürzung war für die Verbände (in Hessen) „…“``.
_FUER_AFTER_RE = re.compile(
    r"\b(?:ist|sei|war|wäre|sind|seien|waren|bleibt|bleibe)\s+(?:[a-zäöüß]+\s+){0,2}?für\s+"
    r"(?P<np>(?:(?:den|die|das|dem)\s+)?(?:[a-zäöüß\-]+(?:e|en|er|es|em)\s+){0,2}[A-ZÄÖÜ][\w\-]+(?:\s+[A-ZÄÖÜ][\w\-]+){0,3})"
    r"(?:\s+(?:in|aus)\s+[A-ZÄÖÜ][\w\-]+)?(?:\s+(?:nur|nichts\s+als|schlicht|eindeutig|klar|ganz|ein|eine|einen))?\s*$")


#: A noun of saying right before the quote it names (``fand sich die
#: Feststellung „…“``, ``in der Behauptung zu finden „…“``).
_SPEECH_NOUN_BEFORE_RE = re.compile(
    r"(?P<np>\b(?:die|der|diese|dieser|eine|einer|seine|seiner|ihre|ihrer)\s+(?:[a-zäöüß]+e[nr]?\s+)?"
    r"(?:Feststellung|Behauptung|Aussage|Äußerung|Erklärung|Einschätzung|Warnung|Mahnung|Zusage))"
    r"(?:\s+zu\s+(?:finden|lesen))?\s*$")
#: A place in a text or medium where words stand: ``In der Zeitung``, ``auf der Website``.
_IN_SOURCE_RE = re.compile(r"\b(?:[Ii]n|[Ii]m|[Aa]uf)\s+(?P<np>(?:der|dem|einer|einem|seiner|ihrer)\s+"
                           r"(?:[a-zäöüß]+e[nmr]?\s+)?[A-ZÄÖÜ][\w\-]+)")


#: ``„…“ Das ist die zentrale Aussage einer Studie``: the quote named as
#: a statement or finding of the genitive after it.
_DAS_IS_STATEMENT_RE = re.compile(
    r"^(?:ist|war|sind|waren)\s+(?:die|das|der)\s+(?:[a-zäöüß]+e\s+)?"
    r"(?:Aussage|Kernaussage|Botschaft|Kernbotschaft|Fazit|Ergebnis|Urteil|Bilanz|Schluss|Forderung|Einschätzung)\s+"
    r"(?P<np>(?:des|der|eines|einer)\s+(?:[a-zäöüß]+e[nmrs]?\s+){0,2}[A-ZÄÖÜ][\w\-]+(?:\s+[A-ZÄÖÜ][\w\-]+){0,3})")


#: ``nach der Ankündigung der Ministerin``, ``Nach einem Bericht des Spiegel``:
#: ``nach`` and a noun (typed by :func:`.speakers.noun_kind`), then its owner.
_NACH_NOUN_OF_RE = re.compile(r"\b[Nn]ach\s+(?:der|dem|den|einer|einem)\s+(?:[a-zäöüß]+e[nmr]?\s+)?"
                              r"(?P<noun>[A-ZÄÖÜ][\w\-]+)\s+(?P<np>(?:des|der|eines|einer|von|vom)\s+[^,.;:\n]{2,80})")


def document_owner(sent: str, rel_o: int) -> Iterator[Speaker]:
    """The owner of a statement or document a ``nach`` phrase before the quote
    names as its source (``Nach der Ankündigung der Ministerin soll …``): the
    noun must be one of statements and documents, so ``nach der Festnahme des
    Mannes`` names no source."""
    for m in _NACH_NOUN_OF_RE.finditer(sent, 0, rel_o if rel_o >= 0 else len(sent)):
        if noun_kind(m.group("noun")) != "document":
            continue
        lead = _np_lead(re.sub(r"^(?:von|vom)\s+", "", m.group("np")))
        if lead:
            yield analyse_phrase(lead) or Speaker(lead, None, None)
        return


def opinion_holder(sent: str, rel_o: int) -> Optional[Speaker]:
    """The holder of the view a quote gives, right before it (``… war für
    die Verbände „…“``), when it can speak."""
    m = _FUER_AFTER_RE.search(sent, 0, rel_o) if rel_o > 0 else None
    sp = analyse_phrase(m.group("np")) if m else None
    return sp if sp is not None and (sp.name or phrase_kind(sp.phrase)) else None


def passive_agent(sent: str, m: re.Match, typed: Typed) -> Optional[Speaker]:
    """The von-agent of a passive frame ``m`` that can speak: "Seine Werke
    werden von Kritikern als „…“ bezeichnet"; "wird die Gefahr von Bränden
    vom Wetterdienst als „…“ eingestuft": the von-phrase nearest the
    participle (one before it often belongs to a noun: "Gefahr von Bränden")."""
    for a in reversed(list(_VON_AGENT_RE.finditer(sent, m.start("np") - 5, m.end()))):
        sp = analyse_phrase(a.group("np"))
        sp = typed(sp if sp is not None and sp.name else Speaker(a.group("np"), None, None))
        if sp is not None:
            return sp
    return None


def noun_of_saying(sent: str, rel_o: int, typed: Typed) -> Optional[Speaker]:
    """"In der Zeitung fand sich die Feststellung „…“": the text or medium the
    words stand in, else the statement itself; None without such a noun."""
    noun = _SPEECH_NOUN_BEFORE_RE.search(sent, 0, rel_o)
    if noun is None:
        return None
    for m in _IN_SOURCE_RE.finditer(sent, 0, noun.start()):
        sp = typed(Speaker(m.group("np"), None, None))
        if sp is not None and phrase_kind(sp.phrase) in ("media", "document", "organisation"):
            return sp
    return Speaker(noun.group("np"), None, None)


def statement_of(rest: str, typed: Typed) -> Optional[Speaker]:
    """``rest`` after "„…“ Das": whose statement or finding the quote is
    named (``ist die zentrale Aussage einer Studie``)."""
    st = _DAS_IS_STATEMENT_RE.match(rest)
    if not st:
        return None
    sp = analyse_phrase(st.group("np"))
    return typed(sp if sp is not None and sp.name else Speaker(st.group("np"), None, None))


def share_subject(pre: str) -> Iterator[Speaker]:
    """A share of people as the subject of the clause after the last comma:
    ``Zwar sind 62 Prozent zufrieden, 37 Prozent sind der Auffassung, …``."""
    tail = pre.rsplit(",", 1)[-1].split()
    if len(tail) in (2, 4) and re.fullmatch(r"\d[\d,.]*", tail[0]) and tail[1] == "Prozent":
        sp = analyse_phrase(" ".join(tail))
        if sp is not None:
            yield sp


#: A verb of receiving with the giver in a von-phrase: ``erhielt von X die Antwort``.
_RECEIVE_FROM_RE = re.compile(r"\b(?:erhielt|erhielten|erhält|erhalten|bekam|bekamen|bekommt|bekommen)\b"
                              r"(?P<rest>[^.;:\n„“»«\"]{0,80}?)\b(?:von|vom)\s")


def intro_agent(intro: str, passive: Optional[re.Match], typed: Typed) -> Optional[Speaker]:
    """The one who speaks in a colon introduction (``intro``, quotations
    masked) whose subject does not: the von-agent of a passive verb of
    judging (``A wurde von B scharf kritisiert:``; ``passive`` is the match of
    ``_PASSIVE_AGENT_RE`` on it; a medium that "quotes" someone is left to
    the cues) or the giver of something received (``A erhielt von B die
    Antwort:``, ``Lob bekam A von B:``)."""
    if passive is not None and not passive.group().endswith("zitiert"):
        sp = passive_agent(intro, passive, typed)
        if sp is not None:
            return sp
    m = _RECEIVE_FROM_RE.search(intro)
    if m:
        a = _VON_AGENT_RE.match(intro, m.end() - len("von ") - (1 if intro[m.end() - 4:m.end()] == "vom " else 0))
        if a:
            sp = analyse_phrase(a.group("np"))
            return typed(sp if sp is not None and sp.name else Speaker(a.group("np"), None, None))
    return None
