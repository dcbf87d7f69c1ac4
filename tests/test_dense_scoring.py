"""The cold-search fast paths give what the plain computations give: BM25F from length
bytes through a table, a common term's scores as one float per release, posting blocks
decoded in C, the date keys read from the column's bytes, the k-th largest score by
sampling (issue 18). Behaviour only, never timing."""
from __future__ import annotations

import heapq
import random

import pytest

from searcher.search import SearchEngine, _DocSets, _term_postings
from searcher.search import bm25, tables
from searcher.search.ranking import _kth_largest

from test_search import many  # noqa: F401  (the fixture: three segments, 600 releases)

TERMS = [("body", "brand"), ("body", "unfall"), ("body", "zeug"), ("title", "meldung"), ("body", "polizei"),
         ("body", "1"), ("title", "nichtda")]


@pytest.fixture()
def docs(many):  # noqa: F811
    engine = SearchEngine(many)
    s = engine._searcher()
    yield _DocSets(s, engine._generation(s))
    engine.close()


def _plain_bm25(docs, field, text):
    """{docnum: score} the way it was computed before: a float length per release."""
    s, reader = docs.s, docs.reader
    ids, weights, _ = _term_postings(reader, field, text)
    if not ids:
        return {}
    lengths = tables._field_lengths(reader, field)
    k1b, k1bl = docs.K1 * (1 - docs.B), docs.K1 * docs.B / (s.avg_field_length(field) or 1)
    top = s.idf(field, text) * (docs.K1 + 1)
    return {d: top * w / (w + k1b + k1bl * lengths[d]) for d, w in zip(ids, weights)}


@pytest.mark.parametrize("field,text", TERMS)
def test_table_scores_are_the_per_release_floats_and_whooshs_bm25f(docs, field, text):
    from whoosh.scoring import BM25F

    plain = _plain_bm25(docs, field, text)
    ids, weights, scorer = docs._packed(field, text)
    values = scorer.scores(ids, weights) if ids else []
    assert dict(zip(ids, values)) == plain  # the same floats, bit for bit
    assert all(scorer.score(d, w) == plain[d] for d, w in zip(ids, weights))  # one at a time too
    if plain:  # and Whoosh's own BM25F, up to its order of operations
        scorer = BM25F().scorer(docs.s, field, text)
        m = docs.s.reader().postings(field, text)
        whoosh_scores = {}
        while m.is_active():
            whoosh_scores[m.id()] = scorer.score(m)
            m.next()
        assert set(whoosh_scores) == set(plain)
        assert all(plain[d] == pytest.approx(v, rel=1e-12) for d, v in whoosh_scores.items())


def test_a_common_terms_scores_are_one_float_per_release_read_like_the_dict(docs, monkeypatch):
    common, rare = ("body", "brand"), ("body", "1")
    got = docs._scores(*common)
    assert isinstance(got, bm25._DenseScores)  # in every release: dense
    assert not isinstance(docs._scores(*rare), bm25._DenseScores)  # in a few: a dict
    plain = _plain_bm25(docs, *common)
    assert len(got) == len(plain) and list(got) == sorted(plain)
    every = list(range(docs.doc_count)) + [10**6]
    assert [got.at(d) for d in every[:-1]] == [plain.get(d, 0.0) for d in every[:-1]]
    assert got.get(10**6, 0.0) == 0.0
    # read at any docs, alone or summed with other terms: what the dicts give
    monkeypatch.setattr(bm25, "DENSE_SHARE", 0)  # a dict for every term from now on
    from searcher.query import Builder, parse_query

    for text in ["Brand", "Brand Unfall Polizei", "Unfall OR Meldung", '"nach dem Brand"']:
        q = Builder(docs.s.schema).build(parse_query(text))
        summed = docs.scores(q)
        assert docs.score_values(q, every) == [summed.get(d, 0.0) for d in every]


