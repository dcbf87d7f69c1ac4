"""Typed speakers: persons are persons, names of things are no speakers, and a
person filter finds every variant of a name. Texts are written for the tests."""
from __future__ import annotations

import datetime as dt
import json

import pytest
from whoosh import index as whoosh_index

from searcher import schema
from searcher.models import Quote, Release
from searcher.parse import parse_text
from searcher.parse.quotes import QuoteExtractor
from searcher.parse.quotes.names import name_matches
from searcher.parse.quotes.speakers import names_thing, phrase_kind
from searcher.search import SearchEngine


def extract(text: str):
    return [q for q in QuoteExtractor([text]).extract(text) if q.kind == "direct"]


# -- persons_quoted holds people only ----------------------------------------

@pytest.mark.parametrize("text", [
    "Titel\n\nIm Opel Corsa saß der Täter und schrie: „Ihr kriegt mich nie!“",
    "Titel\n\nVor dem Rathaus Schöneberg rief ein Mann: „Ihr kriegt mich nie!“",
    "Titel\n\nIm Ortsteil Karlshorst Nord stand auf einem Schild: „Betreten verboten, Eltern haften für ihre Kinder.“",
])
def test_vehicles_places_and_buildings_are_no_persons(text):
    assert parse_text(text).persons_quoted == ()


@pytest.mark.parametrize("first, expected", [
    ("Opel", True), ("Ortsteil", True), ("Rathauses", True), ("Staates", True), ("Ausgewählte", True),
    ("Barbara", False), ("Andreas", False), ("Kai", False),
])
def test_names_of_things(first, expected):
    assert names_thing(first) is expected


def test_a_person_with_role_and_title_is_a_person():
    r = parse_text("Titel\n\nPolizeipräsidentin Dr. Barbara Slowik Meisel sagte: „Wir sind für alle da.“")
    assert r.persons_quoted == ("Barbara Slowik Meisel",)
    (q,) = r.quotes
    assert (q.speaker, q.role, q.speaker_kind) == ("Barbara Slowik Meisel", "Polizeipräsidentin Dr.", "person")


@pytest.mark.parametrize("text, speaker, kind", [
    ("Die Polizei teilte mit: „Die Straße bleibt bis zum Abend gesperrt.“", "Die Polizei", "organisation"),
    ("Ein Sprecher sagte am Abend: „Das Feuer ist gelöscht.“", "Ein Sprecher", "role"),
    ("In dem Bericht heißt es: „Die Lage hat sich deutlich verbessert.“", "dem Bericht", "document"),
])
def test_speakers_that_are_not_persons_keep_their_kind(text, speaker, kind):
    (q,) = extract(text)
    assert (q.speaker, q.speaker_kind) == (speaker, kind)
    assert parse_text("Titel\n\n" + text).persons_quoted == ()


def test_speaker_kind_is_json_serialisable_and_old_quotes_still_load():
    q = Quote("Ja.", "Karl Probe", speaker_kind="person")
    assert json.loads(json.dumps(q.__dict__))["speaker_kind"] == "person"
    old = {"text": "Ja.", "speaker": "Karl Probe", "role": None, "start": 0, "end": 3, "kind": "direct", "field": "body"}
    assert Quote(**old).speaker_kind == ""


# -- a candidate that cannot speak is no speaker ------------------------------

@pytest.mark.parametrize("phrase", ["Kritik", "den Vorfall", "Die Speicherung", "der eigene Wunsch", "Den Namen"])
def test_phrases_that_name_nothing_that_speaks(phrase):
    assert phrase_kind(phrase) is None


@pytest.mark.parametrize("phrase", ["Der Leiter des Amtes", "die Deutsche Presseagentur", "die SPD", "Die Demonstranten"])
def test_phrases_that_can_speak(phrase):
    assert phrase_kind(phrase) is not None


# -- name variants in the person filter ---------------------------------------

@pytest.mark.parametrize("value, name, expected", [
    ("slowik", "barbara slowik meisel", True),
    ("meisel", "barbara slowik meisel", True),
    ("barbara slowik", "barbara slowik meisel", True),
    ("barbara slowik meisel", "barbara slowik", True),
    ("barbara slowik meisel", "slowik", True),
    ("barbara", "barbara slowik", False),  # a first name alone
    ("barbara slowik", "barbara", False),
    ("vogel", "petra vogelsang", False),  # words, not prefixes
])
def test_name_matches(value, name, expected):
    assert name_matches(value, name) is expected


