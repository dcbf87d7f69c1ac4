"""Attribution mechanisms meant to carry over to unseen text (issue 13, s13):
typed source cues and the scorer's views. Texts are written for the tests."""
from __future__ import annotations

import importlib.util
from pathlib import Path

from searcher.parse.quotes import QuoteExtractor

BENCH = Path(__file__).resolve().parent.parent / "bench"


def extract(text: str):
    return [q for q in QuoteExtractor([text]).extract(text) if q.kind == "direct"]


def speaker_of(text: str, words: str) -> str:
    return next(q.speaker for q in extract(text) if words in q.text)


# -- "nach" and a noun of statement or document names its owner as the source --

def test_the_owner_of_a_statement_after_nach_is_the_source_not_the_speaker_before():
    text = ("Schulministerin Anna Beispiel kündigte eine Reform an. Der Verbandschef Karl Muster "
            "sagte: „Das lehnen wir ab.“ Nach der Ankündigung der Ministerin soll die Frist im "
            "„Regelfall um vier Jahre verschoben“ werden.")
    assert speaker_of(text, "Regelfall") == "Anna Beispiel"


def test_a_report_of_a_medium_after_nach_names_the_medium():
    text = ("Nach einem Bericht der Zeitung Kurier soll der Bau „nicht vor dem Jahr 2030 fertig“ "
            "werden, weil Geld fehlt.")
    quote = next(q for q in extract(text) if "2030" in q.text)
    assert quote.speaker_kind == "media" and "Zeitung" in quote.speaker


def test_nach_with_a_noun_that_is_no_statement_names_no_source():
    text = ("Polizeisprecherin Eva Probe sagte: „Wir sind sehr erleichtert.“ Nach der Festnahme des "
            "Mannes sei die Lage „endlich wieder ruhig und sicher im Viertel“, fügte sie hinzu.")
    assert speaker_of(text, "ruhig") == "Eva Probe"


# -- a verb of saying in the quote's own sentence binds it to that clause's subject --

def test_a_less_common_verb_of_saying_beats_carrying_the_speaker_before():
    text = ("Bürgermeisterin Eva Probe sprach zuerst. Danach wetterte der Abgeordnete Jan Test gegen "
            "die Pläne, sie seien „ein Schlag ins Gesicht der Mieter“.")
    assert speaker_of(text, "Schlag") == "Jan Test"


def test_a_sentence_about_sentencing_names_no_speaker_by_its_verb():
    text = ("Zwei Männer, Ali Beispiel und Omar Probe, die im Mai zum Tod verurteilt worden waren, wurden heute "
            "als „Feinde des Staates und der Ordnung“, so die Sprachregelung laut der Agentur Nachrichtendienst, "
            "hingerichtet.")
    quote = next(q for q in extract(text) if "Feinde" in q.text)
    assert quote.speaker_kind != "person"


# -- a colon introduction without a verb of saying: the one person it names as subject --

def test_a_colon_introduction_without_a_verb_of_saying_takes_the_person_it_names():
    text = ("Nachdem die CDU-Abgeordnete im Landtag Gerda Beispiel mit einem Zwischenruf für Aufsehen gesorgt "
            "hatte, hat sie um Entschuldigung gebeten.\n\nBei einer Debatte um die Praxis der Schulpolitik in "
            "Niedersachsen hatte sich Beispiel während einer Rede der Abgeordneten Olga Muster von den Grünen zu "
            "dem Zwischenruf hinreißen lassen: „Am besten gehen Sie gleich wieder nach Hause.“")
    assert speaker_of(text, "Hause") == "Gerda Beispiel"


def test_a_colon_introduction_naming_two_persons_as_subjects_takes_neither():
    text = ("Die Abgeordnete Gerda Beispiel und der Abgeordnete Paul Probe stritten am Freitag.\n\n"
            "Am Ende hatten sich Beispiel und Probe zu einer gemeinsamen Erklärung durchgerungen: "
            "„Wir arbeiten weiter zusammen.“")
    assert all(q.speaker not in ("Gerda Beispiel", "Paul Probe") for q in extract(text))


