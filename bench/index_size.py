"""Where the bytes of an index go: per file kind and per field.

    python bench/index_size.py INDEX [INDEX ...]          # searcher's or plain Whoosh's index folder
    python bench/index_size.py --build 20000 [--out DIR]   # build searcher and plain Whoosh on the
                                                          # same generated releases, then compare

For every index: the bytes on disk, then per field

- ``terms``: the field's share of the term dictionary (``.trm``: keys and term infos, with the
  postings of rare terms inlined there),
- ``postings``: the field's posting lists in ``.pst`` (ids, weights and values),
- ``values``: the per-posting values (positions, character spans) before the posting
  blocks are compressed — the format's bytes per occurrence times the field's total
  length (``~``: a rough guess for Whoosh's pickled formats),
- ``stored``: the pickled stored value of the field summed over the documents,
- ``columns``: sortable and length columns (``.col``).

``--build`` writes both indexes under ``--out`` (default a temporary folder, removed after)
from ``~/.cache/searcher-bench/gen-SIZE-s1337-v3/records`` (made by bench/corpus.py) and prints
the ratio of the sizes.
"""
from __future__ import annotations

import argparse
import pickle
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent


def dir_size(path: Path) -> int:
    return sum(f.stat().st_size for f in Path(path).rglob("*") if f.is_file())


def _whoosh_dir(path: Path) -> Path:
    """The folder holding the Whoosh files (searcher keeps them in a generation folder)."""
    path = Path(path)
    if any(path.glob("_*.toc")):
        return path
    gens = sorted(p for p in path.glob("gen-*") if p.is_dir() and any(p.glob("_*.toc")))
    if not gens:
        raise SystemExit(f"{path}: no Whoosh index here (no _*.toc in it or a gen-* folder of it)")
    return gens[-1]


def _bytes_per_occurrence(fmt) -> tuple[float, bool]:
    """(value bytes per occurrence of a term, exact?) of a posting format."""
    name = type(fmt).__name__
    per = getattr(fmt, "bytes_per_occurrence", None)
    if per is not None:
        return per, getattr(fmt, "bytes_per_occurrence_exact", True)
    if name == "Spans":
        return 12.0, True
    if name == "PackedPositions":
        return 2.0, True  # uint16 deltas (a value with a wider delta takes 4 bytes each, +1)
    if name == "Characters":
        return 6.0, False  # pickled (pos, start, end) deltas: a rough guess
    if name == "Positions":
        return 2.0, False
    return 0.0, True


def analyse(path: Path) -> dict:
    from whoosh import index as windex
    from whoosh.codec.whoosh3 import W3TermInfo

    wdir = _whoosh_dir(path)
    ix = windex.open_dir(str(wdir))
    schema = ix.schema
    per = defaultdict(lambda: defaultdict(float))
    files: dict[str, int] = defaultdict(int)
    docs = 0
    with ix.reader() as reader:
        leaves = [leaf for leaf, _ in reader.leaf_readers()]
        for leaf in leaves:
            docs += leaf.doc_count_all()
            storage = leaf._storage
            comp = getattr(storage, "a", storage)
            for name in comp.list():
                kind = name.rsplit(".", 1)[-1]
                size = comp.file_length(name)
                files[kind] += size
                if kind == "col":
                    col = name.split(".")[-2]
                    field = col.lstrip("_").rsplit("_len", 1)[0] if col.endswith("_len") else col.lstrip("_")
                    per[field if field in schema else "(other)"]["columns" if field != "stored" else "stored"] += 0
                    if col != "_stored":
                        per[field if field in schema else col]["columns"] += size
            terms = leaf._terms
            for key, value in terms._tindex.items():
                field = terms._keydecoder(key)[0] or "(unknown)"
                per[field]["terms"] += len(key) + len(value) + 8  # + the hash table's entry
                info = W3TermInfo.from_bytes(value)
                if not info.is_inlined():
                    length = info.extent()[1]
                    # whoosh 2.7's from_bytes leaves the length as unpack's 1-tuple
                    per[field]["postings"] += length[0] if isinstance(length, tuple) else length
            for _docnum, stored in leaf.iter_docs():
                for field, v in stored.items():
                    per[field]["stored"] += len(pickle.dumps(v, 2))
        for field in list(per):
            if field in schema and schema[field].format is not None and schema[field].scorable:
                bpo, exact = _bytes_per_occurrence(schema[field].format)
                per[field]["values"] = bpo * reader.field_length(field)
                per[field]["values_exact"] = exact
    ix.close()
    return {"path": str(path), "size": dir_size(path), "docs": docs, "files": dict(files),
            "fields": {f: dict(v) for f, v in per.items()}}


def _mb(n: float) -> str:
    return f"{n / 1e6:,.2f}"


def render(res: dict) -> str:
    out = [f"### {res['path']}: {res['size'] / 1e6:,.1f} MB, {res['docs']:,} documents", "",
           "| file kind | MB |", "|---|---:|"]
    for kind, size in sorted(res["files"].items(), key=lambda kv: -kv[1]):
        out.append(f"| .{kind} | {_mb(size)} |")
    out += ["", "| field | terms MB | postings MB | values MB (uncompressed) | stored MB | columns MB | total MB |",
            "|---|---:|---:|---:|---:|---:|---:|"]
    rows = []
    for field, v in res["fields"].items():
        total = v.get("terms", 0) + v.get("postings", 0) + v.get("stored", 0) + v.get("columns", 0)
        rows.append((total, field, v))
    for total, field, v in sorted(rows, reverse=True):
        vals = v.get("values", 0)
        mark = "" if v.get("values_exact", True) else "~"
        out.append(f"| {field} | {_mb(v.get('terms', 0))} | {_mb(v.get('postings', 0))} | "
                   f"{mark}{_mb(vals) if vals else ''} | {_mb(v.get('stored', 0))} | {_mb(v.get('columns', 0))} | {_mb(total)} |")
    return "\n".join(out)


def build(size: int, out: Path) -> tuple[Path, Path]:
    records = Path.home() / ".cache" / "searcher-bench" / f"gen-{size}-s1337-v3" / "records"
    if not records.is_dir():
        raise SystemExit(f"{records}: no generated releases; make them with: python bench/run.py --size {size} "
                         "--quick (or bench/corpus.py)")
    paths = []
    for name in ("searcher", "whoosh"):
        dest = out / name
        if dest.exists():
            shutil.rmtree(dest)
        subprocess.run([sys.executable, str(HERE / "systems.py"), "build", name, str(records), str(dest)],
                       check=True, cwd=HERE, stdout=subprocess.DEVNULL)
        paths.append(dest)
    return paths[0], paths[1]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("index", nargs="*", type=Path, help="index folders to analyse")
    ap.add_argument("--build", type=int, metavar="SIZE", help="build searcher and plain Whoosh on SIZE generated releases")
    ap.add_argument("--out", type=Path, help="where --build writes the indexes (kept)")
    args = ap.parse_args(argv)
    tmp = None
    paths = list(args.index)
    if args.build:
        out = args.out or Path(tempfile.mkdtemp(prefix="index-size-"))
        tmp = None if args.out else out
        paths += list(build(args.build, out))
    if not paths:
        ap.error("give index folders or --build SIZE")
    try:
        results = [analyse(p) for p in paths]
        for res in results:
            print(render(res))
            print()
        if len(results) == 2:
            a, b = results
            print(f"size ratio {Path(a['path']).name} / {Path(b['path']).name}: {a['size'] / b['size']:.2f}")
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
