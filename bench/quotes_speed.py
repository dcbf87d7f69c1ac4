"""Parsing rate over the Berlin police CSV files with each speaker chooser,
by CPU time of this process (a loaded machine slows wall time, not CPU time).

    python bench/quotes_speed.py [--repeat 5] [--corpus ../shared/corpus/berlin-polizei]

Prints, per chooser (``rules``, ``learned``), releases, quotes, persons quoted
and the best releases per CPU second and per wall second of ``--repeat`` runs.
Target: >= 1,500 releases/s.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from searcher.models import Failure  # noqa: E402
from searcher.parse import parse_records  # noqa: E402
from searcher.parse.quotes import chooser  # noqa: E402

FIELDS = {"body": "description", "id": "link", "url": "link"}
CONSTANTS = {"issuer": "Polizei Berlin"}


def run(blobs: list[tuple[str, bytes]]) -> tuple[int, int, int, float, float]:
    releases = quotes = persons = 0
    c0, t0 = time.process_time(), time.perf_counter()
    for name, data in blobs:
        for r in parse_records(data, name, "csv", fields=FIELDS, constants=CONSTANTS):
            if isinstance(r, Failure):
                continue
            releases += 1
            quotes += len(r.quotes)
            persons += len(r.persons_quoted)
    return releases, quotes, persons, time.process_time() - c0, time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    default = Path(os.environ.get("SEARCHER_CORPUS", REPO.parent / "shared" / "corpus")) / "berlin-polizei"
    ap.add_argument("--corpus", default=str(default))
    ap.add_argument("--repeat", type=int, default=3, help="best of N runs per chooser")
    args = ap.parse_args()
    files = sorted(Path(args.corpus).glob("*.csv"))
    if not files:
        sys.exit(f"quotes_speed: no CSV files in {args.corpus}; pass --corpus or set SEARCHER_CORPUS")
    blobs = [(f.name, f.read_bytes()) for f in files]
    for name in chooser.CHOOSERS:
        chooser.DEFAULT_CHOOSER = name
        best_cpu = best_wall = None
        for _ in range(max(1, args.repeat)):
            releases, quotes, persons, cpu, wall = run(blobs)
            best_cpu = cpu if best_cpu is None else min(best_cpu, cpu)
            best_wall = wall if best_wall is None else min(best_wall, wall)
        print(f"{name:<8} {releases} releases, {quotes} quotes, {persons} persons quoted: "
              f"{releases / best_cpu:,.0f} releases/CPU s, {releases / best_wall:,.0f} releases/wall s")
    print("target >= 1,500 releases/s")


if __name__ == "__main__":
    main()
