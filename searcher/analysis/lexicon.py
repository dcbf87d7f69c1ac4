"""The decompounding lexicon: german-nouns read (and cached) for compound parts, lemmas and gender checks."""
from __future__ import annotations

import csv
import os
import re
import threading
from itertools import chain, combinations
from typing import Iterable, Iterator, Optional

from . import lexmap
from .folding import _STOPWORDS_FOLDED, _ascii_umlauts, _lfold, fold
from .heads import _NOT_HEADS, head_verdict

from .lexrecords import _build_records, _View  # noqa: F401  (tests read lexicon._build_records)
from .wordlists import (  # noqa: F401  (read through this module by the package and tests)
    _ADJECTIVE_MODIFIERS, _AGENT_SUFFIXES, _ENDE, _EXCLUDED_POS, _LINKS, _NUMERAL_PREFIXES, _S_LINKED,
    _SHORT_MODIFIERS, _SHORT_PREFIXES, _SUPPLEMENT, _VERB_PREFIXES, _strong_stems,
)


class _Lexicon:
    """Noun forms (folded keys) -> lemmas (lowercase, unfolded), with gender, for
    compound splitting and gender checks. Parts come back unfolded so that they
    are stemmed exactly like the same word typed in a query.

    The facts live in a :class:`lexmap.Table` (the compact form, memory-mapped from the
    cache directory, or bytes built in memory from ``rows``); ``_rec`` memoizes the
    records looked up."""

    def __init__(self, rows: Iterable[tuple[str, str, Iterable[str], bool]] = (),
                 table: "Optional[lexmap.Table]" = None):
        if table is None:
            table = lexmap.Table(lexmap.encode(_build_records(rows)))
        self.table = table
        self._rec = lexmap.Records(table)
        self.forms = _View(self._rec, 0)
        self.genus = _View(self._rec, 1)
        self.lemma = _View(self._rec, 2)
        self.verb_stems = _View(self._rec, 3)
        self.short_ok = _View(self._rec, 4)
        self._parts: dict[str, tuple[str, ...]] = {}
        self._split: dict[tuple, Optional[tuple[str, ...]]] = {}

    def lemmas_of(self, w: str) -> tuple[str, ...]:
        """Lemmas of an inflected noun form: 'ministerien' -> ('ministerium',)."""
        f = _lfold(w)
        lemmas = self._rec[f][0]
        if lemmas is None:
            g = _ascii_umlauts(f)  # Muell, Faehre: an ASCII spelling of an umlaut
            if g is not None:
                lemmas = self._rec[g][0]
        return tuple(lemma for lemma in lemmas or () if lemma != w)[:2]

    def feminine_base(self, w: str) -> Optional[str]:
        """'polizistin' -> 'polizist', 'kollegin' -> 'kollege'; 'termin', 'medizin' -> None.
        An ASCII spelling of an umlaut is tried after the word as written (Aerztin: Arzt)."""
        base = self._feminine_base(w)
        if base is None:
            g = _ascii_umlauts(_lfold(w))
            if g is not None:
                base = self._feminine_base(g)
        return base

    def _feminine_base(self, w: str) -> Optional[str]:
        f = _lfold(w)
        if len(f) < 5 or not f.endswith("in"):
            return None
        g = self._rec[f][1]
        if g is not None and "f" not in g:
            return None  # Termin (m), Benzin (n), Magazin (n), Kamin (m)
        base = f[:-2]
        for cand in (base, base + "e"):
            if "m" in (self._rec[cand][1] or ""):
                return self._rec[cand][2]  # Dieb-in, Kolleg(e)-in, Zeug(e)-in
        if len(base) >= 4 and base.endswith(_AGENT_SUFFIXES):
            return w[:-2]  # Motorradfahrer-in, Polizist-in, Student-in
        if g is None:
            # A compound whose head is feminine: Integrationsministerin.
            split = self.split(f)
            if split and w.endswith(split[-1]):
                head_base = self.feminine_base(split[-1])
                if head_base:
                    return w[: len(w) - len(split[-1])] + head_base
        return None

    def _word(self, f: str, min_part: int) -> Optional[str]:
        """The lemma for a part, if it is a noun form long enough to stand alone."""
        lemmas = self._rec[f][0]
        if not lemmas or len(f) < min_part:
            return None
        lf = _lfold(lemmas[0])
        if len(lf) < min_part or (len(lf) == 3 and not self._rec[lf][4]):
            return None  # Schwanger-e is not Schwan-gere
        return lemmas[0]

    def _modifier(self, m: str, min_part: int) -> Optional[tuple[str, ...]]:
        """Lemmas for a compound's modifier, trying linking elements and elision."""
        if m in _STOPWORDS_FOLDED:
            return None  # aus-, bei-, man-: prefixes, not nouns
        if len(m) == 4 and m.startswith(_VERB_PREFIXES):
            return None  # Verb-rauch is Ver-brauch
        lemma = self._word(m, min_part)
        if lemma:
            return (lemma,)
        if m in _ADJECTIVE_MODIFIERS:
            return (m,)
        stem = self._rec[m][3]
        if stem is not None:
            return (stem,)
        if m in _strong_stems():
            return (m,)  # a strong verb's stem, whose infinitive german-nouns lacks: Spring-messer
        for link in _LINKS:
            if m.endswith(link) and len(m) - len(link) >= max(3, min_part):
                core = m[: -len(link)]
                lemma = self._word(core, min_part)
                if lemma:
                    return (lemma,)
                stem = self._rec[core][3]
                if stem is not None:
                    return (stem,)
        if len(m) >= 4:
            lemma = self._word(m + "e", min_part + 1)  # Sprach-kurs, Schul-weg
            if lemma:
                return (lemma,)
        if len(m) >= 7 and m[-1] == "s" and m[:-1].endswith(_S_LINKED):
            # -ung, -heit, -tät ... + linking -s-: a noun whether or not the lexicon
            # lists it (Paarung-s-ruf, Sanität-s-haus)
            return (m[:-1],)
        if len(m) >= 6 and m.endswith("ier"):
            return (m,)  # the stem of a verb in -ieren: Rasier-messer, Kopier-gerät
        for stem in (m, m[:-1] if m.endswith("e") else None):
            if stem and len(stem) >= 4 and self._rec[stem + "ung"][0] is not None:
                return (stem,)  # a verb stem, known by its -ung noun: Liefer-fahrzeug, Mess-gerät
        for num in _NUMERAL_PREFIXES:
            if m.startswith(num) and self._word(m[len(num):], 4):
                return (m,)  # Einhand-messer, Zweirad-händler, Mehrfamilien-haus
        if len(m) >= 8:
            # A compound modifier (Fachkräftesicherungs-): its own parts must be
            # at least four letters, which keeps names (Lachmann-) whole.
            sub = self.split(m, 4)
            if sub is None:
                for link in _LINKS:
                    if m.endswith(link):
                        sub = self.split(m[: -len(link)], 4)
                        if sub:
                            break
            return sub
        return None

    def _short_ok(self, f: str) -> bool:
        """Whether a word the lexicon knows whole may start with a three-letter modifier:
        a productive one (Bus-, Tat-) or a bound modifier (Ost-), unless the word reads as a
        separable prefix and a noun or a ge- derivation (Zu-griff, An-zug, Zu-gehörigkeit:
        not Zug + Riff)."""
        if f[:2] in _SHORT_PREFIXES and (self._rec[f[2:]][0] is not None or f[2:4] == "ge"):
            return False
        return f[:3] in _SHORT_MODIFIERS or f[:3] in _ADJECTIVE_MODIFIERS

    def _short_modifier(self, m: str) -> Optional[tuple[str, ...]]:
        """A productive three-letter noun as the modifier of a word the lexicon knows
        whole, bare or in a form with a linking ending (Bus-, Tat-, Amts-), or None."""
        lemma = self._word(m, 3)
        if lemma and _lfold(lemma) in _SHORT_MODIFIERS:
            return (lemma,)
        return None

    def genus_of(self, f: str) -> Optional[str]:
        """The genders of the lemma of a known form (folded), or None."""
        lemmas = self._rec[f][0]
        return self._rec[_lfold(lemmas[0])][1] if lemmas else None

    def _head(self, head: str, i: int, min_part: int, genus: Optional[str]) -> Optional[str]:
        """The lemma of a compound head, or None. In a word the lexicon knows whole
        (genus given), the head must agree with the word's gender (a compound takes its
        head's: Material (n) is not Mate+Rial (m)), and a three-letter head that declines
        may follow a modifier of four or more letters (Nebel-tag, Bundes-tag)."""
        lemma = self._word(head, min_part)
        if not lemma and min_part == 4 and i >= 4:
            short = self._word(head, 3)
            if short and len(_lfold(short)) == 3:
                lemma = short  # Nebel-tag, Unfall-ortes
        if not lemma and len(head) >= 7 and head[-1] == "s" and head[:-1].endswith(_S_LINKED):
            lemma = self._word(head[:-1], min_part)  # Unfall-verhütungs(-vorschrift)
        if not lemma and len(head) >= 6 and head.endswith("ei") and self._word(head[:-2], max(4, min_part)):
            # a derived noun in -(er)ei of a noun in the lexicon: Messer-stecherei, Auto-schieberei
            return head
        if lemma and genus:
            for cand in (self._rec[head][0] or (lemma,)):
                hg = self._rec[_lfold(cand)][1]
                if not hg or set(hg) & set(genus) & set("mfn"):
                    return cand if len(_lfold(cand)) >= 3 else None  # Haupt-straße, not -Strass
            return None
        return lemma

    def _derived_unsplit(self, f: str, genus: Optional[str]) -> bool:
        """Whether a word the lexicon knows whole is a noun in -er derived from a lemma that
        does not split (Transport-er is not Tran+porter): its parts would cut the base."""
        if not genus or len(f) < 8 or not f.endswith("er"):
            return False
        base = f[:-2]
        if self._rec[base][2] is None:
            return False
        return self.split(base, 4, self._rec[base][1]) is None

    def split(self, f: str, min_part: int = 3, genus: Optional[str] = None) -> Optional[tuple[str, ...]]:
        """Split a folded word into lemmas (modifiers..., head), longest head first.
        ``genus``: the genders of the whole word when the lexicon knows it.

        >>> _lexicon().split("fachkraftesicherung")
        ('fachkraft', 'sicherung')
        """
        key = (f, min_part, genus)
        if key in self._split:
            return self._split[key]
        self._split[key] = None  # guards recursion
        result = None
        n = len(f)
        if self._derived_unsplit(f, genus):
            n = 0  # no boundary to try
        short = genus is not None and min_part == 4 and n >= 7 and self._short_ok(f)  # see _plain_modifier
        for i in [*range(max(3, min_part), n - 2), *((3,) if short else ())]:
            head = f[i:]
            if head in _NOT_HEADS:
                continue
            lemma = self._head(head, i, min_part, genus)
            if not lemma:
                continue
            verdict = head_verdict(f, i, self._rec, self._modifier)  # only for a head that is a word
            if verdict == "stop":
                break  # every shorter head lies inside a suffix or ending (gemeins|amen)
            if verdict:
                continue
            if head[0] == "s" and i + 1 <= n - 3 and (
                f[:i].endswith(_S_LINKED) or (self._rec[f[: i + 1]][0] is not None and self._rec[f[i + 1 :]][0] is not None
                                               and len(head) <= 5)
            ):
                # A linking -s- beats an s-initial head when the modifier always takes
                # one (-ung, -heit, -schaft: Sicherungs-stelle) or when its s-form is a
                # real genitive and the s-head is short (Bundes-amt, not Bund-samt).
                alt = self._word(head[1:], min_part)
                if alt:
                    mod = self._modifier(f[: i + 1], min_part)
                    if mod:
                        result = (*mod, alt)
                        break
            mod = self._plain_modifier(f, i, min_part, short, lemma)
            if mod and _lfold(mod[-1]) == f[:i] + "e" and i + 2 < n - 2:
                # Read by elision (Spor(e)-traum): a plain modifier one or two letters
                # later (Sport-raum) is the likelier split.
                for j in (i + 1, i + 2):
                    alt_head = self._word(f[j:], min_part)
                    alt_mod = self._word(f[:j], min_part) if alt_head else None
                    if alt_mod:
                        mod, lemma, head, i = (alt_mod,), alt_head, f[j:], j
                        break
            if mod:
                result = self._bracketed(f, i, mod, lemma)
                break
        self._split[key] = result
        return result

    def _plain_modifier(self, f: str, i: int, min_part: int, short: bool, head: str) -> Optional[tuple[str, ...]]:
        """The modifier ``f[:i]`` before a head ``f[i:]`` whose lemma is ``head``, or None.

        ``short``: ``f`` is a word the lexicon knows whole that starts with a productive
        three-letter modifier (:meth:`_short_ok`): it is read bare or with a linking
        ending (Bus-fahrer, Tat-ort, Amt-s-gericht) when no other reading is found; the
        split loop tries three letters last (Gast-raum, not Gas-traum), and the head's
        gender must agree with the word's (Zugriff is no Zug + Riff). A strong verb's
        stem wants a head of four letters or more (Speisen is no Spei + Sen, Kommunismus no
        Komm + Uni + Mus)."""
        m = f[:i]
        mod = self._modifier(m, min_part)
        if mod is None and short and i <= 5:
            return self._short_modifier(m)
        if mod == (m,) and len(_lfold(head)) < 4 and m in _strong_stems() and self._rec[m][0] is None \
                and self._rec[m][3] is None:
            return None
        return mod

    def _bracketed(self, f: str, i: int, mod: tuple[str, ...], lemma: str) -> tuple[str, ...]:
        """(modifiers..., head) of a split at ``i``, bracketed [[Motor rad] fahrer] rather
        than [Motor [Rad fahrer]] when the head starts with a three-letter word that joins
        the single modifier."""
        if len(mod) == 1:
            head = f[i:]
            hs = self.split(head, 3)
            if hs and len(hs) == 2 and len(_lfold(hs[0])) == 3:
                left = self._word(f[: i + 3], 4)
                right = self._word(head[3:], 4)
                if left and right:
                    return (left, right)
        return (*mod, lemma)

    def best_split(self, w: str) -> Optional[tuple[str, ...]]:
        """The split of a word as the analyzer uses it. A word the lexicon knows whole
        splits only into parts of 4+ letters (Banken is not Ban-ken)."""
        return self._best_split(_lfold(w))[0]

    def _best_split(self, f: str) -> tuple[Optional[tuple[str, ...]], str]:
        """(split, the spelling split) of a folded word. An ASCII spelling of an umlaut
        (Muellabfuhr, Feuerwehrkraefte) is split as the umlaut spelling is: first when
        the lexicon does not know the word as written, else after it; then the other
        readings of its ae/oe/ue (:func:`_partial_umlauts`: Bueroeinbruch is Büro|einbruch)."""
        g = _ascii_umlauts(f)
        tries = (f,) if g is None else (f, g) if self._rec[f][0] is not None else (g, f)
        for spelling in chain(tries, _partial_umlauts(f, self._known_prefix)):
            known = self._rec[spelling][0] is not None
            result = self.split(spelling, 4 if known else 3, self.genus_of(spelling) if known else None)
            if result is not None:
                return result, spelling
        return None, f

    def _known_prefix(self, prefix: str) -> bool:
        """Whether the lexicon knows ``prefix`` as written or with its ASCII umlauts folded."""
        return self._rec[prefix][0] is not None or self._rec[_ascii_umlauts(prefix) or prefix][0] is not None

    def _linked_modifier_parts(self, modifier: str) -> tuple[str, ...]:
        """The parts of a modifier the lexicon knows whole when they are joined by the
        linking -s- of an -ung, -heit, -keit ... noun (Wohnung-s-bau|gesellschaft:
        Wohnung, Bau; Sicherheit-s-dienst|mitarbeiter), the sign of a live compound;
        other splits of a lexicon word are often its history (Wider-stand, Weih-nacht)."""
        mod = _lfold(modifier)
        if len(mod) < 9 or self._rec[mod][0] is None:
            return ()
        inner = self.split(mod, 4, self.genus_of(mod))
        if inner and len(inner) == 2:
            first = _lfold(inner[0])
            if first.endswith(_S_LINKED) and mod.startswith(first + "s"):
                return inner
        return ()

    def parts(self, w: str) -> tuple[str, ...]:
        """All parts to index for a word: modifiers, head, and the head's own parts."""
        f = _lfold(w)
        p = self._parts.get(f)
        if p is None:
            key = f
            split, f = self._best_split(f)  # f: the spelling split (its ASCII umlauts folded)
            out: list[str] = []
            if split:
                out.extend(split)
                head = _lfold(split[-1])
                head_split = self.split(head, 4, self.genus_of(head))
                if head_split:
                    out.extend(head_split)
                    # and the word up to the head's head (Verkehrsunfall|ursache)
                    k = f.rfind(_lfold(head_split[-1])[:4])
                    if k > len(f) - len(head):
                        out.append(f[:k])
                if len(split) == 2:
                    out.extend(self._linked_modifier_parts(split[0]))
                if len(split) > 2:
                    # the modifier compound as a whole, as written (Verkehrs|unfall|ursache)
                    k = f.rfind(head[:4]) if len(head) >= 4 else -1
                    surface = f[:k] if k > 0 else "".join(split[:-1])
                    if surface.endswith("s") and surface[:-1].endswith(_S_LINKED):
                        surface = surface[:-1]
                    out.append(surface)
            p = self._parts[key] = tuple(dict.fromkeys(out))
        return p


