"""How cost grows with the number of releases: one table over several sizes.

    python bench/scale.py                                  # 10,000 and 100,000 generated releases
    python bench/scale.py --sizes 10000,100000,1000000     # add a million (hours on 2 cores)
    python bench/scale.py --sizes 2000,20000 --runs 1      # a quick look

For each size, ``bench/run.py`` runs searcher and plain Whoosh side by side on the same
generated releases (``bench/corpus.py``, seed 1337) and writes its JSON to
``--out/SIZE/latest.json``; this script reads them back and prints one Markdown table
(also written to ``--out/scale.md``): indexing rate and time per release, peak memory
while indexing (PSS summed over the process tree) and of the query process, index size
and bytes per release, warm p95 per query kind (single words, phrases, filters), cold
``searcher search``, and the incremental add of 10 files — each beside plain Whoosh's
figure, and the growth per decade (the figure at 10×N over the figure at N).

``--reuse`` renders the table from the JSON files already in ``--out`` without running.
Absolute times depend on the machine's load (the load average is printed per size); the
ratios against plain Whoosh, measured in the same run, are the figures to compare.
"""
from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

# (label, key in run.py's results, unit, format)
ROWS = [
    ("indexing rate", "index_rate", "releases/s", "{:,.0f}"),
    ("indexing time per release", "_ms_per_release", "ms", "{:.2f}"),
    ("peak memory while indexing (PSS)", "index_peak_pss_mib", "MiB", "{:,.0f}"),
    ("index size", "index_size_mib", "MiB", "{:,.1f}"),
    ("index bytes per release", "_bytes_per_release", "B", "{:,.0f}"),
    ("query process peak RSS", "query_peak_rss_mib", "MiB", "{:,.0f}"),
    ("warm p95, all queries", "warm_p95_ms", "ms", "{:.1f}"),
    ("warm p95, single words", "_p95_word", "ms", "{:.1f}"),
    ("warm p95, two words", "_p95_two", "ms", "{:.1f}"),
    ("warm p95, phrases", "_p95_phrase", "ms", "{:.1f}"),
    ("warm p95, filters", "_p95_filtered", "ms", "{:.1f}"),
    ("cold query process", "cold_ms", "ms", "{:,.0f}"),
    ("incremental add of 10 files", "incremental_s", "s", "{:.2f}"),
]


def _value(res: dict, key: str):
    if key == "_ms_per_release":
        return 1000 / res["index_rate"] if res.get("index_rate") else None
    if key == "_bytes_per_release":
        return res["index_size_mib"] * 2**20 / res["indexed"] if res.get("indexed") else None
    if key.startswith("_p95_"):
        return res.get("warm_by_kind_ms", {}).get(key[5:], {}).get("p95")
    return res.get(key)


def render(runs: dict[int, dict]) -> str:
    sizes = sorted(runs)
    head = "| figure | " + " | ".join(f"{n:,}" for n in sizes)
    decades = [(a, b) for a, b in zip(sizes, sizes[1:])]
    head += "".join(f" | growth {a:,}→{b:,} (per decade)" for a, b in decades) + " |"
    out = [head, "|---|" + "---:|" * (len(sizes) + len(decades))]
    for label, key, unit, fmt in ROWS:
        cells = []
        vals = {}
        for n in sizes:
            s = runs[n]["results"].get("searcher", {})
            w = runs[n]["results"].get("whoosh", {})
            v, wv = _value(s, key), _value(w, key)
            vals[n] = v
            if v is None:
                cells.append("–")
                continue
            cell = fmt.format(v)
            if wv:
                cell += f" ({fmt.format(wv)}; {v / wv:.2f}×)"
            cells.append(cell)
        growth = []
        for a, b in decades:
            if vals.get(a) and vals.get(b):
                per = (vals[b] / vals[a]) ** (1 / math.log10(b / a))
                growth.append(f"{per:.2f}×")
            else:
                growth.append("–")
        out.append(f"| {label} ({unit}) | " + " | ".join(cells + growth) + " |")
    out.append("")
    out.append("Cells: searcher (plain Whoosh; ratio searcher/Whoosh). Growth per decade: the figure's "
               "factor for ten times the releases (1.00× = flat, 10× = linear in the size).")
    for n in sizes:
        m = runs[n]["meta"]["machine"]
        load = " → ".join(", ".join(f"{x:.1f}" for x in m.get(k) or ()) for k in ("loadavg_start", "loadavg_end"))
        out.append(f"- {n:,}: load average (1, 5, 15 min) {load} on {m.get('cpus_usable', '?')} cores; "
                   f"command `{runs[n]['meta']['command']}`")
    return "\n".join(out)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="10000,100000", help="comma-separated numbers of releases")
    ap.add_argument("--runs", type=int, default=2, help="timed query passes and incremental adds (default 2)")
    ap.add_argument("--queries", type=int, default=120)
    ap.add_argument("--cold-runs", type=int, default=5)
    ap.add_argument("--systems", default="searcher,whoosh")
    ap.add_argument("--out", type=Path, default=HERE / "results" / "scale")
    ap.add_argument("--reuse", action="store_true", help="only render the JSON already in --out")
    args = ap.parse_args(argv)
    try:
        sizes = sorted({int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()})
    except ValueError:
        ap.error(f"--sizes {args.sizes!r}: give numbers separated by commas, e.g. 10000,100000")
    if not sizes or min(sizes) < 100:
        ap.error("--sizes: give at least one size of 100 releases or more")
    runs: dict[int, dict] = {}
    for n in sizes:
        folder = args.out / str(n)
        if not args.reuse:
            import run

            code = run.main(["--size", str(n), "--runs", str(args.runs), "--index-runs", "1",
                             "--queries", str(args.queries), "--cold-runs", str(args.cold_runs),
                             "--systems", args.systems, "--out", str(folder)])
            if code:
                return code
        path = folder / "latest.json"
        if not path.is_file():
            print(f"bench/scale.py: no results for {n:,} at {path}; run without --reuse first", file=sys.stderr)
            return 2
        runs[n] = json.loads(path.read_text(encoding="utf-8"))
    md = render(runs)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "scale.md").write_text(md + "\n", encoding="utf-8")
    print(md)
    return 0


if __name__ == "__main__":
    sys.exit(main())
