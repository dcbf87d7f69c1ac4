"""Cues in the quote's own clause name its speaker before one is carried over from
the sentences before (issue 13, round s15): any verb of saying after the quote in
inverted order, source cues without a verb after the quote or before it (``laut
X``, ``(X)``, ``von Seiten X``, ``aus Sicht X``, ``in den Augen X``), a view held in
reported speech (``X sei der Meinung, …``). Texts are written for the tests."""
from __future__ import annotations

import pytest

from searcher.parse.quotes import QuoteExtractor, analyse_phrase

#: The sentence before: a person speaks, whom a quote without its own cue would inherit.
LEAD = "„Wir sind bereit“, sagte Stadtrat Olaf Brettschneider. "


def last(sentence: str) -> tuple[str, str]:
    """(speaker, kind) of the one direct quote of ``sentence`` after LEAD."""
    text = LEAD + sentence
    quotes = [q for q in QuoteExtractor([text]).extract(text) if q.kind == "direct" and q.start > len(LEAD)]
    assert len(quotes) == 1, quotes
    return quotes[0].speaker, quotes[0].speaker_kind


@pytest.mark.parametrize("verb", ["bemängelte", "dementierte", "bestritt", "behauptete", "befürchtete",
                                  "vermutete", "beteuerte", "twitterte", "monierte", "wetterte",
                                  "schimpfte", "spottete", "jubelte", "konstatierte"])
def test_a_verb_of_saying_after_the_quote_names_its_subject(verb):
    sentence = f"„Die Lage ist ernst und bedrohlich für alle“, {verb} die Sprecherin der Stadt."
    assert last(sentence)[0] == "die Sprecherin der Stadt"


@pytest.mark.parametrize("sentence, speaker", [
    ("„Die Lage ist angespannt, aber unter Kontrolle“, laut Innenministerin Anna Kowalczyk.", "Anna Kowalczyk"),
    ("„Die Lage ist angespannt, aber unter Kontrolle“, laut der Polizei.", "der Polizei"),
    ("Die Lage sei „angespannt, aber unter Kontrolle“ (Innenministerium).", "Innenministerium"),
    ("„Wir werden alle Maßnahmen prüfen“, so hieß es von Seiten der Regierung.", "der Regierung"),
    ("Aus Sicht der Gewerkschaft sind die Pläne „ein Angriff auf die Rechte der Beschäftigten“.", "der Gewerkschaft"),
    ("In den Augen der Gewerkschaft sind die Pläne „ein Angriff auf die Rechte der Beschäftigten“.", "der Gewerkschaft"),
    ("Die Opposition sei dagegen der Meinung, die Pläne seien „ein Angriff auf die Rechte der Beschäftigten“.",
     "Die Opposition"),
])
def test_a_source_in_the_quotes_own_clause_beats_carrying_over(sentence, speaker):
    assert last(sentence)[0] == speaker


@pytest.mark.parametrize("after", [" (1998).", " (Seite 12).", " (Foto: Anna Kowalczyk).", " (siehe unten)."])
def test_brackets_with_a_year_a_page_or_a_caption_name_no_source(after):
    from searcher.parse.quotes.after_source import source_after
    from searcher.parse.quotes.speakers import phrase_kind

    def typed(sp):
        return sp if sp is not None and (sp.name or phrase_kind(sp.phrase)) else None

    assert source_after(after, typed) is None


@pytest.mark.parametrize("phrase, expected", [
    ("Der Deutsche Gewerkschaftsbund", "Der Deutsche Gewerkschaftsbund"),
    ("Der Vorsitzende Richter", "Der Vorsitzende Richter"),
    ("Die Demonstranten", "Die Demonstranten"),
])
def test_a_noun_made_from_an_adjective_before_a_typed_noun_is_its_attribute(phrase, expected):
    sp = analyse_phrase(phrase)
    assert sp is not None and sp.name is None and sp.phrase == expected


@pytest.mark.parametrize("phrase, name", [
    ("UN-Generalsekretär Ban Ki-moon", "Ban Ki-moon"),
    ("Staatschef Kim Jong-un", "Kim Jong-un"),
])
def test_a_given_name_with_a_lower_case_syllable_after_the_hyphen_is_kept(phrase, name):
    sp = analyse_phrase(phrase)
    assert sp is not None and sp.name == name


# -- typed one-word candidates: a part-of-speech signal ------------------------

@pytest.mark.parametrize("word, ok", [("Gezeigt", False), ("Zwischenzeitlich", False), ("Hierzu", False),
                                      ("Verletzte", False), ("Slowik", True), ("Obama", True), ("Köpping", True)])
def test_a_word_that_reads_as_no_noun_is_no_name(word, ok):
    from searcher.parse.quotes.word_class import may_be_name

    assert may_be_name(word) is ok


