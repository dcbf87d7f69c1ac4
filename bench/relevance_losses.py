"""Where the judged Berlin queries lose nDCG@10, split by mechanism.

    python bench/relevance_losses.py              # needs ../shared/corpus or SEARCHER_CORPUS
    python bench/relevance_losses.py --docs       # also each lost relevant document

For each query the project's ranking (``searcher.Index``, the index bench/relevance.py
builds) is read to depth 1,000 and its loss (1 - nDCG@10, official qrels) is split into
three parts with the judged grades as an oracle:

* ranking: what putting the judged documents in grade order within the exact and the
  related group would win (the matches and the exact-first rule unchanged);
* exact first: what ranking exact and related matches together in grade order would win
  on top of that (the cost of listing every exact match before any related one);
* matching: what is left, relevant documents the search does not find at all (no form
  of the query's words in them: other words, other forms of a verb, synonyms).

Each relevant document the ideal top 10 holds but the ranking does not is listed with
where it is (rank, exact/related, or not found) with ``--docs``. Unjudged documents in the
top 10 count 0, as in bench/relevance.py; their share is printed.

``--probe QID "QUERY"`` (repeatable) scores a query written by hand against the grades of
judged query QID instead: what a matching mechanism would do, tried before building it
(``--probe d04 "Hund (gebissen OR Biss)"``), with the number of unjudged documents it
puts in the top 10.
"""
from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))
sys.path.insert(0, str(REPO))

import relevance as R  # noqa: E402
from ranking_variants import index_path  # noqa: E402

DEPTH = 1000


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", action="store_true", help="list the lost relevant documents")
    ap.add_argument("--probe", nargs=2, action="append", metavar=("QID", "QUERY"),
                    help="score QUERY against the grades of judged query QID (repeatable)")
    args = ap.parse_args(argv)
    if not (R.CORPUS / "berlin-judged").is_dir():
        sys.exit(f"judged collection not found under {R.CORPUS} (set SEARCHER_CORPUS)")
    from searcher import Index

    queries, qrels = R.load_judged()
    if args.probe:
        return probe(args.probe, queries, qrels)
    titles = {link: title for link, (title, _) in R.load_docs().items()} if args.docs else {}
    ix = Index.open(index_path())
    rows, unjudged = [], 0
    by_class: dict[str, list] = defaultdict(list)
    try:
        for q in queries:
            grades = qrels[q["qid"]]
            hits = ix.search(q["query"], limit=DEPTH, snippets=False).hits
            ranked = [h.id for h in hits]
            related = {h.id for h in hits if h.related}
            order = lambda ids: sorted(ids, key=lambda d: -grades.get(d, 0))  # noqa: E731
            exact_ids = [d for d in ranked if d not in related]
            rel_ids = [d for d in ranked if d in related]
            cur = R.ndcg10(ranked, grades)
            within = R.ndcg10(order(exact_ids) + order(rel_ids), grades)
            over = R.ndcg10(order(ranked), grades)
            unjudged += sum(1 for d in ranked[:10] if d not in grades)
            row = (q["qid"], q["query"], q["difficulty"], cur, within - cur, over - within, 1 - over)
            rows.append(row)
            by_class[q["difficulty"]].append(row)
            if args.docs:
                top = set(ranked[:10])
                where = {d: i + 1 for i, d in enumerate(ranked)}
                lost = sorted((d for d, g in grades.items() if g > 0 and d not in top),
                              key=lambda d: (-grades[d], where.get(d, 10**6)))
                row_docs = []
                for d in lost[:8]:
                    pos = where.get(d)
                    place = "not found" if pos is None else f"rank {pos} {'related' if d in related else 'exact'}"
                    row_docs.append(f"      g={grades[d]} {place:18} {titles.get(d, d)[:80]}")
                rows[-1] = row + (row_docs,)
    finally:
        ix.close()
    print(f"{'qid':4} {'query':38} {'nDCG@10':>7} {'ranking':>8} {'exact1st':>8} {'matching':>8}")
    for row in rows:
        print(f"{row[0]:4} {row[1][:38]:38} {row[3]:7.3f} {row[4]:8.3f} {row[5]:8.3f} {row[6]:8.3f}")
        for line in (row[7] if len(row) > 7 else ()):
            print(line)
    n = len(rows)
    print(f"\n{'class':16} {'n':>2} {'nDCG@10':>7} {'ranking':>8} {'exact1st':>8} {'matching':>8}   (mean loss per query)")
    for c, rs in sorted(by_class.items()) + [("all", rows)]:
        k = len(rs)
        print(f"{c:16} {k:2} {sum(r[3] for r in rs) / k:7.3f} {sum(r[4] for r in rs) / k:8.3f} "
              f"{sum(r[5] for r in rs) / k:8.3f} {sum(r[6] for r in rs) / k:8.3f}")
    print(f"\nunjudged in the top 10: {unjudged} of {10 * n} ({100 * unjudged / (10 * n):.1f} %)")
    return 0


def probe(pairs, queries, qrels) -> int:
    from searcher import Index

    known = {q["qid"]: q["query"] for q in queries}
    bad = [qid for qid, _ in pairs if qid not in known]
    if bad:
        sys.exit(f"--probe: unknown query id {bad[0]!r}; the judged ids are {min(known)}..{max(known)}")
    ix = Index.open(index_path())
    try:
        for qid, text in pairs:
            grades = qrels[qid]
            base = [h.id for h in ix.search(known[qid], limit=10, snippets=False).hits]
            got = ix.search(text, limit=10, snippets=False)
            ranked = [h.id for h in got.hits]
            print(f"{qid} {known[qid]!r}: {R.ndcg10(base, grades):.3f} -> {text!r}: {R.ndcg10(ranked, grades):.3f} "
                  f"(total {got.total}, related {got.related}, unjudged in the top 10: "
                  f"{sum(1 for d in ranked if d not in grades)})")
    finally:
        ix.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
