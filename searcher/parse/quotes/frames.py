"""A role noun in the nominative before the finite verb is the clause's subject;
a name after the verb is its object (``Der Innenminister gratulierte
Bürgermeisterin A``)."""
from __future__ import annotations

import re
from typing import Optional

from .phrases import Speaker
from .speakers import phrase_kind
from .vocabulary import _ALL_PREPOSITIONS

#: A clause that opens with an article, a noun phrase (adjectives, a genitive) and a lowercase word
#: after it, its finite verb: ``Der neue Innenminister des Landes gratulierte …``.
_ROLE_THEN_VERB_RE = re.compile(
    r"\s*(?P<np>(?:Der|Die|Ein|Eine)\s+(?:[a-zäöüß\-]+(?:e|en|er|es)\s+){0,2}[A-ZÄÖÜ][\w\-]+"
    r"(?:\s+(?:des|der)\s+(?:[a-zäöüß\-]+(?:e|en|er|es)\s+)?[A-ZÄÖÜ][\w\-]+)?)\s+(?P<verb>[a-zäöüß]+)\b")
_NOT_VERB = frozenset("und oder sowie der die das dem den des ein eine einer eines einem einen".split())


def nominative_role(sp: Speaker) -> bool:
    """``sp`` is a role noun in the nominative (``Der Innenminister``, ``Die
    Ministerin``, ``Ein Sprecher``): the subject before the verb, so a name after
    the verb is its object (``Der Innenminister gratulierte Bürgermeisterin X``).
    ``Der Ministerin`` (a dative) and ``Der Zeitung`` (no role) are none."""
    words = sp.phrase.split()
    if len(words) < 2 or words[0].lower() not in ("der", "die", "ein", "eine") or phrase_kind(sp.phrase) != "role":
        return False
    head = next((w for w in words[1:] if w[:1].isupper()), words[-1]).lower()
    return not (words[0].lower() == "der" and head.endswith(("in", "innen")))


def leading_role_subject(clause: str) -> Optional[Speaker]:
    """The nominative role phrase a clause opens with, right before its finite
    verb (``Der Innenminister gratulierte Bürgermeisterin Anna Kluge``): the
    subject, not the name in object position after the verb."""
    m = _ROLE_THEN_VERB_RE.match(clause)
    if m is None or m.group("verb") in _NOT_VERB or m.group("verb") in _ALL_PREPOSITIONS:
        return None
    sp = Speaker(m.group("np"), None, None)
    return sp if nominative_role(sp) else None
