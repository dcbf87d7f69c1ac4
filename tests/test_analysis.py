"""German analysis, stage by stage, as token streams in index and query mode."""
from __future__ import annotations

import csv
import pickle
import subprocess
import sys
from pathlib import Path

import pytest
from whoosh import index
from whoosh.fields import ID, TEXT, Schema
from whoosh.qparser import QueryParser

from searcher.analysis import (
    analyze_query_word,
    fold,
    german_analyzer,
    name_analyzer,
    split_compound,
    split_query_word,
)


def terms(text, mode="query", **switches):
    return [t.text for t in german_analyzer(**switches)(text, mode=mode)]


def index_terms(text, **switches):
    return terms(text, mode="index", **switches)


NONE = dict(stem=False, fold=False, overrides=False, decompound=False, gender=False, lemmas=False)


# --- tokenizer, lowercase, stop words ---------------------------------------------------


def test_tokenizer_lowercase_and_stop_words():
    assert terms("Der Hund und die Katze, 2 Räder!", **NONE) == ["hund", "katze", "räder"]


def test_hyphenated_words_give_parts_and_joined_form():
    assert terms("IQ-Netzwerk", **NONE) == ["iq", "iqnetzwerk", "netzwerk"]


def test_hyphen_positions_let_the_phrase_match():
    toks = [(t.text, t.pos) for t in german_analyzer(**NONE)("das IQ-Netzwerk hilft", positions=True)]
    assert toks == [("iq", 0), ("iqnetzwerk", 0), ("netzwerk", 1), ("hilft", 2)]


def test_gender_marked_forms_are_one_word():
    for text in ("Lehrer*innen", "Lehrer:innen", "Lehrer_innen", "LehrerInnen", "Lehrer/-innen"):
        assert len(terms(text)) == 1, text


def test_chars_are_those_of_the_original_word():
    a = german_analyzer()
    text = "Zur Fachkräftesicherung"
    toks = list(a(text, mode="index", positions=True, chars=True))
    assert {text[t.startchar : t.endchar] for t in toks} == {"Fachkräftesicherung"}
    assert {t.pos for t in toks} == {0}  # "Zur" is a stop word; positions close up


def test_empty_and_all_stop_words():
    assert terms("") == [] and index_terms("") == [] and index_terms("der die das") == []


# --- stemming, folding, overrides -----------------------------------------------------


def test_stemming_meets_inflected_forms():
    assert terms("Flüchtling") == terms("Flüchtlinge") == ["fluchtling"]
    assert terms("gesprengt", stem=False) == ["gesprengt"]


@pytest.mark.parametrize(
    "ascii_form, umlaut_form",
    [("Schlaegerei", "Schlägerei"), ("Muell", "Müll"), ("Fluechtiger", "flüchtiger"),
     ("Strassenrennen", "Straßenrennen"), ("Koepping", "Köpping"), ("Kopping", "Köpping")],
)
def test_folding_both_sides(ascii_form, umlaut_form):
    assert terms(ascii_form) == terms(umlaut_form)
    assert index_terms(ascii_form)[0] == terms(umlaut_form)[0]


def test_fold_function():
    assert fold("Köpping") == fold("Koepping") == fold("Kopping") == "kopping"
    assert fold("Straße") == "strasse"


@pytest.mark.parametrize(
    "singular, plural",
    [("Sprachkurs", "Sprachkurse"), ("Zins", "Zinsen"), ("Impuls", "Impulse"),
     ("Ministerium", "Ministerien"), ("Auto", "Autos"), ("Linienbus", "Linienbussen"),
     ("Nachbar", "Nachbarn"), ("Zentrum", "Zentren")],
)
def test_overrides_join_singular_and_plural(singular, plural):
    assert terms(singular) == terms(plural)
    assert terms(singular, overrides=False) != terms(plural, overrides=False)


def test_override_applies_to_compound_heads_only_with_a_real_modifier():
    assert terms("Berufssprachkursen") == terms("Berufssprachkurs")
    assert terms("Anrufer") == terms("Anrufer", overrides=False)


# --- gender ---------------------------------------------------------------------------


def test_feminine_forms_index_their_base():
    for word, base in [("Ministerin", "Minister"), ("Polizistinnen", "Polizist"), ("Diebin", "Dieb"),
                       ("Diebinnen", "Dieb"), ("Kollegin", "Kollege"), ("Motorradfahrerin", "Motorradfahrer")]:
        assert terms(base)[0] in index_terms(word), word


def test_feminine_query_stays_feminine():
    # A query for "Diebin" wants women; the base is added on the index side only.
    assert terms("Diebin") == terms("Diebinnen") == ["diebin"]
    assert terms("Motorradfahrerin") != terms("Motorradfahrer")
    assert terms("Motorradfahrerin", gender=False) == terms("Motorradfahrer", gender=False)


