"""Speed of the German analyzer alone over the Berlin corpus (index mode).

    python bench/analysis_speed.py

Runs the full chain over title + body of every release twice: cold (empty
per-word caches, including the lazy lexicon load) and warm (caches filled, as
for all but the first releases of a long indexing run). Prints tokens/s and
releases/s, and the cache sizes.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from relevance import load_docs  # noqa: E402


def run(analyzer, texts):
    t0 = time.perf_counter()
    n = 0
    for text in texts:
        for _ in analyzer(text, mode="index", positions=True, chars=True):
            n += 1
    return n, time.perf_counter() - t0


def main():
    texts = [t + "\n" + b for t, b in load_docs().values()]
    mb = sum(len(t.encode()) for t in texts) / 1e6
    t0 = time.perf_counter()
    from searcher import analysis

    analysis._lexicon()
    load = time.perf_counter() - t0
    print(f"{len(texts)} releases, {mb:.1f} MB; lexicon load {load:.2f} s")
    for label, kwargs in [("full chain", {}), ("no decompound/lemmas", dict(decompound=False, lemmas=False))]:
        a = analysis.german_analyzer(**kwargs)
        for phase in ("cold", "warm"):
            if phase == "cold":
                analysis._MAIN_CACHE.clear(), analysis._EXTRA_CACHE.clear(), analysis._STEM_CACHE.clear()
                for words in analysis._WORD_CACHE.values():
                    words.clear()
            n, secs = run(a, texts)
            print(f"{label:<22} {phase}: {n / secs:9,.0f} tokens/s  {len(texts) / secs:7,.0f} releases/s  ({secs:.2f} s)")
    print(f"per-word cache entries: main {len(analysis._MAIN_CACHE):,}, extra {len(analysis._EXTRA_CACHE):,}")


if __name__ == "__main__":
    main()