def _release(id: str, speaker: str) -> Release:
    body = f"{speaker} sagte: „Wir sind für alle da.“"
    start = body.index("Wir")
    q = Quote("Wir sind für alle da.", speaker, start=start, end=start + 21, speaker_kind="person")
    return Release(id=id, source=f"{id}.txt", date=dt.date(2024, 5, 1), title="Titel", body=body,
                   quotes=(q,), persons_quoted=(speaker,), issuer="Polizei Berlin")


def test_person_filter_and_field_query_agree_on_a_second_surname(tmp_path):
    ix = whoosh_index.create_in(str(tmp_path), schema.build_schema())
    with ix.writer() as w:
        for r in (_release("a", "Barbara Slowik"), _release("b", "Barbara Slowik Meisel"), _release("c", "Karl Probe")):
            w.add_document(**schema.to_document(r))
    engine = SearchEngine(ix)
    try:
        def found(**kw):
            return {h.id for h in engine.search(kw.pop("q", ""), limit=10, **kw).hits}
        assert found(person="Slowik") == found(q="person:Slowik") == {"a", "b"}
        assert found(person="Barbara Slowik Meisel") == {"a", "b"}
        assert found(person="Meisel") == {"b"}
    finally:
        engine.close()


# -- labels, clause subjects, sentence ends, role nouns -----------------------

def test_one_word_labels_need_a_speech_cue():
    text = ("Die Firma ist bei „Twitter“ und „Facebook“ vertreten. "
            "Karl Probe sagte: „Wir wachsen weiter.“ Der Trainer bezeichnete die Strafe als „übertrieben“.")
    assert [q.text for q in extract(text)] == ["Wir wachsen weiter.", "übertrieben"]


def test_a_quote_without_cue_takes_the_typed_subject_of_its_clause():
    text = "Der Sturm zieht ab. Meteorologen rechnen jedoch mit „sehr ergiebigen Niederschlägen in der Nacht“."
    (q,) = extract(text)
    assert (q.speaker, q.speaker_kind) == ("Meteorologen", "role")


def test_a_full_stop_without_a_space_ends_the_sentence():
    text = "„Wir bleiben“, sagte der Papst.Der Bruder des Papstes schwieg dazu."
    assert [(q.speaker, q.text) for q in extract(text)] == [("der Papst", "Wir bleiben")]


@pytest.mark.parametrize("text, expected", [
    ("Polizeipräsidentin Barbara Slowik besuchte die Wache. „Wir sind stolz auf die Kollegen“, "
     "sagte die Polizeipräsidentin.", ("Barbara Slowik", "Polizeipräsidentin", "person")),
    # the female role never resolves to a man introduced with the male form
    ("Innensenator Karl Probe besuchte die Wache. „Wir sind stolz auf die Kollegen“, sagte die Senatorin.",
     ("die Senatorin", None, "role")),
])
def test_a_role_noun_resolves_to_the_person_it_introduced(text, expected):
    (q,) = parse_text("Titel\n\n" + text).quotes
    assert (q.speaker, q.role, q.speaker_kind) == expected


@pytest.mark.parametrize("text, expected", [
    ("Polizeidirektor Karl Beispiel lobte die Wache. „Das war gute Arbeit“, sagte Innensenatorin Eva Probe. "
     "„Wir danken allen Kräften“, sagte er.", [("Eva Probe", "Innensenatorin"), ("Karl Beispiel", "Polizeidirektor")]),
    ("Innensenatorin Eva Probe lobte die Wache. „Das war gute Arbeit“, sagte Polizeidirektor Karl Beispiel. "
     "„Wir danken allen Kräften“, sagte sie.", [("Karl Beispiel", "Polizeidirektor"), ("Eva Probe", "Innensenatorin")]),
])
def test_er_and_sie_resolve_to_a_person_of_their_gender_with_role(text, expected):
    assert [(q.speaker, q.role) for q in parse_text("Titel\n\n" + text).quotes] == expected


