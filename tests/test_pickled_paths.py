"""An index pickles the class paths of its schema (``searcher.analysis.GermanTokenizer``,
``searcher.formats.Spans`` …): every path that the stored indexes name must keep
resolving to a class, whatever module the class lives in now."""
from __future__ import annotations

import io
import pickle
from pathlib import Path

import pytest

HERE = Path(__file__).parent
TOCS = sorted(HERE.glob("golden/*/gen-*/_MAIN_*.toc")) + sorted(HERE.glob("fixtures/*/gen-*/_MAIN_*.toc"))

# what indexes written by earlier versions name (the stored fixtures name a subset)
KNOWN_PATHS = [
    ("searcher.analysis", "GermanAnalyzer"), ("searcher.analysis", "GermanTokenizer"),
    ("searcher.analysis", "GermanStopFilter"), ("searcher.analysis", "GermanStemFilter"),
    ("searcher.analysis", "GermanExpandFilter"), ("searcher.analysis", "FoldFilter"),
    ("searcher.analysis", "IndexOnly"), ("searcher.formats", "Spans"), ("searcher.formats.spans", "Spans"),
    ("searcher.formats.spans", "PackedPositions"),  # indexes written since issue 18
]


def _named_by(toc: Path, monkeypatch) -> set[tuple[str, str]]:
    """The (module, name) pairs of searcher that the table of contents pickles."""
    from whoosh.filedb.filestore import FileStorage

    from searcher.backends.whoosh import check

    seen: set[tuple[str, str]] = set()
    original = check._SafeUnpickler.find_class

    def recording(self, module, name):
        seen.add((module, name))
        return original(self, module, name)

    monkeypatch.setattr(check._SafeUnpickler, "find_class", recording)
    storage = FileStorage(str(toc.parent), readonly=True)
    check._read_toc(storage, int(toc.stem.rsplit("_", 1)[1]))
    return {(m, n) for m, n in seen if m.split(".")[0] == "searcher"}


@pytest.mark.parametrize("module,name", KNOWN_PATHS)
def test_every_pickled_class_path_resolves_to_a_class(module, name):
    obj = pickle.Unpickler(io.BytesIO(b"")).find_class(module, name)
    assert isinstance(obj, type)


@pytest.mark.parametrize("toc", TOCS, ids=lambda p: p.parent.parent.name)
def test_the_stored_indexes_name_only_known_paths(toc, monkeypatch):
    named = _named_by(toc, monkeypatch)
    assert named, f"{toc} names no class of searcher (the reader changed?)"
    assert named <= set(KNOWN_PATHS), sorted(named - set(KNOWN_PATHS))
