"""Index pages mapped into a query process are given back past MAPPED_MB
(search/mapped.py, issue 18): the segment maps' pages leave the resident set
and later searches read the same answers. Behaviour only, never timing."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from searcher import search as search_pkg
from searcher.backends.whoosh import internals
from searcher.search import SearchEngine, mapped

from test_search import many  # noqa: F401  (three segments, 600 releases)

linux = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/smaps")


def _segment_rss_kb(folder: str) -> int:
    """Resident KiB of this process's maps of files under ``folder``."""
    total, inside = 0, False
    for line in Path("/proc/self/smaps").read_text().splitlines():
        head = line.split()
        if head and "-" in head[0] and len(head) >= 5 and not head[0].endswith(":"):
            inside = len(head) >= 6 and head[5].startswith(folder)
        elif inside and head and head[0] == "Rss:":
            total += int(head[1])
    return total


def _answers(engine):
    return [(r.total, [(h.id, h.score, h.snippets) for h in r.hits])
            for r in (engine.search(q) for q in ("Brand", "Zeugen Unfall", '"nach dem Brand"', "Meldung 12"))]


@linux
def test_pages_of_the_segment_maps_are_given_back_past_the_bound(many, monkeypatch):  # noqa: F811
    folder = str(Path(many.storage.folder).resolve())
    engine = SearchEngine(many)
    try:
        monkeypatch.setattr(search_pkg, "MAPPED_MB", None)  # never: the pages stay
        first = _answers(engine)
        reader = engine._searcher().reader()
        assert internals.segment_maps(reader), "the segments are read through mmap"
        assert _segment_rss_kb(folder) > 0
        assert mapped.trim(reader) is False
        monkeypatch.setattr(search_pkg, "MAPPED_MB", 10**6)  # far above: nothing to do
        assert mapped.trim(reader) is False and _segment_rss_kb(folder) > 0
        monkeypatch.setattr(search_pkg, "MAPPED_MB", 0)  # every search gives its pages back
        assert mapped.trim(reader) is True
        assert _segment_rss_kb(folder) == 0
        assert _answers(engine) == first  # read again through the same maps: the same answers
        assert _segment_rss_kb(folder) == 0  # each search gave back what it read
    finally:
        engine.close()


def test_file_resident_is_a_size_or_none():
    got = mapped.file_resident()
    assert got is None or got > 0
