"""Write a golden index: an index as this version of searcher writes it, kept
as a test fixture so that later versions prove they still open it.

Run once per index-format era, into a new folder, never over an old one:

    python tests/golden/make_golden.py tests/golden/index-2026-12

The sources are the seeds and the hand-written fixtures, so the test can
build a fresh index from the same files and compare the answers.
"""
from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
SOURCES = [REPO / "seeds", REPO / "tests" / "fixtures"]


def main(target: str) -> None:
    from searcher import Index

    out = Path(target)
    if out.exists():
        sys.exit(f"{out} exists: a golden index is never overwritten; choose a new folder")
    with tempfile.TemporaryDirectory() as tmp:
        with Index.create(Path(tmp) / "ix") as ix:
            report = ix.sync([str(p) for p in SOURCES])
        print(f"{report.total} releases, {len(report.failures)} failures")
        # the lock file belongs to a live index, not to the fixture
        (Path(tmp) / "ix" / "write.lock").unlink(missing_ok=True)
        shutil.copytree(Path(tmp) / "ix", out, symlinks=True)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else str(HERE / "index-2026-12"))
