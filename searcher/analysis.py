"""German analysis for the release text fields, and name folding.

The chain (``german_analyzer()``), as composable Whoosh stages::

    GermanTokenizer          words of Unicode letters/digits; hyphenated words give
                             their parts and the joined form; gender-marked forms
                             (Lehrer*innen, Mitarbeiter:innen, MitarbeiterInnen)
                             stay one word
    LowercaseFilter
    StopFilter               German stop words
    GermanStemFilter         per word, cached: gender normalisation, override table,
                             Snowball German stem, fold (ä/ae→a, ö/oe→o, ü/ue→u, ß→ss)
    IndexOnly(GermanExpandFilter)
                             index time only: the base of feminine forms, the lemma of
                             inflected nouns and the parts of compounds, as extra
                             tokens at the word's position and with the word's chars

Every per-word result is computed once and kept in a module-level dict (word
frequencies are Zipfian), so the hot path is one dict lookup per token. The
compound/gender lexicon (the ``german-nouns`` package: ~90k nouns with their
inflected forms and gender, from Wiktionary) is loaded lazily on the first
index-mode use, never at query time.

>>> [t.text for t in german_analyzer()("Die Sprachkurse der Ministerin")]
['sprachkurs', 'ministin']
"""
from __future__ import annotations

import csv
import os
import re
import threading
import unicodedata
from typing import Iterable, Iterator, Optional

from whoosh.analysis import (
    CompositeAnalyzer,
    Filter,
    LowercaseFilter,
    MultiFilter,
    PassFilter,
    Token,
    Tokenizer,
)
from whoosh.lang import stopwords_for_language

from ._stem_guard import GUARDED_ER

__all__ = [
    "fold",
    "german_analyzer",
    "name_analyzer",
    "analyze_query_word",
    "stem_word",
    "split_compound",
    "split_query_word",
]

_STOPWORDS = frozenset(stopwords_for_language("de"))
_STOPWORDS_FOLDED = frozenset(w.translate(str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss"}))
                              for w in _STOPWORDS)

# ---------------------------------------------------------------------------
# Folding

_FOLD = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss", "à": "a", "á": "a", "â": "a",
                       "é": "e", "è": "e", "ê": "e", "ë": "e", "í": "i", "ì": "i", "î": "i",
                       "ï": "i", "ó": "o", "ò": "o", "ô": "o", "ú": "u", "ù": "u", "û": "u",
                       "ç": "c", "ñ": "n"})
_UE = re.compile(r"(?<!q)ue")


def _lfold(text: str) -> str:
    """Lowercase and fold umlauts, keeping ae/oe/ue: the spelling the compound splitter
    works on, where 'bauentwicklung' keeps the boundary that full folding
    ('bauntwicklung') erases. ASCII spellings of umlauts are tried after it."""
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    return text.lower().translate(_FOLD)


def fold(text: str) -> str:
    """Lowercase and fold umlauts and their ae/oe/ue spellings.

    >>> fold("Köpping"), fold("Koepping"), fold("Straße")
    ('kopping', 'kopping', 'strasse')
    """
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    t = text.lower().translate(_FOLD)
    if "e" in t:
        if "ae" in t:
            t = t.replace("ae", "a")
        if "oe" in t:
            t = t.replace("oe", "o")
        if "ue" in t:
            t = _UE.sub("u", t)
    return t


# ---------------------------------------------------------------------------
# Stemming (Snowball German; PyStemmer's C code underneath when installed)

_STEMMER = None
_STEM_CACHE: dict[str, str] = {}


def _snowball(word: str) -> str:
    global _STEMMER
    s = _STEM_CACHE.get(word)
    if s is None:
        if _STEMMER is None:
            import snowballstemmer

            _STEMMER = snowballstemmer.stemmer("german")
        s = _STEM_CACHE[word] = _STEMMER.stemWord(word)
    return s