def test_source_cue_after_the_quote():
    text = "„Die Gefahr ist groß und wird noch wachsen“, heißt es dazu in einer Mitteilung des Vereins."
    (q,) = extract(text)
    assert (q.speaker, q.speaker_kind) == ("einer Mitteilung des Vereins", "document")


def test_a_name_before_a_quote_in_brackets_said_it():
    text = "Gelobt wurde die Wahl von vielen, darunter Karl Probe („Niemand hat es mehr verdient als sie.“)."
    (q,) = extract(text)
    assert q.speaker == "Karl Probe"


def test_a_name_before_the_verb_is_its_subject_and_the_one_after_its_object():
    text = "Karl Probe nannte Trumps Angriffsauftrag „schnell, kraftvoll und entschieden“."
    assert [q.speaker for q in extract(text)] == ["Karl Probe"]


def test_a_pronominal_adverb_is_no_speaker():
    text = "Das Gericht prüfte die Lage. Daraus wird ein „grundrechtlich erhebliches Schutzbedürfnis“ abgeleitet."
    assert all(q.speaker != "Daraus" for q in extract(text))


@pytest.mark.parametrize("text, expected", [
    ("Dazu Innensenator Karl Probe: „Wir danken allen Einsatzkräften für ihre Arbeit.“", ("Karl Probe", "Innensenator")),
    ("„Wir danken allen Einsatzkräften“, sagte Karl Probe, der künftig die Einheit leiten wird.", ("Karl Probe", None)),
])
def test_roles_are_shown_without_adverbs_or_relative_clauses(text, expected):
    (q,) = parse_text("Titel\n\n" + text).quotes
    assert (q.speaker, q.role) == expected


def test_streets_and_phrases_with_articles_are_no_speakers():
    text = ("Titel\n\nDer Unfall geschah an der Landsberger Allee. Im Rahmen der Unfallaufnahme gab der Fahrer an, "
            "dass er die Ampel nicht gesehen habe.")
    r = parse_text(text)
    assert r.persons_quoted == ()
    assert all(q.speaker not in ("Landsberger Allee", "Rahmen der Unfallaufnahme") for q in r.quotes)


def test_a_cue_in_the_quotes_own_sentence_beats_the_previous_speaker():
    text = ("Karl Probe sagte: „Wir bleiben hier und kämpfen weiter.“ "
            "Laut Eva Beispiel „Ist das Ende noch lange nicht erreicht für uns alle.“")
    assert [q.speaker for q in extract(text)] == ["Karl Probe", "Eva Beispiel"]


def test_subject_after_the_verb_when_an_adverb_comes_first_and_no_noun_after_a_preposition():
    text = "Die Rede war lang. Hier sparte der Bundespräsident auch nicht mit Kritik: „Jeder sollte wissen, dass das nicht reicht.“"
    assert [q.speaker for q in extract(text)] == ["der Bundespräsident"]


@pytest.mark.parametrize("name", ["Ortsteil Karlshorst", "Rathauses Köpenick", "Staates Israel",
                                  "Ausgewählte Einsätze", "Opel Corsa", "Landsberger Allee"])
def test_names_of_places_buildings_states_vehicles_and_headings_are_no_persons(name):
    text = f"Titel\n\n{name} wurde genannt. „Wir sind für alle da“, sagte {name}."
    ex = QuoteExtractor([text])
    assert not ex.is_person(name)
    assert parse_text(text).persons_quoted == ()


@pytest.mark.parametrize("text, speaker", [
    ("Der Brand war gelöscht. Einer der 13 beteiligten Feuerwehrmänner sagte: „So etwas habe ich noch nie gesehen.“",
     "Einer der 13 beteiligten Feuerwehrmänner"),
    ("In seiner Erklärung befand Ministerpräsident Karl Probe den Einsatz als gerechtfertigt und nannte "
     "den Auftrag „schnell, kraftvoll und entschieden“.", "Karl Probe"),
    ("Auf das Echo reagierend, veröffentlichte der Verfasser folgenden Kommentar dazu: „Wir bleiben bei unserer Sicht.“",
     "der Verfasser"),
    ("Als „verpasste Chance“ beurteilte der Fraktionschef der Grünen, Karl Probe, das Pontifikat.", "Karl Probe"),
])
def test_subjects_of_coordinated_fronted_and_numbered_clauses(text, speaker):
    assert [q.speaker for q in extract(text)] == [speaker]