def test_gender_neutral_forms_are_the_base():
    base = terms("Mitarbeiter")
    for form in ("Mitarbeiter*innen", "Mitarbeiter:innen", "MitarbeiterInnen", "Mitarbeiter_innen"):
        assert terms(form) == base, form
    assert terms("Lehrer*innen") == terms("Lehrer")


@pytest.mark.parametrize("word", ["Termin", "Berlin", "Benzin", "Disziplin", "Medizin", "Magazin",
                                  "Kamin", "Rubin", "Gewinnen", "beginnen", "Dachrinnen"])
def test_words_ending_in_in_stay_intact(word):
    assert terms(word) == terms(word, gender=False)
    # the query's own term first; a strong verb's other forms (beginnen: begann) follow it
    assert index_terms(word, decompound=False, lemmas=False) == terms(word)[:1]


# --- decompounding --------------------------------------------------------------------


@pytest.mark.parametrize(
    "word, parts",
    [("Fachkräftesicherung", ["Fachkraft", "Sicherung"]), ("Berufssprachkursen", ["Beruf", "Sprachkurs"]),
     ("Integrationsministerin", ["Integration", "Minister"]), ("Geldautomaten", ["Geld", "Automat"]),
     ("Autobrand", ["Auto", "Brand"]), ("Müllcontainer", ["Müll", "Container"]),
     ("Straßenrennen", ["Straße", "Rennen"])],
)
def test_compounds_index_their_parts(word, parts):
    got = index_terms(word)
    for part in parts:
        assert terms(part)[0] in got, (word, part, got)
    assert terms(word) == [got[0]]  # query side: the whole word only


def test_decompounding_is_index_only_and_switchable():
    assert terms("Fachkräftesicherung") == ["fachkraftesicher"]
    assert index_terms("Fachkräftesicherung", decompound=False) == ["fachkraftesicher"]


def test_no_parts_under_three_letters_and_lowercase_words_stay_whole():
    assert all(len(p) >= 3 for p in split_compound("Urlaubsreise"))
    assert index_terms("flüchtiger") == ["fluchtig"]


def test_split_compound_examples():
    assert split_compound("Berufssprachkursen") == ("beruf", "sprachkurs")
    assert split_compound("Termin") == ()


def test_query_words_split_against_the_index_vocabulary():
    df = {"strassenrenn": 3, "strass": 900, "renn": 60, "enkeltrick": 40, "enkel": 30, "trick": 20}.get
    assert split_query_word("Strassenrennen", lambda t: df(t, 0)) == ("strass", "renn")
    # the whole word is commoner than its parts together (geometric mean): keep it whole
    assert split_query_word("Enkeltrick", lambda t: df(t, 0)) is None
    assert split_query_word("Hund", lambda t: 100) is None


def test_query_mode_never_loads_the_lexicon():
    code = ("import searcher.analysis as a; g = a.german_analyzer(); "
            "[t.text for t in g('Fachkräftesicherung der Ministerinnen', mode='query')]; "
            "assert a._LEXICON is None")
    subprocess.run([sys.executable, "-c", code], check=True)


# --- contract -------------------------------------------------------------------------


def test_name_analyzer_folds_without_stemming():
    assert [t.text for t in name_analyzer()("Petra Köpping-Koepping")] == ["petra", "kopping", "kopping"]


def test_analyzers_pickle():
    a = german_analyzer()
    list(a("Fachkräftesicherung", mode="index"))  # fill the caches first
    b = pickle.loads(pickle.dumps(a))
    assert [t.text for t in b("Sprachkurse", mode="query")] == ["sprachkurs"]
    assert len(pickle.dumps(a)) < 4000  # no caches or lexicon inside
    pickle.loads(pickle.dumps(name_analyzer()))


def test_analyze_query_word():
    assert analyze_query_word("Sprachkurse") == ["sprachkurs"]
    assert analyze_query_word("IQ-Netzwerk") == ["iq", "iqnetzwerk", "netzwerk"]


# --- acceptance on the seeds ------------------------------------------------------------


@pytest.fixture(scope="module")
def seeds_index(tmp_path_factory, seeds_dir):
    schema = Schema(id=ID(stored=True), body=TEXT(analyzer=german_analyzer(), chars=True))
    ix = index.create_in(str(tmp_path_factory.mktemp("ix")), schema)
    with ix.writer() as w:
        for p in sorted(Path(seeds_dir).glob("*.txt")):
            w.add_document(id=p.name[:3], body=p.read_text(encoding="utf-8"))
    return ix


@pytest.mark.parametrize(
    "query, expected",
    [("Flüchtling", {"000"}), ("Koepping", {"000"}), ("Kopping", {"000"}), ("Sicherung", {"003"}),
     ("Sprachkurs", {"000", "003"}), ("Arbeitsmarkt", {"000", "003"}), ("Minister", {"000"}),
     ("Fachkraft", {"000", "003"}), ('"IQ Netzwerk"', {"003"})],
)
def test_seed_acceptance(seeds_index, query, expected):
    with seeds_index.searcher() as s:
        hits = {h["id"] for h in s.search(QueryParser("body", seeds_index.schema).parse(query))}
    assert expected <= hits


