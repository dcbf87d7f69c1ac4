"""The noun lexicon's cost in a fresh process: opening it, and splitting every word type of
the Berlin releases once (issue 18).

    python bench/lexicon_load.py                              # this checkout, 3 runs
    python bench/lexicon_load.py --compare /tmp/main-tree     # and another checkout, interleaved

Each run is a fresh process (``python -P``, so ``PYTHONPATH`` picks the checkout) that
opens the lexicon (``searcher.analysis._lexicon()``, from the user's cache: run once first
so the cache is built) and then asks for the parts, feminine base and lemmas of every
distinct word of four or more letters in the berlin-polizei CSV files, cold. Printed per
run: CPU time of the load, the RSS the load added, CPU time of the lookups and the
process's RSS at the end. Corpus: ``--corpus`` or ``$SEARCHER_CORPUS`` or
``../shared/corpus``.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent

CHILD = r'''
import re, sys, time
from pathlib import Path
T = time.process_time
def rss():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
words = set()
for p in sorted(Path(sys.argv[1]).glob("*.csv")):
    words.update(re.findall(r"[A-Za-zÄÖÜäöüß]{4,}", p.read_text(encoding="utf-8", errors="ignore")))
words = sorted(w.lower() for w in words)
from searcher.analysis import lexicon
r0, t0 = rss(), T()
lex = lexicon._lexicon()
t1, r1 = T(), rss()
for w in words:
    lex.parts(w); lex.feminine_base(w); lex.lemmas_of(w)
t2 = T()
print(f"load {1000 * (t1 - t0):5.0f} ms cpu (+{r1 - r0:3.0f} MiB RSS) | {len(words):,} words: {t2 - t1:5.2f} s cpu"
      f" | total {t2 - t0:5.2f} s cpu | RSS at the end {rss():4.0f} MiB")
'''


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--compare", help="another checkout of searcher (folder holding searcher/)")
    ap.add_argument("--corpus")
    args = ap.parse_args()
    if not 1 <= args.runs <= 50:
        sys.exit("bench/lexicon_load.py: --runs must be 1 to 50")
    root = Path(args.corpus or os.environ.get("SEARCHER_CORPUS") or REPO.parent / "shared" / "corpus")
    folder = root / "berlin-polizei"
    if not folder.is_dir():
        sys.exit(f"bench/lexicon_load.py: no berlin-polizei/ under {root}; pass --corpus DIR or set SEARCHER_CORPUS")
    trees = {"this": REPO}
    if args.compare:
        other = Path(args.compare).resolve()
        if not (other / "searcher" / "__init__.py").is_file():
            sys.exit(f"bench/lexicon_load.py: --compare {other} holds no searcher/ package; pass a checkout's folder")
        trees["compare"] = other
    for i in range(args.runs):
        for name, tree in (trees.items() if i % 2 == 0 else reversed(trees.items())):
            env = dict(os.environ, PYTHONPATH=str(tree))
            out = subprocess.run([sys.executable, "-P", "-c", CHILD, str(folder)], env=env,
                                 capture_output=True, text=True)
            if out.returncode != 0:
                sys.exit(f"bench/lexicon_load.py: the {name} run failed: {out.stderr.strip()[-400:]}")
            print(f"run {i + 1} {name:<8} {out.stdout.strip()}", flush=True)
    if args.compare:
        print(f"compare = {trees['compare']}")


if __name__ == "__main__":
    main()
