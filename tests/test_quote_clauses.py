"""Clause binding: the speaker of a quote comes from its own clause (subject
before or after the verb, an article that starts the subject), before any
speaker carried over from earlier sentences. Texts are written for the tests."""
from __future__ import annotations

import pytest

from conftest import speakers
from searcher.parse.quotes import QuoteExtractor


def test_das_before_a_noun_after_the_verb_is_the_subjects_article():
    text = ("Der Prozess endete am Freitag.\n\n„Wer schweigt, stimmt nicht zu, und das gilt auch hier“, "
            "begründet das Landgericht seinen Spruch in dem langen Urteil.")
    assert speakers(text) == [("Wer schweigt, stimmt nicht zu, und das gilt auch hier", "das Landgericht")]


def test_das_as_object_after_the_verb_is_skipped():
    text = ("Bürgermeisterin Karla Beispiel kam am Morgen.\n\n„Wir öffnen die Halle für alle Gäste“, "
            "sagte das auch Karla Beispiel.")
    assert speakers(text) == [("Wir öffnen die Halle für alle Gäste", "Karla Beispiel")]


def test_an_object_first_puts_the_subject_after_the_verb():
    text = ("Die Lage im Lager blieb angespannt.\n\nDen verbliebenen Flüchtlingen sicherte Präsident Paulo Exemplo "
            "am Abend zu, dass sie „die Türen des Landes immer offen finden werden“.")
    got = speakers(text)
    assert got and got[0][1] == "Paulo Exemplo"


def test_the_quotes_own_clause_beats_the_speaker_before():
    text = ("„Wir bauen zwei neue Schulen“, sagte Bürgermeister Hans Muster.\n\n"
            "Die Bundesministerin konstatierte in ihrer Rede eine wachsende „Kluft zwischen Stadt und Land“.")
    got = dict((t, s) for t, s in speakers(text))
    assert got["Kluft zwischen Stadt und Land"] == "Die Bundesministerin"


def test_a_sentence_adverb_is_no_clause_subject():
    text = ("„Wir bauen zwei neue Schulen“, sagte Bürgermeister Hans Muster.\n\n"
            "Ausgerechnet an einer Schule, die sich als „Schule ohne Angst und mit viel Mut“ "
            "präsentiert, gab es einen Vorfall.")
    assert all(s != "Ausgerechnet" for _, s in speakers(text))


def test_a_list_of_quoted_titles_is_no_quote_of_the_clause_subject():
    text = ("Die Besucher hörten Vorträge zu Themen wie „Der Bau der Brücken in den Jahren 1950 bis 1960“, "
            "„Erinnerungen und Bilder aus der alten Stadt“ und mehr.")
    assert all(s != "Die Besucher" for _, s in speakers(text))


def test_a_medium_in_quotation_marks_after_the_verb_is_the_source():
    text = ("Die Firma stellte ihr neues Programm vor.\n\n„Die Betonung von Video zeigt, wohin die Reise geht“, "
            "schreibt die „Fachpost“. Mehr wurde nicht bekannt.")
    ex = QuoteExtractor([text])
    got = [q for q in ex.extract(text) if q.kind == "direct"]
    assert [(q.speaker, q.speaker_kind) for q in got] == [("die „Fachpost“", "media")]
    assert ex.extract(text) and not any(q.speaker == "Fachpost" for q in got)


def test_a_medium_quoting_a_person_names_the_person():
    text = ("Produktchef Karl Lynchmann stellte das Programm vor.\n\n„Das wird das größte Update aller Zeiten“, "
            "zitiert die „Fachpost“ Lynchmann in einem Bericht.")
    assert speakers(text) == [("Das wird das größte Update aller Zeiten", "Karl Lynchmann")]


def test_a_short_snippet_in_the_complement_of_a_speech_verb_is_said():
    text = ("Vor der Wahl meinte die Bischöfin Anna Beispielfrau noch, dass der Kandidat „dazugehörte“ "
            "zu den Mächtigen im Land.")
    assert speakers(text) == [("dazugehörte", "Anna Beispielfrau")]


