"""Moving an archive: `searcher export` and reading the export back, on a generated corpus.

    python bench/export_roundtrip.py --size 20000
    python bench/export_roundtrip.py --size 100000 --workdir /tmp/rt   # keep the indexes and the export

Steps, each its own `searcher` process (timed, peak memory from wait4):
index the generated records into A, export A, index the export into B, export B.
Prints releases/s and peak RSS of each step, the export's size, and whether
the second export is byte-identical to the first (it must be).

The corpus comes from bench/corpus.py (the real Berlin releases, from
../shared/corpus or --corpus / SEARCHER_CORPUS, scaled up deterministically).
What bounds the figures: the export reads each stored release from Whoosh
and writes JSON (one core; memory flat, the reader's caches only); reading the
export back is ordinary indexing (analysis in Python, worker processes), and
reads the export as one records file, so its memory grows with the file.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import cache_root, corpus_root, ensure_corpus, require_corpus  # noqa: E402


def run_step(name: str, args: list[str], releases: int) -> dict:
    """Run `searcher ARGS` as a child: its wall time and peak RSS (ru_maxrss
    from wait4: the largest of the child and the workers it waited for)."""
    cmd = [sys.executable, "-m", "searcher", *args]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        sys.exit(f"{name} failed ({proc.returncode}): {err.decode(errors='replace').strip()}")
    return {"step": name, "seconds": round(seconds, 2), "releases_per_s": round(releases / seconds),
            "peak_rss_mb": round(usage.ru_maxrss / 1024, 1)}


def export_heap_mb(index: Path) -> float:
    """The Python heap's peak (tracemalloc) while exporting ``index`` to nowhere:
    flat when the export streams. (Peak RSS also counts the pages of the
    index's stored-fields file that Whoosh maps into memory as it reads them:
    file cache, given back under memory pressure.)"""
    import tracemalloc

    from searcher import Index
    from searcher.export import write_export

    tracemalloc.start()
    try:
        with Index(index) as ix:
            write_export(ix.releases(), _Discard())
        return round(tracemalloc.get_traced_memory()[1] / 1e6, 1)
    finally:
        tracemalloc.stop()


class _Discard:
    def write(self, text: str) -> int:
        return len(text)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", type=int, default=20_000, help="generated releases (default 20000)")
    ap.add_argument("--corpus", help="folder holding berlin-polizei/ (default ../shared/corpus)")
    ap.add_argument("--cache", help="cache folder of generated corpora (default ~/.cache/searcher-bench)")
    ap.add_argument("--workdir", help="keep the indexes and exports here (default: a temporary folder, removed)")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args(argv)

    corpus = ensure_corpus(require_corpus(corpus_root(args.corpus)), cache_root(args.cache), args.size, quiet=True)
    work = Path(args.workdir) if args.workdir else Path(tempfile.mkdtemp(prefix="searcher-export-"))
    work.mkdir(parents=True, exist_ok=True)
    a, b = work / "a", work / "b"
    first, second = work / "a.jsonl", work / "b.jsonl"
    for old in (a, b, first, second):
        if old.is_dir():
            shutil.rmtree(old)
        elif old.exists():
            old.unlink()
    try:
        n = args.size
        rows = [
            run_step("index records into A", ["index", str(corpus / "records"), "--index", str(a)], n),
            run_step("export A", ["export", "--index", str(a), "-o", str(first)], n),
            run_step("index the export into B", ["index", str(first), "--index", str(b)], n),
            run_step("export B", ["export", "--index", str(b), "-o", str(second)], n),
        ]
        identical = first.read_bytes() == second.read_bytes()
        figures = {"releases": n, "export_mb": round(first.stat().st_size / 1e6, 1),
                   "second_export_identical": identical, "export_python_heap_peak_mb": export_heap_mb(a),
                   "steps": rows}
    finally:
        if not args.workdir:
            shutil.rmtree(work, ignore_errors=True)
    if args.json:
        print(json.dumps(figures, indent=1))
    else:
        print(f"{n:,} generated releases; export {figures['export_mb']} MB; "
              f"second export byte-identical: {'yes' if identical else 'NO'}; "
              f"Python heap peak while exporting A: {figures['export_python_heap_peak_mb']} MB")
        for r in rows:
            print(f"  {r['step']:<26} {r['seconds']:>8.1f} s  {r['releases_per_s']:>7,} releases/s  "
                  f"peak RSS {r['peak_rss_mb']:>7.1f} MB")
    return 0 if identical else 1


if __name__ == "__main__":
    sys.exit(main())
