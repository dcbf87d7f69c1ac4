"""Integrity check of one index generation: every file present and fully readable."""
from __future__ import annotations

import os
from pathlib import Path

from .models import CheckReport

INDEXNAME = "MAIN"


def check_generation(index_path: Path, gen: Path) -> CheckReport:
    """Read the table of contents and every segment end to end; collect problems.

    Reading every stored document and every posting list is what a search may
    touch, so a truncated or missing file shows up here rather than in the
    middle of a user's search.
    """
    from whoosh.filedb.filestore import FileStorage
    from whoosh.index import TOC

    from . import _whoosh_fixes

    _whoosh_fixes.apply()

    problems: list[str] = []
    storage = FileStorage(str(gen), readonly=True)
    tocs = sorted(n for n in os.listdir(gen) if TOC._pattern(INDEXNAME).match(n))
    if not tocs:
        return CheckReport(str(index_path), False, problems=(f"table of contents missing in {gen.name}",))
    try:
        toc = TOC.read(storage, INDEXNAME)
    except Exception as err:
        return CheckReport(
            str(index_path), False, problems=(f"table of contents {tocs[-1]} unreadable ({_describe(err)})",)
        )

    documents = 0
    for segment in toc.segments:
        name = segment.segment_id()
        files = [n for n in os.listdir(gen) if n.startswith(name + ".")]
        if not files:
            problems.append(f"segment {name}: file missing")
            continue
        try:
            documents += _read_segment(storage, toc.schema, segment)
        except Exception as err:
            problems.append(f"segment {name}: unreadable ({_describe(err)})")
    return CheckReport(
        path=str(index_path),
        ok=not problems,
        documents=documents,
        segments=len(toc.segments),
        problems=tuple(problems),
    )


def _read_segment(storage, schema, segment) -> int:
    from whoosh.reading import SegmentReader

    reader = SegmentReader(storage, schema, segment)
    try:
        live = 0
        for _docnum, stored in reader.iter_docs():
            if "id" not in stored:
                raise ValueError("a stored document has no id")
            live += 1
        for fieldname in reader.indexed_field_names():
            for term in reader.lexicon(fieldname):
                matcher = reader.postings(fieldname, term)
                while matcher.is_active():
                    matcher.next()
        return live
    finally:
        reader.close()


def _describe(err: Exception) -> str:
    text = str(err) or "no detail"
    return f"{err.__class__.__name__}: {text[:200]}"
