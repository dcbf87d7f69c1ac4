"""Issue 15: a typed form of a strong or irregular verb matches the other forms of
the same verb as exact matches (searcher.analysis.verbs); derived nouns and nouns
that share a form's term do not.

All releases here are written for these tests."""
from __future__ import annotations

import datetime as dt
import importlib.util
import sys
from pathlib import Path

import pytest

from searcher.analysis import _config, german_analyzer, verbs
from searcher.search import SearchEngine
from test_search import build, release

D = dt.date(2022, 5, 1)
RELEASES = [
    release("beisst", D, "Hund im Park", "Ein freilaufender Hund beißt einen Jogger ins Bein."),
    release("bissnomen", D, "Hundebiss", "Der Biss war tief, der Mann kam ins Krankenhaus."),
    release("gebissen", D, "Briefträger verletzt", "Der Briefträger wurde von einem Hund gebissen."),
    release("stiehlt", D, "Fahrraddieb", "Ein Mann stiehlt am Bahnhof ein Fahrrad und rennt davon."),
    release("stahl", D, "Edelstahl", "Aus einer Werkstatt verschwanden Rohre aus Stahl und Edelstahl."),
    release("einbrach", D, "Laube", "Ein Zeuge sah, wie ein Mann in die Laube einbrach."),
    release("zugreifen", D, "Angestellte", "Der Mann versuchte, die Kassiererin anzugreifen."),
    release("angriffnomen", D, "Angriff", "Nach einem Angriff auf einen Radfahrer ermittelt die Polizei."),
    release("geflohen", D, "Unfallflucht", "Der Fahrer ist nach dem Unfall geflohen."),
    release("flieht", D, "Kontrolle", "Ein Autofahrer flieht vor einer Kontrolle."),
]


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    e = SearchEngine(build(tmp_path_factory.mktemp("ix"), RELEASES))
    yield e
    e.close()


def exact_ids(result):
    return {h.id for h in result.hits if not h.related}


def test_a_participle_finds_the_present_tense_as_an_exact_match(engine):
    r = engine.search("gebissen")
    assert exact_ids(r) == {"gebissen", "beisst"}
    assert r.total == 2


def test_a_two_word_query_with_a_verb_form_counts_the_other_form_exact(engine):
    r = engine.search("Hund gebissen")
    assert {"gebissen", "beisst"} <= exact_ids(r)
    assert r.total == 2


def test_the_derived_noun_is_not_a_form_of_the_verb(engine):
    assert "bissnomen" not in exact_ids(engine.search("gebissen"))
    r = engine.search("Biss")
    assert exact_ids(r) == {"bissnomen"} and r.total == 1


def test_a_form_that_is_also_an_unrelated_noun_is_left_out(engine):
    # stahl is the preterite of stehlen and the noun Stahl: matching it would count
    # every release about steel as a theft
    r = engine.search("gestohlen")
    assert exact_ids(r) == {"stiehlt"}
    assert "stahl" not in {h.id for h in r.hits}


def test_separable_and_inseparable_prefixes_keep_the_verb_together(engine):
    assert exact_ids(engine.search("eingebrochen")) == {"einbrach"}
    assert exact_ids(engine.search("angegriffen")) == {"zugreifen"}
    assert "angriffnomen" not in exact_ids(engine.search("angegriffen"))


def test_forms_of_one_verb_find_each_other_both_ways(engine):
    assert exact_ids(engine.search("geflohen")) == {"geflohen", "flieht"}
    assert exact_ids(engine.search("flieht")) == {"geflohen", "flieht"}


def test_a_capitalised_word_is_a_noun_and_not_read_as_a_verb():
    a = german_analyzer()
    assert [t.text for t in a("Angriff", mode="query")] == ["angriff"]
    assert [t.text for t in a("angriff", mode="query")] == ["angriff"]  # another noun's lemma
    # the preterite plural of festnehmen is also the plural of Festnahme: typed in
    # lowercase it stays the noun's term, and festgenommen is not asked for
    assert [t.text for t in a("festnahmen", mode="query")] == [t.text for t in a("Festnahmen", mode="query")]
    assert len([t.text for t in a("gebissen", mode="query")]) > 1


def test_verb_forms_are_query_side_only():
    a = german_analyzer()
    assert [t.text for t in a("Der Hund hat gebissen", mode="index")] == ["hund", "gebiss"]
    toks = [(t.text, t.pos) for t in a("gebissen", mode="query", positions=True)]
    assert {p for _, p in toks} == {0}  # alternatives at the word's one position


def test_expansion_of_unknown_and_odd_words_is_empty():
    cfg = _config(decompound=False, lemmas=False, guard=False)
    for w in ("xyz", "haus", "", "123", "verletzt"):
        assert verbs.forms_of(w, cfg) == ()


def test_the_table_is_the_standard_list():
    rows = verbs._verbs()
    assert 170 <= len(rows) <= 220
    assert ("stehlen", "stiehlt", "stahl", "gestohlen") in rows
    assert ("kommen", "kommt", "kam", "gekommen") in rows  # a regular present tense, derived
    assert len({r[0] for r in rows}) == len(rows)


def test_the_homograph_list_is_up_to_date():
    pytest.importorskip("german_nouns", reason="the german-nouns package builds the homograph list")
    bench = Path(__file__).resolve().parent.parent / "bench" / "verb_homographs.py"
    spec = importlib.util.spec_from_file_location("verb_homographs", bench)
    mod = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(bench.parent.parent))
    spec.loader.exec_module(mod)
    out, lemmas = mod.compute()
    text = mod.render(out, lemmas)
    assert mod.OUT.read_text(encoding="utf-8") == text, "run python bench/verb_homographs.py"


def test_the_snippet_marks_the_other_form_of_the_verb(engine):
    hit = next(h for h in engine.search("gebissen").hits if h.id == "beisst")
    marked = [s.text[a:b] for s in hit.snippets for a, b in s.highlights]
    assert "beißt" in marked


def test_an_ascii_spelling_of_a_verb_form_finds_the_same_forms(engine):
    assert exact_ids(engine.search("beisst")) == exact_ids(engine.search("beißt"))
    assert exact_ids(engine.search("gebissen")) == {"gebissen", "beisst"}
    a = german_analyzer()
    assert [t.text for t in a("ueberfiel", mode="query")] == [t.text for t in a("überfiel", mode="query")]


def test_a_word_with_a_verb_stem_is_no_verb_form():
    a = german_analyzer()
    # Snowball stems messer like messen, but messer is no form of it
    assert "misst" not in [t.text for t in a("messer", mode="query")]
    # beißt is beißen, not be- + isst (essen)
    assert [t.text for t in a("beißt", mode="query")] == ["beisst", "beiss"]


def test_the_postgresql_backend_finds_the_same_verb_forms(engine, pg_url):
    from test_postgres import _pg_index

    ix = _pg_index(pg_url, RELEASES)
    try:
        for q in ("gebissen", "Hund gebissen", "gestohlen", "eingebrochen", "angegriffen", "Biss", "flieht"):
            got, want = ix.search(q), engine.search(q)
            assert (got.total, got.related, exact_ids(got)) == (want.total, want.related, exact_ids(want)), q
        assert exact_ids(ix.search("gebissen")) == {"gebissen", "beisst"}
    finally:
        ix.close()
