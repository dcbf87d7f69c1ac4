"""Speakers named by the clause structure around a quote rather than by a verb of
saying next to it. Texts are written for the tests."""
from __future__ import annotations

from conftest import speakers


def test_colon_intro_after_a_fronted_phrase_and_relative_clause_has_the_subject_after_the_verb():
    # the subject follows the finite verb (V2); the fronted "In einem Bericht, der …," is no speaker,
    # and the medium of the sentence before must not be carried over
    text = ("Das Stadtblatt berichtete am Morgen über den Vorfall am Hafen. "
            "In einer Mitteilung, die am Abend verschickt wurde, untermauerte das Hafenamt den Einsatz der Taucher: "
            "„Wir mussten sofort handeln, um Schlimmeres zu verhindern.“")
    assert speakers(text) == [("Wir mussten sofort handeln, um Schlimmeres zu verhindern.", "das Hafenamt")]


def test_colon_intro_after_a_fronted_phrase_with_a_genitive():
    text = ("Der Rundfunk meldete den Streit zuerst. "
            "Auf der Sitzung des Stadtrates untermauerte Kämmerin Jutta Probst den Haushalt: "
            "„Wir sparen dort, wo es niemandem schadet.“")
    assert speakers(text) == [("Wir sparen dort, wo es niemandem schadet.", "Jutta Probst")]


def test_a_role_and_name_after_von_in_a_source_cue_is_one_full_name():
    # "nach Ansicht von <Rolle> <Vorname> <Name>": the role between the particle and the name
    # does not cut the name at the first name, so the source cue names a person
    text = ("„Wir prüfen alles“, sagte Bürgermeisterin Anna Kessler am Montag. "
            "Nach Ansicht von Innenminister Paul Dorn war der Einsatz „ein voller Erfolg für die Stadt“.")
    assert speakers(text)[1] == ("ein voller Erfolg für die Stadt", "Paul Dorn")



def test_colon_intro_with_a_passive_verb_of_judging_is_said_by_its_von_agent():
    text = ("Die Debatte dauerte bis zum Abend. "
            "Stadträtin Anna Kessler wurde von Innenminister Paul Dorn scharf kritisiert: "
            "„Sie hat die Beamten im Stich gelassen.“")
    assert speakers(text) == [("Sie hat die Beamten im Stich gelassen.", "Paul Dorn")]


def test_colon_intro_with_a_verb_of_receiving_is_said_by_the_giver():
    text = ("Die Debatte dauerte bis zum Abend. "
            "Stadträtin Anna Kessler erhielt von Innenminister Paul Dorn die knappe Antwort: "
            "„Die Beamten haben richtig gehandelt.“")
    assert speakers(text) == [("Die Beamten haben richtig gehandelt.", "Paul Dorn")]


def test_a_medium_that_quotes_someone_in_the_passive_does_not_become_the_speaker():
    text = ("Die Debatte dauerte bis zum Abend. "
            "Innenminister Paul Dorn wird vom Stadtboten mit den Worten zitiert: "
            "„Die Beamten haben richtig gehandelt.“")
    assert speakers(text) == [("Die Beamten haben richtig gehandelt.", "Paul Dorn")]


def test_two_subjects_after_the_verb_of_a_fronted_phrase_name_no_single_speaker():
    text = ("Die Stadträte Jan Probe und Eva Muster stritten lange. "
            "Nach der Sitzung besiegelten Probe und Muster ihre Einigung: „Wir machen weiter.“")
    assert all(sp not in ("Jan Probe", "Eva Muster") for _, sp in speakers(text))


def test_a_name_after_von_and_a_second_role_belongs_to_that_role_not_to_the_speaker():
    # "Der Sprecher von Innenminister Paul Dorn, Tim Berger,": the spokesman speaks; Dorn is whose spokesman
    text = ("Die Debatte dauerte bis zum Abend. "
            "Der Sprecher von Innenminister Paul Dorn, Tim Berger, sagte: „Die Beamten haben richtig gehandelt.“")
    assert speakers(text) == [("Die Beamten haben richtig gehandelt.", "Tim Berger")]
    text = "„Die Beamten haben richtig gehandelt“, sagte der Sprecher von Innenminister Paul Dorn am Abend."
    assert all(sp != "Paul Dorn" for _, sp in speakers(text))


def test_a_genitive_after_a_role_still_names_the_head():
    # "des Rates Name" is ambiguous and commonly names the head: left as it was
    text = "„Alle Zeichen deuten auf einen Anschlag hin“, hieß es vom Abgeordneten des Stadtrates Viktor Muster."
    assert speakers(text) == [("Alle Zeichen deuten auf einen Anschlag hin", "Viktor Muster")]


def test_reported_speech_framed_by_a_main_clause_is_said_by_its_subject_whatever_the_verb():
    # the frame "X <verb>, <subjunctive clause with the quote>" names the speaker by its
    # structure, so a verb missing from the cue lists does not carry the speaker before over
    for verb in ("bedauerte", "relativierte", "signalisierte", "freute sich"):
        text = ("„Wir prüfen das“, sagte Bürgermeisterin Anna Kessler am Montag. "
                f"Innenminister Paul Dorn {verb}, die Beamten hätten „richtig und besonnen gehandelt“.")
        assert speakers(text)[1] == ("richtig und besonnen gehandelt", "Paul Dorn"), verb


def test_a_frame_that_is_itself_reported_names_no_speaker():
    # "Die Lage sei ernst, …": the main clause is reported too; the speaker before carries on
    text = ("„Wir prüfen das“, sagte Bürgermeisterin Anna Kessler am Montag. "
            "Die Lage sei ernst, die Beamten hätten „richtig und besonnen gehandelt“.")
    assert speakers(text)[1] == ("richtig und besonnen gehandelt", "Anna Kessler")


def test_a_quote_ending_a_fronted_subordinate_clause_is_said_by_that_clauses_subject():
    text = ("Während Anna Kessler erklärte, sie sei sehr zufrieden, „besser geht es nicht“, "
            "räumte Paul Dorn ein, er habe Zweifel gehabt.")
    assert speakers(text) == [("besser geht es nicht", "Anna Kessler")]
    text = "Nachdem Anna Kessler gefragt hatte, „wer zahlt das eigentlich?“, antwortete Paul Dorn ausweichend."
    assert speakers(text) == [("wer zahlt das eigentlich?", "Anna Kessler")]


def test_a_fronted_clause_without_a_verb_of_saying_leaves_the_cue_after_the_quote():
    text = "Weil die Stadt sparen muss, „geht es nicht anders“, sagte Kämmerin Anna Kessler."
    assert speakers(text) == [("geht es nicht anders", "Anna Kessler")]


def test_words_a_medium_reports_a_person_said_are_the_persons():
    for sentence in (
            "Die Zeitung schreibt, Innenminister Paul Dorn habe der Opposition eine „völlig verantwortungslose Politik“ vorgeworfen.",
            "Wie die Zeitung berichtet, wirft Innenminister Paul Dorn der Opposition eine „völlig verantwortungslose Politik“ vor."):
        text = "Die Lage im Land ist angespannt. " + sentence
        assert speakers(text) == [("völlig verantwortungslose Politik", "Paul Dorn")], sentence


def test_a_medium_reporting_a_persons_deeds_keeps_its_own_words():
    text = ("Die Lage im Land ist angespannt. "
            "Die Zeitung schreibt, Innenminister Paul Dorn habe eine „sehr teure Dienstreise“ unternommen.")
    assert speakers(text) == [("sehr teure Dienstreise", "Die Zeitung")]
