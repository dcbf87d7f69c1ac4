"""Runs that end abnormally: Ctrl-C, a failing worker, a killed parent, a full disk.

Each test drives a real ``searcher index`` process where the behaviour is
about the process (does it exit, with which code, does it leave the index
locked) and asserts what a user sees; the only timing is a generous guard
against a hang.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from searcher import Index

HANG_GUARD = 30  # seconds: far beyond any normal exit, only to turn a hang into a failure


def _feed(path: Path, n: int, word: str = "Brand") -> Path:
    rows = [
        {"id": f"r{i}", "title": f"Meldung {i}", "date": "2024-05-01",
         "body": f"Die Feuerwehr meldet {word} Nummer {i} in der Hauptstraße. " * 6}
        for i in range(n)
    ]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    return path


def _env(**extra) -> dict:
    env = dict(os.environ)
    env.pop("SEARCHER_DEBUG", None)
    env.update(extra)
    return env


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(x) for x in text.split()]


def _wait_for_workers(proc: subprocess.Popen, count: int) -> list[int]:
    deadline = time.monotonic() + HANG_GUARD
    while time.monotonic() < deadline and proc.poll() is None:
        kids = _children(proc.pid)
        if len(kids) >= count:
            return kids
        time.sleep(0.01)
    pytest.fail("the indexing workers never started")


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc to see the workers")
def test_ctrl_c_during_a_multi_worker_run_exits_130_and_keeps_the_last_commit(tmp_path):
    index = tmp_path / "idx"
    Index(index).sync(_feed(tmp_path / "first.jsonl", 5, word="Alt"))
    big = _feed(tmp_path / "big.jsonl", 20_000, word="Neu")
    proc = subprocess.Popen(
        [sys.executable, "-m", "searcher", "index", str(big), "--index", str(index)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env=_env(SEARCHER_PROCS="2"), start_new_session=True,
    )
    _wait_for_workers(proc, 2)
    time.sleep(0.3)  # let batches queue up in the workers' pipe
    os.killpg(proc.pid, signal.SIGINT)  # like a terminal: the whole process group
    try:
        out, err = proc.communicate(timeout=HANG_GUARD)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        pytest.fail("searcher index did not exit after Ctrl-C")
    assert proc.returncode == 130, err
    assert "Interrupted." in err
    assert "Traceback" not in out + err
    ix = Index(index)
    assert ix.doc_count() == 5
    assert ix.search("Alt").total == 5 and ix.search("Neu").total == 0
    assert ix.check().ok


_FAILING_RUN = """
import errno, sys
from searcher._writer import FastSegmentWriter
from searcher.cli import main
original = FastSegmentWriter.add_document
def add_document(self, **fields):
    if fields.get("id") == "r{fail_at}":
        raise OSError(errno.ENOSPC, "No space left on device", "{gen_hint}")
    return original(self, **fields)
