"""Index operations as a user sees them: build, incremental sync, rebuild, lock, check."""
from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import signal
import time
from pathlib import Path

import pytest

from searcher import Index, IndexDamaged, IndexLocked, IndexNotFound
from searcher.store import _WriteLock

RELEASE = """Pressemitteilung

Landesamt für Beispielwesen

{date}

{title}

Das Landesamt teilt mit, dass {word} heute begonnen hat. Weitere Informationen folgen.
"""


def write_release(folder: Path, name: str, title: str, word: str = "die Prüfung", date: str = "03.04.2024") -> Path:
    path = folder / name
    path.write_text(RELEASE.format(title=title, word=word, date=date), encoding="utf-8")
    return path


@pytest.fixture
def docs(tmp_path, seeds_dir):
    folder = tmp_path / "docs"
    shutil.copytree(seeds_dir, folder)
    return folder


def test_index_then_sync_counts_added_unchanged_updated_removed(tmp_path, docs):
    ix = Index(tmp_path / "idx")
    report = ix.sync(docs)
    assert (report.added, report.updated, report.unchanged, report.removed, report.failed) == (2, 0, 0, 0, 0)
    assert report.total == 2

    again = ix.sync(docs)
    assert (again.added, again.updated, again.unchanged, again.removed) == (0, 0, 2, 0)

    write_release(docs, "new.txt", "Neue Pressemitteilung zur Prüfung")
    seed = next(docs.glob("000_*.txt"))
    seed.write_text(seed.read_text(encoding="utf-8") + "\nEin Nachtrag zur Meldung.", encoding="utf-8")
    (next(docs.glob("003_*.txt"))).unlink()
    report = ix.sync(docs)
    assert (report.added, report.updated, report.unchanged, report.removed) == (1, 1, 0, 1)
    assert report.total == 2
    assert ix.doc_count() == 2
    assert ix.get("000_97013a9233346326.txt").body.endswith("Ein Nachtrag zur Meldung.")


def test_add_never_removes_and_ids_are_paths_relative_to_the_root(tmp_path, docs):
    sub = docs / "2024" / "april"
    sub.mkdir(parents=True)
    write_release(sub, "a.md", "Titel A")
    ix = Index(tmp_path / "idx")
    ix.add(docs)
    assert ix.get("2024/april/a.md").title == "Titel A"
    (sub / "a.md").unlink()
    assert ix.add(docs).removed == 0
    assert ix.doc_count() == 3


def test_a_bad_file_is_reported_and_the_rest_lands(tmp_path, docs):
    (docs / "broken.txt").write_bytes(b"\x00\x01\x02binary\x00" * 50)
    (docs / "empty.md").write_bytes(b"")
    report = Index(tmp_path / "idx").sync(docs)
    assert report.added == 2
    assert report.failed == 2
    failed = {Path(f.source).name for f in report.failures}
    assert failed == {"broken.txt", "empty.md"}
    assert all(f.error for f in report.failures)


def test_missing_path_stops_before_anything_is_written(tmp_path, docs):
    # issue 11: a missing PATH (a typo, an unmounted drive) is an error, not
    # an empty folder, and creates no index
    from searcher.errors import SourceNotFound

    with pytest.raises(SourceNotFound, match="nope"):
        Index(tmp_path / "idx").sync([docs, tmp_path / "nope"])
    assert not (tmp_path / "idx").exists()


def test_records_file_updates_only_changed_records(tmp_path):
    src = tmp_path / "feed.jsonl"
    rows = [
        {"id": f"r{i}", "issuer": "Stadt Beispielhausen", "date": "2024-05-0{}".format(i + 1),
         "title": f"Meldung {i}", "body": f"Text der Meldung Nummer {i} über Straßenbau."}
        for i in range(3)
    ]
    src.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    ix = Index(tmp_path / "idx")
    assert ix.sync(src).added == 3
    rows[1]["body"] = "Geänderter Text über Brückenbau."
    del rows[2]
    src.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    report = ix.sync(src)
    assert (report.added, report.updated, report.unchanged, report.removed) == (0, 1, 1, 1)
    assert ix.get("r1").body == "Geänderter Text über Brückenbau."


def test_remove_by_id(tmp_path, docs):
    ix = Index(tmp_path / "idx")
    ix.sync(docs)
    report = ix.remove(["000_97013a9233346326.txt", "unknown"])
    assert report.removed == 1 and report.total == 1


def test_searching_a_missing_index_says_how_to_build_one(tmp_path):
    with pytest.raises(IndexNotFound) as err:
        Index(tmp_path / "nothing").search("Integration")
    # library terms, not CLI commands (the CLI adds its own advice)
    assert "Index(path).sync(paths)" in str(err.value) and "searcher index" not in str(err.value)
    with pytest.raises(IndexNotFound):
        Index.open(tmp_path / "nothing")


