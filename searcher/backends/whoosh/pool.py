"""Where one run's deletions and new documents go: the parent's segment writer,
or for large runs forked worker processes that each write one segment, all
committed at once in one table of contents."""
from __future__ import annotations

import os
import threading
import time
from pathlib import Path
from typing import Optional

from ...errors import SearcherError
from ..storage import _STORAGE_ERRNOS, _storage_error
from . import internals
from .generations import rmtree as _rmtree, windex as _windex


# Sources of at least this many bytes are indexed by worker processes (about
# 1,500 short releases); smaller runs are not worth the start-up.
PARALLEL_MIN_BYTES = 2_000_000
# Posting buffer of a run before the writer spills sorted runs to disk, shared
# among the workers. The pool's estimate is below real Python memory (about
# 1.4x), so 256 keeps a Berlin-sized batch (7,000 releases, ~800,000
# postings) in memory in one process while a 100,000-release run with two
# workers peaks near 650 MiB.
POOL_MB = 256
BATCH_DOCS = 200  # documents per message to a worker
WORKER_TIMEOUT = 600.0  # seconds without progress before a worker counts as hung


def _worker_count(total_bytes: int) -> int:
    """Worker processes for a run: one per core for large inputs, else none.

    ``SEARCHER_PROCS`` overrides the count (1 = always in-process).
    """
    from ... import settings

    wanted = settings.get("SEARCHER_PROCS")  # None or 1..MAX_PROCS, checked
    if wanted == 1 or (total_bytes < PARALLEL_MIN_BYTES and not wanted):
        return 1
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        cores = os.cpu_count() or 1
    return max(1, min(wanted or cores, settings.MAX_PROCS))


class _DocSink:
    """Where one run's deletions and new documents go, committed all at once.

    Deletions always go through the parent's writer. Documents go to the same
    writer, or, for large runs, in batches to forked worker processes that
    each analyse and write one segment; :meth:`commit` then lists those
    segments in one new table of contents. Either way the run lands whole or
    not at all, and memory stays bounded: documents stream through queues of
    fixed length instead of being collected first.
    """

    def __init__(self, wix, procs: int = 1, batch_docs: Optional[int] = None):
        self.wix = wix
        self.procs = procs
        self.batch_docs = batch_docs or BATCH_DOCS
        from ._writer import FastSegmentWriter
        from .schema import REPEATED_FIELDS

        try:
            self.writer = FastSegmentWriter(wix, limitmb=POOL_MB, cached_fields=REPEATED_FIELDS)
        except BaseException:  # e.g. a full disk while it creates its files
            self._remove_uncommitted_files()
            raise
        self.buffer: list[dict] = []
        self.workers: list = []
        self.jobs = self.results = None

    def delete_id(self, rid: str) -> None:
        self.writer.delete_by_term("id", rid)

    def delete_source(self, source: str) -> None:
        self.writer.delete_by_term("source", source)

    def add(self, doc: dict) -> None:
        if self.procs == 1:
            self.writer.add_document(**doc)
            return
        self.buffer.append(doc)
        if len(self.buffer) >= self.batch_docs:
            self._send(self.buffer)
            self.buffer = []

    def _start_workers(self) -> None:
        import multiprocessing

        from ...analysis import german_analyzer, wordstore

        # load lazily built analysis data once, so forked workers share it
        list(german_analyzer()("Fachkräftesicherung", mode="index"))
        wordstore.load_all()
        from ...forksafe import hold, release

        ctx = multiprocessing.get_context("fork")
        self.jobs = ctx.Queue(maxsize=2 * self.procs)
        self.results = ctx.Queue()
        gen = self.wix.storage.folder
        # the children must not keep whoosh's writer lock either
        whoosh_lock = getattr(getattr(self.writer, "writelock", None), "fd", None)
        if whoosh_lock is not None:
            hold(whoosh_lock)
        # the workers share the words they work out through files in the writers' temp folder
        shared = internals.writer_temp_storage(self.writer).folder
        try:
            for k in range(self.procs):
                proc = ctx.Process(
                    target=_worker_main,
                    args=(gen, self.jobs, self.results, POOL_MB // self.procs, os.getpid(), (shared, k, self.procs)),
                    daemon=True,
                )
                proc.start()
                self.workers.append(proc)
        finally:
            release(whoosh_lock)

    def _send(self, batch) -> None:
        import queue

        if not self.workers:
            self._start_workers()
        deadline = time.monotonic() + WORKER_TIMEOUT
        while True:
            try:
                self.jobs.put(batch, timeout=0.5)
                return
            except queue.Full:
                self._check_workers()
                if time.monotonic() > deadline:
                    raise SearcherError("indexing workers stopped making progress; try again with SEARCHER_PROCS=1")

    def _check_workers(self) -> None:
        import queue

        for proc in self.workers:
            if not proc.is_alive():
                try:
                    kind, detail = self.results.get_nowait()
                except queue.Empty:
                    kind, detail = "error", f"a worker exited with code {proc.exitcode}"
                self._raise_failure(kind, detail)
                self.results.put((kind, detail))  # a finished worker's segment: keep it

    def commit(self) -> int:
        """Commit everything; returns the number of releases in the index afterwards."""
        import queue

        if not self.workers:
            # a small run (less than one batch): not worth starting workers
            for doc in self.buffer:
                self.writer.add_document(**doc)
            self.buffer = []
            self.writer.commit()
            _keep_word_analyses()
        else:
            if self.buffer:
                self._send(self.buffer)
                self.buffer = []
            for _ in self.workers:
                self._send(None)
            segments = []
            deadline = time.monotonic() + WORKER_TIMEOUT
            while len(segments) < len(self.workers):
                try:
                    kind, detail = self.results.get(timeout=0.5)
                except queue.Empty:
                    if all(not p.is_alive() for p in self.workers) or time.monotonic() > deadline:
                        raise SearcherError("an indexing worker ended without its segment; nothing was committed")
                    continue
                self._raise_failure(kind, detail)
                segments.append(detail)
            for proc in self.workers:
                proc.join(timeout=5)
            self._close_queues()
            writer = self.writer
            internals.commit_segments(writer, segments)
        return _windex().open_dir(self.wix.storage.folder).doc_count()

    def _raise_failure(self, kind: str, detail) -> None:
        if kind == "oserror":
            raise _storage_error(Path(self.wix.storage.folder).parent, OSError(*detail))
        if kind == "error":
            raise SearcherError(f"indexing failed in a worker process: {detail}")

    def _close_queues(self) -> None:
        """Let this process exit without flushing what the workers will never
        read: a queue's feeder thread blocked on a full pipe would otherwise be
        joined at exit, and the process would never end."""
        for q in (self.jobs, self.results):
            if q is not None:
                q.cancel_join_thread()
                q.close()
        self.jobs = self.results = None

    def cancel(self) -> None:
        import signal

        # a second Ctrl-C must not cut the clean-up short (and leave queues to join at exit)
        main = threading.current_thread() is threading.main_thread()
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN) if main else None
        try:
            self._cancel()
        finally:
            if main and previous is not None:
                signal.signal(signal.SIGINT, previous)

    def _cancel(self) -> None:
        for proc in self.workers:
            if proc.is_alive():
                proc.kill()
        for proc in self.workers:
            proc.join(timeout=5)
        self._close_queues()
        try:
            self.writer.cancel()
        except Exception:
            pass
        finally:
            # whoosh releases its lock last in cancel(); make sure an error
            # before that cannot leave the index locked for this process
            lock = getattr(self.writer, "writelock", None)
            if lock is not None:
                try:
                    lock.release()
                except Exception:
                    pass
            self._remove_uncommitted_files()

    def _remove_uncommitted_files(self) -> None:
        """Delete what this failed run wrote (segment files no table of
        contents lists, the writers' temporary folder). The write lock is held,
        so no other writer's files can be among them."""
        from whoosh.index import TOC, clean_files

        storage, name = self.wix.storage, self.wix.indexname
        try:
            toc = TOC.read(storage, name)
            clean_files(storage, name, toc.generation, toc.segments)
        except Exception:
            pass  # a later successful commit cleans up as well
        _rmtree(os.path.join(storage.folder, f"{name}.tmp"), ignore_errors=True)


