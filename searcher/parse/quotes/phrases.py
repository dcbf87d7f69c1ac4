"""A speaker phrase read into name and role (:func:`analyse_phrase`), and the
full names a release writes (:class:`_NameRegistry`), so a surname alone
resolves to the fullest name and its role."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Optional

from .entities import RoleIndex, gender_of
from .speakers import common_run, common_word, lexicon_noun, noun_kind
from .vocabulary import (
    _POSSESSIVES,
    ROLE_RE, SPEECH_VERB_RE, TITLE_RE, _ABBREV_END_RE, _ADJ_END_RE, _ARTICLE_PARTICLES, _ARTICLE_RE,
    _FRONT_ADVERB, _LOWER, _NAME_TOKEN_RE, _NOT_NAME, _NOUN_SUFFIX_RE, _PARTICLES, _PRONOMINAL_ADVERB_RE,
    _PRONOUNS, _TOKEN_RE, _UPPER,
)


@dataclass(frozen=True)
class Speaker:
    """Who said something: a person ``name`` (or None) and the phrase as written."""

    phrase: str
    name: Optional[str]
    role: Optional[str]


def _tokens(text: str) -> list[tuple[str, int, int]]:
    return [(m.group(), m.start(), m.end()) for m in _TOKEN_RE.finditer(text)]


@lru_cache(maxsize=65536)
def _is_name_token(tok: str) -> bool:
    if not _NAME_TOKEN_RE.match(tok) or TITLE_RE.match(tok):
        return False
    low = tok.lower()
    if _PRONOMINAL_ADVERB_RE.match(low):
        return False  # "Daraus wird …", "Demzufolge …"
    if low in _NOT_NAME or ROLE_RE.search(low) or _NOUN_SUFFIX_RE.search(low):
        return False
    if len(low) >= 8 and _ADJ_END_RE.search(low):
        return False  # "Afrikanischen", "Europäische": adjectives of a proper noun
    return True


def analyse_phrase(phrase: str, single_ok: bool = True) -> Optional[Speaker]:
    """Read a speaker phrase (``Integrationsministerin Petra Köpping``,
    ``Vogel``, ``der Sprecher``) into name and role.

    A name is two or more name tokens, or one token right after a role word or
    title (``Staatsministerin Köpping``); a single bare token counts only at
    the start of the phrase and when ``single_ok`` (``so Vogel weiter``).
    """
    stripped = phrase.rstrip()
    if stripped.endswith(".") and not TITLE_RE.match(stripped.rsplit(None, 1)[-1]) \
            and not _ABBREV_END_RE.search(stripped[-6:]):
        phrase = stripped[:-1]  # a sentence end: "sagt Dr. Barbara Slowik."
    toks = _tokens(phrase)
    if not toks:
        return None
    best = _name_span(phrase, toks, single_ok)
    if best is None:
        return _plain_phrase(phrase)
    k, j = best
    name_toks = [t[0] for t in toks[k:j]]
    if name_toks[-1].lower() in _PARTICLES:
        name_toks = name_toks[:-1]
    name = " ".join(name_toks)
    start = toks[k][1]
    role_part = phrase[:start].rsplit(",", 1)[-1]
    role_words = [w for w in role_part.split() if not _ARTICLE_RE.match(w)]
    while role_words and not (role_words[0][:1].isupper() or TITLE_RE.match(role_words[0])):
        role_words.pop(0)
    role = " ".join(role_words).strip(" ,") or None
    if role and (SPEECH_VERB_RE.search(role) or len(role_words) > 6):
        role = None
    if _attribute_name(role_part.split()):
        # "Der Sprecher von Innenminister Paul Dorn": the name belongs to the role in the
        # von- or genitive attribute, not to the head; the head speaks, unnamed
        return _plain_phrase(phrase[:start].rsplit(",", 1)[-1].strip())
    return Speaker(phrase.strip(), name, role or _apposition_role(phrase[toks[j - 1][2]:]))


def _apposition_role(rest: str) -> Optional[str]:
    """The role in apposition after a name (``Beate Stoffers, Staatssekretärin für
    Bildung``): the words after the comma when the first is a role noun; at most
    eight words, up to the next comma."""
    m = re.match(r"\s*,\s*([^,;:()„“»«\"]{3,120})", rest)
    if m is None:
        return None
    words = m.group(1).split()
    if words[:1] and words[0] in ("der", "die"):
        words = words[1:]  # "Andreas Geisel, der Innensenator"
    if not words or len(words) > 8 or not words[0][:1].isupper() or ROLE_RE.search(words[0].lower()) is None:
        return None
    return " ".join(words).rstrip(".") or None


def _attribute_name(role_words: list[str]) -> bool:
    """The words before a name are a role noun, ``von`` and a second role
    noun right before the name (``Sprecher von Innenminister``): the name is
    that second role's. (A genitive, ``Abgeordneter des Rates Name``, often
    names the head itself, so it is left as it was.)"""
    if role_words and _ARTICLE_RE.match(role_words[0]):
        role_words = role_words[1:]
    return (len(role_words) >= 3 and role_words[1].lower() in ("von", "vom")
            and ROLE_RE.search(role_words[0].lower()) is not None
            and ROLE_RE.search(role_words[-1].lower()) is not None)


def _particle_in_name(toks: list[tuple[str, int, int]], j: int) -> bool:
    """The particle at ``j`` is part of a name (``Ursula von der Leyen``,
    ``Rafael van der Vaart``, ``Karl-Theodor zu Guttenberg``): a name follows it,
    or an article particle and a name (``von der``); a common noun after it
    makes it a preposition (``meldete sich Anna Kluge zu Wort``, ``zu Gast``)."""
    t = toks[j][0].lower()
    if t in _ARTICLE_PARTICLES and toks[j - 1][0].lower() not in ("von", "van", "vom", "de"):
        return False
    k = j + 1
    if k < len(toks) and t not in _ARTICLE_PARTICLES and toks[k][0] in _ARTICLE_PARTICLES:
        k += 1  # "von der Leyen", "van den Berg"
    return k < len(toks) and _is_name_token(toks[k][0]) and not (k == j + 1 and t not in _ARTICLE_PARTICLES and lexicon_noun(toks[k][0]))


def _name_span(phrase: str, toks: list[tuple[str, int, int]], single_ok: bool) -> Optional[tuple[int, int]]:
    """The token range of the name in ``phrase``: the first run of two to five
    name tokens, or one after a role word or title; a bare word at the start
    only when ``single_ok`` and no fuller name follows."""
    best: Optional[tuple[int, int]] = None  # token index range of the name
    i = 0
    n = len(toks)
    while i < n:
        tok = toks[i][0]
        if (_is_name_token(tok) or TITLE_RE.match(tok)) and not (toks[i][1] > 0 and phrase[toks[i][1] - 1] == "-"):
            j = i
            while j < n:
                t = toks[j][0]
                if _is_name_token(t) or TITLE_RE.match(t):
                    j += 1
                elif t.lower() in _PARTICLES and j > i and _particle_in_name(toks, j):
                    j += 1
                else:
                    break
            k = i
            while k < j and TITLE_RE.match(toks[k][0]):
                k += 1
            if k < j:
                size = j - k
                if size > 5:
                    # "John Sifton von Human Rights Watch": the name ends at the particle
                    p = next((q for q in range(k + 1, j) if toks[q][0].lower() in _PARTICLES), j)
                    j, size = p, p - k
                prev = toks[k - 1][0] if k > 0 else ""
                weak = False
                if size >= 2:
                    good = True
                elif prev and (ROLE_RE.search(prev.lower()) or TITLE_RE.match(prev)) and prev[:1].isupper():
                    good = True
                elif k + 1 < n and toks[k + 1][0].lower() in ("sie", "er", "es", "wir", "man", "ich"):
                    good = False  # a verb first, its subject after it: "Kämen sie dem nicht nach"
                else:
                    good = weak = single_ok and k == 0
                if good and size <= 5:
                    if not weak:
                        best = (k, j)
                        break
                    # a bare word first ("Berlins Innensenator Andreas Geisel"):
                    # a fuller name later in the phrase wins
                    best = best or (k, j)
            i = max(j, i + 1)
        else:
            i += 1
    return best


#: Nouns made from adjectives and participles (``Deutsche``, ``Vorsitzende``, ``Abgeordnete``).
_ADJECTIVAL_NOUN_RE = re.compile(r"[A-ZÄÖÜ][a-zäöüß]+(?:sche|schen|nde|nden|ete|eten|gte|gten|llte|llten|ige|igen)")


def _capitalised_tail(words: list[str], i: int, w: str) -> list[str]:
    """After a capitalised adjective (``die Süddeutsche``, ``des Auswärtigen``,
    ``eine Ultranationalistische``) the noun it qualifies, also capitalised
    (``Zeitung``, ``Amtes``, ``Organisation``); the same for a proper noun
    before its head (``die Hoover Institution``)."""
    if w[-1:] in ",.;:" or i + 1 >= len(words) or not words[i + 1][:1].isupper():
        return []
    nxt = words[i + 1].strip(",.;:")
    if noun_kind(w.strip(",.;:")):
        # "der Sprecher", "die Demonstranten" are whole already; a noun made from an
        # adjective before a typed noun is that noun's attribute ("Der Deutsche
        # Gewerkschaftsbund", "der Vorsitzende Richter")
        return [nxt] if _ADJECTIVAL_NOUN_RE.fullmatch(w) and noun_kind(nxt) else []
    adjective = re.fullmatch(r"[A-ZÄÖÜ][a-zäöüß\-]+(?:e|en|er|es|em)", w) is not None
    if adjective or noun_kind(nxt):
        return [nxt]
    return []


def _genitive_tail(words: list[str], j: int) -> list[str]:
    """The genitive after a role noun (``des Veranstalters``, ``der
    Berliner Feuerwehr``, ``des zuständigen Amtes``) from ``words[j]``; empty
    when there is none or a comma closes the noun before it."""
    if j >= len(words) or words[j] not in ("der", "des") or words[j - 1][-1:] in ",.;:":
        return []
    out = [words[j]]
    for k in range(j + 1, min(j + 5, len(words))):
        w = words[k]
        bare = w.strip(",.;:")
        if bare[:1].isupper():
            out.append(bare)
            out.extend(_capitalised_tail(words, k, w))
            return out
        if w != bare or not re.fullmatch(r"[a-zäöüß\-]+(?:e|en|er|es|em)", w):
            return []
        out.append(w)
    return []


def _plain_phrase(phrase: str) -> Optional[Speaker]:
    """A speaker that is not a name: a pronoun or ``der Sprecher``."""
    words = phrase.split()
    if not words:
        return None
    if words[0].lower() in _PRONOUNS:
        return Speaker(words[0], None, None)
    if len(words) >= 2 and re.fullmatch(r"\d[\d,.]*", words[0]) and words[1].strip(",.;:") == "Prozent":
        # "37 Prozent der Befragten", "22 Prozent": a share of the people asked
        out = words[:2]
        if len(words) > 3 and words[1] == "Prozent" and words[2] in ("der", "des") and noun_kind(words[3].strip(",.;:")):
            out = words[:4]
        return Speaker(" ".join(out).strip(",.;:"), None, None)
    if words[0].lower() in ("einer", "eine", "eines") and len(words) > 2 and words[1] in ("der", "des"):
        # "Einer der 13 beteiligten Feuerwehrmänner"
        out = words[:2]
        for w in words[2:6]:
            out.append(w.strip(",.;:"))
            if w[:1].isupper():
                return Speaker(" ".join(out), None, None)
        return None
    if _ARTICLE_RE.match(words[0]) or words[0].lower() in ("ein", "eine", "einer", "einen") \
            or words[0].lower() in _POSSESSIVES:  # "dessen Stellvertreter", "ihre Sprecherin"
        out = [words[0]]
        for i, w in enumerate(words[1:5], 1):
            if w[:1].isupper():
                out.append(w.strip(",.;:"))
                tail = _capitalised_tail(words, i, w)
                out.extend(tail)
                if ROLE_RE.search(out[-1].lower()):
                    # "ein Sprecher des Veranstalters": the role keeps whose it is
                    out.extend(_genitive_tail(words, i + 1 + len(tail)))
                break
            if re.fullmatch(r"(?:\d+-)?[a-zäöüß\-]+(?:e|en|er|es|em)", w) or w == "nicht":
                out.append(w)  # "ein nicht genannter Vertreter"
                continue
            break
        if len(out) >= 2 and out[-1][:1].isupper():
            return Speaker(" ".join(out), None, None)
        return None
    if words[0][:1].isupper() and ROLE_RE.search(words[0].lower().strip(",.;:")):
        # "Vertreter der deutschen Bauverbände", "Analysten"
        out = [words[0].strip(",.;:")]
        if len(words) > 2 and words[0][-1:] not in ",.;:" and words[1] in ("der", "des"):
            for w in words[1:5]:
                out.append(w.strip(",.;:"))
                if w[:1].isupper() or w[-1:] in ",.;:":
                    break
        return Speaker(" ".join(out), None, None)
    return None


def _clean_role(role: Optional[str]) -> Optional[str]:
    """The role as a reader wants it: without a leading adverb (``Dazu
    Innensenator`` -> ``Innensenator``) or a relative clause (``…, die für
    den Bau verantwortlich zeichnet``); None when no role word or title is
    left (``Sport und Digitalisierung``, ``der zukünftig den Stab leiten wird``)."""
    if not role:
        return None
    role = re.split(r",\s+(?:der|die|das|welche[rs]?|deren|dessen)\s", role)[0].strip(" ,")
    words = role.split()
    while words and words[0].lower() in _FRONT_ADVERB:
        words.pop(0)
    if len(words) > 1 and words[0] in ("der", "die", "das") and words[1][:1].islower():
        return None  # a relative clause: "der künftig die Einheit leiten wird"
    if not words or not any(TITLE_RE.match(w) or (w[:1].isupper() and ROLE_RE.search(w.lower().strip(",")))
                            for w in words):
        return None
    return " ".join(words)


def _after_role(role: Optional[str]) -> bool:
    """The role ends in a role word or title (``Innensenator``, ``Dr.``): a
    single word after it is a surname."""
    last_role = role.split()[-1] if role and role.split() else ""
    return bool(last_role) and (TITLE_RE.match(last_role) is not None or (
        last_role[:1].isupper() and ROLE_RE.search(last_role.lower()) is not None))


class _NameRegistry:
    """Every full name (two or more name tokens) written in the release."""

    _RUN_RE = re.compile(
        rf"(?<![\w\-])(?:[{_UPPER}][{_LOWER}]+(?:-[{_UPPER}][{_LOWER}]+)*\s+){{1,3}}"
        rf"(?:(?:von|vom|van|de|zu|da|di|du|ten|ter)(?:\s+(?:der|den))?\s+(?:[{_UPPER}][{_LOWER}]+\s+){{0,2}})?"
        rf"(?:Mc|Mac|El|Di|De|La|Le|O['’])?"
        rf"[{_UPPER}][{_LOWER}]+(?:-[{_UPPER}][{_LOWER}]+)*"
    )

    def __init__(self, texts: Iterable[str]):
        self._by_last: dict[str, str] = {}
        self._full: set[str] = set()
        self.roles = RoleIndex()
        self.gender: dict[str, str] = {}  # full name -> "f" or "m", from a role or form of address
        self._count_last: dict[str, int] = {}
        self._texts: list[str] = []
        for text in texts:
            if not text:
                continue
            self._texts.append(text)
            for m in self._RUN_RE.finditer(text):
                # the name-token stretches of the run ("Berlins Innensenator
                # Karl Beispiel" -> "Karl Beispiel"); roles, titles split it
                seg: list[str] = []
                before = ""
                for t in m.group().split() + [""]:
                    if t and (_is_name_token(t) or (seg and t in _PARTICLES and (
                            t not in _ARTICLE_PARTICLES or seg[-1].lower() in ("von", "van", "vom", "de")))):
                        seg.append(t)
                        continue
                    # a particle before a common noun is a preposition: "Anna Kluge zu Wort"
                    seg = seg[:next((q for q in range(1, len(seg) - 1) if seg[q] in _PARTICLES
                                     and seg[q] not in _ARTICLE_PARTICLES and lexicon_noun(seg[q + 1])), len(seg))]
                    while seg and seg[-1] in _PARTICLES:
                        seg.pop()
                    cut = next((q for q in range(1, len(seg) - 1) if seg[q] in _PARTICLES), 0)
                    if cut and all(common_word(w) or lexicon_noun(w) for w in seg[:cut]):
                        # a common noun before a particle is no first name:
                        # "Angaben von Peter Beck", "Kathedrale von Christchurch"
                        before, seg = "", seg[cut + 1:]
                    if len(seg) >= 2 and not common_run(seg):
                        self._add(seg)
                        if before and ROLE_RE.search(before.lower()):
                            self.roles.add(before, " ".join(seg))
                        g = gender_of(before)
                        if g:
                            self.gender.setdefault(" ".join(seg), g)
                    seg = []
                    if not TITLE_RE.match(t) or t.rstrip(".") in ("Frau", "Herr", "Herrn"):
                        before = t

    def written(self, word: str) -> bool:
        """``word`` stands on its own somewhere in the release."""
        pat = re.compile(r"(?<![\w\-])" + re.escape(word) + r"(?![\w\-])")
        return any(pat.search(t) for t in self._texts)

    def mentions(self, name: str) -> int:
        """How often the surname of ``name`` ends a full name in the release."""
        toks = name.split()
        return self._count_last.get(toks[-1].lower(), 0) if toks else 0

    def _add(self, toks: list[str]) -> None:
        self._count_last[toks[-1].lower()] = self._count_last.get(toks[-1].lower(), 0) + 1
        name = " ".join(toks)
        self._full.add(name.lower())
        last = toks[-1].lower()
        current = self._by_last.get(last)
        if current is None or len(name) > len(current):
            self._by_last[last] = name

    def full_names(self) -> set:
        return self._full

    def tokens(self) -> frozenset:
        """Every word of every full name (lower case)."""
        return frozenset(t for name in self._full for t in name.split())

    def fullest(self, name: str) -> str:
        toks = name.split()
        if not toks:
            return name
        full = self._by_last.get(toks[-1].lower())
        if full and len(full.split()) > len(toks) and full.lower().endswith(name.lower()):
            return full
        return name

    def is_name(self, name: str) -> bool:
        toks = name.split()
        return bool(toks) and all(_is_name_token(t) or t in _PARTICLES for t in toks)