def test_a_scare_quote_after_a_non_speech_verb_needs_a_cue():
    text = ("Der Pilot der Fluggesellschaft sah sich gezwungen, eine Zwischenlandung zu machen und den "
            "Fluggast zu „entsorgen“.")
    assert speakers(text) == []


def test_a_cue_that_names_no_speaker_gives_way_to_the_next_cue():
    text = ("Zwei Männer wurden heute als „gefährliche Feinde der Ordnung“ verurteilt, so die amtliche "
            "Sprachregelung laut der Nachrichtenagentur Beispielpress.")
    got = speakers(text)
    assert got and "Nachrichtenagentur" in got[0][1]


def test_the_passive_agent_is_the_first_von_phrase_that_can_speak():
    text = ("Im Norden wird die Gefahr von Bränden vom Deutschen Wetterdienst als „sehr hoch“ eingestuft.")
    got = speakers(text)
    assert got and "Wetterdienst" in got[0][1]


def test_each_quote_of_a_sentence_gets_the_subject_of_its_own_clause():
    text = ("Nationalspieler Karl Vorbild, der wegen Fouls vom Platz musste, nannte seinen Platzverweis „überzogen“, "
            "Bundestrainer Hans Beispielmann bezeichnete acht Karten in einem Spiel, in dem es nur wenige "
            "Fouls gab, als „übertrieben“.")
    assert speakers(text) == [("überzogen", "Karl Vorbild"), ("übertrieben", "Hans Beispielmann")]


def test_a_colloquial_word_in_a_report_of_facts_is_no_quote():
    text = ("Zwei Angestellte des Ordnungsamtes gaben an, dass sie gegen Mittag ein „Knöllchen“ an einem "
            "falsch geparkten Wagen befestigt hatten.")
    assert speakers(text) == []


def test_a_quotation_across_sentences_is_no_fragment_of_the_clause_before():
    text = ("Die Streife kontrollierte den Fahrer an der Kreuzung, da er dort bei “Rot“ angehalten hatte. "
            "Der gemietete Wagen wurde sichergestellt und der Führerschein beschlagnahmt. Die Ermittlungen "
            "dauern an.“ Weitere Angaben gibt es nicht.")
    assert all(s != "Die Streife" for _, s in speakers(text))


def test_a_capitalised_adjective_and_its_noun_make_one_speaker():
    text = ("Reagan lobte seinen Minister stets. Er habe wesentlich mitgewirkt, „den Lauf der Geschichte mit "
            "den Mitteln der Diplomatie zu ändern“, schrieb die Hoover Institution.")
    got = speakers(text)
    assert got and got[0][1] == "die Hoover Institution"
    text = ("Das Auswärtige Amt empfiehlt allen Reisenden nach Brasilien einen „konsequenten Mückenschutz am "
            "ganzen Tag und in der Nacht“.")
    got = speakers(text)
    assert got and got[0][1] == "Das Auswärtige Amt"


def test_source_cues_without_a_verb():
    text = "Nach Darstellungen des Verlages bietet das Buch eine „differenzierte Betrachtung der ganzen Lage“."
    got = speakers(text)
    assert got and "Verlages" in got[0][1]
    text = ("Innenminister Wolfgang Beispiel legte einen Plan vor. Nach Beispiels Idee soll „im Zweifel die "
            "Mehrheit der Stimmen entscheidend“ sein.")
    assert speakers(text) == [("im Zweifel die Mehrheit der Stimmen entscheidend", "Wolfgang Beispiel")]


def test_a_wie_clause_with_a_name_in_apposition():
    text = ("Wie der Vorsitzende Richter, Otto Beispielmann, ausführte, hätte es durch die Anschläge „ein "
            "ungeheures Blutbad gegeben mit vielen Toten“.")
    got = speakers(text)
    assert got and got[0][1] == "Otto Beispielmann"


def test_the_subject_of_the_first_half_of_a_coordination_speaks():
    text = ("Als ein Fluggast zu Hilfe eilte, biss der Randalierer den Fluggast und rief: „Lasst mich sofort "
            "hier raus!“")
    assert speakers(text) == [("Lasst mich sofort hier raus!", "der Randalierer")]


