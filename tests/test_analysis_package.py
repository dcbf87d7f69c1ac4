"""searcher.analysis is a package of parts (folding, stemming, lexicon, ...), but an
index pickles its analyzer by class path: a new index must keep naming only
``searcher.analysis.<Name>``, so that code from before the split reads it, and
settings set on ``searcher.analysis`` must still reach the parts that use them."""
from __future__ import annotations

import io
import pickle

import pytest

import searcher.analysis as analysis
from searcher.schema import build_schema


def _paths(obj) -> set[tuple[str, str]]:
    """The (module, name) pairs of searcher that pickling ``obj`` writes."""
    seen: set[tuple[str, str]] = set()

    class Recording(pickle.Unpickler):
        def find_class(self, module, name):
            seen.add((module, name))
            return super().find_class(module, name)

    Recording(io.BytesIO(pickle.dumps(obj))).load()
    return {(m, n) for m, n in seen if m.split(".")[0] == "searcher"}


@pytest.mark.parametrize("make", [
    analysis.german_analyzer,
    lambda: analysis.german_analyzer(decompound=False, lemmas=False, gender=False),
    analysis.name_analyzer,
], ids=["full", "ablated", "names"])
def test_a_pickled_analyzer_names_only_searcher_analysis_paths(make):
    analyzer = make()
    paths = _paths(analyzer)
    assert paths, "the analyzer pickles no class of searcher"
    assert {m for m, _ in paths} == {"searcher.analysis"}, sorted(paths)
    assert pickle.loads(pickle.dumps(analyzer)) == analyzer


def test_the_schema_names_no_module_inside_the_analysis_package():
    paths = _paths(build_schema())
    assert ("searcher.analysis", "GermanAnalyzer") in paths
    assert not [m for m, _ in paths if m.startswith("searcher.analysis.")]


def test_a_setting_set_on_searcher_analysis_reaches_the_analysis(monkeypatch):
    def part_weight():
        analysis._EXTRA_CACHE.clear()  # weights are cached per word
        tokens = analysis.german_analyzer()("Fachkräftesicherung", mode="index", boosts=True)
        (word,) = [t.text for t in analysis.german_analyzer()("Sicherung", mode="query")]
        return [t.boost for t in tokens if t.text == word]

    assert part_weight() == [analysis.PART_BOOST]
    monkeypatch.setattr(analysis, "PART_BOOST", 0.5)
    assert part_weight() == [0.5]
    monkeypatch.undo()
    assert part_weight() == [analysis.PART_BOOST]


def test_the_lazily_loaded_lexicon_reads_through_searcher_analysis():
    assert analysis._lexicon() is analysis._LEXICON is not None
