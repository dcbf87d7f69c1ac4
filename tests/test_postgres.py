"""The PostgreSQL backend against a real server (tests/pg_server.py): the same
answers as the Whoosh backend, index operations with the same semantics,
errors, the write lock, a killed writer, rebuilds readers never notice, and a
streaming replica."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from searcher import Index
from searcher.errors import IndexLocked, IndexNotFound, IndexStorageError, QueryError, UsageError
from searcher.schema import to_document
from searcher.search import SearchEngine

from test_search import RELEASES, build

REPO = Path(__file__).resolve().parent.parent


def _pg_index(url, releases=RELEASES) -> Index:
    ix = Index(url)
    with ix._write_lock():
        write = ix._backend.begin_update()
        write.start()
        for r in releases:
            write.add(to_document(r))
        write.commit()
    return ix


@pytest.fixture(scope="module")
def both(pg_server, tmp_path_factory):
    """The hand-written releases of test_search in a Whoosh engine and a PostgreSQL index."""
    pg_server.sql("CREATE DATABASE parity")
    engine = SearchEngine(build(tmp_path_factory.mktemp("ix")))
    ix = _pg_index(pg_server.url_of("parity"))
    yield engine, ix
    engine.close()
    ix.close()


def _view(result):
    """What must be the same on both backends: everything but the scores
    (both rank by BM25F, but from differently rounded field lengths)."""
    return {
        "total": result.total,
        "related": result.related,
        "ids": [h.id for h in result.hits],
        "exact": sorted(h.id for h in result.hits if not h.related),
        "related_ids": sorted(h.id for h in result.hits if h.related),
        "snippets": {h.id: h.snippets for h in result.hits},
        "fields": {h.id: (h.title, h.issuer, h.date, h.persons_quoted, h.location, h.url, h.source) for h in result.hits},
        "facets": result.facets,
        "notes": result.notes,
    }


CASES = [
    ("Pflege Sachsen", {}),
    ("Sachsen Pflege", {}),
    ("Pflege Sachsen", {"require_all": True}),
    ("Pflege AND Sachsen", {}),
    ("Sachsen Pflege", {"limit": 1, "offset": 1}),
    ("Polizei OR Schulen", {}),
    ("Sachsen -Polizei", {}),
    ("Sachsen NOT Polizei", {}),
    ("-Sachsen", {}),
    ("Fachkr*", {}),
    ("Zahl", {}),
    ("Koepping", {}),
    ("Leipzig", {}),
    ("title:Leipzig", {}),
    ("Zahlen", {}),
    ("quote:Zahlen", {}),
    ("person:Vogel", {}),
    ("person:Vogelsang", {}),
    ("issuer:Kultus", {}),
    ('"große Aufgabe"', {}),
    ('"Aufgabe große"', {}),
    ("Einbrüche", {}),
    ("Pflegeheim", {}),
    ("Angehörigen", {}),
    ("title:gestärkt", {}),
    ("Xylophon Sachsen", {}),
    ("der die das", {}),
    ("foo:Pflege", {"literal": True}),
    ("", {"issuer": "SMS", "limit": 100}),
    ("", {"issuer": "Soziales"}),
    ("", {"issuer": ["smk", "ZEFAS"]}),
    ("", {"issuer": "nobody", "facets": True}),
    ("", {"person": "Köpping"}),
    ("", {"person": "Dr. Vogel"}),
    ("", {"person": "Petra"}),
    ("", {"date_from": "2024"}),
    ("", {"date_to": "2022"}),
    ("", {"date_from": "2023-01", "date_to": "06.2023"}),
    ("Sachsen", {"issuer": "SMS", "person": "Köpping", "date_from": "2024"}),
    ("", {"sort": "newest"}),
    ("", {"sort": "oldest"}),
    ("", {"limit": 2, "offset": 2}),
    ("Sachsen", {"sort": "oldest", "require_all": True}),
    ("Sachsen Pflege", {"sort": "newest"}),
    ("Sachsen Pflege", {"sort": "newest", "mixed": True}),
    ("Sachsen", {"facets": True, "timeline": True}),
    ("Köpping", {"facets": True}),
    ("Sachsen", {"snippets": False}),
    ("Integration Sachsen Leipzig", {}),
]


@pytest.mark.parametrize("query,options", CASES, ids=[f"{q!r}-{o}" for q, o in CASES])
def test_same_answers_as_whoosh(both, query, options):
    engine, ix = both
    assert _view(ix.search(query, **options)) == _view(engine.search(query, **options))


@pytest.fixture(scope="module")
def forms(pg_server, tmp_path_factory):
    """test_word_scoring's releases (one verb in common and rare forms) on both backends."""
    from test_word_scoring import FORMS

    pg_server.sql("CREATE DATABASE forms")
    engine = SearchEngine(build(tmp_path_factory.mktemp("forms"), FORMS))
    ix = _pg_index(pg_server.url_of("forms"), FORMS)
    yield engine, ix
    engine.close()
    ix.close()