def test_a_split_verb_of_saying_introduces_reported_speech():
    text = ("Weiter führt der Bericht aus, ein Drittel der Gewalt weise einen „fremdenfeindlichen und "
            "extremistischen“ Hintergrund auf.")
    got = speakers(text)
    assert got and got[0][1] == "der Bericht"


def test_a_name_after_an_article_in_reported_speech_stays_a_name():
    text = ("Bei Ermittlungen stellte ein Polizist fest, dass ein Mann, der in der „Alex-Wache“ eine Anzeige "
            "erstatten wollte, angegriffen wurde.")
    assert speakers(text) == []


def test_war_von_die_rede_names_its_source():
    text = ("In einem internen Schreiben an die Mitarbeiter war von einem „vertrauensvollen und offenen Dialog“ "
            "die Rede.")
    got = speakers(text)
    assert got and "Schreiben" in got[0][1]


def test_title_looking_words_after_a_preposition_with_a_source_cue_are_said():
    text = ("Die Anlage war wegen „Probleme mit der Elektrizität“ ausgefallen, so ein Sprecher des Zentrums.")
    got = speakers(text)
    assert got and got[0][1].startswith("ein Sprecher")


def test_criticism_that_comes_from_someone_names_them():
    text = ("Kritik kommt vom Fahrgastverband Beispielstadt, der diese Maßnahme als „Kapitulation vor den "
            "Randalierern“ sieht.")
    got = speakers(text)
    assert got and "Fahrgastverband" in got[0][1]


def test_es_geheissen_in_either_order_names_its_source():
    text = ("In einer Erklärung der Außenminister vom Dienstag hatte es geheißen: „Es gibt keine militärische "
            "Lösung in diesem Konflikt.“")
    got = speakers(text)
    assert got and "Erklärung" in got[0][1]


def test_nach_bewertung_von_names_the_source():
    text = ("Die Gruppe sei harmlos, die jedoch nach Bewertung von Polizei und Staatsanwaltschaft „keinen Anlass "
            "für strafrechtliche Maßnahmen“ hergibt.")
    got = speakers(text)
    assert got and "Polizei" in got[0][1]


def test_a_quote_paragraph_right_after_a_quote_continues_its_speaker():
    text = ("Die Abgeordnete Sara Beispiel verurteilte die Haltung der Regierung. „Diese Regierung hat in der "
            "Außenpolitik einiges erreicht, aber nicht im Nahen Osten.“\n\n„Ob wir es mögen oder nicht, solch "
            "ein Gefühl führt zu Extremismus.“")
    got = speakers(text)
    assert [s for _, s in got] == ["Sara Beispiel", "Sara Beispiel"]


def test_a_possessive_role_phrase_after_the_verb_is_the_subject():
    text = ("Nach der Landung teilte dessen Stellvertreter über die Pläne seines Chefs mit: „Er ruft uns an, "
            "wenn er zurückkommt.“")
    got = speakers(text)
    assert got and got[0][1] == "dessen Stellvertreter"


def test_als_quote_then_a_labelling_verb_is_said_but_not_a_self_label():
    text = "Seine Werke werden von Musikkennern als „Meilensteine in der Musikgeschichte“ bezeichnet."
    got = speakers(text)
    assert got and got[0][1] == "Musikkennern"
    text = "Die Tatverdächtigen sollen sich als „Wiederherstellungs Agenten“ bezeichnen und Geld fordern."
    assert speakers(text) == []


def test_aus_x_hiess_es_names_the_place_as_source():
    text = "Aus Paris hieß es, das Vorgehen der Truppen sei „eine schwerwiegende Verletzung“ des Abkommens."
    got = speakers(text)
    assert got and got[0][1] == "aus Paris"
    assert QuoteExtractor([text]).extract(text)[0].speaker_kind == "organisation"