def _partial_umlauts(f: str, known) -> tuple[str, ...]:
    """Other readings of the ``ae``, ``oe``, ``ue`` of ``f`` (at most three; not after q)
    than as written and than :func:`_ascii_umlauts` (every one after a consonant an
    umlaut): one may be two letters at a compound's boundary (Büro|einbruch typed
    Bueroeinbruch), and one after a vowel an umlaut when a word ``known(prefix)`` ends
    at that vowel (Video|überwachung typed Videoueberwachung; not Sauerstoff). The most
    folded first."""
    spans = [m.start() for m in _ANY_UMLAUT.finditer(f)
             if m.start() == 0 or f[m.start() - 1] not in "aeiouy" or (m.start() >= 3 and known(f[:m.start()]))]
    if not spans or len(spans) > 3:
        return ()
    skip = {f, _ascii_umlauts(f)}
    out = []
    for k in range(len(spans), 0, -1):  # how many are read as umlauts
        for folded in combinations(spans, k):
            spelling = "".join(c for i, c in enumerate(f) if i - 1 not in folded)
            if spelling not in skip:
                out.append(spelling)
    return tuple(out)


# ae/oe/ue anywhere but after q, for _partial_umlauts
_ANY_UMLAUT = re.compile(r"(?<!q)[aou]e")


