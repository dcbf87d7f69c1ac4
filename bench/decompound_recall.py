"""Decompounding recall on compounds of frequent words, for checking by hand.

    python bench/decompound_recall.py [--words 30] [--n 120] [--seed 11]

Query words: the --words most frequent nouns of the berlin-polizei titles that the
lexicon knows (5+ letters; not the judged queries). Candidates: capitalised word types
of titles and bodies that start with such a word (modifier: Messerangriff) or end in
it plus at most four letters of ending (head: Einhandmesser, Klappmessern), at least
three letters longer than it. A seeded sample goes to bench/decompound_recall.tsv:
word, query word, role, found (the index terms of the word include the query word's
term), verdict. Verdicts, by hand: yes (a compound with the query word as a
constituent), no (not one: Messe in Messer, a name). Verdicts already in the file are
kept. Recall = found among yes; false matches = found among no.
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import re
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from bench.relevance import CORPUS  # noqa: E402
from searcher.analysis import _lexicon, german_analyzer, stem_word  # noqa: E402

try:
    from searcher.analysis import _lfold
except ImportError:  # the analysis before it (for a before/after comparison)
    from searcher.analysis import fold as _lfold

OUT = Path(__file__).with_name("decompound_recall.tsv")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--words", type=int, default=30)
    ap.add_argument("--n", type=int, default=120)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--file", type=Path, default=OUT, help="the sample file (default: %(default)s)")
    ap.add_argument("--recheck", action="store_true",
                    help="keep the file's rows and verdicts, only recompute 'found' (before/after a change)")
    args = ap.parse_args(argv)
    if args.recheck:
        return recheck(args.file)
    csv.field_size_limit(1 << 26)
    title_counts, words = Counter(), set()
    for path in sorted((CORPUS / "berlin-polizei").glob("*.csv")):
        with open(path, encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                for w in re.findall(r"[^\W\d_]+", row["title"]):
                    if w[0].isupper() and not w.isupper():
                        title_counts[w] += 1
                for w in re.findall(r"[^\W\d_]+", row["title"] + " " + row["description"]):
                    if w[0].isupper() and not w.isupper():
                        words.add(w)
    lex = _lexicon()
    query_words = []
    for w, _ in title_counts.most_common():
        f = _lfold(w)
        if len(f) >= 5 and lex.forms.get(f, ("",))[0] == w.lower():
            query_words.append(w)
        if len(query_words) >= args.words:
            break
    analyzer = german_analyzer()
    candidates = []
    for q in query_words:
        qf = _lfold(q)
        core = qf[:-1] if qf.endswith("e") else qf  # Tasche: Taschen-, -taschen
        for w in words:
            f = _lfold(w)
            if len(f) < len(qf) + 3 or f.startswith(qf) and f[len(qf):] in ("s", "n", "en", "es", "e", "er", "ern", "nen"):
                continue
            role = None
            if f.startswith(core):
                role = "modifier"
            else:
                k = f.rfind(core)
                if k >= 3 and len(f) - k - len(core) <= 4:
                    role = "head"
            if role:
                candidates.append((w, q, role))
    candidates.sort(key=lambda c: hashlib.sha1(f"{args.seed}:{c[0]}:{c[1]}".encode()).hexdigest())
    old = {}
    if args.file.exists():
        for line in args.file.read_text(encoding="utf-8").splitlines()[1:]:
            cols = line.split("\t")
            if len(cols) >= 5:
                old[(cols[0], cols[1])] = cols[4]
    rows = []
    for w, q, role in sorted(candidates[: args.n]):
        terms = {t.text for t in analyzer(w, mode="index")}
        found = "found" if stem_word(q) in terms else "missed"
        rows.append((w, q, role, found, old.get((w, q), "")))
    args.file.write_text("word\tquery_word\trole\tfound\tverdict\n" + "".join("\t".join(r) + "\n" for r in rows),
                   encoding="utf-8")
    print(f"query words: {', '.join(query_words)}")
    print(f"{len(candidates)} candidate compounds; sample of {len(rows)} written to {args.file}")
    if any(r[4] for r in rows):
        report(rows)


def recheck(path: Path) -> None:
    if not path.exists():
        sys.exit(f"{path}: no sample file to recheck (run without --recheck first)")
    analyzer = german_analyzer()
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines()[1:]:
        cols = line.split("\t")
        if len(cols) < 5:
            continue
        w, q, role, _, verdict = cols[:5]
        found = "found" if stem_word(q) in {t.text for t in analyzer(w, mode="index")} else "missed"
        rows.append((w, q, role, found, verdict))
    report(rows)


def report(rows) -> None:
    yes = [r for r in rows if r[4] == "yes"]
    no = [r for r in rows if r[4] == "no"]
    for role in ("head", "modifier", None):
        ys = [r for r in yes if role in (None, r[2])]
        if ys:
            found = sum(r[3] == "found" for r in ys)
            print(f"recall ({role or 'all'}): {found}/{len(ys)} = {found / len(ys):.1%}")
    fm = sum(r[3] == "found" for r in no)
    print(f"checked {len(yes) + len(no)}/{len(rows)}; not compounds of the word: {len(no)}, "
          f"of which matched anyway: {fm}")


if __name__ == "__main__":
    main()