# ---------------------------------------------------------------------------
# Override table: singular/plural pairs the stemmer splits apart.
#
# Found by scanning the Berlin corpus vocabulary (bench/find_overrides.py):
# (1) corpus word pairs w / w+e / w+en / w+es / um→en whose Snowball stems
# differ; (2) every german-nouns paradigm with forms in the corpus whose forms
# get more than one stem; both lists sorted by corpus frequency and checked by
# hand. Entries are (canonical stem, folded forms, compound) — with
# compound=True the forms also match as the head of a compound
# (Sprachkurse, Berufssprachkursen, Leitzins, Linienbusse).
_OVERRIDE_FAMILIES: tuple[tuple[str, tuple[str, ...], bool], ...] = (
    # -s after a consonant that Snowball strips from the singular only
    ("kurs", ("kurs", "kurse", "kursen", "kurses"), True),
    ("zins", ("zins", "zinse", "zinsen", "zinses"), True),
    ("impuls", ("impuls", "impulse", "impulsen", "impulses"), True),
    ("puls", ("puls", "pulse", "pulses"), True),
    ("hals", ("hals", "halse", "halsen", "halses"), True),
    ("fels", ("fels", "felse", "felsen", "felses"), True),
    ("krebs", ("krebs", "krebse", "krebsen", "krebses"), True),
    ("fuchs", ("fuchs", "fuchse", "fuchsen", "fuchses"), True),
    ("gans", ("gans", "ganse", "gansen"), True),
    ("schnaps", ("schnaps", "schnapse", "schnapses"), True),
    ("gips", ("gips", "gipses"), True),
    ("bus", ("bus", "busse", "bussen", "busses"), True),
    # Latin/Greek plurals
    ("ministeri", ("ministerium", "ministeriums", "ministerien"), True),
    ("prasidi", ("prasidium", "prasidiums", "prasidien"), True),
    ("gremi", ("gremium", "gremiums", "gremien"), True),
    ("studi", ("studium", "studiums", "studien"), True),
    ("stadi", ("stadium", "stadiums", "stadien"), True),
    ("medi", ("medium", "mediums", "medien"), True),
    ("zentr", ("zentrum", "zentrums", "zentren"), True),
    ("muse", ("museum", "museums", "museen"), True),
    ("klinik", ("klinikum", "klinikums", "kliniken", "klinik"), True),
    ("dat", ("datum", "datums", "daten"), True),
    ("for", ("forum", "forums", "foren"), False),
    ("alb", ("album", "albums", "alben"), False),
    ("them", ("thema", "themas", "themen"), True),
    ("firm", ("firma", "firmen"), True),
    ("vill", ("villa", "villen"), True),
    ("kont", ("konto", "kontos", "konten"), True),
    ("risik", ("risiko", "risikos", "risiken"), True),
    ("material", ("material", "materials", "materialien"), True),
    # vowel-final nouns with an -s plural (Snowball keeps the -s)
    ("auto", ("auto", "autos"), True),
    ("handy", ("handy", "handys"), True),
    ("foto", ("foto", "fotos"), True),
    ("video", ("video", "videos"), True),
    ("taxi", ("taxi", "taxis"), True),
    ("buro", ("buro", "buros"), True),
    ("kamera", ("kamera", "kameras"), True),
    ("baby", ("baby", "babys"), True),
    ("kiosk", ("kiosk", "kiosks", "kioske"), True),
    ("laptop", ("laptop", "laptops"), True),
    ("nazi", ("nazi", "nazis"), False),
    ("cafe", ("cafe", "cafes"), True),
    ("trio", ("trio", "trios"), False),
    ("duo", ("duo", "duos"), False),
    ("graffiti", ("graffiti", "graffitis", "graffito"), False),
    ("kommando", ("kommando", "kommandos"), True),
    ("spray", ("spray", "sprays"), True),
    ("pkw", ("pkw", "pkws"), False),
    ("lkw", ("lkw", "lkws"), False),
    # short words where Snowball's R1 region keeps a plural -n
    ("nachbar", ("nachbar", "nachbarn", "nachbars"), False),
    ("herr", ("herr", "herrn", "herren"), False),
    ("ufer", ("ufer", "ufern", "ufers"), False),
    ("knie", ("knie", "knien", "knies"), False),
    ("feier", ("feier", "feiern"), False),
    ("schrei", ("schrei", "schreie", "schreien", "schreis"), False),
)
_OVERRIDES: dict[str, tuple[str, bool]] = {
    form: (stem, compound) for stem, forms, compound in _OVERRIDE_FAMILIES for form in forms
}
_OVERRIDE_MIN = min(len(f) for f in _OVERRIDES)


def _override(folded: str) -> Optional[str]:
    """The override stem of a folded word, or None. Heads of compounds match
    when the modifier left over has at least 3 letters."""
    hit = _OVERRIDES.get(folded)
    if hit is not None:
        return hit[0]
    n = len(folded)
    for i in range(3, n - _OVERRIDE_MIN + 1):
        hit = _OVERRIDES.get(folded[i:])
        if hit is not None and hit[1]:
            return folded[:i] + hit[0]
    return None


# ---------------------------------------------------------------------------
# Gender forms

# Roots ending in -inn whose forms end in -innen without being feminine plurals.
_INN_WORDS = ("gewinnen", "beginnen", "spinnen", "besinnen", "nachsinnen", "entrinnen", "zerrinnen")


def _feminine_plural_to_singular(w: str) -> str:
    """'polizistinnen' -> 'polizistin'; 'gewinnen', 'dachrinnen' unchanged."""
    if len(w) >= 8 and w.endswith("innen") and not w.endswith(_INN_WORDS):
        if w.endswith("rinnen") and w[-7] not in "aeiouäöü":
            return w  # Rinne: Dachrinnen, Regenrinnen
        return w[:-3]
    return w


# ---------------------------------------------------------------------------
# Per-word analysis

_CONFIGS: dict[tuple, "_Config"] = {}


class _Config:
    __slots__ = ("stem", "fold", "overrides", "decompound", "gender", "lemmas", "guard", "key")

    def __init__(self, stem=True, fold=True, overrides=True, decompound=True, gender=True, lemmas=True,
                 guard=True):
        self.stem, self.fold, self.overrides = stem, fold, overrides
        self.decompound, self.gender, self.lemmas = decompound, gender, lemmas
        self.guard = guard and stem
        self.key = (stem, fold, overrides, decompound, gender, lemmas, self.guard)


