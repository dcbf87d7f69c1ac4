"""Do words typed without umlauts or ß analyse as their umlaut spellings do?

    python bench/ascii_symmetry.py [--show 20]    # needs ../shared/corpus or SEARCHER_CORPUS

Every word type of the Berlin releases with ä, ö, ü or ß is written the ASCII way (ä -> ae,
ö -> oe, ü -> ue, ß -> ss) and analysed both ways with the index's analyzer: the query
terms (what a typed word searches) and the index terms (main term, lemma, feminine base,
compound parts). A word whose two spellings give different terms is asymmetric: a query
typed one way misses releases written the other way, or matches them by other parts.
Prints the number of asymmetric word types and their occurrences, and the most frequent.
"""
from __future__ import annotations

import argparse
import collections
import csv
import os
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
CORPUS = Path(os.environ.get("SEARCHER_CORPUS", REPO.parent / "shared" / "corpus"))
_TO_ASCII = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})
_WORD = re.compile(r"\b\w*[äöüÄÖÜß]\w*\b")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--show", type=int, default=20, help="asymmetric words to list (default 20)")
    args = ap.parse_args(argv)
    folder = CORPUS / "berlin-polizei"
    if not folder.is_dir():
        sys.exit(f"Berlin releases not found under {CORPUS} (set SEARCHER_CORPUS)")
    from searcher.analysis import german_analyzer

    csv.field_size_limit(1 << 26)
    words: collections.Counter = collections.Counter()
    for path in sorted(folder.glob("*.csv")):
        with open(path, encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                words.update(_WORD.findall((row["title"] or "") + "\n" + (row["description"] or "")))
    a = german_analyzer()
    query, index, shown = collections.Counter(), collections.Counter(), {}
    for w, n in words.items():
        s = w.translate(_TO_ASCII)
        q1, q2 = [t.text for t in a(w, mode="query")], [t.text for t in a(s, mode="query")]
        i1, i2 = {t.text for t in a(w, mode="index")}, {t.text for t in a(s, mode="index")}
        if q1 != q2:
            query[w] += n
            shown[w] = f"query {q1} / {q2}"
        if i1 != i2:
            index[w] += n
            shown.setdefault(w, f"index only as written {sorted(i1 - i2)}, only ASCII {sorted(i2 - i1)}")
    print(f"{len(words):,} word types with umlauts or ß ({sum(words.values()):,} occurrences)")
    print(f"query terms differ: {len(query):,} types ({sum(query.values()):,} occurrences)")
    print(f"index terms differ: {len(index):,} types ({sum(index.values()):,} occurrences)")
    both = query + index
    for w, n in both.most_common(args.show):
        print(f"  {n:6,}  {w} -> {w.translate(_TO_ASCII)}: {shown[w]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