def test_a_speech_noun_names_its_owner():
    text = ("Auf den Vorwurf der Opposition, es handele sich um einen „sozialistischen Antrag der Regierung“, "
            "antwortete niemand.")
    got = speakers(text)
    assert got and got[0][1] == "der Opposition"


def test_the_source_cue_nearest_the_quote_wins():
    text = ("Nach Angaben des Verfassungsschutzes soll es sich um Werbung handeln, die jedoch nach Bewertung "
            "von Polizei und Staatsanwaltschaft „keinen Anlass für strafrechtliche Maßnahmen“ hergibt.")
    got = speakers(text)
    assert got and "Polizei" in got[0][1]


def test_a_second_main_clause_after_a_comma_has_its_own_subject():
    text = ("Kulturministerin Susanne Muster (CDU) wies diese Behauptung zurück, die Sprecherin der Fraktion, "
            "Sandra Beispiel (GRÜNE), erklärte: „Neiddebatten sind völlig fehl am Platz und schaden allen.“")
    assert speakers(text) == [("Neiddebatten sind völlig fehl am Platz und schaden allen.", "Sandra Beispiel")]


def test_a_relative_clause_before_the_verb_keeps_the_subject_before_it():
    text = ("Die Ministerin Karla Beispiel, die das Gesetz lange kritisiert hatte, sagte: „Wir ändern es jetzt "
            "gemeinsam mit allen.“")
    assert speakers(text) == [("Wir ändern es jetzt gemeinsam mit allen.", "Karla Beispiel")]


def test_a_name_in_a_fronted_phrase_is_not_the_subject_of_a_coordination():
    text = ("Auf den Kurznachrichtendienst Twitter zeigte sich die Bundesregierung bestürzt über den Vorfall "
            "und verurteilte ihn als „hinterhältigen Anschlag auf alle“.")
    got = speakers(text)
    assert got and got[0][1] == "die Bundesregierung"


def test_a_long_clause_still_has_its_subject_first():
    text = ("Die Universität hatte anlässlich des Entzugs des Titels am Mittwoch in einer langen Mitteilung "
            "an alle Mitglieder erklärt, sie wolle dem „Vorwurf der Täuschung weiter nachgehen“.")
    got = speakers(text)
    assert got and got[0][1] == "Die Universität"


def test_an_earlier_quotation_and_und_end_the_clause_before_the_next_speaker():
    text = ("Die Menge skandierte vor dem Zentrum Parolen wie „Weg mit der Regierung“ und der Unternehmer "
            "Sondhi Beispielkul rief vor den Demonstranten aus: „Er ist der schlechteste Minister aller Zeiten!“")
    got = dict(speakers(text))
    assert got["Er ist der schlechteste Minister aller Zeiten!"] == "Sondhi Beispielkul"


def test_a_laut_cue_nearer_the_quote_beats_a_wie_clause():
    text = ("Wie die Beispielzeitung berichtete, soll laut der HIS-Studie nur jeder zweite Zahler von seinem "
            "Beitrag „bessere Bedingungen beim Studium“ erhoffen.")
    got = speakers(text)
    assert got and got[0][1] == "der HIS-Studie"


def test_the_opinion_holders_single_word_counts():
    text = "Für den Gesundheitsminister Jose Beispiel ist die Lage in der Stadt „alarmierend“."
    assert speakers(text) == [("alarmierend", "Jose Beispiel")]


def test_a_single_word_thrown_at_someone_is_said():
    text = ("Datenschützer äußerten Bedenken an den Plänen und warfen der Regierung unter anderem „Wortbruch“ "
            "vor.")
    got = speakers(text)
    assert got and got[0][0] == "Wortbruch"


def test_zufolge_takes_the_dative_phrase_right_before_it():
    text = ("Grund für die Landungen in Frankreich und in der Schweiz waren dem Bericht zufolge nicht näher "
            "bezeichnete „technische Probleme“.")
    got = speakers(text)
    assert got and got[0][1] == "dem Bericht"


