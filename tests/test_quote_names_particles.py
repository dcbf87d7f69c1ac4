"""Names with particles (``von der``, ``van``, ``de``, ``zu``) and the preposition
after a name (``meldete sich X zu Wort``); a role noun subject before the verb beats a
name in object position after it. Texts are written for the tests."""
from __future__ import annotations

import pytest

from conftest import speakers
from searcher.parse.quotes import analyse_phrase


@pytest.mark.parametrize("name", [
    "Marlene von der Aue", "Jorrit van der Hoeve", "Pieter van den Broek", "Lothar de Valmont",
    "Karl-Theodor zu Felsenau", "Hans-Joachim von Trebnitz", "Frank-Walter Ostendorp",
])
def test_a_name_with_particles_is_kept_whole(name):
    assert analyse_phrase(name).name == name
    text = f"„Wir bleiben bei unserem Kurs“, sagte {name} am Montag."
    assert speakers(text) == [("Wir bleiben bei unserem Kurs", name)]
    text = f"Kommissarin {name} sagte: „Wir bleiben bei unserem Kurs.“"
    assert speakers(text) == [("Wir bleiben bei unserem Kurs.", name)]


def test_a_name_stops_at_a_preposition_before_a_common_noun():
    assert analyse_phrase("Anna Wendler zu Wort").name == "Anna Wendler"
    assert analyse_phrase("Wendler zu Gast").name == "Wendler"
    text = ("Die Sitzung zog sich hin. Danach meldete sich Stadträtin Anna Wendler zu Wort: "
            "„Wir haben genug geredet.“ Später sagte Wendler: „Jetzt wird gehandelt.“")
    assert speakers(text) == [("Wir haben genug geredet.", "Anna Wendler"), ("Jetzt wird gehandelt.", "Anna Wendler")]


def test_a_name_before_zu_and_a_common_noun_is_not_registered_with_it():
    text = ("„Das reicht nicht“, sagte Anna Wendler zu Beginn. "
            "„Wir brauchen mehr Geld“, fügte Wendler hinzu.")
    assert [s for _, s in speakers(text)] == ["Anna Wendler", "Anna Wendler"]


@pytest.mark.parametrize("intro, speaker", [
    ("Der Landrat gratulierte Bürgermeisterin Anna Wendler:", "Der Landrat"),
    ("Der neue Landrat des Kreises dankte Stadträtin Anna Wendler:", "Der neue Landrat des Kreises"),
    ("Die Landrätin dankte Bürgermeister Olaf Brettschneider:", "Die Landrätin"),
    ("Ein Sprecher lobte Olaf Brettschneider und sagte:", "Ein Sprecher"),
    ("Der Landrat gratulierte Bürgermeisterin Anna Wendler und sagte:", "Der Landrat"),
])
def test_a_nominative_role_subject_before_the_verb_beats_a_name_after_it(intro, speaker):
    text = f"Die Wahl ging knapp aus. {intro} „Das war ein großer Tag für die Stadt.“"
    assert speakers(text) == [("Das war ein großer Tag für die Stadt.", speaker)]


@pytest.mark.parametrize("intro", ["Der Zeitung sagte Anna Wendler:", "Der Landrätin sagte Anna Wendler:"])
def test_a_dative_before_the_verb_is_no_subject(intro):
    text = f"Die Wahl ging knapp aus. {intro} „Das war ein großer Tag für die Stadt.“"
    assert speakers(text) == [("Das war ein großer Tag für die Stadt.", "Anna Wendler")]


def test_a_role_after_the_verb_and_a_name_after_an_is_the_writer_not_the_addressee():
    text = "„Das war ein großer Tag“, schrieb der Landrat an Bürgermeisterin Anna Wendler."
    assert speakers(text) == [("Das war ein großer Tag", "der Landrat")]
