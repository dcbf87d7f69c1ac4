"""The word lists the compound splitter reads beside the lexicon: linking elements, modifiers
that are no nouns, prefixes, the stems of strong verbs and the nouns german-nouns lacks."""
from __future__ import annotations

from typing import Optional

from .folding import _lfold

_LINKS = ("es", "en", "er", "s", "n", "e")
_EXCLUDED_POS = ("Toponym", "Vorname", "Nachname", "Eigenname", "Abkürzung", "Wortverbindung")
# Non-noun modifiers common in compounds (Großbrand, Kleintransporter, Schnellstraße).
# Adverbs and bound forms that are no prepositions (those are stop words: Unter-, Zwischen-)
# modify a noun head the same way (Innen-minister, Außen-spiegel, Elektro-roller, Ost-bahnhof).
_ADJECTIVE_MODIFIERS = frozenset(
    "gross klein alt neu hoch tief schnell lang kurz schwer leicht frei fremd roh rot schwarz "
    "weiss blau grun gelb voll halb nah fern privat sonder einzel doppel viel mittel jung "
    "warm kalt nass trocken brand "
    "innen aussen ober vorder neben gesamt spezial elektro sexual sozial ost west sud nord".split()
)
# Participles read as X+Ende (Folgenden, Studierende): the stemmer's guard reads them
# (searcher.analysis.stemming); the splitter skips them in .heads.
_ENDE = ("ende", "enden", "ender", "endes", "endem")
# Modifier endings that always take the linking -s- (Sicherung-s-, Gesundheit-s-).
_S_LINKED = ("ung", "heit", "keit", "schaft", "ion", "tat", "ling", "tum", "ität")
# Unstressed verbal prefixes: a four-letter modifier starting so is the prefix of a
# derived word (Ver-brauch, Zer-störung), not a noun (Verb, Zera).
_VERB_PREFIXES = ("ver", "zer", "ent")
# Two-letter separable prefixes: a word the lexicon knows that is one of them and a noun is
# a derivation (Zu-griff, An-zug), not a three-letter modifier and a head.
_SHORT_PREFIXES = ("zu", "an", "ab", "um")
# Three-letter nouns that are productive modifiers (bench/decompound_short_modifiers.py: most
# lexicon lemmas that start with them are compounds of them): tried in words the lexicon
# knows whole (Bus-fahrer, Tat-ort, Amt-s-gericht), where other three-letter starts are not
# (Beg-leiter, Mac-hete, Tau-send).
_SHORT_MODIFIERS = frozenset(
    "aal aas ahn akt alm alp alt amt arm asi bad bar bau bob box bus cup dom eck ehe eid eis elb end erz "
    "fan gas gut has hau hof huf hut job klo kot kuh lai lob log los lot lug mai mod not ohr oko ort rad "
    "reh rot ruf see ski sud tag tal tat tee tod ton top tor tur uhr zar zoo zug".split()
)
# Numerals before a noun make a modifier the lexicon cannot list (Einhand-, Zweirad-).
_NUMERAL_PREFIXES = ("ein", "zwei", "drei", "vier", "funf", "sechs", "sieben", "acht", "neun", "zehn",
                     "mehr", "viel", "hundert")
# Agentive suffixes of masculine bases whose -in form is feminine (Polizist-in, Student-in).
_AGENT_SUFFIXES = ("er", "ist", "ent", "ant", "eur", "or", "og", "ar")


_STRONG_STEMS: Optional[frozenset] = None


def _strong_stems() -> frozenset:
    """The stems (folded, four letters or more) of the strong and irregular verbs of
    :mod:`.verbs`: a verb stem is a compound's modifier as often as a noun is
    (Spring-messer, Schwimm-halle, Trink-halle), and german-nouns lists the infinitive
    as a noun (das Rennen: Renn-rad) for only some of them."""
    global _STRONG_STEMS
    if _STRONG_STEMS is None:
        from .verbs import _verbs

        stems = (_lfold(inf[:-2] if inf.endswith("en") else inf[:-1]) for inf, *_ in _verbs())
        _STRONG_STEMS = frozenset(st for st in stems if len(st) >= 4)
    return _STRONG_STEMS


# Common nouns german-nouns lacks (its Wiktionary source files them under another part of
# speech), found as the unknown tail of most compounds in the Berlin and Wikinews texts
# (Polizei-wagen, Fest-wagen, Streifen-wagen): (lemma, genus, forms, has a plural).
_SUPPLEMENT = (("Wagen", "m", ["Wagen", "Wagens", "Wägen"], True),)