def test_a_demonstrative_sentence_after_the_quote_names_its_speaker():
    text = "„Ja, es gibt Zumutungen“. Das musste Bundesfinanzminister Karl Probe zu Beginn der Debatte einräumen."
    assert [(q.speaker, q.role) for q in extract(text)] == [("Karl Probe", "Bundesfinanzminister")]


def test_reported_speech_takes_the_person_named_in_it():
    text = ("Obwohl Finanzminister Karl Probe mit höheren Einnahmen rechnet, sei man von einer „Entschuldung noch weit entfernt“. "
            "Die Debatte dauert an.")
    assert [q.speaker for q in extract(text)] == ["Karl Probe"]


@pytest.mark.parametrize("text, not_speaker", [
    ("Karl Probe ist tot. Berichte über Probes Tod nannten den Angriff „schnell und entschieden“.", "Probes Tod"),
    ("Der Bürgermeister rief alle zur Rückkehr auf. Kämen sie dem nicht nach, so „schütze sie Gott“.", "Kämen"),
])
def test_genitives_and_verbs_are_no_names(text, not_speaker):
    assert all(q.speaker != not_speaker for q in extract(text))


@pytest.mark.parametrize("label", [
    "Der Jahresbericht der Organisation nennt „Twitter“ und „Facebook“ als wichtige Werkzeuge der Aktivisten.",
    "Karl Probe ist Arzt. In der Nacht wurde der Verletzte mit einer „EVAC-Ambulanz“ in die Klinik gebracht, sagte er.",
])
def test_single_words_of_names_are_no_quotes(label):
    assert extract(label) == []


def test_a_single_word_in_quotation_marks_needs_a_cue_right_by_it():
    text = ("Karl Probe forscht seit Jahren über die Zeit der „Machtergreifung“ und ihre Folgen. "
            "Er bezeichnete den Plan als „übertrieben“.")
    assert [q.text for q in extract(text)] == ["übertrieben"]


@pytest.mark.parametrize("text, speaker", [
    ("Für den Theologen Hans Küng sei der Rücktritt „aus vielen Gründen verständlich“.", "Hans Küng"),
    ("Die Ministerin Eva Probe wies dies am Rande einer Tagung als „Unverschämtheit“ zurück.", "Eva Probe"),
    ("Karl Probe, der wegen eines Fouls vom Platz musste, nannte seinen Platzverweis „überzogen“.", "Karl Probe"),
])
def test_opinion_holders_and_single_words_with_a_speech_verb(text, speaker):
    assert [q.speaker for q in extract(text)] == [speaker]


def test_a_capitalised_pair_at_a_sentence_start_is_no_person_for_a_quote_without_cue():
    text = ("Titel\n\nDie Polizei wurde gerufen. Lautes Rufen der Gäste war im ganzen Haus zu hören. "
            "Im Keller lagen Drogen, woraufhin der „Raum durchsucht und alle Gäste überprüft wurden.")
    assert parse_text(text).persons_quoted == ()


def test_a_colon_intro_beats_a_demonstrative_sentence_after_the_quote():
    text = ("Weiter sagte Karl Probe: „Unsere Untersuchungen werden ein offenes Buch sein.“ "
            "Dies sagte der Präsident des Verbandes am Montag.")
    assert [q.speaker for q in extract(text)] == ["Karl Probe"]


def test_nach_den_worten_with_the_name_in_apposition():
    text = "Nach den Worten der innenpolitischen Sprecherin der Fraktion, Gisela Probe, fehle es „an einem durchgreifenden Konzept“."
    assert [(q.speaker, q.role) for q in extract(text)] == [("Gisela Probe", "innenpolitischen Sprecherin der Fraktion")]


def test_fuer_x_is_an_opinion_holder_only_at_the_start_of_a_sentence():
    text = "Der Sprecher Karl Probe hatte am Mittwoch erklärt, für den Kanzler sei entscheidend, „ob er die Mehrheit hat“."
    assert [q.speaker for q in extract(text)] == ["Karl Probe"]


def test_slogans_are_said_by_who_chants_them():
    text = "Die Demonstranten zogen zur Paulskirche und skandierten dabei Parolen wie „Stoppt den Überwachungswahn jetzt“."
    assert [(q.speaker, q.speaker_kind) for q in extract(text)] == [("Die Demonstranten", "role")]


