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