@pytest.mark.parametrize("query", ["überfallen", "überfallen Kiosk", "Laden überfallen", "title:überfallen"])
def test_a_words_forms_score_as_one_word_on_both_backends(forms, query):
    engine, ix = forms
    want, got = engine.search(query, limit=20), ix.search(query, limit=20)
    assert _view(got) == _view(want)
    scores = {h.id: h.score for h in got.hits}
    if "rare-form" in scores:
        assert scores["rare-form"] == pytest.approx(scores["common-form"], rel=1e-9)


@pytest.mark.parametrize("query", ["Geldtransporter Überfall", "Geldtransporter", "Überfall Geldtransporter",
                                   "Geldtransporter Xylophon Überfall"])
def test_the_head_back_off_keeps_the_other_words_on_both_backends(pg_server, tmp_path_factory, query):
    from test_search_backoff import WITH_OTHERS

    name = "backoff_" + str(abs(hash(query)) % 10**8)
    pg_server.sql(f"CREATE DATABASE {name}")
    engine = SearchEngine(build(tmp_path_factory.mktemp("backoff"), WITH_OTHERS))
    ix = _pg_index(pg_server.url_of(name), WITH_OTHERS)
    try:
        assert _view(ix.search(query)) == _view(engine.search(query))
    finally:
        engine.close()
        ix.close()


def _generated(n: int = 240, seed: int = 7) -> list:
    """Releases of a small vocabulary (words at different frequencies, lengths
    and fields), over several years and some undated: many match one word."""
    import datetime as dt
    import random

    from test_search import release

    rnd = random.Random(seed)
    words = ["Polizei", "Einsatz", "Berlin", "Feuerwehr", "Unfall", "Straße", "Zeugen", "Fahrzeug", "Brand",
             "Kontrolle", "Verkehr", "Schule", "Sachsen", "Leipzig", "Ermittlungen", "Hinweise"]
    out = []
    for i in range(n):
        body = " ".join(rnd.choice(words[: rnd.randint(3, len(words))]) for _ in range(rnd.randint(5, 60))) + "."
        title = " ".join(rnd.sample(words, rnd.randint(1, 3)))
        date = None if i % 9 == 0 else dt.date(2019 + i % 6, 1 + i % 12, 1 + i % 28)
        out.append(release(f"gen-{i:03d}", date, title, body, issuer="Polizei Berlin", issuer_key="polizei-berlin"))
    return out


@pytest.fixture(scope="module")
def many(pg_server, tmp_path_factory):
    """:func:`_generated` in a Whoosh engine and a PostgreSQL index."""
    releases = _generated()
    pg_server.sql("CREATE DATABASE many")
    engine = SearchEngine(build(tmp_path_factory.mktemp("many"), releases))
    ix = _pg_index(pg_server.url_of("many"), releases)
    yield engine, ix
    engine.close()
    ix.close()


MANY_CASES = [
    ("Polizei", {}),
    ("Polizei Einsatz", {}),
    ("Einsatz Polizei Xylophon", {}),
    ("Polizei", {"offset": 45, "limit": 10}),
    ("Polizei", {"sort": "relevance", "limit": 60}),
    ("Berlin Polizei", {"require_all": True}),
    ("Polizei", {"date_from": "2021", "date_to": "2022"}),
    ("Brand", {"require_all": True, "issuer": "Polizei Berlin"}),
]


@pytest.mark.parametrize("query,options", MANY_CASES, ids=[f"{q!r}-{o}" for q, o in MANY_CASES])
def test_a_large_match_set_is_ranked_from_the_postings_as_whoosh_ranks_it(many, monkeypatch, query, options):
    """Above EXACT_MAX matches a stage's best rows come from the postings'
    (term, impact) index, never from ts_rank over every match (which would
    fail here): the same totals as the Whoosh backend, the same page but
    where its rounded field lengths swap neighbours, in BM25F order."""
    from psycopg import sql

    from searcher.backends.postgres import ranking, search as pg_search

    engine, ix = many
    monkeypatch.setattr(ranking, "EXACT_MAX", 0)
    monkeypatch.setattr(ranking, "CANDIDATES", 2)  # too few at first: read more until the page fills
    monkeypatch.setattr(pg_search, "rank_sql", lambda atoms: (sql.SQL("(1 / 0)"), []))
    got = ix.search(query, **options)
    whoosh = engine.search(query, **options)
    assert (got.total, got.related) == (whoosh.total, whoosh.related) and got.total + got.related > ranking.BLOCK
    # the first pass is approximate (one idf per term, the best postings of each term only), the
    # page's block is then ordered by BM25F: the clear winners and most of the page are Whoosh's
    assert [h.id for h in got.hits[:3]] == [h.id for h in whoosh.hits[:3]]
    assert len({h.id for h in got.hits} & {h.id for h in whoosh.hits}) >= 0.7 * len(whoosh.hits)
    for kind in (False, True):
        scores = [h.score for h in got.hits if h.related is kind]
        assert scores == sorted(scores, reverse=True)


