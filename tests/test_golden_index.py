"""An index written by an earlier version of searcher must keep working.

``tests/golden/index-2026-12`` was written by the code of December 2026 from
the seeds and the hand-written fixtures (``tests/golden/make_golden.py``). It
pickles class paths (the analyzer, the posting format) in its schema, so a
moved or renamed class would break every existing index; these tests open the
old index with today's code and compare its answers with a fresh index built
from the same files.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from searcher import Index

from conftest import FIXTURES, SEEDS

GOLDEN = Path(__file__).resolve().parent / "golden" / "index-2026-12"

QUERIES = [
    ("Integration", {}),
    ("Flüchtlinge", {}),
    ("Fachkräftesicherung", {}),
    ('"Gute Arbeit"', {}),
    ("Polizei", {}),
    ("Integration", {"person": "Köpping"}),
    ("Arbeitsmarkt", {"issuer": "ZEFAS"}),
    ("Integration", {"date_from": "2024", "date_to": "2026-12"}),
    ("Koepping", {}),
    ("Radfahrer", {}),
]


@pytest.fixture(scope="module")
def golden(tmp_path_factory) -> Path:
    # a copy: opening for writing takes a lock file, and the fixture stays untouched
    target = tmp_path_factory.mktemp("golden") / "ix"
    shutil.copytree(GOLDEN, target, symlinks=True)
    return target


@pytest.fixture(scope="module")
def fresh(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("fresh") / "ix"
    with Index.create(target) as ix:
        ix.sync([str(SEEDS), str(FIXTURES)])
    return target


def _answers(path: Path):
    with Index.open(path) as ix:
        out = []
        for text, filters in QUERIES:
            result = ix.search(text, limit=50, **filters)
            # a record without an id column is named after its file's path,
            # which differs between the machine that wrote the golden index and this one
            out.append((text, filters, result.total, [Path(h.id).name for h in result.hits]))
        return out


def test_golden_index_opens_and_answers_like_a_fresh_one(golden, fresh):
    old = _answers(golden)
    assert any(total for _, _, total, _ in old), "the golden index found nothing at all"
    assert old == _answers(fresh)


def test_golden_index_releases_read_back_whole(golden, fresh):
    with Index.open(golden) as old, Index.open(fresh) as new:
        assert old.stats().documents == new.stats().documents
        for hit in new.search("Integration", limit=50).hits:
            a, b = old.get(hit.id), new.get(hit.id)
            assert (a.title, a.issuer, a.date, a.persons_quoted, a.body) == \
                   (b.title, b.issuer, b.date, b.persons_quoted, b.body)


def test_golden_index_accepts_additions_and_passes_check(golden, tmp_path):
    src = tmp_path / "neu.txt"
    src.write_text("Ministerium für Testfälle\n\nGoldene Indexe bleiben lesbar\n\n"
                   "Dresden, 1. Dezember 2026. Ein alter Index nimmt neue Meldungen auf.\n",
                   encoding="utf-8")
    with Index.open(golden) as ix:
        before = ix.stats().documents
        ix.add([str(src)])
        assert ix.stats().documents == before + 1
        assert [h.id for h in ix.search("lesbar").hits] == ["neu.txt"]
        assert ix.check().ok