def test_a_negated_participle_stays_in_the_role_phrase():
    text = ("Ein nicht genannter Vertreter des Investors bezeichnet die Beteiligung als „strategisch“ und "
            "verweist auf das Elektroauto.")
    got = speakers(text)
    assert got and got[0][1] == "Ein nicht genannter Vertreter des Investors"


def test_a_verb_ending_a_dass_or_weil_clause_has_the_subject_of_that_clause():
    text = ("Der Bericht der Kommission ist brisant, weil die Landesregierung das Projekt im Mai als "
            "„teures und unnötiges Prestigevorhaben“ bezeichnet hat.")
    assert speakers(text) == [("teures und unnötiges Prestigevorhaben", "die Landesregierung")]


def test_a_verb_ending_a_relative_clause_has_the_antecedent_as_subject():
    text = ("In der Zeitung erschien ein Leitartikel, der den Beschluss des Rates als "
            "„unverständliche Verschwendung von Steuergeld“ bezeichnet.")
    assert speakers(text) == [("unverständliche Verschwendung von Steuergeld", "ein Leitartikel")]


def test_the_subject_of_a_verb_of_saying_beats_a_zufolge_source_in_its_clause():
    text = ("In der Fraktion sagte die Ministerin einigen Teilnehmern zufolge: "
            "„Er war ein verlässlicher Partner, und ich habe gern mit ihm gearbeitet.“")
    assert speakers(text) == [("Er war ein verlässlicher Partner, und ich habe gern mit ihm gearbeitet.",
                               "die Ministerin")]


def test_a_relative_clause_after_the_subject_is_no_apposition():
    text = ("Der Gutachter, der als wichtigster Zeuge gilt, will nach dem Abschluss des Verfahrens Karl Probe "
            "seine Arbeit beenden: „Einen größeren Fall wird es nicht mehr geben!“")
    assert speakers(text) == [("Einen größeren Fall wird es nicht mehr geben!", "Der Gutachter")]


def test_a_fronted_phrase_with_commas_puts_the_subject_after_the_verb():
    text = ("Höhnisch, offenbar auf die Berichte reagierend, veröffentlichte der Verfasser einen Kommentar dazu: "
            "„Wer von der Liste will, muss nur fragen.“")
    assert speakers(text) == [("Wer von der Liste will, muss nur fragen.", "der Verfasser")]


def test_a_wie_clause_right_after_the_quote_names_the_speaker():
    text = ("Der frühere Schiedsrichter Paul Probe erhob schwere Vorwürfe. Der Betreuer habe jedem Geld gegeben "
            "„um uns zu vergnügen, was wir auch taten“, wie Probe von einem Magazin zitiert wird.")
    assert speakers(text) == [("um uns zu vergnügen, was wir auch taten", "Paul Probe")]


def test_stellung_nehmen_names_the_speaker_of_the_reported_speech_after_it():
    text = ("„Wir wollen Sicherheit“, erklärte der Vorsitzende Manfred Muster.\n\n"
            "Am Rande der Sitzung nahm jetzt auch der Ministerpräsident des Landes, Christian Probe (CDU), "
            "zu der Frage Stellung. Jeder Lehrer könne „das Konto jetzt einlösen, er kann es später einlösen“.")
    got = dict(speakers(text))
    assert got["das Konto jetzt einlösen, er kann es später einlösen"] == "Christian Probe"


def test_a_question_in_a_dass_clause_is_asked_by_its_subject():
    text = ("Der Abgeordnete Jens Beispiel wies alles zurück. Der Sender will aber wissen, dass Frank Muster "
            "die Schülerin danach gefragt habe, was sie „heute anhabe und warum“.")
    assert speakers(text) == [("heute anhabe und warum", "Frank Muster")]


def test_a_quote_closing_with_its_full_stop_ends_its_sentence():
    text = ("„Der Betrieb kostet zu viel“, schreibt Reinhold Muster. Zum anderen stehe die Befugnis im Widerspruch "
            "zum Grundrecht. „Eine Beschränkung dieses Rechts darf nur in engen Schranken erfolgen.“ Diesen Vorgaben "
            "entspricht der Entwurf nach Meinung der Landes-SPD nicht.")
    got = dict(speakers(text))
    assert got["Eine Beschränkung dieses Rechts darf nur in engen Schranken erfolgen."] == "Reinhold Muster"