def _config(**switches) -> _Config:
    c = _Config(**switches)
    return _CONFIGS.setdefault(c.key, c)


_MAIN_CACHE: dict[tuple, str] = {}
_EXTRA_CACHE: dict[tuple, tuple[tuple[str, float], ...]] = {}
# A compound part counts for less than the word itself: `Zeugen` inside
# `Fahrzeugen`, or `Feuerwerk` inside `Feuerwerkskörper`, is a weaker match.
PART_BOOST = 0.3
# Bound on each per-word cache: a few hundred thousand word types cover any press
# corpus; past that, start afresh rather than grow without limit.
_CACHE_MAX = 400_000


def _guarded(folded: str) -> Optional[str]:
    """The lexicon guard: the term of a folded word that is a guarded -er lemma or its
    -s/-n form (Messer, Messern -> messer), where Snowball would merge it with another
    lemma of the lexicon (Messe); else None. Only words the lexicon knows: a compound
    it does not list (Geldtransporter, beside the listed Geldtransport) keeps Snowball's
    term; its guarded head is indexed as a compound part (Einhandmesser: messer)."""
    return _guard_base(folded)


def _participle_guard(light: str) -> Optional[str]:
    """The gender-neutral participle noun of a guarded agent noun (Teilnehmende,
    Betreuenden -> the term of Teilnehmer, Betreuer), as the stemmer gave both before
    the guard. Works on the spelling with ue kept (betreu-enden, not betreunden)."""
    if len(light) >= 8 and light.endswith(_ENDE):
        agent = fold(light[: light.rindex("end")] + "er")
        if agent in GUARDED_ER:
            return agent
    return None


def _guard_base(f: str) -> Optional[str]:
    if f in GUARDED_ER:
        return f
    if f[-1:] in ("s", "n") and f[:-1] in GUARDED_ER:
        return f[:-1]
    for fem in ("in", "innen"):
        # without gender handling the feminine goes with its masculine, as Snowball had it
        if f.endswith(fem) and f[: -len(fem)] in GUARDED_ER:
            return f[: -len(fem)]
    return None


def _stem_plain(w: str, cfg: _Config) -> str:
    """Override or Snowball stem, then fold — no gender handling. With the guard on,
    -er nouns that the lexicon knows apart from a word of the same stem keep their own
    term (Messer/Messe, Feuerwerker/Feuerwerk)."""
    if cfg.overrides:
        o = _override(fold(w))
        if o is not None:
            return o
    if cfg.guard and len(w) >= 5:
        g = _guarded(fold(w)) or _participle_guard(_lfold(w))
        if g is not None:
            return g
    s = _snowball(w) if cfg.stem else w
    return fold(s) if cfg.fold else s


def _main_term(w: str, cfg: _Config) -> str:
    """The term of a lowercased word on both the index and the query side."""
    key = (w, cfg.key)
    t = _MAIN_CACHE.get(key)
    if t is not None:
        return t
    if "*" in w:
        # Gender-neutral forms mean everybody: the masculine base's term.
        base, _, suffix = w.partition("*")
        t = _stem_plain(base, cfg) if cfg.gender else _stem_plain(base + suffix, cfg)
    elif cfg.gender:
        w2 = _feminine_plural_to_singular(w)
        if len(w2) >= 7 and w2.endswith("erin"):
            # Snowball strips -erin (Lehrerin -> lehr): keep feminine forms apart
            # from the base here; the base is added at index time.
            t = _stem_plain(w2[:-2], cfg) + "in"
        else:
            t = _stem_plain(w2, cfg)
    else:
        t = _stem_plain(w, cfg)
    if len(_MAIN_CACHE) >= _CACHE_MAX:
        _MAIN_CACHE.clear()
        _STEM_CACHE.clear()
    _MAIN_CACHE[key] = t
    return t


def _extra_terms(w: str, cfg: _Config, cap: bool = True) -> tuple[tuple[str, float], ...]:
    """Index-only terms of a lowercased word with their weights: feminine base and
    lemma (the same word: weight 1), compound parts (weight PART_BOOST).
    Only capitalised words (nouns, in German) are split: that keeps adjectives and
    participles (flüchtiger, gesprengt) whole."""
    key = (w, cap, cfg.key)
    extra = _EXTRA_CACHE.get(key)
    if extra is not None:
        return extra
    main = _main_term(w, cfg)
    out: list[tuple[str, float]] = []
    if "*" in w:
        w = w.partition("*")[0]
    elif cfg.gender:
        w = _feminine_plural_to_singular(w)
    lex = _lexicon() if (cfg.decompound or cfg.gender or cfg.lemmas) else None
    if lex is not None:
        if cfg.lemmas:
            for lemma in lex.lemmas_of(w):
                out.append((_main_term(lemma, cfg), 1.0))
        if cfg.gender:
            base = lex.feminine_base(w)
            if base:
                out.append((_stem_plain(base, cfg), 1.0))
        if cfg.decompound and cap:
            for part in lex.parts(w):
                out.append((_main_term(part, cfg), PART_BOOST))
                if cfg.gender:
                    base = lex.feminine_base(part)
                    if base:
                        out.append((_stem_plain(base, cfg), PART_BOOST))
    seen = {main}
    extra = tuple(x for x in out if len(x[0]) >= 2 and not (x[0] in seen or seen.add(x[0])))
    if len(_EXTRA_CACHE) >= _CACHE_MAX:
        _EXTRA_CACHE.clear()
    _EXTRA_CACHE[key] = extra
    return extra