@pytest.mark.parametrize("text", [
    "Die Polizei wird durch den Verein „#2021 – Leben in Deutschland e. V.“ aus Mitteln des Bundes gefördert.",
    "Der Fahrer missachtete auf seiner Flucht die „rechts vor links“-Regeln und fuhr weiter.",
    "Schwerpunkte der Kontrollen waren die Hauptunfallursache „nicht angepasste Geschwindigkeit beim Abbiegen“ und das Parken.",
])
def test_names_of_things_in_quotation_marks_are_no_quotes(text):
    assert extract(text) == []


def test_zu_between_two_surnames_of_the_release_is_a_preposition():
    text = ("Zwischen dem Trainer Raymond Beispiel und dem Stürmer Nicolas Exemplo kam es zum Streit. "
            "Wie eine Zeitung berichtete, soll Exemplo zu Beispiel gesagt haben: „Das lasse ich mir nicht bieten.“")
    got = [(q.speaker, q.role) for q in QuoteExtractor([text]).extract(text) if q.kind == "direct"]
    assert got == [("Nicolas Exemplo", "Stürmer")]


def _direct(text: str) -> list[tuple[str, str]]:
    return [(q.speaker, q.speaker_kind) for q in QuoteExtractor([text]).extract(text) if q.kind == "direct"]


def test_a_text_where_words_are_written_is_the_source_of_a_colon_quote():
    text = ("Die Regeln waren streng. Im Treppenhaus musste ein Zettel hängen, auf dem geschrieben stand: "
            "„Das Rauchen ist hier streng verboten und wird bestraft.“")
    assert _direct(text) == [("ein Zettel", "document")]
    text = ("Derzeit steht deshalb in dem Gesetzentwurf für ein neues Meldegesetz noch der Passus: "
            "„Die gespeicherten Daten sind nach einem Jahr zu löschen.“")
    assert _direct(text) == [("dem Gesetzentwurf", "document")]


def test_a_part_of_a_text_is_of_the_kind_of_that_text():
    text = ("Im letzten Satz der Anordnung, die der Firma am Montag zugestellt wurde, heißt es: "
            "„Die Firma darf die Existenz dieser Anordnung niemandem mitteilen.“")
    assert _direct(text) == [("letzten Satz der Anordnung", "document")]


def test_a_colon_with_nothing_before_it_is_no_error():
    # a release whose line starts with a colon before a quotation once failed to parse
    text = "Hinweise der Polizei\n\n: „Wir kommen wieder, ganz sicher und bald.“"
    assert [q.speaker for q in QuoteExtractor([text]).extract(text) if q.kind == "direct"] == []


def _people(text: str) -> list[tuple[str, str, str]]:
    return [(q.speaker, q.role, q.speaker_kind) for q in QuoteExtractor([text]).extract(text) if q.kind == "direct"]


def test_a_role_noun_before_a_name_is_the_role_not_part_of_the_name():
    text = "„Wir bekommen diese Woche echten Winter“, sagte die Meteorologin Zora Beispiel im Fernsehen."
    assert _people(text) == [("Zora Beispiel", "Meteorologin", "person")]


def test_names_of_media_and_bodies_are_no_persons():
    for source in ("die Stuttgarter Nachrichten", "The Daily Telegraph", "die Nachrichtenseite Business Insider"):
        text = f"„Wir möchten Perspektiven schaffen für alle Schüler“, zitierten {source} den Rektor."
        got = _people(text)
        assert got and got[0][2] != "person", (source, got)


def test_a_role_of_a_place_in_the_genitive_is_no_name():
    text = "„Ich denke, er verdient viel Anerkennung dafür“, sagte der Oberrabbiner Israels am Abend."
    assert [k for _, _, k in _people(text)] == ["role"]


# -- a lone capitalised word is typed before it becomes a name ----------------

@pytest.mark.parametrize("text", [
    "Titel\n\n„Wir machen weiter wie bisher“, sagte Aufgrund.",
    "Titel\n\nAusnahmen: „Das gilt nicht für Kinder unter zwölf Jahren.“",
    "Titel\n\nAlter: „Ich bin zu alt für diesen Job, aber ich mache weiter.“",
])
def test_a_lone_common_noun_or_preposition_is_no_speaker(text):
    assert [q.speaker for q in parse_text(text).quotes] == []