def test_a_common_phrase_is_paged_in_the_order_of_its_rum_index(many, monkeypatch):
    """Where ``tsv`` has a RUM index (schema version 4, the server has the
    extension), a phrase with more than EXACT_MAX matches is checked in the
    index and its blocks are taken in the index's rank order, never by
    ts_rank over every match (which would fail here): the same total and the
    same releases as the Whoosh backend, pages that follow each other."""
    import psycopg
    from psycopg import sql

    from searcher.backends.postgres import ranking, schema as S, search as pg_search

    engine, ix = many
    with psycopg.connect(ix._backend.url) as conn:
        if not S.tsv_is_rum(conn):
            pytest.skip("this server has no rum extension: tsv keeps its GIN index")
    monkeypatch.setattr(ranking, "EXACT_MAX", 0)
    monkeypatch.setattr(pg_search, "rank_sql", lambda atoms: (sql.SQL("(1 / 0)"), []))
    query = '"Polizei Einsatz"'
    whoosh = engine.search(query, limit=1000)
    assert whoosh.total > ranking.BLOCK  # more than one block
    everything = ix.search(query, limit=1000)
    assert everything.total == whoosh.total and {h.id for h in everything.hits} == {h.id for h in whoosh.hits}
    first, second = ix.search(query, limit=10), ix.search(query, limit=10, offset=10)
    assert first.total == whoosh.total and not {h.id for h in first.hits} & {h.id for h in second.hits}
    scores = [h.score for h in first.hits]
    assert scores == sorted(scores, reverse=True)


def test_same_highlights_and_releases_as_whoosh(both):
    engine, ix = both
    for r in RELEASES:
        for q in ("Sachsen", "Köpping Zahlen", '"große Aufgabe"', "Pflege*", "quote:Zahlen"):
            assert ix.highlights(r.id, q) == engine.highlights(r.id, q), (r.id, q)
        assert ix.get(r.id) == ix.get(r.id)
    from searcher.schema import from_stored

    for r in RELEASES:
        assert ix.get(r.id) == from_stored(engine.get_stored(r.id))


def test_same_errors_as_whoosh(both):
    _, ix = both
    with pytest.raises(QueryError):
        ix.search('"Pflege')
    with pytest.raises(UsageError, match="reversed"):
        ix.search("", date_from="2024-01-01", date_to="2023-12-31")
    with pytest.raises(UsageError):
        ix.search("Pflege", sort="random")


# -- the command line on the seeds, both backends --------------------------------


SEED_QUERIES = ["Flüchtling", "Koepping", "Kopping", "Sicherung", "Sprachkurs", "Arbeitsmarkt", "Minister",
                "Fachkraft", '"IQ Netzwerk"', "Integration", "Flüchtling Koepping", "Schockanruf", "Integr*",
                "Integration -Köpping", "Strassenrennen Integration"]


def _cli(*args, env=None):
    from click.testing import CliRunner

    from searcher.cli import cli

    return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)


@pytest.fixture(scope="module")
def seeded(pg_server, tmp_path_factory, seeds_dir):
    pg_server.sql("CREATE DATABASE seeds")
    url = pg_server.url_of("seeds")
    folder = str(tmp_path_factory.mktemp("seedix") / "ix")
    for where in (url, folder):
        result = _cli("index", str(seeds_dir), "--index", where)
        assert result.exit_code == 0, result.output
        assert "2 added" in result.output
    return url, folder


def _ties_by_id(hits):
    """The hits in their order, each run of equal scores (a tie, which each
    backend breaks by its own insertion order) sorted by id."""
    out, run = [], []
    for hit in hits:
        if run and (hit["related"], hit["score"]) != (run[0]["related"], run[0]["score"]):
            out += sorted(run, key=lambda h: h["id"])
            run = []
        run.append(hit)
    return out + sorted(run, key=lambda h: h["id"])


@pytest.mark.parametrize("query", SEED_QUERIES)
def test_seed_queries_find_the_same_releases_on_both_backends(seeded, query):
    url, folder = seeded
    pg, wh = (json.loads(_cli("search", query, "--index", where, "--json", "--facets").output) for where in (url, folder))
    for side in (pg, wh):
        side["hits"] = _ties_by_id(side["hits"])
        for hit in side["hits"]:
            hit.pop("score")
    pg.pop("suggestion", None), wh.pop("suggestion", None)  # did-you-mean: Whoosh only (see README)
    assert pg == wh


