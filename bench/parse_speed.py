"""Parsing speed over the Berlin police CSV corpus (one core).

    python bench/parse_speed.py [--corpus ../shared/corpus/berlin-polizei]

Target: >= 1,500 releases/s (issue 13). Prints releases, failures, quotes and the rate.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from searcher.models import Failure  # noqa: E402
from searcher.parse import parse_records  # noqa: E402

FIELDS = {"body": "description", "id": "link", "url": "link"}
CONSTANTS = {"issuer": "Polizei Berlin"}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", default=str(REPO.parent / "shared" / "corpus" / "berlin-polizei"))
    ap.add_argument("--repeat", type=int, default=3, help="best of N runs")
    args = ap.parse_args()
    files = sorted(Path(args.corpus).glob("*.csv"))
    if not files:
        sys.exit(f"no CSV files in {args.corpus}")
    blobs = [(f.name, f.read_bytes()) for f in files]
    best = None
    for _ in range(args.repeat):
        releases = failures = quotes = persons = 0
        t0 = time.perf_counter()
        for name, data in blobs:
            for r in parse_records(data, name, "csv", fields=FIELDS, constants=CONSTANTS):
                if isinstance(r, Failure):
                    failures += 1
                else:
                    releases += 1
                    quotes += len(r.quotes)
                    persons += bool(r.persons_quoted)
        dt = time.perf_counter() - t0
        best = dt if best is None else min(best, dt)
    print(f"{releases} releases, {failures} failures, {quotes} quotes, "
          f"{persons} releases with persons quoted, {best:.2f} s")
    print(f"{releases / best:,.0f} releases/s (target >= 1,500)")


if __name__ == "__main__":
    main()