_LEXICON: Optional[_Lexicon] = None
_LEXICON_LOCK = threading.Lock()


def _read_german_nouns() -> Iterator[tuple[str, str, list[str]]]:
    from importlib import resources

    path = resources.files("german_nouns") / "nouns.csv"
    csv.field_size_limit(1 << 24)
    with path.open(encoding="utf-8", newline="") as fh:
        rows = csv.reader(fh)
        next(rows)
        for row in rows:
            if len(row) < 8 or "Substantiv" not in row[1] or any(x in row[1] for x in _EXCLUDED_POS):
                continue
            lemma = row[0]
            if not lemma.isalpha():
                continue
            # columns 16-24: nominativ plural (and variants)
            has_plural = any(row[16:25])
            yield lemma, "".join(row[2:7]), [x for x in row[7:] if x and " " not in x], has_plural
    yield from _SUPPLEMENT


_LEXICON_FORMAT = 7  # bump when the records' fields or the reading rules change


def _lexicon_cache_path():
    """The compact lexicon's file in the user's cache directory, named by the german-nouns
    version and the format; None when german-nouns is not installed."""
    from pathlib import Path

    try:
        from importlib.metadata import version

        v = version("german-nouns")
    except Exception:
        return None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "searcher" / f"lexicon-german-nouns-{v}-f{_LEXICON_FORMAT}.lexmap"


