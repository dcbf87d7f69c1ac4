"""Issue 15: exact matches told apart from related ones, back-off heads,
fuzzy words on the typed word, plain-word suggestions, stop-word queries.

All releases here are written for these tests."""
from __future__ import annotations

import csv
import datetime as dt
import json

import pytest
from click.testing import CliRunner

from searcher.cli import cli
from searcher.search import SearchEngine
from test_search import build, ids, release

POLICE = dict(issuer="Polizei Musterstadt", issuer_key="polizei-musterstadt")
FIRE = dict(issuer="Feuerwehr Musterstadt", issuer_key="feuerwehr-musterstadt")


def _r(n, date, title, body, **issuer):
    return release(f"r-{n}", date, title, body, **(issuer or POLICE))


RELEASES = [
    _r(1, dt.date(2021, 3, 1), "Schockanruf bei Seniorin",
       "Eine Seniorin erhielt einen Schockanruf. Der Anrufer gab sich als Polizist aus."),
    _r(2, dt.date(2022, 6, 1), "Falscher Polizist am Telefon",
       "Ein Anruf eines falschen Polizisten wurde gemeldet. Die Frau legte auf."),
    _r(3, dt.date(2020, 1, 5), "Betrug in Spandau",
       "Nach einem Anruf übergab ein Rentner in Spandau Geld an einen Abholer."),
    _r(4, dt.date(2023, 2, 2), "Schockanruf vereitelt",
       "Eine Bankangestellte verhinderte nach einem Schockanruf die Auszahlung."),
    _r(5, dt.date(2019, 8, 8), "Brandstiftung an Auto",
       "In der Nacht kam es zu einer Brandstiftung an einem geparkten Auto."),
    _r(6, dt.date(2019, 9, 9), "Erneut Brandstiftung",
       "Wieder wurde eine Brandstiftung an einem Müllcontainer gemeldet."),
    _r(7, dt.date(2018, 1, 1), "Trickdieb festgenommen", "Ein Trickdieb wurde am Bahnhof festgenommen."),
    _r(8, dt.date(2018, 2, 2), "Trickdiebe gestellt", "Zwei Trickdiebe wurden gestellt."),
    _r(9, dt.date(2018, 3, 3), "Dieb auf frischer Tat", "Ein Dieb stahl ein Fahrrad. Der Dieb floh."),
    _r(10, dt.date(2018, 4, 4), "Innenraum verwüstet", "Der Innenraum eines Autos wurde verwüstet."),
    _r(11, dt.date(2018, 5, 5), "Innenhof", "Im Innenhof brannte es. Innen war niemand."),
    _r(12, dt.date(2018, 6, 6), "Aus dem Ministerium des Innern", "Das Ministerium des Innern teilt mit: innen ruhig."),
    _r(13, dt.date(2018, 7, 7), "Trickdiebinnen unterwegs", "Zwei Trickdiebinnen bestahlen eine Seniorin."),
    _r(14, dt.date(2017, 1, 1), "Einsatz im OR", "Im OR der Klinik arbeitete das OR-Team. Das OR blieb offen.",
       **FIRE),
]


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    e = SearchEngine(build(tmp_path_factory.mktemp("ix"), RELEASES))
    yield e
    e.close()


def related_flags(result):
    return [h.related for h in result.hits]


# -- exact and related ---------------------------------------------------------


def test_total_counts_the_exact_matches_and_related_ones_come_after(engine):
    r = engine.search("Anruf Spandau")
    assert (r.total, r.related) == (1, 3)
    assert ids(r)[0] == "r-3"
    assert related_flags(r) == [False, True, True, True]


def test_a_compound_backed_off_to_its_head_counts_only_its_own_releases(engine):
    r = engine.search("Schockanruf")
    assert set(ids(r)[: r.total]) == {"r-1", "r-4"} and r.total == 2
    assert r.related >= 1 and set(ids(r)[r.total:]) <= {"r-2", "r-3"}
    assert related_flags(r) == [False] * r.total + [True] * r.related


def test_paging_crosses_the_boundary_without_changing_the_counts(engine):
    whole = engine.search("Anruf Spandau", limit=10)
    pages = [engine.search("Anruf Spandau", limit=1, offset=o) for o in range(5)]
    assert [h.id for p in pages for h in p.hits] == ids(whole)
    assert [h.related for p in pages for h in p.hits] == related_flags(whole)
    assert {(p.total, p.related) for p in pages} == {(1, 3)}


def test_sorting_by_date_orders_the_exact_ones_then_the_related_ones(engine):
    r = engine.search("Anruf Spandau", sort="newest")
    assert ids(r) == ["r-3", "r-4", "r-2", "r-1"]  # r-3 (2020) is the only exact match
    assert ids(engine.search("Anruf Spandau", sort="oldest")) == ["r-3", "r-1", "r-2", "r-4"]
    mixed = engine.search("Anruf Spandau", sort="newest", mixed=True)
    assert ids(mixed) == ["r-4", "r-2", "r-1", "r-3"]
    assert related_flags(mixed) == [True, True, True, False]


def test_require_all_lists_exact_matches_only(engine):
    r = engine.search("Anruf Spandau", require_all=True)
    assert (ids(r), r.total, r.related) == (["r-3"], 1, 0)


def test_a_word_no_release_contains_leaves_only_related_matches(engine):
    r = engine.search("Anruf Spandauu")
    assert r.total == 0 and r.related == 4
    assert all(related_flags(r))