def test_every_command_takes_the_url(seeded, monkeypatch):
    url, folder = seeded
    show = _cli("show", "003_c79be066c681028f.txt", "--index", url)
    assert show.exit_code == 0 and "Sebastian Vogel" in show.output
    assert show.output == _cli("show", "003_c79be066c681028f.txt", "--index", folder).output
    stats = _cli("stats", "--index", url)
    assert stats.exit_code == 0 and "2 releases in postgresql://" in stats.output and "Petra Köpping" in stats.output
    check = _cli("check", "--index", url)
    assert check.exit_code == 0 and check.output.startswith("OK: 2 releases")
    missing = _cli("show", "nope.txt", "--index", url)
    assert missing.exit_code == 1
    monkeypatch.setenv("SEARCHER_INDEX", url)
    found = _cli("search", "Sicherung", env={"SEARCHER_INDEX": url})
    assert found.exit_code == 0 and "003_c79be066c681028f.txt" in found.output


def test_an_unreachable_server_is_one_line_and_exit_1(tmp_path):
    from pg_server import free_port

    url = f"postgresql://postgres@127.0.0.1:{free_port()}/nothing"
    with pytest.raises(IndexStorageError, match="Cannot connect to the PostgreSQL server"):
        Index(url).search("Integration")
    result = _cli("search", "Integration", "--index", url)
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: Cannot connect to the PostgreSQL server"), result.output
    assert "Traceback" not in result.output


def test_an_empty_database_has_no_index(pg_url):
    with pytest.raises(IndexNotFound):
        Index(pg_url).search("Integration")
    with pytest.raises(IndexNotFound):
        Index.open(pg_url)
    result = _cli("search", "Integration", "--index", pg_url)
    assert result.exit_code == 1 and "No index at postgresql://" in result.output
    assert Index.create(pg_url).doc_count() == 0


def test_an_index_of_a_newer_schema_version_is_refused(pg_url, seeds_dir):
    import psycopg

    Index(pg_url).sync(str(seeds_dir))
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("UPDATE searcher.meta SET value = '99' WHERE key = 'schema_version'")
    with pytest.raises(IndexStorageError, match="schema version 99"):
        Index(pg_url).search("Integration")
    with pytest.raises(IndexStorageError, match="schema version 99"):
        Index(pg_url).sync(str(seeds_dir))


def _old_index(url: str, releases, version: int = 1) -> None:
    """An index as searcher wrote it at schema version 1 (one releases table,
    no postings), 2 (one releases table, postings and vocabulary) or 3
    (partitioned by year, GIN on every vector, no count of stale postings)."""
    import psycopg
    from psycopg import sql

    from searcher.backends.postgres import schema as S
    from searcher.backends.postgres.documents import COLUMNS, row

    with psycopg.connect(url) as conn:
        S.MIGRATIONS[1](conn)
        conn.execute("INSERT INTO searcher.meta VALUES ('schema_version', '1')")
        with conn.cursor().copy(sql.SQL("COPY searcher.releases ({}) FROM STDIN").format(
                sql.SQL(", ").join(map(sql.Identifier, COLUMNS)))) as copy:
            for r in releases:
                copy.write_row(row(to_document(r)))
        for v in range(2, version + 1):
            S.MIGRATIONS[v](conn)
            conn.execute("UPDATE searcher.meta SET value = %s WHERE key = 'schema_version'", [str(v)])


@pytest.mark.parametrize("version", [1, 2, 3])
def test_an_index_of_an_older_schema_version_is_read_then_migrated_by_the_next_write(
        pg_url, many, seeds_dir, monkeypatch, version):
    import psycopg

    from searcher.backends.postgres import ranking, schema as S

    def stored_version():
        with psycopg.connect(pg_url) as conn:
            return conn.execute("SELECT value FROM searcher.meta WHERE key = 'schema_version'").fetchone()[0]

    engine, _ = many
    _old_index(pg_url, _generated(), version)
    queries = [("Polizei Einsatz", {}), ("Brand", {"date_from": "2020", "date_to": "2021"}), ("", {"sort": "newest"}),
               ('"Polizei Einsatz"', {}), ("Polizei", {})]
    before = [_view(Index(pg_url).search(q, **o)) for q, o in queries]  # read as it is
    assert [v["total"] for v in before] == [engine.search(q, **o).total for q, o in queries]
    assert stored_version() == str(version)
    ix = Index(pg_url)
    assert ix.sync(str(seeds_dir)).added == 2  # a write migrates first
    assert stored_version() == str(S.SCHEMA_VERSION)
    with psycopg.connect(pg_url) as conn:  # version 4: tsv's index keeps positions where the server has rum
        has_rum = conn.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'rum'").fetchone()
        assert S.tsv_is_rum(conn) == bool(has_rum)
    assert ix.remove(["000_97013a9233346326.txt", "003_c79be066c681028f.txt"]).removed == 2
    assert [_view(Index(pg_url).search(q, **o)) for q, o in queries] == before
    monkeypatch.setattr(ranking, "EXACT_MAX", 0)  # the postings the migration derived rank the same
    got = Index(pg_url).search(*queries[0][:1])
    assert got.total == before[0]["total"] and [h.id for h in got.hits[:3]] == before[0]["ids"][:3]


