"""Benchmark corpora: the real Berlin police releases and a scaled corpus generated from them.

    python bench/corpus.py --size 100000            # writes ~/.cache/searcher-bench/gen-100000-s1337/
    python bench/corpus.py --real                   # the ~7,230 real releases as JSONL

The real releases are read from ``../shared/corpus/berlin-polizei/*.csv`` (override with
``--corpus`` or ``SEARCHER_CORPUS``). The generated corpus is deterministic (fixed seed):
titles and body sentences are drawn from the real releases, issuers are invented German
authorities with abbreviations, dates are spread over 2015-2024, and about 12 % of the
releases quote an invented person („…“, sagte Rolle Vorname Nachname / Rolle Name: »…«).

Nothing generated is ever written into the repository: everything goes to a cache folder
(default ``~/.cache/searcher-bench/``, override with ``--cache`` or ``SEARCHER_BENCH_CACHE``).

Layout of one corpus folder::

    records/part-NNN.jsonl    one Release-shaped record a line (id, issuer, issuer_aliases,
                              date ISO, number, title, body, persons_quoted, source), 5,000
                              records a file
    incremental/run-K/*.txt   10 further releases per run as plain-text files (not in
                              records/), for the "add 10 new files" measurement
    incremental/run-K.jsonl   the same 10 releases as records, for the baselines
    meta.json                 size, seed, counts
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import random
import re
import shutil
import sys
from pathlib import Path
from typing import Iterator

REPO = Path(__file__).resolve().parent.parent
SEED = 1337
FORMAT_VERSION = 3  # bump when the generator changes, so caches are rebuilt
INCREMENTAL_BATCH = 10
SHARD = 5000  # records per JSONL file (~7 MB): searcher refuses files over 20 MB, and real
              # collections arrive as many files anyway

# Invented authorities (name, abbreviation). None of these exist under these names.
ISSUERS: list[tuple[str, str]] = [
    ("Ministerium für Umwelt, Klima und Landwirtschaft", "MUKL"),
    ("Staatsministerium für Soziales und Integration", "SMSI"),
    ("Polizeipräsidium Oberland", "PPO"),
    ("Landesamt für Verkehrssicherheit", "LAVS"),
    ("Senatsverwaltung für Bildung, Jugend und Familie", "SenBJF"),
    ("Ministerium für Wirtschaft, Arbeit und Digitales", "MWAD"),
    ("Landeskriminalamt Nordmark", "LKA NM"),
    ("Amt für Katastrophenschutz und Feuerwehr", "AKF"),
    ("Staatskanzlei des Freistaates Mittelland", "SKM"),
    ("Landesamt für Gesundheit und Verbraucherschutz", "LAGV"),
    ("Bezirksamt Elbufer", "BA EU"),
]
# Skewed issuer frequencies (some issuers publish far more than others).
ISSUER_WEIGHTS = [14, 9, 22, 8, 7, 9, 10, 6, 4, 7, 4]

FIRST_NAMES = [
    "Anna", "Bernd", "Claudia", "Dieter", "Elke", "Frank", "Gabriele", "Heiko", "Ines", "Jörg",
    "Katrin", "Lars", "Monika", "Norbert", "Olga", "Peter", "Renate", "Stefan", "Tanja", "Uwe",
    "Verena", "Wolfgang", "Yvonne", "Jürgen", "Sören", "Björn", "Maren", "Tobias", "Ülkü", "Zoë",
]
LAST_NAMES = [
    "Albrecht", "Brückner", "Czerny", "Dörfler", "Eichhorn", "Falkenberg", "Görlitz", "Hämmerle",
    "Issel", "Jablonski", "Kößler", "Lindqvist", "Mühlbauer", "Nötzold", "Oberländer", "Pfeiffer",
    "Quandtmeyer", "Rößler", "Schäfer", "Tannhäuser", "Uhlig", "Vogelsang", "Wöhrle", "Zschoche",
    "Bachmeier", "Grünwald", "Heßling", "Krämer", "Lüders", "Straßburger",
]
ROLES = [
    "Staatsministerin", "Staatsminister", "Polizeipräsidentin", "Polizeipräsident",
    "Pressesprecherin", "Pressesprecher", "Amtsleiterin", "Amtsleiter", "Senatorin",
    "Senator", "Landesbranddirektor", "Bezirksbürgermeisterin", "Abteilungsleiter",
]
SPEECH_VERBS = ["sagte", "erklärte", "betonte", "sagt", "so"]

_SENT_SPLIT = re.compile(
    r"(?<=[.!?])(?<!\d\.)(?<!\bNr\.)(?<!\bca\.)(?<!\bDr\.)(?<!\bSt\.)(?<!\bbzw\.)(?<!\bu\.)(?<!\bz\.)"
    r"\s+(?=[A-ZÄÖÜ„\"])"
)
_NR_LINE = re.compile(r"^\s*Nr\.\s*\d+\s*$")


class CorpusMissing(SystemExit):
    pass


def corpus_root(arg: str | None = None) -> Path:
    """The shared corpus folder: --corpus, $SEARCHER_CORPUS, or ../shared/corpus."""
    if arg:
        return Path(arg).expanduser()
    env = os.environ.get("SEARCHER_CORPUS")
    return Path(env).expanduser() if env else REPO.parent / "shared" / "corpus"


def cache_root(arg: str | None = None) -> Path:
    if arg:
        return Path(arg).expanduser()
    env = os.environ.get("SEARCHER_BENCH_CACHE")
    return Path(env).expanduser() if env else Path.home() / ".cache" / "searcher-bench"


def require_corpus(root: Path) -> Path:
    folder = root / "berlin-polizei"
    if not folder.is_dir() or not any(folder.glob("*.csv")):
        print(
            f"bench: the real corpus is not at {folder}.\n"
            "It is not shipped with the project: point --corpus (or SEARCHER_CORPUS) at the "
            "folder that holds berlin-polizei/*.csv.",
            file=sys.stderr,
        )
        raise CorpusMissing(2)
    return folder


def load_real(root: Path) -> list[dict]:
    """The real releases as dicts: date (date), title, link, location, body (without 'Nr.' line), number."""
    folder = require_corpus(root)
    out: list[dict] = []
    for path in sorted(folder.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                desc = (row.get("description") or "").replace("\r\n", "\n")
                lines = desc.split("\n")
                number = None
                if lines and _NR_LINE.match(lines[0]):
                    number = lines[0].strip()
                    lines = lines[1:]
                body = "\n".join(l.strip() for l in lines).strip()
                try:
                    date = dt.datetime.strptime(row["date"].split()[0], "%d.%m.%Y").date()
                except (ValueError, KeyError, IndexError):
                    date = None
                out.append({
                    "date": date, "title": (row.get("title") or "").strip(), "link": row.get("link"),
                    "location": (row.get("location") or "").replace("Ereignisort:", "").strip(),
                    "body": body, "number": number,
                })
    return out


def sentences(text: str) -> list[str]:
    out = []
    for para in text.split("\n"):
        para = para.strip()
        if not para:
            continue
        out.extend(s.strip() for s in _SENT_SPLIT.split(para) if len(s.strip()) > 20)
    return out


def real_records(real: list[dict]) -> Iterator[dict]:
    """The real releases as Release-shaped JSONL records (issuer Polizei Berlin)."""
    for i, r in enumerate(real):
        yield {
            "id": f"bpol-{i:05d}",
            "source": r["link"],
            "issuer": "Polizei Berlin",
            "issuer_aliases": ["PolBln"],
            "date": r["date"].isoformat() if r["date"] else None,
            "number": r["number"],
            "title": r["title"],
            "body": r["body"],
            "url": r["link"],
            "location": r["location"],
        }


class Generator:
    """Deterministic release generator over the sentences of the real releases."""

    def __init__(self, real: list[dict], seed: int = SEED):
        self.rng = random.Random(seed)
        self.docs = [sentences(r["body"]) for r in real]
        self.docs = [d for d in self.docs if d]
        self.pool = [s for d in self.docs for s in d]
        self.titles = [r["title"] for r in real if r["title"]]
        self.persons = [(self.rng.choice(ROLES), f"{f} {l}") for f in FIRST_NAMES for l in LAST_NAMES]
        self.rng.shuffle(self.persons)
        self.persons = self.persons[:300]  # a realistic number of people who get quoted
        self.start = dt.date(2015, 1, 1).toordinal()
        self.span = dt.date(2024, 12, 31).toordinal() - self.start

    def _quote(self) -> tuple[str, str]:
        rng = self.rng
        role, name = rng.choice(self.persons)
        said = rng.choice(self.pool).rstrip(".!?")
        said2 = rng.choice(self.pool) if rng.random() < 0.4 else ""
        inner = f"{said}. {said2}".strip()
        style = rng.random()
        if style < 0.45:
            verb = rng.choice(SPEECH_VERBS)
            return f"„{inner}“, {verb} {role} {name}.", name
        if style < 0.85:
            return f"{role} {name}: »{inner}«", name
        surname = name.split()[-1]
        return f"{role} {name} äußerte sich zu dem Vorfall. „{inner}“, so {surname}.", name

    def release(self, i: int) -> dict:
        rng = self.rng
        base = rng.choice(self.docs)
        body_sents = [s if rng.random() < 0.5 else rng.choice(self.pool) for s in base]
        if len(body_sents) < 3:
            body_sents += [rng.choice(self.pool) for _ in range(3 - len(body_sents))]
        persons: list[str] = []
        if rng.random() < 0.12:
            for _ in range(1 if rng.random() < 0.8 else 2):
                q, name = self._quote()
                body_sents.insert(rng.randint(1, len(body_sents)), q)
                if name not in persons:
                    persons.append(name)
        # paragraphs of 1-4 sentences
        paras, k = [], 0
        while k < len(body_sents):
            n = rng.randint(1, 4)
            paras.append(" ".join(body_sents[k:k + n]))
            k += n
        issuer, abbr = rng.choices(ISSUERS, weights=ISSUER_WEIGHTS)[0]
        date = dt.date.fromordinal(self.start + rng.randint(0, self.span))
        title = rng.choice(self.titles)
        return {
            "id": f"gen-{i:06d}",
            "source": f"generated/{i:06d}",
            "issuer": issuer,
            "issuer_aliases": [abbr],
            "date": date.isoformat(),
            "number": f"Nr. {rng.randint(1, 3999)}",
            "title": title,
            "body": "\n\n".join(paras),
            "persons_quoted": persons,
        }


def release_to_txt(rec: dict) -> str:
    """A plain-text rendering of a record, laid out like a press release file."""
    d = dt.date.fromisoformat(rec["date"])
    abbr = rec.get("issuer_aliases", [""])[0]
    return (
        f"# Pressemitteilung\n\n{rec['issuer']}\n\n{rec['number']}\n\n{d:%d.%m.%Y}\n\n"
        f"## {rec['title']}\n\n{rec['body']}\n\n"
        f"Pressestelle {rec['issuer']} ({abbr})\n"
    )


def corpus_dir(cache: Path, size: int | None, seed: int = SEED) -> Path:
    return cache / (f"gen-{size}-s{seed}-v{FORMAT_VERSION}" if size else f"real-v{FORMAT_VERSION}")


def ensure_corpus(corpus: Path, cache: Path, size: int | None, runs: int = 3, seed: int = SEED,
                  quiet: bool = False) -> Path:
    """Generate (or reuse) a corpus folder; returns it. size=None means the real releases only."""
    out = corpus_dir(cache, size, seed)
    meta_path = out / "meta.json"
    if meta_path.exists():
        meta = json.loads(meta_path.read_text())
        if meta.get("incremental_runs", 0) >= runs:
            return out
    real = load_real(corpus)
    out.mkdir(parents=True, exist_ok=True)
    gen = Generator(real, seed)
    recdir = out / "records"
    if recdir.exists():
        shutil.rmtree(recdir)
    recdir.mkdir()
    source = (gen.release(i) for i in range(size)) if size else real_records(real)
    n = 0
    fh = None
    for rec in source:
        if n % SHARD == 0:
            if fh:
                fh.close()
            fh = (recdir / f"part-{n // SHARD:03d}.jsonl").open("w", encoding="utf-8")
        fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
        n += 1
    if fh:
        fh.close()
    # incremental batches: releases that are not in records/
    inc = out / "incremental"
    runs_n = max(runs, 3)
    for r in range(runs_n):
        folder = inc / f"run-{r}"
        folder.mkdir(parents=True, exist_ok=True)
        recs = []
        for j in range(INCREMENTAL_BATCH):
            rec = gen.release(10_000_000 + r * 100 + j)
            rec["id"] = f"inc-{r}-{j:02d}"
            rec["source"] = None
            (folder / f"inc-{r}-{j:02d}.txt").write_text(release_to_txt(rec), encoding="utf-8")
            recs.append(rec)
        with (inc / f"run-{r}.jsonl").open("w", encoding="utf-8") as fh:
            for rec in recs:
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    meta = {"size": n, "seed": seed, "generated": bool(size), "incremental_runs": runs_n,
            "real_releases": len(real), "format_version": FORMAT_VERSION}
    meta_path.write_text(json.dumps(meta, indent=1))
    if not quiet:
        print(f"bench: wrote {n} releases to {out}", file=sys.stderr)
    return out


def record_files(path: Path) -> list[Path]:
    """The JSONL files of a corpus: a folder's *.jsonl in name order, or one file."""
    path = Path(path)
    return sorted(path.glob("*.jsonl")) if path.is_dir() else [path]


def iter_jsonl(path: Path) -> Iterator[dict]:
    """Records of one JSONL file or of every JSONL file in a folder."""
    for f in record_files(path):
        with f.open(encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    yield json.loads(line)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size", type=int, default=100_000, help="releases to generate (default 100000)")
    ap.add_argument("--real", action="store_true", help="write the real releases instead of generating")
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--corpus", help="folder holding berlin-polizei/ (default ../shared/corpus)")
    ap.add_argument("--cache", help="cache folder (default ~/.cache/searcher-bench)")
    args = ap.parse_args(argv)
    out = ensure_corpus(corpus_root(args.corpus), cache_root(args.cache),
                        None if args.real else args.size, seed=args.seed)
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