def test_word_scores_dense_and_plain_agree(tmp_path, monkeypatch):
    """A word's forms scored as one term: the same floats kept dense or in a dict."""
    from searcher.query import Builder, alternatives_class, parse_query

    from test_search import build
    from test_word_scoring import FORMS

    ix = build(tmp_path, FORMS)

    def values():
        engine = SearchEngine(ix)
        try:
            s = engine._searcher()
            docs = _DocSets(s, engine._generation(s))
            q = Builder(s.schema).build(parse_query("überfallen Laden"))
            assert any(isinstance(leaf, alternatives_class()) for leaf in _walk(q))
            return docs.score_values(q, list(range(docs.doc_count)))
        finally:
            engine.close()

    dense = values()
    monkeypatch.setattr(bm25, "DENSE_SHARE", 0)  # a dict for every term and word
    plain = values()
    monkeypatch.setattr(bm25, "DENSE_SHARE", 10**6)  # one float per release for every one
    assert plain == dense == values() and any(dense)


def _walk(q):
    yield q
    for sub in getattr(q, "subqueries", ()):
        yield from _walk(sub)


def test_posting_blocks_decode_to_whooshs_docnums_and_weights(many):  # noqa: F811
    with many.searcher() as s:
        reader = s.reader()
        for field, text in TERMS:
            ids, weights, _ = _term_postings(reader, field, text)
            expected_ids, expected_weights = [], []
            for leaf, base in reader.leaf_readers():
                if (field, text.encode()) not in leaf:
                    continue
                m = leaf.postings(field, text)
                while m.is_active():
                    expected_ids.append(m.id() + base)
                    expected_weights.append(m.weight())
                    m.next()
            assert ids == expected_ids and weights == expected_weights


def test_date_keys_from_the_column_bytes_are_the_per_release_values(many):  # noqa: F811
    with many.searcher() as s:
        reader = s.reader()
        got = tables._every_date(reader)
        plain = [v if type(v) is int and 10000101 <= v <= 99991231 else 0 for v in tables._column_values(reader, "date")]
        assert got is not None and list(got) == plain and len(got) == reader.doc_count_all()


def test_date_keys_of_an_index_with_an_undated_release(tmp_path):
    import datetime as dt

    from test_search import build, release

    ix = build(tmp_path, [release("a", dt.date(2024, 3, 1), "Brand", "Ein Brand."),
                          release("b", None, "Brand", "Noch ein Brand.")])
    engine = SearchEngine(ix)
    try:
        s = engine._searcher()
        assert tables._every_date(s.reader()) is None
        keys = engine._generation(s).date_keys(s.reader())
        assert sorted(keys) == [0, 20240301]
        assert sorted(h.id for h in engine.search("Brand").hits) == ["a", "b"]
    finally:
        engine.close()


@pytest.mark.parametrize("n", [2001, 3999, 4000, 9000, 32000, 50000])
def test_kth_largest_is_heapqs(n):
    rnd = random.Random(n)
    for values in ([rnd.random() for _ in range(n)], [float(rnd.randint(0, 30)) for _ in range(n)],
                   sorted(rnd.random() for _ in range(n)), sorted((rnd.random() for _ in range(n)), reverse=True),
                   [1.0] * n):
        assert _kth_largest(values, 2000) == heapq.nlargest(2000, values)[-1]


def test_length_bytes_give_the_float_lengths(many):  # noqa: F811
    with many.searcher() as s:
        reader = s.reader()
        for field in ("title", "body", "quotes"):
            raw = tables._length_bytes(reader, field)
            assert isinstance(raw, bytes) and len(raw) == reader.doc_count_all()
            floats = [float(reader.doc_field_length(d, field, 0)) or 1.0 for d in range(reader.doc_count_all())]
            assert [tables.LENGTHS[b] for b in raw] == floats