def test_one_word_counts_stay_exact_after_removals(pg_url):
    """A one-word search without filters is counted from the postings; a
    removal leaves postings of the removed releases behind, so from then on
    (meta.stale > 0) it is counted from the releases: the total is the
    number of releases listed, before and after."""
    import psycopg

    ix = _pg_index(pg_url, _generated(60))
    before = ix.search("Polizei", limit=1000)
    assert before.total == len(before.hits) > 3
    assert ix.remove([h.id for h in before.hits[:3]]).removed == 3
    after = Index(pg_url).search("Polizei", limit=1000)
    assert after.total == len(after.hits) == before.total - 3
    with psycopg.connect(pg_url) as conn:
        assert conn.execute("SELECT value FROM searcher.meta WHERE key = 'stale'").fetchone()[0] == "3"


def _partitions(url: str) -> dict:
    """{year (None: the default partition): releases in it} of the live table."""
    import psycopg

    from searcher.backends.postgres import schema as S

    with psycopg.connect(url) as conn:
        years = S.partition_years(conn, "releases")
        rows = conn.execute("SELECT extract(year FROM date)::int, count(*) FROM searcher.releases GROUP BY 1").fetchall()
        parts = conn.execute("SELECT tableoid::regclass::text, count(*) FROM searcher.releases "
                             "WHERE date IS NULL GROUP BY 1").fetchall()
    counts = {y: 0 for y in years}
    counts.update({y: n for y, n in rows})
    assert all("undated" in name for name, _ in parts)  # undated releases are in the default partition
    return counts


def test_releases_are_partitioned_by_year_and_a_date_filter_reads_only_its_years(pg_url):
    import psycopg

    releases = _generated(60)
    ix = _pg_index(pg_url, releases)
    counts = _partitions(pg_url)
    assert {y: n for y, n in counts.items() if n} == {
        **{y: sum(1 for r in releases if r.date and r.date.year == y) for y in range(2019, 2025)},
        None: sum(1 for r in releases if r.date is None)}
    assert ix.search("Polizei", date_from="2021", date_to="2021").total == sum(
        1 for r in releases if r.date and r.date.year == 2021 and "Polizei" in r.title + " " + r.body)
    with psycopg.connect(pg_url) as conn:
        plan = "\n".join(r[0] for r in conn.execute(
            "EXPLAIN SELECT count(*) FROM searcher.releases WHERE date BETWEEN '2021-01-01' AND '2021-12-31'"))
    assert "releases_2021_" in plan and not any(f"releases_{y}_" in plan for y in (2019, 2020, 2022, 2023, 2024))
    assert "undated" not in plan
    # a release of a year the index lacks gets that year's partition
    import dataclasses
    import datetime as dt

    extra = _generated(3, seed=11)
    extra = [dataclasses.replace(r, id=f"old-{i}", source=f"old-{i}.txt", date=dt.date(1999, 5, 1)) for i, r in enumerate(extra)]
    with ix._write_lock():
        write = ix._backend.begin_update()
        write.start()
        for r in extra:
            write.add(to_document(r))
        write.commit()
    assert _partitions(pg_url)[1999] == 3
    assert ix.search("", date_from="1999", date_to="1999").total == 3


def _prefixed(n_words: int = 64, n_docs: int = 40) -> list:
    """Releases whose bodies hold made-up words of one beginning (Quarzit...k),
    more than a prefix expands to, at different frequencies."""
    import datetime as dt
    import itertools

    from test_search import release

    words = [f"Quarzit{a}{b}k" for a, b in itertools.product("bdfghmpt", repeat=2)][:n_words]
    out = []
    for i in range(n_docs):
        mine = [w for j, w in enumerate(words) if (j * 7 + i) % (2 + j % 5) == 0]
        body = "Die Meldung nennt " + " und ".join(mine or words[:1]) + ". Sonst nichts."
        out.append(release(f"q-{i:02d}", dt.date(2020, 1 + i % 12, 1), f"Meldung {i}", body))
    return out


@pytest.fixture(scope="module")
def prefixed(pg_server, tmp_path_factory):
    releases = _prefixed()
    pg_server.sql("CREATE DATABASE prefixed")
    engine = SearchEngine(build(tmp_path_factory.mktemp("prefixed"), releases))
    ix = _pg_index(pg_server.url_of("prefixed"), releases)
    yield engine, ix
    engine.close()
    ix.close()