def test_facets_count_the_exact_matches(engine):
    r = engine.search("Anruf Spandau", facets=True)
    assert r.facets["year"] == {"2020": 1}


# -- back-off, fuzzy, suggestions -------------------------------------------------


def test_back_off_never_takes_a_gender_ending_for_a_head(engine):
    r = engine.search("Trickdiebinnen", limit=20)
    assert "r-13" in ids(r)[: r.total]
    assert not {"r-10", "r-11", "r-12"} & set(ids(r))  # Innenraum, Innenhof, des Innern


def test_fuzzy_compares_the_word_as_typed(engine):
    assert set(ids(engine.search("Brandstiftng~"))) == {"r-5", "r-6"}  # a typo in the ending
    assert set(ids(engine.search("Brandstitung~"))) == {"r-5", "r-6"}  # a typo in the stem
    assert ids(engine.search("Brandstiftng")) == []


def test_suggestions_are_plain_words(engine):
    r = engine.search("titel:Brandstiftng", literal=True)  # after an unknown field: the words
    assert r.suggestion is not None and ":" not in r.suggestion
    assert "Brandstiftung" in r.suggestion.split()
    r = engine.search("Seniorin ox")  # the nearest known word is written "OR" in the releases
    assert r.suggestion is None or not {"OR", "AND", "NOT"} & set(r.suggestion.split())


# -- stop words, punctuation, browsing --------------------------------------------


@pytest.mark.parametrize("query, says", [("der die das", "only stop words"), ("?", "no word"), ("~", "no word")])
def test_a_query_with_nothing_to_search_says_so(engine, query, says):
    r = engine.search(query)
    assert (r.total, r.related, r.hits) == (0, 0, ())
    assert any(says in n for n in r.notes)
    assert engine.search(query, issuer="Feuerwehr").total == 0


def test_star_alone_lists_the_releases_of_the_filters_newest_first(engine):
    everything = engine.search("", limit=20)
    assert everything.total == len(RELEASES)
    assert ids(engine.search("*", limit=20)) == ids(everything)
    assert ids(engine.search("*", issuer="Feuerwehr")) == ids(engine.search("", issuer="Feuerwehr")) == ["r-14"]


# -- the command line ----------------------------------------------------------------


@pytest.fixture(scope="module")
def cli_index(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cli")
    path = folder / "releases.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["date", "title", "description", "link"])
        for r in RELEASES:
            w.writerow([r.date.isoformat(), r.title, r.body, r.id])
    runner = CliRunner()
    idx = folder / "idx"
    result = runner.invoke(cli, ["index", str(path), "--field", "body=description", "--field", "id=link",
                                 "--set", "issuer=Polizei Musterstadt", "--index", str(idx)])
    assert result.exit_code == 0, result.output
    return runner, idx


def test_cli_says_where_the_related_releases_begin(cli_index):
    runner, idx = cli_index
    out = runner.invoke(cli, ["search", "Anruf", "Spandau", "--index", str(idx)]).output
    assert '1 release for "Anruf Spandau", and 3 related (showing 1–4 of 4)' in out
    lines = out.splitlines()
    boundary = next(i for i, line in enumerate(lines) if "3 related releases" in line)
    assert lines.index("  1. Betrug in Spandau") < boundary < next(i for i, l in enumerate(lines) if l.startswith("  2."))
    page2 = runner.invoke(cli, ["search", "Anruf", "Spandau", "--limit", "2", "--page", "2", "--index", str(idx)])
    assert "showing 3–4 of 4" in page2.output and "3 related releases" in page2.output
    only = runner.invoke(cli, ["search", "Anruf", "Spandau", "--all", "--index", str(idx)]).output
    assert "related" not in only


def test_cli_json_carries_the_related_count_and_marks(cli_index):
    runner, idx = cli_index
    result = runner.invoke(cli, ["search", "Anruf", "Spandau", "--json", "--index", str(idx)])
    data = json.loads(result.output)
    assert (data["total"], data["related"]) == (1, 3)
    assert [h["related"] for h in data["hits"]] == [False, True, True, True]


def test_cli_stop_word_query_says_so(cli_index):
    runner, idx = cli_index
    result = runner.invoke(cli, ["search", "der", "die", "das", "--index", str(idx)])
    assert result.exit_code == 0
    assert "No releases found" in result.output and "only stop words" in result.output


def test_equal_scores_rank_the_newer_release_first_whatever_the_indexing_order(tmp_path):
    # two releases alike but for their dates: the same score for any word
    old = release("tie-old", dt.date(2019, 5, 1), "Kiosk überfallen", "Ein Kiosk wurde überfallen.", **POLICE)
    new = release("tie-new", dt.date(2022, 5, 1), "Kiosk überfallen", "Ein Kiosk wurde überfallen.", **POLICE)
    other = release("tie-x", dt.date(2020, 1, 1), "Anderes", "Nichts davon.", **POLICE)
    for n, order in enumerate(([old, new, other], [new, old, other])):
        folder = tmp_path / f"ix{n}"
        folder.mkdir()
        e = SearchEngine(build(folder, order))
        try:
            r = e.search("Kiosk")
            assert ids(r) == ["tie-new", "tie-old"]
            assert r.hits[0].score == r.hits[1].score
        finally:
            e.close()