def test_a_light_verb_ending_a_relative_clause_names_no_speaker_of_a_title_before_it():
    text = ("An der zunächst verbotenen Kundgebung „Deutschland vor der Wahl – Bürger fragen“ am Platz nahmen "
            "rund 2.500 Personen teil, die sich zuvor im Stadtgebiet zusammengefunden hatten, die Versammlung als "
            "Ersatz nutzten und sich nicht an die Auflagen hielten.")
    assert speakers(text) == []


def test_words_inside_a_long_quote_are_no_cue_for_it():
    filler = "Wir müssen die Beschäftigten für das Thema sensibilisieren und offen miteinander reden. " * 5
    text = ("Innensenator Karl Muster eröffnet den Projekttag mit den Worten\n: „Gegenseitiges Verständnis wächst. "
            + filler + "Ich bin froh, dass die Polizei Wilhelm Beispiel in diesem Jahr ehrt. "
            "Ihn kann man als Vorbild bezeichnen.“\nDie Präsidentin führte weiter aus.")
    got = [s for _, s in speakers(text)]
    assert "Wilhelm Beispiel" not in got


def test_beurteilen_names_its_subject_and_an_apposition_without_its_closing_comma():
    text = ("„Es ist so“, sagte Merkel. Als „verpasste Chance“ beurteilte der Geschäftsführer der Fraktion, "
            "Volker Probe das Pontifikat Benedikt XVI. „Unter ihm ist die Kirche hinter das Konzil zurückgefallen.“")
    got = dict(speakers(text))
    assert got["Unter ihm ist die Kirche hinter das Konzil zurückgefallen."] == "Volker Probe"


def test_a_fronted_von_phrase_with_the_verb_of_speaking_after_it_is_said():
    text = "Von „gezielter“ oder „bewusster Täuschung“ sprechen Medienberichte heute im Zusammenhang mit der Arbeit."
    assert speakers(text) == [("gezielter", "Medienberichte"), ("bewusster Täuschung", "Medienberichte")]


def test_a_demonstrative_source_carries_to_reported_speech_after_it():
    text = ("Titel\n\nDie Studie wird unter Verschluss gehalten. Laut dieser Studie würden viele Abiturienten "
            "durch die Gebühren von einem Studium abgeschreckt. Im Vergleich zu 2003 fällt auf, dass der Anteil "
            "gesunken ist.\n\nBesonders betroffen seien vor allem junge Menschen aus „bildungsfernen "
            "Elternhäusern“, die verzichteten.")
    quotes = [q for q in QuoteExtractor([text]).extract(text) if q.kind == "direct"]
    assert [(q.text, q.speaker, q.speaker_kind) for q in quotes] == [
        ("bildungsfernen Elternhäusern", "dieser Studie", "document")]


@pytest.mark.parametrize("verb", ["meinen", "fordern", "kritisieren", "antworten"])
def test_plural_speech_verb_after_a_quote_names_its_speakers(verb):
    # "„…“, meinen die beiden Mitglieder Name und Name": the plural of a
    # regular speech verb is a cue like its singular
    text = ("Der Verein tagte am Montag. „Das ist nicht hinnehmbar und muss sofort geändert werden“, "
            f"{verb} Paul Krüger und Anna Weber in einer Erklärung.")
    qs = QuoteExtractor([text]).extract(text)
    assert [q.speaker for q in qs if q.kind == "direct"] == ["Paul Krüger"]


@pytest.mark.parametrize("tail", ["des Veranstalters", "der Berliner Feuerwehr", "des zuständigen Amtes"])
def test_role_speaker_keeps_its_genitive(tail):
    # a journalist wants "Sprecher des Veranstalters", not just "ein Sprecher"
    text = f"Das Fest fiel aus. „Wir bedauern die Absage sehr und prüfen einen neuen Termin“, sagte ein Sprecher {tail}."
    qs = [q for q in QuoteExtractor([text]).extract(text) if q.kind == "direct"]
    assert [q.speaker for q in qs] == [f"ein Sprecher {tail}"]


