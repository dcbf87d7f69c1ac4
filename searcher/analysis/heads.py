"""Which tails of a word can be a compound's head: suffixes of derivation, adjective and
participle endings, and comparative endings are none (Verdächtig-er is not Verdach+Tiger)."""
from __future__ import annotations

import re
from typing import Callable, Mapping, Optional

from .wordlists import _strong_stems

# Derivational suffixes that are also (rare) nouns in the lexicon: never a compound head
# (flücht-ig, Widerstand-s-los).
_NOT_HEADS = frozenset("ster tig ung heit keit schaft ling nis nisse nissen tum lich isch ische ischen sam los haft "
                       "chen lein erei ion tion ismus lose loser losen losem bare baren barer are aren arer "
                       "runge rungen alen ions ionen isches ischem ern".split())
# Endings after a derivational suffix (flücht-ig-er, gemein-sam-e, Dienstleist-er-s): a
# _NOT_HEADS suffix plus one of them is no head either (Gemein-same, Mangel-hafte).
_ENDINGS = ("e", "er", "en", "es", "em", "s")
# Of those, the suffixes that make adjectives: no shorter head follows (gemeins|amen).
_ADJ_SUFFIXES = frozenset("sam haft los lich isch ig bar".split())
# A noun + -ig/-isch/-lich + an ending is an adjective (Verdacht-ig-er, Medizin-isch-e):
# a head starting at the consonant before the suffix (Verdach-tiger, Medizi-nische) is false.
_ADJ_SUFFIX_RE = re.compile(r"(?:ig|isch|lich)(?:e|er|en|es|em)$")
# Present participles read as X + Ende: skipped when X is a verb's stem (Ergänz-ende, known by
# its -ung noun Ergänzung; Wahr-end, known by the noun Wahren).
_END_HEADS = ("end", "ende", "enden", "ender", "endes", "endem")
# Comparative and superlative endings read as a head (Jüng-eren, Neu-este): never heads.
_GRADE_RE = re.compile(r"(?:er(?:e|en|er|es|em)|e?st(?:e|en|es|em))$")


def head_verdict(f: str, i: int, rec: Mapping, modifier: Callable[[str, int], object]) -> Optional[str]:
    """Whether the folded word ``f`` may have its head at ``f[i:]``: None (it may),
    "skip" (not here, a shorter head may follow) or "stop" (neither here nor later).
    ``rec``: the lexicon's records (folded key -> (forms, genus, lemma, verb stem,
    short_ok)); ``modifier(m, min_part)``: the lexicon's reading of a modifier."""
    head = f[i:]
    if head in _NOT_HEADS:
        return "skip"
    if _GRADE_RE.match(head):
        return "stop"  # a shorter head lies inside the ending too (Jung|eren, Junge|ren)
    for end in _ENDINGS:
        if head.endswith(end) and head[: -len(end)] in _NOT_HEADS:
            suffix = head[: -len(end)]
            if suffix in _ADJ_SUFFIXES:
                return "stop"
            if suffix != "tig":  # Papier|tiger: the adjective test below decides
                return "skip"  # dienstlei|sters; wass|ereis before Wasser|eis
    if head in _END_HEADS:
        mod = f[:i]
        if rec[mod][3] is not None or rec[mod + "en"][0] is not None or rec[mod + "ung"][0] is not None \
                or mod.endswith("ier") or mod in _strong_stems():
            return "skip"
    m = _ADJ_SUFFIX_RE.search(head)
    if m is not None and m.start() == 1 and i + 1 >= 4:
        base = f[: i + 1]  # Verdacht, Medizin; not Schreibt (Schreib|tische keeps its head)
        if rec[base][0] is not None or modifier(base, 4) is not None:
            return "stop"
    return None
