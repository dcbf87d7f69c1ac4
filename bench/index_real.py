"""Indexing the real Berlin CSV files: ``searcher index`` against a plain Whoosh pipeline.

    python bench/index_real.py                    # 3 interleaved pairs over every berlin-polizei CSV
    python bench/index_real.py --pairs 5 --files 2    # the first 2 CSV files only (a short run)
    python bench/index_real.py --profile out.prof  # also one cProfile'd searcher run (in-process)
    python bench/index_real.py --pairs 0 --profile-workers /tmp/w --cold-words  # cProfile of parent and workers
    python bench/index_real.py --pairs 0 --sample  # only a sampled profile: CPU share by function
    python bench/index_real.py --pairs 2 --cold-words  # each searcher run as a machine's first
    python bench/index_real.py --pairs 2 --warm-before 2021  # words taught by 2014-2020, measured on 2021-2022

``searcher index`` keeps the index terms of the words it worked out in the user's
cache directory (``searcher.analysis.wordstore``), so every searcher run after the
first starts from them. ``--cold-words`` gives each searcher run a cache directory
of its own that holds only the compact lexicon (linked from the user's), as on a
machine's first run.

Kept words taught by the same releases a run indexes overstate what a user gets:
an archive grows, and new releases bring words earlier ones did not have.
``--warm-before YEAR`` splits the CSV files by the year in their name: searcher
first indexes the releases of the years before YEAR with a cache directory of its
own (filling a word file from them alone), then both systems index the releases of
YEAR and later, pair by pair, each searcher run starting from a fresh copy of that
word file (so one pair's new words do not warm the next). One more searcher run of
the later releases (in this process, one worker, empty cache) lists their distinct
words; printed is the share of them the word file already held.

``--sample`` runs ``searcher index`` once more in this process (one worker:
``SEARCHER_PROCS=1``) under a statistical profiler: every millisecond of CPU
time the running Python stack is noted, and the share of samples each function
is on the stack (inclusive) or on top of it (self) is printed. Unlike cProfile,
that does not inflate functions that are called very often.

Each pair runs, one after the other in fresh processes,

- searcher: ``searcher index CSV... --field body=description --field id=link --field url=link
  --set issuer="Polizei Berlin" --index DIR`` (the command of the README; parse, analyse,
  index, commit), and
- plain Whoosh: a Python process that reads the same CSV files with ``csv.DictReader``
  and indexes title and description with ``LanguageAnalyzer("de")`` (plus id, date,
  location), default writer, one commit;

the order alternating from pair to pair. Printed per system: wall time and CPU time
(user + system of the child process; on a shared machine CPU time is what other
work does not inflate), releases per second of each, and the ratio searcher/Whoosh
of the rates, pair by pair and as the median. The load average is printed with them.
Corpus: ``--corpus`` or ``$SEARCHER_CORPUS`` or ``../shared/corpus`` (folder holding
berlin-polizei/).
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import re
import tempfile
import time
from pathlib import Path
from typing import Optional

HERE = Path(__file__).resolve().parent
REPO = HERE.parent

WHOOSH_SCRIPT = r'''
import csv, sys
from whoosh import index as windex
from whoosh.analysis import LanguageAnalyzer
from whoosh.fields import ID, TEXT, Schema
csv.field_size_limit(50_000_000)
out, files = sys.argv[1], sys.argv[2:]
de = LanguageAnalyzer("de")
schema = Schema(id=ID(stored=True, unique=True), date=ID(stored=True), location=ID(stored=True),
                title=TEXT(analyzer=de, stored=True), body=TEXT(analyzer=de, stored=True))
ix = windex.create_in(out, schema)
w = ix.writer()
n = 0
for f in files:
    with open(f, newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            w.add_document(id=row["link"], date=row["date"], location=row.get("location") or "",
                           title=row["title"], body=row["description"])
            n += 1
w.commit()
print(n)
'''


def corpus_root(arg):
    root = Path(arg or os.environ.get("SEARCHER_CORPUS") or REPO.parent / "shared" / "corpus")
    folder = root / "berlin-polizei"
    if not folder.is_dir():
        sys.exit(f"bench/index_real.py: no berlin-polizei/ under {root}; pass --corpus DIR or set SEARCHER_CORPUS")
    return folder


def searcher_argv(files, index):
    exe = shutil.which("searcher", path=str(Path(sys.executable).parent)) or shutil.which("searcher")
    argv = [exe] if exe else [sys.executable, "-m", "searcher"]
    return argv + ["index", *map(str, files), "--field", "body=description", "--field", "id=link",
                   "--field", "url=link", "--set", "issuer=Polizei Berlin", "--index", str(index)]


def timed(argv, env=None) -> tuple[float, float, subprocess.CompletedProcess]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run(argv, capture_output=True, text=True, env=env, cwd=REPO)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if proc.returncode != 0:
        sys.exit(f"bench/index_real.py: {' '.join(argv[:3])} … failed (exit {proc.returncode}): {proc.stderr[-500:]}")
    return wall, cpu, proc


def cold_words_env(tmp: Path) -> dict:
    """An environment whose cache directory holds the user's compact lexicon files
    but no word analyses of earlier runs."""
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "searcher"
    cache = Path(tempfile.mkdtemp(prefix="cold-words-", dir=tmp))
    (cache / "searcher").mkdir()
    for lexmap in base.glob("lexicon-*.lexmap"):
        (cache / "searcher" / lexmap.name).symlink_to(lexmap)
    return {**os.environ, "XDG_CACHE_HOME": str(cache)}


def restore_words(env: dict, words: Optional[tuple]) -> dict:
    """``env`` with its cache's word files replaced by ``words`` (name, bytes): each
    searcher run starts from what the earlier releases taught. The cache directory is
    the teaching run's own: a word file's name depends on the lexicon file's path."""
    folder = Path(env["XDG_CACHE_HOME"]) / "searcher"
    for old in folder.glob("words-*.marshal"):
        old.unlink()
    if words is not None:
        (folder / words[0]).write_bytes(words[1])
    return env


