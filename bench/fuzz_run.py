"""The long fuzz run: the hypothesis tests of tests/test_fuzz.py with a large budget.

    python bench/fuzz_run.py                    # 1,500 examples per target, 10 targets: >= 13,500 cases
    python bench/fuzz_run.py --examples 5000    # more
    python bench/fuzz_run.py --only records     # just the targets whose name has "records"

Targets: the parser (random bytes, hostile text full of quote marks, NUL bytes,
long lines, unbalanced quotes; JSONL/CSV records, odd JSON values), hostile
records files (deep nesting, 5,000-digit integers, unclosed and stray CSV
quotes, NULs, invalid UTF-8, 100,000-character lines, BOMs, mixed line
endings between sound records: every sound record must come out, and a
re-sync of such a file must remove nothing; the sync target runs a tenth of
the examples, each builds an index), the query
parser, the date bounds, a search with random query and filters on a small
index, and the CLI with random arguments (CliRunner). Each must raise only the
documented errors (ParseError; QueryError/UsageError, both SearcherError) and
the CLI must exit 0, 1 or 2 without a traceback. Examples are random (not the
derandomized CI ones). Prints the cases tried per target and every failure
(a failure is a traceback found); exits 1 if there was any.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import traceback
from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent / "tests"
sys.path.insert(0, str(TESTS))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--examples", type=int, default=1500, help="examples per target (default 1500)")
    ap.add_argument("--only", default="", help="run only the targets whose name contains this text")
    args = ap.parse_args(argv)
    os.environ["SEARCHER_FUZZ_EXAMPLES"] = str(args.examples)
    os.environ["SEARCHER_FUZZ_RANDOM"] = "1"
    os.environ.pop("SEARCHER_DEBUG", None)

    import test_fuzz as tf
    from click.testing import CliRunner

    from reliability_helpers import release_text, write_releases
    from searcher.cli import cli
    from searcher.store import Index

    failures: list[str] = []
    with tempfile.TemporaryDirectory(prefix="searcher-fuzz-") as tmp:
        base = Path(tmp)
        write_releases(base / "fidx-src", range(25), seed=11)
        ix = Index(base / "fidx")
        ix.sync(base / "fidx-src")
        home = base / "cli"
        write_releases(home / "src", range(8), seed=12)
        (home / "notes.txt").write_text(release_text(99), encoding="utf-8")
        (home / "data.jsonl").write_text('{"id": "1", "body": "x"}\n{broken\n', encoding="utf-8")
        (home / "bad.csv").write_bytes(b"a,b\n\x00\xff,\"unterminated\n")
        assert CliRunner().invoke(cli, ["index", str(home / "src"), "--index", str(home / "idx")]).exit_code == 0

        targets = [
            ("parser: random bytes", tf.test_parse_bytes_random_bytes, {}),
            ("parser: hostile text", tf.test_parse_text_hostile_text, {}),
            ("parser: records", tf.test_parse_records_random_input, {}),
            ("parser: odd JSON records", tf.test_parse_records_odd_json_values, {}),
            ("parser: hostile records files", tf.test_hostile_records_files_keep_every_sound_record, {}),
            ("sync: hostile records files", tf.test_hostile_records_on_resync_remove_nothing, {}),
            ("query parser", tf.test_query_parser_only_raises_query_errors, {}),
            ("date bounds", tf.test_date_bounds_only_raise_usage_errors, {}),
            ("search with filters", tf.test_search_with_any_query_and_filters_raises_only_searcher_errors, {"fuzz_index": ix}),
            ("search: hostile queries", tf.test_hostile_queries_raise_only_usage_errors, {"fuzz_index": ix}),
            ("CLI arguments", tf.test_cli_random_arguments_exit_0_1_2_without_traceback, {"cli_home": home}),
        ]
        for name, test, kwargs in targets:
            if args.only not in name:
                continue
            t0 = time.monotonic()
            try:
                test(**kwargs)
                status = "ok"
            except BaseException as err:  # a failing property: hypothesis printed the example
                status = "FAILED"
                failures.append(f"{name}: {err.__class__.__name__}: {str(err)[:500]}\n{traceback.format_exc()[-1500:]}")
            print(f"{name:28} {tf.CASES[name]:>7} cases  {time.monotonic() - t0:7.1f} s  {status}", flush=True)
        ix.close()
    total = sum(tf.CASES.values())
    print(f"\ncases tried: {total}; tracebacks found: {len(failures)}")
    if tf.SLOWEST[1]:
        print(f"slowest hostile query: {tf.SLOWEST[0] * 1000:.0f} ms for {tf.SLOWEST[1]!r}")
    for f in failures:
        print("\nFAILURE", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
