"""Score search systems on the judged Berlin query set (linear-gain nDCG@10).

    python bench/relevance.py                       # baseline + the chain stage by stage
    python bench/relevance.py --system searcher     # the real project (searcher.Index)
    python bench/relevance.py --system full --per-query

Collection: ../shared/corpus/berlin-judged (queries.jsonl, qrels.tsv) over the
berlin-polizei CSVs; a document is title + "\\n" + description, id = link. nDCG@10
with linear gain, the ideal from all judged grades of the query, unjudged = 0.
Also prints the share of unjudged documents in the top 10 (pooling bias: a high
share means the system finds documents nobody judged), and the mean nDCG@10 with
bench/extra_judgments.tsv added (our judgments of such documents; column +extra).

Also the mean nDCG@10 of the condensed lists (unjudged documents removed before the cut;
Sakai 2007), a figure that does not punish finding documents the pool never judged.

Systems (whoosh indexes built in a temp dir and cached per configuration in
~/.cache/searcher-bench, or $SEARCHER_BENCH_CACHE):
  whoosh-de   plain whoosh LanguageAnalyzer('de'), OR (the pooled system, ~0.745)
  stem, +fold, +overrides, +decompound, +gender, +guard, full
              searcher.analysis.german_analyzer with stages switched on one at a time,
              each scored with plain OR and with AND-then-relax (documents matching all
              query words first, then those matching most; BM25F within a level)
  +qsplit     the full chain, query words also matched by their parts
  searcher    the project through ``from searcher import Index``
  searcher-pg the project on its PostgreSQL backend: ``--pg-url postgresql://user@host:port/db``
              (indexed there when the database holds no index, or with --rebuild)
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import json
import math
import os
import shutil
import sys
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

CORPUS = Path(os.environ.get("SEARCHER_CORPUS", REPO.parent / "shared" / "corpus"))
CACHE = Path(os.environ.get("SEARCHER_BENCH_CACHE", Path.home() / ".cache" / "searcher-bench"))

NONE = dict(stem=False, fold=False, overrides=False, decompound=False, gender=False, lemmas=False, guard=False)
STAGES = [
    ("stem", dict(NONE, stem=True)),
    ("+fold", dict(NONE, stem=True, fold=True)),
    ("+overrides", dict(NONE, stem=True, fold=True, overrides=True)),
    ("+decompound", dict(NONE, stem=True, fold=True, overrides=True, decompound=True, lemmas=True)),
    ("+gender", dict(NONE, stem=True, fold=True, overrides=True, decompound=True, lemmas=True, gender=True)),
    ("+guard", dict(stem=True, fold=True, overrides=True, decompound=True, lemmas=True, gender=True, guard=True)),
]
CONFIGS = dict(STAGES, full=STAGES[-1][1])
# Query-side variants on the full index: "+qsplit" also matches a compound query
# word by its parts (whole OR (part AND part), parts at half weight), split against
# the index's own vocabulary (searcher.analysis.split_query_word).
QUERY_VARIANTS = {"+qsplit": "full"}


# --- collection -------------------------------------------------------------------------


def load_docs():
    csv.field_size_limit(1 << 26)
    docs = {}
    for path in sorted((CORPUS / "berlin-polizei").glob("*.csv")):
        with open(path, encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                docs[row["link"]] = (row["title"] or "", row["description"] or "")
    return docs


def load_judged():
    judged = CORPUS / "berlin-judged"
    queries = [json.loads(line) for line in open(judged / "queries.jsonl", encoding="utf-8") if line.strip()]
    qrels = defaultdict(dict)
    for line in open(judged / "qrels.tsv", encoding="utf-8"):
        if line.strip():
            qid, link, grade = line.rstrip("\n").split("\t")
            qrels[qid][link] = int(grade)
    return queries, qrels


EXTRA = Path(__file__).with_name("extra_judgments.tsv")
# results read per query: 10 for nDCG@10, more for the condensed lists
DEPTH = 100


def load_extra(qrels):
    """qrels plus bench/extra_judgments.tsv (documents the pool never judged)."""
    merged = {qid: dict(g) for qid, g in qrels.items()}
    if EXTRA.exists():
        for line in EXTRA.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                qid, link, grade = line.split("\t")[:3]  # a fourth column is a note
                merged.setdefault(qid, {}).setdefault(link, int(grade))
    return merged


def ndcg10(ranked, grades):
    dcg = sum(grades.get(d, 0) / math.log2(i + 2) for i, d in enumerate(ranked[:10]))
    ideal = sorted(grades.values(), reverse=True)[:10]
    idcg = sum(g / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


# --- whoosh systems ---------------------------------------------------------------------


def build_whoosh(name, analyzer, docs, rebuild=False):
    """A cached whoosh index of the collection with one text field."""
    from whoosh import index
    from whoosh.fields import ID, TEXT, Schema

    code = (b"".join(p.read_bytes() for p in sorted((REPO / "searcher" / "analysis").glob("*.py")))
            if name != "whoosh-de" else b"")
    config = sorted(CONFIGS.get(name, {}).items())
    key = hashlib.sha1(f"{'whoosh-de' if name == 'whoosh-de' else ''}|{len(docs)}|{config}".encode() + code).hexdigest()[:10]
    path = CACHE / f"analysis-{key}"
    if path.is_dir() and index.exists_in(str(path)) and not rebuild:
        return index.open_dir(str(path)), None
    shutil.rmtree(path, ignore_errors=True)
    tmp = Path(str(path) + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    schema = Schema(id=ID(stored=True, unique=True), text=TEXT(analyzer=analyzer))
    ix = index.create_in(str(tmp), schema)
    t0 = time.perf_counter()
    with ix.writer(limitmb=256) as w:
        for link, (title, body) in docs.items():
            w.add_document(id=link, text=title + "\n" + body)
    secs = time.perf_counter() - t0
    ix.close() if hasattr(ix, "close") else None
    tmp.rename(path)
    return index.open_dir(str(path)), secs


def whoosh_search(ix, query, mode, qsplit=False):
    """Top-10 ids: 'or' = whoosh OrGroup; 'and-relax' = documents matching all query
    words first, then those matching most, BM25F score within a level."""
    from whoosh import query as Q
    from whoosh.qparser import OrGroup, QueryParser

    with ix.searcher() as s:
        if mode == "or":
            q = QueryParser("text", ix.schema, group=OrGroup).parse(query)
            return [h["id"] for h in s.search(q, limit=DEPTH)]
        analyzer = ix.schema["text"].analyzer
        word_queries = []
        reader = s.reader()

        def df(term):
            return reader.doc_frequency("text", term)

        for word in query.split():
            terms = list(dict.fromkeys(t.text for t in analyzer(word, mode="query")))
            if not terms:
                continue
            wq = Q.Or([Q.Term("text", t) for t in terms]) if len(terms) > 1 else Q.Term("text", terms[0])
            if qsplit:
                from searcher.analysis import split_query_word

                parts = split_query_word(word, df)
                if parts:
                    wq = Q.Or([wq, Q.And([Q.Term("text", p) for p in parts], boost=0.5)])
            word_queries.append(wq)
        if not word_queries:
            return []
        results = s.search(Q.Or(word_queries), limit=None)
        scores = {h.docnum: h.score for h in results}
        coord = defaultdict(int)
        for wq in word_queries:
            for d in wq.docs(s):
                coord[d] += 1
        ranked = sorted(scores, key=lambda d: (-coord[d], -scores[d]))[:DEPTH]
        return [s.stored_fields(d)["id"] for d in ranked]


# --- the real project -------------------------------------------------------------------


def searcher_system(rebuild=False):
    try:
        from searcher import Index
    except (ImportError, AttributeError) as e:
        sys.exit(f"--system searcher needs searcher.Index (not available yet: {e})")
    # Rebuilt whenever the package's code changes (stamp = hash of searcher/*.py).
    code = b"".join(p.read_bytes() for p in sorted((REPO / "searcher").rglob("*.py")))
    path = CACHE / f"searcher-index-{hashlib.sha1(code).hexdigest()[:10]}"
    csvs = [str(p) for p in sorted((CORPUS / "berlin-polizei").glob("*.csv"))]
    try:
        if rebuild or not path.is_dir():
            # built aside and renamed into place, so two runs at once (a bench
            # beside the test suite's smoke test) never share a half-built index
            tmp = Path(f"{path}.tmp-{os.getpid()}")
            shutil.rmtree(tmp, ignore_errors=True)
            t0 = time.perf_counter()
            with Index.create(tmp) as built:
                built.add(csvs, fields={"body": "description", "id": "link", "url": "link"},
                          constants={"issuer": "Polizei Berlin"})
            print(f"searcher: indexed in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
            shutil.rmtree(path, ignore_errors=True)
            try:
                tmp.rename(path)
            except OSError:  # another run put its index there first: the same code built it
                shutil.rmtree(tmp, ignore_errors=True)
        ix = Index.open(path)
    except (AttributeError, TypeError) as e:
        sys.exit(f"--system searcher: the Index API is not complete yet ({e})")

    def search(query, mode):
        result = ix.search(query, limit=DEPTH)
        return [h.id for h in getattr(result, "hits", result)]

    return search


def searcher_pg_system(url, rebuild=False):
    """The project on the PostgreSQL backend (the same Index calls as ``searcher``)."""
    from searcher import Index

    if not url:
        sys.exit("--system searcher-pg needs --pg-url postgresql://user@host:port/db")
    ix = Index(url)
    csvs = [str(p) for p in sorted((CORPUS / "berlin-polizei").glob("*.csv"))]
    if rebuild or not ix.exists():
        t0 = time.perf_counter()
        report = ix.rebuild(csvs, fields={"body": "description", "id": "link", "url": "link"},
                            constants={"issuer": "Polizei Berlin"})
        secs = time.perf_counter() - t0
        print(f"searcher-pg: indexed {report.total} releases in {secs:.1f} s ({report.total / secs:.0f}/s)",
              file=sys.stderr)

    def search(query, mode):
        return [h.id for h in ix.search(query, limit=DEPTH).hits]

    return search


# --- reporting --------------------------------------------------------------------------


def evaluate(search, queries, qrels, mode, extra):
    """nDCG@10 per query (official qrels), share of unjudged top-10 documents,
    the mean nDCG@10 with the supplementary judgments added (ideal from all), and
    the mean nDCG@10 of the condensed lists (unjudged documents removed from the
    ranking before the cut at 10; Sakai 2007), which does not punish a system for
    finding documents the pool never judged."""
    per_query, unjudged, with_extra, condensed = {}, 0, {}, {}
    for q in queries:
        qid = q["qid"]
        ranked = search(q["query"], mode)
        per_query[qid] = ndcg10(ranked, qrels[qid])
        with_extra[qid] = ndcg10(ranked, extra[qid])
        condensed[qid] = ndcg10([d for d in ranked if d in qrels[qid]], qrels[qid])
        unjudged += sum(1 for d in ranked[:10] if d not in qrels[qid])
    return per_query, unjudged / (10 * len(queries)), with_extra, condensed


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--system", action="append", help="whoosh-de, stem, +fold, +overrides, +decompound, "
                    "+gender, +guard, full, searcher (repeatable; default: baseline and every stage)")
    ap.add_argument("--mode", choices=["or", "and-relax", "both"], default="both")
    ap.add_argument("--rebuild", action="store_true", help="rebuild cached indexes")
    ap.add_argument("--per-query", action="store_true", help="print nDCG@10 per query")
    ap.add_argument("--unjudged", action="store_true",
                    help="list the top-10 documents judged neither in qrels.tsv nor in extra_judgments.tsv")
    ap.add_argument("--pg-url", help="the database of --system searcher-pg (postgresql://user@host:port/db)")
    args = ap.parse_args(argv)
    if not (CORPUS / "berlin-judged").is_dir():
        sys.exit(f"judged collection not found under {CORPUS} (set SEARCHER_CORPUS)")

    from searcher.analysis import german_analyzer
    from whoosh.analysis import LanguageAnalyzer

    queries, qrels = load_judged()
    extra = load_extra(qrels)
    systems = args.system or ["whoosh-de"] + [name for name, _ in STAGES] + list(QUERY_VARIANTS)
    modes = ["or", "and-relax"] if args.mode == "both" else [args.mode]
    docs = None
    difficulties = sorted({q["difficulty"] for q in queries})
    rows = []
    for name in systems:
        if name == "searcher":
            runs = [("searcher", "default", searcher_system(args.rebuild))]
        elif name == "searcher-pg":
            runs = [("searcher-pg", "default", searcher_pg_system(args.pg_url, args.rebuild))]
        else:
            if docs is None:
                docs = load_docs()
            base = QUERY_VARIANTS.get(name, name)
            analyzer = LanguageAnalyzer("de") if base == "whoosh-de" else german_analyzer(**CONFIGS[base])
            ix, secs = build_whoosh(base, analyzer, docs, args.rebuild)
            if secs:
                print(f"{name}: indexed {len(docs)} releases in {secs:.1f} s ({len(docs) / secs:.0f}/s, 1 proc)",
                      file=sys.stderr)
            sys_modes = ["or"] if name == "whoosh-de" and args.mode == "both" else modes
            if name in QUERY_VARIANTS:
                sys_modes = [m for m in sys_modes if m != "or"]  # query splitting is an AND-relax feature
            qsplit = name in QUERY_VARIANTS
            runs = [(name, m, (lambda q, mm, ix=ix, qs=qsplit: whoosh_search(ix, q, mm, qs))) for m in sys_modes]
        for sname, mode, search in runs:
            per_query, unjudged, pq_extra, cond = evaluate(search, queries, qrels, mode, extra)

            def classes(pq):
                return {d: sum(pq[q["qid"]] for q in queries if q["difficulty"] == d)
                        / sum(1 for q in queries if q["difficulty"] == d) for d in difficulties}

            if args.unjudged:
                titles = load_docs()
                for q in queries:
                    for rank, d in enumerate(search(q["query"], mode)[:10], 1):
                        if d not in extra[q["qid"]]:
                            print(f"unjudged\t{sname}/{mode}\t{q['qid']}\t{rank}\t{d}\t{titles.get(d, ('?',))[0]}")
            rows.append((sname, mode, sum(per_query.values()) / len(per_query), classes(per_query), unjudged,
                         per_query, sum(pq_extra.values()) / len(pq_extra), classes(pq_extra),
                         sum(cond.values()) / len(cond), classes(cond)))
    short = {"ascii-spelling": "ascii", "inflection": "inflect", "multiword": "multiw"}
    head = (f"{'system':<12} {'mode':<10} {'nDCG@10':>7} " + " ".join(f"{short.get(d, d):>8}" for d in difficulties)
            + f" {'unjudged':>8} {'+extra':>7} {'condensed':>9}")
    print(head)
    print("-" * len(head))
    for sname, mode, mean, by_diff, unjudged, _, mean_extra, _, cond, _ in rows:
        print(f"{sname:<12} {mode:<10} {mean:7.3f} " + " ".join(f"{by_diff[d]:8.3f}" for d in difficulties)
              + f" {unjudged:8.1%} {mean_extra:7.3f} {cond:9.3f}")
    print()
    print("with the supplementary judgments (lower bounds for systems other than the full chain):")
    for sname, mode, _, _, _, _, mean_extra, by_diff, _, _ in rows:
        print(f"{sname:<12} {mode:<10} {mean_extra:7.3f} " + " ".join(f"{by_diff[d]:8.3f}" for d in difficulties))
    print()
    print("condensed lists (each ranking with its unjudged documents removed, official qrels):")
    for sname, mode, _, _, _, _, _, _, cond, by_diff in rows:
        print(f"{sname:<12} {mode:<10} {cond:7.3f} " + " ".join(f"{by_diff[d]:8.3f}" for d in difficulties))
    counts = {d: sum(1 for q in queries if q["difficulty"] == d) for d in difficulties}
    print("queries per class: " + ", ".join(f"{d} {n}" for d, n in counts.items()))
    print("nDCG@10 and classes use the official qrels (unjudged = 0); +extra adds "
          f"{EXTRA.name} (judgments of unjudged top-10 documents of the full chain); condensed = nDCG@10 "
          "of each ranking with its unjudged documents removed")
    if args.per_query:
        print()
        print(f"{'qid':<4} {'query':<40} " + " ".join(f"{r[0][:9]}/{r[1][:3]:<3}"[:13].rjust(13) for r in rows))
        for q in queries:
            print(f"{q['qid']:<4} {q['query'][:40]:<40} " + " ".join(f"{r[5][q['qid']]:13.2f}" for r in rows))


if __name__ == "__main__":
    main()
