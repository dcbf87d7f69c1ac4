"""Smoke test of the benchmark harness (bench/run.py --quick) on a tiny generated corpus.

It checks the shape of the table and that the figures are positive numbers. It never checks
a timing threshold: speed is reported by the harness, not asserted by the test suite.
"""
from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SYSTEMS = ["searcher", "whoosh", "fts5", "tantivy"]
POSITIVE = ["index_rate", "index_peak_rss_mib", "index_peak_pss_mib", "index_size_mib", "incremental_s", "warm_median_ms",
            "warm_p95_ms", "cold_ms", "open_ms"]


def _searcher_api_present() -> bool:
    try:
        from searcher import Index  # noqa: F401
    except ImportError:
        return False
    return True


@pytest.mark.corpus
def test_quick_benchmark_produces_the_table(corpus_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "results"
    size = 400
    proc = subprocess.run(
        [sys.executable, str(REPO / "bench" / "run.py"), "--quick", "--size", str(size), "--queries", "21",
         "--cold-runs", "2", "--corpus", str(corpus_dir), "--cache", str(tmp_path / "cache"),
         "--out", str(out)],
        capture_output=True, text=True, timeout=170, cwd=REPO,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    md = (out / "latest.md").read_text(encoding="utf-8")
    data = json.loads((out / "latest.json").read_text(encoding="utf-8"))

    header = next(line for line in md.splitlines() if line.startswith("| Figure"))
    assert [c.strip() for c in header.strip("|").split("|")] == ["Figure", "Unit", "Target", *SYSTEMS]
    for label in ("Indexing", "Peak memory while indexing", "Index size on disk", "Incremental add of 10 new files",
                  "Warm query latency, median", "Warm query latency, p95", "Cold query process",
                  "Agreement: top-10 Jaccard with whoosh"):
        assert any(line.startswith(f"| {label}") for line in md.splitlines()), label
    assert "Machine:" in md and "usable cores" in md

    meta = data["meta"]
    assert meta["corpus"]["size"] == size
    assert meta["n_queries"] >= 20
    assert meta["machine"]["cpus"] >= 1 and meta["machine"]["memory_gib"] > 0
    assert set(data["results"]) == set(SYSTEMS)
    must = ["whoosh", "fts5"] + (["searcher"] if _searcher_api_present() else [])
    for name in SYSTEMS:
        r = data["results"][name]
        if name not in must and "unavailable" in r:
            continue
        assert "unavailable" not in r, (name, r.get("unavailable"))
        assert r["indexed"] == size, name
        for key in POSITIVE:
            v = r[key]
            assert isinstance(v, (int, float)) and math.isfinite(v) and v > 0, (name, key, v)
        assert r["incremental_added"] == 10, name
        assert set(r["warm_by_kind_ms"]) == {"word", "two", "phrase", "filtered"}, name
        assert not r.get("query_errors"), (name, r.get("query_errors"))
        assert r.get("with_snippets", 0) > 0, name
    for name in must:
        if name != "whoosh":
            assert 0 <= data["results"][name]["top10_jaccard"] <= 1


@pytest.mark.corpus
def test_hostile_query_benchmark_reports_both_lists(corpus_dir: Path, tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, str(REPO / "bench" / "hostile_queries.py"), "--size", "300", "--runs", "1",
         "--queries", "20", "--json", "--corpus", str(corpus_dir), "--cache", str(tmp_path / "cache")],
        capture_output=True, text=True, timeout=170, cwd=REPO,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    data = json.loads(proc.stdout)
    assert set(data["lists"]) == {"normal first", "hostile first", "normal warm", "hostile warm"}
    for row in data["lists"].values():
        assert row["n"] > 0 and 0 < row["p50"] <= row["p95"] <= row["max"]
    assert data["bounds"]["MAX_WORD_CHARS"] > 0
    assert any("characters long" in n for n in data["notes"]["long word 10,000 a"])


@pytest.mark.corpus
def test_latency_times_only_the_classes_asked_for(corpus_dir: Path, tmp_path: Path) -> None:
    """bench/latency.py --kind: one class of the query list (to profile it), a bad one named."""
    base = [sys.executable, str(REPO / "bench" / "latency.py"), "--size", "200", "--runs", "1", "--queries", "30",
            "--corpus", str(corpus_dir), "--cache", str(tmp_path / "cache")]
    proc = subprocess.run(base + ["--kind", "phrase,word-rare", "--json"], capture_output=True, text=True,
                          timeout=170, cwd=REPO)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert set(json.loads(proc.stdout)["classes"]) == {"phrase", "word-rare", "overall"}
    bad = subprocess.run(base + ["--kind", "phrases"], capture_output=True, text=True, timeout=170, cwd=REPO)
    assert bad.returncode == 2 and "--kind phrases" in bad.stderr and "phrase" in bad.stderr.split("use")[-1]


def _fixture_release_csv(path: Path, year: int, bodies: list[str]) -> None:
    import csv

    with open(path, "w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(["date", "title", "link", "location", "description"])
        for k, body in enumerate(bodies):
            out.writerow([f"0{k + 1}.03.{year} 10:00 Uhr", f"Meldung {year} Nummer {k}",
                          f"https://example.org/{year}/{k}", "Ereignisort:Mitte", body])


def test_index_real_teaches_words_with_the_earlier_years_only(tmp_path: Path) -> None:
    """bench/index_real.py --warm-before: the word file holds the words the later releases share
    with the earlier ones, not their new words, and only the later releases are measured."""
    syllables = ["ka", "lo", "mir", "tu", "sen", "ba", "rik", "fel", "dor", "wen", "pas", "gul", "ost", "ler"]
    # a run keeps its words only past wordstore.LOAD_AFTER of them: the earlier year has 1,200
    made_up = [f"{a}{b}{c}{d}" for a in syllables for b in syllables for c in syllables for d in ("ung", "keit")]
    shared, early_only, late_only = made_up[:600], made_up[600:1200], made_up[1200:1700]
    folder = tmp_path / "corpus" / "berlin-polizei"
    folder.mkdir(parents=True)
    early = shared + early_only
    _fixture_release_csv(folder / "fixture_2019.csv", 2019, [" ".join(early[i::3]) + "." for i in range(3)])
    late = shared + late_only
    _fixture_release_csv(folder / "fixture_2020.csv", 2020, [" ".join(late[i::2]) + "." for i in range(2)])
    env = {**__import__("os").environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    proc = subprocess.run([sys.executable, str(REPO / "bench" / "index_real.py"), "--pairs", "1",
                           "--corpus", str(tmp_path / "corpus"), "--warm-before", "2020"],
                          capture_output=True, text=True, timeout=300, cwd=REPO, env=env)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.startswith("1 CSV files, 2 releases")
    taught = next(line for line in proc.stdout.splitlines() if line.startswith("word file taught by 3 earlier"))
    later, held = (int(x.replace(",", "")) for x in
                   __import__("re").search(r"have ([\d,]+) distinct words, ([\d,]+) of them", taught).groups())
    assert later >= len(late) and len(shared) <= held <= later - len(late_only)
    bad = subprocess.run([sys.executable, str(REPO / "bench" / "index_real.py"), "--pairs", "1",
                          "--corpus", str(tmp_path / "corpus"), "--warm-before", "2019"],
                         capture_output=True, text=True, timeout=60, cwd=REPO, env=env)
    assert bad.returncode == 1 and "--warm-before 2019" in bad.stderr and "fixture_2019.csv" in bad.stderr
