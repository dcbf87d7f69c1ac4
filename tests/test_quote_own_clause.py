"""A clause of the quote's own sentence that frames its reported clause names the
speaker before one is carried over from the sentences before (issue 13: a cue
inside the quote's own clause beats carrying over). Texts are written for the tests."""
from __future__ import annotations

import pytest

from searcher.parse.quotes import QuoteExtractor

#: The sentences before: a person speaks, then a reported sentence continues their speech.
LEAD = "Stadtrat Olaf Brettschneider sagte am Montag: „Wir bleiben dabei.“ Er sei „zuversichtlich“. "


def last_speaker(sentence: str) -> str:
    text = LEAD + sentence
    quotes = [q for q in QuoteExtractor([text]).extract(text) if q.kind == "direct" and q.start > len(LEAD)]
    assert len(quotes) == 1
    return quotes[0].speaker


@pytest.mark.parametrize("sentence, speaker", [
    # a colon after an indicative clause with a typed subject
    ("Der Mieterbund reagierte empört: Die Pläne seien „ein Angriff auf Familien“.", "Der Mieterbund"),
    ("Die Gewerkschaft übte scharfe Kritik: Die Pläne seien „ein Angriff“.", "Die Gewerkschaft"),
    # the subject after the finite verb when something else is fronted (V2)
    ("Anders sieht das die Opposition: Die Pläne seien „völlig verfehlt“.", "die Opposition"),
    ("Dem widerspricht der Mieterbund: Die Pläne seien „ein Angriff“.", "der Mieterbund"),
    ("Am Dienstag reagierte die Partei empört, die Pläne seien „ein Angriff“.", "die Partei"),
    ("Scharfe Kritik übte die Gewerkschaft, die Pläne seien „ein Angriff“.", "die Gewerkschaft"),
    ("In einem Brief an die Mitglieder wandte sich Anna Wendler gegen die Pläne, diese seien „ein Angriff“.",
     "Anna Wendler"),
    # a subordinate clause first: the main clause opens with its verb, the subject follows
    ("Nachdem die Pläne bekannt wurden, reagierte die Gewerkschaft empört: Die Pläne seien „ein Angriff“.",
     "die Gewerkschaft"),
    # a relative clause after the subject
    ("Die Gewerkschaft, die 5000 Mitglieder vertritt, reagierte empört, die Pläne seien „ein Angriff“.",
     "Die Gewerkschaft"),
    # a verb of saying or judging in the subjunctive of reported speech: its subject
    ("Die Gewerkschaft halte die Pläne für „einen Angriff“.", "Die Gewerkschaft"),
    ("Zudem fordere die Gewerkschaft eine „schnelle Lösung“.", "die Gewerkschaft"),
    ("Anna Wendler fordere eine „schnelle Lösung“.", "Anna Wendler"),
    ("Die Gewerkschaft befürchte, die Pläne seien „ein Angriff“.", "Die Gewerkschaft"),
    # an inverted clause right after the quote frames the reported words before it
    ("Die Pläne seien „ein Angriff“, findet die Gewerkschaft.", "die Gewerkschaft"),
    ("Die Pläne seien „ein Angriff“, ist die Gewerkschaft überzeugt.", "die Gewerkschaft"),
    ("Das sei „ein Angriff auf die Beschäftigten“, empörte sich der Mieterbund.", "der Mieterbund"),
])
def test_a_framing_clause_of_the_own_sentence_beats_the_speaker_before(sentence, speaker):
    assert last_speaker(sentence) == speaker


@pytest.mark.parametrize("sentence", [
    # the subject of the reported clause itself, with no verb of saying, is no speaker
    "Die Beamten hätten die Lage „mit einfacher Gewalt“ beruhigt.",
    "Jeder Lehrer könne „das Geld später abrufen“.",
    # a subordinate clause and a reported main clause: nothing frames it
    "Weil die Pläne bekannt wurden, seien sie „ein Angriff“.",
    # a clause after the quote that is no inverted frame
    "Die Pläne seien „ein Angriff“, und die Gewerkschaft werde sich wehren.",
])
def test_without_a_framing_clause_the_speaker_before_is_carried_over(sentence):
    assert last_speaker(sentence) == "Olaf Brettschneider"


def test_a_quote_in_a_relative_clause_or_deep_in_nested_clauses_is_not_the_frame_subjects():
    # the words are the shouters', not the caller's; a label deep in reported clauses is no speech
    text = ("Eine Anwohnerin alarmierte gegen 22 Uhr die Feuerwehr und meldete, dass vor dem Haus "
            "Jugendliche stünden, die „Feuer frei“ riefen.")
    assert [q.speaker for q in QuoteExtractor([text]).extract(text) if q.kind == "direct"] != ["Eine Anwohnerin"]
    text = ("Inzwischen hatten die Ermittler herausgefunden, dass ein Mann angerufen hatte, der sie gebeten habe, "
            "das Geld einem wartenden „Boten“ zu geben.")
    assert [q for q in QuoteExtractor([text]).extract(text) if q.kind == "direct"] == []


def test_a_whole_quoted_sentence_in_a_framed_clause_is_not_the_previous_quotes_speaker():
    sentence = "Der Mieterbund reagierte empört: Das sei „ein Angriff auf alle Mieter. Wir wehren uns.“"
    assert last_speaker(sentence) == "Der Mieterbund"