# ---------------------------------------------------------------------------
# The lexicon (german-nouns), loaded lazily for index-time stages

_LINKS = ("es", "en", "er", "s", "n", "e")
_EXCLUDED_POS = ("Toponym", "Vorname", "Nachname", "Eigenname", "Abkürzung", "Wortverbindung")
# Non-noun modifiers common in compounds (Großbrand, Kleintransporter, Schnellstraße).
_ADJECTIVE_MODIFIERS = frozenset(
    "gross klein alt neu hoch tief schnell lang kurz schwer leicht frei fremd roh rot schwarz "
    "weiss blau grun gelb voll halb nah fern privat sonder einzel doppel viel mittel jung "
    "warm kalt nass trocken brand".split()
)
# Derivational suffixes that are also (rare) nouns in the lexicon: never a compound head
# (flücht-ig, Widerstand-s-los).
_NOT_HEADS = frozenset("ster tig ung heit keit schaft ling nis nisse nissen tum lich isch ische ischen sam los haft "
                       "chen lein erei ion tion ismus lose loser losen losem bare baren barer are aren arer "
                       "runge rungen alen ions ionen isches ischem ern".split())
# Participles read as X+Ende (Folgenden, Studierende): skipped when X is a verb stem.
_ENDE = ("ende", "enden", "ender", "endes", "endem")
# Modifier endings that always take the linking -s- (Sicherung-s-, Gesundheit-s-).
_S_LINKED = ("ung", "heit", "keit", "schaft", "ion", "tat", "ling", "tum", "ität")
# Unstressed verbal prefixes: a four-letter modifier starting so is the prefix of a
# derived word (Ver-brauch, Zer-störung), not a noun (Verb, Zera).
_VERB_PREFIXES = ("ver", "zer", "ent")
# Numerals before a noun make a modifier the lexicon cannot list (Einhand-, Zweirad-).
_NUMERAL_PREFIXES = ("ein", "zwei", "drei", "vier", "funf", "sechs", "sieben", "acht", "neun", "zehn",
                     "mehr", "viel", "hundert")
# Agentive suffixes of masculine bases whose -in form is feminine (Polizist-in, Student-in).
_AGENT_SUFFIXES = ("er", "ist", "ent", "ant", "eur", "or", "og", "ar")