def test_create_is_idempotent_and_never_deletes(tmp_path, docs):
    ix = Index.create(tmp_path / "idx")
    assert ix.doc_count() == 0
    ix.sync(docs)
    assert Index.create(tmp_path / "idx").doc_count() == 2


def test_second_writer_waits_then_fails_with_a_clear_message(tmp_path, docs):
    path = tmp_path / "idx"
    Index(path).sync(docs)
    with _WriteLock(path, 0):
        start = time.monotonic()
        with pytest.raises(IndexLocked) as err:
            Index(path, wait=0.3).sync(docs)
        assert time.monotonic() - start >= 0.3
    assert "being written by another process" in str(err.value)
    assert "wait=SECONDS" in str(err.value) and "--wait" not in str(err.value)
    # readers are never blocked by a writer
    with _WriteLock(path, 0):
        assert Index(path).doc_count() == 2


def _hold_lock_forever(path: str) -> None:
    with _WriteLock(Path(path), 0):
        time.sleep(60)


def test_a_killed_writer_does_not_block_the_next_run(tmp_path, docs):
    path = tmp_path / "idx"
    proc = multiprocessing.get_context("fork").Process(target=_hold_lock_forever, args=(str(path),))
    proc.start()
    deadline = time.monotonic() + 5
    while not (path / "write.lock").exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(0.1)
    os.kill(proc.pid, signal.SIGKILL)
    proc.join()
    assert Index(path, wait=1).sync(docs).added == 2


def test_rebuild_switches_atomically_and_cleans_old_generations(tmp_path, docs):
    path = tmp_path / "idx"
    ix = Index(path)
    ix.sync(docs)
    old = os.readlink(path / "current")
    reader = Index(path)
    assert reader.doc_count() == 2
    report = ix.rebuild(docs)
    assert report.added == 2 and report.total == 2
    assert os.readlink(path / "current") != old
    assert sorted(p.name for p in path.iterdir() if p.name.startswith("gen-")) == [os.readlink(path / "current")]
    assert reader.doc_count() == 2  # an open reader follows the switch