def word_file(env: dict) -> Optional[Path]:
    """The word file a searcher run with ``env`` wrote (None: the run worked out too few
    new words to write one, see ``wordstore.MIN_NEW``)."""
    found = sorted((Path(env["XDG_CACHE_HOME"]) / "searcher").glob("words-*.marshal"))
    if len(found) > 1:
        sys.exit(f"bench/index_real.py: more than one word file in {env['XDG_CACHE_HOME']}/searcher")
    return found[0] if found else None


def stored_words(path: Optional[Path]) -> set:
    from searcher.analysis import wordstore

    if path is None:
        return set()
    words = wordstore._read(path)
    if words is None:
        sys.exit(f"bench/index_real.py: {path} is not a word file this code reads")
    return set(words)


def split_by_year(files, year: int):
    """The CSV files of the years before ``year`` and those of ``year`` and later (year from the file name)."""
    early, late = [], []
    for f in files:
        m = re.search(r"(\d{4})\.csv$", f.name)
        if not m:
            sys.exit(f"bench/index_real.py: --warm-before: no year at the end of the file name {f.name}")
        (early if int(m.group(1)) < year else late).append(f)
    if not early or not late:
        sys.exit(f"bench/index_real.py: --warm-before {year}: no CSV files before or none from that year; "
                 f"the files run from {files[0].name} to {files[-1].name}")
    return early, late


def vocabulary(files, tmp: Path) -> set:
    """The distinct words ``searcher index`` of ``files`` works out: one in-process run
    (one process, a cache directory of its own), then the keys of its word cache."""
    from searcher.analysis.terms import _WORD_CACHE
    from searcher.cli import main as cli_main

    saved = {k: os.environ.get(k) for k in ("XDG_CACHE_HOME", "SEARCHER_PROCS")}
    os.environ.update(XDG_CACHE_HOME=cold_words_env(tmp)["XDG_CACHE_HOME"], SEARCHER_PROCS="1")
    _WORD_CACHE[True].clear()
    argv = searcher_argv(files, tmp / "vocab")
    try:
        cli_main(argv[argv.index("index"):])
    except SystemExit:
        pass
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        shutil.rmtree(tmp / "vocab", ignore_errors=True)
    return set(_WORD_CACHE[True])


def teach_words(early, late, tmp: Path) -> tuple[dict, Optional[tuple]]:
    """Fill a word file from the ``early`` files alone; print the share of the ``late``
    files' distinct words it holds. Returns the environment of that cache directory and
    the word file's name and bytes (None if the run wrote none)."""
    env = cold_words_env(tmp)
    wall, cpu, _ = timed(searcher_argv(early, tmp / "teach"), env)
    shutil.rmtree(tmp / "teach", ignore_errors=True)
    taught = word_file(env)
    held = stored_words(taught)
    later = vocabulary(late, tmp)
    words = (taught.name, taught.read_bytes()) if taught is not None else None
    both = len(later & held)
    print(f"word file taught by {count_releases(early):,} earlier releases ({early[0].name} … {early[-1].name}; "
          f"{wall:.1f} s wall, {cpu:.1f} s CPU): {len(held):,} words; the later releases have "
          f"{len(later):,} distinct words, {both:,} of them ({100 * both / max(1, len(later)):.1f} %) held", flush=True)
    return env, words


