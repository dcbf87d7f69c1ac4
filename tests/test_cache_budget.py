"""The memory budget of the search caches (issue 18): Index(path, cache_mb=...),
SEARCHER_CACHE_MB, and SEARCHER_TERM_CACHE as a finer cap inside it."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from searcher import Index
from searcher.cli import cli
from searcher.errors import SettingError, UsageError
from searcher.search import SearchEngine
from test_search import RELEASES, _many

SEARCHES = [
    dict(query="Brand"),
    dict(query="Zeugen gesucht", limit=20, offset=100),
    dict(query='"nach dem Brand"', facets=True),
    dict(query="Unfall", sort="newest"),
    dict(query="Bran*"),
    dict(query="Brnad~"),
    dict(query="Integration", issuer="SMS"),
    dict(query="Pflege", date_from="2023", date_to="2024-06-30", facets=True),
    dict(query="Zahlen", person="Vogel"),
    dict(query="", issuer="SMS", sort="oldest", limit=30),
    dict(query="Polizei Sachsn", facets=True),
]


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory):
    """An index (searcher's layout) of hand-written releases and 600 generated ones, added in two batches."""
    path = tmp_path_factory.mktemp("budget")
    with Index.create(path / "index") as ix:
        for n, part in enumerate((RELEASES + _many()[:300], _many()[300:])):
            src = path / f"part{n}.jsonl"
            src.write_text("".join(json.dumps({"id": r.id, "issuer": r.issuer, "date": r.date.isoformat(),
                                               "title": r.title, "subtitle": r.subtitle, "body": r.body},
                                              ensure_ascii=False) + "\n" for r in part), encoding="utf-8")
            assert ix.add([str(src)]).added == len(part)
    return path / "index"


def answers(engine) -> list:
    """Every result in full (hits with scores and snippets, facets, suggestion, notes) and the stats."""
    return [engine.search(**kw) for kw in SEARCHES] + [engine.stats()]


def test_a_small_budget_evicts_and_finds_the_same(index_dir):
    with Index(index_dir, cache_mb=1000) as roomy, Index(index_dir, cache_mb=0.05) as small:  # 50 KiB
        want = answers(roomy)
        assert answers(small) == want
        assert answers(small) == want  # again, with whatever stayed cached
        budget = 0.05 * 2**20
        big, little = roomy._backend.engine()._cache, small._backend.engine()._cache
        assert big.held > budget  # the searches do fill more than the small budget
        assert 0 < little.held <= budget and len(little) < len(big)
        assert len(little.packed) <= len(little)  # the packed arrays are entries of the one budget


def test_no_cache_at_all_finds_the_same(index_dir, monkeypatch):
    with Index(index_dir, cache_mb=1000) as roomy:
        want = [(r.total, [h.id for h in r.hits]) for r in (roomy.search(**kw) for kw in SEARCHES)]
    monkeypatch.setenv("SEARCHER_CACHE_MB", "0")
    with Index(index_dir) as none:
        assert [(r.total, [h.id for h in r.hits]) for r in (none.search(**kw) for kw in SEARCHES)] == want
        assert none._backend.engine()._cache.held == 0


def test_the_term_cache_setting_caps_the_postings_inside_the_budget(index_dir, monkeypatch):
    with Index(index_dir) as roomy:
        want = [(r.total, [h.id for h in r.hits]) for r in (roomy.search(**kw) for kw in SEARCHES)]
        assert roomy._backend.engine()._cache.postings > 100
    monkeypatch.setenv("SEARCHER_TERM_CACHE", "100")
    with Index(index_dir) as capped:
        assert [(r.total, [h.id for h in r.hits]) for r in (capped.search(**kw) for kw in SEARCHES)] == want
        assert 0 < capped._backend.engine()._cache.postings <= 100


@pytest.mark.parametrize("value", [-1, "lots", float("nan"), True, 10**9])
def test_a_bad_cache_mb_argument_is_a_usage_error_naming_it(index_dir, value):
    with pytest.raises(UsageError) as err:
        Index(index_dir, cache_mb=value)
    assert str(err.value).startswith(f"cache_mb={value!r} is not accepted: use a number of MiB from 0 to")
    with pytest.raises(UsageError):
        SearchEngine(None, cache_mb=value)


@pytest.mark.parametrize("value", ["lots", "-5", "1.5", "2000000"])
def test_a_bad_cache_setting_is_a_setting_error(index_dir, monkeypatch, value):
    monkeypatch.setenv("SEARCHER_CACHE_MB", value)
    with pytest.raises(SettingError) as err:
        Index(index_dir).search("Brand")
    assert err.value.name == "SEARCHER_CACHE_MB"
    res = CliRunner().invoke(cli, ["search", "Brand", "--index", str(index_dir)])
    assert res.exit_code == 2, res.output
    assert res.output.startswith(f"Error: SEARCHER_CACHE_MB={value!r} is not accepted: use a whole number of MiB")


def test_the_argument_wins_over_the_setting(index_dir, monkeypatch):
    monkeypatch.setenv("SEARCHER_CACHE_MB", "0")
    with Index(index_dir, cache_mb=50) as ix:
        ix.search("Brand")
        assert ix._backend.engine()._cache.budget == 50 * 2**20 and ix._backend.engine()._cache.held > 0


def test_one_off_entries_do_not_push_out_an_entry_asked_for_often():
    from searcher.search import _Cache

    cache = _Cache(1000, packed=False)
    for _ in range(3):  # a common term: asked for by several queries
        if cache.get("common") is None:
            cache.put("common", "C", 600)
    for i in range(50):  # then a stream of rare terms, each asked for once
        if cache.get(("rare", i)) is None:
            cache.put(("rare", i), i, 300)
    assert cache.get("common") == "C"
    assert cache.size <= 1000
    for _ in range(2):  # a rare term that comes back often enough gets in
        cache.get(("rare", 7))
    assert cache.put(("rare", 7), 7, 300) == 7 and cache.get(("rare", 7)) == 7


def test_what_costs_most_to_build_again_per_byte_stays():
    """A small entry that took long to build (a clause's rank prefix) is not evicted to
    make room for a large one that is cheap to make again (a score array)."""
    from searcher.search import _Cache

    cache = _Cache(1000, packed=False)
    cache.get("prefix")
    cache.put("prefix", "P", 100, cost=0.3)
    for i in range(20):  # large, cheap entries, each asked for as often as the prefix
        cache.get(("scores", i))
        cache.put(("scores", i), i, 600, cost=0.001)
        assert cache.size <= 1000
    assert cache.get("prefix") == "P"


def test_the_estimated_size_stays_within_the_budget_and_adds_up():
    import random

    from searcher.search import _Cache

    rnd = random.Random(7)
    cache = _Cache(5000, packed=False)
    for _ in range(3000):
        key = rnd.randrange(60)
        if cache.get(key) is None:
            cache.put(key, key, rnd.randrange(1, 1500), cost=rnd.choice([None, 0.0, rnd.random() / 100]))
        assert cache.size <= 5000
        assert cache.size == sum(item[1] for item in cache._items.values())
    assert len(cache._items) > 3


def test_the_packed_date_index_is_the_sorted_pairs_of_dated_releases():
    import random
    from array import array

    from searcher.search.tables import _Generation

    rnd = random.Random(3)
    keys = array("l", [rnd.choice([0, 20230101, 20230102, 20240229, 19991231]) for _ in range(500)])
    gen = _Generation(1)
    gen.date_keys = lambda reader: keys
    (dates, docnums, undated), _ = gen._packed_date_index(None)
    pairs = sorted((v, d) for d, v in enumerate(keys) if v)
    assert list(dates) == [v for v, _ in pairs] and list(docnums) == [d for _, d in pairs]
    assert list(undated) == [d for d, v in enumerate(keys) if not v]


def test_packed_entries_share_the_budget_and_make_way_by_cost():
    from searcher.search import _Cache, _GenerationCache

    cache = _Cache(1000)
    terms = _GenerationCache(cache, 0)
    terms.put_packed(("p", "body", "polizei"), "arrays", 400, cost=0.2)  # costly to decode again
    for i in range(10):
        terms.get(("d", "body", i))
        terms.put(("d", "body", i), i, 300, cost=0.0001)  # a set made again from the arrays
        assert cache.held <= 1000
    assert terms.get_packed(("p", "body", "polizei")) == "arrays" and len(cache.packed) == 1
    cache.drop(0)
    assert cache.held == 0 and terms.get_packed(("p", "body", "polizei")) is None