FastSegmentWriter.add_document = add_document
main(sys.argv[1:])
"""


def test_a_worker_failing_with_a_full_disk_ends_the_run_with_a_plain_message(tmp_path):
    index = tmp_path / "idx"
    Index(index).sync(_feed(tmp_path / "first.jsonl", 5, word="Alt"))
    big = _feed(tmp_path / "big.jsonl", 5_000, word="Neu")
    script = _FAILING_RUN.format(fail_at=1500, gen_hint=str(index / "seg"))
    proc = subprocess.Popen(
        [sys.executable, "-c", script, "index", str(big), "--index", str(index)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env=_env(SEARCHER_PROCS="2"), start_new_session=True,
    )
    try:
        out, err = proc.communicate(timeout=HANG_GUARD * 2)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        pytest.fail("searcher index did not exit after a worker failed")
    assert proc.returncode == 1, err
    assert "Traceback" not in out + err
    assert "no space left" in err.lower()
    assert "--rebuild" not in err and "please report" not in err
    assert Index(index).doc_count() == 5
    assert Index(index).check().ok


def _open_files(pid: int) -> set[str]:
    files = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            files.add(os.readlink(fd))
        except OSError:
            pass
    return files


@pytest.mark.skipif(not Path("/proc/self/fd").exists(), reason="needs Linux /proc to see the workers' files")
def test_workers_never_hold_the_write_lock(tmp_path):
    """A worker that outlived a killed parent used to keep write.lock (flock
    belongs to the open file, which fork() shares) and block every later run."""
    from searcher import store

    index = tmp_path / "idx"
    Index(index).sync(_feed(tmp_path / "first.jsonl", 5))
    with store._WriteLock(index, 0):
        wix = store._windex().open_dir(str(Index(index)._current_dir()))
        sink = store._DocSink(wix, procs=2)
        try:
            sink._start_workers()
            time.sleep(0.2)  # past the fork, into the worker's loop
            for proc in sink.workers:
                held = {Path(f).name for f in _open_files(proc.pid)}
                assert "write.lock" not in held and "MAIN_WRITELOCK" not in held, held
        finally:
            sink.cancel()
    assert Index(index, wait=0).sync(_feed(tmp_path / "first.jsonl", 6)).added == 1


def test_a_worker_whose_parent_already_died_exits_at_once():
    """The death signal is armed after fork(); a parent that died before that
    must not leave the worker waiting for batches forever."""
    import multiprocessing

    from searcher import store

    ctx = multiprocessing.get_context("fork")
    jobs, results = ctx.Queue(), ctx.Queue()
    not_my_parent = 1  # as if re-parented to init
    proc = ctx.Process(target=store._worker_main, args=("/nonexistent", jobs, results, 16, not_my_parent))
    proc.start()
    proc.join(HANG_GUARD)
    alive = proc.is_alive()
    if alive:
        proc.kill()
        proc.join()
    assert not alive and proc.exitcode != 0


def _tree(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*") if p.name != "write.lock"}


@pytest.mark.parametrize("procs", ["1", "2"])
def test_a_file_size_limit_is_reported_as_such_and_leaves_no_files_behind(tmp_path, procs):
    import resource

    index = tmp_path / "idx"
    Index(index).sync(_feed(tmp_path / "first.jsonl", 5, word="Alt"))
    before = _tree(index)
    big = _feed(tmp_path / "big.jsonl", 3_000, word="Neu")
    limit = 300_000  # bytes: the new segment is larger, the sources are only read

    def small_files():
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    proc = subprocess.run(
        [sys.executable, "-m", "searcher", "index", str(big), "--index", str(index)],
        capture_output=True, text=True, env=_env(SEARCHER_PROCS=procs), preexec_fn=small_files,
        timeout=HANG_GUARD * 4,
    )
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr
    assert "file-size limit" in proc.stderr
    assert "--rebuild" not in proc.stderr and "please report" not in proc.stderr
    assert _tree(index) == before
    assert Index(index).doc_count() == 5 and Index(index).check().ok


def test_a_full_disk_is_reported_as_such_not_as_damage(tmp_path, monkeypatch):
    import errno

    from whoosh.filedb.filestore import FileStorage

    from searcher import IndexStorageError

    index = tmp_path / "idx"
    Index(index).sync(_feed(tmp_path / "first.jsonl", 5, word="Alt"))
    before = _tree(index)
    original = FileStorage.create_file

    def full(self, name, *args, **kwargs):
        if name.endswith(".toc") or "seg" in name or name.endswith(".trm"):
            raise OSError(errno.ENOSPC, "No space left on device", name)
        return original(self, name, *args, **kwargs)

    monkeypatch.setattr(FileStorage, "create_file", full)
    with pytest.raises(IndexStorageError) as err:
        Index(index).sync(_feed(tmp_path / "more.jsonl", 50, word="Neu"))
    assert str(err.value).startswith(f"No space left on the device of the index at {index}")
    assert "--rebuild" not in str(err.value)
    monkeypatch.setattr(FileStorage, "create_file", original)
    assert _tree(index) == before
    assert Index(index).doc_count() == 5 and Index(index).check().ok


def test_a_read_only_index_folder_is_reported_as_such(tmp_path, monkeypatch):
    import errno

    from searcher import IndexStorageError

    index = tmp_path / "idx"
    Index(index).sync(_feed(tmp_path / "first.jsonl", 5, word="Alt"))
    real_open = os.open

    def read_only(path, flags, *args, **kwargs):  # as on a read-only mount (root ignores chmod)
        if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT) and str(path).startswith(str(index)):
            raise OSError(errno.EROFS, "Read-only file system", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", read_only)
    with pytest.raises(IndexStorageError) as err:
        Index(index).sync(_feed(tmp_path / "more.jsonl", 3, word="Neu"))
    assert str(err.value).startswith(f"The index folder {index} is read-only")
    assert Index(index).search("Alt").total == 5  # reading still works


@pytest.mark.parametrize("command", [["search", "Brand"], ["index"], ["check"], ["stats"]])
def test_an_index_path_under_a_file_gets_a_plain_message(tmp_path, command):
    from click.testing import CliRunner

    from searcher.cli import cli

    (tmp_path / "afile").write_text("x")
    args = command + ([str(_feed(tmp_path / "f.jsonl", 2))] if command == ["index"] else [])
    for index in (tmp_path / "afile", tmp_path / "afile" / "idx"):
        res = CliRunner().invoke(cli, args + ["--index", str(index)])
        assert res.exit_code in (1, 2), res.output
        assert "is a file" in res.output, res.output
        assert "unexpected" not in res.output and "Traceback" not in res.output


@pytest.mark.parametrize("rebuild", [False, True])
def test_a_folder_that_is_not_an_index_is_refused_and_left_untouched(tmp_path, rebuild):
    from click.testing import CliRunner

    from searcher.cli import cli

    mine = tmp_path / "mine"
    (mine / "gen-2023").mkdir(parents=True)
    (mine / "gen-2023" / "bericht.txt").write_text("mein Bericht")
    (mine / "current").write_text("meine Notiz")
    before = {str(p.relative_to(mine)): p.read_bytes() if p.is_file() else None for p in mine.rglob("*")}
    args = ["index", str(_feed(tmp_path / "f.jsonl", 3)), "--index", str(mine)] + (["--rebuild"] if rebuild else [])
    res = CliRunner().invoke(cli, args)
    assert res.exit_code == 1, res.output
    assert "not a searcher index" in res.output and "unexpected" not in res.output
    after = {str(p.relative_to(mine)): p.read_bytes() if p.is_file() else None for p in mine.rglob("*")}
    assert after == before


def test_an_index_made_before_the_marker_still_opens_and_updates(tmp_path):
    index = tmp_path / "idx"
    Index(index).sync(_feed(tmp_path / "a.jsonl", 3))
    (index / ".searcher-index").unlink()  # as an index written by an older searcher
    assert Index.open(index).doc_count() == 3
    assert Index(index).sync(_feed(tmp_path / "a.jsonl", 5)).added == 2
    assert Index(index).rebuild(_feed(tmp_path / "a.jsonl", 4)).total == 4
    assert (index / ".searcher-index").exists()


def test_a_new_or_empty_folder_becomes_an_index(tmp_path):
    (tmp_path / "empty").mkdir()
    for index in (tmp_path / "empty", tmp_path / "new" / "idx"):
        assert Index(index).sync(_feed(tmp_path / "a.jsonl", 2)).total == 2
        assert (index / ".searcher-index").is_file()


def test_the_repositorys_index_folder_with_its_gitignore_becomes_an_index(tmp_path):
    """The README's first command indexes into the repository's index/ folder,
    which git keeps with a .gitignore in it: that is not a user's content.
    An index made there before the marker existed keeps working too."""
    import shutil

    from conftest import REPO

    index = tmp_path / "index"
    index.mkdir()
    shutil.copy(REPO / "index" / ".gitignore", index / ".gitignore")
    assert Index(index).sync(_feed(tmp_path / "a.jsonl", 2)).total == 2
    (index / ".searcher-index").unlink()  # as before the marker
    assert Index(index).sync(_feed(tmp_path / "a.jsonl", 3)).added == 1
    assert (index / ".gitignore").read_text() == (REPO / "index" / ".gitignore").read_text()


def test_the_readme_first_command_works_in_a_fresh_checkout(tmp_path):
    """`searcher index && searcher search Integration` from a copy of the
    repository's layout: seeds/ and index/ as a clone has them."""
    import shutil

    from conftest import REPO

    shutil.copytree(REPO / "seeds", tmp_path / "seeds")
    (tmp_path / "index").mkdir()
    shutil.copy(REPO / "index" / ".gitignore", tmp_path / "index" / ".gitignore")
    run = lambda *args: subprocess.run([sys.executable, "-m", "searcher", *args], cwd=tmp_path,  # noqa: E731
                                       capture_output=True, text=True, timeout=300,
                                       env={k: v for k, v in os.environ.items() if k != "SEARCHER_INDEX"})
    indexed = run("index")
    assert indexed.returncode == 0, indexed.stderr
    found = run("search", "Integration")
    assert found.returncode == 0, found.stderr
    assert found.stdout.startswith("2 releases for \"Integration\"")