def _words_kept() -> str:
    """Whether the user's cache holds this code's word analyses (else the first searcher run fills it)."""
    try:
        from searcher.analysis import wordstore

        return "yes" if wordstore.cache_path(True).exists() else "no (the first searcher run is a cold one)"
    except Exception as err:  # an older checkout without the word store
        return f"unknown ({err.__class__.__name__})"


def count_releases(files) -> int:
    import csv

    csv.field_size_limit(50_000_000)
    n = 0
    for f in files:
        with open(f, newline="", encoding="utf-8") as fh:
            n += sum(1 for _ in csv.DictReader(fh))
    return n


def sampled_run(files, index, top: int) -> None:
    """One in-process ``searcher index`` run under a SIGPROF sampler; prints the
    share of CPU samples by function (inclusive and self)."""
    import collections
    import signal

    from searcher.cli import main as cli_main

    incl: collections.Counter = collections.Counter()
    own: collections.Counter = collections.Counter()
    count = [0]

    def name(code) -> str:
        return f"{Path(code.co_filename).name}:{code.co_name}"

    def note(signum, frame):
        count[0] += 1
        own[name(frame.f_code)] += 1
        seen = set()
        while frame is not None:
            key = name(frame.f_code)
            if key not in seen:
                seen.add(key)
                incl[key] += 1
            frame = frame.f_back

    argv = searcher_argv(files, index)
    argv = argv[argv.index("index"):]
    previous = os.environ.get("SEARCHER_PROCS")
    os.environ["SEARCHER_PROCS"] = "1"  # workers would not be sampled
    old_handler = signal.signal(signal.SIGPROF, note)
    signal.setitimer(signal.ITIMER_PROF, 0.001, 0.001)
    try:
        cli_main(argv)
    except SystemExit:
        pass
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0, 0)
        signal.signal(signal.SIGPROF, old_handler)
        if previous is None:
            os.environ.pop("SEARCHER_PROCS", None)
        else:
            os.environ["SEARCHER_PROCS"] = previous
    n = count[0] or 1
    print(f"sampled profile: {count[0]:,} samples of CPU time; load {os.getloadavg()[0]:.1f}")
    print("  % inclusive  function")
    for key, c in incl.most_common(top):
        print(f"  {100 * c / n:11.1f}  {key}")
    print("  % self       function")
    for key, c in own.most_common(top):
        print(f"  {100 * c / n:11.1f}  {key}")