def _damage(path: Path, how: str) -> None:
    gen = path / os.readlink(path / "current")
    if how == "truncate-segment":
        seg = next(gen.glob("*.seg"))
        seg.write_bytes(seg.read_bytes()[: seg.stat().st_size // 3])
    elif how == "delete-segment":
        next(gen.glob("*.seg")).unlink()
    elif how == "truncate-toc":
        toc = next(gen.glob("_MAIN_*.toc"))
        toc.write_bytes(toc.read_bytes()[:20])
    elif how == "delete-toc":
        next(gen.glob("_MAIN_*.toc")).unlink()


@pytest.mark.parametrize("how", ["truncate-segment", "delete-segment", "truncate-toc", "delete-toc"])
def test_damage_is_detected_reported_and_rebuild_recovers(tmp_path, docs, how):
    path = tmp_path / "idx"
    Index(path).sync(docs)
    assert Index(path).check().ok
    _damage(path, how)
    report = Index(path).check()
    assert not report.ok and report.problems
    with pytest.raises(IndexDamaged) as err:
        Index(path).search("Integration")
    assert "Index(path).rebuild(paths)" in str(err.value) and "--rebuild" not in str(err.value)
    assert Index(path).rebuild(docs).total == 2
    assert Index(path).check().ok


def test_a_record_that_turns_bad_is_reported_and_its_old_version_kept(tmp_path):
    src = tmp_path / "feed.jsonl"
    good = [{"id": f"r{i}", "title": f"Meldung {i}", "date": "2024-05-01", "body": f"Text {i}."} for i in range(2)]
    src.write_text("\n".join(json.dumps(r) for r in good), encoding="utf-8")
    ix = Index(tmp_path / "idx")
    ix.sync(src)
    src.write_text(json.dumps(good[0]) + "\n{not json\n", encoding="utf-8")
    report = ix.sync(src)
    assert report.failed == 1 and report.removed == 0
    assert report.failures[0].source.endswith("feed.jsonl:2")
    assert ix.get("r1").title == "Meldung 1"


def test_large_batches_are_indexed_by_workers_without_losing_or_duplicating(tmp_path, monkeypatch):
    from searcher import store

    monkeypatch.setattr(store, "BATCH_DOCS", 7)
    monkeypatch.setenv("SEARCHER_PROCS", "2")
    src = tmp_path / "feed.jsonl"
    rows = [{"id": f"r{i}", "title": f"Meldung {i}", "date": "2024-05-01",
             "body": f"Die Feuerwehr löschte einen Brand Nummer {i}."} for i in range(60)]
    src.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    ix = Index(tmp_path / "idx")
    assert ix.sync(src).total == 60
    # how the forked workers share the batches (and so the segment count) is
    # up to the scheduler; what matters is every release once, none twice
    assert ix.check().ok and ix.check().documents == 60
    for r in rows:
        assert ix.search(f'"Nummer {r["id"][1:]}"', limit=100).total >= 1
    with ix._open_whoosh().searcher() as s:
        assert sorted(s.lexicon("id")) == sorted(r["id"].encode() for r in rows)
        assert all(len(list(s.document_numbers(id=r["id"]))) == 1 for r in rows)
    for r in rows:
        r["body"] += " Nachtrag."
    src.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    report = ix.sync(src)
    assert (report.updated, report.total) == (60, 60)
    assert ix.search("Nachtrag", limit=100).total == 60
    assert ix.search("Brand", limit=100).total == 60


def _feed(path, n, extra=""):
    rows = [{"id": f"r{i}", "title": f"Meldung {i}", "date": "2024-05-01", "body": f"Brand Nummer {i}. {extra}"}
            for i in range(n)]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")


def test_a_worker_with_nothing_to_do_leaves_no_empty_segment(tmp_path, monkeypatch):
    from searcher import store

    monkeypatch.setenv("SEARCHER_PROCS", "2")
    monkeypatch.setattr(store, "BATCH_DOCS", 5)  # one batch: one worker busy, one idle
    _feed(tmp_path / "feed.jsonl", 5)
    ix = Index(tmp_path / "idx")
    assert ix.sync(tmp_path / "feed.jsonl").total == 5
    report = ix.check()
    assert report.ok and report.segments == 1


def test_a_failing_worker_stops_the_run_and_commits_nothing(tmp_path, monkeypatch):
    from searcher import SearcherError, store
    from searcher._writer import FastSegmentWriter as SegmentWriter

    _feed(tmp_path / "feed.jsonl", 30)
    ix = Index(tmp_path / "idx")
    ix.sync(tmp_path / "feed.jsonl")
    _feed(tmp_path / "feed.jsonl", 40, extra="geändert")
    monkeypatch.setenv("SEARCHER_PROCS", "2")
    monkeypatch.setattr(store, "BATCH_DOCS", 5)
    original = SegmentWriter.add_document

    def add_document(self, **fields):  # runs in the forked workers
        if fields.get("id") == "r33":
            raise RuntimeError("disk full")
        return original(self, **fields)

    monkeypatch.setattr(SegmentWriter, "add_document", add_document)
    with pytest.raises(SearcherError) as err:
        ix.sync(tmp_path / "feed.jsonl")
    assert "worker" in str(err.value) and "disk full" in str(err.value)
    monkeypatch.setattr(SegmentWriter, "add_document", original)
    assert ix.doc_count() == 30
    assert ix.search("geändert").total == 0
    assert ix.check().ok
    assert ix.sync(tmp_path / "feed.jsonl").total == 40


def test_size_limits_differ_for_text_and_records_files(tmp_path, monkeypatch):
    from searcher import reading

    monkeypatch.setattr(reading, "MAX_BYTES", 100_000)
    monkeypatch.setattr(reading, "MAX_RECORDS_BYTES", 1_000_000)
    big_text = tmp_path / "huge.txt"
    big_text.write_bytes(b"Wort " * 30_000)
    big_records = tmp_path / "export.jsonl"
    rows = [json.dumps({"id": f"r{i}", "title": "T", "date": "2024-01-01", "body": "Wort " * 40}) for i in range(600)]
    big_records.write_text("\n".join(rows))
    assert 100_000 < big_records.stat().st_size < 1_000_000
    report = Index(tmp_path / "idx").sync([big_text, big_records])
    assert [Path(f.source).name for f in report.failures] == ["huge.txt"]
    assert report.failures[0].error.startswith("file too large (0.1 MB > ")
    assert report.added == 600


def test_a_small_change_in_a_large_folder_does_not_start_workers(tmp_path, monkeypatch):
    from searcher import store

    monkeypatch.setenv("SEARCHER_PROCS", "2")
    _feed(tmp_path / "feed.jsonl", 3)
    started = []
    monkeypatch.setattr(store._DocSink, "_start_workers", lambda self: started.append(1))
    assert Index(tmp_path / "idx").sync(tmp_path / "feed.jsonl").total == 3
    assert started == []


def test_progress_reports_files_and_records(tmp_path):
    _feed(tmp_path / "feed.jsonl", 1200)
    seen = []
    Index(tmp_path / "idx").sync(tmp_path / "feed.jsonl", progress=lambda n, total, name: seen.append((n, total, name)))
    assert seen[0] == (1, 1, str(tmp_path / "feed.jsonl"))
    assert [name.rsplit(", ", 1)[1] for _, _, name in seen[1:]] == ["record 500", "record 1,000"]