def _three_segments(tmp_path: Path) -> Path:
    index = tmp_path / "idx"
    for k in range(3):
        rows = [{"id": f"s{k}-{i}", "title": f"Meldung {i}", "date": "2024-05-01", "body": f"Brand {k} {i}."}
                for i in range(4)]
        src = tmp_path / f"f{k}.jsonl"
        src.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
        Index(index).add(src)
    assert Index(index).check().segments == 3
    return index


def _during_the_check(monkeypatch, action):
    """Run ``action`` once, as the check starts reading its first segment."""
    from searcher import check

    original = check._read_segment
    done = []

    def read_segment(*args):
        if not done:
            done.append(1)
            action()
        return original(*args)

    monkeypatch.setattr(check, "_read_segment", read_segment)
    return done


def test_check_during_a_commit_that_replaces_segments_reports_ok(tmp_path, monkeypatch):
    from whoosh import index as windex

    index = _three_segments(tmp_path)

    def merging_commit():  # a real commit: new segment, old segment files deleted
        windex.open_dir(str(Index(index)._current_dir())).writer().commit(optimize=True)

    done = _during_the_check(monkeypatch, merging_commit)
    report = Index(index).check()
    assert done and report.ok, report.problems
    assert report.documents == 12 and report.segments == 1


def test_check_during_a_rebuild_reports_ok(tmp_path, monkeypatch):
    index = _three_segments(tmp_path)
    done = _during_the_check(monkeypatch, lambda: Index(index).rebuild(sorted(tmp_path.glob("f*.jsonl"))))
    report = Index(index).check()
    assert done and report.ok, report.problems
    assert report.documents == 12


