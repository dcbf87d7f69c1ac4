"""Indexing the real Berlin CSV files with two checkouts of searcher, interleaved (A/B).

    git worktree add /tmp/main-tree main
    python bench/index_ab.py --a /tmp/main-tree --b . --pairs 3              # every CSV
    python bench/index_ab.py --a /tmp/main-tree --b . --pairs 5 --files 1    # a short run
    python bench/index_ab.py --a /tmp/main-tree --b . --pairs 3 --cold-words  # each run as a machine's first

Each pair runs ``python -m searcher index CSV... --field body=description --field id=link
--field url=link --set issuer="Polizei Berlin" --index DIR`` (the command of
bench/index_real.py) once with ``PYTHONPATH=A`` and once with ``PYTHONPATH=B``, in fresh
processes, the order alternating from pair to pair, with this Python (so both use the
same installed dependencies). Printed per run: wall and CPU time (user + system of the
child); then the medians and the ratio B/A of the median CPU times (below 1: B is
cheaper). Both use the user's lexicon cache as it is (run each once first to build it).
``--cold-words``: each run gets a cache directory of its own holding only the compact
lexicon files (``index_real.cold_words_env``), so no run starts from the word analyses
an earlier run kept.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from index_real import cold_words_env, corpus_root, count_releases, timed  # noqa: E402


def argv_for(files, index) -> list[str]:
    return [sys.executable, "-P", "-m", "searcher", "index", *map(str, files), "--field", "body=description",
            "--field", "id=link", "--field", "url=link", "--set", "issuer=Polizei Berlin", "--index", str(index)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--a", required=True, help="checkout A (folder holding searcher/)")
    ap.add_argument("--b", required=True, help="checkout B (folder holding searcher/)")
    ap.add_argument("--pairs", type=int, default=3)
    ap.add_argument("--files", type=int, default=0, help="only the first N CSV files (default: all)")
    ap.add_argument("--corpus")
    ap.add_argument("--cold-words", action="store_true", help="no run starts from kept word analyses")
    args = ap.parse_args()
    trees = {}
    for name in ("a", "b"):
        tree = Path(getattr(args, name)).resolve()
        if not (tree / "searcher" / "__init__.py").is_file():
            sys.exit(f"bench/index_ab.py: --{name} {tree} holds no searcher/ package; pass a checkout's folder")
        trees[name.upper()] = tree
    if not 1 <= args.pairs <= 100:
        sys.exit("bench/index_ab.py: --pairs must be 1 to 100")
    files = sorted(corpus_root(args.corpus).glob("*.csv"))
    if args.files:
        files = files[: args.files]
    n = count_releases(files)
    print(f"{n} releases in {len(files)} CSV files; A={trees['A']}  B={trees['B']}")
    cpu = {"A": [], "B": []}
    wall = {"A": [], "B": []}
    with tempfile.TemporaryDirectory(prefix="index-ab-") as tmp:
        for i in range(args.pairs):
            order = ("A", "B") if i % 2 == 0 else ("B", "A")
            for name in order:
                index = Path(tmp) / f"{name}-{i}"
                env = cold_words_env(Path(tmp)) if args.cold_words else dict(os.environ)
                env["PYTHONPATH"] = str(trees[name])
                w, c, _ = timed(argv_for(files, index), env=env)
                wall[name].append(w)
                cpu[name].append(c)
                load = os.getloadavg()[0]
                print(f"pair {i + 1} {name}: wall {w:6.2f} s  cpu {c:6.2f} s  ({n / c:,.0f} releases/cpu-s)  load {load:.1f}",
                      flush=True)
    ma, mb = statistics.median(cpu["A"]), statistics.median(cpu["B"])
    print(f"median cpu  A {ma:.2f} s  B {mb:.2f} s  B/A {mb / ma:.3f}")
    print(f"median wall A {statistics.median(wall['A']):.2f} s  B {statistics.median(wall['B']):.2f} s")


if __name__ == "__main__":
    main()
