"""Word analyses kept between indexing runs (searcher.analysis.wordstore): a later run
starts from the words an earlier one worked out and indexes exactly the same terms;
a damaged, stale or unwritable cache changes nothing but speed."""
from __future__ import annotations

import json

import pytest

from searcher import Index, analysis
from searcher.analysis import wordstore

TEXT = ("Die Fachkräftesicherung der Lehrer*innen im IQ-Netzwerk: Sprachkurse für "
        "Mitarbeiter:innen, Feuerwerkskörper am Straßenrand, zwei Radfahrerinnen verletzt.")


@pytest.fixture
def fresh_run(tmp_path, monkeypatch):
    """A cache folder of its own, and this process as if no word had been analysed yet."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(wordstore, "MIN_NEW", 1)
    monkeypatch.setattr(wordstore, "LOAD_AFTER", 0)
    saved = {g: dict(words) for g, words in analysis._WORD_CACHE.items()}
    state = dict(wordstore._STATE)

    def reset():
        for words in analysis._WORD_CACHE.values():
            words.clear()
        for g in wordstore._STATE:
            wordstore._STATE[g] = None

    reset()
    yield reset
    reset()
    for g, words in saved.items():
        analysis._WORD_CACHE[g].update(words)
    wordstore._STATE.update(state)


def _postings(text=TEXT):
    return analysis.german_analyzer().position_postings(text)


def test_a_later_run_starts_from_the_words_an_earlier_one_worked_out(fresh_run):
    first = _postings()
    wordstore.save_all()
    assert wordstore.cache_path(True).exists()
    fresh_run()
    assert wordstore.load(True, analysis._WORD_CACHE[True]) > 0
    assert "Fachkräftesicherung" in analysis._WORD_CACHE[True]
    assert _postings() == first


@pytest.mark.parametrize("damage", ["garbage", "truncated", "flipped"])
def test_a_damaged_word_file_is_ignored_and_replaced(fresh_run, damage):
    first = _postings()
    wordstore.save_all()
    path = wordstore.cache_path(True)
    good = path.read_bytes()
    path.write_bytes({"garbage": b"\x00" * 64, "truncated": good[:-9],
                      "flipped": good[:-1] + bytes([good[-1] ^ 0xFF])}[damage])
    fresh_run()
    assert wordstore.load(True, analysis._WORD_CACHE[True]) == 0
    assert _postings() == first
    wordstore.save_all()
    assert wordstore._read(path) is not None


def test_word_analyses_that_no_longer_hold_are_not_used(fresh_run):
    truth = _postings("Sprachkurse")
    wordstore.save_all()
    path = wordstore.cache_path(True)
    words = wordstore._read(path)
    words["Sprachkurse"] = (1, ((0, b"falsch", 1.0),))  # as if an older analysis had said so
    import marshal
    from zlib import crc32

    payload = marshal.dumps(words)
    path.write_bytes(wordstore.MAGIC + wordstore._CRC.pack(crc32(payload)) + payload)
    fresh_run()
    assert _postings("Sprachkurse") == truth


def test_without_a_writable_cache_folder_indexing_gives_the_same_results(tmp_path, monkeypatch, fresh_run):
    rows = [{"id": f"r{i}", "issuer": "Amt", "date": "2024-01-02", "title": f"Meldung {i}", "body": TEXT}
            for i in range(3)]
    src = tmp_path / "feed.jsonl"
    src.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    results = []
    for run, cache in enumerate([tmp_path / "cache", tmp_path / "cache", tmp_path / "blocker"]):
        if run == 2:
            cache.write_text("a file where the cache folder would be")
        monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
        fresh_run()
        ix = Index(tmp_path / f"idx{run}")
        ix.sync(src)
        results.append([(h.id, round(h.score, 6)) for h in ix.search("Sicherung Netzwerk").hits])
        ix.close()
    assert any((tmp_path / "cache" / "searcher").glob("words-*.marshal"))
    assert results[0] and results[0] == results[1] == results[2]


def test_old_word_files_do_not_pile_up(tmp_path, fresh_run):
    folder = wordstore.cache_path(True).parent
    folder.mkdir(parents=True)
    for i in range(wordstore.KEEP_FILES + 4):
        (folder / f"words-old{i}.marshal").write_bytes(b"x")
    _postings()
    wordstore.save_all()
    files = list(folder.glob("words-*.marshal"))
    assert len(files) == wordstore.KEEP_FILES and wordstore.cache_path(True) in files


def test_a_run_of_a_few_words_neither_loads_nor_writes_the_word_file(fresh_run, monkeypatch):
    first = _postings()
    wordstore.save_all()
    path = wordstore.cache_path(True)
    before = path.read_bytes()
    fresh_run()
    monkeypatch.setattr(wordstore, "LOAD_AFTER", 1000)
    monkeypatch.setattr(wordstore, "MIN_NEW", 200)
    assert _postings() == first
    assert _postings("Ein anderer Satz mit neuen Wörtern") is not None
    assert wordstore._STATE[True] is None  # never loaded: the words were worked out here
    assert not wordstore.save_all() and path.read_bytes() == before


def test_workers_of_one_run_take_in_the_words_the_other_worked_out(tmp_path):
    """Two workers' word caches: what one works out reaches the other after its next
    document, a record cut short is taken in once it is whole, and what a worker
    took in is not sent back."""
    first, second = {"Haus": (1, ((0, b"haus", 1.0),))}, {}
    a = wordstore.Exchange(str(tmp_path), 0, 2, first, [])
    b = wordstore.Exchange(str(tmp_path), 1, 2, second, [])
    first["Fahrzeugen"] = (1, ((0, b"fahrzeug", 1.0), (0, b"zeug", 0.3)))
    a.log.append("Fahrzeugen")
    a.share()
    b.share()
    assert second == {"Fahrzeugen": first["Fahrzeugen"]}  # "Haus" was there before the run split
    path = tmp_path / "words-0.xchg"
    whole = path.read_bytes()
    first["Radweg"] = (1, ((0, b"radweg", 1.0),))
    a.log.append("Radweg")
    a.share()
    record = path.read_bytes()[len(whole):]
    path.write_bytes(whole + record[:7])  # the other worker is in the middle of writing it
    b.share()
    assert "Radweg" not in second
    path.write_bytes(whole + record)
    b.share()
    assert second["Radweg"] == first["Radweg"]
    a.share()
    assert (tmp_path / "words-1.xchg").stat().st_size == 0  # nothing b worked out itself
    a.close()
    b.close()


def test_indexing_with_workers_gives_the_same_index_as_one_process(tmp_path, monkeypatch, fresh_run):
    """The workers of a run share the words they work out; what they index is what one
    process indexes."""
    from searcher import store

    monkeypatch.setattr(store, "BATCH_DOCS", 4)
    rows = [{"id": f"r{k}", "title": f"Meldung {k}: Feuerwerkskörper", "body": f"{TEXT} Nummer {k} Sprachkurse."}
            for k in range(30)]
    src = tmp_path / "all.jsonl"
    src.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    found = []
    for procs in ("1", "2"):
        fresh_run()
        monkeypatch.setenv("SEARCHER_PROCS", procs)
        with Index(tmp_path / f"ix{procs}") as ix:
            ix.sync(src)
            found.append([(h.id, round(h.score, 6)) for h in ix.search("Fahrzeug OR Sprachkurs OR Feuerwerk", limit=50).hits])
    assert sorted(found[0]) == sorted(found[1]) and len(found[0]) == 30  # ties may come in another order
