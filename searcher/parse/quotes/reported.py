"""Words a medium reports someone said: ``Die Zeitung schreibt, Minister X
habe der Opposition eine „…“ vorgeworfen``. The medium frames the sentence;
the quoted words are those of the person whose verb of saying governs them."""
from __future__ import annotations

import re
from typing import Callable, Optional

from .clauses import _np_head
from .cues import _SAID_PARTICIPLE_RE
from .phrases import Speaker, analyse_phrase
from .vocabulary import _CTX_VERB_RE, _SAY_RE

#: Participles of speech acts that end a reported clause (``habe … „…“ vorgeworfen``).
_ACT_PARTICIPLE_RE = re.compile(
    r"\b(?:vorgeworfen|kritisiert|bezeichnet|genannt|gewarnt|gefordert|angekündigt|behauptet|beklagt|bemängelt|"
    r"verurteilt|gelobt|zugesichert|versprochen|bestritten|dementiert|eingeräumt|zugegeben|angeprangert|"
    r"vorgehalten|unterstellt|beschuldigt|zurückgewiesen)\b")
#: The conjunction that opens a reported clause after the comma.
_COMPLEMENT_START_RE = re.compile(r"\s*(?:(?:dass|wonach|ob)\s+)?")


def reported_person(sent: str, rel_o: int, is_person: Callable[[str, Optional[str]], bool]) -> Optional[Speaker]:
    """The person who is the subject of the clause after the last comma before
    the quote (``sent`` quote-masked, the quote at ``rel_o``) when that clause
    has a verb of saying of its own (before or after the quote); None else.
    ``Wie die Zeitung berichtet, wirft X der Opposition „…“ vor`` (the verb
    first, then the subject) counts too."""
    cut = sent.rfind(", ", 0, rel_o)
    if cut < 0:
        return None
    end = min((k for k in (sent.find(", ", rel_o), sent.find(";", rel_o)) if k >= 0), default=len(sent))
    clause = sent[cut + 2:end]
    if not (_CTX_VERB_RE.search(clause) or _SAY_RE.search(clause) or _SAID_PARTICIPLE_RE.search(clause)
            or _ACT_PARTICIPLE_RE.search(clause)):
        return None
    words = clause[_COMPLEMENT_START_RE.match(clause).end():rel_o - cut - 2].split()
    if words and words[0][:1].islower():
        words = words[1:]  # "wirft X …": the finite verb first, then its subject
    sp = analyse_phrase(_np_head(" ".join(words[:8]))) if words else None
    if sp is None or not sp.name or not is_person(sp.name, sp.role):
        return None
    return sp