def test_highlight_marks_the_whole_compound(seeds_index):
    with seeds_index.searcher() as s:
        q = QueryParser("body", seeds_index.schema).parse("Sicherung")
        docnum = next(iter(s.search(q))).docnum
        matcher = q.matcher(s)
        matcher.skip_to(docnum)
        text = Path(sorted(Path(__file__).parent.parent.glob("seeds/003*.txt"))[0]).read_text(encoding="utf-8")
        spans = {text[sc:ec] for _, sc, ec in [(0, sp.startchar, sp.endchar) for sp in matcher.spans()]}
    assert "Fachkräftesicherung" in spans


# --- optional corpus check ---------------------------------------------------------------


@pytest.mark.corpus
def test_corpus_titles_analyse_cleanly(corpus_dir):
    path = corpus_dir / "berlin-polizei" / "berlin_polizei_2020.csv"
    a = german_analyzer()
    with open(path, encoding="utf-8", newline="") as fh:
        for i, row in enumerate(csv.DictReader(fh)):
            if i == 200:
                break
            text = row["title"]
            for t in a(text, mode="index", positions=True, chars=True):
                assert t.text and 0 <= t.startchar < t.endchar <= len(text)


def test_compound_parts_weigh_less_than_the_word_itself():
    from searcher.analysis import PART_BOOST, german_analyzer

    tokens = [(t.text, t.boost) for t in german_analyzer()("Fachkräftesicherung Sicherung", mode="index", boosts=True)]
    weights = {}
    for text, boost in tokens:
        weights.setdefault(text, []).append(boost)
    (word,) = [t.text for t in german_analyzer()("Sicherung", mode="query")]
    assert weights[word] == [PART_BOOST, 1.0]  # as a part of the compound, then as a word
    assert 0 < PART_BOOST < 1


# --- the one-loop index analysis gives the stages' tokens ----------------------------------

_MIXED_TEXT = (
    "Die Lehrer*innen und Mitarbeiter:innen des IQ-Netzwerks trafen Staatsministerin Köpping. "
    "Der Polizist hat die Polizistinnen und MitarbeiterInnen am 3. März 2024 um 14.30 Uhr "
    "im Arbeits- und Sozialministerium in Dresden-Neustadt informiert; e-Mail: a-b@x.de. "
    "Die Fachkräftesicherung, Berufssprachkurse und Geldautomaten – ein Ab- und Zugang, "
    "zu-dem aus der U-Bahn: »Wir schaffen das«, so die Ministerin. Bus-Fahrerin, Ö-Ticket, 1-2-3."
)


def _stream(analyzer, text, **options):
    return [(t.text, getattr(t, "pos", None), getattr(t, "startchar", None), getattr(t, "endchar", None),
             round(t.boost, 6)) for t in analyzer(text, mode="index", **options)]


@pytest.mark.parametrize("options", [
    dict(positions=True, chars=True, boosts=True),
    dict(positions=False, chars=False),
    dict(positions=True, chars=True, start_pos=7, start_char=100),
    dict(positions=True, chars=False, removestops=False),
])
def test_one_loop_index_analysis_gives_the_tokens_of_the_stages(options):
    from whoosh.analysis import CompositeAnalyzer

    fused = german_analyzer()
    stages = CompositeAnalyzer(*fused.items)  # the same stages run one after another
    for text in (_MIXED_TEXT, "", "der die das", "Ab-", "-", _MIXED_TEXT.upper(), _MIXED_TEXT.lower()):
        assert _stream(fused, text, **options) == _stream(stages, text, **options)
    assert _stream(fused, _MIXED_TEXT, positions=True, chars=True)  # not trivially empty


def test_ablated_chains_and_queries_use_the_stages():
    # an ablation (no decompounding) must not take the full chain's one-loop path
    assert "netzwerk" in index_terms("IQ-Netzwerk")
    assert "fachkraft" not in [t for t in index_terms("Fachkräftesicherung", decompound=False, lemmas=False)]
    assert "fachkraft" in index_terms("Fachkräftesicherung")
    assert pickle.loads(pickle.dumps(german_analyzer()))("Sprachkurse", mode="index").__next__().text == "sprachkurs"


@pytest.mark.corpus
def test_one_loop_index_analysis_matches_the_stages_on_the_berlin_corpus(corpus_dir):
    from whoosh.analysis import CompositeAnalyzer

    fused = german_analyzer()
    stages = CompositeAnalyzer(*fused.items)
    path = corpus_dir / "berlin-polizei" / "berlin_polizei_2019.csv"
    csv.field_size_limit(1 << 26)
    with open(path, encoding="utf-8", newline="") as fh:
        for i, row in enumerate(csv.DictReader(fh)):
            if i == 300:
                break
            text = row["title"] + "\n" + row["description"]
            assert _stream(fused, text, positions=True, chars=True) == _stream(stages, text, positions=True, chars=True)