VOCAB_CASES = ["Quarzit*", "quarzitb*", "Quarzitbd* Quarzitfg*", "Quarzitbdk~", "Quarzitbdk~2", "Quarzitbdkk~",
               "Quarzitbdx", "Meldng Quarzitbdx", "Quarzitzz*", "Xylophn~"]


@pytest.mark.parametrize("query", VOCAB_CASES)
def test_prefix_fuzzy_and_did_you_mean_as_the_whoosh_backend(prefixed, query):
    """A prefix* word expands to the 50 most frequent words of the index with
    that beginning (saying so when there were more), a fuzzy~ word to its
    nearest frequent words, and an unknown word gets a did-you-mean, as on
    the Whoosh backend."""
    engine, ix = prefixed
    got, want = ix.search(query, limit=50), engine.search(query, limit=50)
    assert _view(got) == _view(want)
    assert got.suggestion == want.suggestion


def test_the_vocabulary_follows_updates_and_removals(pg_url, seeds_dir):
    ix = _pg_index(pg_url, _prefixed(n_words=3, n_docs=4))
    assert ix.search("Quarzitddk").total == 0 and ix.search("Quarzitddk").suggestion in ("Quarzitbdk", "Quarzitdbk")
    assert ix.search("Quarzit*").total == 4
    ix.remove([f"q-{i:02d}" for i in range(4)])
    assert ix.search("Quarzit*").total == 0 and ix.search("Quarzitbdk").suggestion is None


def test_indexing_releases_of_years_without_a_partition_finishes(pg_url, tmp_path, monkeypatch):
    """A run that brings the first releases of several years (an archive
    indexed into a new database) adds their partitions while the run's own
    view of the committed state is open; it used to wait for that view forever."""
    from searcher.backends.postgres import write
    from searcher.export import write_export

    monkeypatch.setattr(write, "COPY_BATCH", 4)  # rows go in while the run reads on
    releases = _generated(30)
    records = tmp_path / "archive.jsonl"
    with records.open("w", encoding="utf-8") as out:
        write_export(releases, out)
    done: list = []
    run = threading.Thread(target=lambda: done.append(Index(pg_url).add([str(records)])), daemon=True)
    run.start()
    run.join(120)
    assert done and done[0].added == 30
    assert sum(_partitions(pg_url).values()) == 30 and _partitions(pg_url)[2019] > 0


# -- index operations ------------------------------------------------------------


def _same_run(steps, pg_url, tmp_path, seeds_dir):
    """Run the same sequence of file changes and index runs against both backends; their reports."""
    import shutil

    docs = tmp_path / "docs"
    shutil.copytree(seeds_dir, docs)
    reports = []
    whoosh_ix, pg_ix = Index(tmp_path / "ix"), Index(pg_url)
    for change, run in steps:
        change(docs)
        got = [getattr(ix, run)(str(docs)) for ix in (whoosh_ix, pg_ix)]
        reports.append(got)
    return reports, whoosh_ix, pg_ix


def test_sync_adds_updates_skips_and_removes_as_the_whoosh_backend(pg_url, tmp_path, seeds_dir):
    first = next(seeds_dir.glob("000_*.txt")).name

    def nothing(docs):
        pass

    def change(docs):
        p = docs / first
        p.write_text(p.read_text(encoding="utf-8").replace("Integration", "Eingliederung", 1), encoding="utf-8")

    def add(docs):
        (docs / "neu.md").write_text("# Neue Brücke in Dresden\n\nDie Brücke wird am Montag eröffnet.\n", encoding="utf-8")
        (docs / "kaputt.docx").write_bytes(b"PK\x03\x04 not really")

    def remove(docs):
        (docs / first).unlink()

    reports, whoosh_ix, pg_ix = _same_run(
        [(nothing, "sync"), (nothing, "sync"), (change, "sync"), (add, "add"), (remove, "sync"), (nothing, "rebuild")],
        pg_url, tmp_path, seeds_dir)
    for whoosh_report, pg_report in reports:
        assert pg_report == whoosh_report
    assert [r[0].added for r in reports] == [2, 0, 0, 1, 0, 2]
    assert reports[2][0].updated == 1 and reports[4][0].removed == 1 and reports[3][0].failed == 1
    assert {h.id for h in pg_ix.search("Brücke").hits} == {"neu.md"}
    assert pg_ix.doc_count() == whoosh_ix.doc_count() == 2


def test_remove_by_id(pg_url, seeds_dir):
    ix = Index(pg_url)
    ix.sync(str(seeds_dir))
    report = ix.remove(["003_c79be066c681028f.txt", "unknown"])
    assert (report.removed, report.total) == (1, 1)
    assert [h.id for h in ix.search("").hits] == ["000_97013a9233346326.txt"]