def test_role_speaker_without_genitive_stays_short():
    text = "Das Fest fiel aus. „Wir bedauern die Absage sehr und prüfen einen neuen Termin“, sagte ein Sprecher, der anonym bleiben wollte."
    qs = [q for q in QuoteExtractor([text]).extract(text) if q.kind == "direct"]
    assert [q.speaker for q in qs] == ["ein Sprecher"]


@pytest.mark.parametrize("subject", ["Die Verbände", "Die Veranstalter"])
def test_plural_speech_verb_before_a_quote_in_reported_speech(subject):
    text = f"Der Verlag baut um. {subject} betonen, es sei wichtig, den Zugang zu „unbequemen Ansichten“ zu sichern."
    qs = [q for q in QuoteExtractor([text]).extract(text) if q.kind == "direct"]
    assert [q.speaker for q in qs] == [subject]


def test_medium_a_statement_was_made_to_is_no_quote():
    text = ("Der Plan ist geheim. Ein Sprecher der Agentur wollte gegenüber der „Nordwestdeutschen Allgemeinen "
            "Zeitung“ (NAZ) nicht bestätigen, dass eine Forderung gestellt werde.")
    assert [q for q in QuoteExtractor([text]).extract(text) if q.kind == "direct"] == []


def test_passive_agent_of_a_speech_verb_speaks_the_reported_quote():
    # "Es wurde von X die Vermutung geäußert, … „…“": X said it
    text = ("Der Prozess beginnt. Es wurde von seinem Bruder die Vermutung geäußert, die Stadt brauche nur "
            "einen Sündenbock, mit dem man „ein schwaches Vorgehen vertuschen könne“.")
    qs = [q for q in QuoteExtractor([text]).extract(text) if q.kind == "direct"]
    assert [q.speaker for q in qs] == ["seinem Bruder"]


@pytest.mark.parametrize("text, speaker", [
    ("Der Plan wurde geändert. Die Kürzung war für die Gewerkschaften „Wortbruch und Betrug“.", "die Gewerkschaften"),
    ("Der Plan wurde geändert. Was für die Ministerin eine „flexible Lösung“ ist, war für die Verbände "
     "„Wortbruch und Betrug“.", "die Verbände"),
    ("Der Plan wurde geändert. Die Kürzung ist für Paul Krüger „ein klarer Wortbruch der Regierung“.", "Paul Krüger"),
])
def test_opinion_holder_right_before_the_quote(text, speaker):
    # "X war für die Verbände „…“": the holder of the view said it
    qs = [q for q in QuoteExtractor([text]).extract(text) if q.kind == "direct"]
    assert qs and qs[-1].speaker == speaker


def test_a_title_after_fuer_a_thing_stays_a_title():
    text = "Der Plan wurde geändert. Der Preis ist für die Sendung „Abendschau“ vorgesehen."
    assert [q for q in QuoteExtractor([text]).extract(text) if q.kind == "direct"] == []


@pytest.mark.parametrize("text, speaker", [
    ("Der Prozess endete. Das Gericht kam damit zu dem Ergebnis, „dass keine tragfähige Grundlage für eine "
     "Verurteilung besteht.“", "Das Gericht"),
    ("Der Prozess endete. Die Kommission kam zu dem Ergebnis, es gebe „keine tragfähige Grundlage für eine "
     "Verurteilung“.", "Die Kommission"),
])
def test_a_stated_conclusion_is_a_cue(text, speaker):
    # "X kam zu dem Ergebnis/Schluss, „…“": X states it
    qs = [q for q in QuoteExtractor([text]).extract(text) if q.kind == "direct"]
    assert [q.speaker for q in qs] == [speaker]


