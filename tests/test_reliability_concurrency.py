"""Concurrency: readers never see anything but committed states while a writer
commits and rebuilds; a second writer waits, then succeeds or fails clearly."""
from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import threading
import time

import pytest
from click.testing import CliRunner

from reliability_helpers import COMMON_WORD, index_state, run_searcher, start_searcher, write_releases
from searcher.cli import cli
from searcher.store import Index

BATCH = 12
BATCHES = 6

# A separate writer process: several incremental commits, then a full rebuild
# (a generation switch under the readers' feet). Prints the total after each.
WRITER = textwrap.dedent(
    """
    import json, sys, time
    from searcher.store import Index
    idx, folders = sys.argv[1], sys.argv[2:]
    ix = Index(idx, wait=30)
    for k in range(1, len(folders) + 1):
        report = ix.add(folders[:k])
        print(json.dumps({"total": report.total, "failed": report.failed}), flush=True)
        time.sleep(0.05)
    report = ix.rebuild(folders)
    print(json.dumps({"total": report.total, "failed": report.failed, "rebuild": True}), flush=True)
    """
)

# A reader process with its own Index: searches until told to stop, one JSON line per look.
READER = textwrap.dedent(
    """
    import json, os, sys
    from searcher.store import Index
    idx, word, stop = sys.argv[1], sys.argv[2], sys.argv[3]
    ix = Index(idx)
    while not os.path.exists(stop):
        try:
            n = ix.doc_count()
            total = ix.search(word, limit=1).total
            print(json.dumps({"count": n, "total": total}), flush=True)
        except Exception as err:
            print(json.dumps({"error": f"{err.__class__.__name__}: {err}"}), flush=True)
    """
)


@pytest.fixture
def batches(tmp_path):
    folders = []
    for b in range(BATCHES):
        folder = tmp_path / f"batch{b}"
        write_releases(folder, range(b * 1000, b * 1000 + BATCH), seed=99)
        folders.append(folder)
    return folders


def _monotonic(seq):
    return all(a <= b for a, b in zip(seq, seq[1:]))