def test_a_participle_opening_a_sentence_speaks_no_quote():
    text = ("Karl Probe eröffnete das Festival. Gezeigt wurden „Der Pate“, „Casablanca“ und "
            "„Vom Winde verweht“.")
    assert [q.speaker for q in QuoteExtractor([text]).extract(text)] == []


def test_a_bare_surname_the_release_writes_in_full_stays_a_name_whatever_its_word_class():
    text = "Innensenatorin Sabine Kurz kam. „Wir sind vorbereitet und haben genug Personal“, sagte Kurz."
    assert [q.speaker for q in QuoteExtractor([text]).extract(text)] == ["Sabine Kurz"]


def test_a_surname_that_is_also_a_noun_resolves_to_the_full_name_after_laut():
    text = "Anna Berg widersprach am Montag. Laut Berg sei das „völliger Unsinn und gefährlich“."
    (q,) = [q for q in QuoteExtractor([text]).extract(text) if q.kind == "direct"]
    assert (q.speaker, q.speaker_kind) == ("Anna Berg", "person")


@pytest.mark.parametrize("intro, role", [
    ("Beate Kowalczyk, Staatssekretärin für Bildung:", "Staatssekretärin für Bildung"),
    ("Olaf Brettschneider, der Innensenator:", "Innensenator"),
    ("Olaf Brettschneider, Berlin:", None),
])
def test_a_role_in_apposition_after_the_name_is_shown_with_it(intro, role):
    text = f"Das Projekt startet. {intro} „Mit unserer Ausbildung erhalten Jugendliche eine Chance.“"
    (q,) = [q for q in QuoteExtractor([text]).extract(text) if q.kind == "direct"]
    assert (q.speaker_kind, q.role) == ("person", role)


@pytest.mark.parametrize("verb, particle", [
    ("strich", " heraus"), ("sicherte", " zu"), ("warf", " vor"), ("wandte", " ein"), ("verriet", ""),
    ("erwiderte", ""), ("prangerte", " an"), ("veröffentlichte", ""), ("bekundete", ""), ("fasste", " zusammen"),
])
def test_any_finite_verb_between_the_quote_and_its_subject_introduces_it(verb, particle):
    sentence = f"„Die Lage ist ernst und bedrohlich für alle“, {verb} die Sprecherin der Stadt{particle}."
    assert last(sentence)[0] == "die Sprecherin der Stadt"


@pytest.mark.parametrize("after", ["wurde zum geflügelten Wort.", "lautete die Antwort.", "steht auf dem Plakat."])
def test_a_verb_after_the_quote_with_no_subject_that_can_speak_names_no_one(after):
    from searcher.parse.quotes.after_source import inverted_subject

    assert inverted_subject(", " + after, lambda sp: sp if sp is not None and sp.name else None,
                            lambda rest: analyse_phrase(rest.split(".")[0])) is None


def test_a_pronoun_goes_to_the_person_the_release_gives_its_gender_before_one_of_unknown_gender():
    text = ("Olaf Brettschneider kam mit Innenministerin Anna Kowalczyk. "
            "„Die Lage ist ernst und bedrohlich für alle“, sagte sie.")
    assert [q.speaker for q in QuoteExtractor([text]).extract(text)] == ["Anna Kowalczyk"]


def test_a_law_named_in_marks_is_no_quote_even_after_a_verb_of_saying_in_the_sentence_before():
    text = LEAD + "Das Gesetz zur „Stärkung der inneren Sicherheit und Ordnung“ trat in Kraft."
    assert [q.text for q in QuoteExtractor([text]).extract(text) if q.start > len(LEAD)] == []


def test_a_list_of_quoted_titles_holds_no_quote_but_a_list_of_chanted_slogans_does():
    shown = LEAD + "Gezeigt wurden „Der Pate“, „Casablanca“ und „Vom Winde verweht“."
    assert [q.text for q in QuoteExtractor([shown]).extract(shown) if q.start > len(LEAD)] == []
    chanted = LEAD + "Die Demonstranten skandierten Parolen wie „Stoppt den Überwachungswahn“ oder „Nie wieder“."
    assert "Stoppt den Überwachungswahn" in [q.text for q in QuoteExtractor([chanted]).extract(chanted)]


@pytest.mark.parametrize("intro, speaker", [
    ("Scharfe Kritik übte die Gewerkschaft:", "die Gewerkschaft"),
    ("Dem widersprach Anna Kowalczyk:", "Anna Kowalczyk"),
])
def test_the_subject_after_the_verb_of_a_colon_introduction_that_fronts_an_object(intro, speaker):
    assert last(f"{intro} „Die Lage ist ernst und bedrohlich für alle.“")[0] == speaker