def _worker_main(gen: str, jobs, results, pool_mb: int, parent: Optional[int] = None,
                 words: Optional[tuple] = None) -> None:
    """A worker: analyse and write batches into one segment until told to finish.
    ``words``: (folder, this worker's number, workers) of the run's word exchange
    (:class:`searcher.analysis.wordstore.Exchange`), or None."""
    import signal

    # Ctrl-C reaches the whole process group: the parent handles it and kills us
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:  # die with the parent: a killed indexer must not leave workers behind
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except Exception:  # pragma: no cover - not Linux/glibc
        pass
    if parent is not None and os.getppid() != parent:
        os._exit(1)  # the parent died before the death signal was armed
    from ._writer import FastSegmentWriter
    from .schema import REPEATED_FIELDS

    writer = exchange = None
    try:
        writer = FastSegmentWriter(_windex().open_dir(gen), _lk=False, limitmb=pool_mb, cached_fields=REPEATED_FIELDS)
        exchange = _word_exchange(words)
        share = exchange.share if exchange is not None else (lambda: None)
        added = 0
        while True:
            batch = jobs.get()
            if batch is None:
                break
            for doc in batch:
                writer.add_document(**doc)
                share()
            added += len(batch)
        if exchange is not None:
            exchange.close()
        if added:
            segment = internals.finalize_segment(writer)
            _keep_word_analyses()
            results.put(("segment", segment))
        else:  # nothing came this worker's way: no empty segment
            # (not cancel(): that deletes the writers' shared temp folder)
            internals.close_segment(writer)
            results.put(("segment", None))
    except BaseException as err:
        if writer is not None:
            try:  # not cancel(): that deletes the writers' shared temp folder
                internals.close_segment(writer)
            except Exception:
                pass
        if isinstance(err, OSError) and err.errno in _STORAGE_ERRNOS:  # said plainly by the parent
            results.put(("oserror", (err.errno, err.strerror, err.filename)))
        else:
            results.put(("error", f"{err.__class__.__name__}: {err}"))


def _word_exchange(words: Optional[tuple]):
    """This worker's share of the run's word exchange, or None (no exchange, or its file
    could not be made: the worker then works out every word it meets itself)."""
    if words is None:
        return None
    from ...analysis import wordstore
    from ...analysis.terms import _WORD_CACHE, _WORD_LOG

    folder, me, count = words
    try:
        exchange = wordstore.Exchange(folder, me, count, _WORD_CACHE[True], [])
    except OSError:
        return None
    _WORD_LOG[True] = exchange.log
    return exchange


def _keep_word_analyses() -> None:
    """Store the words this process worked out for the next run (never fails the run)."""
    from ...analysis import wordstore

    try:
        wordstore.save_all()
    except Exception:  # pragma: no cover - a cache must not cost a committed run
        pass
