"""Draw a sample of compound splits from the Berlin corpus for checking by hand.

    python bench/decompound_sample.py [--n 200] [--seed 7]

Takes every capitalised word type of the berlin-polizei titles and bodies that
the index-time decompounder splits, draws a seeded random sample, and writes
bench/decompound_sample.tsv (word, parts, verdict). Verdicts already in the
file are kept, so re-running after a lexicon change shows which rows to re-check.
Verdicts: ok (every part is a real constituent of the word), false (a wrong
split: a wrong boundary or a part that is not a constituent, e.g. Wetterlage ->
wett + erlag, or a name split into words), opaque (true constituents, but the
word's meaning is not built from them: Blaumann). False-split rate =
false / checked; opaque is reported separately.
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from bench.relevance import CORPUS  # noqa: E402
from searcher.analysis import _feminine_plural_to_singular, _lexicon  # noqa: E402

OUT = Path(__file__).with_name("decompound_sample.tsv")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    csv.field_size_limit(1 << 26)
    words = set()
    for path in sorted((CORPUS / "berlin-polizei").glob("*.csv")):
        with open(path, encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                for w in re.findall(r"[^\W\d_]+", row["title"] + " " + row["description"]):
                    if w[0].isupper() and not w.isupper():
                        words.add(w)
    lex = _lexicon()
    split = [(w, lex.best_split(_feminine_plural_to_singular(w.lower()))) for w in sorted(words)]
    split = [(w, parts) for w, parts in split if parts]
    print(f"{len(words)} capitalised word types, {len(split)} split ({len(split) / len(words):.0%})")
    # A stable sample: words ordered by a seeded hash, so a lexicon change only
    # swaps the rows whose split appears or disappears.
    split.sort(key=lambda wp: hashlib.sha1(f"{args.seed}:{wp[0]}".encode()).hexdigest())
    old = {}
    if OUT.exists():
        for line in OUT.read_text(encoding="utf-8").splitlines()[1:]:
            w, parts, verdict = (line.split("\t") + ["", ""])[:3]
            old[(w, parts)] = verdict
    sample = split[: args.n]
    rows = [(w, "+".join(parts), old.get((w, "+".join(parts)), "")) for w, parts in sorted(sample)]
    OUT.write_text("word\tparts\tverdict\n" + "".join("\t".join(r) + "\n" for r in rows), encoding="utf-8")
    checked = sum(r[2] in ("ok", "false", "opaque") for r in rows)
    bad = sum(r[2] == "false" for r in rows)
    opaque = sum(r[2] == "opaque" for r in rows)
    if checked:
        print(f"checked {checked}/{len(rows)}: false splits {bad} = {bad / checked:.1%}, "
              f"opaque {opaque} = {opaque / checked:.1%}")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