@pytest.mark.parametrize("text, speaker", [
    ("Der Verlag baut um. In der Zeitung fand sich dazu die Feststellung „Mit diesem Ziel stellt das Blatt "
     "seine Produktion auf neue Beine“.", "der Zeitung"),
    ("Der Streit geht weiter. Der größte Vorwurf ist in der Behauptung zu finden „Wer den Aufruf unterzeichnet, "
     "der hilft den Gegnern“, die viele empört.", "der Behauptung"),
])
def test_a_noun_of_saying_right_before_a_quote_names_it(text, speaker):
    # "die Feststellung „…“": words said, by the medium they stand in, else the statement itself
    qs = [q for q in QuoteExtractor([text]).extract(text) if q.kind == "direct"]
    assert [q.speaker for q in qs] == [speaker]
    assert qs[0].speaker_kind in ("media", "document")


@pytest.mark.parametrize("text", [
    "Nach Informationen des Nachrichtenmagazins „Der Bote“ hat der Politiker gelogen.",
    "Die Wochenzeitung „Die Woche“ meldet, der Minister sei zurückgetreten.",
    "Doch sei es, so der Autor Paul Krüger auf der Website der Tageszeitung „The Courier“, ein Fehler gewesen.",
])
def test_the_name_after_a_medium_or_body_noun_is_no_quote(text):
    assert [q.text for q in QuoteExtractor([text]).extract(text) if q.kind == "direct"] == []


def test_words_after_a_body_noun_with_a_speech_cue_stay_a_quote():
    text = "Der Verband „Wir schaffen das“, sagte die Vorsitzende Anna Weber."
    assert [q.speaker for q in QuoteExtractor([text]).extract(text) if q.kind == "direct"] == ["Anna Weber"]


@pytest.mark.parametrize("text, speaker", [
    ("„Jeder Dritte glaubt nicht mehr an die Politik.“ Das ist die zentrale Aussage einer Studie, die heute "
     "erschien.", "einer Studie"),
    ("„Die Lage ist ernst und wird schlimmer.“ Das war das Fazit des Verbands nach der Sitzung.", "des Verbands"),
])
def test_a_quote_named_as_a_statement_after_it(text, speaker):
    # "„…“ Das ist die Aussage/das Fazit X": X's words
    qs = [q for q in QuoteExtractor([text]).extract(text) if q.kind == "direct"]
    assert [q.speaker for q in qs] == [speaker]


def test_survey_shares_hold_views_in_their_own_sentences():
    # "N Prozent sind der Auffassung/teilen die Meinung, …": a share of those asked,
    # and a full stop before a number ends a sentence ("Studie. 22 Prozent")
    text = ("„Jeder Dritte glaubt nicht mehr an die Politik.“ Das ist die zentrale Aussage einer Studie. "
            "Zwar sind 62 Prozent der Bürger mit dem Staat zufrieden, 37 Prozent sind jedoch der gegenteiligen "
            "Auffassung, dass die Lage „weniger gut“ oder „schlecht“ ist. 22 Prozent teilen die Meinung, das "
            "System sei „nicht mehr zu retten“.")
    qs = [q for q in QuoteExtractor([text]).extract(text) if q.kind == "direct"]
    assert [q.speaker for q in qs] == ["einer Studie", "37 Prozent", "37 Prozent", "22 Prozent"]


@pytest.mark.parametrize("subject", ["Die Befragten", "Die Bürger", "Die Gewerkschaft"])
def test_a_view_held_is_a_cue(subject):
    verb = "ist der festen Überzeugung" if subject == "Die Gewerkschaft" else "teilen die Meinung"
    text = f"Eine Umfrage liegt vor. {subject} {verb}, das System sei „nicht mehr zu retten“."
    qs = [q for q in QuoteExtractor([text]).extract(text) if q.kind == "direct"]
    assert [q.speaker for q in qs] == [subject]


def test_an_ordinal_date_does_not_end_a_sentence():
    text = "Am 20. Mai sagte die Ministerin Anna Weber in Bonn, das Projekt sei „eine gute und wichtige Sache“."
    qs = [q for q in QuoteExtractor([text]).extract(text) if q.kind == "direct"]
    assert [q.speaker for q in qs] == ["Anna Weber"]