def test_a_surname_that_is_a_common_noun_counts_when_the_release_names_the_person_in_full():
    text = ("Titel\n\nDer Vorsitzende Peter Fischer eröffnete die Sitzung.\n\n"
            "Fischer: „Wir kämpfen heute für bessere Arbeitsbedingungen in allen Kliniken.“")
    r = parse_text(text)
    assert [q.speaker for q in r.quotes] == ["Peter Fischer"]
    assert r.persons_quoted == ("Peter Fischer",)


@pytest.mark.parametrize("text, person", [
    ("Titel\n\nDie Kathedrale ist eingestürzt, nach Angaben von Peter Beck, dem Dekan. "
     "„Wir müssen mit vielen Toten rechnen“, sagte Beck.", "Peter Beck"),
    ("Titel\n\nGerhard Schröder sprach vor der Menge. Zitat von Schröder: "
     "„Wir haben etwas erreicht, was viele für unmöglich hielten.“", "Gerhard Schröder"),
    ("Titel\n\nDas Fazit von Sandra Boser überrascht nicht: "
     "„Die hohen Anmeldezahlen zeigen, dass die Qualität stimmt.“", "Sandra Boser"),
])
def test_a_common_noun_before_von_is_no_part_of_the_name_after_it(text, person):
    assert parse_text(text).persons_quoted == (person,)


@pytest.mark.parametrize("text", [
    "Titel\n\nDie Wiener Linien erklärten: „Der Betrieb läuft ab morgen wieder normal.“",
    "Titel\n\nErste Tests verliefen gut. „Wir sind mit dem Ergebnis der ersten Woche sehr zufrieden“, sagte Erste Tests.",
])
def test_a_run_of_common_nouns_is_no_person(text):
    assert parse_text(text).persons_quoted == ()


@pytest.mark.parametrize("text, person", [
    ("Titel\n\nKlaus Wolf sagte: „Der Betrieb läuft ab morgen wieder normal.“", "Klaus Wolf"),
    ("Titel\n\n„Der Betrieb läuft ab morgen wieder normal“, sagte Anna Fischer.", "Anna Fischer"),
])
def test_a_first_name_and_a_surname_that_are_also_nouns_are_a_person(text, person):
    assert parse_text(text).persons_quoted == (person,)


def test_a_genitive_of_a_name_the_release_writes_and_a_noun_is_no_person():
    text = ("Gaddafi in der Sahara beerdigt\n\nGaddafi wurde beerdigt. Gaddafis Tod sorgt für Jubel. "
            "„Wir werden weiterkämpfen, heute und morgen und immer“, sagte Gaddafis Sohn.")
    r = parse_text(text)
    assert r.persons_quoted == ()
    assert [(q.speaker, q.speaker_kind) for q in r.quotes] == [("Gaddafis Sohn", "role")]


@pytest.mark.parametrize("text", [
    "Titel\n\nDer FC Bayern München gewann. „Wir haben heute verdient gewonnen, das war ein großer Kampf“, "
    "sagte Bayern München.",
    "Titel\n\nEintracht Frankfurt erklärte: „Wir trennen uns von unserem Trainer mit sofortiger Wirkung.“",
])
def test_a_team_or_body_named_after_its_place_is_no_person(text):
    assert parse_text(text).persons_quoted == ()


def test_a_first_name_with_a_surname_that_is_a_place_is_a_person():
    text = "Titel\n\nPeter Kassel erklärte: „Wir trennen uns von unserem Trainer mit sofortiger Wirkung.“"
    assert parse_text(text).persons_quoted == ("Peter Kassel",)


def test_a_word_before_a_first_name_is_no_part_of_the_name():
    from searcher.parse.quotes.coreference import split_leading_noun
    from searcher.parse.quotes.phrases import Speaker

    got = split_leading_noun(Speaker("Galt Josef Alois Ratzinger", "Galt Josef Alois Ratzinger", None))
    assert (got.name, got.role) == ("Josef Alois Ratzinger", None)
    got = split_leading_noun(Speaker("Hans Peter Müller", "Hans Peter Müller", None))
    assert got.name == "Hans Peter Müller"
