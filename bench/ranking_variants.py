"""Do other BM25F settings rank the judged Berlin queries better? A grid with leave-one-class-out.

    python bench/ranking_variants.py            # needs ../shared/corpus or SEARCHER_CORPUS

The project (``searcher.Index``, the index bench/relevance.py builds and caches) is searched
with its BM25F parameters varied at query time: k1, b, and a factor on the title field's
scores (on top of the schema's field boosts). Each setting gets the official nDCG@10 (mean
and per class). Leave-one-class-out: for each class, the setting that is best on the other
classes' queries is chosen and scored on the held-out class, beside the shipped setting
(k1 1.2, b 0.75, title x1): a held-out figure above the shipped one would say a setting
generalises; fitted figures alone would only say it fits these 30 queries.
Last, the ceiling of ranking alone: the judged documents among the shipped matches put in
grade order (an oracle), within the exact/related groups and over both; and the
ascii-spelling queries beside the same queries typed with umlauts.
"""
from __future__ import annotations

import argparse
import hashlib
import itertools
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))
sys.path.insert(0, str(REPO))

import relevance as R  # noqa: E402

SHIPPED = (1.2, 0.75, 1.0)
GRID = list(itertools.product((0.9, 1.2, 1.6), (0.5, 0.75, 0.9), (0.5, 1.0, 1.5, 2.0)))


def index_path() -> Path:
    R.searcher_system()  # builds the cached index when the code changed
    code = b"".join(p.read_bytes() for p in sorted((REPO / "searcher").rglob("*.py")))
    return R.CACHE / f"searcher-index-{hashlib.sha1(code).hexdigest()[:10]}"


def scores_for(path: Path, queries, qrels, k1: float, b: float, title: float) -> dict[str, float]:
    import searcher.search as S
    from searcher import Index

    original = S._DocSets._bm25_of

    def varied(self, field, text, ids, weights):
        self.K1, self.B = k1, b
        out = original(self, field, text, ids, weights)
        return {d: v * title for d, v in out.items()} if field == "title" and title != 1.0 else out

    S._DocSets._bm25_of = varied
    try:
        ix = Index.open(path)  # a fresh engine: no scores cached from another setting
        try:
            return {q["qid"]: R.ndcg10([h.id for h in ix.search(q["query"], limit=10).hits], qrels[q["qid"]])
                    for q in queries}
        finally:
            ix.close()
    finally:
        S._DocSets._bm25_of = original


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.parse_args(argv)
    if not (R.CORPUS / "berlin-judged").is_dir():
        sys.exit(f"judged collection not found under {R.CORPUS} (set SEARCHER_CORPUS)")
    queries, qrels = R.load_judged()
    classes = sorted({q["difficulty"] for q in queries})
    of_class = {c: [q["qid"] for q in queries if q["difficulty"] == c] for c in classes}
    path = index_path()
    results = {cfg: scores_for(path, queries, qrels, *cfg) for cfg in GRID}

    def mean(pq, qids):
        return sum(pq[q] for q in qids) / len(qids)

    print(f"{'k1':>4} {'b':>5} {'title':>5} {'nDCG@10':>8} " + " ".join(f"{c[:8]:>8}" for c in classes))
    for cfg, pq in sorted(results.items(), key=lambda kv: -mean(kv[1], list(kv[1]))):
        mark = "  (shipped)" if cfg == SHIPPED else ""
        print(f"{cfg[0]:>4} {cfg[1]:>5} {cfg[2]:>5} {mean(pq, list(pq)):8.3f} "
              + " ".join(f"{mean(pq, of_class[c]):8.3f}" for c in classes) + mark)
    print("\nleave-one-class-out (setting chosen on the other classes, scored on the held-out one):")
    held, shipped = [], []
    for c in classes:
        rest = [q for other in classes if other != c for q in of_class[other]]
        best = max(GRID, key=lambda cfg: (mean(results[cfg], rest), cfg == SHIPPED))
        held += [results[best][q] for q in of_class[c]]
        shipped += [results[SHIPPED][q] for q in of_class[c]]
        print(f"  {c:15} chosen k1={best[0]} b={best[1]} title x{best[2]}: held-out {mean(results[best], of_class[c]):.3f}"
              f"  shipped {mean(results[SHIPPED], of_class[c]):.3f}")
    print(f"  all queries held out: {sum(held) / len(held):.3f} (shipped {sum(shipped) / len(shipped):.3f})")
    ceilings(path, queries, qrels, classes)
    ascii_check(path, queries, qrels)
    return 0


def _umlauts(text: str) -> str:
    """The query as written with umlauts and ß (ae/oe/ue -> ä/ö/ü, ss -> ß; right for
    the ascii-spelling queries of this set, not for German in general: Steuer, Masse)."""
    import re

    out = re.sub(r"(?i)(a|o|u)e", lambda m: {"a": "ä", "o": "ö", "u": "ü"}[m.group(1).lower()]
                 if m.group(1).islower() else {"a": "Ä", "o": "Ö", "u": "Ü"}[m.group(1).lower()], text)
    return out.replace("ss", "ß")


def ascii_check(path: Path, queries, qrels) -> None:
    """Does an ascii spelling rank as its umlaut spelling does? (If so, the class's losses
    are not the spelling's.)"""
    from searcher import Index

    ix = Index.open(path)
    print("\nascii-spelling queries typed with umlauts (nDCG@10 as typed / with umlauts, total):")
    try:
        for q in queries:
            if q["difficulty"] != "ascii-spelling":
                continue
            grades = qrels[q["qid"]]
            a, b = ix.search(q["query"], limit=10), ix.search(_umlauts(q["query"]), limit=10)
            print(f"  {q['qid']} {q['query']!r:28} {R.ndcg10([h.id for h in a.hits], grades):.3f} / "
                  f"{R.ndcg10([h.id for h in b.hits], grades):.3f} ({_umlauts(q['query'])}), "
                  f"total {a.total} / {b.total}")
    finally:
        ix.close()


def ceilings(path: Path, queries, qrels, classes) -> None:
    """What ranking alone could reach with the shipped matching: every judged document of
    the first 1,000 hits in grade order, within the exact and related groups (exact first,
    as shipped), and over all of them (groups ignored). Unjudged documents count as 0."""
    from searcher import Index

    ix = Index.open(path)
    within, over = {}, {}
    try:
        for q in queries:
            grades = qrels[q["qid"]]
            hits = ix.search(q["query"], limit=1000).hits
            by_grade = lambda ids: sorted(ids, key=lambda d: -grades.get(d, 0))  # noqa: E731
            exact = [h.id for h in hits if not h.related]
            related = [h.id for h in hits if h.related]
            within[q["qid"]] = R.ndcg10(by_grade(exact) + by_grade(related), grades)
            over[q["qid"]] = R.ndcg10(by_grade(exact + related), grades)
    finally:
        ix.close()
    print("\nceiling of reordering the shipped matches (judged grades as an oracle):")
    for name, pq in (("within exact / related", within), ("exact and related together", over)):
        per = [sum(pq[q["qid"]] for q in queries if q["difficulty"] == c)
               / sum(1 for q in queries if q["difficulty"] == c) for c in classes]
        print(f"  {name:28} {sum(pq.values()) / len(pq):.3f}  "
              + " ".join(f"{c[:8]} {v:.3f}" for c, v in zip(classes, per)))


if __name__ == "__main__":
    sys.exit(main())