def test_block_directories_read_with_the_postings_are_the_walked_ones(docs):
    from searcher.backends.whoosh import internals
    from searcher.search import _block_directory

    for field, text in TERMS:
        docs._packed(field, text)
        for i, (leaf, base) in enumerate(docs.reader.leaf_readers()):
            kept = docs.gen.terms.get_packed(("b", i, field, text))
            if (field, text.encode()) not in leaf:
                assert kept is None
                continue
            maxids, offsets = _block_directory(internals.leaf_matcher(leaf.postings(field, text))[0])
            assert kept is not None and (list(kept[0]), list(kept[1])) == (maxids, offsets)


def test_packed_weights_read_back_the_same_floats():
    from searcher.search.scoring import _weights

    assert _weights([1.0, 2.0, 0.5]).typecode == "f" and list(_weights([1.0, 2.0, 0.5])) == [1.0, 2.0, 0.5]
    odd = [1.0, 0.1]  # 0.1 is not a float32: kept as 8-byte floats
    assert _weights(odd).typecode == "d" and list(_weights(odd)) == odd


def test_bitmaps_hold_the_docnums_of_the_sets_they_replace(docs):
    """Sets of docnums are bitmaps (issue 18): made from packed arrays they hold
    the same docnums, and a term's packed postings read by rank give the floats
    that bisecting its sorted docnums gives."""
    from array import array

    from searcher.search.bitmaps import frozen, ids
    from searcher.search.bm25 import _PackedWord

    values = [0, 3, 7, 64, 65535, 65536, 1 << 20]
    for packed in (array("i", values), array("I", values), values, range(5, 9)):
        got = frozen(packed)
        assert sorted(got) == sorted(packed) and list(ids(got)) == sorted(packed)
    for field, text in TERMS:
        bitmap, weights, scorer = docs._packed(field, text)
        assert list(ids(bitmap)) == _term_postings(docs.reader, field, text)[0]
        assert docs.docset(field, text) == bitmap
        if not bitmap:
            continue
        by_rank = _PackedWord(bitmap, weights, scorer)
        by_bisect = _PackedWord(array("i", ids(bitmap)), weights, scorer)
        probe = list(range(docs.doc_count + 2))
        assert [by_rank.get(d, 0.0) for d in probe] == [by_bisect.get(d, 0.0) for d in probe]
        assert any(by_rank.get(d) for d in probe)


def test_scores_worked_out_with_numpy_are_the_python_floats(many, monkeypatch):  # noqa: F811
    """A large term's scores computed with numpy: bit for bit what the Python loop
    gives, kept dense or in a dict, alone or summed in a query's scores."""
    from searcher.query import Builder, parse_query

    def answers():
        engine = SearchEngine(many)
        try:
            s = engine._searcher()
            docs = _DocSets(s, engine._generation(s))
            every = list(range(docs.doc_count))
            terms = {}
            for field, text in TERMS:
                ids, weights, scorer = docs._packed(field, text)
                ids = list(ids)
                terms[field, text] = scorer.scores(ids, weights) if ids else []
            queries = [docs.score_values(Builder(s.schema).build(parse_query(text)), every)
                       for text in ["Brand", "Brand Unfall Polizei", "Unfall OR Meldung", '"nach dem Brand"']]
            return terms, queries
        finally:
            engine.close()

    monkeypatch.setattr(bm25, "VECTOR_POSTINGS", 10**9)  # the Python loop for every term
    monkeypatch.setattr(bm25, "NUMPY_POSTINGS", 10**9)
    plain_terms, plain_queries = answers()
    assert all(type(v) is list for v in plain_terms.values())
    for share in (bm25.DENSE_SHARE, 0):  # dense where common, then a dict for every term
        monkeypatch.setattr(bm25, "DENSE_SHARE", share)
        monkeypatch.setattr(bm25, "VECTOR_POSTINGS", 1)  # numpy for every term
        monkeypatch.setattr(bm25, "NUMPY_POSTINGS", 1)
        terms, queries = answers()
        assert any(type(v) is not list for v in terms.values())
        assert {k: list(map(float, v)) for k, v in terms.items()} == plain_terms
        assert queries == plain_queries and any(map(any, queries))
        assert all(type(v) is float for q in queries for v in q)
