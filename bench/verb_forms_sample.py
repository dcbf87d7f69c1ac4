"""How many lowercase words of the Berlin corpus the strong-verb forms expand, and a
random sample of them with their expansion, to check by hand.

    python bench/verb_forms_sample.py [--sample 80] [--seed 1]   # needs SEARCHER_CORPUS or ../shared/corpus

Prints the number of lowercase word types and tokens, those that searcher.analysis.verbs
reads as a strong or irregular verb form (at least one other form's term added at query
time), and the sample: word, corpus count, the terms it is searched as (its own first).
"""
from __future__ import annotations

import argparse
import collections
import random
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))
sys.path.insert(0, str(REPO))

import relevance as R  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sample", type=int, default=80, help="expanded words to print (default 80)")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    if not (R.CORPUS / "berlin-polizei").is_dir():
        sys.exit(f"corpus not found under {R.CORPUS} (set SEARCHER_CORPUS)")
    from searcher.analysis import _config, verbs

    counts: collections.Counter = collections.Counter()
    for title, body in R.load_docs().values():
        counts.update(w for w in re.findall(r"[^\W\d_]+", f"{title} {body}") if w[0].islower())
    cfg = _config(decompound=False, lemmas=False, guard=False)  # lowercase words' terms
    expanded = {w: verbs.forms_of(w, cfg) for w in counts}
    hit = sorted(w for w, f in expanded.items() if len(f) > 1)
    print(f"lowercase word types {len(counts):,}, expanded {len(hit):,}; "
          f"tokens {sum(counts.values()):,}, expanded {sum(counts[w] for w in hit):,}")
    for w in sorted(random.Random(args.seed).sample(hit, min(args.sample, len(hit)))):
        print(f"  {w:24} {counts[w]:5}  {' '.join(expanded[w])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
