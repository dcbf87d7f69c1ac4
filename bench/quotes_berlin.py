"""Quotes and persons_quoted on the Berlin police corpus (a check, not a gold set).

    python bench/quotes_berlin.py                 # counts
    python bench/quotes_berlin.py --persons 30    # a random sample of persons_quoted entries to hand-check
    python bench/quotes_berlin.py --candidates 30 # releases with quotation marks and a speech verb
    python bench/quotes_berlin.py --distinct      # every distinct persons_quoted value, its count, roles, one quote
    python bench/quotes_berlin.py --distinct --chooser learned  # the same with the learned speaker chooser

Prints how many releases have persons_quoted, and for a sample the person with
the quote and a little context, so precision can be judged by hand.
"""
from __future__ import annotations

import argparse
import os
import random
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from searcher.models import Failure  # noqa: E402
from searcher.parse import parse_records  # noqa: E402

FIELDS = {"body": "description", "id": "link", "url": "link"}
CONSTANTS = {"issuer": "Polizei Berlin"}
_SPEECH = re.compile(r"\b(?:sag|erklär|betont|so\b|meint|führt|ergänzt|appelliert)", re.IGNORECASE)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    default = Path(os.environ.get("SEARCHER_CORPUS", REPO.parent / "shared" / "corpus")) / "berlin-polizei"
    ap.add_argument("--corpus", default=str(default),
                    help="folder of the Berlin CSV files (default: $SEARCHER_CORPUS/berlin-polizei)")
    ap.add_argument("--persons", type=int, default=0, help="print a sample of N persons_quoted entries")
    ap.add_argument("--candidates", type=int, default=0, help="print N releases with marks and a speech verb")
    ap.add_argument("--all", action="store_true", help="print every persons_quoted entry")
    ap.add_argument("--distinct", action="store_true",
                    help="print every distinct persons_quoted value with its count, roles and one quote")
    ap.add_argument("--seed", type=int, default=3)
    ap.add_argument("--chooser", choices=("rules", "learned"),
                    help="speaker chooser (default: the parser's, searcher.parse.quotes.chooser.DEFAULT_CHOOSER)")
    args = ap.parse_args()
    if args.chooser:
        from searcher.parse.quotes import chooser
        chooser.DEFAULT_CHOOSER = args.chooser
    releases = []
    files = sorted(Path(args.corpus).glob("*.csv"))
    if not files:
        sys.exit(f"quotes_berlin: no *.csv files in {args.corpus}; pass --corpus or set SEARCHER_CORPUS")
    for f in files:
        for r in parse_records(f.read_bytes(), f.name, "csv", fields=FIELDS, constants=CONSTANTS):
            if not isinstance(r, Failure):
                releases.append(r)
    with_p = [r for r in releases if r.persons_quoted]
    names = [(r, p) for r in with_p for p in r.persons_quoted]
    print(f"{len(releases)} releases, {len(with_p)} with persons_quoted, {len(names)} entries, "
          f"{sum(len(r.quotes) for r in releases)} quotes")
    if args.distinct:
        _print_distinct(names)
        return
    rnd = random.Random(args.seed)
    sample = names if args.all else rnd.sample(names, min(args.persons, len(names)))
    for r, p in sample:
        q = next((q for q in r.quotes if q.speaker == p), None)
        body = r.body or ""
        ctx = body[max(0, q.start - 80):q.end + 80].replace("\n", " ") if q and q.field == "body" else (q.text if q else "")
        print(f"== {p!r} role={q.role if q else None!r} [{r.id}]\n   {ctx}")
    if args.candidates:
        cands = [r for r in releases if re.search(r"[„“»\"]", r.body or "") and _SPEECH.search(r.body or "")]
        print(f"{len(cands)} releases with quotation marks and a speech cue")
        for r in rnd.sample(cands, min(args.candidates, len(cands))):
            body = r.body or ""
            m = re.search(r"[„»\"]", body)
            print(f"-- {r.id} persons={r.persons_quoted} quotes={[(q.speaker, q.text[:30]) for q in r.quotes]}")
            print("   ", body[max(0, m.start() - 150):m.start() + 250].replace("\n", " "))


def _print_distinct(names) -> None:
    """Each distinct persons_quoted value once: how many releases, the roles
    shown with it and the start of one quote, to check by hand."""
    by_name: dict = {}
    for r, p in names:
        by_name.setdefault(p, []).append(r)
    print(f"{len(by_name)} distinct persons_quoted values")
    for p in sorted(by_name, key=lambda n: (-len(by_name[n]), n)):
        rels = by_name[p]
        quotes = [q for r in rels for q in r.quotes if q.speaker == p]
        roles = sorted({q.role for q in quotes if q.role})
        first = quotes[0].text[:60].replace("\n", " ") if quotes else ""
        print(f"{len(rels):>4}  {p!r}  roles={roles[:3]}  „{first}“")


if __name__ == "__main__":
    try:
        main()
    except BrokenPipeError:  # piped into head
        sys.stderr.close()
