"""The Berlin word types whose index-time compound parts change between two code
versions, with verdicts by hand on the parts before and after.

    python bench/decompound_changes.py --a /path/to/main-src [--limit 100] [--dataset wikinews]

Takes every capitalised word type of the berlin-polizei titles and bodies (as
bench/decompound_sample.py does; --dataset wikinews: of the wikinews-quotes
articles, text the splitter was not tuned on, into decompound_changes_wikinews.tsv),
computes the parts the index adds for it
(``_lexicon().parts``) with the code in --a (a source folder, e.g. ``git archive
main | tar -x -C DIR``) and with this tree, and writes the types whose parts
differ, up to --limit of them in a seeded order, to bench/decompound_changes.tsv:
word, occurrences, parts before, parts after, verdict before, verdict after.
Verdicts, by hand: ok (every part is a real constituent of the word), false (at
least one part is not: Verdächtiger -> verdach + tiger), none (no parts). Verdicts
already in the file are kept while the parts stay the same.
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from bench.relevance import CORPUS  # noqa: E402

OUT = Path(__file__).with_name("decompound_changes.tsv")
_PARTS = ("import json, sys\n"
          "from searcher.analysis import _feminine_plural_to_singular, _lexicon\n"
          "lex = _lexicon()\n"
          "words = json.load(sys.stdin)\n"
          "json.dump({w: '|'.join(lex.parts(_feminine_plural_to_singular(w.lower()))) for w in words}, sys.stdout)\n")


def _texts(dataset: str):
    if dataset == "wikinews":
        for path in sorted((CORPUS / "wikinews-quotes").glob("*.jsonl")):
            with open(path, encoding="utf-8") as fh:
                for line in fh:
                    row = json.loads(line)
                    yield row["title"] + " " + row["text"]
        return
    csv.field_size_limit(1 << 26)
    for path in sorted((CORPUS / "berlin-polizei").glob("*.csv")):
        with open(path, encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                yield row["title"] + " " + row["description"]


def _words(dataset: str) -> Counter:
    words: Counter = Counter()
    for text in _texts(dataset):
        for w in re.findall(r"[^\W\d_]+", text):
            if w[0].isupper() and not w.isupper():
                words[w] += 1
    return words


def _parts(src: Path, words: list[str]) -> dict[str, str]:
    """The parts of ``words`` as the code in ``src`` computes them (a fresh process)."""
    env = dict(os.environ, PYTHONPATH=str(src))
    out = subprocess.run([sys.executable, "-c", _PARTS], input=json.dumps(words), env=env, cwd=src,
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--a", required=True, type=Path, help="source folder of the code to compare with")
    ap.add_argument("--limit", type=int, default=100)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--dataset", choices=["berlin", "wikinews"], default="berlin")
    args = ap.parse_args(argv)
    if not (args.a / "searcher" / "analysis").is_dir():
        sys.exit(f"--a {args.a}: not a searcher source folder (no searcher/analysis); "
                 "make one with: git archive main | tar -x -C DIR")
    out = OUT if args.dataset == "berlin" else OUT.with_name("decompound_changes_wikinews.tsv")
    counts = _words(args.dataset)
    if not counts:
        sys.exit(f"no {args.dataset} texts under {CORPUS}: set SEARCHER_CORPUS")
    words = sorted(counts)
    before, after = _parts(args.a, words), _parts(REPO, words)
    changed = [w for w in words if before[w] != after[w]]
    changed.sort(key=lambda w: hashlib.sha1(f"{args.seed}:{w}".encode()).hexdigest())
    changed = sorted(changed[: args.limit])
    old = {}
    if out.exists():
        for line in out.read_text(encoding="utf-8").splitlines()[1:]:
            f = (line.split("\t") + [""] * 6)[:6]
            old[tuple(f[:1] + f[2:4])] = f[4:6]
    rows = []
    for w in changed:
        verdicts = old.get((w, before[w], after[w]), ["", ""])
        rows.append([w, str(counts[w]), before[w], after[w], *verdicts])
    out.write_text("word\tcount\tparts_before\tparts_after\tverdict_before\tverdict_after\n"
                   + "".join("\t".join(r) + "\n" for r in rows), encoding="utf-8")
    print(f"{len(words)} capitalised word types, {len(changed)} with other parts (limit {args.limit})")
    for col, name in ((4, "before"), (5, "after")):
        checked = [r for r in rows if r[col] in ("ok", "false", "none")]
        if checked:
            bad = sum(r[col] == "false" for r in checked)
            print(f"{name}: checked {len(checked)}/{len(rows)}: false {bad}, "
                  f"ok {sum(r[col] == 'ok' for r in checked)}, none {sum(r[col] == 'none' for r in checked)}")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
