"""Issue 15: words typed without umlauts or ß (ae, oe, ue, ss) are analysed as their
umlaut spellings are, at index and at query time: stop words, lemmas, feminine
bases and compound parts. All texts here are written for these tests."""
from __future__ import annotations

import datetime as dt

import pytest

from searcher.analysis import german_analyzer
from searcher.search import SearchEngine
from test_search import build, ids, release


def index_terms(text):
    return {t.text for t in german_analyzer()(text, mode="index")}


def query_terms(text):
    return [t.text for t in german_analyzer()(text, mode="query")]


@pytest.mark.parametrize(
    "ascii_form, umlaut_form",
    [("Feuerwehrkraefte", "Feuerwehrkräfte"), ("Aerztin", "Ärztin"), ("Notaerztin", "Notärztin"),
     ("Betaeubungsmittelgesetz", "Betäubungsmittelgesetz"), ("Polizeieinsatzkraefte", "Polizeieinsatzkräfte"),
     ("Gefluechtete", "Geflüchtete"), ("Verhaeltnissen", "Verhältnissen"), ("Muellabfuhr", "Müllabfuhr"),
     # an oe/ue at a compound's boundary is two letters, or an umlaut after a vowel-final modifier
     ("Bueroeinbruch", "Büroeinbruch"), ("Autoeinbrueche", "Autoeinbrüche"),
     ("Videoueberwachung", "Videoüberwachung"), ("Geraeteoeffnungen", "Geräteöffnungen")],
)
def test_an_ascii_spelling_is_indexed_with_the_terms_of_its_umlaut_spelling(ascii_form, umlaut_form):
    assert index_terms(ascii_form) == index_terms(umlaut_form)


def test_ue_after_a_vowel_or_q_is_no_umlaut_for_the_lexicon():
    from searcher.analysis.folding import _ascii_umlauts

    assert _ascii_umlauts("feuerwehrkraefte") == "feuerwehrkrafte"  # the eue of Feuer stays
    assert _ascii_umlauts("aerztin") == "arztin"
    for word in ("steuer", "bauer", "neue", "quelle", "feuerwehr"):
        assert _ascii_umlauts(word) is None
    # nor for the splitter, unless a word of the lexicon ends at that vowel (Video|ue...)
    assert not index_terms("Sauerstoff") - {stem for stem in query_terms("Sauerstoff")}


@pytest.mark.parametrize("ascii_form, umlaut_form",
                         [("fuer", "für"), ("ueber", "über"), ("waehrend", "während"), ("koennen", "können")])
def test_stop_words_typed_without_umlauts_are_stop_words(ascii_form, umlaut_form):
    assert query_terms(f"Kontrolle {ascii_form} Raser") == query_terms(f"Kontrolle {umlaut_form} Raser") \
        == query_terms("Kontrolle Raser")
    assert index_terms(f"Kontrolle {ascii_form} Raser") == index_terms("Kontrolle Raser")


RELEASES = [
    release("u-1", dt.date(2021, 1, 4), "Kontrolle für Raser", "Die Polizei kontrollierte Raser in der Nacht."),
    release("u-2", dt.date(2021, 2, 4), "Raser gestellt", "Ein Raser fuhr durch die Kontrolle."),
    release("u-3", dt.date(2021, 3, 4), "Aerztin angegriffen",
            "Eine Aerztin wurde im Rettungswagen angegriffen. Feuerwehrkraefte halfen."),
    release("u-4", dt.date(2021, 4, 4), "Ärztin geehrt", "Die Ärztin erhielt eine Auszeichnung."),
    release("u-5", dt.date(2021, 5, 4), "Arzt im Dienst", "Ein Arzt half am Unfallort."),
    release("u-6", dt.date(2021, 6, 4), "Kräfte im Einsatz", "Viele Kräfte waren im Einsatz."),
]


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    e = SearchEngine(build(tmp_path_factory.mktemp("ix"), RELEASES))
    yield e
    e.close()


def test_a_query_with_a_stop_word_typed_without_umlaut_finds_what_the_umlaut_query_finds(engine):
    typed, umlaut = engine.search("Kontrolle fuer Raser"), engine.search("Kontrolle für Raser")
    assert (typed.total, typed.related) == (umlaut.total, umlaut.related) == (2, 0)
    assert sorted(ids(typed)) == sorted(ids(umlaut)) == ["u-1", "u-2"]


def test_a_release_written_without_umlauts_is_found_by_the_base_and_parts_of_its_words(engine):
    # "Arzt" finds the feminine forms however they are written
    assert sorted(ids(engine.search("Arzt"))) == ["u-3", "u-4", "u-5"]
    assert engine.search("Arzt").total == 3
    # "Kräfte" / "Kraefte" find the compound written without umlaut as a part
    for q in ("Kräfte", "Kraefte"):
        found = engine.search(q)
        assert "u-3" in ids(found) and found.total == 2
