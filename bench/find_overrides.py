"""Candidates for the stemmer override table, from the Berlin corpus vocabulary.

    python bench/find_overrides.py [--top 60]

Two scans, each listing word pairs that mean the same noun but get different
Snowball stems, sorted by how often the rarer form occurs in the corpus:

1. corpus pairs: w and w+e / w+en / w+es / w+n, and -um / -en, both in the
   vocabulary with different stems (Zins/Zinsen, Museum/Museen);
2. lexicon paradigms: every german-nouns entry with forms in the corpus whose
   forms get more than one stem (Kurs/Kurse, Bus/Busse, Auto/Autos).

The lists are candidates, not the table: the entries of _OVERRIDE_FAMILIES in
searcher/analysis/stemming.py were picked from them by hand (dropping verb/adjective
pairs such as frei/freien, names, and -innen forms, which the gender stage
handles), and marked whether they may also match as the head of a compound.
Entries already in the table are flagged with '*'.
"""
from __future__ import annotations

import argparse
import csv
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from relevance import load_docs  # noqa: E402
from searcher.analysis import _OVERRIDES, _snowball, fold  # noqa: E402


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--top", type=int, default=60)
    args = ap.parse_args(argv)
    vocab = Counter()
    for title, body in load_docs().values():
        vocab.update(w.lower() for w in re.findall(r"[^\W\d_]+", title + " " + body))

    def flag(*words):
        return "*" if any(fold(w) in _OVERRIDES for w in words) else " "

    pairs = []
    for w, n in vocab.items():
        if len(w) < 4:
            continue
        others = [w + s for s in ("e", "en", "es", "n")]
        if w.endswith("um"):
            others += [w[:-2] + "en", w[:-2] + "a"]
        for w2 in others:
            if w2 in vocab and _snowball(w) != _snowball(w2):
                pairs.append((min(n, vocab[w2]), w, w2))
    print(f"1. corpus pairs with different stems: {len(pairs)}")
    for n, w, w2 in sorted(pairs, reverse=True)[: args.top]:
        print(f"  {flag(w, w2)} {n:5d}  {w} / {w2}  ->  {_snowball(w)} / {_snowball(w2)}")

    from importlib import resources

    path = resources.files("german_nouns") / "nouns.csv"
    paradigms = []
    with path.open(encoding="utf-8", newline="") as fh:
        rows = csv.reader(fh)
        next(rows)
        for row in rows:
            if len(row) < 8 or "Substantiv" not in row[1] or any(
                x in row[1] for x in ("Toponym", "Vorname", "Nachname", "Eigenname", "Abkürzung")
            ):
                continue
            seen = {w: vocab[w] for w in {v.lower() for v in row[7:] if v and " " not in v} if vocab[w]}
            stems = defaultdict(int)
            for w, n in seen.items():
                stems[_snowball(w)] += n
            if len(stems) > 1 and not any(w.endswith("innen") for w in seen):
                paradigms.append((sum(seen.values()), row[0], dict(stems)))
    print(f"\n2. german-nouns paradigms split by the stemmer: {len(paradigms)}")
    for n, lemma, stems in sorted(paradigms, key=lambda x: -x[0])[: args.top]:
        print(f"  {flag(lemma, *stems)} {n:5d}  {lemma}: {stems}")


if __name__ == "__main__":
    main()
