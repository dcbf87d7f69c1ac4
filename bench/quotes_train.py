"""Train the learned speaker chooser on the ``tune`` part of wikinews-quotes.

    python bench/quotes_train.py            # cross-validate on tune, fit, write the model
    python bench/quotes_train.py --dry-run  # cross-validation table only

For each direct quote the rule extractor keeps in a ``tune`` article (train
minus the held-out fifth, see bench/quotes_eval.py) that overlaps a gold
direct quote with a named speaker, the candidates of
:mod:`searcher.parse.quotes.chooser` are collected; a candidate is right when
the scorer's ``same_speaker`` accepts its name or its role for the gold
speaker. A conditional logit (softmax over one quote's candidates, L2
penalty) is fitted by gradient descent in pure Python. The L2 weight and the
feature set are chosen by 5-fold cross-validation over tune articles (folds
by a hash of the article id); the table shows, per setting, the share of
quotes whose chosen candidate is right beside the rule chooser's share on
the same quotes. ``dev`` and ``held`` are never read here.
Writes ``searcher/parse/quotes/speaker_model.json`` (``--out``).
"""
from __future__ import annotations

import argparse
import hashlib
import math
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from quotes_eval import _overlaps, held_out, load, named, same_speaker  # noqa: E402
from searcher.parse.quotes import QuoteExtractor  # noqa: E402
from searcher.parse.quotes.chooser import MODEL_PATH, SpeakerModel  # noqa: E402

L2_GRID = (0.003, 0.01, 0.03, 0.1)
#: Feature sets tried: a predicate on the feature name.
FEATURE_SETS = {
    # without the rule chooser's pick: a chooser learned from the cues alone
    "no-rule": lambda k: k != "src:rule" and not k.endswith("*rule"),
    "no-rule-src+k": lambda k: k.startswith(("src:", "kind:")) and k != "src:rule",
    "all": lambda k: True,
    "no-context": lambda k: not k.startswith("ctx:"),
    "no-position": lambda k: not (k.startswith("pos:") or k.startswith("dist_")),
    "sources+kind": lambda k: k.startswith(("src:", "kind:")),
}
FOLDS = 5
ITERATIONS = 400


def instances(articles: list[dict]) -> list[tuple[str, list[dict], list[bool], int]]:
    """(article id, candidate features, labels, index of the rule's pick) per
    kept quote that overlaps a named gold direct quote."""
    out = []
    for art in articles:
        text = art["text"]
        got: list = []
        ex = QuoteExtractor([art.get("title", ""), text], chooser="rules", collect=got)
        ex.extract(text, "body")
        golds = [g for g in art["quotes"] if g["type"] == "Direct" and named(g["speaker"])]
        for start, end, cands in got:
            for g in golds:
                if not any(_overlaps((start, end), tuple(s)) for s in g["quote_spans"]):
                    continue
                labels = [same_speaker(c.text, g["speaker"]) or same_speaker(c.shown.role or "", g["speaker"])
                          for c in cands]
                rule = next((i for i, c in enumerate(cands) if "rule" in c.sources), 0)
                out.append((art["id"], [c.features for c in cands], labels, rule))
                break
    return out


def _fold(article_id: str) -> int:
    return int(hashlib.sha1(article_id.encode()).hexdigest(), 16) % FOLDS


def _index(data, keep) -> tuple[list[str], list]:
    names = sorted({k for _, feats, _, _ in data for f in feats for k in f if keep(k)})
    pos = {k: i for i, k in enumerate(names)}
    rows = [([[(pos[k], v) for k, v in f.items() if k in pos] for f in feats], labels, rule)
            for _, feats, labels, rule in data]
    return names, rows


