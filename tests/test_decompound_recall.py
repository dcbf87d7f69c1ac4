"""Decompounding mechanisms: heads and modifiers found where the lexicon alone misses
them, and simplex words not split into look-alike parts."""
from __future__ import annotations

import pytest

from searcher.analysis import german_analyzer, split_compound, stem_word


def index_terms(word):
    return {t.text for t in german_analyzer()(word, mode="index")}


@pytest.mark.parametrize("word, part", [
    ("Bauentwicklung", "Entwicklung"),   # ae/oe/ue kept while splitting: the boundary survives
    ("Feuerwehrauto", "Auto"),
    ("Paarungsruf", "Ruf"),              # -ung + linking -s-, the modifier unlisted
    ("Sanitätshaus", "Haus"),            # -tät + linking -s-
    ("Nebeltag", "Tag"),                 # a compound the lexicon knows whole, three-letter head
    ("Unfallortes", "Unfall"),
    ("Einhandmesser", "Messer"),         # numeral + noun as modifier
    ("Rasiermesser", "Messer"),          # verb stem in -ier as modifier
    ("Lieferfahrzeug", "Fahrzeug"),      # verb stem known by its -ung noun (Lieferung)
    ("Messerstecherei", "Messer"),       # derived head in -erei
    ("Verkehrsunfallursache", "Verkehrsunfall"),  # the modifier compound as written
    ("Muellabfuhr", "Müll"),             # an ASCII umlaut still splits
    ("Springmesser", "Messer"),          # a strong verb's stem as modifier (springen)
    ("Bergbau", "Bau"),                  # ... but Berg (bergen) is a noun, and Bau may follow it
    ("Schwimmhalle", "Halle"),
    ("Busfahrer", "Bus"),                # a productive three-letter modifier in a word known whole
    ("Amtsgericht", "Gericht"),          # ... with a linking -s-
    ("Tatverdächtiger", "Tat"),
    ("Innenminister", "Minister"),       # adverbs and bound modifiers (Innen-, Außen-, Elektro-)
    ("Außenspiegel", "Spiegel"),
    ("Elektroroller", "Roller"),
    ("Ostbahnhof", "Bahnhof"),
    ("Polizeiwagens", "Wagen"),          # a noun german-nouns lacks (Wagen)
    ("Festwagen", "Wagen"),
    ("Wohnungsbaugesellschaft", "Wohnung"),  # a modifier's parts joined by the -s- of an -ung noun
])
def test_compound_parts_are_found(word, part):
    assert stem_word(part) in index_terms(word)


@pytest.mark.parametrize("word, wrong", [
    ("Material", "Rial"),       # head must agree with the word's gender (n vs m)
    ("Register", "Ster"),
    ("Verbrauch", "Rauch"),     # Ver- is a prefix, not the noun Verb
    ("Minister", "Mini"),
])
def test_simplex_words_are_not_split_into_look_alikes(word, wrong):
    assert stem_word(wrong) not in index_terms(word)
    assert index_terms(word) == {stem_word(word)}


@pytest.mark.parametrize("word, wrong", [
    ("Zugriff", "Riff"),         # Zu-griff: a separable prefix and a noun, not Zug + Riff
    ("Zugehörigkeit", "Zug"),
    ("Kommunismus", "Uni"),      # no verb stem before a three-letter head (Komm + Uni + Mus)
    ("Gastraum", "Traum"),       # a longer modifier first: Gast-raum, not Gas-traum
    ("Begleiter", "Leiter"),     # Beg is no productive modifier
    ("Machete", "Hete"),
    ("Speisen", "Sen"),          # a verb stem wants a head of four letters or more
    ("Brennende", "Ende"),       # the present participle of a strong verb
    ("Motorradfahrer", "Radfahrer"),  # a motorcyclist is no cyclist
])
def test_short_modifiers_and_verb_stems_make_no_false_parts(word, wrong):
    assert stem_word(wrong) not in index_terms(word)


def test_head_gender_chooses_among_homographs():
    # Hauptstraße (f): the head is Straße (f), not Strass (m)
    assert split_compound("Hauptstraße")[-1] == "straße"
    assert stem_word("Straße") in index_terms("Hauptstraßen")


def text_terms(text):
    return {t.text for t in german_analyzer()(text, mode="index")}


@pytest.mark.parametrize("text, wrong", [
    # adjectives capitalised at a sentence's start or as nouns: noun + -ig/-isch + ending
    ("Verdächtiger Mann am Ufer gesehen", "Tiger"),      # not Verdach + Tiger
    ("Flüchtiger Radler gestellt", "Fluch"),             # not Fluch + Tiger
    ("Spanische Gäste feierten lange", "Nische"),        # not Spa + Nische
    ("Medizinische Hilfe kam rasch", "Nische"),
    # a suffix of derivation with an ending is no head
    ("Gemeinsame Kontrolle von Zoll und Polizei", "Samen"),
    ("Mangelhafte Bremsen am Anhänger", "Haft"),
    # present participles and comparatives: the ending is no noun
    ("Überraschend kam der Regen", "Ende"),
    ("Entsprechende Hinweise nimmt jede Dienststelle an", "Ende"),
    ("Älteren Damen wurde geholfen", "Eren"),
    ("Weiteren Fragen wich er aus", "Eren"),
    ("Neueste Meldung vom Revier", "Este"),
    # a noun in -er derived from a word that does not split keeps whole
    ("Discounter am Markt überfallen", "Disco"),
])
def test_derived_and_inflected_words_are_not_split(text, wrong):
    assert stem_word(wrong) not in text_terms(text)


@pytest.mark.parametrize("text, part", [
    # the same letters in a real compound still split
    ("Der Papiertiger im Rathaus", "Tiger"),
    ("Zwei Schreibtische standen im Flur", "Tisch"),
    ("Am Wochenende regnete es", "Ende"),
    ("Wassereis für die Kinder", "Eis"),
    ("Ein Hauptverdächtiger wurde gefasst", "Verdächtiger"),
    ("Ein Lebensmitteldiscounter wurde überfallen", "Discounter"),
])
def test_real_compounds_with_those_letters_still_split(text, part):
    assert stem_word(part) in text_terms(text)
