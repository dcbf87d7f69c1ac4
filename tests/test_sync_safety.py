"""Re-sync never loses releases it is not sure are gone (issue 11, "sync").

Each test sets up what a user would do, runs a second sync, and asserts on
what the index holds afterwards and what the report said.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from reliability_helpers import release_text, write_releases
from searcher.cli import cli
from searcher.parse import parse_records
from searcher.store import Index


def _jsonl(rows) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)


def _rows(n, start=0):
    return [
        {"id": f"r{k}", "title": f"Meldung {k}", "body": f"Text der Meldung Nummer {k}.", "date": "2023-01-27"}
        for k in range(start, start + n)
    ]


def _ids(ix) -> set[str]:
    return {h.id for h in ix.search("", limit=1000).hits}


# --- records files: an error inside is one record's, with its line -----------


@pytest.mark.parametrize(
    "hostile, what",
    [
        ('{"id": "big", "n": ' + "7" * 5000 + "}", "digits"),  # int() digit limit: ValueError
        ("[" * 5000 + "]" * 5000, "nested"),  # RecursionError inside the JSON reader
        ('{"id": "deep", "x": ' + "[" * 3000 + "]" * 3000 + "}", "nested"),
    ],
)
def test_a_jsonl_line_python_rejects_oddly_fails_alone_and_sync_keeps_the_rest(tmp_path, hostile, what):
    feed = tmp_path / "src" / "feed.jsonl"
    feed.parent.mkdir()
    rows = _rows(10)
    feed.write_text(_jsonl(rows), encoding="utf-8")
    ix = Index(tmp_path / "idx")
    assert ix.sync(feed.parent).added == 10

    lines = _jsonl(rows).splitlines()
    lines.insert(3, hostile)  # line 4
    feed.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = ix.sync(feed.parent)
    assert (report.unchanged, report.removed, report.failed) == (10, 0, 1), report
    assert report.failures[0].source.endswith("feed.jsonl:4")
    assert what in report.failures[0].error
    assert _ids(ix) == {r["id"] for r in rows}

    fresh = Index(tmp_path / "fresh")
    report = fresh.sync(feed.parent)
    assert (report.added, report.failed) == (10, 1)


def test_a_records_file_that_cannot_be_read_keeps_its_releases(tmp_path):
    feed = tmp_path / "src" / "feed.jsonl"
    feed.parent.mkdir()
    feed.write_text(_jsonl(_rows(5)), encoding="utf-8")
    ix = Index(tmp_path / "idx")
    ix.sync(feed.parent)
    feed.write_bytes(b"\x00\x01\x02 binary now")  # refused as binary when decoded
    report = ix.sync(feed.parent)
    assert (report.removed, report.failed) == (0, 1), report
    assert "binary" in report.failures[0].error
    assert len(_ids(ix)) == 5


def test_a_record_failure_in_a_mid_file_exception_keeps_the_records(tmp_path, monkeypatch):
    """Whatever goes wrong inside a records file, its old records stay."""
    feed = tmp_path / "src" / "feed.jsonl"
    feed.parent.mkdir()
    feed.write_text(_jsonl(_rows(6)), encoding="utf-8")
    ix = Index(tmp_path / "idx")
    ix.sync(feed.parent)
    feed.write_text(_jsonl(_rows(7)), encoding="utf-8")

    import searcher.parse as parse_mod

    real = parse_mod.parse_records

    def breaks_after_two(*args, **kwargs):
        for k, item in enumerate(real(*args, **kwargs)):
            if k == 2:
                raise MemoryError("simulated")  # not a parse failure: a bug or a resource problem
            yield item

    monkeypatch.setattr(parse_mod, "parse_records", breaks_after_two)
    report = ix.sync(feed.parent)
    assert report.removed == 0 and report.failed == 1, report
    assert {f"r{k}" for k in range(6)} <= _ids(ix)


# --- CSV: an unclosed quote does not swallow rows silently ------------------


def test_an_unclosed_csv_quote_is_a_failure_at_its_line_and_later_rows_land(tmp_path):
    data = (
        'id,title,body,date\n'
        'a,Eins,"Text eins,2023-01-01\n'  # line 2: the quote is never closed
        'b,Zwei,Text zwei,2023-01-02\n'
        'c,Drei,"mehrzeilig\nund gut",2023-01-03\n'
        'd,Vier,Text vier,2023-01-04\n'
    ).encode()
    items = list(parse_records(data, "feed.csv", "csv"))
    failures = [i for i in items if not hasattr(i, "id")]
    assert [f.source for f in failures] == ["feed.csv:2"]
    assert "quote" in failures[0].error
    assert [i.id for i in items if hasattr(i, "id")] == ["b", "c", "d"]
    assert [i.body for i in items if getattr(i, "id", "") == "c"] == ["mehrzeilig\nund gut"]

    path = tmp_path / "feed.csv"
    path.write_bytes(data)
    res = CliRunner().invoke(cli, ["index", str(path), "--index", str(tmp_path / "idx")])
    assert "3 added" in res.stdout and "1 failed" in res.stdout, res.output
    assert "feed.csv:2" in res.stderr


def test_a_quote_closed_inside_a_csv_field_does_not_swallow_rows(tmp_path):
    data = b'id,title,body\na,Eins,"Text\nb,Zwei,Text zwei\nc,"Drei" und mehr,Text\nd,Vier,Text vier\n'
    items = list(parse_records(data, "f.csv", "csv"))
    assert [getattr(i, "id", None) or i.source for i in items] == ["f.csv:2", "b", "f.csv:4", "d"]


# --- folders that cannot be walked remove nothing ----------------------------


def test_an_unreadable_subfolder_removes_none_of_its_releases(tmp_path, monkeypatch):
    # Tests run as root, where chmod 000 does not deny reading: listing the
    # folder and looking up anything inside it fail with EACCES here, as they
    # would for a user without permission (tests/test_paths.py does the same
    # for real, as user nobody).
    src = tmp_path / "src"
    write_releases(src, range(14), seed=3)  # subfolders 00 .. 06
    ix = Index(tmp_path / "idx")
    assert ix.sync(src).added == 14
    blocked = str(src / "03")
    real_scandir = os.scandir

    def scandir(path="."):
        if os.fspath(path) == blocked:
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    def denied(real):
        def call(path, *args, **kwargs):
            p = os.fspath(path)
            if isinstance(p, str) and p.startswith(blocked + os.sep):
                raise PermissionError(13, "Permission denied", p)
            return real(path, *args, **kwargs)

        return call

    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.setattr(os, "stat", denied(os.stat))
    monkeypatch.setattr(os, "lstat", denied(os.lstat))
    report = ix.sync(src)
    assert (report.unchanged, report.removed, report.failed) == (12, 0, 1), report
    assert report.failures[0].source == blocked
    assert "Permission denied" in report.failures[0].error
    assert ix.doc_count() == 14


def test_a_folder_that_vanished_is_still_removed(tmp_path):
    src = tmp_path / "src"
    write_releases(src, range(14), seed=3)
    ix = Index(tmp_path / "idx")
    ix.sync(src)
    for f in (src / "03").iterdir():
        f.unlink()
    (src / "03").rmdir()
    report = ix.sync(src)
    assert (report.removed, report.failed) == (2, 0), report


# --- ids are unique across everything indexed --------------------------------


def test_same_file_name_in_two_folders_is_a_collision_not_a_flip(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    (a / "x.txt").write_text(release_text(1, seed=1), encoding="utf-8")
    (b / "x.txt").write_text(release_text(2, seed=2), encoding="utf-8")
    ix = Index(tmp_path / "idx")
    first = ix.sync([a, b])
    assert (first.added, first.failed) == (1, 1)
    stored = ix.get("x.txt").body
    for _ in range(3):
        again = ix.sync([a, b])
        assert (again.added, again.updated, again.unchanged, again.failed) == (0, 0, 1, 1), again
        assert ix.get("x.txt").body == stored
    error = again.failures[0]
    assert error.source == str(b / "x.txt")
    assert str(a / "x.txt") in error.error and "Rename" in error.error

    # a separate run over the other folder does not overwrite either
    later = ix.add(b)
    assert (later.added, later.updated, later.failed) == (0, 0, 1)
    assert ix.get("x.txt").body == stored


def test_an_id_follows_its_release_when_the_old_file_is_gone(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    (a / "x.txt").write_text(release_text(1, seed=1), encoding="utf-8")
    ix = Index(tmp_path / "idx")
    ix.sync(a)
    (a / "x.txt").rename(b / "x.txt")
    report = ix.sync([a, b])
    assert (report.updated, report.failed, report.removed) == (1, 0, 0), report
    assert ix.get("x.txt").source == str(b / "x.txt") and ix.doc_count() == 1


def test_the_same_record_id_in_two_records_files_is_reported(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "one.jsonl").write_text(_jsonl(_rows(3)), encoding="utf-8")
    (src / "two.jsonl").write_text(_jsonl(_rows(2, start=2)), encoding="utf-8")  # r2 again, r3
    ix = Index(tmp_path / "idx")
    report = ix.sync(src)
    assert report.added == 4
    assert [f.source for f in report.failures] == [str(src / "two.jsonl")]
    assert "'r2'" in report.failures[0].error and str(src / "one.jsonl") in report.failures[0].error
    stored = ix.get("r2").source
    for _ in range(2):
        report = ix.sync(src)
        assert report.updated == 0 and report.removed == 0, report
    assert _ids(ix) == {"r0", "r1", "r2", "r3"} and ix.get("r2").source == stored


# --- the --field/--set mapping is part of "changed" --------------------------


def test_a_changed_mapping_updates_an_unchanged_file(tmp_path):
    feed = tmp_path / "feed.csv"
    feed.write_text(
        "id,title,description,date\n" + "".join(f"r{k},Titel {k},Text {k},2023-01-0{k + 1}\n" for k in range(3)),
        encoding="utf-8",
    )
    ix = Index(tmp_path / "idx")
    assert ix.sync(feed, fields={"body": "description"}, constants={"issuer": "Polizei Berlin"}).added == 3
    report = ix.sync(feed, fields={"body": "description"}, constants={"issuer": "Polizei Brandenburg"})
    assert (report.updated, report.unchanged) == (3, 0), report
    assert ix.get("r0").issuer == "Polizei Brandenburg"
    report = ix.sync(feed, fields={"body": "description"}, constants={"issuer": "Polizei Brandenburg"})
    assert (report.updated, report.unchanged) == (0, 3), report
    report = ix.sync(feed, fields={"body": "title"}, constants={"issuer": "Polizei Brandenburg"})
    assert report.updated == 3 and ix.get("r0").body == "Titel 0"

    text = tmp_path / "src" / "x.txt"
    text.parent.mkdir()
    text.write_text(release_text(5), encoding="utf-8")
    ix.sync(text.parent)
    report = ix.sync(text.parent, constants={"issuer": "Senat"})
    assert report.updated == 1 and ix.get("x.txt").issuer == "Senat"


def test_an_index_without_a_mapping_keeps_its_files_unchanged(tmp_path):
    src = tmp_path / "src"
    write_releases(src, range(4))
    ix = Index(tmp_path / "idx")
    ix.sync(src)
    report = ix.sync(src)
    assert report.unchanged == 4 and report.updated == 0


# --- symlinks and the walk ---------------------------------------------------


def test_a_symlink_leading_outside_the_folder_is_skipped(tmp_path):
    src = tmp_path / "src"
    write_releases(src, range(3))
    outside = tmp_path / "secret.txt"
    outside.write_text(release_text(9), encoding="utf-8")
    (src / "x.txt").symlink_to(outside)
    elsewhere = tmp_path / "elsewhere"
    write_releases(elsewhere, range(10, 12))
    (src / "more").symlink_to(elsewhere, target_is_directory=True)
    (src / "inside.txt").symlink_to(src / "00" / "rel-00000.txt")  # inside: followed

    report = Index(tmp_path / "idx").sync(src)
    assert report.added == 4, report
    skipped = {Path(f.source).name: f.error for f in report.failures}
    assert set(skipped) == {"x.txt", "more"}
    assert all("outside" in e and "skipped" in e for e in skipped.values())
    # named on the command line, a link is followed: the user asked for it
    assert Index(tmp_path / "idx").sync(src / "x.txt").added == 1


def test_the_walk_is_bounded_in_depth(tmp_path):
    src = tmp_path / "src"
    deep = src
    for k in range(70):
        deep = deep / "d"
    deep.mkdir(parents=True)
    (deep / "x.txt").write_text(release_text(1), encoding="utf-8")
    (src / "top.txt").write_text(release_text(2), encoding="utf-8")
    report = Index(tmp_path / "idx").sync(src)
    assert report.added == 1
    assert any("levels deep" in f.error for f in report.failures)


# --- one date parser; a bad --set/--field is a usage error --------------------


@pytest.mark.parametrize(
    "option, message",
    [
        (["--set", "date=31.02.2023"], 'Invalid --set date "31.02.2023": that day does not exist'),
        (["--set", "date=2023"], 'Invalid --set date "2023": a year or a month is not a day'),
        (["--set", "nosuch=1"], "unknown field 'nosuch' in --set; possible fields: date, issuer"),
        (["--field", "nosuch=col"], "unknown field 'nosuch' in --field; possible fields: id, source"),
    ],
)
def test_a_bad_set_or_field_exits_2_before_anything_is_written(tmp_path, option, message):
    src = tmp_path / "src"
    write_releases(src, range(3))
    (src / "feed.csv").write_text("id,title,body,date\nr1,T,B,2023-01-02\n", encoding="utf-8")
    idx = tmp_path / "idx"
    res = CliRunner().invoke(cli, ["index", str(src), "--index", str(idx), *option])
    assert res.exit_code == 2, res.output
    assert message in res.stderr and res.stderr.count("\n") == 1, res.stderr
    assert not idx.exists()


def test_set_date_takes_the_same_days_as_files_and_search_bounds(tmp_path):
    src = tmp_path / "src"
    write_releases(src, range(2))
    (src / "feed.csv").write_text("id,title,body,date\nr1,T,Text,17.07.2014 14:32 Uhr\n", encoding="utf-8")
    ix = Index(tmp_path / "idx")
    ix.sync(src, constants={"date": "27. Januar 2023"})
    assert {h.date.isoformat() for h in ix.search("", limit=10).hits} == {"2023-01-27"}
    assert ix.search("", date_from="27. Januar 2023", date_to="27.01.2023").total == 3

    from searcher.dates import parse_day

    assert ix.get("r1") and parse_day("17.07.2014 14:32 Uhr").isoformat() == "2014-07-17"
    from searcher.query import parse_date_bound  # still importable from its old home

    assert parse_date_bound("2023", end=True).isoformat() == "2023-12-31"


def test_an_index_from_before_mapping_hashes_settles_after_one_sync(tmp_path, monkeypatch):
    """An index built before the mapping was part of the file hash: the first
    sync finds every release unchanged and stores the new hashes; the next one
    skips the file without reading its records."""
    import searcher.parse as parse_mod
    import searcher.store as store

    feed = tmp_path / "feed.jsonl"
    feed.write_text(_jsonl(_rows(4)), encoding="utf-8")
    ix = Index(tmp_path / "idx")
    with monkeypatch.context() as m:
        m.setattr(store, "_mapping_fingerprint", lambda fields, constants: b"")  # the old hash
        assert ix.sync(feed, constants={"issuer": "Senat"}).added == 4
    report = ix.sync(feed, constants={"issuer": "Senat"})
    assert (report.unchanged, report.updated) == (4, 0), report

    reads = []
    real = parse_mod.parse_records
    monkeypatch.setattr(parse_mod, "parse_records", lambda *a, **k: reads.append(a[1]) or real(*a, **k))
    report = ix.sync(feed, constants={"issuer": "Senat"})
    assert (report.unchanged, report.updated) == (4, 0) and reads == [], (report, reads)
    assert ix.get("r0").issuer == "Senat"
