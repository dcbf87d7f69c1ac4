"""The long crash-safety run: SIGKILL ``searcher index`` at random moments, many times.

    python bench/crash_trials.py --trials 100 --docs 3000
    python bench/crash_trials.py --trials 40 --workers     # runs above 2 MB: the worker path

A synthetic corpus of ``--docs`` German-ish releases (deterministic, ``--seed``)
is written to a temporary folder in batches; each trial grows (and now and then
edits and prunes) it, starts ``python -m searcher index`` as a real process and
SIGKILLs it — after a random delay, timed on Whoosh's writer or commit, or at a
random file-system mutation (see ``tests/reliability_helpers.py``). After every
kill it checks that the index opens and is undamaged, that it holds exactly the
committed id set from before or after the run (distinct ids == doc count),
that ``searcher search`` finds every release, and that a re-run reaches the
exact full set. With ``--workers`` the first run indexes 3,200 releases
(about 2.2 MB, above ``PARALLEL_MIN_BYTES``) and later runs add or edit
250-450, so every run goes through the forked worker processes;
then it also counts kills that hit a run with workers, and checks that no
worker outlives its killed parent (or blocks the next run). Every command runs as a subprocess here (the test suite runs
the checks in-process to save time). Exits 1 if any trial failed.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from reliability_helpers import CrashHarness  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--trials", type=int, default=100, help="SIGKILLed runs to verify (default 100)")
    ap.add_argument("--docs", type=int, default=3000, help="releases in the synthetic corpus (default 3000)")
    ap.add_argument("--seed", type=int, default=20240501)
    ap.add_argument("--batch", type=int, nargs=2, default=(20, 60), metavar=("MIN", "MAX"), help="new releases per run")
    ap.add_argument("--rebuild-every", type=int, default=7, help="every Nth run is an index --rebuild (0: never)")
    ap.add_argument("--workdir", help="keep the corpus and index here (default: a temporary folder)")
    ap.add_argument("--first-batch", type=int, help="releases in the first, complete run (default: --batch MAX)")
    ap.add_argument(
        "--workers", action="store_true",
        help="inputs above 2 MB so runs use worker processes "
        "(implies --docs 4000 --first-batch 3200 --batch 250 450 --edit 250 450)",
    )
    ap.add_argument("--edit", type=int, nargs=2, default=(1, 8), metavar=("MIN", "MAX"), help="releases edited per run")
    ap.add_argument("--quiet", action="store_true", help="only the summary")
    args = ap.parse_args(argv)
    if args.workers:
        args.docs, args.batch, args.edit = max(args.docs, 4000), (250, 450), (250, 450)
        args.first_batch = args.first_batch or 3200

    with tempfile.TemporaryDirectory(prefix="searcher-crash-") as tmp:
        work = Path(args.workdir or tmp)
        harness = CrashHarness(
            work,
            docs=args.docs,
            seed=args.seed,
            batch=tuple(args.batch),
            edit=tuple(args.edit),
            rebuild_every=args.rebuild_every,
            cli_in_process=False,
            log=(lambda s: None) if args.quiet else (lambda s: print(s, flush=True)),
        )
        harness.setup(first_batch=args.first_batch or max(args.batch))
        stats = harness.run(args.trials, max_attempts=args.trials * 4)
    print()
    print(stats.summary())
    for problem in stats.problems:
        print("PROBLEM:", problem)
    if args.workers and not stats.worker_kills:
        stats.problems.append("no kill reached a run with worker processes")
    ok = not stats.problems and stats.survived == stats.trials == args.trials and stats.documents_lost == 0
    print("RESULT:", "all trials survived" if ok else "FAILURES")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