class _Lexicon:
    """Noun forms (folded keys) -> lemmas (lowercase, unfolded), with gender, for
    compound splitting and gender checks. Parts come back unfolded so that they
    are stemmed exactly like the same word typed in a query."""

    def __init__(self, rows: Iterable[tuple[str, str, Iterable[str], bool]]):
        self.genus: dict[str, str] = {}
        self.lemma: dict[str, str] = {}  # folded lemma -> lowercase lemma
        self.verb_stems: dict[str, str] = {}
        self.short_ok: set[str] = set()  # three-letter lemmas that decline (Tat, Bus, Rad)
        forms: dict[str, list[str]] = {}
        for lemma, genus, inflected, has_plural in rows:
            low = lemma.lower()
            lf = _lfold(low)
            if len(lf) < 3:
                continue
            self.genus[lf] = self.genus.get(lf, "") + genus
            self.lemma.setdefault(lf, low)
            if len(lf) == 3 and has_plural:
                self.short_ok.add(lf)
            if genus == "n" and lf.endswith("en") and len(lf) >= 6:
                self.verb_stems.setdefault(lf[:-2], low[:-2])  # das Fahren -> fahr(rad)
            for form in {lf, *(_lfold(x) for x in set(inflected))}:
                if len(form) >= 3 and form.isalpha():
                    lst = forms.setdefault(form, [])
                    if low not in lst:
                        lst.append(low)
        # A form that is itself a lemma reads as that lemma first (haus: Haus, not Hau).
        self.forms: dict[str, tuple[str, ...]] = {
            k: (tuple(v) if len(v) == 1 else tuple(sorted(v, key=lambda lemma, k=k: _lfold(lemma) != k)))
            for k, v in forms.items()
        }
        self._parts: dict[str, tuple[str, ...]] = {}
        self._split: dict[tuple, Optional[tuple[str, ...]]] = {}

    def __getstate__(self):
        state = self.__dict__.copy()
        state["_parts"], state["_split"] = {}, {}
        return state

    def lemmas_of(self, w: str) -> tuple[str, ...]:
        """Lemmas of an inflected noun form: 'ministerien' -> ('ministerium',)."""
        f = _lfold(w)
        lemmas = self.forms.get(f)
        if lemmas is None and "e" in f:
            lemmas = self.forms.get(fold(f))  # Muell, Faehre: an ASCII spelling of an umlaut
        return tuple(lemma for lemma in lemmas or () if lemma != w)[:2]

    def feminine_base(self, w: str) -> Optional[str]:
        """'polizistin' -> 'polizist', 'kollegin' -> 'kollege'; 'termin', 'medizin' -> None."""
        f = _lfold(w)
        if len(f) < 5 or not f.endswith("in"):
            return None
        g = self.genus.get(f)
        if g is not None and "f" not in g:
            return None  # Termin (m), Benzin (n), Magazin (n), Kamin (m)
        base = f[:-2]
        for cand in (base, base + "e"):
            if "m" in self.genus.get(cand, ""):
                return self.lemma[cand]  # Dieb-in, Kolleg(e)-in, Zeug(e)-in
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
        lemmas = self.forms.get(f)
        if not lemmas or len(f) < min_part:
            return None
        lf = _lfold(lemmas[0])
        if len(lf) < min_part or (len(lf) == 3 and lf not in self.short_ok):
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
        if m in self.verb_stems:
            return (self.verb_stems[m],)
        for link in _LINKS:
            if m.endswith(link) and len(m) - len(link) >= max(3, min_part):
                core = m[: -len(link)]
                lemma = self._word(core, min_part)
                if lemma:
                    return (lemma,)
                if core in self.verb_stems:
                    return (self.verb_stems[core],)
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
            if stem and len(stem) >= 4 and stem + "ung" in self.forms:
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

    def genus_of(self, f: str) -> Optional[str]:
        """The genders of the lemma of a known form (folded), or None."""
        lemmas = self.forms.get(f)
        return self.genus.get(_lfold(lemmas[0])) if lemmas else None

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
            for cand in self.forms.get(head, (lemma,)):
                hg = self.genus.get(_lfold(cand))
                if not hg or set(hg) & set(genus) & set("mfn"):
                    return cand if len(_lfold(cand)) >= 3 else None  # Haupt-straße, not -Strass
            return None
        return lemma

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
        for i in range(max(3, min_part), n - 2):
            head = f[i:]
            if head in _NOT_HEADS:
                continue
            lemma = self._head(head, i, min_part, genus)
            if not lemma:
                continue
            if head in _ENDE and (f[:i] in self.verb_stems or f[:i] + "en" in self.forms
                                  or f[:i].endswith("ier")):
                continue
            if head[0] == "s" and i + 1 <= n - 3 and (
                f[:i].endswith(_S_LINKED) or (f[: i + 1] in self.forms and f[i + 1 :] in self.forms
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
            mod = self._modifier(f[:i], min_part)
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
                result = (*mod, lemma)
                if len(mod) == 1:
                    # Bracket [[Motor rad] fahrer] rather than [Motor [Rad fahrer]] when
                    # the head starts with a three-letter word that joins the modifier.
                    hs = self.split(head, 3)
                    if hs and len(hs) == 2 and len(_lfold(hs[0])) == 3:
                        left = self._word(f[: i + 3], 4)
                        right = self._word(head[3:], 4)
                        if left and right:
                            result = (left, right)
                break
        self._split[key] = result
        return result

    def best_split(self, w: str) -> Optional[tuple[str, ...]]:
        """The split of a word as the analyzer uses it. A word the lexicon knows whole
        splits only into parts of 4+ letters (Banken is not Ban-ken)."""
        f = _lfold(w)
        known = f in self.forms
        result = self.split(f, 4 if known else 3, self.genus_of(f) if known else None)
        if result is None and "e" in f and fold(f) != f:
            # Muellabfuhr: an ASCII spelling of an umlaut, tried after the word as written
            g = fold(f)
            result = self.split(g, 4 if g in self.forms else 3)
        return result

    def parts(self, w: str) -> tuple[str, ...]:
        """All parts to index for a word: modifiers, head, and the head's own parts."""
        f = _lfold(w)
        p = self._parts.get(f)
        if p is None:
            split = self.best_split(w)
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
                if len(split) > 2:
                    # the modifier compound as a whole, as written (Verkehrs|unfall|ursache)
                    k = f.rfind(head[:4]) if len(head) >= 4 else -1
                    surface = f[:k] if k > 0 else "".join(split[:-1])
                    if surface.endswith("s") and surface[:-1].endswith(_S_LINKED):
                        surface = surface[:-1]
                    out.append(surface)
            p = self._parts[f] = tuple(dict.fromkeys(out))
        return p


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


_LEXICON_FORMAT = 4  # bump when _Lexicon's fields or the reading rules change


def _lexicon_cache_path():
    import os
    from pathlib import Path

    try:
        from importlib.metadata import version

        v = version("german-nouns")
    except Exception:
        return None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "searcher" / f"lexicon-german-nouns-{v}-f{_LEXICON_FORMAT}.pickle"


def _load_lexicon() -> _Lexicon:
    """Build the lexicon from german-nouns (about 3 s), or read the pickled build from
    the user's cache directory (about 0.3 s); the cache is rebuilt if unreadable."""
    import pickle

    path = _lexicon_cache_path()
    if path is not None:
        try:
            with open(path, "rb") as fh:
                lex = pickle.load(fh)
            if isinstance(lex, _Lexicon):
                return lex
        except Exception:
            pass
    try:
        lex = _Lexicon(_read_german_nouns())
    except ImportError:  # german-nouns not installed: no decompounding, no gender check
        return _Lexicon(())
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            with open(tmp, "wb") as fh:
                pickle.dump(lex, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except OSError:
            pass
    return lex


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


# ---------------------------------------------------------------------------
# Whoosh stages

_TOKEN_RE = re.compile(
    r"[^\W_]+(?:(?:[*:_]|/-?)(?=in(?:nen)?\b)[^\W_]+)?(?:-[^\W_]+(?:(?:[*:_]|/-?)(?=in(?:nen)?\b)[^\W_]+)?)*"
)
_HYPHEN = re.compile(r"(?<!/)-")
_GENDER_MARK = re.compile(r"(?:[*:_]|/-?)(in(?:nen)?)$")
_BINNEN_I = re.compile(r"(?<=[a-zäöüß])(In(?:nen)?)$")


def _gender_neutral(word: str) -> str:
    """'Lehrer*innen', 'Mitarbeiter:innen', 'MitarbeiterInnen' -> 'Lehrer*innen' form."""
    if "In" not in word and word.isalnum():
        return word
    m = _GENDER_MARK.search(word)
    if m:
        return word[: m.start()] + "*" + m.group(1)
    m = _BINNEN_I.search(word)
    if m and len(word) - len(m.group(1)) >= 3:
        return word[: m.start()] + "*" + m.group(1).lower()
    return word


class GermanTokenizer(Tokenizer):
    """Words of Unicode letters and digits. A hyphenated word gives each part at
    consecutive positions and the joined form at the first part's position (so the
    phrase "IQ Netzwerk" matches "IQ-Netzwerk"); gender-marked forms are one word."""

    def __eq__(self, other):
        return other is not None and self.__class__ is other.__class__

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            t.original = t.text = value
            t.boost = 1.0
            if positions:
                t.pos = start_pos
            if chars:
                t.startchar, t.endchar = start_char, start_char + len(value)
            yield t
            return
        pos = start_pos
        for m in _TOKEN_RE.finditer(value):
            for text, original, p, s, e in _pieces(m, pos):
                t.text = _gender_neutral(text)
                t.cap = text[0].isupper()
                t.boost, t.stopped = 1.0, False
                if keeporiginal:
                    t.original = original
                if positions:
                    t.pos = p
                if chars:
                    t.startchar, t.endchar = start_char + s, start_char + e
                yield t
            pos = p + 1


def _pieces(m, pos: int):
    """The tokens of one matched word as (text, original, position, start, end):
    the word itself; for a hyphenated word each part at its own position and,
    right after the first part, the joined form at the first part's position."""
    word = m.group(0)
    start, end = m.span()
    parts = _HYPHEN.split(word) if "-" in word else None
    if parts is None or len(parts) == 1:
        return ((word, word, pos, start, end),)
    out = []
    offset = start
    for k, part in enumerate(parts):
        out.append((part, part, pos + k, offset, offset + len(part)))
        if k == 0:
            out.append(("".join(parts), word, pos, start, end))
        offset += len(part) + 1
    return out


class GermanStemFilter(Filter):
    """Gender normalisation, overrides, Snowball stem and fold: one cached lookup a word.
    Keeps the lowercased word in ``token.word`` for the index-only expansion."""

    is_morph = True

    def __init__(self, stem=True, fold=True, overrides=True, gender=True, guard=True):
        self.cfg_args = dict(stem=stem, fold=fold, overrides=overrides, gender=gender, guard=guard)

    def __setstate__(self, state):
        # An analyzer pickled in an index written before the lexicon guard: its
        # terms were written without it, so its queries go without it too.
        state["cfg_args"] = {"guard": False, **state.get("cfg_args", {})}
        self.__dict__.update(state)

    def __eq__(self, other):
        return other is not None and self.__class__ is other.__class__ and self.cfg_args == other.cfg_args

    def __call__(self, tokens):
        cfg = _config(decompound=False, lemmas=False, **self.cfg_args)
        plain = _config(decompound=False, lemmas=False, **dict(self.cfg_args, guard=False))
        ck, pk = cfg.key, plain.key
        guard = cfg.guard
        cache = _MAIN_CACHE
        for t in tokens:
            w = t.text
            t.word = w
            if guard and not getattr(t, "cap", True):
                # The guard is for nouns: a lowercase word (wichtiger, falscher) keeps
                # Snowball's term; typed lowercase in a query, it also asks for the
                # guarded noun's term (messer: Messer as well as messen).
                s = cache.get((w, pk))
                t.text = s if s is not None else _main_term(w, plain)
                if t.mode == "query":
                    guarded = _main_term(w, cfg)
                    if guarded != t.text:
                        yield t
                        t.text = guarded
                yield t
                continue
            s = cache.get((w, ck))
            t.text = s if s is not None else _main_term(w, cfg)
            yield t


class GermanExpandFilter(Filter):
    """Index time: after each token, its extra terms (feminine base, lemma, compound
    parts) at the same position and with the same chars, so highlighting marks the
    whole original word."""

    def __init__(self, stem=True, fold=True, overrides=True, gender=True, decompound=True, lemmas=True,
                 guard=True):
        self.cfg_args = dict(stem=stem, fold=fold, overrides=overrides, gender=gender,
                             decompound=decompound, lemmas=lemmas, guard=guard)

    __setstate__ = GermanStemFilter.__setstate__

    def __eq__(self, other):
        return other is not None and self.__class__ is other.__class__ and self.cfg_args == other.cfg_args

    def __call__(self, tokens):
        cfg = _config(**self.cfg_args)
        plain = _config(**dict(self.cfg_args, guard=False))
        cache = _EXTRA_CACHE
        for t in tokens:
            yield t
            w = getattr(t, "word", None)
            if w is None:
                continue
            cap = getattr(t, "cap", True)
            c = cfg if cap else plain  # the guard is for nouns (see GermanStemFilter)
            extra = cache.get((w, cap, c.key))
            if extra is None:
                extra = _extra_terms(w, c, cap)
            if extra:
                main, boost = t.text, t.boost
                for x, weight in extra:
                    t.text = x
                    t.boost = boost * weight
                    yield t
                t.text, t.boost = main, boost


class IndexOnly(MultiFilter):
    """MultiFilter(index=f, query=PassFilter()) that is safe on an empty stream."""

    def __init__(self, index_filter):
        super().__init__(index=index_filter, query=PassFilter())

    def __call__(self, tokens):
        for t in tokens:
            f = self.filters.get(t.mode, self.default_filter)
            yield from f(_prepend(t, tokens))
            return


def _prepend(first, rest):
    yield first
    yield from rest


class GermanStopFilter(Filter):
    """Drop German stop words and one-letter tokens, renumbering positions so that
    tokens sharing a position keep sharing it (whoosh's StopFilter renumbers every
    token, which would pull a hyphenated word's joined form off its position)."""

    def __init__(self, stoplist=_STOPWORDS, minsize=2):
        self.stops = frozenset(stoplist)
        self.minsize = minsize

    def __eq__(self, other):
        return (other is not None and self.__class__ is other.__class__
                and self.stops == other.stops and self.minsize == other.minsize)

    def __call__(self, tokens):
        stops, minsize = self.stops, self.minsize
        dropped = 0  # positions with no token left before the current one
        last_pos = None
        last_kept = True
        for t in tokens:
            keep = len(t.text) >= minsize and t.text not in stops
            if t.positions:
                if t.pos != last_pos:
                    if last_pos is not None and not last_kept:
                        dropped += 1
                    last_pos, last_kept = t.pos, False
                if keep:
                    last_kept = True
                    t.pos -= dropped
            if keep:
                t.stopped = False
                yield t
            elif not t.removestops:
                t.stopped = True
                yield t


def german_analyzer(stem: bool = True, fold: bool = True, overrides: bool = True,
                    decompound: bool = True, gender: bool = True, lemmas: bool = True, guard: bool = True):
    """The analyzer of the release text fields (title, subtitle, body, quotes, issuer).

    The switches turn stages off for ablation; the defaults are the full chain.

    >>> [t.text for t in german_analyzer()("Lehrer*innen im IQ-Netzwerk")]
    ['lehrer', 'iq', 'iqnetzwerk', 'netzwerk']
    """
    chain = GermanTokenizer() | LowercaseFilter() | GermanStopFilter()
    chain = chain | GermanStemFilter(stem=stem, fold=fold, overrides=overrides, gender=gender, guard=guard)
    if decompound or gender or lemmas:
        chain = chain | IndexOnly(GermanExpandFilter(stem=stem, fold=fold, overrides=overrides,
                                                     gender=gender, decompound=decompound,
                                                     lemmas=lemmas, guard=guard))
    return GermanAnalyzer(*chain.items)


class GermanAnalyzer(CompositeAnalyzer):
    """The composed chain, with index-mode analysis of the full chain done in one
    loop: the same tokens as the stages one after another (tested against them),
    without a generator hop per token and stage. Indexing spends most of its
    analysis time there; queries, ablations and unusual options go through the
    stages themselves."""

    def __call__(self, value, no_morph=False, **kwargs):
        if kwargs.get("mode") != "index" or no_morph or not self._fusable(kwargs):
            return super().__call__(value, no_morph=no_morph, **kwargs)
        return self._index_tokens(value, guard=self._fast[1], **kwargs)

    def _fusable(self, kwargs) -> bool:
        fast = self.__dict__.get("_fast")
        if fast is None:
            items = self.items
            # the full chain, with the lexicon guard (or without: an index written before it)
            guard = len(items) > 3 and getattr(items[3], "cfg_args", {}).get("guard") is True
            full = dict(stem=True, fold=True, overrides=True, gender=True, guard=guard)
            fast = self._fast = (
                len(items) == 5
                and type(items[0]) is GermanTokenizer
                and type(items[1]) is LowercaseFilter
                and type(items[2]) is GermanStopFilter
                and items[2].stops == _STOPWORDS and items[2].minsize == 2
                and type(items[3]) is GermanStemFilter and items[3].cfg_args == full
                and type(items[4]) is IndexOnly
                and items[4].filters.get("index") == GermanExpandFilter(guard=guard)
            ), guard
        return (fast[0] and kwargs.get("tokenize", True) and kwargs.get("removestops", True)
                and not kwargs.get("keeporiginal"))

    def __getstate__(self):
        state = self.__dict__.copy()
        state.pop("_fast", None)
        return state

    @staticmethod
    def _index_tokens(value, positions=False, chars=False, keeporiginal=False, removestops=True,
                      start_pos=0, start_char=0, tokenize=True, mode="", guard=True, **kwargs):
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        cfg = _config(guard=guard)  # the expansion's (GermanExpandFilter) ...
        main_cfg = _config(decompound=False, lemmas=False, guard=guard)  # ... and the stem filter's
        # lowercase words go without the guard (see GermanStemFilter)
        low_cfg, low_main_cfg = _config(guard=False), _config(decompound=False, lemmas=False, guard=False)
        mk, ck, lmk, lck = main_cfg.key, cfg.key, low_main_cfg.key, low_cfg.key
        main_get = _MAIN_CACHE.get
        extra_get = _EXTRA_CACHE.get
        stops = _STOPWORDS
        pos = start_pos
        # the stop filter's renumbering: positions left with no token are taken out
        dropped, last_pos, last_kept = 0, None, True
        for m in _TOKEN_RE.finditer(value):
            for text, _, p, s, e in _pieces(m, pos):
                cap = text[0].isupper()
                w = _gender_neutral(text).lower()
                keep = len(w) >= 2 and w not in stops
                if positions:
                    if p != last_pos:
                        if last_pos is not None and not last_kept:
                            dropped += 1
                        last_pos, last_kept = p, False
                    if not keep:
                        continue
                    last_kept = True
                    t.pos = p - dropped
                elif not keep:
                    continue
                if chars:
                    t.startchar, t.endchar = start_char + s, start_char + e
                t.stopped = False
                if cap:
                    main = main_get((w, mk))
                    t.text = main if main is not None else _main_term(w, main_cfg)
                    t.boost = 1.0
                    yield t
                    extra = extra_get((w, True, ck))
                    if extra is None:
                        extra = _extra_terms(w, cfg, True)
                else:
                    main = main_get((w, lmk))
                    t.text = main if main is not None else _main_term(w, low_main_cfg)
                    t.boost = 1.0
                    yield t
                    extra = extra_get((w, False, lck))
                    if extra is None:
                        extra = _extra_terms(w, low_cfg, False)
                for x, weight in extra:
                    t.text = x
                    t.boost = weight
                    yield t
            pos = p + 1


class FoldFilter(Filter):
    """Fold each token (names: no stemming)."""

    def __eq__(self, other):
        return other is not None and self.__class__ is other.__class__

    def __call__(self, tokens):
        for t in tokens:
            t.text = fold(t.text)
            yield t


def name_analyzer():
    """The analyzer of person names: tokens lowercased and folded, no stemming.

    >>> [t.text for t in name_analyzer()("Petra Köpping")]
    ['petra', 'kopping']
    """
    from whoosh.analysis import RegexTokenizer

    return RegexTokenizer(r"[^\W_]+") | LowercaseFilter() | FoldFilter()


def stem_word(word: str) -> str:
    """The query-side term of one word: ``stem_word('Sprachkurse') == 'sprachkurs'``."""
    return _main_term(_gender_neutral(word).lower(), _config(decompound=False, lemmas=False))


def split_query_word(word: str, doc_frequency, **switches) -> Optional[tuple[str, str]]:
    """Split a compound typed in a query into two terms of the index, when the index
    knows the parts much better than the whole (Koehn & Knight's rule: the geometric
    mean of the parts' document frequencies beats the whole word's). No lexicon is
    loaded: the index's own vocabulary decides, through ``doc_frequency(term) -> int``.

    The query layer can then match the word as ``whole OR (part1 AND part2)``, the
    parts weighted lower. ``Strassenrennen`` -> ``('strass', 'renn')`` on a corpus
    that mostly says Kraftfahrzeugrennen and Straße.
    """
    cfg = _config(decompound=False, lemmas=False, **switches)
    w = _gender_neutral(word).lower()
    if "*" in w or len(w) < 7 or not w.isalpha():
        return None
    whole = doc_frequency(_main_term(w, cfg))
    best, best_score = None, float(whole)
    f = w
    for i in range(4, len(f) - 3):
        head = f[i:]
        if head in _NOT_HEADS:
            continue
        head_term = _main_term(head, cfg)
        head_df = doc_frequency(head_term)
        if not head_df:
            continue
        mod = f[:i]
        variants = [mod] + [mod[: -len(link)] for link in _LINKS if mod.endswith(link) and len(mod) - len(link) >= 3]
        variants.append(mod + "e")
        for m in variants:
            if m in _STOPWORDS_FOLDED or m in _STOPWORDS:
                continue
            mod_term = _main_term(m, cfg)
            mod_df = doc_frequency(mod_term)
            if mod_df:
                score = (mod_df * head_df) ** 0.5
                if score > best_score:
                    best, best_score = (mod_term, head_term), score
                break
    return best


def analyze_query_word(word: str) -> list[str]:
    """The query terms of one typed word (hyphenated words give parts and joined form)."""
    return [t.text for t in german_analyzer()(word, mode="query")]
