"""Show what the quote extractor makes of one wikinews-quotes article (analysis aid).

    python bench/quotes_debug.py wikinews-64617 [--split train]
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from searcher.parse.quotes import QuoteExtractor, quote_spans  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("id")
    ap.add_argument("--split", default="train")
    default = Path(os.environ.get("SEARCHER_CORPUS", REPO.parent / "shared" / "corpus")) / "wikinews-quotes"
    ap.add_argument("--corpus", default=str(default))
    args = ap.parse_args()
    for line in (Path(args.corpus) / f"{args.split}.jsonl").open(encoding="utf-8"):
        art = json.loads(line)
        if art["id"] != args.id:
            continue
        text = art["text"]
        print("SPANS", [(o, c, text[o + 1:c][:25]) for o, c, _ in quote_spans(text)])
        for q in QuoteExtractor([art.get("title", ""), text]).extract(text):
            print(f"EX {q.kind[:3]} {q.start}-{q.end} {q.speaker!r} role={q.role!r}: {q.text[:50]!r}")
        for g in art["quotes"]:
            print(f"GOLD {g['type']} {g['quote_spans']} {g['speaker']!r}: {g['quote'][:50]!r}")


if __name__ == "__main__":
    main()