def test_a_second_writer_waits_then_gives_up(pg_url, seeds_dir):
    holder = Index(pg_url)
    with holder._write_lock():
        with pytest.raises(IndexLocked):
            Index(pg_url, wait=0.3).sync(str(seeds_dir))
        result = _cli("index", str(seeds_dir), "--index", pg_url, "--wait", "0")
        assert result.exit_code == 1 and "being written by another process" in result.output
    assert Index(pg_url, wait=0).sync(str(seeds_dir)).added == 2


def test_concurrent_writers_both_land(pg_url, tmp_path, seeds_dir):
    import shutil

    a, b = tmp_path / "a", tmp_path / "b"
    shutil.copytree(seeds_dir, a)
    (b).mkdir()
    (b / "x.md").write_text("# Brücke\n\nDie Brücke in Dresden.\n", encoding="utf-8")
    errors = []

    def run(folder):
        try:
            Index(pg_url, wait=60).add(str(folder))
        except Exception as err:  # pragma: no cover - reported below
            errors.append(err)

    threads = [threading.Thread(target=run, args=(f,)) for f in (a, b)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert Index(pg_url).doc_count() == 3


def test_a_rebuild_is_never_seen_half_done(pg_url, seeds_dir):
    ix = Index(pg_url)
    ix.sync(str(seeds_dir))
    seen, errors, stop = set(), [], threading.Event()

    def read():
        reader = Index(pg_url)
        while not stop.is_set():
            try:
                seen.add(reader.search("Integration").total)
            except Exception as err:
                errors.append(err)
        reader.close()

    threads = [threading.Thread(target=read) for _ in range(2)]
    for t in threads:
        t.start()
    try:
        for _ in range(4):
            Index(pg_url).rebuild(str(seeds_dir))
    finally:
        stop.set()
        for t in threads:
            t.join()
    assert not errors
    assert seen == {2}
    assert sum(_partitions(pg_url).values()) == 2  # the rebuilt table is partitioned by year too


def test_a_killed_writer_leaves_the_last_committed_state(pg_url, tmp_path, seeds_dir):
    import psycopg
    import signal

    from pg_server import wait_for

    Index(pg_url).sync(str(seeds_dir))
    many = tmp_path / "many"
    many.mkdir()
    for i in range(3000):
        (many / f"r{i:04d}.md").write_text(
            f"# Meldung {i}\n\nDie Brücke Nummer {i} in Dresden wird saniert. Integration {i}.\n", encoding="utf-8")
    writer = subprocess.Popen([sys.executable, "-m", "searcher", "index", str(many), "--index", pg_url],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def writing():  # the writer's transaction has written rows (it has a transaction id)
        with psycopg.connect(pg_url, autocommit=True) as conn:
            return conn.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'searcher' "
                "AND backend_xid IS NOT NULL AND pid <> pg_backend_pid()").fetchone()[0]

    try:
        assert wait_for(writing, timeout=120, step=0.05), "the writer never started writing"
    finally:
        writer.send_signal(signal.SIGKILL)
        writer.wait()
    ix = Index(pg_url, wait=30)
    assert ix.search("Integration").total == 2  # the seeds only, as committed before
    assert ix.doc_count() == 2
    report = ix.sync(str(seeds_dir))  # the lock went with the writer
    assert report.unchanged == 2


def test_iter_releases_streams_every_release_in_id_order(pg_url, seeds_dir):
    ix = Index(pg_url)
    ix.sync(str(seeds_dir))
    got = list(ix._backend.iter_releases())
    assert [r.id for r in got] == sorted(r.id for r in got) and len(got) == 2
    assert got[1] == ix.get(got[1].id)


# -- a streaming replica -----------------------------------------------------------


@pytest.fixture(scope="module")
def replica(pg_server):
    rep = pg_server.replica()
    yield rep
    rep.stop()


def test_a_release_indexed_on_the_primary_is_found_through_the_replica(pg_server, replica, tmp_path, seeds_dir):
    from pg_server import wait_for

    pg_server.sql("CREATE DATABASE replicated")
    primary, standby = pg_server.url_of("replicated"), replica.url_of("replicated")
    # one URL for both: reads prefer the standby, writes go to the primary
    both = (f"postgresql://postgres@127.0.0.1:{pg_server.port},127.0.0.1:{replica.port}/replicated"
            "?target_session_attrs=prefer-standby")
    Index(primary).sync(str(seeds_dir))
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "bruecke.md").write_text("# Neue Brücke in Dresden\n\nDie Brücke wird am Montag eröffnet.\n", encoding="utf-8")
    assert Index(both).add(str(docs)).added == 1  # written through the primary

    def found():
        try:
            return [h.id for h in Index(standby).search("Brücke").hits]
        except (IndexNotFound, IndexStorageError):
            return None  # the database or table has not arrived yet

    assert wait_for(found, timeout=60) == ["bruecke.md"]
    import psycopg

    with psycopg.connect(standby) as conn:
        assert conn.execute("SELECT pg_is_in_recovery()").fetchone()[0]  # it is the replica that answered
    reader = Index(both)
    assert [h.id for h in reader.search("Brücke").hits] == ["bruecke.md"]
    assert reader._backend._reader().execute("SELECT pg_is_in_recovery()").fetchone()[0]
    with pytest.raises(IndexStorageError, match="takes writes"):  # a standby cannot take writes
        Index(f"postgresql://postgres@127.0.0.1:{replica.port}/replicated?target_session_attrs=read-write").add(str(docs))