def profiled_workers_run(files, index, prefix: str, cold: Optional[Path]) -> None:
    """One ``searcher index`` run in this process with the default workers, the parent
    and each forked worker under cProfile (``PREFIX-parent.prof``, ``PREFIX-worker-PID.prof``);
    prints each worker's CPU time and how many words it worked out (first looks)."""
    import cProfile
    import pstats

    from searcher.backends.whoosh import pool
    from searcher.cli import main as cli_main

    inner = pool._worker_main

    def worker(*args, **kwargs):
        prof = cProfile.Profile()
        t0 = time.process_time()
        prof.enable()
        try:
            inner(*args, **kwargs)
        finally:
            prof.disable()
            prof.dump_stats(f"{prefix}-worker-{os.getpid()}.prof")
            print(f"worker {os.getpid()}: {time.process_time() - t0:.1f} s CPU (profiled)", flush=True)

    saved = {k: os.environ.get(k) for k in ("XDG_CACHE_HOME", "SEARCHER_PROCS")}
    os.environ.pop("SEARCHER_PROCS", None)
    if cold is not None:
        os.environ["XDG_CACHE_HOME"] = cold_words_env(cold)["XDG_CACHE_HOME"]
    argv = searcher_argv(files, index)
    pool._worker_main = worker
    prof = cProfile.Profile()
    prof.enable()
    try:
        cli_main(argv[argv.index("index"):])
    except SystemExit:
        pass
    finally:
        prof.disable()
        pool._worker_main = inner
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    prof.dump_stats(f"{prefix}-parent.prof")
    for path in sorted(Path(prefix).parent.glob(Path(prefix).name + "-worker-*.prof")):
        calls = sum(v[1] for k, v in pstats.Stats(str(path)).stats.items() if k[2] == "_compute_word_terms")
        print(f"{path.name}: {calls:,} words worked out")
    print(f"profiles written to {prefix}-*.prof (python -m pstats FILE)")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pairs", type=int, default=3)
    ap.add_argument("--files", type=int, default=0, help="only the first N CSV files (default: all)")
    ap.add_argument("--corpus")
    ap.add_argument("--profile", help="write a cProfile of one in-process searcher run here")
    ap.add_argument("--sample", action="store_true", help="print a sampled CPU profile of one in-process run")
    ap.add_argument("--profile-workers", metavar="PREFIX",
                    help="one run with the default workers, parent and workers cProfile'd to PREFIX-*.prof")
    ap.add_argument("--cold-words", action="store_true",
                    help="searcher runs start without the word analyses earlier runs kept (a machine's first run)")
    ap.add_argument("--warm-before", type=int, metavar="YEAR",
                    help="teach the word file with the releases before YEAR, measure on YEAR and later only")
    ap.add_argument("--top", type=int, default=40, help="functions listed by --sample (default 40)")
    args = ap.parse_args(argv)
    if not 0 <= args.pairs <= 50 or (args.pairs == 0 and not (args.sample or args.profile or args.profile_workers)):
        ap.error("--pairs: 1 to 50 (0 only with --sample, --profile or --profile-workers)")
    if not 1 <= args.top <= 1000:
        ap.error("--top: 1 to 1000")
    if args.warm_before is not None and (args.cold_words or not args.pairs):
        ap.error("--warm-before: not with --cold-words, and only with --pairs 1 or more")
    files = sorted(corpus_root(args.corpus).glob("*.csv"))
    if args.files:
        files = files[: args.files]
    early = []
    if args.warm_before is not None:
        early, files = split_by_year(files, args.warm_before)
    n = count_releases(files)
    print(f"{len(files)} CSV files, {n:,} releases; load average {os.getloadavg()[0]:.1f}"
          + ("; searcher without stored word analyses (--cold-words)" if args.cold_words else
             f"; searcher with the words the releases before {args.warm_before} taught" if early else
             f"; word analyses of earlier runs kept for this code: {_words_kept()}"))
    tmp = Path(tempfile.mkdtemp(prefix="index-real-"))
    script = tmp / "plain_whoosh.py"
    script.write_text(WHOOSH_SCRIPT)
    rows = []
    try:
        taught = teach_words(early, files, tmp) if early else None
        for k in range(args.pairs):
            order = ["searcher", "whoosh"] if k % 2 == 0 else ["whoosh", "searcher"]
            got = {}
            for name in order:
                index = tmp / f"{name}-{k}"
                if name == "searcher":
                    env = cold_words_env(tmp) if args.cold_words else restore_words(*taught) if taught else None
                    got[name] = timed(searcher_argv(files, index), env)[:2]
                    if taught:  # a second word file would mean the run did not find the taught one
                        word_file(env)
                else:
                    index.mkdir()
                    got[name] = timed([sys.executable, str(script), str(index), *map(str, files)])[:2]
                shutil.rmtree(index, ignore_errors=True)
            (sw, sc), (ww, wc) = got["searcher"], got["whoosh"]
            rows.append((sw, sc, ww, wc))
            print(f"pair {k + 1}: searcher {sw:.1f} s wall ({n / sw:,.0f}/s), {sc:.1f} s CPU ({n / sc:,.0f}/s) | "
                  f"whoosh {ww:.1f} s wall ({n / ww:,.0f}/s), {wc:.1f} s CPU ({n / wc:,.0f}/s) | "
                  f"ratio wall {ww / sw:.2f}×, CPU {wc / sc:.2f}× | load {os.getloadavg()[0]:.1f}", flush=True)
        if rows:
            print(f"median ratio (Whoosh time / searcher time = searcher's speed-up): wall "
                  f"{statistics.median(r[2] / r[0] for r in rows):.2f}×, "
                  f"CPU {statistics.median(r[3] / r[1] for r in rows):.2f}×")
        if args.sample:
            sampled_run(files, tmp / "sampled", args.top)
        if args.profile_workers:
            profiled_workers_run(files, tmp / "profiled-workers", args.profile_workers,
                                 tmp if args.cold_words else None)
        if args.profile:
            import cProfile

            from searcher.cli import main as cli_main

            argv = searcher_argv(files, tmp / "profiled")
            argv = argv[argv.index("index"):]
            prof = cProfile.Profile()
            prof.enable()
            try:
                cli_main(argv)
            except SystemExit:
                pass
            prof.disable()
            prof.dump_stats(args.profile)
            print(f"profile written to {args.profile} (python -m pstats {args.profile})")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
