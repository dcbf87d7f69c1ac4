"""Score the ranking experiments of bench/experiments/ranking-switches.diff on the judged Berlin queries.

    python bench/ranking_switches.py            # needs ../shared/corpus or SEARCHER_CORPUS

The diff (never merged) adds environment switches to the ranking in searcher/search/ (engine.py, scoring.py): same-field
coordination and proximity bonuses, exact and related hits ranked together, relaxing by the
most frequent word, a compound's parts with the other words before its head alone, compounds
of the same head first in the back-off. This script copies the package to a temporary folder,
applies the diff there (the checkout is left alone), and scores each setting with the index
bench/relevance.py builds (search-time switches: the index is the same) — official nDCG@10,
per class, and the queries that changed against the shipped ranking.
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))
sys.path.insert(0, str(REPO))

import relevance as R  # noqa: E402
from ranking_variants import index_path  # noqa: E402

DIFF = REPO / "bench" / "experiments" / "ranking-switches.diff"
SETTINGS = [
    ("shipped", {}),
    ("title coordination x1.5", {"XCOORD": "1.5"}),
    ("title coordination first", {"XCOORD": "1", "XMODE": "tier"}),
    ("proximity 1 x1.3", {"XCOORD": "1.3", "XWIN": "1"}),
    ("proximity 3 x1.3", {"XCOORD": "1.3", "XWIN": "3"}),
    ("proximity 5 x1.3", {"XCOORD": "1.3", "XWIN": "5"}),
    ("proximity 3 x2", {"XCOORD": "2", "XWIN": "3"}),
    ("exact+related merged, related x0.5", {"XLAM": "0.5"}),
    ("exact+related merged, related x0.7", {"XLAM": "0.7"}),
    ("relax the most frequent word first", {"XFREQ": "1"}),
    ("compound part + other words first", {"XPARTS": "1"}),
    ("same-head compounds first in back-off", {"XCOMP": "1"}),
]

_WORKER = """
import json, sys
sys.path.insert(0, sys.argv[1])
from searcher import Index
ix = Index.open(sys.argv[2])
out = {}
for line in sys.stdin:
    q = json.loads(line)
    out[q["qid"]] = [h.id for h in ix.search(q["query"], limit=10).hits]
print(json.dumps(out))
"""


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.parse_args(argv)
    if not (R.CORPUS / "berlin-judged").is_dir():
        sys.exit(f"judged collection not found under {R.CORPUS} (set SEARCHER_CORPUS)")
    queries, qrels = R.load_judged()
    classes = sorted({q["difficulty"] for q in queries})
    path = index_path()
    stdin = "".join(json.dumps({"qid": q["qid"], "query": q["query"]}) + "\n" for q in queries)
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copytree(REPO / "searcher", Path(tmp) / "searcher")
        done = subprocess.run(["git", "apply", str(DIFF)], cwd=tmp, capture_output=True, text=True)
        if done.returncode:
            sys.exit(f"{DIFF.name} does not apply to this checkout's searcher/search/: {done.stderr.strip()}")
        print(f"{'setting':40} {'nDCG@10':>8} " + " ".join(f"{c[:8]:>8}" for c in classes) + "  changed queries")
        shipped = None
        for name, env in SETTINGS:
            got = subprocess.run([sys.executable, "-c", _WORKER, tmp, str(path)], input=stdin, capture_output=True,
                                 text=True, env={**__import__("os").environ, **env}, check=True)
            ranked = json.loads(got.stdout)
            pq = {q["qid"]: R.ndcg10(ranked[q["qid"]], qrels[q["qid"]]) for q in queries}
            shipped = shipped or pq
            per = {c: [pq[q["qid"]] for q in queries if q["difficulty"] == c] for c in classes}
            changed = " ".join(f"{k} {shipped[k]:.2f}>{v:.2f}" for k, v in pq.items() if abs(v - shipped[k]) > 0.005)
            print(f"{name:40} {sum(pq.values()) / len(pq):8.4f} "
                  + " ".join(f"{sum(v) / len(v):8.3f}" for v in per.values()) + "  " + changed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
