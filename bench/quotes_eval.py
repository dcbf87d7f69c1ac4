"""Quote attribution against the wikinews-quotes gold annotations.

    python bench/quotes_eval.py                 # dev split
    python bench/quotes_eval.py --split train   # tune here, report dev

For gold Direct quotes whose speaker is named (a non-empty speaker that is
not just a pronoun) it prints:

- found: an extracted quote overlaps the gold quote span;
- speaker right (among found): the extracted speaker shares a name token
  with the gold speaker (case-insensitive, articles ignored);
- precision: the fraction of extracted direct quotes that overlap any gold
  quote (of any type).
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from searcher.parse.quotes import QuoteExtractor  # noqa: E402

_SKIP = frozenset("der die das des dem den ein eine einer eines einem er sie es ihm ihr ihn von und".split())


def _tokens(s: str) -> set[str]:
    return {t for t in re.findall(r"\w+", s.lower()) if t not in _SKIP and len(t) > 1}


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def evaluate(path: Path, verbose: bool = False) -> dict[str, float]:
    gold_n = found = right = 0
    extracted = extracted_ok = 0
    for line in path.open(encoding="utf-8"):
        art = json.loads(line)
        text = art["text"]
        ex = QuoteExtractor([art.get("title", ""), text])
        quotes = [q for q in ex.extract(text, "body") if q.kind == "direct"]
        gold_all = [tuple(s) for g in art["quotes"] for s in g["quote_spans"]]
        for q in quotes:
            extracted += 1
            if any(_overlaps((q.start, q.end), g) for g in gold_all):
                extracted_ok += 1
            elif verbose:
                print("FP  ", art["id"], repr(q.text[:80]), "->", q.speaker)
        for g in art["quotes"]:
            if g["type"] != "Direct" or not _tokens(g["speaker"]):
                continue
            gold_n += 1
            spans = [tuple(s) for s in g["quote_spans"]]
            hits = [q for q in quotes if any(_overlaps((q.start, q.end), s) for s in spans)]
            if not hits:
                if verbose:
                    s0 = spans[0]
                    print("MISS", art["id"], repr(text[max(0, s0[0] - 60):s0[1] + 60]), "->", g["speaker"])
                continue
            found += 1
            gold_tokens = _tokens(g["speaker"])
            if any(_tokens(q.speaker or "") & gold_tokens for q in hits):
                right += 1
            elif verbose:
                print("SPKR", art["id"], repr(hits[0].speaker), "gold", repr(g["speaker"]),
                      repr(text[max(0, spans[0][0] - 80):spans[0][1] + 80]))
    return {
        "gold": gold_n,
        "found": found / gold_n if gold_n else 0.0,
        "speaker_right": right / found if found else 0.0,
        "extracted": extracted,
        "precision": extracted_ok / extracted if extracted else 0.0,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--split", default="dev", help="dev (default) or train")
    ap.add_argument("--corpus", default=str(REPO.parent / "shared" / "corpus" / "wikinews-quotes"))
    ap.add_argument("-v", "--verbose", action="store_true", help="print misses and false positives")
    args = ap.parse_args()
    path = Path(args.corpus) / f"{args.split}.jsonl"
    if not path.exists():
        sys.exit(f"no split at {path}")
    t0 = time.perf_counter()
    r = evaluate(path, args.verbose)
    dt = time.perf_counter() - t0
    print(f"split {args.split}: {r['gold']} gold direct quotes with a named speaker, "
          f"{r['extracted']} direct quotes extracted ({dt:.2f} s)")
    print(f"found          {r['found']:.3f}  (target >= 0.85)")
    print(f"speaker right  {r['speaker_right']:.3f}  (target >= 0.90)")
    print(f"precision      {r['precision']:.3f}  (target >= 0.90)")


if __name__ == "__main__":
    main()