def fit(rows, n_features: int, l2: float, iterations: int = ITERATIONS) -> list[float]:
    """Weights minimising the mean negative log of the right candidates'
    probability plus ``l2``/2 * |w|^2 (Adagrad)."""
    w = [0.0] * n_features
    g2 = [1e-8] * n_features
    train = [r for r in rows if any(r[1]) and len(r[0]) > 1]
    if not train:
        return w
    n = len(train)
    for _ in range(iterations):
        grad = [l2 * x for x in w]
        for cands, labels, _ in train:
            scores = [sum(w[j] * v for j, v in f) for f in cands]
            top = max(scores)
            exps = [math.exp(s - top) for s in scores]
            z = sum(exps)
            zp = sum(e for e, y in zip(exps, labels) if y)
            for f, e, y in zip(cands, exps, labels):
                # d(-log zp/z)/ds_i = p_i - (y_i * e_i / zp)
                coef = (e / z - (e / zp if y else 0.0)) / n
                for j, v in f:
                    grad[j] += coef * v
        for j in range(n_features):
            g2[j] += grad[j] * grad[j]
            w[j] -= 0.5 * grad[j] / math.sqrt(g2[j])
    return w


def accuracy(rows, w) -> tuple[int, int, int]:
    """(quotes, right by the model, right by the rule)."""
    right = rule_right = 0
    for cands, labels, rule in rows:
        scores = [sum(w[j] * v for j, v in f) + (1e-9 if i == rule else 0.0) for i, f in enumerate(cands)]
        best = max(range(len(cands)), key=scores.__getitem__)
        right += labels[best]
        rule_right += labels[rule]
    return len(rows), right, rule_right


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    default = Path(os.environ.get("SEARCHER_CORPUS", REPO.parent / "shared" / "corpus")) / "wikinews-quotes"
    ap.add_argument("--corpus", default=str(default))
    ap.add_argument("--out", default=str(MODEL_PATH))
    ap.add_argument("--features", choices=list(FEATURE_SETS),
                    help="cross-validate and fit this feature set only (default: the best by cross-validation)")
    ap.add_argument("--dry-run", action="store_true", help="cross-validate only, write nothing")
    args = ap.parse_args()
    tune = [a for a in load(Path(args.corpus), "train") if not held_out(a["id"])]
    data = instances(tune)
    usable = sum(1 for _, f, y, _ in data if any(y) and len(f) > 1)
    print(f"tune: {len(tune)} articles, {len(data)} quotes with a named gold speaker, "
          f"{usable} with a right candidate among two or more")
    print(f"{'features':<14} {'l2':>6}  {'cv right':>8}  {'rule right':>10}  (of {len(data)}, {FOLDS} folds)")
    best = None
    for fs_name, keep in FEATURE_SETS.items():
        if args.features and fs_name != args.features:
            continue
        for l2 in L2_GRID:
            total = right = rule_right = 0
            for k in range(FOLDS):
                tr = [d for d in data if _fold(d[0]) != k]
                te = [d for d in data if _fold(d[0]) == k]
                names, rows = _index(tr, keep)
                w = fit(rows, len(names), l2)
                pos = {n: i for i, n in enumerate(names)}
                te_rows = [([[(pos[k2], v) for k2, v in f.items() if k2 in pos] for f in feats], labels, rule)
                           for _, feats, labels, rule in te]
                t, r, rr = accuracy(te_rows, w)
                total, right, rule_right = total + t, right + r, rule_right + rr
            print(f"{fs_name:<14} {l2:>6}  {right / total:>8.3f}  {rule_right / total:>10.3f}")
            # ties go to the later setting: the larger penalty, the smaller feature set
            if best is None or right >= best[0]:
                best = (right, fs_name, l2)
    _, fs_name, l2 = best
    print(f"chosen: features {fs_name}, l2 {l2}")
    names, rows = _index(data, FEATURE_SETS[fs_name])
    w = fit(rows, len(names), l2)
    t, r, rr = accuracy(rows, w)
    print(f"fit on all tune: right {r / t:.3f}, rule {rr / t:.3f} (training data, not a test)")
    model = SpeakerModel(dict(zip(names, w)), {
        "trained_on": "wikinews-quotes train minus held (tune)", "quotes": len(data),
        "features": fs_name, "l2": l2, "script": "bench/quotes_train.py"})
    if args.dry_run:
        return
    Path(args.out).write_text(model.to_json(), encoding="utf-8")
    print(f"wrote {args.out} ({sum(1 for v in w if v)} weights)")


if __name__ == "__main__":
    main()