def test_one_writer_and_readers_in_threads_and_processes(tmp_path, batches):
    idx = tmp_path / "idx"
    first = Index(idx).add(batches[0])  # readers need an index to open
    assert first.total == BATCH
    committed = {BATCH * k for k in range(1, BATCHES + 1)}

    stop = tmp_path / "stop"
    shared = Index(idx)  # one Index shared by the reader threads
    seen: dict[int, list[tuple[int, int]]] = {i: [] for i in range(4)}
    errors: list[str] = []
    writer_done = threading.Event()

    def reader(i: int) -> None:
        # keep reading until the writer finished, then once more (it must see the end state)
        last_round = False
        while True:
            try:
                n = shared.doc_count()
                total = shared.search(COMMON_WORD, limit=1).total
                seen[i].append((n, total))
            except Exception as err:  # any error fails the test
                errors.append(f"reader {i}: {err.__class__.__name__}: {err}")
            if last_round:
                return
            if writer_done.is_set():
                last_round = True

    procs = [
        subprocess.Popen(
            [sys.executable, "-c", READER, str(idx), COMMON_WORD, str(stop)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    threads = [threading.Thread(target=reader, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    writer = subprocess.run(
        [sys.executable, "-c", WRITER, str(idx), *map(str, batches)], capture_output=True, text=True, timeout=300
    )
    writer_done.set()
    for t in threads:
        t.join(timeout=60)
    stop.touch()
    outputs = [p.communicate(timeout=60) for p in procs]

    assert writer.returncode == 0, writer.stderr
    totals = [json.loads(line)["total"] for line in writer.stdout.splitlines()]
    assert totals == [BATCH * k for k in range(1, BATCHES + 1)] + [BATCH * BATCHES]

    assert errors == [], errors[:5]
    for i, looks in seen.items():
        counts = [n for n, _ in looks]
        assert looks, f"reader {i} never read"
        assert set(counts) <= committed, f"reader {i} saw uncommitted counts {set(counts) - committed}"
        assert set(t for _, t in looks) <= committed, f"reader {i}: search totals {set(t for _, t in looks) - committed}"
        assert _monotonic(counts), f"reader {i} went back in time: {counts}"
        assert counts[-1] == BATCH * BATCHES, f"reader {i} never saw the final state"
    for k, (out, err) in enumerate(outputs):
        assert "Traceback" not in err, err
        looks = [json.loads(line) for line in out.splitlines()]
        assert looks and not [x for x in looks if "error" in x], [x for x in looks if "error" in x][:3]
        counts = [x["count"] for x in looks]
        assert set(counts) <= committed and set(x["total"] for x in looks) <= committed
        assert _monotonic(counts), f"reader process {k} went back in time"
    print({i: len(v) for i, v in seen.items()}, [len(o.splitlines()) for o, _ in outputs], "looks per reader")

    shared.close()
    report = Index(idx).check()
    assert report.ok and report.documents == BATCH * BATCHES, report.problems
    state = index_state(idx)
    assert state.duplicates == [] and state.doc_count == BATCH * BATCHES


def test_two_writers_the_second_fails_clearly_or_waits_and_succeeds(tmp_path):
    """While a writer holds the lock, an impatient second writer fails with one
    clear line and a patient one waits, then lands. The lock is held here, by
    the same lock class a writer uses, for as long as the test needs: a real
    first run may finish before a second process has even started."""
    from searcher.store.lock import _WriteLock

    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    write_releases(a, range(0, 150), seed=5)
    write_releases(b, range(1000, 1010), seed=5)
    write_releases(c, range(2000, 2010), seed=5)
    idx = tmp_path / "idx"
    first = run_searcher("index", a, "--index", idx, "--json")
    assert first.returncode == 0, first.stderr

    with _WriteLock(idx, wait=5, claim=True):
        impatient = run_searcher("index", b, "--index", idx, "--wait", "0.2", "--json")
        patient = start_searcher("index", c, "--index", idx, "--wait", "120", "--json")
        time.sleep(0.5)  # the patient writer is waiting (or not yet started): either way it must land
        assert patient.poll() is None, "the patient writer did not wait for the lock"
    p_out, p_err = patient.communicate(timeout=300)

    # the impatient second writer: exit 1, one clear line, no traceback, nothing written
    assert impatient.returncode == 1
    assert impatient.stdout == ""
    lines = impatient.stderr.strip().splitlines()
    assert len(lines) == 1 and "being written by another process" in lines[0] and "--wait" in lines[0]
    assert "Traceback" not in impatient.stderr
    # the patient one waited for the lock and then added its releases
    assert patient.returncode == 0, p_err
    assert json.loads(p_out)["total"] == 160

    state = index_state(idx)
    assert state.doc_count == 160 and state.duplicates == []
    check = CliRunner().invoke(cli, ["check", "--index", str(idx)])
    assert check.exit_code == 0 and check.output.startswith("OK: 160 releases")


def test_two_writers_at_once_both_succeed_with_one_commit_each(tmp_path):
    """Started together with a generous wait, both land; counts add up; no damage."""
    a, b = tmp_path / "a", tmp_path / "b"
    write_releases(a, range(0, 20), seed=6)
    write_releases(b, range(500, 520), seed=6)
    idx = tmp_path / "idx"
    procs = [start_searcher("index", f, "--index", idx, "--wait", "120", "--json") for f in (a, b)]
    results = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [e for _, e in results]
    totals = sorted(json.loads(o)["total"] for o, _ in results)
    assert totals == [20, 40]
    assert index_state(idx).doc_count == 40
    assert Index(idx).check().ok


def test_readers_are_not_blocked_by_the_write_lock(tmp_path):
    """A held write lock never blocks a search (readers take no lock)."""
    from searcher.store import _WriteLock

    src = tmp_path / "src"
    write_releases(src, range(5), seed=8)
    idx = tmp_path / "idx"
    assert CliRunner().invoke(cli, ["index", str(src), "--index", str(idx)]).exit_code == 0
    with _WriteLock(idx, 0):
        t0 = time.monotonic()
        proc = run_searcher("search", COMMON_WORD, "--index", idx, "--json")
        took = time.monotonic() - t0
        blocked = run_searcher("index", src, "--index", idx, "--wait", "0")
    assert proc.returncode == 0 and json.loads(proc.stdout)["total"] == 5
    assert took < 30
    assert blocked.returncode == 1 and "being written by another process" in blocked.stderr