# -- the scorer of bench/quotes_eval.py, as the issue writes its fairness rules --

def _scorer():
    spec = importlib.util.spec_from_file_location("quotes_eval_for_tests", BENCH / "quotes_eval.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_scorer_takes_a_genitive_ending_as_the_same_speaker():
    qe = _scorer()
    assert qe.same_speaker("des Ministers", "der Minister")
    assert qe.same_speaker("Sprechers", "ein Sprecher")
    assert qe.same_speaker("Ministeriums", "Innenministerium")
    assert not qe.same_speaker("Anna Muster", "der Minister")


def test_the_scorer_counts_an_anaphor_alone_as_no_named_speaker():
    qe = _scorer()
    assert not any(qe.named(s) for s in ("Seine", "Demnach", "Letzterer", "Seiner Ansicht"))
    assert qe.named("Innenminister Karl Probe")


# -- clause binding: the main clause's subject owns a quote in its dass clause --

def test_the_subject_of_the_main_clause_owns_a_quote_in_its_dass_clause_over_the_speaker_before():
    text = ("Bürgermeister Karl Muster sagte: „Wir verkaufen das Gelände nicht.“ Die Stadtverwaltung hatte sich "
            "erhofft, dass die Einnahmen aus dem Verkauf „direkt in den leeren Haushalt fließen“ würden.")
    quote = next(q for q in extract(text) if "Haushalt" in q.text)
    assert quote.speaker == "Die Stadtverwaltung" and quote.speaker_kind == "organisation"


# -- the source of "heißt es": its owner kept whole, and von/bei/seitens as a source --

def test_a_statement_keeps_its_owner_with_the_name_in_apposition():
    text = ("Der Streit geht weiter. In einer Erklärung der Umweltorganisation Grünblatt heißt es: "
            "„Das ist ein schwarzer Tag für die Umwelt.“")
    assert "Grünblatt" in extract(text)[0].speaker


def test_a_person_in_apposition_after_the_source_of_hiess_es_is_the_speaker():
    text = ("Der Zug war entgleist. „Alle Anzeichen deuten auf einen Anschlag hin“, hieß es vom Abgeordneten "
            "des regionalen Landesrates Viktor Beispiel.")
    quote = extract(text)[0]
    assert quote.speaker == "Viktor Beispiel" and quote.speaker_kind == "person"


def test_von_or_bei_before_hiess_es_names_the_source():
    for text in ("Der Streit geht weiter. Von Grünblatt hieß es: „Das ist ein schwarzer Tag für die Umwelt.“",
                 "Der Streit geht weiter. Bei der Berliner Feuerwehr hieß es am Abend: „Wir sind mit allen "
                 "Kräften vor Ort.“"):
        quote = extract(text)[0]
        assert quote.speaker in ("Grünblatt", "der Berliner Feuerwehr")


# -- a quote that opens its sentence: "Das sagte X" in the next sentence names its speaker --

def test_a_demonstrative_sentence_after_a_quote_names_its_speaker():
    text = ("Innenministerin Anna Beispiel besuchte am Montag die Wache in Mitte. „Wir werden die Kontrollen "
            "deutlich verstärken.“ Das sagte Beispiel vor den Beamten.")
    assert speaker_of(text, "Kontrollen") == "Anna Beispiel"


# -- an object first, the pronoun subject after the verb --

def test_a_dative_first_leaves_the_pronoun_after_the_verb_as_subject():
    text = ("Polizeipräsident Karl Muster äußerte sich im Radio. Dem Sender sagte er: "
            "„Wir werden die Kontrollen deutlich verstärken.“")
    quote = extract(text)[0]
    assert quote.speaker == "Karl Muster" and quote.speaker_kind == "person"
