"""The lexicon guard of the stemmer: words the lexicon knows as different lemmas
(Messer/Messe, Feuerwerker/Feuerwerk, agent nouns in -er) that Snowball merges are
kept apart, in fresh indexes only; an index written before keeps its own analysis."""
from __future__ import annotations

import datetime as dt
import pickle

import pytest
from whoosh.analysis import CompositeAnalyzer

from searcher.analysis import GermanStemFilter, german_analyzer
from searcher.search import SearchEngine
from test_search import build, ids, release


def terms(text, mode="query", **switches):
    return [t.text for t in german_analyzer(**switches)(text, mode=mode)]


def test_lemmas_the_lexicon_tells_apart_get_different_terms():
    assert terms("Messer") != terms("Messe")
    assert terms("Messer") == terms("Messern") == terms("Messers")
    assert terms("Feuerwerker") != terms("Feuerwerk")
    assert terms("Täter") != terms("Tat")
    assert terms("Arbeiter") != terms("Arbeit")


def test_guard_reaches_compound_parts_and_participle_nouns():
    # a compound with a guarded head is found by the head's own term, not by Messe's
    for word in ("Einhandmesser", "Küchenmessern", "Klappmesser"):
        parts = terms(word, mode="index")[1:]
        assert terms("Messer")[0] in parts and terms("Messe")[0] not in parts
    # a compound the lexicon does not list keeps Snowball's term (Geldtransporter
    # still meets the listed Geldtransport)
    assert terms("Geldtransporter") == terms("Geldtransport")
    # the gender-neutral participle noun goes with the agent noun, as before
    assert terms("Teilnehmende") == terms("Teilnehmer")
    assert terms("Betreuenden") == terms("Betreuer")  # ue kept while reading the ending


def test_words_snowball_keeps_together_stay_together():
    # plural forms, demonyms and adjective-declined nouns are no other lemma
    assert terms("Länder") == terms("Landes")
    assert terms("Berliner") == terms("Berlin")
    assert terms("Bewaffneter") == terms("Bewaffnete")


def test_guard_is_for_nouns_lowercase_words_keep_the_stem():
    # an adjective in the text is not the noun Fälscher
    assert terms("ein falscher Polizist", mode="index")[0] == terms("falsche")[0]
    # a lowercase query word asks for both
    assert set(terms("messer")) == set(terms("Messer") + terms("Messe"))


def test_without_gender_handling_the_feminine_goes_with_its_masculine():
    assert terms("Fahrerin", gender=False) == terms("Fahrer", gender=False)
    assert terms("Fahrerin") != terms("Fahrer")


def test_ablation_switch_turns_the_guard_off():
    assert terms("Messer", guard=False) == terms("Messe", guard=False)


def test_an_analyzer_pickled_before_the_guard_analyses_without_it():
    # An index stores its analyzer pickled; one written before the guard has stem
    # filters without the 'guard' switch, and its queries must match its terms.
    analyzer = german_analyzer()
    state = pickle.loads(pickle.dumps(analyzer))
    for item in state.items:
        if hasattr(item, "cfg_args"):
            item.cfg_args.pop("guard")
    old = pickle.loads(pickle.dumps(state))
    assert [t.text for t in old("Messer", mode="query")] == terms("Messe")
    assert [t.text for t in old("Das Messer", mode="index")] == terms("Messe")
    # the one-loop index path follows the old analysis too
    stages = CompositeAnalyzer(*old.items)
    text = "Der Arbeiter fand ein Messer auf der Messe."
    assert [t.text for t in old(text, mode="index")] == [t.text for t in stages(text, mode="index")]


def test_one_loop_index_analysis_gives_the_tokens_of_the_stages_with_the_guard():
    fused = german_analyzer()
    stages = CompositeAnalyzer(*fused.items)
    text = ("Ein Täter bedrohte den Feuerwerker mit einem Einhandmesser; wichtiger Hinweis: "
            "die Teilnehmenden der Messe messen nach. Falscher Alarm bei den Arbeitern.")

    def stream(a):
        return [(t.text, t.pos, t.startchar, t.endchar, t.boost)
                for t in a(text, mode="index", positions=True, chars=True)]

    assert stream(fused) == stream(stages)
    assert "messer" in [t[0] for t in stream(fused)]


def _rel(n, title, body):
    return release(f"m-{n}", dt.date(2023, 3, n), title, body, issuer="Polizei Berlin",
                   issuer_key="polizei-berlin")


RELEASES = [
    _rel(1, "Mit Messer bedroht", "Ein Mann bedrohte einen Passanten mit einem Messer."),
    _rel(2, "Einbruch auf dem Messegelände", "Unbekannte brachen während der Messe in einen Stand ein."),
    _rel(3, "Geschwindigkeit kontrolliert", "Beamte messen die Geschwindigkeit in der Schulstraße."),
    _rel(4, "Feuerwerker im Einsatz", "Ein Feuerwerker entschärfte eine Weltkriegsbombe."),
    _rel(5, "Feuerwerk gezündet", "Jugendliche zündeten Feuerwerk auf dem Spielplatz."),
    _rel(6, "Springmesser sichergestellt", "Bei der Kontrolle fanden Beamte ein Springmesser."),
    _rel(7, "Mit Einhandmesser bedroht", "Der Täter zog ein Einhandmesser."),
    _rel(8, "Messerstecherei vor Bar", "Nach einer Messerstecherei kam ein Mann ins Krankenhaus."),
]


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    e = SearchEngine(build(tmp_path_factory.mktemp("ix"), RELEASES))
    yield e
    e.close()


def test_a_search_for_messer_finds_no_trade_fair_and_no_measuring(engine):
    r = engine.search("Messer")
    assert ids(r)[0] == "m-1"  # the word itself first, then the compounds with it
    assert set(ids(r)) == {"m-1", "m-6", "m-7", "m-8"} and r.total == 4  # exact matches, all
    assert not {"m-1", "m-6", "m-7", "m-8"} & set(ids(engine.search("Messe")))


def test_a_search_for_feuerwerk_finds_no_bomb_disposal_expert(engine):
    assert ids(engine.search("Feuerwerk")) == ["m-5"]
    assert ids(engine.search("Feuerwerker")) == ["m-4"]


def test_the_golden_index_keeps_the_analysis_it_was_written_with():
    # tests/golden/index-2026-12 was written before the guard: its stored analyzer
    # gives the old terms, so its queries still meet its postings; a new index's gives
    # the guarded ones.
    from pathlib import Path

    from whoosh import index as windex

    from searcher.schema import build_schema

    golden = Path(__file__).resolve().parent / "golden" / "index-2026-12"
    gen = next(p for p in sorted(golden.glob("gen-*")) if windex.exists_in(str(p)))
    old = windex.open_dir(str(gen)).schema["body"].analyzer
    new = build_schema()["body"].analyzer
    assert [t.text for t in old("Radfahrer Messer", mode="query")] == ["radfahr", "mess"]
    assert [t.text for t in new("Radfahrer Messer", mode="query")] == ["radfahrer", "messer"]


def test_a_lowercase_query_word_finds_both_the_noun_and_its_look_alike(engine):
    # typed in lowercase, "messer" may mean the noun or a form of messen
    assert set(ids(engine.search("messer"))) == {"m-1", "m-2", "m-3", "m-6", "m-7", "m-8"}
