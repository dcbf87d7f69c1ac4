"""Round 2 of issue 13: speakers typed by general rules beyond the role
vocabulary (agent nouns with a feminine partner, nominalised participles),
organisation coreference and colon introductions. Texts are written for the tests."""
from __future__ import annotations

from searcher.parse.quotes import QuoteExtractor, persons_quoted


def extract(text: str):
    ex = QuoteExtractor([text])
    return ex, [q for q in ex.extract(text) if q.kind == "direct"]


def speaker_of(text: str, words: str) -> str:
    return next(q.speaker for q in extract(text)[1] if words in q.text)


# -- a noun for a person the role vocabulary does not list --

def test_an_agent_noun_outside_the_role_vocabulary_speaks_but_is_no_person():
    text = ("Am Abend brannte ein Dachstuhl in der Birkenallee. Ein Anwohner sagte: "
            "„Ich habe den Rauch als Erster gesehen und sofort angerufen.“")
    ex, quotes = extract(text)
    assert [q.speaker for q in quotes] == ["Ein Anwohner"]
    assert quotes[0].speaker_kind == "role" and persons_quoted(quotes, ex) == ()


def test_the_feminine_form_and_a_nominalised_participle_speak_too():
    text = ("Eine Fußgängerin berichtete: „Der Wagen kam viel zu schnell um die Ecke.“ "
            "Ein Betroffener erklärte: „Wir wohnen seit zwanzig Jahren in dem Haus.“")
    assert speaker_of(text, "Wagen kam") == "Eine Fußgängerin"
    assert speaker_of(text, "zwanzig Jahren") == "Ein Betroffener"


# -- "die Partei", "das Ministerium": the organisation named before --

def test_the_party_and_the_ministry_resolve_to_the_body_named_before():
    text = ("Das Bundesministerium für Verkehr hat die Pläne geprüft. Die Grüne Partei lehnt sie ab. "
            "Die Partei erklärte: „Wir wollen mehr Radwege statt neuer Straßen.“ "
            "Das Ministerium teilte mit: „Die Prüfung dauert noch bis zum Sommer.“")
    ex, quotes = extract(text)
    assert [q.speaker for q in quotes] == ["Grüne Partei", "Bundesministerium für Verkehr"]
    assert {q.speaker_kind for q in quotes} == {"organisation"} and persons_quoted(quotes, ex) == ()


def test_a_general_noun_takes_an_acronym_of_its_gender_and_nothing_else():
    text = ("Die SPD will das Gesetz ändern. Die Partei erklärte: „Wir legen einen Entwurf vor.“ "
            "Der Verband sagte: „Das begrüßen wir ausdrücklich.“")
    assert speaker_of(text, "Entwurf") == "SPD"
    assert speaker_of(text, "begrüßen") == "Der Verband"  # no masculine body named before


# -- a colon introduction opened by a sentence adverb --

def test_a_sentence_adverb_before_the_subject_of_a_colon_introduction_is_dropped():
    text = ("Die Debatte im Rat dauerte bis in die Nacht. Dazu Kowalczyk: „Das ist falsch und bleibt falsch.“ "
            "Dazu Petra Nowak: „Wir prüfen das noch einmal.“ Dazu der Minister: „Die Frist bleibt bestehen.“")
    quotes = extract(text)[1]
    assert [(q.speaker, q.role) for q in quotes] == [("Kowalczyk", None), ("Petra Nowak", None), ("der Minister", None)]


def test_a_lexicon_typed_subject_attributes_no_word_in_marks_and_no_title():
    text = ("Ein Anrufer gab vor, dass der Mann sein Geld einem „Kollegen“ übergeben solle. "
            "Unbekannte beschädigten in der Nacht das „Denkmal für die ersten Radfahrer der Stadt“.")
    assert extract(text)[1] == []
