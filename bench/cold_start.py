"""Cold `searcher search` at a size, in fresh processes, beside plain Whoosh (issue 18).

    python bench/cold_start.py --size 100000 --cache /tmp/b100k --runs 7
    python bench/cold_start.py --index DIR [--whoosh-index DIR] --words Polizei,Feuerwehr
    python bench/cold_start.py --size 100000 --cache /tmp/b100k --compare /tmp/main-tree   # A/B

Each run starts a fresh process: ``searcher search WORD --index DIR --json`` (the installed
console script, as bench/run.py times it) and, when a plain Whoosh index is given or
found, ``python bench/systems.py cold whoosh DIR QUERY`` (open_dir, a MultifieldParser
query over title and body, the top 10 with highlights), the two alternating, one word
per run (the words cycle). Printed: min and median wall time and CPU time (user +
system of the child; on a shared machine CPU time is what other work does not inflate)
per system, and the ratio of the medians. ``--compare DIR`` adds a third system, the
same command with ``PYTHONPATH=DIR`` (another checkout of searcher, e.g. a worktree of
main), run in turn with the others.

Indexes: ``--index`` or the index of bench/latency.py under ``--cache`` for ``--size``
(``latency-SIZE-v3/index``); the Whoosh index: ``--whoosh-index`` or
``whoosh-SIZE`` under ``--cache``, built from the generated records there with
``--build-whoosh`` (once; several minutes at 100,000).

Bytecode: a cold process of an installed package reads compiled bytecode; with
``PYTHONDONTWRITEBYTECODE`` set (or a fresh checkout) searcher's own modules would be
compiled from source in every run, which a user never pays. So the searcher package is
byte-compiled first (``compileall``; ``--no-compile`` to skip), as Whoosh's was when pip
installed it.
"""
from __future__ import annotations

import argparse
import compileall
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
DEFAULT_WORDS = "Polizei,Feuerwehr,Integration,Verkehr,Schule,Wohnungen,Kita"


def searcher_exe() -> list[str]:
    exe = shutil.which("searcher", path=str(Path(sys.executable).parent)) or shutil.which("searcher")
    return [exe] if exe else [sys.executable, "-m", "searcher"]


def timed(argv: list[str], env: dict | None = None) -> tuple[float, float]:
    """(wall, cpu) seconds of one fresh process; exits with its error if it fails."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run(argv, capture_output=True, text=True, cwd=REPO, timeout=300,
                          env={**os.environ, "NO_COLOR": "1", **(env or {})})
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        sys.exit(f"bench/cold_start.py: {' '.join(argv[:4])} … failed (exit {proc.returncode}): {proc.stderr.strip()[-400:]}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", type=int, default=100_000)
    ap.add_argument("--cache", default=str(Path.home() / ".cache" / "searcher-bench"),
                    help="bench/latency.py's cache folder (default ~/.cache/searcher-bench)")
    ap.add_argument("--index", help="searcher index folder (default: latency-SIZE-v3/index under --cache)")
    ap.add_argument("--whoosh-index", help="plain Whoosh index folder (default: whoosh-SIZE under --cache)")
    ap.add_argument("--build-whoosh", action="store_true", help="build the plain Whoosh index if missing")
    ap.add_argument("--runs", type=int, default=7, help="cold processes per system (default 7)")
    ap.add_argument("--words", default=DEFAULT_WORDS, help="comma-separated single-word queries (cycled)")
    ap.add_argument("--compare", help="another checkout of searcher (folder holding searcher/) to time too")
    ap.add_argument("--no-compile", action="store_true", help="do not byte-compile the searcher package first")
    args = ap.parse_args()
    if not 1 <= args.runs <= 200:
        sys.exit("bench/cold_start.py: --runs must be 1 to 200")
    words = [w.strip() for w in args.words.split(",") if w.strip()]
    if not words:
        sys.exit("bench/cold_start.py: --words is empty; pass words such as --words Polizei,Feuerwehr")
    cache = Path(args.cache)
    index = Path(args.index) if args.index else cache / f"latency-{args.size}-v3" / "index"
    if not index.is_dir():
        sys.exit(f"bench/cold_start.py: no searcher index at {index}; build one with "
                 f"python bench/latency.py --size {args.size} --cache {cache}, or pass --index DIR")
    windex = Path(args.whoosh_index) if args.whoosh_index else cache / f"whoosh-{args.size}"
    if not windex.is_dir() and args.build_whoosh:
        records = cache / f"gen-{args.size}-s1337-v3" / "records"
        if not records.is_dir():
            sys.exit(f"bench/cold_start.py: no generated records at {records} to build the Whoosh index from")
        print(f"building a plain Whoosh index of {records} in {windex} ...", flush=True)
        subprocess.run([sys.executable, str(HERE / "systems.py"), "build", "whoosh", str(records), str(windex)],
                       check=True, cwd=REPO)
    systems = ["searcher"] + (["whoosh"] if windex.is_dir() else [])
    compare = Path(args.compare).resolve() if args.compare else None
    if compare is not None:
        if not (compare / "searcher" / "__init__.py").is_file():
            sys.exit(f"bench/cold_start.py: --compare {compare} holds no searcher/ package; pass a checkout's folder")
        systems.append("compare")
    if "whoosh" not in systems:
        print(f"(no plain Whoosh index at {windex}: searcher only; --build-whoosh builds it)")
    if not args.no_compile:
        import searcher

        compileall.compile_dir(str(Path(searcher.__file__).parent), quiet=1)
        if compare is not None:
            compileall.compile_dir(str(compare / "searcher"), quiet=1)

    results: dict[str, list[tuple[float, float]]] = {s: [] for s in systems}
    for i in range(args.runs):
        word = words[i % len(words)]
        order = systems if i % 2 == 0 else systems[::-1]
        for name in order:
            env = None
            if name in ("searcher", "compare"):
                argv = searcher_exe() + ["search", word, "--index", str(index), "--json"]
                if name == "compare":
                    env = {"PYTHONPATH": str(compare)}
            else:
                q = {"kind": "word", "words": [word]}
                argv = [sys.executable, str(HERE / "systems.py"), "cold", "whoosh", str(windex), json.dumps(q)]
            results[name].append(timed(argv, env))
    load = os.getloadavg()[0]
    print(f"cold single-word search, {args.runs} fresh processes each, words {', '.join(words[:args.runs])}; "
          f"load average {load:.1f}")
    print(f"{'system':<10} {'wall min':>9} {'wall median':>12} {'cpu min':>8} {'cpu median':>11}")
    med = {}
    for name, runs in results.items():
        walls = [w for w, _ in runs]
        cpus = [c for _, c in runs]
        med[name] = (statistics.median(walls), statistics.median(cpus))
        print(f"{name:<10} {min(walls) * 1000:>7.0f}ms {med[name][0] * 1000:>10.0f}ms "
              f"{min(cpus) * 1000:>6.0f}ms {med[name][1] * 1000:>9.0f}ms")
    for other in ("whoosh", "compare"):
        if other in med:
            print(f"searcher/{other} medians: wall {med['searcher'][0] / med[other][0]:.2f}, "
                  f"cpu {med['searcher'][1] / med[other][1]:.2f}")
    if compare is not None:
        print(f"compare = {compare}")


if __name__ == "__main__":
    main()