def test_worker_processes_store_the_same_rows(pg_server, seeds_dir, monkeypatch):
    import psycopg

    pg_server.sql("CREATE DATABASE inproc")
    pg_server.sql("CREATE DATABASE forked")
    one, two = pg_server.url_of("inproc"), pg_server.url_of("forked")
    monkeypatch.setenv("SEARCHER_PROCS", "1")
    Index(one).sync(str(seeds_dir))
    monkeypatch.setenv("SEARCHER_PROCS", "2")
    Index(two).sync(str(seeds_dir))
    query = "SELECT id, tsv::text, title_tsv::text, quotes_tsv::text, body_len, title_last FROM searcher.releases ORDER BY id"
    rows = []
    for url in (one, two):
        with psycopg.connect(url) as conn:
            rows.append(conn.execute(query).fetchall())
    assert rows[0] == rows[1] and len(rows[0]) == 2


def test_serve_answers_from_a_database_with_a_bounded_pool_of_connections(pg_url, seeds_dir):
    import psycopg

    from searcher.backends.postgres.backend import POOL_IDLE
    from searcher.web.app import App

    Index(pg_url).sync(str(seeds_dir))
    ix = Index.open(pg_url)
    app = App(ix)
    errors = []

    def work():
        for _ in range(10):
            response = app.handle("GET", "/?q=Integration")
            if response.status != 200 or b"003_c79be066c681028f.txt" not in response.body:
                errors.append(response.status)

    threads = [threading.Thread(target=work) for _ in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    with psycopg.connect(pg_url) as conn:
        open_now = conn.execute("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'searcher' "
                                "AND datname = current_database()").fetchone()[0]
    assert open_now <= POOL_IDLE  # idle connections kept for the next requests, no more
    release = app.handle("GET", "/release/003_c79be066c681028f.txt?q=Sicherung")
    assert release.status == 200 and b"<mark>" in release.body
    ix.close()


def test_a_password_in_the_url_is_never_printed(pg_url, seeds_dir):
    from searcher.backends.postgres.backend import display_url

    secret = pg_url.replace("postgres@", "postgres:s3cret@")  # trust auth: the password is not checked
    assert display_url(secret) == pg_url.replace("postgres@", "postgres:***@")
    result = _cli("index", str(seeds_dir), "--index", secret)
    assert result.exit_code == 0 and "s3cret" not in result.output and "postgres:***@" in result.output
    for args in (["stats"], ["check"], ["search", "Integration", "--json"]):
        assert "s3cret" not in _cli(*args, "--index", secret).output
    from pg_server import free_port

    gone = f"postgresql://postgres:s3cret@127.0.0.1:{free_port()}/x"
    assert "s3cret" not in _cli("search", "x", "--index", gone).output


# -- moving between backends: searcher export / searcher index --------------------


def test_an_archive_moves_from_whoosh_to_postgresql_and_back(pg_url, tmp_path):
    from test_export import QUERIES, SOURCES

    folder = tmp_path / "whoosh"
    with Index(folder) as ix:
        ix.sync([str(s) for s in SOURCES])
    first = tmp_path / "first.jsonl"
    assert _cli("export", "--index", str(folder), "-o", str(first)).exit_code == 0
    result = _cli("index", str(first), "--index", pg_url)
    assert result.exit_code == 0 and "0 failed" in result.output, result.output
    second = tmp_path / "second.jsonl"
    assert _cli("export", "--index", pg_url, "-o", str(second)).exit_code == 0
    assert second.read_bytes() == first.read_bytes()  # every field of every release, in the same order
    back = tmp_path / "back"
    assert _cli("index", str(second), "--index", str(back)).exit_code == 0
    with Index(folder) as a, Index(pg_url) as b, Index(back) as c:
        assert list(a.releases()) == list(b.releases()) == list(c.releases())
        for q in QUERIES:
            ids = [[h.id for h in ix.search(q, limit=50).hits] for ix in (a, b, c)]
            assert ids[1] == ids[2], q  # imported from the same export: the same order on both backends
            assert sorted(ids[0]) == sorted(ids[1]), q
