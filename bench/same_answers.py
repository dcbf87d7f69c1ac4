"""Everything a user sees of a set of searches, as one JSON file, to compare two code versions.

    SEARCHER_PROCS=1 PYTHONHASHSEED=0 python bench/same_answers.py RECORDS OUT.json INDEX_DIR
    git worktree add /tmp/base COMMIT
    SEARCHER_PROCS=1 PYTHONHASHSEED=0 PYTHONPATH=/tmp/base python bench/same_answers.py RECORDS base.json /tmp/ix-base
    cmp OUT.json base.json                            # identical answers: no output

Builds a fresh index at INDEX_DIR (removed first) from RECORDS (a JSONL file or folder, e.g.
``~/.cache/searcher-bench/gen-2000-s1337-v3/records``) with the code on the path, then writes,
with sorted keys: the full result (hits, scores, snippets with highlights, notes) of the
fixed query list of ``bench/queries.py`` and of a few queries with phrases, prefixes, fuzzy
words, field scopes and hyphenated words, and ``Index.highlights`` of the first 40 hits. One
worker process (``SEARCHER_PROCS=1``) keeps document numbers, and with them the order of tied
scores, the same from build to build; ``PYTHONHASHSEED=0`` keeps the drawn query list the same.
"""
from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

EXTRA = ['"IQ Netzwerk"', "Polizei*", "Fahrzeug~1", "quote:Polizei", "title:Brand", "Verkehrs-Unfall",
         "Einsatzkräfte Feuerwehr", '"Feuerwehr Berlin"']


def main(argv=None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    records, out, ixdir = Path(args[0]), Path(args[1]), Path(args[2])
    if not records.exists():
        print(f"bench/same_answers.py: {records} does not exist; give a JSONL file or folder of records",
              file=sys.stderr)
        return 2
    import queries as qm
    from searcher import Index
    from searcher.models import to_jsonable

    shutil.rmtree(ixdir, ignore_errors=True)
    qs = qm.build_queries(records if records.is_dir() else records.parent, 120)
    texts = ['"' + " ".join(q["words"]) + '"' if q.get("phrase") else " ".join(q["words"]) for q in qs] + EXTRA
    with Index.create(str(ixdir)) as ix:
        ix.add([str(records)])
        res = [to_jsonable(ix.search(t, limit=10)) for t in texts]
        ids = [h["id"] for r in res for h in r["hits"]][:40]
        res.append([to_jsonable(ix.highlights(i, 'Polizei Fahrzeug* "Feuerwehr Berlin"')) for i in ids])
    out.write_text(json.dumps(res, ensure_ascii=False, sort_keys=True), encoding="utf-8")
    print(f"{len(texts)} searches and {len(ids)} whole-release highlights written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
