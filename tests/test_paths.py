"""Paths: symlink loops, unreadable files, files that vanish mid-run, special
files and names that are not UTF-8 are reported per file, and the batch goes on."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from reliability_helpers import index_state, release_name, release_text, run_searcher, write_releases
from searcher.cli import cli
from searcher.store import Index

GOOD = 6


@pytest.fixture
def src(tmp_path):
    folder = tmp_path / "src"
    write_releases(folder, range(GOOD), seed=21)
    return folder


def _failures(report):
    return {Path(f.source).name: f.error for f in report.failures}


def test_symlink_loops_are_reported_and_the_rest_lands(tmp_path, src):
    (src / "loop").symlink_to(".", target_is_directory=True)  # src/loop -> src
    sub = src / "deep" / "er"
    sub.mkdir(parents=True)
    (sub / "up").symlink_to("../..", target_is_directory=True)  # back to src/
    (src / "self.txt").symlink_to("self.txt")  # a file link to itself (ELOOP)
    (src / "ping.txt").symlink_to("pong.txt")
    (src / "pong.txt").symlink_to("ping.txt")
    (src / "alias.txt").symlink_to(src / release_name(0))  # a plain link to a real release: fine

    report = Index(tmp_path / "idx").add(src)
    failed = _failures(report)
    assert {"self.txt", "ping.txt", "pong.txt"} <= set(failed), failed
    assert all("symbolic links" in failed[n] or "loop" in failed[n] for n in ("self.txt", "ping.txt", "pong.txt")), failed
    loops = [f for f in report.failures if "symlink loop" in f.error]
    assert loops, report.failures  # the folder loops were noticed, not walked forever
    assert report.added == GOOD + 1  # every release, plus the alias
    assert index_state(tmp_path / "idx").doc_count == GOOD + 1

    # through the CLI: one line per failure on stderr, exit 0, the summary counts them
    res = run_searcher("index", src, "--index", tmp_path / "idx2", timeout=120)
    assert res.returncode == 0, res.stderr
    assert "Traceback" not in res.stderr
    assert res.stderr.count("failed: ") == report.failed
    assert f"{GOOD + 1} added" in res.stdout


def _index_as_nobody(src: Path, idx: Path, method: str = "add") -> dict:
    """Run ``Index(idx).add(src)`` in a forked child that dropped root to user
    nobody, so that chmod 000 bites. (The interpreter lives under /root, which
    nobody cannot read, so everything is imported before the fork.)"""
    import searcher.analysis
    import searcher.parse  # noqa: F401
    from searcher.models import to_jsonable

    searcher.analysis._lexicon()  # loaded before dropping privileges
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        code = 0
        try:
            os.close(read)
            os.setgid(65534)
            os.setuid(65534)
            report = getattr(Index(idx), method)(src)
            os.write(write, json.dumps(to_jsonable(report)).encode())
        except BaseException as err:
            os.write(write, json.dumps({"error": f"{err.__class__.__name__}: {err}"}).encode())
            code = 1
        finally:
            os._exit(code)
    os.close(write)
    chunks = []
    while chunk := os.read(read, 65536):
        chunks.append(chunk)
    os.close(read)
    os.waitpid(pid, 0)
    return json.loads(b"".join(chunks))


def test_unreadable_files_are_reported_and_the_rest_lands():
    """chmod 000 on a file and a folder. Tests run as root, where permissions do
    not block reads; then indexing runs in a child process that became user
    nobody (and is skipped, saying so, if that is impossible)."""
    root = Path(tempfile.mkdtemp(prefix="searcher-perm-"))
    try:
        os.chmod(root, 0o777)
        src = root / "src"
        write_releases(src, range(GOOD), seed=22)
        (src / "secret.txt").write_text(release_text(100), encoding="utf-8")
        locked = src / "locked"
        locked.mkdir()
        (locked / "inside.txt").write_text(release_text(101), encoding="utf-8")
        for p in [src, *src.rglob("*")]:
            p.chmod(0o755 if p.is_dir() else 0o644)
        (src / "secret.txt").chmod(0)
        locked.chmod(0)
        idx = root / "idx"
        if os.geteuid() == 0:
            report = _index_as_nobody(src, idx)
            if "error" in report and "Operation not permitted" in report["error"]:
                pytest.skip(f"running as root and cannot become nobody to make chmod 000 bite: {report['error']}")
        else:
            report = json.loads(json.dumps(__import__("searcher.models").models.to_jsonable(Index(idx).add(src))))
        assert "error" not in report, report
        failed = {Path(f["source"]).name: f["error"] for f in report["failures"]}
        assert "secret.txt" in failed and "Permission denied" in failed["secret.txt"], failed
        assert "locked" in failed and "Permission denied" in failed["locked"], failed
        assert report["added"] == GOOD and report["total"] == GOOD
        assert index_state(idx).doc_count == GOOD
    finally:
        for p in [root, *root.rglob("*")]:
            try:
                p.chmod(0o755 if p.is_dir() else 0o644)
            except OSError:
                pass
        shutil.rmtree(root, ignore_errors=True)


def test_files_that_vanish_mid_run_are_reported_and_the_rest_lands(tmp_path, src):
    victims = [src / release_name(GOOD - 1), src / release_name(GOOD - 2)]

    def progress(n, total, name):
        if n == 1:  # while the first file is read, two later ones disappear
            for v in victims:
                v.unlink()

    report = Index(tmp_path / "idx").add(src, progress=progress)
    failed = _failures(report)
    assert set(failed) == {v.name for v in victims}, failed
    assert all("vanished" in e for e in failed.values())
    assert report.added == GOOD - 2
    assert index_state(tmp_path / "idx").doc_count == GOOD - 2


def test_a_file_replaced_by_a_folder_mid_run_is_reported(tmp_path, src):
    victim = src / release_name(GOOD - 1)

    def progress(n, total, name):
        if n == 1:
            victim.unlink()
            victim.mkdir()

    report = Index(tmp_path / "idx").add(src, progress=progress)
    assert _failures(report) == {victim.name: "is a folder, not a file"}
    assert report.added == GOOD - 1


def test_a_vanished_source_folder_is_removed_only_when_it_vanished(tmp_path, src):
    """sync removes releases whose files vanished, not those that failed to read."""
    ix = Index(tmp_path / "idx")
    assert ix.sync(src).added == GOOD
    (src / release_name(0)).unlink()
    broken = src / release_name(1)
    broken.write_bytes(b"\x00\x01binary" * 100)  # now unparseable: reported, but its old release stays
    report = ix.sync(src)
    assert report.removed == 1 and report.failed == 1
    assert index_state(tmp_path / "idx").id_set == {release_name(n) for n in range(1, GOOD)}


def _non_utf8_name(folder: Path, raw: bytes) -> str:
    """Create a file whose name is the bytes ``raw`` (not UTF-8); returns its str form."""
    path = os.path.join(os.fsencode(folder), raw)
    with open(path, "wb") as fh:
        fh.write(release_text(200 + len(raw)).encode("utf-8"))
    return os.fsdecode(path)


def test_names_that_are_not_utf8_are_indexed_or_reported_never_crash(tmp_path, src):
    latin1 = _non_utf8_name(src, b"Pressemitteilung-K\xf6pping.txt")  # Latin-1 ö
    broken = _non_utf8_name(src, b"\xff\xfe\x80.txt")
    assert os.path.exists(latin1) and os.path.exists(broken)

    report = Index(tmp_path / "idx").add(src)
    # each odd name either lands (with a displayable id) or is reported: the batch goes on
    assert report.added + report.failed == GOOD + 2
    assert report.added >= GOOD
    for f in report.failures:
        f.source.encode("utf-8")  # reported names are printable
        assert "not valid UTF-8" in f.error
    state = index_state(tmp_path / "idx")
    assert state.doc_count == report.added and state.duplicates == []
    for rid in state.ids:
        rid.encode("utf-8")

    # the CLI prints them without a traceback (a real process: stdout/stderr encode for real)
    res = run_searcher("index", src, "--index", tmp_path / "idx2", timeout=120)
    assert res.returncode == 0, res.stderr
    assert "Traceback" not in res.stderr
    search = run_searcher("search", "Vorgang200", "--index", tmp_path / "idx2", "--json", timeout=60)
    assert search.returncode in (0,), search.stderr
    assert "Traceback" not in search.stderr
    again = run_searcher("index", src, "--index", tmp_path / "idx2", "--json", timeout=120)
    assert again.returncode == 0 and json.loads(again.stdout)["added"] == 0  # stable ids: nothing re-added


def test_a_named_pipe_is_reported_not_waited_on_forever(tmp_path, src):
    """A FIFO named like a release: reading it would block forever."""
    os.mkfifo(src / "pipe.txt")
    try:
        res = run_searcher("index", src, "--index", tmp_path / "idx", "--json", timeout=60)
    except subprocess.TimeoutExpired:
        pytest.fail("searcher index hung on a named pipe (pipe.txt) in the source folder")
    assert res.returncode == 0, res.stderr
    report = json.loads(res.stdout)
    assert report["added"] == GOOD
    assert [Path(f["source"]).name for f in report["failures"]] == ["pipe.txt"]


def test_missing_and_odd_paths_on_the_command_line(tmp_path, src):
    odd = tmp_path / "notes.docx"
    odd.write_bytes(b"%PDF-1.4")
    dangling = tmp_path / "gone.txt"
    dangling.symlink_to(tmp_path / "nowhere.txt")
    too_long = tmp_path / ("ü" * 300 + ".txt")  # ENAMETOOLONG, found by bench/fuzz_run.py
    res = CliRunner().invoke(
        cli,
        ["index", str(src), str(odd), str(dangling), str(too_long),
         "--index", str(tmp_path / "idx"), "--json"],
    )
    assert res.exit_code == 0, res.output
    report = json.loads(res.stdout)
    assert report["added"] == GOOD and report["failed"] == 3
    errors = " | ".join(f["error"] for f in report["failures"])
    assert "unsupported file type .docx" in errors and "broken symlink" in errors
    assert "File name too long" in errors


def test_a_folder_nobody_can_read_keeps_its_releases_on_sync():
    """Indexed as root, then the subfolder becomes unreadable (chmod 000) and
    the sync runs as user nobody: its releases must stay (the walk failed;
    their absence is not certain)."""
    root = Path(tempfile.mkdtemp(prefix="searcher-perm-"))
    try:
        os.chmod(root, 0o777)
        src = root / "src"
        write_releases(src, range(GOOD), seed=23)
        locked = src / "locked"
        locked.mkdir()
        (locked / "inside.txt").write_text(release_text(102), encoding="utf-8")
        for p in [src, *src.rglob("*")]:
            p.chmod(0o755 if p.is_dir() else 0o644)
        idx = root / "idx"
        assert Index(idx).sync(src).added == GOOD + 1
        locked.chmod(0)
        if os.geteuid() != 0:
            report = json.loads(json.dumps(__import__("searcher.models").models.to_jsonable(Index(idx).sync(src))))
        else:
            for p in [idx, *idx.rglob("*")]:
                os.lchown(p, 65534, 65534)
            report = _index_as_nobody(src, idx, "sync")
            if "error" in report and "Operation not permitted" in report["error"]:
                pytest.skip(f"running as root and cannot become nobody to make chmod 000 bite: {report['error']}")
        assert "error" not in report, report
        assert (report["removed"], report["unchanged"], report["failed"]) == (0, GOOD, 1), report
        assert "Permission denied" in report["failures"][0]["error"]
        assert index_state(idx).doc_count == GOOD + 1
    finally:
        for p in [root, *root.rglob("*")]:
            try:
                p.chmod(0o755)
            except OSError:
                pass
        shutil.rmtree(root, ignore_errors=True)


def test_a_missing_path_exits_1_and_creates_no_index(tmp_path, src):
    idx = tmp_path / "idx"
    res = CliRunner().invoke(cli, ["index", str(src), str(tmp_path / "missing"), "--index", str(idx)])
    assert res.exit_code == 1, res.output
    assert res.stderr.startswith(f"Error: No such file or folder: {tmp_path / 'missing'}. Nothing was indexed")
    assert not idx.exists()