def test_check_does_not_unpickle_a_crafted_table_of_contents(tmp_path):
    """Whoosh unpickles the schema stored in the table of contents; a crafted
    one could run any code. check must refuse it without loading it."""
    from whoosh.filedb.filestore import FileStorage
    from whoosh.index import TOC
    from whoosh.util.varints import varint

    index = tmp_path / "idx"
    Index(index).sync(_feed(tmp_path / "a.jsonl", 3))
    gen = Index(index)._current_dir()
    toc = gen / TOC._filename("MAIN", max(int(p.stem.rsplit("_", 1)[1]) for p in gen.glob("_MAIN_*.toc")))
    stream = FileStorage(str(gen)).open_file(toc.name)
    for _ in range(3):
        stream.read_varint()
    stream.read_int(), stream.read_int()
    for _ in range(3):
        stream.read_varint()
    start = stream.tell()
    stream.read_string()
    end = stream.tell()
    stream.close()
    proof = tmp_path / "payload-ran"

    class Payload:
        def __reduce__(self):
            return (os.system, (f"touch {proof}",))

    import pickle

    evil = pickle.dumps(Payload(), 2)
    data = toc.read_bytes()
    toc.write_bytes(data[:start] + varint(len(evil)) + evil + data[end:])

    report = Index(index).check()
    assert not report.ok
    assert "not written by searcher" in report.problems[0] and "system" in report.problems[0]
    assert not proof.exists()
