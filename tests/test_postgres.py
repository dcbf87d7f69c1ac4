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


def _view(result, ordered: bool):
    """What must be the same on both backends. Relevance order is each
    backend's own (BM25F on Whoosh, ts_rank here): by relevance the exact and
    the related hits are compared as sets; by date the order is compared too."""
    ids = [h.id for h in result.hits]
    return {
        "total": result.total,
        "related": result.related,
        "ids": ids if ordered else None,
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
    ordered = options.get("sort", "relevance") != "relevance" or not query.strip("-")
    if options.get("offset") and not ordered:
        # a later page by relevance: the same counts, pages of the same length
        mine, theirs = ix.search(query, **options), engine.search(query, **options)
        assert (mine.total, mine.related, len(mine.hits)) == (theirs.total, theirs.related, len(theirs.hits))
        return
    assert _view(ix.search(query, **options), ordered) == _view(engine.search(query, **options), ordered)


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


@pytest.mark.parametrize("query", SEED_QUERIES)
def test_seed_queries_find_the_same_releases_on_both_backends(seeded, query):
    url, folder = seeded
    pg, wh = (json.loads(_cli("search", query, "--index", where, "--json", "--facets").output) for where in (url, folder))
    for side in (pg, wh):
        for hit in side["hits"]:
            hit.pop("score")
        side["hits"] = sorted(side["hits"], key=lambda h: (h["related"], h["id"]))
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