def _load_lexicon() -> _Lexicon:
    """Map the compact lexicon from the user's cache directory (a header read: pages are
    read as lookups touch them), building it there from german-nouns first if it is
    missing or unreadable (about 3 s, once per german-nouns version). Without a writable
    cache directory the compact form is built in memory each time."""
    path = _lexicon_cache_path()
    if path is not None:
        try:
            return _Lexicon(table=lexmap.Table.open(path))
        except (OSError, lexmap.LexmapError):
            pass
    try:
        records = _build_records(_read_german_nouns())
    except ImportError:  # german-nouns not installed: no decompounding, no gender check
        return _Lexicon(())
    if path is not None:
        try:
            lexmap.write(path, records)
            return _Lexicon(table=lexmap.Table.open(path))
        except (OSError, lexmap.LexmapError):
            pass
    return _Lexicon(table=lexmap.Table(lexmap.encode(records)))


def _lexicon() -> Optional[_Lexicon]:
    """The noun lexicon, loaded on first index-mode use (never at query time)."""
    global _LEXICON
    if _LEXICON is None:
        with _LEXICON_LOCK:
            if _LEXICON is None:
                _LEXICON = _load_lexicon()
    return _LEXICON


def split_compound(word: str) -> tuple[str, ...]:
    """The lexicon parts of a compound (folded lemmas), or () if it does not split.

    >>> split_compound("Berufssprachkursen")
    ('beruf', 'sprachkurs')
    """
    lex = _lexicon()
    if not lex:
        return ()
    w = word.lower()
    return lex.split(_lfold(w)) or lex.split(fold(w)) or ()
